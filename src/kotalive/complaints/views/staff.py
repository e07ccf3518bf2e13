"""The TLR console and the office queue under /staff/laksa/: the queue, its live rows, a case.

Access: a staff session that passed TOTP (`staff_required`), then LAKSA's own policy: TLR sees the
whole city, an office its own queue and area. A case outside the actor's view is a 404 everywhere,
so a reference does not tell whether a case exists. The actions are in `staff_actions.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotalive.accounts.auth import signed_in_user
from kotalive.accounts.models import User
from kotalive.backoffice.guard import staff_required
from kotalive.complaints import policy, selectors
from kotalive.complaints.lifecycle import COMPLAINT
from kotalive.complaints.models import Complaint, Event, ReplyTemplate
from kotalive.complaints.services import case_actions, complaint_viewed
from kotalive.complaints.views import staff_forms as f
from kotalive.core.errors import NotFound
from kotalive.core.http import client_ip, current_language
from kotalive.core.models import AuditEvent
from kotalive.core.permissions import allowed

PAGE_SIZE = 25
MAP_LIMIT = 500
LEAFLET_JS = "vendor/leaflet/leaflet.js"
State = Complaint.State

View = Callable[..., HttpResponse]


def laksa_staff_required(view: View) -> View:
    """A TOTP-verified staff member who is TLR or works or reads an office queue; else 403."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = request.user
        if not allowed(actor, policy.CONSOLE):
            raise DjangoPermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def case_for(actor: User, ref: str) -> Complaint:
    """A case the staff member may read (with personal data), or 404."""
    try:
        return selectors.complaint_for_staff(actor=actor, ref=ref)
    except NotFound:
        raise Http404 from None


K = Event.Kind
# What the live feed says for each event: the words of what happened, not "changed".
LIVE_TEXTS = {
    K.SUBMITTED: gettext_lazy("New report {ref}"),
    K.SUPPORTED: gettext_lazy("{ref}: another resident said “me too”"),
    K.TRIAGED: gettext_lazy("{ref} checked by the command centre"),
    K.ASSIGNED: gettext_lazy("{ref} assigned to an office"),
    K.STARTED: gettext_lazy("Work started on {ref}"),
    K.NOTE: gettext_lazy("Internal note added to {ref}"),
    K.REPLY: gettext_lazy("Reply sent on {ref}"),
    K.RESOLVED: gettext_lazy("{ref} resolved, waiting for the reporter"),
    K.CLOSED: gettext_lazy("{ref} closed"),
    K.REOPENED: gettext_lazy("{ref} reopened by the reporter"),
    K.REJECTED: gettext_lazy("{ref} rejected"),
    K.FORWARDED: gettext_lazy("{ref} forwarded outside the city"),
    K.MERGED: gettext_lazy("{ref} merged with another report"),
    K.WARNED: gettext_lazy("{ref} is close to its deadline"),
    K.ESCALATED: gettext_lazy("Report {ref} is overdue and escalated"),
    K.RATED: gettext_lazy("The reporter rated {ref}"),
    K.PHOTO_APPROVED: gettext_lazy("A photo of {ref} was approved for the public"),
}


def live_texts() -> dict[str, str]:
    return {f"complaint.{kind}": str(text) for kind, text in LIVE_TEXTS.items()}


def live_channels(actor: User) -> list[str]:
    """The event channels of the orgs whose cases the actor sees (TLR: Diskominfo)."""
    return [f"org:{i}" for i in policy.console_org_ids(actor)]


def with_clock(rows: list[Complaint]) -> list[Complaint]:
    """The SLA clock and the category name in the page's language, for the row template."""
    lang = current_language()
    for row in rows:
        row.sla = selectors.sla_state(row)  # type: ignore[attr-defined]
        row.category_label = row.category.name(lang)  # type: ignore[attr-defined]
    return rows


def _map_points(rows: QuerySet[Complaint]) -> list[dict[str, Any]]:
    open_rows = rows.filter(state__in=Complaint.OPEN_STATES, lat__isnull=False)[:MAP_LIMIT]
    return [
        {"ref": c.ref, "lat": c.lat, "lon": c.lon, "state": c.get_state_display()}
        for c in open_rows
    ]


@laksa_staff_required
def queue(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    form = f.QueueFilterForm(request.GET)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "order": data["order"] or "deadline",
            "state": data["state"] or None,
            "category": data["category"] or None,
            "kecamatan": data["kecamatan"],
            "overdue": True if data["overdue"] else None,
            "q": data["q"] or None,
        }
    rows = selectors.complaints_queue(actor=actor, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    tlr = allowed(actor, policy.COMMAND_CENTRE)
    has_map = finders.find(LEAFLET_JS) is not None
    context = {
        "form": form,
        "page": page,
        "rows": with_clock(list(page.object_list)),
        "query": query.urlencode(),
        "is_tlr": tlr,
        "bulk_form": f.BulkForm() if tlr else None,
        "channels": " ".join(live_channels(actor)),
        "event_kinds": " ".join(f"complaint.{k}" for k in Event.Kind.values),
        "live_texts": live_texts(),
        "has_map": has_map,
        "tile_url": settings.MAP_TILE_URL,
        "map_points": _map_points(rows) if has_map else [],
    }
    return render(request, "complaints/staff/queue.html", context)


@laksa_staff_required
def row(request: HttpRequest, ref: str) -> HttpResponse:
    """One queue row, fetched by the live feed after an event; 404 if out of the actor's view."""
    actor = signed_in_user(request)
    found = selectors.complaints_queue(actor=actor).filter(ref=ref).first()
    if found is None:
        raise Http404
    context = {"c": with_clock([found])[0], "is_tlr": allowed(actor, policy.COMMAND_CENTRE)}
    return render(request, "complaints/staff/_row.html", context)


# Timeline entries the console words differently from the event's own label.
STAFF_EVENT_LABELS = {
    Event.Kind.SUPPORTED: gettext_lazy("New supporter: a resident said “me too”"),
    Event.Kind.REOPENED: gettext_lazy("Reopened by the reporter: not fixed"),
}


def with_staff_labels(events: list[Event]) -> list[Event]:
    for event in events:
        label = STAFF_EVENT_LABELS.get(Event.Kind(event.kind))
        event.staff_label = str(label) if label else event.get_kind_display()  # type: ignore[attr-defined]
    return events


def case_forms(actor: User, complaint: Complaint) -> dict[str, Form]:
    """The console's forms for the actions this person may take on this case now (the table)."""
    return {
        name: f.action_form(name, complaint)
        for name in case_actions(actor, complaint)
        if name in f.FORMS
    }


def render_case(
    request: HttpRequest,
    complaint: Complaint,
    *,
    bound: tuple[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page, with personal data: every rendering is written to the audit log."""
    actor = signed_in_user(request)
    complaint_viewed(
        actor=actor, complaint=complaint, channel=AuditEvent.Channel.WEB, ip=client_ip(request)
    )
    actions = case_actions(actor, complaint)
    forms = {name: f.action_form(name, complaint) for name in actions if name in f.FORMS}
    if bound is not None:
        forms[bound[0]] = bound[1]
    templates = ReplyTemplate.objects.filter(office__isnull=True) | ReplyTemplate.objects.filter(
        office_id=complaint.office_id
    )
    lang = current_language()
    has_map = finders.find(LEAFLET_JS) is not None
    context = {
        "c": complaint,
        "sla": selectors.sla_state(complaint),
        "photos": complaint.photos.all(),
        "timeline": with_staff_labels(list(selectors.timeline_full(complaint=complaint))),
        "forms": [
            (name, COMPLAINT[name].label, f.SUBMIT_LABELS.get(name, _("Save")), form)
            for name, form in forms.items()
        ],
        "has_map": has_map,
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "can_approve_photos": "approve_photo" in actions,
        "is_tlr": allowed(actor, policy.COMMAND_CENTRE),
        "category_name": complaint.category.name(lang),
        "reply_templates": [
            {"id": t.pk, "body": t.body_en if lang == "en" and t.body_en else t.body_id}
            for t in templates
        ],
    }
    return render(request, "complaints/staff/case.html", context, status=status)


@laksa_staff_required
def case(request: HttpRequest, ref: str) -> HttpResponse:
    actor = signed_in_user(request)
    return render_case(request, case_for(actor, ref))
