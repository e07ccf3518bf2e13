"""Documents test world: an issuing office (Disdukcapil) with its staff, another office, and a
factory that issues a document the way `applications` will (`documents.services`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from kotalive.accounts.models import Membership, Organisation, User
from kotalive.documents.models import IssuedDocument
from kotalive.documents.services import Fact, document_issue
from tests.world import World, make_staff

NIK = "3671014101900007"
Role = Membership.Role


@dataclass
class Offices:
    world: World
    disdukcapil: Organisation
    dlh: Organisation
    officer: User  # Disdukcapil officer
    supervisor: User  # Disdukcapil supervisor
    other_supervisor: User  # DLH supervisor: another office


@pytest.fixture
def offices(world: World) -> Offices:
    kind = Organisation.Kind
    disdukcapil = Organisation.objects.create(
        kind=kind.OPD, slug="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil"
    )
    dlh = Organisation.objects.create(kind=kind.OPD, slug="dlh", name="Dinas Lingkungan Hidup")
    return Offices(
        world=world,
        disdukcapil=disdukcapil,
        dlh=dlh,
        officer=make_staff("capil.officer", disdukcapil, Role.OFFICER),
        supervisor=make_staff("capil.kabid", disdukcapil, Role.SUPERVISOR),
        other_supervisor=make_staff("dlh.kabid", dlh, Role.SUPERVISOR),
    )


FACTS = (
    Fact(label_id="Nama anak", label_en="Child's name", value="Budi Santoso"),
    Fact(label_id="Tempat lahir", label_en="Place of birth", value="Tangerang"),
    Fact(label_id="Tanggal lahir", label_en="Date of birth", value="20 November 2026"),
    Fact(label_id="Nama ibu", label_en="Mother's name", value="Sri Wahyuni"),
)


@pytest.fixture
def issue(offices: Offices) -> Callable[..., IssuedDocument]:
    def make(**overrides: Any) -> IssuedDocument:
        fields: dict[str, Any] = {
            "kind": "akta-kelahiran",
            "title_id": "Kutipan Akta Kelahiran",
            "title_en": "Birth certificate extract",
            "number": "3671-LT-03122026-0001",
            "holder_name": "Budi Santoso",
            "holder_nik": NIK,
            "facts": FACTS,
            "issuer": offices.disdukcapil,
            "valid_until": None,
            "source_ref": "applications:1",
            "actor": offices.officer,
        }
        fields.update(overrides)
        return document_issue(**fields)

    return make
