"""Schemas shared by every API router."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class Problem(Schema):
    """RFC 9457 problem details with a stable `code`; some errors add `field` or `retry_after`."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str
