"""Resident API at /api/v1/applications: services, drafts, documents, sending, following."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["applications"])
