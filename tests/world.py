"""The test world: the city's areas and offices, personas, one staff client, `unchanged`.

Plain functions (pytest loads fixtures only from `conftest.py`); `tests/conftest.py` exposes them
as fixtures once. Personas:

| persona | built by | who |
|---|---|---|
| resident (NIK-verified) | `make_verified_resident` | `ResidentIdentity` in a kelurahan |
| resident, other resident | `make_resident` | a phone-code account (no NIK) |
| command centre | `make_staff(..., diskominfo, OPERATOR)` | TLR operator (`tlr` fixture) |
| officer, another office's | `make_staff(.., office, OFFICER)` | `dpupr_officer`, `dlh_officer` |
| lurah, camat | `build_world` | officers of a kelurahan and a kecamatan office |
| viewer | `build_world` | `Membership.Role.VIEWER` of Diskominfo (read-only role) |
| inactive staff | `build_world` (`is_active=False`) | a former lurah who must count for nothing |
| anonymous | `django.test.Client()` | nobody signed in |
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyotp
from django.db import models
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from kotalive.accounts import totp
from kotalive.accounts.models import ApiToken, Membership, Organisation, ResidentIdentity, User
from kotalive.accounts.services import api_token_create
from kotalive.backoffice.session import staff_session_start
from kotalive.core.crypto import blind_index, encrypt, mask_identity_number, token_hash
from kotalive.core.models import AuditEvent
from kotalive.regions.models import Kecamatan, Kelurahan
from kotalive.regions.services import regions_load

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STAFF_BACKEND = "kotalive.accounts.backends.StaffBackend"

_serial = itertools.count(1)


# --- people -------------------------------------------------------------------------------------


def make_staff(
    username: str,
    org: Organisation | None,
    role: str = Membership.Role.OFFICER,
    *,
    password: str = PASSWORD,
    secret: str | None = SECRET,
    scope_kecamatan: Kecamatan | None = None,
    scope_kelurahan: Kelurahan | None = None,
    **extra: Any,
) -> User:
    """A staff member (TOTP enrolled unless `secret=None`) with one membership (none if no org)."""
    user = User.objects.create_user(username, password, kind=User.Kind.STAFF, **extra)
    if secret is not None:
        totp.totp_set_secret(user=user, secret=secret, confirmed=True)
    if org is not None:
        Membership.objects.create(
            user=user,
            organisation=org,
            role=role,
            scope_kecamatan=scope_kecamatan,
            scope_kelurahan=scope_kelurahan,
        )
    return user


def make_resident(phone: str | None = None, **extra: Any) -> User:
    """A resident signed up with a phone code (no NIK yet)."""
    user: User = User.objects.create_user(
        kind=User.Kind.RESIDENT, phone=phone or f"+62819{next(_serial):08d}", **extra
    )
    return user


def make_verified_resident(name: str, kelurahan: Kelurahan | None) -> ResidentIdentity:
    """A resident whose NIK is verified: the identity row as the verification stores it."""
    n = next(_serial)
    nik = f"367101{410190:06d}{n:04d}"
    kk = f"367101{10120:06d}{n:04d}"
    user = make_resident()
    return ResidentIdentity.objects.create(
        user=user,
        nik_encrypted=encrypt(nik, context="nik"),
        nik_index=blind_index(nik, context="nik"),
        kk_encrypted=encrypt(kk, context="kk"),
        kk_index=blind_index(kk, context="kk"),
        full_name=name,
        birth_date=date(1990, 1, 4),
        sex=ResidentIdentity.Sex.MALE,
        kelurahan=kelurahan,
        nik_masked=mask_identity_number(nik),
        kk_masked=mask_identity_number(kk),
    )


def make_token(user: User) -> str:
    """A live bearer token for `user`; returns the raw token."""
    raw = f"test-token-{user.pk}-{next(_serial)}"
    ApiToken.objects.create(user=user, name="test", token_hash=token_hash(raw), prefix=raw[:8])
    return raw


def bearer(user: User) -> dict[str, str]:
    """An Authorization header for `user`, with a fresh token made as the app's sign-in makes it."""
    _token, raw = api_token_create(actor=user, name="test phone")
    return {"Authorization": f"Bearer {raw}"}


# --- clients ------------------------------------------------------------------------------------


def staff_client(user: User) -> Client:
    """A client signed in as staff the way the back office leaves it: logged in, TOTP passed.

    Tests of the sign-in itself use `sign_in` (the real password and TOTP steps).
    """
    client = Client()
    client.force_login(user, backend=STAFF_BACKEND)
    session = client.session
    staff_session_start(session)
    session.save()
    return client


def resident_client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=STAFF_BACKEND)
    return client


def code_for(secret: str = SECRET, offset_steps: int = 0) -> str:
    return str(pyotp.TOTP(secret).at(int(time.time()) + 30 * offset_steps))


def password_step(client: Client, username: str, password: str = PASSWORD, **kw: Any) -> Any:
    return client.post(reverse("staff:signin"), {"username": username, "password": password}, **kw)


def sign_in(client: Client, user: User, *, code: str | None = None) -> Any:
    """The whole staff sign-in: password, then TOTP. Returns the TOTP step's response."""
    first = password_step(client, user.username or "")
    assert first.status_code == 302, first.content
    return client.post(reverse("staff:totp"), {"code": code or code_for()})


# --- the city -----------------------------------------------------------------------------------


@dataclass
class World:
    """Residents and staff of two kecamatan: Tangerang (Sukarasa, Sukaasih) and Cipondoh."""

    kel_sukarasa: Kelurahan
    kel_sukaasih: Kelurahan
    kel_cipondoh: Kelurahan
    diskominfo: Organisation
    lurah_sukarasa: User
    lurah_sukaasih: User
    camat_tangerang: User
    city_admin: User
    hospital_admin: User
    viewer: User
    inactive_staff: User
    resident_user: User
    r_sukarasa: ResidentIdentity
    r_sukaasih: ResidentIdentity
    r_cipondoh: ResidentIdentity


def city_load() -> None:
    """The Kota Tangerang kecamatan and kelurahan (with their boundaries) from the city pack."""
    regions_load()


def build_world() -> World:
    city_load()
    sukarasa = Kelurahan.objects.get(code="36.71.01.1001")
    sukaasih = Kelurahan.objects.get(code="36.71.01.1002")
    cipondoh = Kelurahan.objects.get(code="36.71.05.1001")
    kind = Organisation.Kind
    kominfo = Organisation.objects.create(kind=kind.DISKOMINFO, slug="diskominfo", name="Kominfo")
    org_sukarasa = Organisation.objects.create(
        kind=kind.KELURAHAN, slug="kel-1", name="Kel. Sukarasa", kelurahan=sukarasa
    )
    org_sukaasih = Organisation.objects.create(
        kind=kind.KELURAHAN, slug="kel-2", name="Kel. Sukaasih", kelurahan=sukaasih
    )
    org_kec = Organisation.objects.create(
        kind=kind.KECAMATAN, slug="kec-1", name="Kec. Tangerang", kecamatan=sukarasa.kecamatan
    )
    hospital = Organisation.objects.create(kind=kind.HOSPITAL, slug="rsud", name="RSUD")
    return World(
        kel_sukarasa=sukarasa,
        kel_sukaasih=sukaasih,
        kel_cipondoh=cipondoh,
        diskominfo=kominfo,
        lurah_sukarasa=make_staff("lurah.sukarasa", org_sukarasa),
        lurah_sukaasih=make_staff("lurah.sukaasih", org_sukaasih),
        camat_tangerang=make_staff("camat.tangerang", org_kec),
        city_admin=make_staff("admin", kominfo, Membership.Role.ADMIN, is_staff=True),
        hospital_admin=make_staff("rsud.admin", hospital, Membership.Role.ADMIN),
        viewer=make_staff("viewer", kominfo, Membership.Role.VIEWER),
        inactive_staff=make_staff("former.lurah", org_sukarasa, is_active=False),
        resident_user=make_resident("+6281299990000"),
        r_sukarasa=make_verified_resident("Ahmad Sukarasa", sukarasa),
        r_sukaasih=make_verified_resident("Budi Sukaasih", sukaasih),
        r_cipondoh=make_verified_resident("Citra Cipondoh", cipondoh),
    )


# --- refused actions change nothing --------------------------------------------------------------


def _snapshot(obj: models.Model | type[models.Model]) -> dict[str, Any]:
    if isinstance(obj, type):
        return {"rows": obj._default_manager.count()}
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    if fresh is None:
        return {"missing": True}
    state: dict[str, Any] = {"row": model_to_dict(fresh)}
    for rel in type(obj)._meta.related_objects:
        if rel.related_model is AuditEvent:
            continue  # checked on its own, below
        if rel.one_to_many or rel.many_to_many:
            accessor = rel.get_accessor_name()
            if accessor is not None:
                state[accessor] = getattr(fresh, accessor).count()
    return state


# Audit rows that record a staff read of personal data (a refused step may show the case again).
READS = ("_viewed", ".viewed", ".listed")


@contextmanager
def unchanged(
    *objects: models.Model | type[models.Model], audited: tuple[str, ...] = ()
) -> Iterator[None]:
    """Assert that the block leaves `objects` as they were: for a row every field and the number
    of rows pointing at it (events, photos, followers, ...), for a model its number of rows; and
    no audit row of a change (a refused action is neither done nor recorded as done; reads of
    personal data stay audited). `audited`: the audit actions a refusal writes on purpose
    (a failed sign-in)."""
    before = [_snapshot(obj) for obj in objects]
    last_audit = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    assert [_snapshot(obj) for obj in objects] == before
    added = AuditEvent.objects.filter(pk__gt=last_audit).values_list("action", flat=True)
    changes = [a for a in added if not a.endswith(READS) and a not in audited]
    assert changes == [], f"a refused action left audit rows of changes: {changes}"
