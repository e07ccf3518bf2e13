"""Every API refusal is RFC 9457 problem+json with a stable code, also outside Ninja's reach."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.core.conftest import TEST_URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]

PROBLEM_KEYS = {"type", "title", "status", "detail", "code"}


def _problem(response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = json.loads(response.content)
    assert body.keys() >= PROBLEM_KEYS
    assert (body["status"], body["code"]) == (status, code)
    assert body["type"] == f"urn:kotalive:problem:{code}"
    return body


def test_anonymous_request_to_a_token_endpoint_is_401_problem(client):
    response = client.get("/api/test/private")
    _problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_bad_token_is_401_problem(client):
    response = client.get("/api/test/private", HTTP_AUTHORIZATION="Bearer nope")
    _problem(response, 401, "not_authenticated")


def test_a_valid_token_is_accepted(client, resident_token):
    response = client.get("/api/test/private", HTTP_AUTHORIZATION=f"Bearer {resident_token}")
    assert response.status_code == 200
    assert response.json() == {"ok": "yes"}


def test_permission_denied_is_403_problem_with_its_own_code(client):
    body = _problem(client.get("/api/test/forbidden"), 403, "test_forbidden")
    assert body["detail"] == "No."


def test_a_domain_error_names_the_faulty_field(client):
    body = _problem(client.get("/api/test/invalid-field"), 422, "nik_bad_date")
    assert body["field"] == "nik"
    assert body["detail"] == "The date part is wrong."


def test_domain_not_found_is_404_problem(client):
    _problem(client.get("/api/test/missing"), 404, "test_missing")


def test_unknown_path_under_the_api_is_404_problem(client):
    _problem(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_wrong_method_is_405_problem_with_allow(client):
    response = client.delete("/api/v1/regions/kecamatan")
    _problem(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_invalid_body_is_422_problem_listing_the_fields(client):
    response = client.post("/api/test/things", {"nom": "x"}, content_type="application/json")
    body = _problem(response, 422, "validation_error")
    assert any("name" in error["loc"] for error in body["errors"])


def test_malformed_json_is_422_problem(client):
    response = client.post("/api/test/things", "{not json", content_type="application/json")
    _problem(response, 422, "malformed_body")


def test_a_crash_is_a_500_problem_that_reveals_nothing(client):
    response = client.post("/api/test/boom", {"name": "x"}, content_type="application/json")
    body = _problem(response, 500, "server_error")
    assert "deliberate" not in response.content.decode()
    assert "RuntimeError" not in body["detail"]


def test_a_crash_outside_ninja_under_the_api_is_a_500_problem(client):
    client.raise_request_exception = False
    response = client.get("/api/plain/crash")
    _problem(response, 500, "server_error")
    assert "deliberate" not in response.content.decode()


def test_error_detail_is_translated_to_the_requested_language(client):
    response = client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="id")
    assert _problem(response, 404, "not_found")["detail"] == "Tidak ditemukan."


def test_html_pages_keep_their_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "problem+json" not in response["Content-Type"]


def test_the_schema_documents_problem_json_as_the_default_response(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "Problem" in schema["components"]["schemas"]
    operation = schema["paths"]["/api/v1/regions/kecamatan"]["get"]
    assert "application/problem+json" in operation["responses"]["default"]["content"]
