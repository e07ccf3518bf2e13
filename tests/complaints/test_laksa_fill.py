"""`kotalive laksa_fill`: the load-test table, the same for every run."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kotalive.complaints.models import Complaint, Photo
from kotalive.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction


def test_filed_cases_go_with_their_files_and_notices_and_synthetic_ones_are_topped_up(
    make_complaint, resident
):
    filed = make_complaint()
    photo_file = Path(Photo.objects.get(complaint=filed).image.path)
    assert photo_file.is_file()
    assert Notification.objects.filter(user=resident, kind="complaint.submitted").exists()

    call_command("laksa_fill", 6, "--total", "--drop-filed")

    assert not Complaint.objects.filter(pk=filed.pk).exists()
    assert Complaint.objects.count() == 6
    assert not Complaint.objects.filter(reporter__isnull=False).exists()
    assert not Photo.objects.exists()
    assert not photo_file.exists()
    assert not Notification.objects.filter(user=resident, kind__startswith="complaint.").exists()

    call_command("laksa_fill", 6, "--total")  # already there: nothing added
    assert Complaint.objects.count() == 6
    call_command("laksa_fill", 2)  # without --total: two more
    assert Complaint.objects.count() == 8


def test_it_is_refused_in_the_production_profile(settings):
    settings.PROD = True
    with pytest.raises(CommandError, match="refused"):
        call_command("laksa_fill", 1)


def test_synthetic_cases_past_new_are_triaged_even_from_an_earlier_fill(laksa):
    call_command("laksa_fill", 40)
    rows = Complaint.objects.values_list("state", "triaged_at")
    assert {state for state, _t in rows} - {"new"}  # the seed draws several states
    assert all((triaged is None) == (state == "new") for state, triaged in rows)
    # Rows of a fill from before triage was stamped get it on the next fill.
    Complaint.objects.update(triaged_at=None)
    call_command("laksa_fill", 40, "--total")
    rows = Complaint.objects.values_list("state", "triaged_at")
    assert all((triaged is None) == (state == "new") for state, triaged in rows)
