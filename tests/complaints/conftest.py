"""LAKSA test world: offices, categories, staff personas, residents, photos and a case factory.

Personas: `tlr` (TLR operator), `dpupr_officer` and `dpupr_supervisor` (the roads office),
`dlh_officer` (another office), `resident`, `other_resident`, made by tests/world.py;
`staff_client(user)`, `resident_client(user)` and the isolation come from tests/conftest.py.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PIL import Image

from kotalive.accounts.models import Membership, Organisation, User
from kotalive.complaints.models import Category, Complaint, ServiceSettings
from kotalive.complaints.services import complaint_submit
from kotalive.regions.models import Kelurahan
from kotalive.regions.services import regions_load
from tests import world as factories

# Inside Kelurahan Sukarasa (Kecamatan Tangerang), and a point in Jakarta.
INSIDE = (-6.172884, 106.631851)
OUTSIDE = (-6.2000, 106.8450)


@dataclass
class Laksa:
    diskominfo: Organisation
    dpupr: Organisation
    dlh: Organisation
    road: Category
    garbage: Category
    sukarasa: Kelurahan
    settings: ServiceSettings


@pytest.fixture
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def laksa(db, media) -> Laksa:
    regions_load()
    kind = Organisation.Kind
    diskominfo = Organisation.objects.create(
        kind=kind.DISKOMINFO, slug="diskominfo", name="Diskominfo", short_name="Diskominfo"
    )
    dpupr = Organisation.objects.create(
        kind=kind.OPD, slug="dpupr", name="Dinas PUPR", short_name="DPUPR"
    )
    dlh = Organisation.objects.create(kind=kind.OPD, slug="dlh", name="DLH", short_name="DLH")
    road = Category.objects.create(
        slug="jalan-rusak",
        name_id="Jalan rusak",
        name_en="Damaged road",
        office=dpupr,
        triage_hours=4,
        resolve_days=5,
    )
    garbage = Category.objects.create(
        slug="sampah", name_id="Sampah", name_en="Garbage", office=dlh, resolve_days=3
    )
    return Laksa(
        diskominfo=diskominfo,
        dpupr=dpupr,
        dlh=dlh,
        road=road,
        garbage=garbage,
        sukarasa=Kelurahan.objects.get(code="36.71.01.1001"),
        settings=ServiceSettings.objects.create(),
    )


def _staff(username: str, org: Organisation, role: str) -> User:
    return factories.make_staff(username, org, role, password="pw-" + username, secret=None)


@pytest.fixture
def tlr(laksa) -> User:
    return _staff("tlr", laksa.diskominfo, Membership.Role.OPERATOR)


@pytest.fixture
def dpupr_officer(laksa) -> User:
    return _staff("dpupr", laksa.dpupr, Membership.Role.OFFICER)


@pytest.fixture
def dpupr_supervisor(laksa) -> User:
    return _staff("dpupr.kabid", laksa.dpupr, Membership.Role.SUPERVISOR)


@pytest.fixture
def dlh_officer(laksa) -> User:
    return _staff("dlh", laksa.dlh, Membership.Role.OFFICER)


@pytest.fixture
def resident(laksa) -> User:
    return factories.make_resident("+6281200000101")


@pytest.fixture
def other_resident(laksa) -> User:
    return factories.make_resident("+6281200000102")


def jpeg_bytes(size: tuple[int, int] = (64, 48), color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def upload(data: bytes | None = None, name: str = "photo.jpg") -> io.BytesIO:
    f = io.BytesIO(data if data is not None else jpeg_bytes())
    f.name = name
    return f


@pytest.fixture
def make_complaint(laksa, resident, django_capture_on_commit_callbacks) -> Callable[..., Complaint]:
    """File a case through the real service (after-commit work executed)."""

    def _make(**overrides: Any) -> Complaint:
        fields: dict[str, Any] = {
            "actor": resident,
            "category": laksa.road,
            "description": "Lubang besar di jalan depan sekolah.",
            "lat": INSIDE[0],
            "lon": INSIDE[1],
            "photos": [upload()],
        }
        fields.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return complaint_submit(**fields)

    return _make
