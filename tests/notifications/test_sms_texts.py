"""What an SMS says: the city's name for the app, whole sentences, the resident's words."""

from __future__ import annotations

import pytest
from django.utils import translation

from kotalive.accounts.services import phone_code_request

pytestmark = pytest.mark.django_db


def test_an_sms_ends_the_title_with_a_full_stop_before_the_body(resident, send, sms_outbox):
    send(resident, title="Report LK-1 passed to DPUPR", body="The office will handle it.")
    assert sms_outbox[0].text == (
        "Tangerang LIVE: Report LK-1 passed to DPUPR. The office will handle it."
    )


def test_an_sms_keeps_the_title_own_punctuation(resident, send, sms_outbox):
    send(resident, title="Is it fixed?", body="Tell us")
    assert sms_outbox[0].text == "Tangerang LIVE: Is it fixed? Tell us."


def test_an_sms_is_signed_with_the_city_app_name(resident, send, sms_outbox, settings):
    settings.SITE_NAME = "Kota Contoh LIVE"
    send(resident, title="Hello")
    assert sms_outbox[0].text == "Kota Contoh LIVE: Hello."


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_sign_in_code_sms_names_the_city_app_not_the_software(
    sms_outbox, django_capture_on_commit_callbacks, language
):
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        phone_code_request(phone="081234567890", ip=None)
    text = sms_outbox[-1].text
    assert "Tangerang LIVE" in text
    assert "KotaLive" not in text
