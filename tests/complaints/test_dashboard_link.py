"""The back office leads TLR and office staff to LAKSA, and nobody else."""

from __future__ import annotations

import pytest

from kotalive.accounts.models import Membership, Organisation
from tests.world import make_staff

pytestmark = pytest.mark.django_db


def test_the_dashboard_links_laksa_for_tlr_and_offices_only(staff_client, tlr, dpupr_officer):
    assert 'href="/staff/laksa/"' in staff_client(tlr).get("/staff/").content.decode()
    assert 'href="/staff/laksa/"' in staff_client(dpupr_officer).get("/staff/").content.decode()
    hospital = Organisation.objects.create(kind=Organisation.Kind.HOSPITAL, slug="rs", name="RS")
    nurse = make_staff("nurse", hospital, Membership.Role.ADMIN)
    page = staff_client(nurse).get("/staff/")
    assert page.status_code == 200
    assert 'href="/staff/laksa/"' not in page.content.decode()
