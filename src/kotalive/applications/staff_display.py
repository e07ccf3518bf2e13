"""What the officers' pages and the staff API show, built once for both: queue rows without any
personal data (nothing is decrypted per row), an application's answers with their labels, its
files and history, and the definitions an officer manages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import User
from kotalive.applications import policy, selectors
from kotalive.applications.lifecycle import APPLICATION
from kotalive.applications.models import (
    Application,
    ApplicationFile,
    DefinitionVersion,
    Event,
    ServiceDefinition,
)
from kotalive.applications.services import version_spec
from kotalive.applications.spec import FieldSpec, Kind, ServiceSpec
from kotalive.core.permissions import allowed
from kotalive.regions.models import Kelurahan

State = Application.State
IMAGE_KINDS = frozenset({"jpeg"})  # every photo or scan is kept as a JPEG (files.py)


# --- the queue ----------------------------------------------------------------------------------


def queue_query(
    *,
    actor: Any,
    waiting: bool = True,
    service: str | None = None,
    overdue: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[Application]:
    """The queue (`selectors.queue_for`: the actor's desks, due first) with only the columns a
    row shows: the encrypted answers and the versions' specs stay in the database."""
    rows = (
        selectors.queue_for(actor=actor, waiting=waiting, service=service)
        .select_related(None)
        .select_related("definition", "kelurahan", "office")
        .defer("answers_encrypted", "reason")
    )
    if overdue:
        rows = rows.filter(due_at__lt=now or timezone.now(), state__in=Application.WAITING_STATES)
    return rows


def queue_slice(ids: list[int]) -> list[Application]:
    """The rows of a page, by the ids the queue ordered: the sort runs on the narrow table alone
    (an office with thousands waiting sorts in a third of the time), the joins on 25 rows."""
    found = (
        Application.objects.select_related("definition", "kelurahan", "office")
        .defer("answers_encrypted", "reason")
        .in_bulk(ids)
    )
    return [found[pk] for pk in ids if pk in found]


@dataclass(frozen=True)
class QueueRow:
    ref: str
    service_slug: str
    service_title: str
    state: str
    state_label: str
    kelurahan_code: str
    kelurahan_name: str
    step: int
    step_label: str
    office_name: str
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    overdue: bool

    # As the page shows them, written here once: a template filter per cell costs more than the
    # rest of the row (the queue is the officers' busiest page).
    @property
    def submitted_iso(self) -> str:
        return self.submitted_at.isoformat() if self.submitted_at else ""

    @property
    def due_iso(self) -> str:
        return self.due_at.isoformat() if self.due_at else ""

    @property
    def submitted_text(self) -> str:
        return _local_text(self.submitted_at)

    @property
    def due_text(self) -> str:
        return _local_text(self.due_at)


def _local_text(moment: dt.datetime | None) -> str:
    """A time in the city's zone as the queue writes it, 03 Des 2026 14:05."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%d} {formats.date_format(local, 'M')} {local:%Y %H:%M}"


def _specs(version_ids: set[int]) -> dict[int, ServiceSpec]:
    """The specs of these versions: one query, each parsed once per process."""
    found = DefinitionVersion.objects.filter(pk__in=version_ids).defer("spec")
    return {v.pk: version_spec(v) for v in found}


def step_label(spec: ServiceSpec, application: Application, language: str) -> str:
    if application.state not in (State.SUBMITTED, State.APPROVED, State.CORRECTION):
        return ""
    return spec.steps[min(application.step, len(spec.steps) - 1)].label.get(language)


def queue_rows(
    rows: list[Application], *, language: str, now: dt.datetime | None = None
) -> list[QueueRow]:
    now = now or timezone.now()
    specs = _specs({r.version_id for r in rows}) if rows else {}
    out = []
    for r in rows:
        spec = specs[r.version_id]
        waiting = r.state in Application.WAITING_STATES
        out.append(
            QueueRow(
                ref=r.ref,
                service_slug=r.definition.slug,
                service_title=spec.title.get(language),
                state=r.state,
                state_label=r.get_state_display(),
                kelurahan_code=r.kelurahan.code if r.kelurahan else "",
                kelurahan_name=r.kelurahan.name if r.kelurahan else "",
                step=r.step,
                step_label=step_label(spec, r, language),
                office_name=r.office.name if r.office else "",
                submitted_at=r.submitted_at,
                due_at=r.due_at,
                overdue=bool(waiting and r.due_at is not None and r.due_at < now),
            )
        )
    return out


def service_choices(language: str) -> list[tuple[str, str]]:
    return sorted(
        (
            (d.slug, selectors.definition_spec(d).title.get(language))
            for d in selectors.definitions_active()
        ),
        key=lambda c: c[1],
    )


def queue_counts(actor: Any, now: dt.datetime | None = None) -> tuple[int, int]:
    """(waiting, overdue) at the actor's desks: the dashboard tile."""
    rows = selectors.queue_for(actor=actor).order_by()
    waiting = rows.count()
    overdue = rows.filter(due_at__lt=now or timezone.now()).count() if waiting else 0
    return waiting, overdue


# --- one application ----------------------------------------------------------------------------


@dataclass
class AnswerView:
    key: str
    label: str
    kind: str
    value: str = ""
    raw: Any = None
    files: list[ApplicationFile] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _value(f: FieldSpec, value: Any, language: str, places: dict[str, str]) -> str:
    if value is None or value == "":
        return ""
    if f.kind == Kind.CHOICE:
        return next((c.label.get(language) for c in f.choices if c.value == value), str(value))
    if f.kind == Kind.DATE and isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if f.kind == Kind.KELURAHAN:
        return places.get(str(value), str(value))
    if f.kind == Kind.LOCATION and isinstance(value, dict):
        return f"{value.get('lat')}, {value.get('lng')}"
    return str(value)


def answers_view(
    application: Application, files: list[ApplicationFile], *, language: str
) -> list[AnswerView]:
    """The answers in the form's order, each under its label; a group as a table (a column per
    field, a row per item); a file field with its files. Fields left hidden are left out."""
    spec = version_spec(application.version)
    answers = selectors.answers_for(application)
    codes = [
        str(answers[f.key]) for f in spec.fields if f.kind == Kind.KELURAHAN and answers.get(f.key)
    ]
    places = (
        dict(Kelurahan.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    )
    by_field: dict[str, list[ApplicationFile]] = {}
    for stored in files:
        by_field.setdefault(stored.field_key, []).append(stored)
    out = []
    for f in spec.fields:
        view = AnswerView(key=f.key, label=f.label.get(language), kind=f.kind)
        if f.kind == Kind.FILE:
            view.files = by_field.get(f.key, [])
            if not view.files:
                continue
        elif f.kind == Kind.GROUP:
            items = answers.get(f.key) or []
            if not items:
                continue
            view.columns = [g.label.get(language) for g in f.fields]
            view.rows = [
                [_value(g, item.get(g.key), language, places) for g in f.fields] for item in items
            ]
            view.raw = items
        else:
            if f.key not in answers:
                continue
            view.raw = answers[f.key]
            view.value = _value(f, answers[f.key], language, places)
        out.append(view)
    return out


def history_view(application: Application) -> list[Event]:
    """The history, each event with the words of its action (`label`), its new state's
    (`to_label`) and who acted (`by`: the applicant, or the officer's name)."""
    events = list(selectors.history_of(application).select_related("actor"))
    names: dict[str, Any] = {a.name: a.label for a in APPLICATION.actions}
    names["start"] = _("Draft started")
    for event in events:
        event.label = str(names.get(event.action, event.action))  # type: ignore[attr-defined]
        event.to_label = State(event.to_state).label if event.to_state in State.values else ""  # type: ignore[attr-defined]
        actor = event.actor
        if actor is None:
            by = ""
        elif actor.pk == application.applicant_id:
            by = str(_("Applicant"))
        else:
            by = actor.display_name or actor.username or ""
        event.by = by  # type: ignore[attr-defined]
    return events


def is_image(stored: ApplicationFile) -> bool:
    return stored.kind in IMAGE_KINDS


# --- definitions --------------------------------------------------------------------------------


def definitions_managed(actor: User) -> list[ServiceDefinition]:
    """The definitions `actor` may manage, each with its versions (newest first)."""
    rows = (
        ServiceDefinition.objects.filter(current__isnull=False)
        .select_related("current", "office")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DefinitionVersion.objects.select_related("created_by").order_by("-number"),
            )
        )
        .order_by("slug")
    )
    return [d for d in rows if allowed(actor, policy.DEFINE, d)]


def definition_managed(actor: User, slug: str) -> ServiceDefinition | None:
    found = next((d for d in definitions_managed(actor) if d.slug == slug), None)
    return found
