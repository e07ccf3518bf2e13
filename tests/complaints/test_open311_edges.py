"""Open311 at its edges: extreme dates and numbers answer 400 in the GeoReport error format (never
an HTML 500), and browser partners may read the public endpoints across origins (CORS), while
POST, tokens and the rest of the site stay closed to them."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from kotalive.complaints.models import Complaint
from kotalive.complaints.open311.keys import open311_key_create
from tests.complaints.conftest import INSIDE

BASE = "/open311/v2"

# Dates an ISO parser accepts but that overflow the ±90-day window or the time zone shift, and
# malformed ones.
EDGE_DATES = [
    "0001-01-01",
    "0001-01-01T00:00:00+14:00",
    "0001-03-31T00:00:00Z",
    "9999-12-01",
    "9999-12-31T23:59:59-12:00",
    "1969-12-31T23:59:59Z",
    "3000-01-01",
    "2026-02-30",
    "2026-01-01T24:00:01",
    "",
]
# Numbers that are not plain positive whole numbers ("²" and "٣" pass str.isdigit()).
EDGE_LIMITS = ["0", "-1", "1.5", "1e3", "²", "٣", "0x10", " ", "١٠"]
EDGE_COORDINATES = ["1e309", "-1e309", "nan", "inf", "9" * 400, "91", "-181", "1,5", "0x1p3"]


@pytest.fixture(autouse=True)
def _open311_settings(settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311_post": "1000/60"}
    settings.OPEN311_JURISDICTION = "tangerangkota.go.id"


def error_of(response: Any, fmt: str) -> tuple[int, str]:
    """The (code, description) of a GeoReport error answer, in either format."""
    if fmt == "xml":
        assert response["Content-Type"].startswith("text/xml")
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        return int(root.findtext("error/code") or 0), root.findtext("error/description") or ""
    assert response["Content-Type"].startswith("application/json")
    (error,) = json.loads(response.content)
    return int(error["code"]), str(error["description"])


# --- dates and numbers --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_extreme_or_malformed_dates_are_400_in_the_open311_format(client, laksa, fmt) -> None:
    for name in ("start_date", "end_date"):
        for value in EDGE_DATES:
            response = client.get(
                f"{BASE}/requests.{fmt}", {name: value}, HTTP_ACCEPT_LANGUAGE="en"
            )
            if value == "":
                assert response.status_code == 200  # empty: not given, the default window
                continue
            assert response.status_code == 400, (name, value, response.content[:200])
            code, description = error_of(response, fmt)
            assert code == 400
            assert name in description


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_both_dates_at_the_ends_of_the_calendar_are_400(client, laksa, fmt) -> None:
    for start, end in [
        ("0001-01-01", "0001-01-02"),
        ("9999-12-01", "9999-12-31"),
        ("9999-12-31T23:59:59+14:00", "9999-12-31T23:59:59-12:00"),
    ]:
        response = client.get(f"{BASE}/requests.{fmt}", {"start_date": start, "end_date": end})
        assert response.status_code == 400
        assert error_of(response, fmt)[0] == 400


def test_the_date_error_is_in_the_callers_language(client, laksa) -> None:
    response = client.get(f"{BASE}/requests.json?start_date=9999-12-01&lang=id")
    assert response.status_code == 400
    assert "start_date" in error_of(response, "json")[1]
    assert "must" not in error_of(response, "json")[1]


def test_dates_just_inside_the_accepted_range_still_work(client, laksa) -> None:
    for start in ("1970-01-01T00:00:00Z", "2999-09-01T00:00:00+07:00"):
        assert client.get(f"{BASE}/requests.json", {"start_date": start}).status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_limits_that_are_not_whole_numbers_from_1_are_400(client, laksa, fmt) -> None:
    for value in EDGE_LIMITS:
        response = client.get(f"{BASE}/requests.{fmt}", {"limit": value}, HTTP_ACCEPT_LANGUAGE="en")
        if value == " ":
            assert response.status_code == 200  # blank: not given
            continue
        assert response.status_code == 400, (value, response.content[:200])
        code, description = error_of(response, fmt)
        assert code == 400
        assert "limit" in description


def test_a_huge_plain_limit_is_capped_not_refused(client, make_complaint) -> None:
    case = make_complaint()
    # More digits than int() reads (4300) and more than any limit: taken as the maximum.
    for value in ("9" * 5000, "0" * 10 + "5", "1" * 40):
        response = client.get(f"{BASE}/requests.json", {"limit": value})
        assert response.status_code == 200, value
        assert [r["service_request_id"] for r in json.loads(response.content)] == [case.ref]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_coordinates_at_the_edges_are_400_and_file_nothing(client, laksa, fmt) -> None:
    _key, raw = open311_key_create(actor=None, name="Partner")
    for name in ("lat", "long"):
        for value in EDGE_COORDINATES:
            fields = {
                "api_key": raw,
                "service_code": "jalan-rusak",
                "lat": str(INSIDE[0]),
                "long": str(INSIDE[1]),
                "description": "Lubang besar.",
                name: value,
            }
            response = client.post(f"{BASE}/requests.{fmt}", fields, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 400, (name, value, response.content[:200])
            assert error_of(response, fmt)[0] == 400
    assert not Complaint.objects.exists()


# --- CORS: the public reads only ----------------------------------------------------------------

ORIGIN = "https://partner.example"


@pytest.fixture
def case(make_complaint) -> Complaint:
    made: Complaint = make_complaint()
    return made


def read_urls(ref: str) -> list[str]:
    return [
        f"{BASE}/{path}.{fmt}"
        for path in ("discovery", "services", "services/jalan-rusak", "requests", f"requests/{ref}")
        for fmt in ("json", "xml")
    ]


def test_public_reads_allow_any_origin_without_credentials(client, case) -> None:
    for url in read_urls(case.ref):
        response = client.get(url, HTTP_ORIGIN=ORIGIN)
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert "Access-Control-Allow-Credentials" not in response, url


def test_errors_of_public_reads_are_readable_across_origins_too(client, laksa) -> None:
    for url in (f"{BASE}/requests/LK-NOPE22.json", f"{BASE}/requests.xml?start_date=x"):
        response = client.get(url, HTTP_ORIGIN=ORIGIN)
        assert response.status_code in (400, 404)
        assert response["Access-Control-Allow-Origin"] == "*"


def test_preflight_of_a_public_read_is_answered(client, case) -> None:
    for url in read_urls(case.ref):
        response = client.options(
            url,
            HTTP_ORIGIN=ORIGIN,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept-language",
        )
        assert response.status_code == 204, url
        assert response["Access-Control-Allow-Origin"] == "*"
        methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
        assert methods == {"GET", "HEAD", "OPTIONS"}
        assert "accept-language" in response["Access-Control-Allow-Headers"].lower()
        assert int(response["Access-Control-Max-Age"]) > 0
        assert "Access-Control-Allow-Credentials" not in response


def test_posting_requests_is_never_opened_to_other_origins(client, laksa) -> None:
    preflight = client.options(
        f"{BASE}/requests.json",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in preflight
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    _key, raw = open311_key_create(actor=None, name="Partner")
    posted = client.post(
        f"{BASE}/requests.json",
        {"api_key": raw, "service_code": "jalan-rusak", "description": "Lubang."},
        HTTP_ORIGIN=ORIGIN,
    )
    assert posted.status_code == 400  # no location; the point is the header
    assert "Access-Control-Allow-Origin" not in posted


def test_tokens_unknown_endpoints_and_the_rest_of_the_site_send_no_cors(
    client: Client, case
) -> None:
    for url in (
        f"{BASE}/tokens/abc.json",
        f"{BASE}/tokens/abc.xml",
        f"{BASE}/nothing.json",
        "/api/v1/complaints/categories",
        f"/api/v1/complaints/{case.ref}",
        "/laporan/",
        "/healthz",
    ):
        assert "Access-Control-Allow-Origin" not in client.get(url, HTTP_ORIGIN=ORIGIN), url
        preflight = client.options(
            url, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
        )
        assert "Access-Control-Allow-Origin" not in preflight, url
