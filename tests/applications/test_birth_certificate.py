"""Akta kelahiran on the engine, end to end through the services: the demo family's father
applies with the birth letter and the marriage book, Disdukcapil asks for a correction, he
corrects, Disdukcapil approves and issues; the child joins the family card, and the signed
document verifies with a JOSE library against /verify/keys alone."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.test import Client
from django.utils import timezone
from fpdf import FPDF
from jwcrypto import jwk, jws  # type: ignore[import-untyped]

from kotalive.accounts.models import Organisation, User
from kotalive.accounts.services.identity import identity_verify
from kotalive.applications.answers import AnswersInvalid
from kotalive.applications.models import Application
from kotalive.applications.seed import DATA
from kotalive.applications.selectors import draft_answers_for
from kotalive.applications.services import (
    application_approve,
    application_file_add,
    application_issue,
    application_request_correction,
    application_save,
    application_start,
    application_submit,
    definition_import_yaml,
)
from kotalive.civil_registry.registry import get_registry
from kotalive.civil_registry.seed import DEMO_ADDRESS, DEMO_FAMILY, DEMO_KK
from kotalive.civil_registry.services import family_register
from kotalive.documents.selectors import document_get_by_code
from kotalive.regions.models import Kelurahan
from tests import world as factories
from tests.world import World, unchanged

pytestmark = pytest.mark.django_db


def _pdf(text: str) -> io.BytesIO:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return io.BytesIO(bytes(pdf.output()))


@pytest.fixture
def birth(world: World) -> dict[str, object]:
    sukarasa = Kelurahan.objects.get(code="36.71.01.1001")
    family_register(
        kk=DEMO_KK,
        kelurahan=sukarasa,
        address=DEMO_ADDRESS,
        members=[(p.nik, p.full_name, p.birth_date, p.relationship) for p in DEMO_FAMILY],
    )
    dukcapil = Organisation.objects.create(
        kind=Organisation.Kind.OPD,
        slug="disdukcapil",
        name="Dinas Kependudukan dan Pencatatan Sipil",
    )
    Organisation.objects.get_or_create(
        slug="diskominfo", defaults={"kind": Organisation.Kind.DISKOMINFO, "name": "Diskominfo"}
    )
    version = definition_import_yaml(
        text=(DATA / "akta-kelahiran.yaml").read_text(encoding="utf-8"), actor=None
    )
    father = factories.make_resident("+6281234500001")
    head = DEMO_FAMILY[0]
    identity_verify(
        actor=father, nik=head.nik, kk=DEMO_KK, full_name=head.full_name,
        birth_date=head.birth_date, ip=None,
    )  # fmt: skip
    return {
        "definition": version.definition,
        "father": father,
        "officer": factories.make_staff("dukcapil.officer", dukcapil),
    }


def _answers(born: dt.date) -> dict[str, object]:
    return {
        "child_name": "Bayu Santoso",
        "child_sex": "laki-laki",
        "child_birth_date": born.isoformat(),
        "birth_city": "Kota Tangerang",
        "birth_facility": "rumah-sakit",
        "birth_attendant": "dokter",
        "birth_kind": "tunggal",
        "birth_order": "3",
        "marriage_document_kind": "buku-nikah",
        "marriage_date": "2010-06-12",
        "witnesses": [
            {"name": "Agus Saputra", "nik": "3671011203800002"},
            {"name": "Dewi Lestari", "nik": "3671015504820003"},
        ],
        "late": "false",
    }


def test_a_birth_certificate_from_application_to_a_verifiable_document(
    birth, client: Client
) -> None:
    father: User = birth["father"]
    officer: User = birth["officer"]
    app = application_start(actor=father, definition=birth["definition"])
    # The parents come from the household.
    drafted = draft_answers_for(app)
    assert (drafted["father_name"], drafted["mother_name"]) == ("Budi Santoso", "Siti Rahmawati")
    born = timezone.localdate() - dt.timedelta(days=20)
    application_file_add(
        actor=father, application=app, field="birth_letter", upload=_pdf("Surat keterangan lahir")
    )
    application_file_add(
        actor=father, application=app, field="marriage_document", upload=_pdf("Buku nikah")
    )
    # A birth before the parents' marriage is refused, with nothing stored.
    with unchanged(app), pytest.raises(AnswersInvalid) as err:
        application_submit(
            actor=father,
            application=app,
            answers={
                **_answers(born),
                "marriage_date": born.isoformat(),
                "child_birth_date": (born - dt.timedelta(days=1)).isoformat(),
            },
        )
    assert [(e.field, e.code) for e in err.value.errors] == [
        ("child_birth_date", "birth_before_marriage")
    ]
    app = application_submit(actor=father, application=app, answers=_answers(born))
    assert app.office is not None
    assert app.office.slug == "disdukcapil"
    app = application_request_correction(
        actor=officer, application=app, reason="Urutan kelahiran keliru: anak ke-3."
    )
    app = application_save(
        actor=father, application=app, answers={"birth_order": "3", "birth_weight": "3100"}
    )
    app = application_submit(actor=father, application=app)
    app = application_approve(actor=officer, application=app)
    assert app.state == Application.State.APPROVED
    before = len(get_registry().household(kk=DEMO_KK))
    app = application_issue(actor=officer, application=app)
    assert app.state == Application.State.ISSUED
    # The child joined the family card through the registry.
    household = get_registry().household(kk=DEMO_KK)
    assert len(household) == before + 1
    assert any(p.full_name == "Bayu Santoso" and p.birth_date == born for p in household)
    # The document's JWS verifies with a JOSE library and the published keys only.
    document = document_get_by_code(code=app.document_code)
    assert document is not None
    keys = jwk.JWKSet.from_json(client.get("/verify/keys").content)
    token = jws.JWS()
    token.deserialize(document.jws)
    token.verify(keys.get_key(token.jose_header["kid"]), alg="EdDSA")
    claims = json.loads(token.payload)
    assert claims["doc"]["holder"]["name"] == "Bayu Santoso"
    assert ["Nama lengkap anak", "Child's full name", "Bayu Santoso"] in claims["doc"]["facts"]
    page = client.get(f"/verify/{document.code}")
    assert page.status_code == 200
    assert "Bayu Santoso" in page.content.decode()


def test_a_late_birth_needs_the_late_path(birth) -> None:
    father: User = birth["father"]
    app = application_start(actor=father, definition=birth["definition"])
    application_file_add(actor=father, application=app, field="birth_letter", upload=_pdf("SKL"))
    application_file_add(
        actor=father, application=app, field="marriage_document", upload=_pdf("BN")
    )
    born = timezone.localdate() - dt.timedelta(days=90)
    with unchanged(app), pytest.raises(AnswersInvalid) as err:
        application_submit(actor=father, application=app, answers=_answers(born))
    assert [e.code for e in err.value.errors] == ["birth_registration_late"]
