"""A resident's applications in their export; deleting the account removes drafts, withdraws
what is being checked and keeps what was decided."""

from __future__ import annotations

import pytest

from kotalive.accounts.services import resident_data_export, resident_delete
from kotalive.applications.models import Application
from kotalive.applications.selectors import queue_for
from kotalive.applications.services import application_reject
from tests.applications.conftest import Apps

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_applications_with_their_answers(apps: Apps) -> None:
    sent = apps.submitted()
    data = resident_data_export(actor=sent.applicant)
    (entry,) = data["applications"]
    assert entry["ref"] == sent.ref
    assert entry["answers"]["full_name"] == "Ahmad Sukarasa"
    assert [h["action"] for h in entry["history"]] == ["start", "submit"]


def test_deleting_the_account_removes_drafts_and_withdraws_what_is_being_checked(
    apps: Apps,
) -> None:
    user = apps.w.r_sukarasa.user
    draft = apps.draft(user)
    sent = apps.submitted(user)
    refused = application_reject(
        actor=apps.w.lurah_sukarasa, application=apps.submitted(user), reason="Bukan warga."
    )
    resident_delete(actor=user)
    assert not Application.objects.filter(pk=draft.pk).exists()
    sent.refresh_from_db()
    assert sent.state == Application.State.WITHDRAWN
    assert list(queue_for(actor=apps.w.lurah_sukarasa)) == []
    refused.refresh_from_db()
    assert refused.state == Application.State.REJECTED
