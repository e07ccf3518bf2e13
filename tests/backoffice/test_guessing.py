"""Password guessing against a named staff account (issue 9, point 6).

Before: every attempt counted against the username (10 per 15 minutes), so ten wrong passwords
from ten addresses locked the owner out, and anyone could keep them locked. Now failures count per
address, per address and account, and per account; the per-account limit does not apply on a
device where the account completed a sign-in before (docs/backoffice.md).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kotalive.core.models import AuditEvent
from tests.world import code_for, password_step

pytestmark = pytest.mark.django_db

OWNER = "lurah.sukarasa"


def _stranger_guesses(times: int, username: str = OWNER) -> None:
    for n in range(times):
        response = password_step(Client(), username, f"guess {n}", REMOTE_ADDR=f"203.0.113.{n + 1}")
        assert response.status_code == 400


def _sign_in(client: Client, *, address: str, offset_steps: int = 0) -> int:
    first = password_step(client, OWNER, REMOTE_ADDR=address)
    if first.status_code != 302:
        return int(first.status_code)
    code = code_for(offset_steps=offset_steps)
    second = client.post(reverse("staff:totp"), {"code": code}, REMOTE_ADDR=address)
    return int(second.status_code)


def test_wrong_passwords_from_many_addresses_do_not_lock_the_owner_out(world):
    _stranger_guesses(12)

    owner = Client()
    assert _sign_in(owner, address="198.51.100.7") == 302
    assert owner.get(reverse("staff:dashboard")).status_code == 200


def test_guessing_from_one_address_is_still_limited(world):
    attacker = {"REMOTE_ADDR": "203.0.113.66"}
    for n in range(5):
        assert password_step(Client(), OWNER, f"guess {n}", **attacker).status_code == 400
    # The right password from that address is refused now, and nothing is half signed in.
    client = Client()
    refused = password_step(client, OWNER, **attacker)
    assert refused.status_code == 429
    assert client.session.get("kotalive_staff_pending") is None
    # Other accounts from the same address: ten failures in all, then the address is refused.
    for n in range(5):
        assert password_step(Client(), f"someone{n}", "guess", **attacker).status_code == 400
    assert password_step(Client(), "lurah.sukaasih", **attacker).status_code == 429
    assert AuditEvent.objects.filter(action="staff.sign_in_failed").count() == 10


def test_an_account_under_attack_still_opens_on_the_owners_known_device(world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "staff_login_account": "5/900"}
    owner = Client()
    assert _sign_in(owner, address="198.51.100.7") == 302
    owner.post(reverse("staff:signout"))

    _stranger_guesses(5)

    # A device that never signed in as this account meets the per-account limit...
    new_device = Client()
    refused = password_step(new_device, OWNER, REMOTE_ADDR="198.51.100.8")
    assert refused.status_code == 429
    # Pages open in Indonesian: "this account had too many failed sign-ins".
    assert "terlalu sering gagal masuk" in refused.content.decode()
    assert new_device.session.get("kotalive_staff_pending") is None
    # ...the owner's own device does not, from any address.
    assert _sign_in(owner, offset_steps=1, address="198.51.100.9") == 302
    assert owner.get(reverse("staff:dashboard")).status_code == 200


def test_a_forged_device_cookie_does_not_lift_the_limit(world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "staff_login_account": "5/900"}
    _stranger_guesses(5)
    forger = Client()
    forger.cookies["kotalive_staff_device"] = f"[{world.lurah_sukarasa.pk}]"
    assert password_step(forger, OWNER, REMOTE_ADDR="198.51.100.8").status_code == 429


def test_code_guessing_does_not_lock_the_owner_out_of_their_known_device(world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "staff_totp": "3/900"}
    owner = Client()
    assert _sign_in(owner, address="198.51.100.7") == 302
    owner.post(reverse("staff:signout"))

    # Someone who has the password guesses codes from several addresses.
    wrong = "000000" if code_for() != "000000" else "111111"
    thief = Client()
    password_step(thief, OWNER, REMOTE_ADDR="203.0.113.1")
    for n in (2, 3, 4):
        thief.post(reverse("staff:totp"), {"code": wrong}, REMOTE_ADDR=f"203.0.113.{n}")
    blocked = thief.post(reverse("staff:totp"), {"code": code_for()}, REMOTE_ADDR="203.0.113.5")
    assert blocked.status_code == 429

    assert _sign_in(owner, offset_steps=1, address="198.51.100.9") == 302


def test_the_limits_live_in_the_cache(world):
    attacker = {"REMOTE_ADDR": "203.0.113.66"}
    for n in range(5):
        password_step(Client(), OWNER, f"guess {n}", **attacker)
    assert password_step(Client(), OWNER, **attacker).status_code == 429
    cache.clear()
    assert password_step(Client(), OWNER, **attacker).status_code == 302
