"""A resident's applications in their data export; on deletion, what is not yet the city's record
goes: drafts are deleted with their documents, and applications still being checked are
withdrawn (no office works on the request of someone who left). Decided applications stay, as
the city's record of what it issued or refused, linked only to the anonymised account."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from kotalive.accounts.models import User
from kotalive.applications.models import Application, Event
from kotalive.applications.services import answers_of

State = Application.State


def export(user: User) -> list[dict[str, Any]]:
    rows = (
        Application.objects.filter(applicant=user)
        .select_related("definition")
        .prefetch_related("files", "events")
        .order_by("created_at", "pk")
    )
    return [
        {
            "ref": a.ref,
            "service": a.definition.slug,
            "state": a.state,
            "created_at": a.created_at.isoformat(),
            "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
            "answers": answers_of(a),
            "files": [
                {"field": f.field_key, "name": f.name, "kind": f.kind} for f in a.files.all()
            ],
            "history": [
                {"action": e.action, "at": e.created_at.isoformat(), "note": e.note}
                for e in a.events.all()
            ],
            "reason": a.reason,
            "document_code": a.document_code,
        }
        for a in rows
    ]


def erase(user: User) -> None:
    drafts = Application.objects.filter(applicant=user, state=State.DRAFT)
    names = [(f.file.storage, f.file.name) for a in drafts for f in a.files.all() if f.file.name]
    drafts.delete()
    transaction.on_commit(lambda: _delete_files(names))
    now = timezone.now()
    for application in Application.objects.filter(
        applicant=user, state__in=(State.SUBMITTED, State.CORRECTION, State.APPROVED)
    ):
        from_state = application.state
        application.state = State.WITHDRAWN
        application.due_at = None
        application.save(update_fields=["state", "due_at", "updated_at"])
        Event.objects.create(
            application=application,
            action="withdraw",
            from_state=from_state,
            to_state=State.WITHDRAWN,
            step=application.step,
            note="account deleted",
            created_at=now,
        )


def _delete_files(names: list[tuple[Any, str]]) -> None:
    for storage, name in names:
        storage.delete(name)
