"""Celery tasks: thin wrappers that call the deadline services (beat runs them)."""

from __future__ import annotations

from celery import shared_task

# A worker discovers `<app>.tasks` only: the Open311 tasks are registered through this import.
from kotalive.complaints.open311 import tasks as open311_tasks
from kotalive.complaints.services.deadlines import complaints_auto_close, complaints_sla_check
from kotalive.complaints.stats import office_figures_refresh

__all__ = ["auto_close", "open311_tasks", "sla_check"]


@shared_task(name="complaints.sla_check")  # type: ignore[untyped-decorator]
def sla_check() -> dict[str, int]:
    run = complaints_sla_check()
    return {"warned": run.warned, "escalated": run.escalated}


@shared_task(name="complaints.auto_close")  # type: ignore[untyped-decorator]
def auto_close() -> int:
    return complaints_auto_close()


@shared_task(name="complaints.office_figures_refresh")  # type: ignore[untyped-decorator]
def figures_refresh() -> list[int]:
    return [snapshot.days for snapshot in office_figures_refresh()]
