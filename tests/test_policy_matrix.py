"""Every declared permission, for every persona, against an expected table written by hand.

The table below is the specification (the policy modules' docstrings in words): who is allowed,
on which object; everyone else is refused. It is not computed from the code under test. A
permission declared without a row here fails `test_every_declared_permission_has_rows`, so a
new permission comes with its expected answers. One world is built once, and every cell checked
in one test that lists every wrong cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from kotalive.accounts.models import Membership, Organisation, User
from kotalive.applications.models import Application, DefinitionVersion, ServiceDefinition
from kotalive.catalog.models import Category as MenuCategory
from kotalive.catalog.models import Menu
from kotalive.complaints.models import Category, Complaint, ServiceSettings
from kotalive.complaints.services import complaint_submit
from kotalive.core.permissions import allowed, declared
from kotalive.documents.services import Fact, document_issue
from kotalive.regions.models import Kelurahan
from kotalive.regions.services import regions_load
from tests.world import make_staff, make_verified_resident

pytestmark = pytest.mark.django_db

Role = Membership.Role

# Inside Kelurahan Sukarasa (Kecamatan Tangerang).
INSIDE = (-6.172884, 106.631851)

PERSONAS = (
    "anonymous",
    "resident",  # the reporter of the case
    "other_resident",
    "tlr",  # a command-centre operator (Diskominfo)
    "city_admin",  # a Diskominfo admin, with the Django admin flag
    "superuser",  # a staff superuser without any membership
    "office_officer",  # an officer of the case's office (DPUPR)
    "office_supervisor",  # a supervisor of the case's office
    "office_viewer",  # a read-only member of the case's office
    "other_office",  # an officer of another office (DLH)
    "lurah",  # an officer of Kelurahan Sukarasa's office
    "camat",  # the supervisor of Kecamatan Tangerang's office
    "hospital_admin",  # the admin of a hospital
    "inactive",  # a Diskominfo admin whose account was switched off
    "no_role",  # a staff account with no membership
)

CITY = {"city_admin", "superuser"}
TLR = CITY | {"tlr"}
CASE_OFFICE = {"office_officer", "office_supervisor", "office_viewer"}

# (permission, object) -> the personas allowed; every other persona is refused.
EXPECTED: dict[tuple[str, str | None], set[str]] = {
    ("staff.access", None): TLR
    | CASE_OFFICE
    | {"other_office", "lurah", "camat", "hospital_admin"},
    ("admin.open", None): CITY,
    ("resident.view", None): CITY | {"lurah", "camat"},
    ("resident.view", "resident_here"): CITY | {"lurah", "camat"},
    ("resident.view", "resident_elsewhere"): CITY,
    ("organisation.manage", None): CITY | {"hospital_admin"},
    ("organisation.manage", "case_office"): CITY,
    ("organisation.manage", "hospital"): CITY | {"hospital_admin"},
    ("audit.view", None): CITY,
    ("catalog.manage", None): CITY | {"office_supervisor", "camat", "hospital_admin"},
    ("catalog.manage", "menu_of_case_office"): CITY | {"office_supervisor"},
    ("catalog.manage", "menu_without_office"): CITY,
    ("complaint.console", None): TLR | CASE_OFFICE | {"other_office", "lurah", "camat"},
    ("complaint.command_centre", None): TLR,
    ("complaint.read", None): set(),
    ("complaint.read", "case"): TLR | CASE_OFFICE,
    ("complaint.work", None): set(),
    ("complaint.work", "case"): TLR | {"office_officer", "office_supervisor"},
    ("complaint.track", None): set(),
    ("complaint.track", "case"): {"resident"},
    ("document.revoke", None): CITY | {"office_supervisor", "camat", "hospital_admin"},
    ("document.revoke", "document_of_case_office"): CITY | {"office_supervisor"},
    # Applications: offices that take them (city offices, never a hospital) have a queue; the
    # application (sent by `resident`, at Kelurahan Sukarasa's office) is that office's alone.
    ("application.queue", None): CASE_OFFICE | {"city_admin", "other_office", "lurah", "camat"},
    ("application.read", None): set(),
    ("application.read", "application"): {"lurah"},
    ("application.work", None): set(),
    ("application.work", "application"): {"lurah"},
    ("application.own", None): set(),
    ("application.own", "application"): {"resident"},
    ("application.define", None): CITY | {"office_supervisor", "camat"},
    ("application.define", "definition_of_case_office"): CITY | {"office_supervisor"},
}


@dataclass
class World:
    personas: dict[str, Any]
    objects: dict[str, Any]


def build() -> World:
    regions_load()
    kind = Organisation.Kind
    sukarasa = Kelurahan.objects.get(code="36.71.01.1001")
    elsewhere = Kelurahan.objects.exclude(kecamatan=sukarasa.kecamatan).first()
    assert elsewhere is not None
    diskominfo = Organisation.objects.create(kind=kind.DISKOMINFO, slug="dk", name="Diskominfo")
    dpupr = Organisation.objects.create(kind=kind.OPD, slug="dpupr", name="DPUPR")
    dlh = Organisation.objects.create(kind=kind.OPD, slug="dlh", name="DLH")
    kelurahan_office = Organisation.objects.create(
        kind=kind.KELURAHAN, slug="kel-sukarasa", name="Kel. Sukarasa", kelurahan=sukarasa
    )
    kecamatan_office = Organisation.objects.create(
        kind=kind.KECAMATAN,
        slug="kec-tangerang",
        name="Kec. Tangerang",
        kecamatan=sukarasa.kecamatan,
    )
    hospital = Organisation.objects.create(kind=kind.HOSPITAL, slug="rsud", name="RSUD")
    inactive = make_staff("inactive", diskominfo, Role.ADMIN, is_staff=True)
    inactive.is_active = False
    inactive.save()
    resident = User.objects.create_user(phone="+6281300000001", kind=User.Kind.RESIDENT)
    personas: dict[str, Any] = {
        "anonymous": AnonymousUser(),
        "resident": resident,
        "other_resident": User.objects.create_user(phone="+6281300000002", kind=User.Kind.RESIDENT),
        "tlr": make_staff("tlr", diskominfo, Role.OPERATOR),
        "city_admin": make_staff("admin", diskominfo, Role.ADMIN, is_staff=True),
        "superuser": User.objects.create_superuser("root", "pw-root"),
        "office_officer": make_staff("dpupr", dpupr, Role.OFFICER),
        "office_supervisor": make_staff("dpupr.kabid", dpupr, Role.SUPERVISOR),
        "office_viewer": make_staff("dpupr.viewer", dpupr, Role.VIEWER),
        "other_office": make_staff("dlh", dlh, Role.OFFICER),
        "lurah": make_staff("lurah", kelurahan_office, Role.OFFICER),
        "camat": make_staff("camat", kecamatan_office, Role.SUPERVISOR),
        "hospital_admin": make_staff("rsud.admin", hospital, Role.ADMIN),
        "inactive": inactive,
        "no_role": make_staff("nobody", None),
    }
    assert set(personas) == set(PERSONAS)

    ServiceSettings.objects.create()
    road = Category.objects.create(
        slug="jalan-rusak", name_id="Jalan rusak", name_en="Damaged road", office=dpupr
    )
    case = complaint_submit(
        actor=resident,
        category=road,
        description="Lubang besar di jalan depan sekolah.",
        lat=INSIDE[0],
        lon=INSIDE[1],
    )
    Complaint.objects.filter(pk=case.pk).update(state="assigned", office=dpupr)
    case.refresh_from_db()
    assert case.kelurahan_id == sukarasa.pk

    menus = MenuCategory.objects.create(slug="uji", name_id="Uji", name_en="Test")
    definition = ServiceDefinition.objects.create(slug="surat-uji", office=dpupr)
    version = DefinitionVersion.objects.create(definition=definition, number=1, spec={})
    application = Application.objects.create(
        ref="PM-MATRIX01",
        definition=definition,
        version=version,
        applicant=resident,
        state=Application.State.SUBMITTED,
        office=kelurahan_office,
        kelurahan=sukarasa,
        answers_encrypted="-",
        submitted_at=case.created_at,
    )
    objects: dict[str, Any] = {
        "case": case,
        "resident_here": make_verified_resident("Ahmad Sukarasa", sukarasa),
        "resident_elsewhere": make_verified_resident("Citra Elsewhere", elsewhere),
        "case_office": dpupr,
        "hospital": hospital,
        "menu_of_case_office": Menu.objects.create(
            slug="izin-jalan", category=menus, name_id="Izin jalan", office=dpupr
        ),
        "application": application,
        "definition_of_case_office": definition,
        "menu_without_office": Menu.objects.create(
            slug="info-kota", category=menus, name_id="Info kota"
        ),
        "document_of_case_office": document_issue(
            kind="izin-galian",
            title_id="Izin galian jalan",
            title_en="Road excavation permit",
            number="DPUPR/1",
            holder_name="Ahmad Sukarasa",
            holder_nik=None,
            facts=[Fact(label_id="Lokasi", label_en="Location", value="Jl. Sukarasa")],
            issuer=dpupr,
            valid_until=None,
            source_ref="",
            actor=None,
        ),
    }
    return World(personas=personas, objects=objects)


def test_every_declared_permission_has_rows() -> None:
    assert set(declared()) == {permission for permission, _ in EXPECTED}


def test_every_persona_gets_the_expected_answer_for_every_permission() -> None:
    world = build()  # SMS, hashers and cache isolated by tests/conftest.py
    wrong = []
    for (permission, obj_name), allowed_personas in EXPECTED.items():
        obj = None if obj_name is None else world.objects[obj_name]
        for persona in PERSONAS:
            expected = persona in allowed_personas
            got = allowed(world.personas[persona], permission, obj)
            if got != expected:
                wrong.append(f"{persona} {permission} on {obj_name}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)
