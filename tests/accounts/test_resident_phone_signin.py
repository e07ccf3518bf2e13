from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.utils import timezone

from kotalive.accounts.models import PhoneCode, User
from kotalive.accounts.services import (
    normalise_phone,
    phone_code_request,
    phone_code_verify,
    phone_codes_purge,
)
from kotalive.accounts.sms import HttpSmsGateway, SentSms, SmsDeliveryError
from kotalive.accounts.tasks import phone_codes_purge as phone_codes_purge_task
from kotalive.core.errors import DomainError, RateLimited
from kotalive.core.models import AuditEvent
from tests.accounts.conftest import last_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw",
    ["081234567890", "6281234567890", "+6281234567890", "0812-3456-7890", "+62 812 3456 7890"],
)
def test_indonesian_mobile_numbers_are_normalised(raw):
    assert normalise_phone(raw) == "+6281234567890"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "phone_required"),
        ("0812abc45678", "phone_invalid_characters"),
        ("+14155550123", "phone_not_indonesian"),
        ("81234567890", "phone_not_indonesian"),
        ("0215551234", "phone_not_mobile"),
        ("+62215551234", "phone_not_mobile"),
        ("0812345", "phone_length"),
        ("08123456789012345", "phone_length"),
    ],
)
def test_other_numbers_are_refused_with_a_precise_error(raw, code):
    with pytest.raises(DomainError) as caught:
        normalise_phone(raw)
    assert caught.value.code == code


def test_a_code_is_sent_by_sms_and_stored_only_hashed(request_code, sms_outbox):
    code = request_code()
    assert sms_outbox[-1].to == "+6281234567890"
    stored = PhoneCode.objects.get(phone="+6281234567890")
    assert code not in stored.code_hash
    assert stored.expires_at - stored.created_at == timedelta(minutes=5)


def test_no_sms_leaves_before_the_code_is_committed(sms_outbox):
    # Inside the test transaction nothing commits, so nothing may be sent.
    phone_code_request(phone="081234567890", ip="10.0.0.1")
    assert sms_outbox == []


def test_the_right_code_signs_in_and_creates_the_resident_once(request_code):
    user = phone_code_verify(phone="081234567890", code=request_code(), ip="10.0.0.1")
    assert (user.kind, user.phone, user.is_active) == ("resident", "+6281234567890", True)
    again = phone_code_verify(phone="6281234567890", code=request_code(), ip="10.0.0.1")
    assert again.pk == user.pk
    assert User.objects.filter(phone="+6281234567890").count() == 1
    assert AuditEvent.objects.filter(action="resident.created", actor=user).count() == 1
    assert AuditEvent.objects.filter(action="resident.signed_in", actor=user).count() == 2


def test_an_expired_code_is_refused(request_code):
    code = request_code()
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)),
        pytest.raises(DomainError) as caught,
    ):
        phone_code_verify(phone="081234567890", code=code, ip="10.0.0.1")
    assert caught.value.code == "code_expired"


def test_a_code_just_within_five_minutes_is_accepted(request_code):
    code = request_code()
    with time_machine.travel(timezone.now() + timedelta(minutes=4, seconds=59)):
        assert phone_code_verify(phone="081234567890", code=code, ip="10.0.0.1").pk


def test_a_used_code_is_refused(request_code):
    code = request_code()
    phone_code_verify(phone="081234567890", code=code, ip="10.0.0.1")
    with pytest.raises(DomainError) as caught:
        phone_code_verify(phone="081234567890", code=code, ip="10.0.0.1")
    assert caught.value.code == "code_used"


def test_a_wrong_code_is_refused_and_counted(request_code):
    code = request_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(DomainError) as caught:
        phone_code_verify(phone="081234567890", code=wrong, ip="10.0.0.1")
    assert caught.value.code == "code_invalid"
    assert caught.value.extra["attempts_left"] == 4
    assert PhoneCode.objects.get().attempts == 1


def test_the_sixth_try_is_refused_even_with_the_right_code(request_code):
    code = request_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        with pytest.raises(DomainError) as caught:
            phone_code_verify(phone="081234567890", code=wrong, ip="10.0.0.1")
        assert caught.value.code == "code_invalid"
    with pytest.raises(DomainError) as caught:
        phone_code_verify(phone="081234567890", code=code, ip="10.0.0.1")
    assert caught.value.code == "code_attempts_exceeded"
    assert not User.objects.filter(phone="+6281234567890").exists()


def test_the_fifth_try_may_still_be_right(request_code):
    code = request_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(4):
        with pytest.raises(DomainError):
            phone_code_verify(phone="081234567890", code=wrong, ip="10.0.0.1")
    assert phone_code_verify(phone="081234567890", code=code, ip="10.0.0.1").pk


def test_a_new_code_replaces_the_old_one(request_code):
    first = request_code()
    second = request_code()
    if first != second:
        with pytest.raises(DomainError) as caught:
            phone_code_verify(phone="081234567890", code=first, ip="10.0.0.1")
        assert caught.value.code == "code_invalid"
    assert phone_code_verify(phone="081234567890", code=second, ip="10.0.0.1").pk


def test_verifying_without_a_requested_code_is_refused(db):
    with pytest.raises(DomainError) as caught:
        phone_code_verify(phone="081234567890", code="123456", ip="10.0.0.1")
    assert caught.value.code == "code_not_requested"


def test_code_requests_are_limited_per_phone(request_code, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "otp_request_phone": "3/600"}
    for i in range(3):
        request_code(ip=f"10.0.0.{i}")
    with pytest.raises(RateLimited) as caught:
        request_code(ip="10.0.0.99")
    assert caught.value.retry_after > 0
    # Another number is not affected.
    assert request_code(phone="081299998888", ip="10.0.0.100")


def test_code_requests_are_limited_per_ip(request_code, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "otp_request_ip": "2/3600"}
    request_code(phone="081200000001", ip="10.9.9.9")
    request_code(phone="081200000002", ip="10.9.9.9")
    with pytest.raises(RateLimited):
        request_code(phone="081200000003", ip="10.9.9.9")
    assert request_code(phone="081200000003", ip="10.9.9.10")


def test_rate_limits_fail_closed_when_the_cache_is_down(db, monkeypatch, settings):
    from django.core.cache import caches

    # The plain cache API breaks here (the Redis backend's own failure handling has its tests in
    # tests/faults and tests/core), so the cache is this process's memory on every run.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    # On the cache object itself (not the proxy), so that undoing the patch hits the same one.
    monkeypatch.setattr(caches["default"], "add", broken)
    with pytest.raises(RateLimited):
        phone_code_request(phone="081234567890", ip="10.0.0.1")
    assert not PhoneCode.objects.exists()


def test_the_file_gateway_writes_the_code_to_the_sms_file(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "kotalive.accounts.sms.FileSmsGateway"
    settings.SMS_FILE_PATH = tmp_path / "sms.log"
    with django_capture_on_commit_callbacks(execute=True):
        phone_code_request(phone="081234567890", ip="10.0.0.1")
    line = json.loads(settings.SMS_FILE_PATH.read_text().splitlines()[-1])
    assert line["to"] == "+6281234567890"
    code = last_code([SentSms(to=line["to"], text=line["text"])])
    assert phone_code_verify(phone="081234567890", code=code, ip="10.0.0.1").pk


class _FakeGateway(BaseHTTPRequestHandler):
    received: list[dict[str, object]] = []
    answer = 202

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(
            {
                "path": self.path,
                "authorization": self.headers["Authorization"],
                "content_type": self.headers["Content-Type"],
                "json": json.loads(body),
            }
        )
        self.send_response(self.answer)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_gateway():
    _FakeGateway.received = []
    _FakeGateway.answer = 202
    server = HTTPServer(("127.0.0.1", 0), _FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1/messages", _FakeGateway
    server.shutdown()
    server.server_close()


def test_the_http_gateway_posts_json_with_the_bearer_token(fake_gateway):
    url, handler = fake_gateway
    HttpSmsGateway(url=url, token="s3cret").send(to="+6281234567890", text="Kode: 123456")
    assert handler.received == [
        {
            "path": "/v1/messages",
            "authorization": "Bearer s3cret",
            "content_type": "application/json",
            "json": {"to": "+6281234567890", "text": "Kode: 123456"},
        }
    ]


def test_the_http_gateway_raises_when_the_gateway_refuses(fake_gateway):
    url, handler = fake_gateway
    handler.answer = 503
    with pytest.raises(SmsDeliveryError, match="503"):
        HttpSmsGateway(url=url, token="s3cret").send(to="+6281234567890", text="x")


def test_the_http_gateway_raises_when_unreachable(fake_gateway):
    url, _handler = fake_gateway
    dead = url.replace("/v1/messages", "").rsplit(":", 1)[0] + ":1/"
    with pytest.raises(SmsDeliveryError, match="unreachable"):
        HttpSmsGateway(url=dead, token="s3cret").send(to="+6281234567890", text="x")


def test_sign_in_codes_go_through_the_http_gateway_when_configured(
    fake_gateway, settings, db, django_capture_on_commit_callbacks
):
    url, handler = fake_gateway
    settings.SMS_BACKEND = "kotalive.accounts.sms.HttpSmsGateway"
    settings.SMS_GATEWAY_URL = url
    settings.SMS_GATEWAY_TOKEN = "tok"
    with django_capture_on_commit_callbacks(execute=True):
        phone_code_request(phone="081234567890", ip="10.0.0.1")
    assert handler.received[-1]["json"]["to"] == "+6281234567890"
    assert "5" in handler.received[-1]["json"]["text"]


def test_purge_drops_codes_expired_over_an_hour_ago_and_keeps_fresh_ones(request_code):
    request_code("081234567890")
    request_code("081234567891")
    old = PhoneCode.objects.get(phone="+6281234567890")
    PhoneCode.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - timedelta(hours=1, minutes=1)
    )
    assert phone_codes_purge() == 1
    assert list(PhoneCode.objects.values_list("phone", flat=True)) == ["+6281234567891"]
    assert phone_codes_purge_task.apply().get() == 0
