"""Writes to the local population registry (the stand-in for Dukcapil's own records)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.civil_registry.models import EktpState, Family, KkChange, Person
from kotalive.civil_registry.numbers import normalise_number, validate_kk, validate_nik
from kotalive.core.audit import audit_record
from kotalive.core.crypto import encrypt, mask_identity_number
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.models import AuditEvent
from kotalive.regions.models import Kelurahan


@transaction.atomic
def family_register(
    *,
    kk: str,
    kelurahan: Kelurahan,
    address: str,
    members: list[tuple[str, str, dt.date, str]],
    channel: str = AuditEvent.Channel.SYSTEM,
) -> Family:
    """Record a family and its members: `members` is (nik, full_name, birth_date, relationship).

    The sex is read from the NIK (day + 40 for women) so the two can never disagree.
    """
    kk_number = validate_kk(kk).number
    family = Family.objects.create(
        kk_encrypted=encrypt(kk_number, context="kk"),
        kk_index=Family.index_of(kk_number),
        kk_masked=mask_identity_number(kk_number),
        kelurahan=kelurahan,
        address=address,
    )
    for nik, full_name, birth_date, relationship in members:
        info = validate_nik(nik)
        Person.objects.create(
            family=family,
            nik_encrypted=encrypt(info.number, context="nik"),
            nik_index=Person.index_of(info.number),
            nik_masked=mask_identity_number(info.number),
            full_name=full_name,
            birth_date=birth_date,
            sex=info.sex,
            relationship=relationship,
        )
    audit_record(
        actor=None,
        action="registry.family_registered",
        target=family,
        channel=channel,
        data={"kk_masked": family.kk_masked, "members": len(members)},
    )
    return family


def _family_of(kk: str) -> Family:
    family = (
        Family.objects.select_for_update()
        .select_related("kelurahan__kecamatan")
        .filter(kk_index=Family.index_of(normalise_number(kk)))
        .first()
    )
    if family is None:
        raise NotFound("kk_not_found", _("No family card with this KK number is registered."))
    return family


def _new_reference(on: dt.date) -> str:
    # Eight random digits after the date: guessing another family's reference is hopeless, and
    # the unique constraint catches the rare clash (kk_change_record draws again).
    return f"KK-{on:%Y%m%d}-{secrets.randbelow(10**8):08d}"


@transaction.atomic
def kk_change_record(
    *,
    family: Family,
    kind: str,
    received_on: dt.date,
    state: str = KkChange.State.RECEIVED,
    updated_on: dt.date | None = None,
    member_name: str = "",
    member: Person | None = None,
    reference: str | None = None,
    source_reference: str = "",
    channel: str = AuditEvent.Channel.SYSTEM,
) -> KkChange:
    """Record a KK change request (its reference generated unless given, as the seed does)."""
    if kind not in KkChange.Kind.values or state not in KkChange.State.values:
        raise DomainError("kk_change_invalid", _("Unknown kind or state of a KK change."))
    if updated_on is not None and updated_on < received_on:
        raise DomainError("kk_change_invalid", _("A KK change cannot move before it was received."))
    for attempt in range(5):
        try:
            with transaction.atomic():
                change = KkChange.objects.create(
                    family=family,
                    reference=reference or _new_reference(received_on),
                    kind=kind,
                    state=state,
                    member_name=member_name,
                    member=member,
                    received_on=received_on,
                    updated_on=updated_on or received_on,
                    source_reference=source_reference,
                )
            break
        except IntegrityError:
            if reference is not None or attempt == 4:
                raise
    audit_record(
        actor=None,
        action="registry.kk_change_recorded",
        target=change,
        channel=channel,
        data={"kk_masked": family.kk_masked, "kind": kind, "state": state},
    )
    return change


_EKTP_STEPS = (
    (EktpState.RECORDED, "ektp_recorded_on"),
    (EktpState.PRINTED, "ektp_printed_on"),
    (EktpState.READY, "ektp_ready_on"),
    (EktpState.COLLECTED, "ektp_collected_on"),
)


@transaction.atomic
def ektp_set(
    *,
    person: Person,
    recorded_on: dt.date | None = None,
    printed_on: dt.date | None = None,
    ready_on: dt.date | None = None,
    collected_on: dt.date | None = None,
    office: str = "",
    channel: str = AuditEvent.Channel.SYSTEM,
) -> Person:
    """Record where a person's e-KTP stands, as SIAK reports it: the date of each step reached.

    The state is the furthest step with a date; the steps must be reached in order, and a card
    that is ready or collected names its office.
    """
    dates = [recorded_on, printed_on, ready_on, collected_on]
    reached = [d for d in dates if d is not None]
    if dates[: len(reached)] != reached or reached != sorted(reached):
        raise DomainError("ektp_steps_out_of_order", _("The e-KTP steps must follow each other."))
    state = _EKTP_STEPS[len(reached) - 1][0] if reached else EktpState.NOT_RECORDED
    office = " ".join(office.split())
    if state in {EktpState.READY, EktpState.COLLECTED} and not office:
        raise DomainError(
            "ektp_office_required", _("Name the office where the e-KTP is collected.")
        )
    for (_step, field), on in zip(_EKTP_STEPS, dates, strict=True):
        setattr(person, field, on)
    person.ektp_state = state
    person.ektp_office = office if len(reached) >= 2 else ""
    person.save(
        update_fields=[field for _step, field in _EKTP_STEPS] + ["ektp_state", "ektp_office"]
    )
    audit_record(
        actor=None,
        action="registry.ektp_set",
        target=person,
        channel=channel,
        data={"nik_masked": person.nik_masked, "state": state},
    )
    return person


def _free_nik(stem: str) -> str:
    """The NIK with this stem (region + birth date) and the lowest serial nobody holds."""
    for start in range(1, 10000, 100):
        candidates = {f"{stem}{s:04d}": s for s in range(start, min(start + 100, 10000))}
        by_index = {Person.index_of(nik): nik for nik in candidates}
        taken = set(
            Person.objects.filter(nik_index__in=by_index).values_list("nik_index", flat=True)
        )
        free = [nik for index, nik in by_index.items() if index not in taken]
        if free:
            return min(free, key=candidates.__getitem__)
    raise DomainError("nik_serials_exhausted", _("No free NIK serial for this birth date."))


@transaction.atomic
def child_add(
    *,
    kk: str,
    full_name: str,
    birth_date: dt.date,
    sex: str,
    reference: str = "",
    today: dt.date | None = None,
    channel: str = AuditEvent.Channel.SYSTEM,
) -> tuple[Person, Family]:
    """Add a newborn to a family: a new NIK (the family's kecamatan, the birth date, +40 for
    girls, a free serial), the child on the KK, and a KK change request for the new card.

    Given the same `reference` again (an issue retried), the child added the first time is
    returned and nothing is added twice.
    """
    today = today or timezone.localdate()
    family = _family_of(kk)
    if reference:
        earlier = KkChange.objects.filter(source_reference=reference).first()
        if earlier is not None:
            if earlier.family_id != family.pk or earlier.member is None:
                raise DomainError(
                    "child_reference_used",
                    _("This application has already added a child to another family card."),
                )
            return earlier.member, family
    name = " ".join(full_name.split())
    if not name:
        raise DomainError(
            "child_name_required", _("Give the child's full name."), field="full_name"
        )
    if sex not in Person.Sex.values:
        raise DomainError("child_sex_invalid", _("The sex must be M or F."), field="sex")
    if birth_date > today:
        raise DomainError(
            "birth_date_in_future",
            _("The date of birth cannot be in the future."),
            field="birth_date",
        )
    region = family.kelurahan.code.replace(".", "")[:6]
    day = birth_date.day + (40 if sex == Person.Sex.FEMALE else 0)
    nik = _free_nik(f"{region}{day:02d}{birth_date:%m%y}")
    info = validate_nik(nik, today=today)
    child = Person.objects.create(
        family=family,
        nik_encrypted=encrypt(info.number, context="nik"),
        nik_index=Person.index_of(info.number),
        nik_masked=mask_identity_number(info.number),
        full_name=name,
        birth_date=birth_date,
        sex=info.sex,
        relationship=Person.Relationship.CHILD,
    )
    audit_record(
        actor=None,
        action="registry.child_added",
        target=child,
        channel=channel,
        data={"kk_masked": family.kk_masked, "nik_masked": child.nik_masked},
    )
    kk_change_record(
        family=family,
        kind=KkChange.Kind.ADD_MEMBER,
        received_on=today,
        member_name=name,
        member=child,
        source_reference=reference,
        channel=channel,
    )
    return child, family
