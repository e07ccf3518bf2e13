"""Stub: filled in by the module owner."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["complaints"])
