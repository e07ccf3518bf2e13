"""Every environment variable the code reads is listed in `.env.example` (and nothing stale is)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = re.compile(
    r"""\b(?:env_str|env_bool|env_int|env_list|os\.environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Read by tools, not by the app's settings: Django's own and the Makefile's serving address.
NOT_APP_SETTINGS = {"DJANGO_SETTINGS_MODULE", "HOST", "PORT"}


def _read_in_code() -> set[str]:
    names: set[str] = set()
    # The app, and scripts/prod.py which starts the production profile (make prod).
    paths = [*(ROOT / "src" / "kotalive").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    for path in paths:
        names |= set(READERS.findall(path.read_text(encoding="utf-8")))
    return names - NOT_APP_SETTINGS


def _listed() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_every_variable_the_code_reads_is_in_env_example():
    missing = _read_in_code() - _listed()
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_env_example_lists_no_variable_nobody_reads():
    stale = _listed() - _read_in_code() - NOT_APP_SETTINGS
    assert not stale, f"not read anywhere: {sorted(stale)}"


def test_metrics_allowed_ips_is_documented():
    assert "METRICS_ALLOWED_IPS" in _listed()
