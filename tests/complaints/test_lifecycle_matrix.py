"""The lifecycle table is the one source of allowed actions: every state x action x persona is
derived from it and tried through every front end that offers the action (the staff API, the
console's HTML POST, the resident API and the resident pages). Each must answer as the table
says: allowed (the step happens), or refused with nothing changed (state, timeline, audit of
changes, followers, rating, photos)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotalive.accounts.models import User
from kotalive.accounts.services import api_token_create
from kotalive.complaints import policy
from kotalive.complaints.lifecycle import COMPLAINT, Role
from kotalive.complaints.models import Complaint, Event, Follower, Photo
from kotalive.complaints.services.common import new_ref
from kotalive.core.models import AuditEvent

from .conftest import INSIDE, Laksa, upload

pytestmark = pytest.mark.django_db
State = Complaint.State
STAFF_API = "/api/v1/staff/complaints"
RESIDENT_API = "/api/v1/complaints"
PERSONAS = ("reporter", "other_resident", "tlr", "officer", "other_officer", "anonymous")


def persona_roles(persona: str, state: str) -> set[Role]:
    """What each persona is on a case filed by `reporter` and routed to DPUPR (`officer`'s
    office): the office holds it only once assigned (policy.OFFICE_STATES)."""
    signed_in = {Role.SIGNED_IN}
    return {
        "reporter": {Role.REPORTER, *signed_in},
        "other_resident": signed_in,
        "tlr": {Role.COMMAND_CENTRE, *signed_in},
        "officer": {Role.OFFICE, *signed_in} if state in policy.OFFICE_STATES else signed_in,
        "other_officer": signed_in,
        "anonymous": set(),
    }[persona]


@dataclass
class World:
    laksa: Laksa
    users: dict[str, User | None]
    clients: dict[str, Callable[[User | None], Client]]  # front end -> a client for a persona

    def case(self, state: str) -> Complaint:
        """A case in `state`, reported by `reporter`, routed to DPUPR, with a photo to approve."""
        now = timezone.now()
        reporter = self.users["reporter"]
        assert reporter is not None
        done = state not in (State.NEW, State.TRIAGED, State.ASSIGNED, State.IN_PROGRESS)
        fields: dict[str, Any] = {
            "ref": new_ref(),
            "category": self.laksa.road,
            "reporter": reporter,
            "description": "Lubang besar di jalan.",
            "lat": INSIDE[0],
            "lon": INSIDE[1],
            "kelurahan": self.laksa.sukarasa,
            "office": self.laksa.dpupr,
            "state": state,
            "triage_due_at": now + timedelta(hours=4),
            "triaged_at": None if state == State.NEW else now,
            "resolved_at": now if state in (State.RESOLVED, State.CLOSED) else None,
            "closed_at": now if done and state != State.RESOLVED else None,
        }
        if state == State.MERGED:
            fields["merged_into"] = self.case(State.NEW)
        case = Complaint.objects.create(**fields)
        Follower.objects.create(complaint=case, user=reporter, role=Follower.Role.REPORTER)
        Photo.objects.create(complaint=case, image=f"complaints/{case.ref}/a.jpg", width=4)
        return case


def _snapshot(case: Complaint) -> tuple[Any, ...]:
    case.refresh_from_db()
    changes = AuditEvent.objects.exclude(action="complaint.personal_data_viewed")
    return (
        case.state,
        case.office_id,
        case.rating,
        Event.objects.count(),
        changes.count(),
        Follower.objects.count(),
        Photo.objects.filter(approved_at__isnull=False).count(),
    )


def _bearer(user: User) -> Client:
    _token, raw = api_token_create(actor=user, name="matrix")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def world(
    laksa: Laksa,
    resident: User,
    other_resident: User,
    tlr: User,
    dpupr_officer: User,
    dlh_officer: User,
    staff_client: Callable[[User], Client],
    resident_client: Callable[[User], Client],
) -> World:
    users: dict[str, User | None] = {
        "reporter": resident,
        "other_resident": other_resident,
        "tlr": tlr,
        "officer": dpupr_officer,
        "other_officer": dlh_officer,
        "anonymous": None,
    }

    def session(user: User | None) -> Client:
        # A page's messages stay in the session until shown: a new client for every call.
        if user is None:
            return Client()
        return staff_client(user) if user.is_staff_member else resident_client(user)

    clients: dict[str, Callable[[User | None], Client]] = {
        "staff_api": session,
        "console": session,
        "api": lambda user: _bearer(user) if user is not None else Client(),
        "pages": session,
    }
    found = World(laksa, users, clients)
    found.case(State.NEW)  # the case to keep when merging
    return found


# --- how each front end takes each action -------------------------------------------------------

Call = Callable[[Client, Complaint], Any]


def _staff_api(action: str, body: dict[str, Any]) -> Call:
    path = "reply" if action == "note" else action
    return lambda client, case: client.post(
        f"{STAFF_API}/{case.ref}/{path}", body, content_type="application/json"
    )


def _merge_body(case: Complaint) -> dict[str, Any]:
    """Into the case to keep: the first one of the world (`world` makes it), new and open."""
    keep = Complaint.objects.order_by("pk").first()
    assert keep is not None
    assert keep.state == State.NEW
    assert keep.pk != case.pk
    return {"into": keep.ref}


STAFF_API_CALLS: dict[str, Call] = {
    "triage": _staff_api("triage", {}),
    "assign": _staff_api("assign", {}),
    "start": _staff_api("start", {}),
    "reply": _staff_api("reply", {"text": "Segera kami tangani.", "public": True}),
    "note": _staff_api("note", {"text": "Catatan tim.", "public": False}),
    "resolve": lambda client, case: client.post(
        f"{STAFF_API}/{case.ref}/resolve", {"note": "Sudah ditambal.", "evidence": [upload()]}
    ),
    "reject": _staff_api("reject", {"reason": "Tidak jelas."}),
    "forward": _staff_api("forward", {"to": "PLN"}),
    "merge": lambda client, case: client.post(
        f"{STAFF_API}/{case.ref}/merge", _merge_body(case), content_type="application/json"
    ),
    "approve_photo": lambda client, case: client.post(
        f"{STAFF_API}/{case.ref}/photos/{case.photos.get().pk}/approve"
    ),
}


def _console(action: str, data: dict[str, Any] | Callable[[Complaint], dict[str, Any]]) -> Call:
    def call(client: Client, case: Complaint) -> Any:
        body = data(case) if callable(data) else data
        return client.post(reverse("laksa_staff:action", args=[case.ref, action]), body)

    return call


CONSOLE_CALLS: dict[str, Call] = {
    "triage": _console("triage", {"note": ""}),
    "assign": _console("assign", lambda case: {"office": case.category.office_id}),
    "start": _console("start", {}),
    "reply": _console("reply", {"text": "Segera kami tangani."}),
    "note": _console("note", {"text": "Catatan tim."}),
    "resolve": _console("resolve", lambda case: {"note": "Sudah.", "evidence": upload()}),
    "reject": _console("reject", {"reason": "Tidak jelas."}),
    "forward": _console("forward", {"to": "PLN"}),
    "merge": _console("merge", _merge_body),
    "approve_photo": lambda client, case: client.post(
        reverse("laksa_staff:photo_approve", args=[case.ref, case.photos.get().pk])
    ),
}

RESIDENT_BODIES: dict[str, dict[str, Any]] = {
    "support": {},
    "confirm": {},
    "reopen": {"reason": "Masih rusak."},
    "rate": {"rating": 4},
}


def _resident_api(action: str) -> Call:
    return lambda client, case: client.post(
        f"{RESIDENT_API}/{case.ref}/{action}",
        RESIDENT_BODIES[action],
        content_type="application/json",
    )


def _page(action: str) -> Call:
    return lambda client, case: client.post(
        reverse(f"complaints:{action}", args=[case.ref]), RESIDENT_BODIES[action]
    )


RESIDENT_API_CALLS = {action: _resident_api(action) for action in RESIDENT_BODIES}
PAGE_CALLS = {action: _page(action) for action in RESIDENT_BODIES}
FRONT_ENDS: dict[str, dict[str, Call]] = {
    "staff_api": STAFF_API_CALLS,
    "console": CONSOLE_CALLS,
    "api": RESIDENT_API_CALLS,
    "pages": PAGE_CALLS,
}
NOT_OFFERED = {"auto_close", "warn", "escalate"}  # the system's (test_lifecycle.py)


def test_every_action_of_the_table_is_offered_by_a_front_end_or_the_system() -> None:
    offered = {a for calls in FRONT_ENDS.values() for a in calls}
    assert offered | NOT_OFFERED == {a.name for a in COMPLAINT.actions}


def _expected(action: str, persona: str, case: Complaint) -> bool:
    state = case.state
    if action == "support" and case.merged_into_id is not None:
        state = case.merged_into.state  # type: ignore[union-attr]  # "me too" joins that case
    return COMPLAINT.allows(action, state=state, roles=persona_roles(persona, case.state))


def _answer_ok(front: str, response: Any, case: Complaint) -> bool:
    """The API says 200; a page redirects back to the case without an error message (a refusal
    is a 4xx page, a redirect to sign in, or a redirect with an error message)."""
    if front in ("staff_api", "api"):
        return bool(response.status_code == 200)
    back = {
        reverse("laksa_staff:case", args=[case.ref]),
        reverse("complaints:case", args=[case.ref]),
    }
    if response.status_code != 302 or response["Location"] not in back:
        return False
    return not any(m.level >= messages.ERROR for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize("action", [a.name for a in COMPLAINT.actions if a.name not in NOT_OFFERED])
def test_every_front_end_answers_as_the_table_says(world: World, action: str) -> None:
    wrong: list[str] = []
    for front, calls in FRONT_ENDS.items():
        if action not in calls:
            continue
        for state in State.values:
            for persona in PERSONAS:
                case = world.case(state)
                allowed = _expected(action, persona, case)
                client = world.clients[front](world.users[persona])
                before = _snapshot(case)
                response = calls[action](client, case)
                after = _snapshot(case)
                # "Me too" from someone who already follows is allowed and changes nothing.
                follows = action == "support" and persona == "reporter"
                changed = after != before
                ok = _answer_ok(front, response, case)
                if allowed and (not ok or changed == follows):
                    wrong.append(
                        f"{front} {state} {persona}: refused ({response.status_code} "
                        f"{response.get('Location')})"
                    )
                if not allowed and (changed or ok):
                    wrong.append(f"{front} {state} {persona}: done ({response.status_code})")
                if allowed and COMPLAINT[action].target is not None and not follows:
                    target = COMPLAINT[action].target
                    if after[0] != target:
                        wrong.append(f"{front} {state} {persona}: state {after[0]} not {target}")
    assert wrong == [], f"{action}: " + "; ".join(wrong)
