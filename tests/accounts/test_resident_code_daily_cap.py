"""Sign-in codes to one number are capped per day as well as per 10 minutes: 3 per 10 minutes
alone allowed 432 SMS a day to one number (issue 9, point 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse

from kotalive.accounts.models import PhoneCode
from kotalive.core.errors import RateLimited
from kotalive.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PHONE = "081234567890"
NUMBER = "+6281234567890"
CAP = 3
ROOT = Path(__file__).resolve().parents[2]
# Mid-morning WIB (03:00 UTC): far from the day's window edge, which is 00:00 UTC.
MORNING = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def capped(settings) -> None:
    # The 10-minute limit out of the way, so that only the daily cap can refuse.
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "otp_request_phone": "1000/600",
        "otp_request_ip": "1000/600",
        "otp_request_phone_day": f"{CAP}/86400",
    }


def use_the_days_allowance(request_code) -> str:
    code = ""
    for i in range(CAP):
        code = request_code(ip=f"10.0.0.{i}")
    return code


def test_the_daily_cap_is_a_setting_read_from_the_environment_and_listed_in_env_example():
    listed = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "\nRATE_OTP_PHONE_DAY=" in listed
    settings_source = (ROOT / "src/kotalive/config/settings.py").read_text(encoding="utf-8")
    assert 'env_str("RATE_OTP_PHONE_DAY", "10/86400")' in settings_source
    assert django_settings.RATE_LIMITS["otp_request_phone_day"].endswith("/86400")


def test_past_the_daily_cap_nothing_is_sent_or_stored(capped, request_code, sms_outbox):
    with time_machine.travel(MORNING, tick=False):
        last = use_the_days_allowance(request_code)
        stored = PhoneCode.objects.get(phone=NUMBER)
        audited = AuditEvent.objects.filter(action="resident.code_requested").count()
        with pytest.raises(RateLimited) as caught:
            request_code(ip="10.0.1.1")
    assert caught.value.code == "phone_code_daily_limit"
    assert caught.value.retry_after == 21 * 3600  # until 00:00 UTC, 07:00 WIB
    assert len(sms_outbox) == CAP
    assert PhoneCode.objects.get() == stored  # the last code sent still works
    assert last in sms_outbox[-1].text
    assert AuditEvent.objects.filter(action="resident.code_requested").count() == audited


def test_the_cap_is_per_number_and_per_day(capped, request_code):
    with time_machine.travel(MORNING, tick=False):
        use_the_days_allowance(request_code)
        assert request_code(phone="081299998888", ip="10.0.2.1")  # another number
    with time_machine.travel(MORNING + dt.timedelta(days=1), tick=False):
        assert request_code(ip="10.0.3.1")  # the next day


def test_the_api_answers_429_problem_json_with_a_stable_code(
    capped, request_code, client, sms_outbox
):
    with time_machine.travel(MORNING, tick=False):
        use_the_days_allowance(request_code)
        response = client.post(
            "/api/v1/auth/code",
            {"phone": PHONE},
            content_type="application/json",
            headers={"Accept-Language": "en"},
        )
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "phone_code_daily_limit"
    assert "most sign-in codes allowed in one day" in body["detail"]
    assert response["Retry-After"] == str(21 * 3600)
    assert len(sms_outbox) == CAP


def test_the_page_shows_a_translated_form_error(capped, request_code, client, sms_outbox):
    with time_machine.travel(MORNING, tick=False):
        use_the_days_allowance(request_code)
        page = client.post(reverse("accounts:signin"), {"step": "phone", "phone": PHONE})
    assert page.status_code == 429
    alert = page.text.split('<div role="alert">', 1)[1].split("</div>", 1)[0]
    assert "batas kode masuk untuk satu hari" in alert
    assert 'autocomplete="one-time-code"' not in page.text  # still the phone step
    assert len(sms_outbox) == CAP
