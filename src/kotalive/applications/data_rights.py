"""A resident's applications in their data export; on deletion, what is not yet the city's record
goes: drafts are deleted with their documents, and applications still being checked are withdrawn
through the service, as the applicant would (no office works on the request of someone who left).
Decided and approved applications stay, as the city's record of what it issued or refused,
linked only to the anonymised account."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kotalive.accounts.models import User
from kotalive.applications.models import Application
from kotalive.applications.services import answers_of, application_withdraw
from kotalive.core.models import AuditEvent

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
    # What is still being checked is withdrawn by its applicant, as on the page: one service,
    # audited. An approved one is the office's to issue: it stays, as decided ones do.
    for application in Application.objects.filter(
        applicant=user, state__in=(State.SUBMITTED, State.CORRECTION)
    ):
        application_withdraw(actor=user, application=application, channel=AuditEvent.Channel.SYSTEM)


def _delete_files(names: list[tuple[Any, str]]) -> None:
    for storage, name in names:
        storage.delete(name)
