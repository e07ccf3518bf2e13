"""Logs are one JSON object a line, each carrying the request id the client sees."""

from __future__ import annotations

import io
import json
import logging

import pytest

from kotalive.core.logging import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """Capture the root logger's output formatted exactly as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(previous)


def test_each_request_logs_a_json_line_with_its_request_id(client, json_lines):
    response = client.get("/healthz")
    request_id = response["X-Request-ID"]
    lines = [line for line in json_lines() if line["logger"] == "kotalive.request"]
    assert len(lines) == 1
    assert lines[0]["request_id"] == request_id
    assert (lines[0]["method"], lines[0]["path"], lines[0]["status"]) == ("GET", "/healthz", 200)


def test_django_error_logs_carry_the_request_id_too(client, json_lines):
    response = client.get("/api/v1/no-such-thing")
    warnings = [line for line in json_lines() if line["logger"] == "django.request"]
    assert warnings
    assert {line["request_id"] for line in warnings} == {response["X-Request-ID"]}


def test_a_valid_incoming_request_id_is_kept(client, json_lines):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="trace-abc.123")
    assert response["X-Request-ID"] == "trace-abc.123"
    assert json_lines()[-1]["request_id"] == "trace-abc.123"


def test_a_hostile_incoming_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID='x"\n{"level":"ERROR"}')
    assert len(response["X-Request-ID"]) == 32


def test_the_query_string_is_never_logged(client, json_lines):
    client.get("/api/v1/no-such-thing?phone=081234567890")
    assert "081234567890" not in json.dumps(json_lines())


def test_exceptions_are_logged_with_their_traceback_as_one_line(json_lines):
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("kotalive.test").exception("failed")
    line = json_lines()[-1]
    assert line["msg"] == "failed"
    assert "RuntimeError: boom" in line["exc"]
