"""Paging parameters are bounded everywhere: an out-of-range value is a 422 problem+json, never a
500 (`?offset=2**63` overflowed SQLite's integer on the staff resident register)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kotalive.accounts.models import Membership, Organisation, User
from kotalive.core import pagination
from tests.world import (
    make_staff,
    make_token,
    sign_in,
)

pytestmark = pytest.mark.django_db

HUGE = str(2**63)  # 9223372036854775808: one past the largest 64-bit integer


def bearer(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")


def assert_validation_problem(response: Any, parameter: str) -> None:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation_error"
    assert any(parameter in error["loc"] for error in body["errors"]), body


def integer_schemas(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The integer alternatives of a parameter's schema (`int | None` is an anyOf)."""
    found = [spec] if spec.get("type") == "integer" else []
    for alternative in spec.get("anyOf", []) + spec.get("oneOf", []):
        found += integer_schemas(alternative)
    return found


def test_every_integer_parameter_of_the_api_has_both_bounds(client):
    schema = client.get("/api/v1/openapi.json").json()
    bounded: list[str] = []
    unbounded: list[str] = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                for spec in integer_schemas(parameter.get("schema", {})):
                    name = f"{method.upper()} {path} {parameter['name']}"
                    ok = "maximum" in spec and "minimum" in spec
                    ok = ok and spec["maximum"] <= pagination.MAX_DB_ID
                    (bounded if ok else unbounded).append(name)
    assert unbounded == []
    assert "GET /api/v1/staff/residents offset" in bounded
    assert "GET /api/v1/staff/complaints/ kecamatan" in bounded


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"offset": HUGE}, "offset"),
        ({"offset": str(pagination.MAX_OFFSET + 1)}, "offset"),
        ({"offset": "-1"}, "offset"),
        ({"limit": HUGE}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": str(pagination.MAX_LIMIT + 1)}, "limit"),
    ],
)
def test_staff_residents_refuse_out_of_range_paging_with_422(world, query, parameter):
    response = bearer(world.city_admin).get("/api/v1/staff/residents", query)
    assert_validation_problem(response, parameter)


def test_staff_residents_accept_the_largest_offset_and_limit(world):
    client = bearer(world.city_admin)
    last = client.get("/api/v1/staff/residents", {"offset": pagination.MAX_OFFSET, "limit": 100})
    assert last.status_code == 200
    assert last.json() == {"items": [], "count": 3}
    first = client.get("/api/v1/staff/residents", {"offset": 0, "limit": 1})
    assert [r["full_name"] for r in first.json()["items"]] == ["Ahmad Sukarasa"]


def test_staff_resident_page_number_out_of_range_shows_the_first_page(world):
    client = Client()
    sign_in(client, world.city_admin)
    for page in (HUGE, "-1", "abc", "0"):
        response = client.get("/staff/warga/", {"page": page})
        assert response.status_code == 200
        assert "Ahmad Sukarasa" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [({"page": HUGE}, "page"), ({"page": "0"}, "page"), ({"page_size": HUGE}, "page_size")],
)
def test_notifications_refuse_out_of_range_paging_with_422(world, query, parameter):
    response = bearer(world.resident_user).get("/api/v1/notifications", query)
    assert_validation_problem(response, parameter)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [({"offset": HUGE}, "offset"), ({"limit": HUGE}, "limit"), ({"kecamatan": HUGE}, "kecamatan")],
)
def test_staff_complaint_queue_refuses_out_of_range_paging_with_422(world, query, parameter):
    kominfo = Organisation.objects.get(slug="diskominfo")
    tlr = make_staff("tlr", kominfo, Membership.Role.OPERATOR)
    response = bearer(tlr).get("/api/v1/staff/complaints/", query)
    assert_validation_problem(response, parameter)


@pytest.mark.parametrize(
    ("url", "query", "parameter"),
    [
        ("/api/v1/catalog/menus/search", {"q": "ktp", "limit": HUGE}, "limit"),
        ("/api/v1/catalog/popular", {"limit": HUGE}, "limit"),
        ("/api/v1/catalog/menus", {"page": HUGE}, "page"),
        ("/api/v1/catalog/menus", {"page_size": HUGE}, "page_size"),
    ],
)
def test_catalog_refuses_out_of_range_paging_with_422(client, url, query, parameter):
    assert_validation_problem(client.get(url, query), parameter)
