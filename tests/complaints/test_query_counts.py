"""Lists of cases cost the same number of queries for 3 cases or 9: no query per case."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotalive.accounts.services import api_token_create
from kotalive.complaints.models import Photo

pytestmark = pytest.mark.django_db


def _queries(client, url: str, **extra) -> int:
    with CaptureQueriesContext(connection) as seen:
        assert client.get(url, **extra).status_code == 200
    return len(seen.captured_queries)


def _add(make_complaint, count: int, settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "complaint_submit": "1000/60"}
    for _ in range(count):
        make_complaint()
    Photo.objects.update(approved_at=timezone.now())


def test_public_list_mine_and_open311_do_not_query_per_case(
    client, make_complaint, resident, settings
):
    token = api_token_create(actor=resident, name="phone")[1]
    urls = [
        ("/laporan/", {}),
        ("/open311/v2/requests.json", {}),
        ("/api/v1/complaints/mine", {"HTTP_AUTHORIZATION": f"Bearer {token}"}),
    ]
    _add(make_complaint, 3, settings)
    for url, extra in urls:  # first use of the token writes its last-used time
        client.get(url, **extra)
    few = [_queries(client, url, **extra) for url, extra in urls]
    _add(make_complaint, 6, settings)
    many = [_queries(client, url, **extra) for url, extra in urls]
    assert many == few
