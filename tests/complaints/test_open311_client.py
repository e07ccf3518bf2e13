"""An independent Open311 client (`georeport` from PyPI) reads our server over real HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from georeport import GeoReport  # type: ignore[import-untyped]

from kotalive.complaints.services import complaint_reject

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client_for(live_server):
    def _client(fmt: str) -> GeoReport:
        return GeoReport(
            f"{live_server.url}/open311/v2",
            jurisdiction="tangerangkota.go.id",
            output_format=fmt,
        )

    return _client


@pytest.fixture(autouse=True)
def _open311_settings(settings) -> None:
    settings.OPEN311_JURISDICTION = "tangerangkota.go.id"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_services_and_definitions(client_for, laksa, fmt) -> None:
    client = client_for(fmt)
    services = client.get_service_list()
    assert {s["service_code"] for s in services} == {"jalan-rusak", "sampah"}
    definition = client.get_service_definition("jalan-rusak")
    assert definition["service_code"] == "jalan-rusak"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_requests(client_for, make_complaint, tlr, fmt) -> None:
    open_case = make_complaint(contact_email="private@example.org")
    closed_case = make_complaint()
    complaint_reject(actor=tlr, complaint=closed_case, reason="Bukan kewenangan kota.")
    client = client_for(fmt)

    found = client.get_service_requests()
    # xmltodict gives a dict for one element and a list for several.
    records = found if isinstance(found, list) else [found]
    statuses = {r["service_request_id"]: r["status"] for r in records}
    assert statuses == {open_case.ref: "open", closed_case.ref: "closed"}
    assert all("private@example.org" not in str(r) for r in records)

    only_closed = client.get_service_requests(status="closed")
    only_closed = only_closed if isinstance(only_closed, list) else [only_closed]
    assert [r["service_request_id"] for r in only_closed] == [closed_case.ref]

    since = (timezone.now() - timedelta(days=1)).isoformat()
    recent = client.get_service_requests(service_code="jalan-rusak", start_date=since)
    recent = recent if isinstance(recent, list) else [recent]
    assert len(recent) == 2

    one = client.get_service_request(open_case.ref)
    assert one["service_request_id"] == open_case.ref
    assert one["service_name"] == "Jalan rusak"
