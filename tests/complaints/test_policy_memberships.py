"""One person's memberships in one office add up: two area-scoped roles see both areas."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kotalive.accounts.models import Membership, User
from kotalive.complaints import policy
from kotalive.complaints.models import Complaint
from kotalive.regions.models import Kecamatan
from tests.world import make_staff

pytestmark = pytest.mark.django_db


def _two_area_officer(laksa: Any, first: Kecamatan, second: Kecamatan) -> User:
    user = make_staff("dpupr.dua", laksa.dpupr, scope_kecamatan=first)
    Membership.objects.create(
        user=user,
        organisation=laksa.dpupr,
        role=Membership.Role.SUPERVISOR,
        scope_kecamatan=second,
    )
    return user


def _assigned(make_complaint: Callable[..., Complaint], laksa: Any) -> Complaint:
    c = make_complaint()
    Complaint.objects.filter(pk=c.pk).update(state="assigned", office=laksa.dpupr)
    c.refresh_from_db()
    return c


@pytest.mark.parametrize("order", ["case-area-first", "case-area-second"])
def test_area_scoped_memberships_in_one_office_are_merged(
    laksa: Any, make_complaint: Callable[..., Complaint], staff_client: Any, order: str
) -> None:
    c = _assigned(make_complaint, laksa)  # in Kecamatan Tangerang
    here = laksa.sukarasa.kecamatan
    elsewhere = Kecamatan.objects.exclude(pk=here.pk).first()
    areas = (here, elsewhere) if order == "case-area-first" else (elsewhere, here)
    user = _two_area_officer(laksa, *areas)

    assert policy.can_read(user, c)
    assert policy.can_work(user, c)
    client = staff_client(user)
    assert client.get(f"/staff/laksa/{c.ref}/").status_code == 200
    assert c.ref in client.get("/staff/laksa/").content.decode()


def test_merged_memberships_still_leave_out_other_areas(
    laksa: Any, make_complaint: Callable[..., Complaint], staff_client: Any
) -> None:
    c = _assigned(make_complaint, laksa)
    here = laksa.sukarasa.kecamatan
    first, second = Kecamatan.objects.exclude(pk=here.pk)[:2]
    user = _two_area_officer(laksa, first, second)

    assert not policy.can_read(user, c)
    assert staff_client(user).get(f"/staff/laksa/{c.ref}/").status_code == 404
