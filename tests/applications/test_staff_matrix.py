"""The lifecycle table is the one source of what officers may do: every situation x officer
step x persona, tried through the staff API and the staff pages, answers as the table says:
done (the step happens), or refused with nothing changed (state, step, office, history, audit of
changes). The roles each persona holds are written here by hand, not asked of the policy."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from kotalive.accounts.models import User
from kotalive.applications.lifecycle import APPLICATION, Role
from kotalive.applications.models import Application
from tests.applications.conftest import Apps
from tests.applications.staff_support import (
    DOCUMENTS_PLACEHOLDER,
    SITUATIONS,
    STAFF_API,
    client_for,
    in_state,
    snapshot,
)

pytestmark = pytest.mark.django_db
State = Application.State

PERSONAS = (
    "applicant",
    "other_resident",
    "lurah",  # the kelurahan office of the applicant: the first step
    "other_lurah",
    "opd_officer",  # the office of the last step
    "opd_viewer",
    "other_opd",
    "anonymous",
)

# What each front end offers, and the lifecycle actions behind it: "approve" passes to the next
# step or approves at the last (one service decides which).
ENDPOINTS: dict[str, tuple[str, ...]] = {
    "request_correction": ("request_correction",),
    "approve": ("pass", "approve"),
    "reject": ("reject",),
    "issue": ("issue",),
}
BODIES: dict[str, dict[str, Any]] = {
    "request_correction": {"reason": "Foto buram."},
    "approve": {"note": "Lengkap."},
    "reject": {"reason": "Bukan warga."},
    "issue": {},
}
OFFICER_ACTIONS = {
    a.name for a in APPLICATION.actions if a.roles & {Role.STEP_OFFICER, Role.FINAL_OFFICER}
}


def persona_roles(persona: str, app: Application) -> set[Role]:
    """The test service: step 0 at the applicant's kelurahan office, step 1 (the last) at the
    OPD, for their officers; a draft is nobody's but the applicant's."""
    sent = app.state != State.DRAFT
    return {
        "applicant": {Role.APPLICANT},
        "lurah": {Role.STEP_OFFICER} if sent and app.step == 0 else set(),
        "opd_officer": {Role.FINAL_OFFICER} if sent and app.step == 1 else set(),
    }.get(persona, set())


def _users(apps: Apps) -> dict[str, User | None]:
    return {
        "applicant": apps.w.r_sukarasa.user,
        "other_resident": apps.w.r_sukaasih.user,
        "lurah": apps.w.lurah_sukarasa,
        "other_lurah": apps.w.lurah_sukaasih,
        "opd_officer": apps.opd_officer,
        "opd_viewer": apps.opd_viewer,
        "other_opd": apps.other_opd_officer,
        "anonymous": None,
    }


def _staff_api(client: Client, app: Application, endpoint: str) -> Any:
    return client.post(f"{STAFF_API}/{app.ref}/{endpoint}", BODIES[endpoint], "application/json")


def _pages(client: Client, app: Application, endpoint: str) -> Any:
    url = reverse("applications_staff:action", args=[app.ref, endpoint])
    return client.post(url, BODIES[endpoint])


FRONT_ENDS = {"staff_api": _staff_api, "pages": _pages}


def _answer_ok(front: str, response: Any, app: Application) -> bool:
    if front == "staff_api":
        return bool(response.status_code == 200)
    if response.status_code != 302:
        return False
    if response["Location"] != reverse("applications_staff:application", args=[app.ref]):
        return False
    return not any(m.level >= messages.ERROR for m in get_messages(response.wsgi_request))


def _target(endpoint: str, before: Application) -> tuple[str, int]:
    if endpoint == "approve":
        if before.step == 0:
            return State.SUBMITTED, 1
        return State.APPROVED, before.step
    target = {
        "request_correction": State.CORRECTION,
        "reject": State.REJECTED,
        "issue": State.ISSUED,
    }
    return target[endpoint], before.step


def test_every_officer_action_of_the_table_is_offered() -> None:
    offered = {a for actions in ENDPOINTS.values() for a in actions}
    assert offered == OFFICER_ACTIONS


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_staff_api_and_pages_answer_as_the_table_says(apps: Apps, endpoint: str) -> None:
    users = _users(apps)
    wrong: list[str] = []
    not_tried = 0
    for situation in SITUATIONS:
        for persona in PERSONAS:
            for front, call in FRONT_ENDS.items():
                app = in_state(apps, situation)
                roles = persona_roles(persona, app)
                allowed = any(
                    APPLICATION.allows(a, state=app.state, roles=roles) for a in ENDPOINTS[endpoint]
                )
                if allowed and endpoint == "issue" and DOCUMENTS_PLACEHOLDER:
                    not_tried += 1  # the documents app is not merged: issuing raises
                    continue
                before = snapshot(app)
                step_before = app.step
                response = call(client_for(users[persona]), app, endpoint)
                after = snapshot(app)
                ok = _answer_ok(front, response, app)
                cell = f"{front} {situation} {persona}"
                if allowed and not ok:
                    wrong.append(f"{cell}: refused ({response.status_code})")
                if not allowed and (ok or after != before):
                    wrong.append(f"{cell}: done ({response.status_code})")
                if allowed and ok:
                    app.step = step_before
                    expected = _target(endpoint, app)
                    if (after[0], after[1]) != expected:
                        wrong.append(f"{cell}: {after[:2]} not {expected}")
    assert wrong == [], f"{endpoint}: " + "; ".join(wrong)
    if not_tried:
        pytest.skip(f"{not_tried} allowed issue cells not tried: documents app not merged")
