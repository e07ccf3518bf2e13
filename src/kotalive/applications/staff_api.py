"""Staff API at /api/v1/staff/applications: the queue, an application, the steps."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["staff: applications"])
