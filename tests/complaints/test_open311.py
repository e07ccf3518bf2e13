"""Open311 GeoReport v2: discovery, services, POST (keys, places, limits), tokens, GET filters."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

import httpx
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kotalive.accounts.models import User
from kotalive.complaints.models import Complaint, Open311Key, Open311Token, Photo
from kotalive.complaints.open311 import fetch, render
from kotalive.complaints.open311.keys import open311_key_create, open311_key_revoke
from kotalive.complaints.services import complaint_merge, complaint_reject
from kotalive.core.crypto import token_hash
from kotalive.core.geo import coarse_point
from tests.complaints.conftest import INSIDE, OUTSIDE, jpeg_bytes
from tests.world import unchanged

BASE = "/open311/v2"
PERSONAL = {
    "first_name": "Siti",
    "last_name": "Rahmawati",
    "email": "siti.rahma@example.org",
    "phone": "+6281399998888",
    "device_id": "device-SECRET-42",
    "account_id": "acct-SECRET-77",
}


@pytest.fixture(autouse=True)
def _open311_settings(settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311_post": "100/60"}
    settings.OPEN311_JURISDICTION = "tangerangkota.go.id"


@pytest.fixture
def api_key(laksa) -> str:
    _key, raw = open311_key_create(actor=None, name="Partner app")
    return raw


def body(response: Any, fmt: str = "json") -> Any:
    if fmt == "xml":
        return ET.fromstring(response.content)
    return json.loads(response.content)


def post(client: Client, fmt: str = "json", **fields: Any) -> Any:
    return client.post(f"{BASE}/requests.{fmt}", fields, HTTP_ACCEPT_LANGUAGE="en")


def form(api_key: str, **extra: Any) -> dict[str, Any]:
    return {
        "api_key": api_key,
        "service_code": "jalan-rusak",
        "lat": str(INSIDE[0]),
        "long": str(INSIDE[1]),
        "description": "Lubang besar di depan sekolah.",
        **extra,
    }


# --- discovery and services -----------------------------------------------------------------


def test_discovery_lists_both_formats(client, laksa) -> None:
    data = body(client.get(f"{BASE}/discovery.json"))
    endpoint = data["endpoints"][0]
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = body(client.get(f"{BASE}/discovery.xml"), "xml")
    assert root.tag == "discovery"
    assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]


def test_services_in_json_and_xml_with_names_by_language(client, laksa) -> None:
    response = client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("application/json")
    road = next(s for s in body(response) if s["service_code"] == "jalan-rusak")
    assert road == {
        "service_code": "jalan-rusak",
        "service_name": "Damaged road",
        "description": "",
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "infrastruktur",
    }
    response = client.get(f"{BASE}/services.xml?lang=id")
    assert response["Content-Type"].startswith("text/xml")
    root = body(response, "xml")
    assert root.tag == "services"
    names = {s.findtext("service_code"): s.findtext("service_name") for s in root}
    assert names == {"jalan-rusak": "Jalan rusak", "sampah": "Sampah"}
    assert root.find("service/metadata").text == "true"


def test_inactive_service_is_not_listed(client, laksa) -> None:
    laksa.garbage.is_active = False
    laksa.garbage.save()
    codes = [s["service_code"] for s in body(client.get(f"{BASE}/services.json"))]
    assert codes == ["jalan-rusak"]


def test_service_definition_offers_the_kelurahan_attribute(client, laksa) -> None:
    data = body(client.get(f"{BASE}/services/jalan-rusak.json"))
    assert data["service_code"] == "jalan-rusak"
    (attribute,) = data["attributes"]
    assert attribute["code"] == "kelurahan"
    assert attribute["datatype"] == "singlevaluelist"
    assert attribute["required"] is False
    assert {"key": "36.71.01.1001", "name": "Sukarasa (Tangerang)"} in attribute["values"]
    root = body(client.get(f"{BASE}/services/jalan-rusak.xml"), "xml")
    assert root.tag == "service_definition"
    keys = [v.findtext("key") for v in root.iter("value")]
    assert "36.71.01.1001" in keys


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_definition_is_404(client, laksa, fmt) -> None:
    response = client.get(f"{BASE}/services/nope.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        assert body(response)[0]["code"] == 404
    else:
        root = body(response, "xml")
        assert root.tag == "errors"
        assert root.findtext("error/code") == "404"


def test_other_jurisdiction_is_404_ours_is_fine(client, laksa) -> None:
    assert client.get(f"{BASE}/services.json?jurisdiction_id=example.com").status_code == 404
    ok = client.get(f"{BASE}/services.json?jurisdiction_id=tangerangkota.go.id")
    assert ok.status_code == 200


def test_unknown_endpoint_answers_an_error_list(client, laksa) -> None:
    response = client.get(f"{BASE}/nothing.xml")
    assert response.status_code == 404
    assert body(response, "xml").findtext("error/code") == "404"


# --- POST: keys -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_missing_or_wrong_key_is_403(client, laksa, fmt) -> None:
    for api_key in ("", "not-a-key"):
        response = post(client, fmt, **form(api_key))
        assert response.status_code == 403
        if fmt == "json":
            assert body(response) == [{"code": 403, "description": "A valid api_key is required."}]
        else:
            assert body(response, "xml").findtext("error/code") == "403"
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_revoked_key_is_403(client, laksa, fmt) -> None:
    key, raw = open311_key_create(actor=None, name="Old kiosk")
    open311_key_revoke(actor=None, key=key)
    with unchanged(Complaint, User, key):
        assert post(client, fmt, **form(raw)).status_code == 403


def test_only_the_hash_of_a_key_is_stored(laksa) -> None:
    key, raw = open311_key_create(actor=None, name="Partner")
    key.refresh_from_db()
    assert key.key_hash == token_hash(raw)
    assert raw not in (key.key_hash, key.name)
    assert key.prefix == raw[:8]


def test_key_command_creates_lists_and_revokes(client, laksa, capsys) -> None:
    call_command("open311_key", "create", "Kiosk Cikokol")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert post(client, **form(raw)).status_code == 200
    call_command("open311_key", "list")
    assert "Kiosk Cikokol" in capsys.readouterr().out
    call_command("open311_key", "revoke", raw[:8])
    assert Open311Key.objects.get(prefix=raw[:8]).revoked_at is not None
    assert post(client, **form(raw)).status_code == 403


def test_keys_are_hex_so_a_prefix_never_reads_as_an_option(laksa) -> None:
    # A key starting with "-" could not be revoked from the command line (its prefix would be read
    # as an option); keys are hex, so no prefix ever starts with "-".
    for number in range(5):
        _, raw = open311_key_create(actor=None, name=f"Client {number}")
        assert re.fullmatch(r"[0-9a-f]{64}", raw)
    call_command("open311_key", "revoke", raw[:8])
    assert Open311Key.objects.get(prefix=raw[:8]).revoked_at is not None


def test_posting_is_rate_limited_per_key(client, laksa, api_key, settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311_post": "2/60"}
    assert post(client, **form(api_key)).status_code == 200
    assert post(client, **form(api_key)).status_code == 200
    response = post(client, **form(api_key))
    assert response.status_code == 429
    assert body(response)[0]["code"] == 429
    assert Complaint.objects.count() == 2


def test_post_needs_no_csrf_token(laksa, api_key) -> None:
    client = Client(enforce_csrf_checks=True)
    assert post(client, **form(api_key)).status_code == 200


# --- POST: the case ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_code_is_404(client, laksa, api_key, fmt) -> None:
    response = post(client, fmt, **form(api_key, service_code="nope"))
    assert response.status_code == 404
    code = (
        body(response)[0]["code"] if fmt == "json" else int(body(response, fmt).findtext(".//code"))
    )
    assert code == 404


def test_post_files_an_open311_case_without_a_reporter(client, laksa, api_key) -> None:
    response = post(client, **form(api_key, **PERSONAL))
    assert response.status_code == 200
    (item,) = body(response)
    assert set(item) == {"service_request_id", "service_notice", "account_id"}
    assert item["account_id"] == "acct-SECRET-77"
    case = Complaint.objects.get(ref=item["service_request_id"])
    assert case.channel == Complaint.Channel.OPEN311
    assert case.reporter is None
    assert case.kelurahan == laksa.sukarasa
    assert case.office == laksa.dpupr
    assert case.contact_name == "Siti Rahmawati"
    assert case.contact_email == "siti.rahma@example.org"
    assert case.contact_phone == "+6281399998888"
    assert (case.device_id, case.account_id) == ("device-SECRET-42", "acct-SECRET-77")


def test_post_answers_in_xml(client, laksa, api_key) -> None:
    root = body(post(client, "xml", **form(api_key)), "xml")
    assert root.tag == "service_requests"
    ref = root.findtext("request/service_request_id")
    assert Complaint.objects.filter(ref=ref).exists()
    assert root.find("request/token") is None


def test_address_naming_the_kelurahan_is_enough(client, laksa, api_key) -> None:
    fields = form(api_key, address_string="Jl. Mawar 3, Kel. Sukarasa, Tangerang")
    del fields["lat"], fields["long"]
    (item,) = body(post(client, **fields))
    case = Complaint.objects.get(ref=item["service_request_id"])
    assert case.kelurahan == laksa.sukarasa
    assert (case.lat, case.lon) == (None, None)
    assert case.address == "Jl. Mawar 3, Kel. Sukarasa, Tangerang"


def test_kelurahan_attribute_places_an_address(client, laksa, api_key) -> None:
    fields = form(
        api_key, address_string="Depan pasar", **{"attribute[kelurahan]": "36.71.01.1001"}
    )
    del fields["lat"], fields["long"]
    (item,) = body(post(client, **fields))
    assert Complaint.objects.get(ref=item["service_request_id"]).kelurahan == laksa.sukarasa


def test_address_without_a_kelurahan_is_400_and_says_what_to_send(client, laksa, api_key) -> None:
    fields = form(api_key, address_string="Depan pasar lama")
    del fields["lat"], fields["long"]
    response = post(client, **fields)
    assert response.status_code == 400
    assert "attribute[kelurahan]" in body(response)[0]["description"]
    bad_code = post(client, **{**fields, "attribute[kelurahan]": "99.99"})
    assert bad_code.status_code == 400
    assert not Complaint.objects.exists()


def test_no_location_is_400(client, laksa, api_key) -> None:
    fields = form(api_key)
    del fields["lat"], fields["long"]
    with unchanged(Complaint, User):
        assert post(client, **fields).status_code == 400
        assert post(client, **form(api_key, long="")).status_code == 400


def test_outside_the_city_is_400(client, laksa, api_key) -> None:
    with unchanged(Complaint, User):
        response = post(client, "xml", **form(api_key, lat=str(OUTSIDE[0]), long=str(OUTSIDE[1])))
    assert response.status_code == 400
    assert "outside Kota Tangerang" in body(response, "xml").findtext("error/description")


def test_description_over_our_2000_limit_is_refused_and_says_so(client, laksa, api_key) -> None:
    with unchanged(Complaint, User):
        response = post(client, **form(api_key, description="x" * 2001))
        assert response.status_code == 400
        assert "2000" in body(response)[0]["description"]
        assert post(client, **form(api_key, description="x" * 4001)).status_code == 400
    assert post(client, **form(api_key, description="x" * 2000)).status_code == 200


def test_bad_email_is_400(client, laksa, api_key) -> None:
    with unchanged(Complaint, User):
        assert post(client, **form(api_key, email="not an email")).status_code == 400


# --- tokens (media_url) -----------------------------------------------------------------------


@pytest.fixture
def media_server(monkeypatch, settings) -> dict[str, Any]:
    """Stand-in for the client's photo host; records what was fetched."""
    state: dict[str, Any] = {"status": 200, "content": jpeg_bytes(), "seen": []}

    def handler(request: httpx.Request) -> httpx.Response:
        state["seen"].append(str(request.url))
        return httpx.Response(state["status"], content=state["content"])

    monkeypatch.setattr(fetch, "transport_factory", lambda: httpx.MockTransport(handler))
    # The mock host name is not resolved; the address check has its own tests.
    settings.OPEN311_MEDIA_ALLOW_PRIVATE = True
    return state


def test_media_url_answers_a_token_then_files_the_case_with_the_photo(
    client, laksa, api_key, media_server, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, **form(api_key, media_url="https://img.example.org/a.jpg", **PERSONAL)
        )
    (item,) = body(response)
    assert "service_request_id" not in item
    token = Open311Token.objects.get(token=item["token"])
    assert media_server["seen"] == ["https://img.example.org/a.jpg"]
    assert token.complaint is not None
    assert token.error == ""
    assert token.complaint.channel == Complaint.Channel.OPEN311
    assert token.complaint.contact_email == "siti.rahma@example.org"
    assert token.complaint.photos.count() == 1
    assert "contact_email" not in token.payload  # the case keeps it; the token does not
    for fmt in ("json", "xml"):
        answer = client.get(f"{BASE}/tokens/{token.token}.{fmt}")
        if fmt == "json":
            assert body(answer) == [
                {"service_request_id": token.complaint.ref, "token": token.token}
            ]
        else:
            assert body(answer, "xml").findtext("request/service_request_id") == token.complaint.ref


def test_token_before_processing_has_no_request_id(client, laksa, api_key, media_server) -> None:
    (item,) = body(post(client, **form(api_key, media_url="https://img.example.org/a.jpg")))
    assert body(client.get(f"{BASE}/tokens/{item['token']}.json")) == [
        {"service_request_id": None, "token": item["token"]}
    ]


def test_unfetchable_photo_still_files_the_case_and_keeps_the_reason(
    client, laksa, api_key, media_server, django_capture_on_commit_callbacks
) -> None:
    media_server["status"] = 404
    with django_capture_on_commit_callbacks(execute=True):
        (item,) = body(post(client, **form(api_key, media_url="https://img.example.org/gone.jpg")))
    token = Open311Token.objects.get(token=item["token"])
    assert token.complaint is not None
    assert token.complaint.photos.count() == 0
    assert "404" in token.error


def test_a_file_that_is_no_photo_is_dropped(
    client, laksa, api_key, media_server, django_capture_on_commit_callbacks
) -> None:
    media_server["content"] = b"<html>not a photo</html>"
    with django_capture_on_commit_callbacks(execute=True):
        (item,) = body(post(client, **form(api_key, media_url="https://img.example.org/x.jpg")))
    token = Open311Token.objects.get(token=item["token"])
    assert token.complaint is not None
    assert token.complaint.photos.count() == 0
    assert token.error.startswith("photo refused")


def test_too_large_photo_is_not_read_to_the_end(
    client, laksa, api_key, media_server, django_capture_on_commit_callbacks
) -> None:
    media_server["content"] = b"\xff\xd8\xff" + b"0" * (8 * 1024 * 1024)
    with django_capture_on_commit_callbacks(execute=True):
        (item,) = body(post(client, **form(api_key, media_url="https://img.example.org/big.jpg")))
    token = Open311Token.objects.get(token=item["token"])
    assert "8 MB" in token.error
    assert token.complaint is not None
    assert token.complaint.photos.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/a.jpg",
        "http://10.1.2.3/a.jpg",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/a.jpg",
        "file:///etc/passwd",
        "ftp://example.org/a.jpg",
    ],
)
def test_media_url_to_a_private_address_or_other_scheme_is_400(client, laksa, api_key, url) -> None:
    response = post(client, **form(api_key, media_url=url))
    assert response.status_code == 400
    assert not Open311Token.objects.exists()


def test_a_redirect_to_a_private_address_is_not_followed(laksa, monkeypatch) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://127.0.0.1/secret"})

    monkeypatch.setattr(fetch, "transport_factory", lambda: httpx.MockTransport(handler))
    with pytest.raises(fetch.MediaError, match="non-public"):
        fetch.image_fetch("http://93.184.216.34/a.jpg")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_token_is_404(client, laksa, fmt) -> None:
    assert client.get(f"{BASE}/tokens/nope.{fmt}").status_code == 404


# --- GET requests -----------------------------------------------------------------------------


@pytest.fixture
def cases(make_complaint, laksa) -> dict[str, Complaint]:
    now = timezone.now()
    road = make_complaint(**PERSONAL_CONTACT)
    garbage = make_complaint(category=laksa.garbage)
    old = make_complaint(now=now - timedelta(days=120))
    return {"road": road, "garbage": garbage, "old": old}


PERSONAL_CONTACT = {
    "contact_name": "Siti Rahmawati",
    "contact_email": "siti.rahma@example.org",
    "contact_phone": "+6281399998888",
    "device_id": "device-SECRET-42",
    "account_id": "acct-SECRET-77",
}


def refs(response: Any) -> set[str]:
    return {r["service_request_id"] for r in body(response)}


def test_requests_default_to_the_last_90_days(client, cases) -> None:
    assert refs(client.get(f"{BASE}/requests.json")) == {cases["road"].ref, cases["garbage"].ref}


def test_request_record_has_the_spec_fields(client, cases, laksa) -> None:
    road = cases["road"]
    data = body(client.get(f"{BASE}/requests/{road.ref}.json", HTTP_ACCEPT_LANGUAGE="en"))
    (record,) = data
    assert record["service_request_id"] == road.ref
    assert record["status"] == "open"
    assert record["service_name"] == "Damaged road"
    assert record["service_code"] == "jalan-rusak"
    assert record["agency_responsible"] == "Dinas PUPR"
    assert record["address_id"] == "36.71.01.1001"
    assert record["zipcode"] == ""
    assert (record["lat"], record["long"]) == coarse_point(road.lat, road.lon)
    assert record["requested_datetime"].endswith("+07:00")
    assert record["expected_datetime"] is not None
    assert record["media_url"] is None  # the report photo is not approved yet
    assert record["service_notice"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_request_is_404(client, laksa, fmt) -> None:
    assert client.get(f"{BASE}/requests/LK-NOPE22.{fmt}").status_code == 404


def test_service_request_id_list_overrides_the_other_filters(client, cases) -> None:
    wanted = f"{cases['old'].ref},{cases['garbage'].ref}"
    response = client.get(f"{BASE}/requests.json?service_request_id={wanted}&service_code=xx")
    assert refs(response) == {cases["old"].ref, cases["garbage"].ref}


def test_service_code_filter_takes_a_comma_list(client, cases) -> None:
    assert refs(client.get(f"{BASE}/requests.json?service_code=sampah")) == {cases["garbage"].ref}
    both = client.get(f"{BASE}/requests.json?service_code=sampah,jalan-rusak")
    assert refs(both) == {cases["garbage"].ref, cases["road"].ref}


def test_date_filters(client, cases) -> None:
    now = timezone.now()
    start = (now - timedelta(days=130)).isoformat()
    end = (now - timedelta(days=100)).isoformat()
    response = client.get(f"{BASE}/requests.json", {"start_date": start, "end_date": end})
    assert refs(response) == {cases["old"].ref}
    only_start = client.get(f"{BASE}/requests.json", {"start_date": start})
    assert refs(only_start) == {cases["old"].ref}
    only_end = client.get(f"{BASE}/requests.json", {"end_date": now.isoformat()})
    assert cases["old"].ref not in refs(only_end)
    zulu = client.get(f"{BASE}/requests.json?start_date=2020-01-01T00:00:00Z")
    assert zulu.status_code == 200


def test_a_span_over_90_days_or_a_bad_date_is_400(client, laksa) -> None:
    response = client.get(
        f"{BASE}/requests.xml",
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-02T00:00:00Z"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "90 days" in body(response, "xml").findtext("error/description")
    assert client.get(f"{BASE}/requests.json?start_date=yesterday").status_code == 400
    reversed_range = {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}
    assert client.get(f"{BASE}/requests.json", reversed_range).status_code == 400


def test_status_filter_and_mapping(client, cases, tlr) -> None:
    complaint_reject(actor=tlr, complaint=cases["garbage"], reason="Bukan kewenangan kota.")
    closed = client.get(f"{BASE}/requests.json?status=closed")
    assert refs(closed) == {cases["garbage"].ref}
    assert body(closed)[0]["status"] == "closed"
    assert body(closed)[0]["status_notes"] == "Bukan kewenangan kota."
    assert refs(client.get(f"{BASE}/requests.json?status=open")) == {cases["road"].ref}
    both = client.get(f"{BASE}/requests.json?status=open,closed")
    assert refs(both) == {cases["road"].ref, cases["garbage"].ref}
    assert client.get(f"{BASE}/requests.json?status=pending").status_code == 400


def test_merged_case_is_closed_naming_the_surviving_one(client, make_complaint, tlr) -> None:
    first, second = make_complaint(), make_complaint()
    complaint_merge(actor=tlr, source=second, target=first)
    (record,) = body(client.get(f"{BASE}/requests/{second.ref}.json"))
    assert record["status"] == "closed"
    assert first.ref in record["status_notes"]


def test_limit_is_capped_at_1000(client, laksa, make_complaint) -> None:
    template = make_complaint()
    now = timezone.now()
    Complaint.objects.bulk_create(
        Complaint(
            ref=f"LK-T{i:05d}"[:12],
            category=laksa.road,
            channel=Complaint.Channel.OPEN311,
            description="Lampu mati.",
            kelurahan=laksa.sukarasa,
            office=laksa.dpupr,
            created_at=now - timedelta(minutes=i),
            updated_at=now,
            lat=template.lat,
            lon=template.lon,
        )
        for i in range(1, 1002)
    )
    assert len(body(client.get(f"{BASE}/requests.json"))) == 1000
    assert len(body(client.get(f"{BASE}/requests.json?limit=5000"))) == 1000
    assert len(body(client.get(f"{BASE}/requests.json?limit=3"))) == 3
    assert client.get(f"{BASE}/requests.json?limit=-1").status_code == 400


def test_media_url_is_the_first_approved_photo_only(client, cases) -> None:
    road = cases["road"]
    photo = road.photos.get()
    Photo.objects.filter(pk=photo.pk).update(approved_at=timezone.now())
    (record,) = body(client.get(f"{BASE}/requests/{road.ref}.json"))
    assert record["media_url"].startswith("http://testserver/")
    assert record["media_url"].endswith(photo.image.url)


def test_no_personal_data_in_any_output(client, cases, laksa, api_key, resident: User) -> None:
    (item,) = body(post(client, **form(api_key, **PERSONAL)))
    road = cases["road"]
    urls = [
        f"{BASE}/requests.json",
        f"{BASE}/requests.xml",
        f"{BASE}/requests/{road.ref}.json",
        f"{BASE}/requests/{road.ref}.xml",
        f"{BASE}/requests/{item['service_request_id']}.json",
        f"{BASE}/requests/{item['service_request_id']}.xml",
    ]
    secrets = [
        "Siti",
        "Rahmawati",
        "siti.rahma",
        "6281399998888",
        "SECRET",
        str(resident.phone).lstrip("+"),
    ]
    for url in urls:
        text = client.get(url).content.decode()
        for secret in secrets:
            assert secret not in text, (url, secret)


def test_xml_escapes_what_residents_write(client, make_complaint) -> None:
    case = make_complaint(description='Pipa bocor <b>"parah"</b> & banjir ]]> di sini\r\n\tok')
    Complaint.objects.filter(pk=case.pk).update(triaged_at=timezone.now())  # public now
    for url in (f"{BASE}/requests/{case.ref}.xml", f"{BASE}/requests.xml"):
        root = body(client.get(url), "xml")
        assert root.findtext("request/description") == (
            'Pipa bocor <b>"parah"</b> & banjir ]]> di sini\n\tok'
        )
        assert root.findtext("request/lat") == str(coarse_point(case.lat, case.lon)[0])


def test_the_fast_xml_of_a_list_is_what_elementtree_writes() -> None:
    data: list[dict[str, object]] = [
        {"a": "x<y & z> ]]>", "b": None, "c": True, "d": 1.5, "e": "", "f": "\x01a\ufffe\r\n\t"},
        {"a": "déjà vu", "b": 0, "c": False, "d": -6.1, "e": "'\"", "f": "   "},
    ]
    for items in (data, []):
        element = ET.Element("service_requests")
        for entry in items:
            child = ET.SubElement(element, "request")
            for name, value in entry.items():
                ET.SubElement(child, name).text = render._text(value)
        expected = ET.tostring(element, encoding="utf-8", xml_declaration=True)
        assert render.xml_bytes("service_requests", "request", items) == expected
