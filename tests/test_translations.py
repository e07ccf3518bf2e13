"""Every Indonesian catalogue is complete: no empty or fuzzy entry, no string of the code missing.

Completeness is checked by running `makemessages` on a temporary copy of each catalogue's source
tree, so that the real catalogues are never touched: a msgid that the copy gains and that has no
translation there is a string someone added without translating it.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "kotalive"
KOTALIVE = ROOT / ".venv" / "bin" / "kotalive"
PO_SUFFIX = Path("locale") / "id" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False


def _unquote(line: str) -> str:
    text = line.strip()
    assert text.startswith('"'), text
    assert text.endswith('"'), text
    return str(ast.literal_eval(text))


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: enough for msgid, msgid_plural, msgstr[n], flags and obsolete entries."""
    entries: list[Entry] = []
    current = Entry()
    target: str | None = None
    started = False

    def finish() -> None:
        nonlocal current, started, target
        if started:
            entries.append(current)
        current, started, target = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if line.startswith("#,"):
            current.fuzzy = current.fuzzy or "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgctxt":
            if started and target != "msgctxt":
                finish()
            started, target = True, "msgctxt"
        elif keyword == "msgid":
            if started and target not in {"msgctxt", None}:
                finish()
            started, target, current.msgid = True, "msgid", _unquote(rest)
        elif keyword == "msgid_plural":
            target, current.msgid_plural = "msgid_plural", _unquote(rest)
        elif keyword.startswith("msgstr"):
            target = "msgstr"
            current.msgstr.append(_unquote(rest))
        elif line.startswith('"'):
            value = _unquote(line)
            if target == "msgid":
                current.msgid += value
            elif target == "msgid_plural":
                current.msgid_plural = (current.msgid_plural or "") + value
            elif target == "msgstr":
                current.msgstr[-1] += value
    finish()
    return entries


def catalogues() -> list[Path]:
    return sorted(SRC.glob(f"**/{PO_SUFFIX}"))


def _source_root(po: Path) -> Path:
    return po.parents[3]


def _untranslated(entries: list[Entry]) -> list[str]:
    return [
        e.msgid
        for e in entries
        if not e.obsolete and e.msgid and (not e.msgstr or any(not s for s in e.msgstr))
    ]


def test_there_is_a_project_catalogue_and_one_per_app_with_strings():
    assert SRC / PO_SUFFIX in catalogues()


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_has_no_empty_or_fuzzy_entry(po):
    entries = parse_po(po)
    assert entries, f"{po} is empty"
    fuzzy = [e.msgid or "(header)" for e in entries if e.fuzzy and not e.obsolete]
    assert not fuzzy, f"fuzzy entries in {po}: {fuzzy}"
    missing = _untranslated(entries)
    assert not missing, f"untranslated entries in {po}: {missing}"


def _copy_sources(root: Path, destination: Path) -> None:
    # The project catalogue covers core, config and the shared templates, not the apps that keep
    # their own catalogue (the same split the `makemessages --ignore` in CONTRIBUTING uses).
    own_catalogue = {p.parents[3].name for p in catalogues() if _source_root(p) != SRC}
    ignore_names = {"__pycache__", "node_modules", "static", "migrations"}

    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n in ignore_names or n.endswith((".mo", ".pyc"))}
        if root == SRC and Path(directory) == SRC:
            skipped |= own_catalogue & set(names)
        return skipped

    shutil.copytree(root, destination, ignore=ignore)


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(SRC)))
def test_every_string_in_the_code_is_in_the_catalogue(po, tmp_path):
    copy = tmp_path / "src"
    _copy_sources(_source_root(po), copy)
    env = {**os.environ, "KOTALIVE_VAR_DIR": str(tmp_path / "var")}
    result = subprocess.run(
        [str(KOTALIVE), "makemessages", "-l", "id", "--no-location", "--no-obsolete"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    regenerated = parse_po(copy / PO_SUFFIX)
    missing = _untranslated(regenerated)
    fuzzy = [e.msgid for e in regenerated if e.fuzzy and e.msgid]
    assert not missing, f"strings used in the code but missing from {po}: {missing}"
    assert not fuzzy, f"strings whose translation only guesses (fuzzy) in {po}: {fuzzy}"


def test_the_po_reader_understands_multiline_and_plural_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "a "\n"b"\nmsgstr "x"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] ""\n\n'
        '#~ msgid "old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = parse_po(po)
    assert [(e.msgid, e.fuzzy) for e in entries if not e.obsolete] == [
        ("", False),
        ("a b", True),
        ("one", False),
    ]
    assert _untranslated(entries) == ["one"]
