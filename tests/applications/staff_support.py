"""Helpers of the officers' tests: applications in each state, clients, what must not change."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from PIL import Image

import kotalive.documents.services as documents
from kotalive.accounts.models import User
from kotalive.applications.models import Application, Event
from kotalive.applications.services import (
    application_approve,
    application_file_add,
    application_reject,
    application_request_correction,
    application_start,
    application_submit,
    application_withdraw,
)
from kotalive.core.models import AuditEvent
from tests import world as factories
from tests.applications.conftest import VALID, Apps

State = Application.State
STAFF_API = "/api/v1/staff/applications"

# The documents app is built on its own branch: until it is merged, issuing raises.
DOCUMENTS_PLACEHOLDER = (documents.__doc__ or "").startswith("Placeholder")


def png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    out.seek(0)
    out.name = "surat.png"
    return out


def with_file(apps: Apps) -> Application:
    """Sent by the Sukarasa resident, with the RT letter attached."""
    user = apps.w.r_sukarasa.user
    draft = application_start(actor=user, definition=apps.definition, answers={})
    application_file_add(actor=user, application=draft, field="letter", upload=png(), name="rt")
    return application_submit(actor=user, application=draft, answers=VALID)


def in_state(apps: Apps, name: str) -> Application:
    """An application of the Sukarasa resident in one of the matrix's situations."""
    lurah, opd = apps.w.lurah_sukarasa, apps.opd_officer
    if name == "draft":
        return apps.draft()
    app = apps.submitted()
    if name == "submitted_check":
        return app
    if name == "correction":
        return application_request_correction(actor=lurah, application=app, reason="Foto buram.")
    if name == "withdrawn":
        return application_withdraw(actor=app.applicant, application=app)
    if name == "rejected":
        return application_reject(actor=lurah, application=app, reason="Bukan warga.")
    app = application_approve(actor=lurah, application=app)
    if name == "submitted_decide":
        return app
    app = application_approve(actor=opd, application=app)
    if name == "approved":
        return app
    assert name == "issued"
    Application.objects.filter(pk=app.pk).update(state=State.ISSUED, document_code="DOC-1")
    app.refresh_from_db()
    return app


SITUATIONS = (
    "draft",
    "submitted_check",
    "submitted_decide",
    "correction",
    "approved",
    "issued",
    "rejected",
    "withdrawn",
)


def snapshot(app: Application) -> tuple[Any, ...]:
    """What a step changes: the row, its history, the audit of changes (reads excluded)."""
    app.refresh_from_db()
    changes = AuditEvent.objects.exclude(action="application.viewed")
    return (
        app.state,
        app.step,
        app.office_id,
        app.reason,
        app.document_code,
        Event.objects.filter(application=app).count(),
        changes.count(),
    )


def client_for(user: User | None) -> Client:
    """A new client per call (a page's messages stay in the session until shown)."""
    if user is None:
        client = Client()
    elif user.kind == User.Kind.STAFF:
        client = factories.staff_client(user)
    else:
        client = factories.resident_client(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.cookies["django_language"] = "en"
    return client
