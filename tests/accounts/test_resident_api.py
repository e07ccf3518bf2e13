from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from kotalive.accounts.auth import _token_user
from kotalive.accounts.models import ApiToken, PhoneCode, ResidentIdentity, User
from kotalive.accounts.services import identity_verify
from kotalive.core.crypto import token_hash
from tests.accounts.conftest import FAMILY, KK
from tests.world import unchanged

pytestmark = pytest.mark.django_db

HEAD = FAMILY[0]
IDENTITY_BODY = {
    "nik": HEAD.nik,
    "kk": KK,
    "full_name": HEAD.full_name,
    "birth_date": HEAD.birth_date.isoformat(),
}


def _verify(user):
    return identity_verify(
        actor=user,
        nik=HEAD.nik,
        kk=KK,
        full_name=HEAD.full_name,
        birth_date=HEAD.birth_date,
        ip=None,
    )


PRIVATE = [
    ("get", "/api/v1/me"),
    ("post", "/api/v1/me/identity"),
    ("get", "/api/v1/me/household"),
    ("get", "/api/v1/me/export"),
    ("delete", "/api/v1/me"),
    ("get", "/api/v1/me/tokens"),
    ("delete", "/api/v1/me/tokens/1"),
]


@pytest.mark.parametrize(("method", "path"), PRIVATE)
def test_anonymous_is_refused_on_every_private_endpoint(db, method, path):
    # A real browser-like client: CSRF is enforced, yet with no session there is nothing to
    # protect, so the answer is the documented 401 (not a CSRF 403).
    client = Client(enforce_csrf_checks=True)
    kwargs = {"data": IDENTITY_BODY, "content_type": "application/json"} if method == "post" else {}
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(("method", "path"), PRIVATE)
def test_a_revoked_or_made_up_token_is_refused(client, resident, bearer, method, path):
    headers = bearer(resident)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    for auth in (headers["Authorization"], "Bearer klt_made-up"):
        response = getattr(client, method)(path, headers={"Authorization": auth})
        assert response.status_code == 401


def test_a_deactivated_users_token_is_refused(client, resident, bearer):
    headers = bearer(resident)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    User.objects.filter(pk=resident.pk).update(is_active=False)
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_token_use_is_recorded_at_most_every_five_minutes(client, resident, bearer):
    headers = bearer(resident)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        first = ApiToken.objects.get().last_used_at
        assert first == timezone.now()
        traveller.shift(timedelta(minutes=4))
        client.get("/api/v1/me", headers=headers)
        assert ApiToken.objects.get().last_used_at == first  # a read stays a read
        traveller.shift(timedelta(minutes=2))
        client.get("/api/v1/me", headers=headers)
        assert ApiToken.objects.get().last_used_at == timezone.now()


def test_the_user_a_token_authenticates_is_the_user_as_stored(resident, bearer):
    """The written-out token query builds the same user the ORM would (SQLite's text datetimes
    and integer booleans converted, encrypted fields as stored)."""
    resident.last_login = timezone.now() - timedelta(days=3)
    resident.display_name = "Siti"
    resident.save()
    raw = bearer(resident)["Authorization"].removeprefix("Bearer ")
    found = _token_user(raw, timezone.now() - timedelta(minutes=5))
    assert found is not None
    user, token_id, stale = found
    assert token_id == ApiToken.objects.get(user=resident).pk
    assert stale is True  # never used yet
    stored = User.objects.get(pk=resident.pk)
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(stored, field.attname), field.name
    assert timezone.is_aware(user.date_joined)
    assert user._state.adding is False
    assert _token_user("klt_made-up", timezone.now()) is None


def test_requesting_a_code_answers_202_with_the_masked_number(client, sms_outbox):
    response = client.post(
        "/api/v1/auth/code", {"phone": "0812 3456 7890"}, content_type="application/json"
    )
    assert response.status_code == 202
    assert response.json() == {"phone": "+6281****890", "expires_in": 300}
    # The SMS leaves on commit; the test transaction does not commit, so read the stored hash.
    assert PhoneCode.objects.filter(phone="+6281234567890").exists()


def test_token_create_list_and_revoke(client, request_code):
    code = request_code()
    response = client.post(
        "/api/v1/auth/token",
        {"phone": "081234567890", "code": code, "device_name": "Android Budi"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    raw = body["token"]
    assert body["token_type"] == "Bearer"
    stored = ApiToken.objects.get(pk=body["id"])
    assert stored.token_hash == token_hash(raw)
    assert raw not in str(ApiToken.objects.values_list())
    auth = {"Authorization": f"Bearer {raw}"}

    me = client.get("/api/v1/me", headers=auth)
    assert me.status_code == 200
    assert me.json()["phone_masked"] == "+6281****890"
    assert me.json()["identity_verified"] is False

    listed = client.get("/api/v1/me/tokens", headers=auth).json()
    assert [(t["id"], t["name"]) for t in listed] == [(stored.pk, "Android Budi")]
    assert "token" not in listed[0]

    revoked = client.delete(f"/api/v1/me/tokens/{stored.pk}", headers=auth)
    assert revoked.status_code == 204
    assert client.get("/api/v1/me", headers=auth).status_code == 401


def test_a_wrong_code_gives_no_token(client, request_code):
    code = request_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = client.post(
        "/api/v1/auth/token",
        {"phone": "081234567890", "code": wrong, "device_name": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "code_invalid"
    assert not ApiToken.objects.exists()


def test_code_requests_over_the_limit_answer_429_with_retry_after(client, sms_outbox, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "otp_request_phone": "1/600"}
    first = client.post(
        "/api/v1/auth/code", {"phone": "081234567890"}, content_type="application/json"
    )
    assert first.status_code == 202
    second = client.post(
        "/api/v1/auth/code", {"phone": "081234567890"}, content_type="application/json"
    )
    assert second.status_code == 429
    assert int(second["Retry-After"]) > 0
    assert second.json()["code"] == "rate_limited"


def test_a_foreign_number_gets_a_precise_problem(client, db):
    response = client.post(
        "/api/v1/auth/code", {"phone": "+14155550123"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "phone_not_indonesian"


def test_an_outsider_cannot_revoke_my_token(client, resident, outsider, bearer):
    bearer(resident)
    mine = ApiToken.objects.get(user=resident)
    outsiders = bearer(outsider)
    with unchanged(mine, resident):
        response = client.delete(f"/api/v1/me/tokens/{mine.pk}", headers=outsiders)
    assert response.status_code == 404
    assert response.json()["code"] == "token_not_found"
    mine.refresh_from_db()
    assert mine.revoked_at is None


def test_an_outsider_does_not_see_my_tokens(client, resident, outsider, bearer):
    bearer(resident)
    listed = client.get("/api/v1/me/tokens", headers=bearer(outsider)).json()
    assert [t["name"] for t in listed] == ["test phone"]
    assert len(listed) == 1
    assert ApiToken.objects.filter(user=outsider).count() == 1


def test_identity_verification_and_household_by_api(client, family, resident, bearer):
    auth = bearer(resident)
    before = client.get("/api/v1/me/household", headers=auth)
    assert (before.status_code, before.json()["code"]) == (403, "identity_required")
    response = client.post(
        "/api/v1/me/identity", IDENTITY_BODY, content_type="application/json", headers=auth
    )
    assert response.status_code == 200, response.content
    assert response.json()["nik_masked"] == "3671************"
    household = client.get("/api/v1/me/household", headers=auth).json()
    assert [m["full_name"] for m in household] == [m.full_name for m in FAMILY]
    assert all("*" in m["nik_masked"] for m in household)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"nik": "367101170885"}, "nik_length"),
        ({"nik": "3671011708850000"}, "nik_serial"),
        ({"kk": "3671012001120000"}, "kk_serial"),
        ({"full_name": "Bukan Budi"}, "identity_mismatch"),
    ],
)
def test_identity_refusals_are_problems_with_their_code(
    client, family, resident, bearer, change, code
):
    headers = bearer(resident)
    with unchanged(resident, ResidentIdentity):
        response = client.post(
            "/api/v1/me/identity",
            {**IDENTITY_BODY, **change},
            content_type="application/json",
            headers=headers,
        )
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_a_nik_already_bound_is_a_409(client, family, resident, outsider, bearer):
    _verify(resident)
    response = client.post(
        "/api/v1/me/identity",
        IDENTITY_BODY,
        content_type="application/json",
        headers=bearer(outsider),
    )
    assert (response.status_code, response.json()["code"]) == (409, "nik_already_verified")


def test_export_contains_my_data_and_not_others(client, family, resident, outsider, bearer):
    _verify(resident)
    bearer(outsider)
    data = client.get("/api/v1/me/export", headers=bearer(resident)).json()
    assert data["profile"]["phone"] == resident.phone
    assert data["identity"]["nik"] == HEAD.nik
    assert data["identity"]["kk"] == KK
    assert [m["full_name"] for m in data["household"]] == [m.full_name for m in FAMILY]
    assert FAMILY[1].nik not in str(data)  # other people's numbers stay masked
    assert {e["action"] for e in data["audit_events"]} >= {"resident.identity_verified"}
    assert outsider.phone not in str(data)
    assert all(e["actor"] != f"resident:{outsider.pk}" for e in data["audit_events"])


def test_delete_me_removes_identity_and_tokens_and_anonymises(client, family, resident, bearer):
    _verify(resident)
    auth = bearer(resident)
    response = client.delete("/api/v1/me", headers=auth)
    assert response.status_code == 204
    resident.refresh_from_db()
    assert (resident.phone, resident.is_active, resident.display_name) == (None, False, "")
    assert not ResidentIdentity.objects.exists()
    assert not ApiToken.objects.exists()
    assert client.get("/api/v1/me", headers=auth).status_code == 401
    assert User.objects.filter(pk=resident.pk).exists()  # kept for the audit trail


def test_session_posts_need_csrf(family, resident):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(resident, backend="kotalive.accounts.backends.StaffBackend")
    response = strict.post("/api/v1/me/identity", IDENTITY_BODY, content_type="application/json")
    assert response.status_code in {401, 403}
    assert not ResidentIdentity.objects.exists()
