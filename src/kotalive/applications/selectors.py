"""Reads of definitions and applications, always for an actor, scoped by the policy.

An application that the actor may not see is "not found", never "forbidden": a receipt number
must not tell whether someone else's application exists. An officer reading an applicant's
answers or files is audited, as staff reads of residents are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.applications import policy
from kotalive.applications.answers import Answers, answers_typed
from kotalive.applications.directory import directory
from kotalive.applications.lifecycle import APPLICATION
from kotalive.applications.models import Application, ApplicationFile, Event, ServiceDefinition
from kotalive.applications.services import answers_of, version_spec
from kotalive.applications.spec import ServiceSpec, spec_dump_yaml
from kotalive.core.audit import audit_record
from kotalive.core.errors import NotFound
from kotalive.core.lifecycle import Action
from kotalive.core.models import AuditEvent
from kotalive.core.permissions import allowed

State = Application.State


def definitions_active() -> QuerySet[ServiceDefinition]:
    # The specs stay in the database: `version_spec` reads one only the first time a process
    # needs it (a version never changes).
    return (
        ServiceDefinition.objects.filter(is_active=True, current__isnull=False)
        .select_related("current", "office")
        .defer("current__spec")
    )


def definition_for_menu(*, menu_slug: str) -> ServiceDefinition:
    """The service a catalog menu opens (its first, when several serve one menu)."""
    found = directory().by_menu.get(menu_slug)
    if found is None:
        raise NotFound("service_not_found", _("This service takes no applications online yet."))
    return found


def definition_get(*, slug: str) -> ServiceDefinition:
    found = directory().services.get(slug)
    if found is None:
        raise NotFound("service_not_found", _("This service takes no applications online yet."))
    return found


def definition_spec(definition: ServiceDefinition) -> ServiceSpec:
    assert definition.current is not None
    return version_spec(definition.current)


def definition_export_yaml(*, definition: ServiceDefinition) -> str:
    """The current version as YAML, which `definition_import_yaml` reads back as it was."""
    return spec_dump_yaml(definition_spec(definition))


def _rows() -> QuerySet[Application]:
    return Application.objects.select_related(
        "definition", "version", "office", "kelurahan__kecamatan"
    )


def application_get_for(*, actor: Any, ref: str) -> Application:
    """An application its applicant, or an office it is at, may see."""
    found = _rows().filter(ref=ref).first()
    if found is None or not (
        allowed(actor, policy.OWN, found) or allowed(actor, policy.READ, found)
    ):
        raise NotFound("application_not_found", _("No such application."))
    return found


def application_for_applicant(*, actor: Any, ref: str) -> Application:
    found = _rows().filter(ref=ref).first()
    if found is None or not allowed(actor, policy.OWN, found):
        raise NotFound("application_not_found", _("No such application."))
    return found


def application_for_staff(
    *, actor: Any, ref: str, channel: str = AuditEvent.Channel.WEB
) -> Application:
    """An application as an office reads it, with the applicant's answers: audited."""
    found = _rows().filter(ref=ref).first()
    if found is None or not allowed(actor, policy.READ, found):
        raise NotFound("application_not_found", _("No such application."))
    audit_record(
        actor=actor,
        action="application.viewed",
        target=found,
        channel=channel,
        data={"ref": found.ref, "service": found.definition.slug},
    )
    return found


def applications_of(*, actor: Any) -> QuerySet[Application]:
    """The applicant's own applications, the newest change first."""
    if getattr(actor, "pk", None) is None:
        return Application.objects.none()
    return _rows().filter(applicant_id=actor.pk).order_by("-updated_at")


def queue_for(
    *,
    actor: Any,
    waiting: bool = True,
    service: str | None = None,
) -> QuerySet[Application]:
    """What an office has: by default what waits for it, the nearest service level first."""
    desks = policy.desks(actor)
    rows = _rows().filter(desks.filter())
    if waiting:
        rows = rows.filter(state__in=Application.WAITING_STATES)
    if service:
        rows = rows.filter(definition__slug=service)
    return rows.order_by("due_at", "submitted_at", "pk")


def answers_for(application: Application) -> Answers:
    """The answers, typed (dates as dates). Who may read them was decided by the getter."""
    return answers_typed(version_spec(application.version), answers_of(application))


def draft_answers_for(application: Application) -> Answers:
    """What the form shows: as typed while a draft or a correction, else the sent answers."""
    return answers_of(application)


def files_of(application: Application) -> QuerySet[ApplicationFile]:
    return application.files.order_by("field_key", "pk")


def file_get(*, application: Application, file_id: int) -> ApplicationFile:
    found = application.files.filter(pk=file_id).first()
    if found is None:
        raise NotFound("file_not_found", _("No such document on this application."))
    return found


def history_of(application: Application) -> QuerySet[Event]:
    return application.events.select_related("office").order_by("created_at", "pk")


def actions_for(*, actor: Any, application: Application) -> list[Action]:
    """The lifecycle actions `actor` may take on it now (buttons, the API's `actions`)."""
    spec = version_spec(application.version)
    roles = policy.application_roles(actor, application, spec)
    return APPLICATION.available(state=application.state, roles=roles)


@dataclass(frozen=True)
class Due:
    """Where an application stands against its step's service level."""

    due_at: datetime | None
    overdue: bool


def due_of(application: Application, *, now: datetime | None = None) -> Due:
    if application.due_at is None:
        return Due(None, False)
    return Due(application.due_at, application.due_at < (now or timezone.now()))


def current_step_label(application: Application, language: str) -> str:
    spec = version_spec(application.version)
    if application.state not in (State.SUBMITTED, State.APPROVED, State.CORRECTION):
        return ""
    return spec.steps[min(application.step, len(spec.steps) - 1)].label.get(language)


def application_title(application: Application, language: str) -> str:
    return version_spec(application.version).title.get(language)
