"""The applications test world: the shared world's offices and residents, one OPD, and a
two-step service made for the tests (the kelurahan checks, the OPD decides and issues).

Personas: `w.lurah_sukarasa` (step 1 for applicants of Sukarasa), `w.lurah_sukaasih` (another
kelurahan's office: an outsider), `opd_officer` (step 2, the last), `opd_viewer` (reads only),
`other_opd_officer` (an office the service never names), residents `w.r_sukarasa` (verified,
Sukarasa) and `w.resident_user` (no NIK).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from kotalive.accounts.models import Membership, Organisation, User
from kotalive.applications import hooks
from kotalive.applications.models import Application, ServiceDefinition
from kotalive.applications.services import (
    application_start,
    application_submit,
    definition_publish,
)
from kotalive.applications.spec import ServiceSpec, spec_from_data
from kotalive.core.errors import DomainError
from tests import world as factories
from tests.world import World


def _not_before(answers: Any, *, params: Any, **_: Any) -> list[DomainError]:
    """A test validator: answer `later` may not be before answer `earlier`."""
    earlier, later = answers.get(params["earlier"]), answers.get(params["later"])
    if earlier and later and later < earlier:
        return [DomainError("test_order", "Later before earlier.", field=params["later"])]
    return []


EFFECTS_RUN: list[str] = []


def _remember(answers: Any, *, params: Any, reference: str, **_: Any) -> None:
    EFFECTS_RUN.append(reference)


hooks.hooks_register(
    validators={"tests.not_before": _not_before}, effects={"tests.remember": _remember}
)


def service_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": "surat-uji",
        "office": "dinas-uji",
        "title": {"id": "Surat uji", "en": "Test letter"},
        "access": "nik_verified",
        "fields": [
            {
                "key": "full_name",
                "kind": "text",
                "label": {"id": "Nama", "en": "Name"},
                "required": True,
                "prefill": "applicant.full_name",
            },
            {"key": "nik", "kind": "nik", "label": {"id": "NIK"}, "prefill": "applicant.nik"},
            {
                "key": "purpose",
                "kind": "choice",
                "label": {"id": "Keperluan", "en": "Purpose"},
                "required": True,
                "choices": [
                    {"value": "bank", "label": {"id": "Bank", "en": "Bank"}},
                    {"value": "other", "label": {"id": "Lainnya", "en": "Other"}},
                ],
            },
            {
                "key": "purpose_other",
                "kind": "text",
                "label": {"id": "Keperluan lain", "en": "Other purpose"},
                "shown_if": {"field": "purpose", "equals": "other"},
                "required_if": {"field": "purpose", "equals": "other"},
            },
            {
                "key": "since",
                "kind": "date",
                "label": {"id": "Sejak", "en": "Since"},
                "required": True,
                "past_only": True,
            },
            {"key": "until", "kind": "date", "label": {"id": "Sampai", "en": "Until"}},
            {
                "key": "letter",
                "kind": "file",
                "label": {"id": "Surat RT", "en": "RT letter"},
                "file": {"types": ["pdf", "jpeg", "png"], "max_kb": 512},
            },
            {
                "key": "witnesses",
                "kind": "group",
                "label": {"id": "Saksi", "en": "Witnesses"},
                "min_items": 1,
                "max_items": 2,
                "fields": [
                    {"key": "name", "kind": "text", "label": {"id": "Nama"}, "required": True},
                    {"key": "nik", "kind": "nik", "label": {"id": "NIK"}, "required": True},
                ],
            },
        ],
        "validators": [
            {"name": "tests.not_before", "params": {"earlier": "since", "later": "until"}}
        ],
        "effects": [{"name": "tests.remember"}],
        "steps": [
            {
                "key": "check",
                "label": {"id": "Pemeriksaan kelurahan", "en": "Kelurahan check"},
                "office": "applicant_kelurahan",
                "service_level_days": 2,
            },
            {
                "key": "decide",
                "label": {"id": "Keputusan dinas", "en": "Office decision"},
                "office": "dinas-uji",
                "service_level_days": 3,
            },
        ],
        "document": {
            "kind": "surat-uji",
            "title": {"id": "Surat Uji", "en": "Test Letter"},
            "number_prefix": "SU",
            "valid_days": 90,
            "facts": [{"field": "purpose"}, {"field": "since"}],
        },
    }
    data.update(changes)
    return data


VALID = {
    "purpose": "bank",
    "since": "2020-01-31",
    "witnesses": [{"name": "Saksi Satu", "nik": "3671011708850001"}],
}


@dataclass
class Apps:
    w: World
    opd: Organisation
    opd_officer: User
    opd_viewer: User
    other_opd_officer: User
    definition: ServiceDefinition
    spec: ServiceSpec

    def draft(self, user: User | None = None, **answers: Any) -> Application:
        user = user or self.w.r_sukarasa.user
        return application_start(actor=user, definition=self.definition, answers=answers)

    def submitted(self, user: User | None = None, **answers: Any) -> Application:
        user = user or self.w.r_sukarasa.user
        app = self.draft(user)
        return application_submit(actor=user, application=app, answers={**VALID, **answers})


@pytest.fixture
def apps(world: World) -> Apps:
    opd = Organisation.objects.create(
        kind=Organisation.Kind.OPD, slug="dinas-uji", name="Dinas Uji"
    )
    other = Organisation.objects.create(
        kind=Organisation.Kind.OPD, slug="dinas-lain", name="Dinas Lain"
    )
    spec = spec_from_data(service_data())
    version = definition_publish(spec=spec, actor=None)
    return Apps(
        w=world,
        opd=opd,
        opd_officer=factories.make_staff("opd.officer", opd),
        opd_viewer=factories.make_staff("opd.viewer", opd, Membership.Role.VIEWER),
        other_opd_officer=factories.make_staff("lain.officer", other),
        definition=version.definition,
        spec=spec,
    )


@pytest.fixture
def make_apps_staff() -> Callable[..., User]:
    return factories.make_staff
