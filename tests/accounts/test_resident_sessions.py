"""A resident sees where they are signed in (browsers and apps) and ends any of it (ASVS 3.3)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotalive.accounts.models import ApiToken, ResidentSession, User
from kotalive.core.crypto import token_hash
from kotalive.core.models import AuditEvent
from tests.world import unchanged

pytestmark = pytest.mark.django_db

PHONE = "+6281234567890"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0"


@pytest.fixture
def browser(request_code, settings):
    """Sign the resident in on a new browser; return its client."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "otp_request_phone": "100/600"}

    def _browser(user_agent: str = CHROME_ANDROID) -> Client:
        client = Client(HTTP_USER_AGENT=user_agent)
        code = request_code(phone=PHONE)
        done = client.post(
            reverse("accounts:signin"), {"step": "code", "phone": PHONE, "code": code}
        )
        assert done.status_code == 302
        return client

    return _browser


def session_of(client: Client) -> ResidentSession:
    key = client.session.session_key
    assert key is not None
    return ResidentSession.objects.get(key_hash=token_hash(key))


def signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


def test_signing_in_records_the_browser_and_the_profile_marks_it(browser):
    phone = browser()
    record = session_of(phone)
    assert record.user.phone == PHONE
    assert record.user_agent == CHROME_ANDROID
    assert phone.session.session_key not in record.key_encrypted  # the key is not in clear
    page = phone.get(reverse("accounts:profile")).content.decode()
    assert "Chrome di Android" in page
    assert "Perangkat ini" in page


def test_profile_and_api_list_browsers_and_apps_and_mark_the_current_one(browser, bearer):
    phone, laptop = browser(), browser(FIREFOX_WINDOWS)
    user = User.objects.get(phone=PHONE)
    app = Client(**{f"HTTP_{k.upper()}": v for k, v in bearer(user).items()})
    page = phone.get(reverse("accounts:profile")).content.decode()
    assert "Chrome di Android" in page
    assert "Firefox di Windows" in page
    assert page.count("Perangkat ini") == 1
    listed = app.get("/api/v1/me/sessions").json()
    assert sorted((d["kind"], d["device"], d["current"]) for d in listed) == [
        ("app", "test phone", True),
        ("web", "Chrome di Android", False),
        ("web", "Firefox di Windows", False),
    ]
    assert listed[0]["current"]  # the current one first
    from_laptop = laptop.get("/api/v1/me/sessions").json()
    (current,) = [d for d in from_laptop if d["current"]]
    assert (current["kind"], current["id"]) == ("web", session_of(laptop).pk)
    assert all(d["signed_in_at"] for d in listed)


def test_ending_another_browser_signs_it_out_and_is_audited(browser):
    phone, laptop = browser(), browser(FIREFOX_WINDOWS)
    target = session_of(laptop)
    response = phone.post(reverse("accounts:end_session", args=[target.pk]))
    assert response.status_code == 302
    assert not signed_in(laptop)
    assert signed_in(phone)
    assert not ResidentSession.objects.filter(pk=target.pk).exists()
    event = AuditEvent.objects.get(action="resident.session_ended")
    assert event.actor_label == f"resident:{User.objects.get(phone=PHONE).pk}"
    assert (event.channel, event.target_id) == ("web", str(target.pk))
    assert event.data["device"] == "Firefox di Windows"


def test_ending_this_browser_signs_out_here(browser):
    phone = browser()
    response = phone.post(reverse("accounts:end_session", args=[session_of(phone).pk]))
    assert response["Location"] == reverse("catalog:home")
    assert not signed_in(phone)
    assert not ResidentSession.objects.exists()


def test_end_all_others_by_api_keeps_only_the_calling_app(browser, bearer):
    phone, laptop = browser(), browser(FIREFOX_WINDOWS)
    user = User.objects.get(phone=PHONE)
    other_app = bearer(user)
    app = Client(**{f"HTTP_{k.upper()}": v for k, v in bearer(user).items()})
    response = app.post("/api/v1/me/sessions/end-others")
    assert response.status_code == 200
    assert response.json() == {"ended": 3}
    assert not signed_in(phone)
    assert not signed_in(laptop)
    assert Client().get("/api/v1/me", headers=other_app).status_code == 401
    assert app.get("/api/v1/me").status_code == 200
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1
    event = AuditEvent.objects.get(action="resident.sessions_ended_others")
    assert (event.channel, event.data) == ("api", {"web_sessions": 2, "app_tokens": 1})


def test_end_all_others_on_the_page_keeps_this_browser(browser, bearer):
    phone, laptop = browser(), browser(FIREFOX_WINDOWS)
    token = bearer(User.objects.get(phone=PHONE))
    assert phone.post(reverse("accounts:end_other_sessions")).status_code == 302
    assert signed_in(phone)
    assert not signed_in(laptop)
    assert Client().get("/api/v1/me", headers=token).status_code == 401
    assert list(ResidentSession.objects.values_list("pk", flat=True)) == [session_of(phone).pk]


def test_someone_elses_session_is_not_found_and_stays(browser, make_resident, bearer):
    phone = browser()
    stranger = Client(**{f"HTTP_{k.upper()}": v for k, v in bearer(make_resident()).items()})
    target = session_of(phone)
    with unchanged(target, target.user):
        response = stranger.delete(f"/api/v1/me/sessions/{target.pk}")
        assert response.status_code == 404
        assert response.json()["code"] == "session_not_found"
        assert stranger.delete(f"/api/v1/me/sessions/{2**63 - 1}").status_code == 404
    assert signed_in(phone)
    assert ResidentSession.objects.filter(pk=target.pk).exists()
    assert not AuditEvent.objects.filter(action="resident.session_ended").exists()


def test_last_seen_is_written_at_most_every_five_minutes(browser):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        phone = browser()
    first = session_of(phone).last_seen_at
    with time_machine.travel(start + dt.timedelta(minutes=4), tick=False):
        phone.get(reverse("accounts:profile"))
    assert session_of(phone).last_seen_at == first
    later = start + dt.timedelta(minutes=6)
    with time_machine.travel(later, tick=False):
        phone.get(reverse("accounts:profile"))
    assert session_of(phone).last_seen_at == later


def test_a_session_from_before_the_record_is_adopted_on_its_next_request(make_resident):
    user = make_resident()
    client = Client(HTTP_USER_AGENT=FIREFOX_WINDOWS)
    client.force_login(user, backend="kotalive.accounts.backends.StaffBackend")
    assert not ResidentSession.objects.exists()
    client.get(reverse("accounts:profile"))
    assert session_of(client).user == user


def test_signing_out_and_deleting_the_account_leave_no_session_record(browser):
    phone = browser()
    phone.post(reverse("accounts:signout"))
    assert not ResidentSession.objects.exists()
    laptop = browser(FIREFOX_WINDOWS)
    laptop.post(reverse("accounts:delete"), {"confirm": "HAPUS"})
    assert not ResidentSession.objects.exists()


def test_staff_sessions_are_not_recorded(db):
    staff = User.objects.create_user("petugas", "x", kind=User.Kind.STAFF)
    client = Client()
    client.force_login(staff, backend="kotalive.accounts.backends.StaffBackend")
    client.get("/")
    assert not ResidentSession.objects.exists()
