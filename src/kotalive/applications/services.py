"""Every change to definitions and applications: one function each, one transaction, audited.

Pages, the resident API and the staff API call these and nothing else; `lifecycle.APPLICATION`
says which action may happen now, `policy.application_roles` who holds which role on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kotalive.accounts.models import Organisation, ResidentIdentity, User
from kotalive.accounts.selectors import identity_of
from kotalive.applications import hooks
from kotalive.applications.answers import (
    Answers,
    answers_clean,
    answers_draft,
    answers_to_json,
    answers_typed,
)
from kotalive.applications.directory import directory
from kotalive.applications.files import file_clean
from kotalive.applications.lifecycle import APPLICATION, Role
from kotalive.applications.models import (
    Application,
    ApplicationFile,
    DefinitionVersion,
    Event,
    ServiceDefinition,
)
from kotalive.applications.policy import application_roles
from kotalive.applications.sla import due_after
from kotalive.applications.spec import (
    APPLICANT_KECAMATAN,
    APPLICANT_KELURAHAN,
    Access,
    Kind,
    Prefill,
    ServiceSpec,
    Step,
    spec_from_data,
    spec_load_yaml,
    spec_to_data,
)
from kotalive.catalog.services import menu_form_open
from kotalive.civil_registry.registry import get_registry
from kotalive.core.audit import audit_record
from kotalive.core.crypto import decrypt, encrypt, mask_identity_number
from kotalive.core.db import insert_one
from kotalive.core.errors import DomainError, NotFound, PermissionDenied
from kotalive.core.models import AuditEvent
from kotalive.documents.services import Fact, document_issue
from kotalive.notifications.services import Text, notification_send
from kotalive.regions.models import Kelurahan

REF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
MAX_REASON = 1000
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

Channel = AuditEvent.Channel

# --- definitions --------------------------------------------------------------------------------

_specs: dict[tuple[int, str], ServiceSpec] = {}


def version_spec(version: DefinitionVersion) -> ServiceSpec:
    """The spec of a version, parsed once per process (a version never changes)."""
    key = (version.pk, version.created_at.isoformat() if version.created_at else "")
    spec = _specs.get(key)
    if spec is None:
        spec = spec_from_data(version.spec)
        if len(_specs) > 512:
            _specs.clear()
        _specs[key] = spec
    return spec


def _office_by_slug(slug: str) -> Organisation:
    office = Organisation.objects.filter(slug=slug, is_active=True).first()
    if office is None:
        raise DomainError(
            "definition_unknown_office",
            _("No active organisation has the slug %(slug)s.") % {"slug": slug},
        )
    return office


def _definition_check(spec: ServiceSpec) -> Organisation:
    owner = _office_by_slug(spec.office)
    for step in spec.steps:
        if step.office not in (APPLICANT_KELURAHAN, APPLICANT_KECAMATAN):
            _office_by_slug(step.office)
    unknown = sorted(set(spec.hooks()) - hooks.known())
    if unknown:
        raise DomainError(
            "definition_unknown_hook",
            _("No app provides %(names)s.") % {"names": ", ".join(unknown)},
        )
    if spec.access == Access.SIGNED_IN and not any(
        f.kind == Kind.KELURAHAN and f.required for f in spec.fields
    ):
        raise DomainError(
            "definition_needs_kelurahan",
            _("A service open to residents without a verified NIK must ask their kelurahan."),
        )
    return owner


@transaction.atomic
def definition_publish(
    *, spec: ServiceSpec, actor: User | None, note: str = "", channel: str = Channel.WEB
) -> DefinitionVersion:
    """Publish `spec` as the newest version of its definition (made on first publication).

    Publishing the spec that is already current changes nothing and returns that version.
    Applications already made keep their version.
    """
    owner = _definition_check(spec)
    definition, _created = ServiceDefinition.objects.select_for_update().get_or_create(
        slug=spec.slug, defaults={"office": owner, "menu_slug": spec.menu or ""}
    )
    data = spec_to_data(spec)
    current = definition.current
    if current is not None and current.spec == data:
        return current
    number = (definition.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DefinitionVersion.objects.create(
        definition=definition, number=number, spec=data, note=note[:300], created_by=actor
    )
    definition.current = version
    definition.office = owner
    definition.menu_slug = spec.menu or ""
    definition.is_active = True
    definition.save(update_fields=["current", "office", "menu_slug", "is_active"])
    if spec.menu:
        menu_form_open(slug=spec.menu)
    audit_record(
        actor=actor,
        action="application.definition_published",
        target=definition,
        channel=channel,
        data={"slug": spec.slug, "version": number},
    )
    return version


def definition_import_yaml(
    *, text: str, actor: User | None, note: str = "", channel: str = Channel.WEB
) -> DefinitionVersion:
    return definition_publish(
        spec=spec_load_yaml(text), actor=actor, note=note or "YAML import", channel=channel
    )


# --- applications: helpers ----------------------------------------------------------------------


def new_ref() -> str:
    return "PM-" + "".join(secrets.choice(REF_ALPHABET) for _ in range(8))


def answers_of(application: Application) -> Answers:
    """The stored answers (a draft's as typed, a sent one's clean, as JSON)."""
    data: Answers = json.loads(
        decrypt(application.answers_encrypted, context=f"application:{application.ref}")
    )
    return data


def _answers_store(application: Application, answers: Mapping[str, Any]) -> None:
    text = json.dumps(answers_to_json(answers), ensure_ascii=False, separators=(",", ":"))
    application.answers_encrypted = encrypt(text, context=f"application:{application.ref}")


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("version", "kelurahan__kecamatan", "office")
        .get(pk=application.pk)
    )


@dataclass(frozen=True)
class Applicant:
    """What the engine knows of who applies: the verified identity, when there is one."""

    identity: ResidentIdentity | None

    @property
    def nik(self) -> str | None:
        return decrypt(self.identity.nik_encrypted, context="nik") if self.identity else None

    @property
    def kk(self) -> str | None:
        return decrypt(self.identity.kk_encrypted, context="kk") if self.identity else None


def _applicant(actor: User, spec: ServiceSpec) -> Applicant:
    if actor.pk is None or not actor.is_active or actor.kind != User.Kind.RESIDENT:
        raise PermissionDenied("residents_only", _("Only residents apply for services."))
    identity = identity_of(actor=actor)
    if spec.access == Access.NIK_VERIFIED and identity is None:
        raise PermissionDenied(
            "identity_required",
            _("This service needs a verified NIK. Verify it in your profile first."),
        )
    return Applicant(identity=identity)


def _prefill(spec: ServiceSpec, actor: User, applicant: Applicant) -> Answers:
    identity = applicant.identity
    if not any(f.prefill for f in spec.fields):
        return {}
    values: dict[Prefill, str] = {Prefill.PHONE: actor.phone or ""}
    if identity is not None:
        values.update(
            {
                Prefill.FULL_NAME: identity.full_name,
                Prefill.NIK: applicant.nik or "",
                Prefill.KK: applicant.kk or "",
                Prefill.BIRTH_DATE: identity.birth_date.isoformat(),
                Prefill.KELURAHAN: identity.kelurahan.code if identity.kelurahan else "",
            }
        )
        wanted = {f.prefill for f in spec.fields if f.prefill}
        household = (
            get_registry().household(kk=applicant.kk or "") if wanted & _FROM_HOUSEHOLD else []
        )
        me = next((p for p in household if p.nik == applicant.nik), None)
        if me is not None:
            values[Prefill.ADDRESS] = me.address
        spouse = next(
            (
                p
                for p in household
                if p.nik != applicant.nik and p.relationship in ("head", "spouse")
            ),
            None,
        )
        if spouse is not None:
            values[Prefill.SPOUSE_NIK] = spouse.nik
            values[Prefill.SPOUSE_NAME] = spouse.full_name
        for person in household:
            if person.relationship not in ("head", "spouse"):
                continue
            male = person.sex == "M"
            values[Prefill.HUSBAND_NIK if male else Prefill.WIFE_NIK] = person.nik
            values[Prefill.HUSBAND_NAME if male else Prefill.WIFE_NAME] = person.full_name
    return {f.key: values[f.prefill] for f in spec.fields if f.prefill and values.get(f.prefill)}


_FROM_HOUSEHOLD = frozenset(
    {
        Prefill.ADDRESS,
        Prefill.SPOUSE_NIK,
        Prefill.SPOUSE_NAME,
        Prefill.HUSBAND_NIK,
        Prefill.HUSBAND_NAME,
        Prefill.WIFE_NIK,
        Prefill.WIFE_NAME,
    }
)


def _step_office(step: Step, kelurahan: Kelurahan) -> Organisation:
    known = directory()
    found: Organisation | None
    if step.office == APPLICANT_KELURAHAN:
        found = known.kelurahan_offices.get(kelurahan.pk)
    elif step.office == APPLICANT_KECAMATAN:
        found = known.kecamatan_offices.get(kelurahan.kecamatan_id)
    else:
        found = known.offices.get(step.office)
    if found is None:
        raise DomainError(
            "no_office_for_step",
            _("No office takes this step for %(kelurahan)s yet; please apply at the counter.")
            % {"kelurahan": kelurahan.name},
            status=503,
        )
    return found


def _event(
    application: Application,
    action: str,
    *,
    actor: User | None,
    from_state: str,
    note: str = "",
    channel: str = Channel.WEB,
    data: dict[str, Any] | None = None,
) -> Event:
    event = Event(
        application=application,
        action=action,
        actor=actor,
        office=application.office,
        from_state=from_state,
        to_state=application.state,
        step=application.step,
        note=note,
    )
    insert_one(event)
    audit_record(
        actor=actor,
        action=f"application.{action}",
        target=application,
        channel=channel,
        data={
            "ref": application.ref,
            "service": application.definition.slug,
            "from": from_state,
            "to": application.state,
            "step": application.step,
            **(data or {}),
        },
    )
    return event


def _tell_applicant(
    application: Application,
    event: Event,
    title: str,
    body: str,
    *,
    inbox_only: bool = False,
) -> None:
    """A notice in the applicant's inbox (and by SMS unless `inbox_only`), translated where it
    is read."""
    params = {"ref": application.ref, "reason": event.note}
    notification_send(
        user=application.applicant,
        kind="application",
        dedupe_key=f"application:{application.ref}:{event.pk}",
        title=Text(title, params),
        body=Text(body, params),
        url=f"/permohonan/{application.ref}/",
        **({"channels": ()} if inbox_only else {}),
    )


def _reason(reason: str) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise DomainError(
            "reason_required", _("Write the reason the applicant will read."), field="reason"
        )
    if len(text) > MAX_REASON:
        raise DomainError(
            "reason_too_long",
            _("At most %(limit)d characters.") % {"limit": MAX_REASON},
            field="reason",
        )
    return text


def _check(action: str, application: Application, actor: User) -> ServiceSpec:
    spec = version_spec(application.version)
    APPLICATION.check(
        action, state=application.state, roles=application_roles(actor, application, spec)
    )
    return spec


# --- applications: the resident -----------------------------------------------------------------


@transaction.atomic
def application_start(
    *,
    actor: User,
    definition: ServiceDefinition,
    answers: Mapping[str, Any] | None = None,
    submit: bool = False,
    channel: str = Channel.WEB,
) -> Application:
    """A new draft with the current version, filled in from the verified identity; with
    `submit`, sent at once (as `application_submit` sends it: a fault refuses both)."""
    if not definition.is_active or definition.current is None:
        raise NotFound("service_not_found", _("This service takes no applications now."))
    spec = version_spec(definition.current)
    applicant = _applicant(actor, spec)
    identity = applicant.identity
    draft = {**_prefill(spec, actor, applicant), **answers_draft(spec, answers or {})}
    application = Application(
        ref=new_ref(),
        definition=definition,
        version=definition.current,
        applicant=actor,
        kelurahan_id=identity.kelurahan_id if identity else None,
    )
    if submit:
        # Made and sent in one go: one row, written already sent, and one event.
        return _send(application, spec, applicant, draft, actor=actor, channel=channel, files={})
    _answers_store(application, draft)
    application.save()
    _event(application, "start", actor=actor, from_state="", channel=channel)
    return application


@transaction.atomic
def application_save(
    *,
    actor: User,
    application: Application,
    answers: Mapping[str, Any],
    channel: str = Channel.WEB,
) -> Application:
    """Keep what the applicant typed (a draft, or a correction being made); nothing is checked
    but its shape, so that the form shows it again."""
    application = _lock(application)
    spec = _check("edit", application, actor)
    _answers_store(application, {**answers_of(application), **answers_draft(spec, answers)})
    application.save(update_fields=["answers_encrypted", "updated_at"])
    return application


def _files_by_field(application: Application) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for pk, key in application.files.order_by("pk").values_list("pk", "field_key"):
        found.setdefault(key, []).append(pk)
    return found


@transaction.atomic
def application_file_add(
    *,
    actor: User,
    application: Application,
    field: str,
    upload: IO[bytes],
    name: str = "",
    channel: str = Channel.WEB,
) -> ApplicationFile:
    """Attach a document to a file field: checked by its content, written anew, stored privately."""
    application = _lock(application)
    spec = _check("edit", application, actor)
    try:
        f = spec.field(field)
    except KeyError:
        f = None
    if f is None or f.kind != Kind.FILE:
        raise DomainError("unknown_file_field", _("This form has no such document."), field=field)
    rule = f.file_rule
    if application.files.filter(field_key=field).count() >= rule.max_files:
        raise DomainError(
            "too_many_files",
            _("At most %(count)d files here.") % {"count": rule.max_files},
            field=field,
        )
    clean = file_clean(upload, types=rule.types, max_kb=rule.max_kb, field=field)
    stored = ApplicationFile(
        application=application,
        field_key=field,
        kind=clean.kind,
        size=len(clean.content),
        sha256=hashlib.sha256(clean.content).hexdigest(),
        name=clean.display_name(name),
    )
    stored.file.save(
        f"{secrets.token_hex(12)}.{clean.extension}", ContentFile(clean.content), save=False
    )
    stored.save()
    audit_record(
        actor=actor,
        action="application.file_added",
        target=application,
        channel=channel,
        data={"ref": application.ref, "field": field, "kind": clean.kind, "size": stored.size},
    )
    return stored


def files_discard(stored: list[ApplicationFile]) -> None:
    """Delete the stored bytes of files whose rows were rolled back (a refused request)."""
    for item in stored:
        if item.file.name:
            item.file.storage.delete(item.file.name)


@transaction.atomic
def application_file_remove(
    *, actor: User, application: Application, file_id: int, channel: str = Channel.WEB
) -> None:
    application = _lock(application)
    _check("edit", application, actor)
    stored = application.files.filter(pk=file_id).first()
    if stored is None:
        raise NotFound("file_not_found", _("No such document on this application."))
    name = stored.file.name or ""
    storage = stored.file.storage
    stored.delete()
    transaction.on_commit(lambda: storage.delete(name))
    audit_record(
        actor=actor,
        action="application.file_removed",
        target=application,
        channel=channel,
        data={"ref": application.ref, "field": stored.field_key},
    )


@transaction.atomic
def application_submit(
    *,
    actor: User,
    application: Application,
    answers: Mapping[str, Any] | None = None,
    channel: str = Channel.WEB,
) -> Application:
    """Send a draft, or a corrected application, after checking every answer and document.

    The answers are checked against the version the application was made with; any fault
    refuses the whole sending and changes nothing (`AnswersInvalid` lists them all).
    """
    application = _lock(application)
    action = "resubmit" if application.state == Application.State.CORRECTION else "submit"
    spec = _check(action, application, actor)
    applicant = _applicant(actor, spec)
    raw = answers_of(application)
    if answers is not None:
        raw = {**raw, **answers_draft(spec, answers)}
    return _send(
        application,
        spec,
        applicant,
        raw,
        actor=actor,
        channel=channel,
        files=_files_by_field(application),
    )


def _send(
    application: Application,
    spec: ServiceSpec,
    applicant: Applicant,
    raw: Mapping[str, Any],
    *,
    actor: User,
    channel: str,
    files: Mapping[str, list[int]],
) -> Application:
    action = "resubmit" if application.state == Application.State.CORRECTION else "submit"
    if action == "submit":
        APPLICATION.check(action, state=application.state, roles={Role.APPLICANT})
    clean = answers_clean(
        spec,
        raw,
        files=files,
        applicant_nik=applicant.nik,
        applicant_kk=applicant.kk,
        today=timezone.localdate(),
    )
    kelurahan = _kelurahan_for(spec, clean, applicant)
    now = timezone.now()
    from_state = application.state
    _answers_store(application, clean)
    application.kelurahan = kelurahan
    application.state = Application.State.SUBMITTED
    application.reason = ""
    if action == "submit":
        application.submitted_at = now
        application.step = 0
    step = spec.steps[application.step]
    application.office = _step_office(step, kelurahan)
    application.due_at = due_after(now, days=step.service_level_days)
    if application.pk is None:
        insert_one(application)
    else:
        application.save(
            update_fields=[
                "answers_encrypted",
                "kelurahan",
                "state",
                "reason",
                "submitted_at",
                "step",
                "office",
                "due_at",
                "updated_at",
            ]
        )
    event = _event(application, action, actor=actor, from_state=from_state, channel=channel)
    if action == "submit":
        # The receipt is on the screen that sent it: the inbox keeps it, no SMS is sent.
        _tell_applicant(
            application,
            event,
            gettext_noop("Application %(ref)s received"),
            gettext_noop(
                "We received your application %(ref)s. You can follow it under My activity."
            ),
            inbox_only=True,
        )
    return application


def _kelurahan_for(spec: ServiceSpec, clean: Answers, applicant: Applicant) -> Kelurahan:
    if applicant.identity is not None and applicant.identity.kelurahan is not None:
        return applicant.identity.kelurahan
    code = next(
        (clean[f.key] for f in spec.fields if f.kind == Kind.KELURAHAN and f.key in clean), None
    )
    found = (
        Kelurahan.objects.select_related("kecamatan").filter(code=code).first() if code else None
    )
    if found is None:
        raise DomainError("kelurahan_required", _("Choose your kelurahan."), field="kelurahan")
    return found


@transaction.atomic
def application_withdraw(
    *, actor: User, application: Application, channel: str = Channel.WEB
) -> Application:
    application = _lock(application)
    _check("withdraw", application, actor)
    from_state = application.state
    application.state = Application.State.WITHDRAWN
    application.due_at = None
    application.save(update_fields=["state", "due_at", "updated_at"])
    _event(application, "withdraw", actor=actor, from_state=from_state, channel=channel)
    return application


# --- applications: the offices ------------------------------------------------------------------


@transaction.atomic
def application_request_correction(
    *, actor: User, application: Application, reason: str, channel: str = Channel.WEB
) -> Application:
    """Send it back to the applicant with what to correct; they answer in place and resend."""
    application = _lock(application)
    _check("request_correction", application, actor)
    text = _reason(reason)
    from_state = application.state
    application.state = Application.State.CORRECTION
    application.reason = text
    application.due_at = None
    application.save(update_fields=["state", "reason", "due_at", "updated_at"])
    event = _event(
        application, "request_correction", actor=actor, from_state=from_state, note=text,
        channel=channel,
    )  # fmt: skip
    _tell_applicant(
        application,
        event,
        gettext_noop("Application %(ref)s needs a correction"),
        gettext_noop("Please correct your application %(ref)s: %(reason)s"),
    )
    return application


@transaction.atomic
def application_approve(
    *, actor: User, application: Application, note: str = "", channel: str = Channel.WEB
) -> Application:
    """The office of the current step agrees: on to the next step's office, or, at the last
    step, approved (the document is issued next)."""
    application = _lock(application)
    spec = version_spec(application.version)
    roles = application_roles(actor, application, spec)
    action = "approve" if Role.FINAL_OFFICER in roles else "pass"
    APPLICATION.check(action, state=application.state, roles=roles)
    from_state = application.state
    now = timezone.now()
    if action == "pass":
        application.step += 1
        step = spec.steps[application.step]
        assert application.kelurahan is not None  # set when it was sent
        application.office = _step_office(step, application.kelurahan)
        application.due_at = due_after(now, days=step.service_level_days)
    else:
        application.state = Application.State.APPROVED
        application.decided_at = now
        application.due_at = due_after(now, days=1)  # issuing is the office's next act
    application.save()
    _event(
        application, action, actor=actor, from_state=from_state, note=note.strip()[:MAX_REASON],
        channel=channel,
    )  # fmt: skip
    return application


@transaction.atomic
def application_reject(
    *, actor: User, application: Application, reason: str, channel: str = Channel.WEB
) -> Application:
    application = _lock(application)
    _check("reject", application, actor)
    text = _reason(reason)
    from_state = application.state
    application.state = Application.State.REJECTED
    application.reason = text
    application.decided_at = timezone.now()
    application.due_at = None
    application.save(update_fields=["state", "reason", "decided_at", "due_at", "updated_at"])
    event = _event(
        application, "reject", actor=actor, from_state=from_state, note=text, channel=channel
    )
    _tell_applicant(
        application,
        event,
        gettext_noop("Application %(ref)s was not approved"),
        gettext_noop("Your application %(ref)s was not approved: %(reason)s"),
    )
    return application


def _fact_value(spec: ServiceSpec, key: str, value: Any) -> str:
    f = spec.field(key)
    if f.kind == Kind.DATE and isinstance(value, dt.date):
        return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"
    if f.kind == Kind.CHOICE:
        return next((c.label.id for c in f.choices if c.value == value), str(value))
    if f.kind in (Kind.NIK, Kind.KK):
        return mask_identity_number(str(value))
    if f.kind == Kind.LOCATION and isinstance(value, dict):
        return f"{value.get('lat')}, {value.get('lng')}"
    return str(value)


@transaction.atomic
def application_issue(
    *, actor: User, application: Application, channel: str = Channel.WEB
) -> Application:
    """Make the document: the definition's effects first (e.g. the child joins the KK), then the
    signed document; all in one transaction, so a refused effect issues nothing."""
    application = _lock(application)
    spec = _check("issue", application, actor)
    answers = answers_typed(spec, answers_of(application))
    identity = identity_of(actor=application.applicant)
    applicant = Applicant(identity=identity)
    today = timezone.localdate()
    for call in spec.effects:
        run = hooks.effect(call.name)
        if run is None:
            raise DomainError(
                "service_unavailable",
                _("This service cannot issue documents right now."),
                status=503,
            )
        run(
            answers,
            params=call.params,
            applicant_nik=applicant.nik,
            applicant_kk=applicant.kk,
            reference=application.ref,
            today=today,
        )
    doc = spec.document
    holder_name = (
        (identity.full_name if identity else application.applicant.display_name)
        if doc.holder_name == "applicant"
        else str(answers.get(doc.holder_name, ""))
    )
    holder_nik = (
        applicant.nik
        if doc.holder_nik == "applicant"
        else (
            str(answers[doc.holder_nik]) if doc.holder_nik and answers.get(doc.holder_nik) else None
        )
    )
    facts = []
    for fact in doc.facts:
        if fact.field not in answers:
            continue
        label = fact.label or spec.field(fact.field).label
        facts.append(
            Fact(
                label_id=label.id,
                label_en=label.en or label.id,
                value=_fact_value(spec, fact.field, answers[fact.field]),
            )
        )
    assert application.office is not None
    issued = document_issue(
        kind=doc.kind,
        title_id=doc.title.id,
        title_en=doc.title.en or doc.title.id,
        number=f"{doc.number_prefix}-{today:%Y%m%d}-{application.ref[3:]}",
        holder_name=holder_name,
        holder_nik=holder_nik,
        facts=facts,
        issuer=application.office,
        valid_until=today + dt.timedelta(days=doc.valid_days) if doc.valid_days else None,
        source_ref=application.ref,
        actor=actor,
    )
    from_state = application.state
    application.state = Application.State.ISSUED
    application.document_code = issued.code
    application.due_at = None
    application.save(update_fields=["state", "document_code", "due_at", "updated_at"])
    event = _event(
        application, "issue", actor=actor, from_state=from_state, channel=channel,
        data={"document": issued.code},
    )  # fmt: skip
    _tell_applicant(
        application,
        event,
        gettext_noop("Your document for %(ref)s is ready"),
        gettext_noop(
            "The document for your application %(ref)s was issued. Download it in the app."
        ),
    )
    return application
