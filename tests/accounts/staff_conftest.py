"""Personas for the staff tests: two kelurahan officers, a kecamatan officer, a city admin, a
hospital admin, a viewer, a resident; and residents in three kelurahan of two kecamatan.

Plain builders (not fixtures), because pytest only loads fixtures from `conftest.py`, which belongs
to the resident-side tests; each test module wraps `build_world` in its own small fixture.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyotp
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kotalive.accounts import totp
from kotalive.accounts.models import ApiToken, Membership, Organisation, ResidentIdentity, User
from kotalive.core.crypto import blind_index, encrypt, mask_identity_number, token_hash
from kotalive.regions.models import Kecamatan, Kelurahan

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

_serial = itertools.count(1)


def isolate(settings: Any) -> None:
    """Fast password hashing, and a cache of this process only.

    Under `pytest -n 2` on Redis, both workers share one Redis database: sign-ins from the other
    worker would count against the same `ip:127.0.0.1` rate-limit key, and its `cache.clear()`
    would reset counters in the middle of a rate-limit test.
    """
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "staff-tests",
        }
    }
    cache.clear()


def make_staff(
    username: str,
    org: Organisation | None,
    role: str = Membership.Role.OFFICER,
    *,
    secret: str | None = SECRET,
    **extra: Any,
) -> User:
    user = User.objects.create_user(username, PASSWORD, kind=User.Kind.STAFF, **extra)
    if secret is not None:
        totp.totp_set_secret(user=user, secret=secret, confirmed=True)
    if org is not None:
        Membership.objects.create(user=user, organisation=org, role=role)
    return user


def make_resident(name: str, kelurahan: Kelurahan | None) -> ResidentIdentity:
    n = next(_serial)
    nik = f"367101{410190:06d}{n:04d}"
    kk = f"367101{10120:06d}{n:04d}"
    user = User.objects.create_user(phone=f"+62812000{n:05d}", kind=User.Kind.RESIDENT)
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
    raw = f"test-token-{user.pk}-{next(_serial)}"
    ApiToken.objects.create(user=user, name="test", token_hash=token_hash(raw), prefix=raw[:8])
    return raw


@dataclass
class World:
    kel_sukarasa: Kelurahan
    kel_sukaasih: Kelurahan
    kel_cipondoh: Kelurahan
    lurah_sukarasa: User
    lurah_sukaasih: User
    camat_tangerang: User
    city_admin: User
    hospital_admin: User
    viewer: User
    resident_user: User
    r_sukarasa: ResidentIdentity
    r_sukaasih: ResidentIdentity
    r_cipondoh: ResidentIdentity


def build_world() -> World:
    kec_tng = Kecamatan.objects.create(code="36.71.01", name="Tangerang")
    kec_cpd = Kecamatan.objects.create(code="36.71.05", name="Cipondoh")
    sukarasa = Kelurahan.objects.create(code="36.71.01.1001", name="Sukarasa", kecamatan=kec_tng)
    sukaasih = Kelurahan.objects.create(code="36.71.01.1002", name="Sukaasih", kecamatan=kec_tng)
    cipondoh = Kelurahan.objects.create(code="36.71.05.1001", name="Cipondoh", kecamatan=kec_cpd)
    kind = Organisation.Kind
    kominfo = Organisation.objects.create(kind=kind.DISKOMINFO, slug="diskominfo", name="Kominfo")
    org_sukarasa = Organisation.objects.create(
        kind=kind.KELURAHAN, slug="kel-1", name="Kel. Sukarasa", kelurahan=sukarasa
    )
    org_sukaasih = Organisation.objects.create(
        kind=kind.KELURAHAN, slug="kel-2", name="Kel. Sukaasih", kelurahan=sukaasih
    )
    org_kec = Organisation.objects.create(
        kind=kind.KECAMATAN, slug="kec-1", name="Kec. Tangerang", kecamatan=kec_tng
    )
    hospital = Organisation.objects.create(kind=kind.HOSPITAL, slug="rsud", name="RSUD")
    return World(
        kel_sukarasa=sukarasa,
        kel_sukaasih=sukaasih,
        kel_cipondoh=cipondoh,
        lurah_sukarasa=make_staff("lurah.sukarasa", org_sukarasa),
        lurah_sukaasih=make_staff("lurah.sukaasih", org_sukaasih),
        camat_tangerang=make_staff("camat.tangerang", org_kec),
        city_admin=make_staff("admin", kominfo, Membership.Role.ADMIN, is_staff=True),
        hospital_admin=make_staff("rsud.admin", hospital, Membership.Role.ADMIN),
        viewer=make_staff("viewer", kominfo, Membership.Role.VIEWER),
        resident_user=User.objects.create_user(phone="+6281299990000", kind=User.Kind.RESIDENT),
        r_sukarasa=make_resident("Ahmad Sukarasa", sukarasa),
        r_sukaasih=make_resident("Budi Sukaasih", sukaasih),
        r_cipondoh=make_resident("Citra Cipondoh", cipondoh),
    )


def code_for(secret: str = SECRET, offset_steps: int = 0) -> str:
    return str(pyotp.TOTP(secret).at(int(time.time()) + 30 * offset_steps))


def password_step(client: Client, username: str, password: str = PASSWORD, **kw: Any) -> Any:
    return client.post(reverse("staff:signin"), {"username": username, "password": password}, **kw)


def sign_in(client: Client, user: User, *, code: str | None = None) -> Any:
    """The whole staff sign-in: password, then TOTP. Returns the TOTP step's response."""
    first = password_step(client, user.username or "")
    assert first.status_code == 302, first.content
    return client.post(reverse("staff:totp"), {"code": code or code_for()})
