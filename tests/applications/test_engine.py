"""The engine through its services: drafts, checks, steps, corrections, versions, refusals."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from kotalive.applications.answers import AnswersInvalid
from kotalive.applications.models import Application, Event
from kotalive.applications.selectors import (
    actions_for,
    answers_for,
    application_for_staff,
    application_get_for,
    draft_answers_for,
    queue_for,
)
from kotalive.applications.services import (
    application_approve,
    application_file_add,
    application_reject,
    application_request_correction,
    application_save,
    application_submit,
    application_withdraw,
    definition_publish,
)
from kotalive.applications.spec import spec_from_data
from kotalive.core.errors import DomainError, NotFound, PermissionDenied
from kotalive.core.models import AuditEvent
from tests.applications.conftest import VALID, Apps, service_data
from tests.world import unchanged

pytestmark = pytest.mark.django_db


def _png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    out.seek(0)
    return out


def test_a_draft_is_prefilled_from_the_verified_identity(apps: Apps) -> None:
    app = apps.draft()
    answers = draft_answers_for(app)
    assert answers["full_name"] == "Ahmad Sukarasa"
    assert len(answers["nik"]) == 16
    assert app.state == Application.State.DRAFT
    # The answers are stored encrypted: the name is not in the row.
    assert "Ahmad" not in Application.objects.get(pk=app.pk).answers_encrypted


def test_a_resident_without_a_verified_nik_cannot_apply_for_a_sensitive_service(
    apps: Apps,
) -> None:
    with unchanged(Application), pytest.raises(PermissionDenied) as err:
        apps.draft(apps.w.resident_user)
    assert err.value.code == "identity_required"


def test_sending_checks_every_answer_and_reports_all_faults_at_once(apps: Apps) -> None:
    app = apps.draft()
    bad = {
        "purpose": "other",  # then purpose_other is required
        "since": (dt.date.today() + dt.timedelta(days=3)).isoformat(),
        "witnesses": [{"name": "X", "nik": "1234"}],
        "full_name": "",
    }
    with unchanged(app), pytest.raises(AnswersInvalid) as err:
        application_submit(actor=app.applicant, application=app, answers=bad)
    found = {(e["field"], e["code"]) for e in err.value.extra["errors"]}
    assert found == {
        ("full_name", "required"),
        ("purpose_other", "required"),
        ("since", "date_in_future"),
        ("witnesses.0.nik", "nik_length"),
    }


def test_a_named_validator_runs_on_the_clean_answers(apps: Apps) -> None:
    app = apps.draft()
    with pytest.raises(AnswersInvalid) as err:
        application_submit(
            actor=app.applicant, application=app, answers={**VALID, "until": "2019-01-01"}
        )
    assert [(e.field, e.code) for e in err.value.errors] == [("until", "test_order")]


def test_a_hidden_field_is_not_kept(apps: Apps) -> None:
    app = apps.submitted(purpose="bank", purpose_other="should go")
    assert "purpose_other" not in answers_for(app)


def test_sent_goes_to_the_applicants_kelurahan_office_with_its_service_level(apps: Apps) -> None:
    app = apps.submitted()
    assert app.state == Application.State.SUBMITTED
    assert app.office is not None
    assert app.office.kelurahan_id == apps.w.kel_sukarasa.pk
    assert app.due_at is not None
    assert app.submitted_at is not None
    assert app.due_at > app.submitted_at
    assert list(queue_for(actor=apps.w.lurah_sukarasa)) == [app]
    # Another kelurahan's office, the deciding office (not its step yet), another OPD: nothing.
    for outsider in (apps.w.lurah_sukaasih, apps.opd_officer, apps.other_opd_officer):
        assert list(queue_for(actor=outsider)) == []
        with pytest.raises(NotFound):
            application_for_staff(actor=outsider, ref=app.ref)


def test_a_draft_is_nobodys_but_the_applicants(apps: Apps) -> None:
    app = apps.draft()
    assert application_get_for(actor=app.applicant, ref=app.ref) == app
    for other in (apps.w.lurah_sukarasa, apps.w.r_sukaasih.user, apps.w.city_admin):
        with pytest.raises(NotFound):
            application_get_for(actor=other, ref=app.ref)


def test_an_officer_reading_an_application_is_audited(apps: Apps) -> None:
    app = apps.submitted()
    application_for_staff(actor=apps.w.lurah_sukarasa, ref=app.ref)
    assert AuditEvent.objects.filter(
        action="application.viewed", actor_id=apps.w.lurah_sukarasa.pk, target_id=str(app.pk)
    ).exists()


def test_correction_is_answered_in_place_and_the_steps_follow_the_definition(
    apps: Apps,
) -> None:
    app = apps.submitted()
    lurah = apps.w.lurah_sukarasa
    assert [a.name for a in actions_for(actor=lurah, application=app)] == [
        "request_correction",
        "pass",
        "reject",
    ]
    app = application_request_correction(
        actor=lurah, application=app, reason="Tanggal sejak salah."
    )
    assert app.state == Application.State.CORRECTION
    assert app.reason == "Tanggal sejak salah."
    # The applicant sees the reason, corrects and sends again; it returns to the same step.
    app = application_save(actor=app.applicant, application=app, answers={"since": "2021-02-01"})
    app = application_submit(actor=app.applicant, application=app)
    assert app.state == Application.State.SUBMITTED
    assert app.step == 0
    assert answers_for(app)["since"] == dt.date(2021, 2, 1)
    # The kelurahan passes it on; now it is the OPD's, the kelurahan no longer sees it.
    app = application_approve(actor=lurah, application=app)
    assert app.step == 1
    assert app.office == apps.opd
    assert list(queue_for(actor=lurah)) == []
    assert [a.name for a in actions_for(actor=apps.opd_officer, application=app)] == [
        "request_correction",
        "approve",
        "reject",
    ]
    app = application_approve(actor=apps.opd_officer, application=app)
    assert app.state == Application.State.APPROVED
    kinds = list(Event.objects.filter(application=app).values_list("action", flat=True))
    assert kinds == ["start", "submit", "request_correction", "resubmit", "pass", "approve"]


def test_an_application_cannot_be_edited_once_sent(apps: Apps) -> None:
    app = apps.submitted()
    with unchanged(app), pytest.raises(DomainError) as err:
        application_save(actor=app.applicant, application=app, answers={"since": "2001-01-01"})
    assert (err.value.code, err.value.status) == ("application_not_editable", 409)
    with unchanged(app), pytest.raises(DomainError) as err:
        application_file_add(actor=app.applicant, application=app, field="letter", upload=_png())
    assert err.value.code == "application_not_editable"


@pytest.mark.parametrize("who", ["lurah_sukaasih", "opd_officer", "opd_viewer", "other_resident"])
def test_the_wrong_office_cannot_act_on_a_step(apps: Apps, who: str) -> None:
    app = apps.submitted()
    actor = {
        "lurah_sukaasih": apps.w.lurah_sukaasih,
        "opd_officer": apps.opd_officer,
        "opd_viewer": apps.opd_viewer,
        "other_resident": apps.w.r_sukaasih.user,
    }[who]
    with unchanged(app), pytest.raises(PermissionDenied) as err:
        application_approve(actor=actor, application=app)
    assert err.value.code == "not_your_step"
    with unchanged(app), pytest.raises(PermissionDenied):
        application_reject(actor=actor, application=app, reason="no")


def test_reject_and_correction_need_a_reason(apps: Apps) -> None:
    app = apps.submitted()
    with unchanged(app), pytest.raises(DomainError) as err:
        application_reject(actor=apps.w.lurah_sukarasa, application=app, reason="   ")
    assert err.value.code == "reason_required"


def test_only_the_applicant_withdraws(apps: Apps) -> None:
    app = apps.submitted()
    with unchanged(app), pytest.raises(PermissionDenied):
        application_withdraw(actor=apps.w.lurah_sukarasa, application=app)
    app = application_withdraw(actor=app.applicant, application=app)
    assert app.state == Application.State.WITHDRAWN
    assert list(queue_for(actor=apps.w.lurah_sukarasa)) == []


def test_a_new_version_does_not_change_applications_already_sent(apps: Apps) -> None:
    sent = apps.submitted()
    changed = service_data()
    changed["fields"] = [*changed["fields"], {
        "key": "rt", "kind": "number", "label": {"id": "RT"}, "required": True,
    }]  # fmt: skip
    v2 = definition_publish(spec=spec_from_data(changed), actor=None)
    assert v2.number == 2
    sent.refresh_from_db()
    assert sent.version.number == 1
    # The sent one passes its checks under version 1; a new one must answer the new field.
    application_approve(actor=apps.w.lurah_sukarasa, application=sent)
    apps.definition.refresh_from_db()
    new = apps.draft()
    assert new.version == v2
    with pytest.raises(AnswersInvalid) as err:
        application_submit(actor=new.applicant, application=new, answers=VALID)
    assert [e.field for e in err.value.errors] == ["rt"]


def test_publishing_the_same_spec_again_makes_no_version(apps: Apps) -> None:
    again = definition_publish(spec=apps.spec, actor=None)
    assert again.number == 1


def test_a_definition_naming_an_unknown_hook_or_office_is_refused(apps: Apps) -> None:
    with pytest.raises(DomainError) as err:
        definition_publish(
            spec=spec_from_data(service_data(validators=[{"name": "nobody.checks"}])), actor=None
        )
    assert err.value.code == "definition_unknown_hook"
    with pytest.raises(DomainError) as err:
        definition_publish(spec=spec_from_data(service_data(office="no-such-office")), actor=None)
    assert err.value.code == "definition_unknown_office"


def test_files_are_checked_by_content(apps: Apps) -> None:
    app = apps.draft()
    fake = io.BytesIO(b"MZ\x90\x00 this is a program, not a scan")
    with unchanged(app), pytest.raises(DomainError) as err:
        application_file_add(actor=app.applicant, application=app, field="letter", upload=fake)
    assert err.value.code == "file_type_not_allowed"
    big = io.BytesIO(b"%PDF-1.4\n" + b"0" * 600 * 1024)
    with unchanged(app), pytest.raises(DomainError) as err:
        application_file_add(actor=app.applicant, application=app, field="letter", upload=big)
    assert err.value.code == "file_too_large"
    broken = io.BytesIO(b"%PDF-1.4\nnot really a pdf")
    with unchanged(app), pytest.raises(DomainError) as err:
        application_file_add(actor=app.applicant, application=app, field="letter", upload=broken)
    assert err.value.code == "pdf_invalid"
    stored = application_file_add(
        actor=app.applicant, application=app, field="letter", upload=_png(), name="../../rt.png"
    )
    assert stored.kind == "jpeg"
    assert stored.name == "rt.jpg"
    assert stored.file.read()[:3] == b"\xff\xd8\xff"  # written anew as a JPEG
