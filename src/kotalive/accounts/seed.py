"""Demo organisations and staff for Kota Tangerang (see docs/demo-staff.md). Idempotent.

Organisations are seeded in every profile (they are the city's real offices). Demo staff have a
known password and a known TOTP secret, so they are created only in the dev profile; in prod the
seed says how to create the first administrator instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from kotalive.accounts import totp
from kotalive.accounts.models import Membership, Organisation, User
from kotalive.regions.models import Kecamatan, Kelurahan

# Dev only, documented in docs/demo-staff.md: never valid in the prod profile.
DEMO_PASSWORD_DEFAULT = "kotalive-demo-2026"
DEMO_TOTP_SECRET = "KOTALIVEDEMOSTAFFSECRETTANGERANG"

Kind = Organisation.Kind
Role = Membership.Role

# slug, kind, name, short name
OFFICES: list[tuple[str, str, str, str]] = [
    ("diskominfo", Kind.DISKOMINFO, "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("disdukcapil", Kind.OPD, "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("bapenda", Kind.OPD, "Badan Pendapatan Daerah", "Bapenda"),
    (
        "dpmptsp",
        Kind.OPD,
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
    ),
    ("dinkes", Kind.OPD, "Dinas Kesehatan", "Dinkes"),
    ("disnaker", Kind.OPD, "Dinas Ketenagakerjaan", "Disnaker"),
    ("dishub", Kind.OPD, "Dinas Perhubungan", "Dishub"),
    ("dlh", Kind.OPD, "Dinas Lingkungan Hidup", "DLH"),
    ("dpupr", Kind.OPD, "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("bpbd", Kind.OPD, "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("damkar", Kind.OPD, "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar"),
    ("satpol-pp", Kind.OPD, "Satuan Polisi Pamong Praja", "Satpol PP"),
    ("dinsos", Kind.OPD, "Dinas Sosial", "Dinsos"),
    ("dindik", Kind.OPD, "Dinas Pendidikan", "Dindik"),
    ("dpad", Kind.OPD, "Dinas Perpustakaan dan Arsip Daerah", "DPAD"),
    ("disbudpar", Kind.OPD, "Dinas Kebudayaan dan Pariwisata", "Disbudpar"),
    ("disperkimtan", Kind.OPD, "Dinas Perumahan, Permukiman dan Pertanahan", "Disperkimtan"),
    (
        "dp3ap2kb",
        Kind.OPD,
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan "
        "Keluarga Berencana",
        "DP3AP2KB",
    ),
    (
        "disperindagkop-ukm",
        Kind.OPD,
        "Dinas Perindustrian, Perdagangan, Koperasi dan Usaha Kecil Menengah",
        "Disperindagkop UKM",
    ),
    ("dkp", Kind.OPD, "Dinas Ketahanan Pangan", "DKP"),
    ("dispora", Kind.OPD, "Dinas Pemuda dan Olahraga", "Dispora"),
    ("bappeda", Kind.OPD, "Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("bpkd", Kind.OPD, "Badan Pengelolaan Keuangan Daerah", "BPKD"),
    ("kesbangpol", Kind.OPD, "Badan Kesatuan Bangsa dan Politik", "Kesbangpol"),
    ("inspektorat", Kind.OPD, "Inspektorat Daerah", "Inspektorat"),
    ("pdam-tirta-benteng", Kind.OPD, "Perumda Air Minum Tirta Benteng", "PDAM Tirta Benteng"),
    ("perumda-pasar", Kind.OPD, "Perumda Pasar Kota Tangerang", "Perumda Pasar"),
    ("pt-tng", Kind.OPD, "PT Tangerang Nusantara Global", "PT TNG"),
    ("rsud-kota-tangerang", Kind.HOSPITAL, "RSUD Kota Tangerang", "RSUD"),
    ("pt-benteng-karya-mandiri", Kind.EMPLOYER, "PT Benteng Karya Mandiri (demo)", "PT BKM"),
    (
        "toko-sembako-pasar-anyar",
        Kind.VENDOR,
        "Toko Sembako Bu Siti, Pasar Anyar (demo)",
        "Sembako Bu Siti",
    ),
]


def kecamatan_office_slug(code: str) -> str:
    return "kecamatan-" + code.replace(".", "")


def kelurahan_office_slug(code: str) -> str:
    return "kelurahan-" + code.replace(".", "")


@dataclass(frozen=True)
class DemoStaff:
    username: str
    display_name: str
    organisation_slug: str
    role: str
    superuser: bool = False


DEMO_STAFF: list[DemoStaff] = [
    DemoStaff("admin", "Admin Diskominfo", "diskominfo", Role.ADMIN, superuser=True),
    DemoStaff("tlr", "Operator Tangerang Live Room", "diskominfo", Role.OPERATOR),
    DemoStaff(
        "lurah.sukarasa",
        "Petugas Kelurahan Sukarasa",
        kelurahan_office_slug("36.71.01.1001"),
        "officer",
    ),
    DemoStaff(
        "lurah.sukaasih",
        "Petugas Kelurahan Sukaasih",
        kelurahan_office_slug("36.71.01.1002"),
        "officer",
    ),
    DemoStaff(
        "camat.tangerang",
        "Petugas Kecamatan Tangerang",
        kecamatan_office_slug("36.71.01"),
        "officer",
    ),
    DemoStaff("dukcapil", "Petugas Disdukcapil", "disdukcapil", Role.OFFICER),
    # LAKSA: the roads office (an officer and the supervisor escalations go to) and DLH.
    DemoStaff("dpupr", "Petugas DPUPR", "dpupr", Role.OFFICER),
    DemoStaff("dpupr.kabid", "Kepala Bidang Jalan DPUPR", "dpupr", Role.SUPERVISOR),
    DemoStaff("dlh", "Petugas DLH", "dlh", Role.OFFICER),
]


def demo_password() -> str:
    return os.environ.get("KOTALIVE_DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT


def _organisations() -> int:
    for slug, kind, name, short in OFFICES:
        Organisation.objects.update_or_create(
            slug=slug, defaults={"kind": kind, "name": name, "short_name": short}
        )
    for kec in Kecamatan.objects.all():
        Organisation.objects.update_or_create(
            slug=kecamatan_office_slug(kec.code),
            defaults={
                "kind": Kind.KECAMATAN,
                "name": f"Kecamatan {kec.name}",
                "short_name": f"Kec. {kec.name}",
                "kecamatan": kec,
            },
        )
    parents = {o.kecamatan_id: o for o in Organisation.objects.filter(kind=Kind.KECAMATAN)}
    for kel in Kelurahan.objects.select_related("kecamatan"):
        Organisation.objects.update_or_create(
            slug=kelurahan_office_slug(kel.code),
            defaults={
                "kind": Kind.KELURAHAN,
                "name": f"Kelurahan {kel.name}",
                "short_name": f"Kel. {kel.name}",
                "kecamatan": kel.kecamatan,
                "kelurahan": kel,
                "parent": parents.get(kel.kecamatan_id),
            },
        )
    return Organisation.objects.count()


def _demo_staff(log: Callable[[str], None]) -> None:
    password = demo_password()
    for spec in DEMO_STAFF:
        org = Organisation.objects.filter(slug=spec.organisation_slug).first()
        if org is None:
            log(f"skipped {spec.username}: organisation {spec.organisation_slug} missing")
            continue
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User.objects.create_user(
                spec.username,
                password,
                kind=User.Kind.STAFF,
                display_name=spec.display_name,
                is_staff=spec.superuser,
                is_superuser=spec.superuser,
            )
        if not user.totp_secret_encrypted:
            totp.totp_set_secret(user=user, secret=DEMO_TOTP_SECRET, confirmed=True)
        Membership.objects.get_or_create(user=user, organisation=org, role=spec.role)
    log(f"{len(DEMO_STAFF)} demo staff (see docs/demo-staff.md)")


def seed(*, log: Callable[[str], None]) -> None:
    with transaction.atomic():
        count = _organisations()
    log(f"{count} organisations")
    if settings.PROD:
        log(
            "prod profile: no demo staff with a known password. Create the first administrator "
            "with `kotalive createsuperuser`, then give them a Diskominfo admin membership in "
            "the admin; they set up TOTP at their first sign-in at /staff/masuk/."
        )
        return
    with transaction.atomic():
        _demo_staff(log)
