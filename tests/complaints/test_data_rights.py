"""A resident's reports and inbox are in their export; deleting the account unlinks them."""

from __future__ import annotations

import pytest

from kotalive.accounts.services import resident_data_export, resident_delete
from kotalive.complaints.models import Follower
from kotalive.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_export_holds_the_residents_reports_and_inbox(make_complaint, resident):
    case = make_complaint()
    data = resident_data_export(actor=resident)
    assert [c["ref"] for c in data["complaints"]] == [case.ref]
    assert data["complaints"][0]["description"] == case.description
    assert case.ref in data["notifications"][0]["title"]


def test_deleting_the_account_drops_following_and_the_inbox_but_keeps_the_case(
    make_complaint, resident
):
    case = make_complaint()
    resident_delete(actor=resident)
    assert not Follower.objects.filter(user=resident).exists()
    assert not Notification.objects.filter(user=resident).exists()
    case.refresh_from_db()
    assert case.reporter is not None
    assert case.reporter.phone is None
