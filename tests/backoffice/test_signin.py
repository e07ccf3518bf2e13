"""Staff sign-in: password then TOTP, enrolment, replay protection, rate limits, the admin gate."""

from __future__ import annotations

from unittest import mock

import pyotp
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kotalive.accounts import totp
from kotalive.accounts.models import User
from kotalive.core.models import AuditEvent
from tests.world import (
    SECRET,
    code_for,
    make_staff,
    password_step,
    sign_in,
    unchanged,
)

pytestmark = pytest.mark.django_db


def test_staff_signs_in_with_password_and_totp(client, world):
    response = sign_in(client, world.lurah_sukarasa)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard")
    page = client.get(reverse("staff:dashboard"))
    assert page.status_code == 200
    assert "Kel. Sukarasa" in page.content.decode()
    assert AuditEvent.objects.filter(
        action="staff.signed_in", actor=world.lurah_sukarasa, channel="web"
    ).exists()


def test_password_alone_grants_no_access(client, world):
    response = password_step(client, "lurah.sukarasa")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:totp")
    assert "_auth_user_id" not in client.session
    dashboard = client.get(reverse("staff:dashboard"))
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(reverse("staff:signin"))
    assert client.get(reverse("staff:resident_list")).status_code == 302
    api = client.get("/api/v1/staff/residents")
    assert api.status_code == 401


def test_wrong_password_is_refused_and_audited(client, world):
    with unchanged(world.lurah_sukarasa, audited=("staff.sign_in_failed",)):
        response = password_step(client, "lurah.sukarasa", "not the password")
    assert response.status_code == 400
    assert client.session.get("kotalive_staff_pending") is None
    failure = AuditEvent.objects.get(action="staff.sign_in_failed")
    assert failure.data == {"username": "lurah.sukarasa", "reason": "password"}


def test_wrong_totp_is_refused_and_audited(client, world):
    password_step(client, "lurah.sukarasa")
    wrong = "000000" if code_for() != "000000" else "111111"
    with unchanged(world.lurah_sukarasa, audited=("staff.sign_in_failed",)):
        response = client.post(reverse("staff:totp"), {"code": wrong})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("staff:dashboard")).status_code == 302
    failure = AuditEvent.objects.get(action="staff.sign_in_failed")
    assert failure.data["reason"] == "totp"
    assert failure.actor == world.lurah_sukarasa


def test_totp_code_cannot_be_replayed(client, world):
    with time_machine.travel("2026-11-28 08:00:05 +0000", tick=False):
        code = code_for()
        assert sign_in(client, world.lurah_sukarasa, code=code).status_code == 302
        client.post(reverse("staff:signout"))
        assert sign_in(client, world.lurah_sukarasa, code=code).status_code == 400
    assert "_auth_user_id" not in client.session


def test_totp_accepts_one_step_of_clock_drift_but_not_two(world):
    user = world.lurah_sukarasa
    with time_machine.travel("2026-11-28 08:00:05 +0000", tick=False):
        gen = pyotp.TOTP(SECRET)
        now = 1795852805
        assert not totp.totp_verify(user=user, code=str(gen.at(now - 60)))
        assert totp.totp_verify(user=user, code=str(gen.at(now - 30)))
        # An older step than the one just spent is refused too, even inside the window.
        assert totp.totp_verify(user=user, code=str(gen.at(now)))
        assert not totp.totp_verify(user=user, code=str(gen.at(now - 30)))


def test_totp_secret_is_stored_encrypted(world):
    stored = User.objects.get(pk=world.lurah_sukarasa.pk).totp_secret_encrypted
    assert SECRET not in stored
    assert totp.totp_secret_of(world.lurah_sukarasa) == SECRET


def test_staff_without_totp_must_enrol_before_anything_else(client, world):
    make_staff("baru", None, secret=None, is_superuser=True)
    response = password_step(client, "baru")
    assert response["Location"] == reverse("staff:enrol")
    assert client.get(reverse("staff:totp"))["Location"] == reverse("staff:enrol")
    assert client.get(reverse("staff:dashboard")).status_code == 302
    page = client.get(reverse("staff:enrol"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "data:image/svg+xml;base64," in body
    assert "otpauth://totp/" in body
    user = User.objects.get(username="baru")
    secret = totp.totp_secret_of(user)
    assert secret is not None
    assert secret in body
    assert user.totp_confirmed_at is None

    refused = client.post(reverse("staff:enrol"), {"code": "12345"})
    assert refused.status_code == 200  # the form says what is wrong
    done = client.post(reverse("staff:enrol"), {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    assert client.get(reverse("staff:dashboard")).status_code == 200
    assert User.objects.get(username="baru").totp_confirmed_at is not None
    assert AuditEvent.objects.filter(action="staff.totp_enrolled").exists()


def test_enrolment_page_does_not_show_a_confirmed_secret(client, world):
    password_step(client, "lurah.sukarasa")
    response = client.get(reverse("staff:enrol"))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:totp")


def test_residents_cannot_sign_in_as_staff(client, world):
    resident = world.resident_user
    resident.set_password("a password they should not have")
    resident.username = "warga"
    resident.save()
    response = password_step(client, "warga", "a password they should not have")
    assert response.status_code == 400
    assert client.session.get("kotalive_staff_pending") is None


def _limits(settings, **rates: str) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, **rates}


def test_staff_login_is_rate_limited_per_address_and_account(client, world, settings):
    _limits(settings, staff_login_ip_account="3/900")
    for _ in range(3):
        assert password_step(client, "lurah.sukarasa", "wrong").status_code == 400
    # From this address the right password no longer helps until the window ends.
    assert password_step(client, "lurah.sukarasa").status_code == 429
    assert client.session.get("kotalive_staff_pending") is None
    # The same account from another address, and another account from here, are not affected.
    assert password_step(Client(), "lurah.sukarasa", REMOTE_ADDR="10.0.0.9").status_code == 302
    assert password_step(Client(), "lurah.sukaasih").status_code == 302


def test_staff_login_failures_are_rate_limited_per_ip(client, world, settings):
    _limits(settings, staff_login_ip="3/900")
    for name in ("a", "b", "c"):
        assert password_step(client, name, "wrong").status_code == 400
    assert password_step(client, "d", "wrong").status_code == 429
    # The address is now locked, even for a right password of another account.
    assert password_step(client, "lurah.sukarasa").status_code == 429
    assert client.session.get("kotalive_staff_pending") is None


def test_many_staff_behind_one_address_can_all_sign_in(world, settings):
    _limits(
        settings,
        staff_login_ip="3/900",
        staff_login_ip_account="3/900",
        staff_login_account="3/900",
        staff_totp="3/900",
    )
    for user in (
        world.lurah_sukarasa,
        world.lurah_sukaasih,
        world.camat_tangerang,
        world.city_admin,
        world.viewer,
    ):
        assert sign_in(Client(), user).status_code == 302


def test_totp_guessing_is_rate_limited_per_staff_member(client, world, settings):
    _limits(settings, staff_totp="3/900")
    password_step(client, "lurah.sukarasa", REMOTE_ADDR="10.0.0.1")
    wrong = "000000" if code_for() != "000000" else "111111"
    # From a different address each time: the limit follows the account, not the address.
    for n in (2, 3, 4):
        client.post(reverse("staff:totp"), {"code": wrong}, REMOTE_ADDR=f"10.0.0.{n}")
    response = client.post(reverse("staff:totp"), {"code": code_for()}, REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_staff_login_fails_closed_when_the_cache_is_down(client, world):
    with mock.patch("kotalive.core.ratelimit.cache.incr", side_effect=ConnectionError("down")):
        response = password_step(client, "lurah.sukarasa")
    assert response.status_code == 429
    assert client.session.get("kotalive_staff_pending") is None


def test_pending_sign_in_expires(client, world):
    with time_machine.travel("2026-11-28 08:00:05 +0000", tick=False):
        password_step(client, "lurah.sukarasa")
    with time_machine.travel("2026-11-28 08:10:05 +0000", tick=False):
        response = client.post(reverse("staff:totp"), {"code": code_for()})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:signin")
    assert "_auth_user_id" not in client.session


def test_next_url_is_kept_but_only_on_this_site(client, world):
    client.post(
        reverse("staff:signin") + "?next=/staff/warga/",
        {"username": "lurah.sukarasa", "password": "correct horse battery staple"},
    )
    assert client.post(reverse("staff:totp"), {"code": code_for()})["Location"] == "/staff/warga/"
    client.post(reverse("staff:signout"))
    client.post(
        reverse("staff:signin") + "?next=https://evil.example/",
        {"username": "lurah.sukarasa", "password": "correct horse battery staple"},
    )
    response = client.post(reverse("staff:totp"), {"code": code_for(offset_steps=1)})
    assert response["Location"] == reverse("staff:dashboard")


def test_admin_sends_anonymous_to_staff_sign_in(client, world):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("staff:signin"))
    assert response.status_code == 200


def test_admin_requires_totp_even_for_a_signed_in_superuser(client, world):
    # A session made without the TOTP step (as any other sign-in path would make it).
    client.force_login(world.city_admin, backend="kotalive.accounts.backends.StaffBackend")
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/core/auditevent/").status_code == 302


def test_admin_opens_after_totp(client, world):
    sign_in(client, world.city_admin)
    assert client.get("/admin/").status_code == 200


def test_admin_refuses_staff_who_are_not_admin_staff(client, world):
    sign_in(client, world.lurah_sukarasa)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_ip_lock_check_fails_closed_when_the_cache_is_down(world):
    from django.core.cache import cache

    from kotalive.backoffice import services
    from kotalive.core.errors import RateLimited

    with (
        mock.patch.object(cache, "incr", side_effect=ConnectionError("down")),
        pytest.raises(RateLimited),
    ):
        services.staff_password_check(
            username="lurah.sukarasa", password="correct horse battery staple", ip="10.1.1.1"
        )


def test_signed_in_staff_skip_the_sign_in_page(client, world):
    sign_in(client, world.lurah_sukarasa)
    response = client.get(reverse("staff:signin"))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard")
