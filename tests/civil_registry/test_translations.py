from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "kotalive"
# The resident side of accounts (the staff side has its own owner and its own check).
RESIDENT_FILES = re.compile(
    r"(civil_registry/|(^|\s)(api|schemas|views|forms|urls|sms|selectors)\.py|services/"
    r"|templates/accounts/)"
)


def _entries(po: Path) -> list[tuple[str, str, str]]:
    """(references, msgid, msgstr) of every entry but the header."""
    found = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        refs = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: "))
        msgid = re.search(r'^msgid ((?:"[^\n]*"\n)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:"[^\n]*"\n?)+)', block, re.M)
        if msgid and msgstr:
            mid = "".join(re.findall(r'"(.*)"', msgid.group(1)))
            if mid:
                found.append((refs, mid, "".join(re.findall(r'"(.*)"', msgstr.group(1)))))
    return found


@pytest.mark.parametrize(("app", "only_resident"), [("civil_registry", False), ("accounts", True)])
def test_every_resident_string_has_an_indonesian_translation(app, only_resident):
    po = SRC / app / "locale" / "id" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    missing = [
        mid
        for refs, mid, msgstr in _entries(po)
        if not msgstr and (not only_resident or RESIDENT_FILES.search(refs))
    ]
    assert missing == []
    if not only_resident:
        assert "#, fuzzy" not in text
