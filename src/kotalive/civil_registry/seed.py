"""Synthetic families for the local population registry, plus one fixed demo family.

Everything is generated from a fixed random seed, so running the seed again produces the same
numbers and creates nothing new. No real person's data: names and numbers are invented, with a
valid structure (see numbers.py). The demo family is documented in docs/demo.md.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from kotalive.civil_registry.models import Family
from kotalive.civil_registry.services import family_register
from kotalive.core.models import AuditEvent
from kotalive.regions.models import Kelurahan

FAMILY_COUNT = 40
_RANDOM_SEED = 3671


@dataclass(frozen=True)
class DemoPerson:
    nik: str
    full_name: str
    birth_date: dt.date
    relationship: str


# The demo family: verify a NIK with these (e.g. in the browser test or by hand).
DEMO_KELURAHAN_CODE = "36.71.01.1001"  # Sukarasa, Kecamatan Tangerang
DEMO_KK = "3671012001120001"
DEMO_ADDRESS = "Jl. Merdeka No. 17, RT 002/RW 005"
DEMO_FAMILY = (
    DemoPerson("3671011708850001", "Budi Santoso", dt.date(1985, 8, 17), "head"),
    DemoPerson("3671015203880001", "Siti Rahmawati", dt.date(1988, 3, 12), "spouse"),
    DemoPerson("3671010905120001", "Andi Pratama", dt.date(2012, 5, 9), "child"),
    DemoPerson("3671016110150001", "Putri Lestari", dt.date(2015, 10, 21), "child"),
)

_MALE = [
    "Agus", "Ahmad", "Bambang", "Dedi", "Eko", "Fajar", "Hendra", "Irfan", "Joko", "Kurniawan",
    "Muhammad", "Nanang", "Rizky", "Rudi", "Slamet", "Taufik", "Wahyu", "Yusuf", "Dimas", "Arif",
]  # fmt: skip
_FEMALE = [
    "Ani", "Dewi", "Fitri", "Indah", "Lina", "Maya", "Nur", "Ratna", "Sri", "Wati",
    "Yuni", "Rina", "Siti", "Putri", "Ayu", "Dian", "Nadia", "Lestari", "Rahma", "Intan",
]  # fmt: skip
_FAMILY_NAMES = [
    "Saputra", "Hidayat", "Setiawan", "Pratama", "Wijaya", "Nugroho", "Siregar", "Lubis",
    "Hasibuan", "Gunawan", "Susanto", "Kusuma", "Permana", "Ramadhan", "Hakim", "Firmansyah",
]  # fmt: skip
_STREETS = [
    "Jl. Daan Mogot", "Jl. Imam Bonjol", "Jl. Sudirman", "Jl. Perintis Kemerdekaan",
    "Jl. Gatot Subroto", "Jl. Hasyim Ashari", "Jl. Kisamaun", "Jl. Otista", "Jl. Veteran",
]  # fmt: skip


def _nik(region: str, birth: dt.date, sex: str, used: set[str], rng: random.Random) -> str:
    day = birth.day + (40 if sex == "F" else 0)
    stem = f"{region}{day:02d}{birth:%m%y}"
    serial = rng.randint(1, 60)
    while f"{stem}{serial:04d}" in used:
        serial += 1
    used.add(f"{stem}{serial:04d}")
    return f"{stem}{serial:04d}"


def _date(rng: random.Random, start_year: int, end_year: int) -> dt.date:
    start = dt.date(start_year, 1, 1)
    return start + dt.timedelta(days=rng.randrange((dt.date(end_year, 12, 31) - start).days))


def _random_family(
    rng: random.Random, kelurahan: Kelurahan, used: set[str]
) -> tuple[str, str, list[tuple[str, str, dt.date, str]]]:
    region = kelurahan.code.replace(".", "")[:6]
    surname = rng.choice(_FAMILY_NAMES)
    head_birth = _date(rng, 1955, 1995)
    members: list[tuple[str, str, dt.date, str]] = []
    members.append(
        (
            _nik(region, head_birth, "M", used, rng),
            f"{rng.choice(_MALE)} {surname}",
            head_birth,
            "head",
        )
    )
    if rng.random() < 0.9:
        birth = _date(rng, head_birth.year - 3, min(head_birth.year + 6, 1999))
        # Some spouses got their NIK elsewhere (Kabupaten Tangerang): the prefix is where it was
        # first issued, not the current address.
        spouse_region = "360304" if rng.random() < 0.2 else region
        members.append(
            (
                _nik(spouse_region, birth, "F", used, rng),
                f"{rng.choice(_FEMALE)} {rng.choice(_FAMILY_NAMES)}",
                birth,
                "spouse",
            )
        )
    for _ in range(rng.choice([0, 1, 2, 2, 3, 3])):
        sex = rng.choice("MF")
        birth = _date(rng, head_birth.year + 22, min(head_birth.year + 40, 2023))
        first = rng.choice(_MALE if sex == "M" else _FEMALE)
        members.append((_nik(region, birth, sex, used, rng), f"{first} {surname}", birth, "child"))
    if rng.random() < 0.15:
        birth = _date(rng, 1935, 1950)
        members.append(
            (
                _nik(region, birth, "F", used, rng),
                f"{rng.choice(_FEMALE)} {surname}",
                birth,
                "parent",
            )
        )
    recorded = _date(rng, 2008, 2024)
    kk = f"{region}{recorded:%d%m%y}{rng.randint(1, 9999):04d}"
    while kk in used:
        kk = f"{kk[:12]}{(int(kk[12:]) % 9999) + 1:04d}"
    used.add(kk)
    address = (
        f"{rng.choice(_STREETS)} No. {rng.randint(1, 200)}, "
        f"RT {rng.randint(1, 12):03d}/RW {rng.randint(1, 9):03d}"
    )
    return kk, address, members


def seed(*, log: Callable[[str], None]) -> None:
    kelurahan = list(Kelurahan.objects.order_by("code"))
    if not kelurahan:
        log("no kelurahan: seed the regions first")
        return
    by_code = {k.code: k for k in kelurahan}
    used = {DEMO_KK, *(p.nik for p in DEMO_FAMILY)}
    created = 0
    if not Family.objects.filter(kk_index=Family.index_of(DEMO_KK)).exists():
        family_register(
            kk=DEMO_KK,
            kelurahan=by_code.get(DEMO_KELURAHAN_CODE, kelurahan[0]),
            address=DEMO_ADDRESS,
            members=[(p.nik, p.full_name, p.birth_date, p.relationship) for p in DEMO_FAMILY],
            channel=AuditEvent.Channel.CLI,
        )
        created += 1
    rng = random.Random(_RANDOM_SEED)  # noqa: S311 - synthetic data, not a secret
    for i in range(FAMILY_COUNT):
        # Spread over the city: every ~2.6th kelurahan, all 13 kecamatan.
        place = kelurahan[i * len(kelurahan) // FAMILY_COUNT]
        kk, address, members = _random_family(rng, place, used)
        if Family.objects.filter(kk_index=Family.index_of(kk)).exists():
            continue
        family_register(
            kk=kk,
            kelurahan=place,
            address=address,
            members=members,
            channel=AuditEvent.Channel.CLI,
        )
        created += 1
    head = DEMO_FAMILY[0]
    log(
        f"{created} families created ({Family.objects.count()} in the registry). Demo resident: "
        f"{head.full_name}, NIK {head.nik}, KK {DEMO_KK}, born {head.birth_date:%Y-%m-%d} "
        "(see docs/demo.md)"
    )
