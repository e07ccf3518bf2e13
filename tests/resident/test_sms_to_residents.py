"""The SMS a resident gets about a report speaks the resident's words: no "OPD" (staff jargon),
whole sentences, the city's name for the app."""

from __future__ import annotations

import pytest

from kotalive.complaints.services import complaint_assign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_assigned_sms_has_no_staff_jargon_and_whole_sentences(
    make_complaint, resident, tlr, sms_outbox, django_capture_on_commit_callbacks, language
):
    resident.language = language
    resident.save(update_fields=["language"])
    complaint = make_complaint()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_assign(actor=tlr, complaint=complaint)
    [sms] = [s for s in sms_outbox if s.to == resident.phone]
    assert sms.text.startswith("Tangerang LIVE: ")
    assert "OPD" not in sms.text
    assert f"{complaint.ref} " in sms.text
    assert f"{complaint.office}. " in sms.text  # the title's full stop before the body
