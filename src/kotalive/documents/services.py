"""Placeholder of the documents app's interface while it is built on its own branch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kotalive.accounts.models import Organisation, User


@dataclass(frozen=True)
class Fact:
    label_id: str
    label_en: str
    value: str


def document_issue(
    *,
    kind: str,
    title_id: str,
    title_en: str,
    number: str,
    holder_name: str,
    holder_nik: str | None,
    facts: Sequence[Fact],
    issuer: Organisation,
    valid_until: date | None,
    source_ref: str,
    actor: User | None,
) -> Any:
    raise NotImplementedError
