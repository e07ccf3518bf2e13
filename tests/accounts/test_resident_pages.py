from __future__ import annotations

import json

import pytest
from django.urls import reverse

from kotalive.accounts.models import ApiToken, ResidentIdentity, User
from kotalive.accounts.services import api_token_create, identity_verify
from tests.accounts.conftest import FAMILY, KK, last_code

pytestmark = pytest.mark.django_db

HEAD = FAMILY[0]
BACKEND = "kotalive.accounts.backends.StaffBackend"


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident, backend=BACKEND)
    return client


def _verify(user):
    return identity_verify(
        actor=user,
        nik=HEAD.nik,
        kk=KK,
        full_name=HEAD.full_name,
        birth_date=HEAD.birth_date,
        ip=None,
    )


def test_sign_in_with_a_phone_code_in_the_browser(
    client, sms_outbox, django_capture_on_commit_callbacks
):
    page = client.get(reverse("accounts:signin"))
    assert page.status_code == 200
    assert 'for="id_phone"' in page.text
    with django_capture_on_commit_callbacks(execute=True):
        step2 = client.post(
            reverse("accounts:signin"), {"step": "phone", "phone": "0812 3456 7890"}
        )
    assert step2.status_code == 200
    assert "+6281****890" in step2.text
    assert 'autocomplete="one-time-code"' in step2.text
    code = last_code(sms_outbox)
    done = client.post(
        reverse("accounts:signin"), {"step": "code", "phone": "+6281234567890", "code": code}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:profile")
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert "+6281****890" in profile.text
    assert "Verifikasi NIK saya" in profile.text


def test_a_wrong_code_shows_the_error_on_the_code_field(client, request_code):
    code = request_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    page = client.post(
        reverse("accounts:signin"), {"step": "code", "phone": "+6281234567890", "code": wrong}
    )
    assert page.status_code == 200
    assert "Kode ini salah" in page.text
    assert 'aria-invalid="true"' in page.text
    assert "_auth_user_id" not in client.session


def test_a_foreign_number_shows_a_precise_error_in_english(client, db):
    client.cookies["django_language"] = "en"
    page = client.post(
        reverse("accounts:signin"),
        {"step": "phone", "phone": "+14155550123"},
    )
    assert "Only Indonesian numbers are accepted" in page.text


def test_sign_in_goes_back_to_the_page_asked_for(client, request_code):
    code = request_code()
    done = client.post(
        reverse("accounts:signin"),
        {"step": "code", "phone": "+6281234567890", "code": code, "next": "/profil/hapus/"},
    )
    assert done["Location"] == "/profil/hapus/"


def test_sign_in_never_redirects_to_another_site(client, request_code):
    code = request_code()
    done = client.post(
        reverse("accounts:signin"),
        {"step": "code", "phone": "+6281234567890", "code": code, "next": "https://evil.example/"},
    )
    assert done["Location"] == reverse("accounts:profile")


@pytest.mark.parametrize("name", ["profile", "verify_nik", "export", "delete"])
def test_anonymous_is_sent_to_sign_in(client, db, name):
    response = client.get(reverse(f"accounts:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signin"))


def test_sign_out_is_a_post(signed_in):
    assert signed_in.get(reverse("accounts:signout")).status_code == 405
    response = signed_in.post(reverse("accounts:signout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in signed_in.session


def test_verify_nik_page_verifies_and_profile_shows_it_masked(signed_in, family, resident):
    page = signed_in.get(reverse("accounts:verify_nik"))
    assert 'for="id_nik"' in page.text
    response = signed_in.post(
        reverse("accounts:verify_nik"),
        {"nik": HEAD.nik, "kk": KK, "full_name": "budi santoso", "birth_date": "1985-08-17"},
    )
    assert response.status_code == 302
    profile = signed_in.get(reverse("accounts:profile")).text
    assert "3671************" in profile
    assert HEAD.nik not in profile
    assert "Siti Rahmawati" in profile  # the household


def test_verify_nik_page_shows_the_precise_fault(signed_in, family):
    response = signed_in.post(
        reverse("accounts:verify_nik"),
        {"nik": "3671011713850001", "kk": KK, "full_name": "Budi", "birth_date": "1985-08-17"},
    )
    assert response.status_code == 200
    assert "bukan bulan" in response.text
    assert not ResidentIdentity.objects.exists()


def test_download_my_data(signed_in, family, resident):
    _verify(resident)
    response = signed_in.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["identity"]["nik"] == HEAD.nik
    assert data["profile"]["phone"] == resident.phone


def test_profile_lists_tokens_and_revokes_one(signed_in, resident, outsider):
    token, _raw = api_token_create(actor=resident, name="Tablet")
    other, _ = api_token_create(actor=outsider, name="Outsider phone")
    page = signed_in.get(reverse("accounts:profile")).text
    assert "Tablet" in page
    assert "Outsider phone" not in page
    signed_in.post(reverse("accounts:revoke_token", args=[other.pk]))
    other.refresh_from_db()
    assert other.revoked_at is None
    signed_in.post(reverse("accounts:revoke_token", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_delete_needs_confirmation_then_signs_out(signed_in, family, resident):
    _verify(resident)
    api_token_create(actor=resident, name="Phone")
    refused = signed_in.post(reverse("accounts:delete"), {})
    assert refused.status_code == 200
    assert User.objects.get(pk=resident.pk).is_active
    done = signed_in.post(reverse("accounts:delete"), {"confirm": "on"})
    assert done.status_code == 302
    resident.refresh_from_db()
    assert (resident.is_active, resident.phone) == (False, None)
    assert not ApiToken.objects.filter(user=resident).exists()
    assert not ResidentIdentity.objects.exists()
    assert signed_in.get(reverse("accounts:profile")).status_code == 302


def test_deleting_the_account_ends_its_other_sessions(signed_in, resident):
    from django.test import Client

    other_device = Client()
    other_device.force_login(resident, backend=BACKEND)
    signed_in.post(reverse("accounts:delete"), {"confirm": "on"})
    assert other_device.get(reverse("accounts:profile")).status_code == 302


def test_signed_in_header_links_to_the_profile(signed_in):
    page = signed_in.get(reverse("accounts:verify_nik"))
    assert f'href="{reverse("accounts:profile")}"' in page.text
