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

from django.utils import timezone

from kotalive.civil_registry.models import EktpState, Family, KkChange, Person
from kotalive.civil_registry.services import ektp_set, family_register, kk_change_record
from kotalive.core.models import AuditEvent
from kotalive.regions.models import Kelurahan

FAMILY_COUNT = 40
_RANDOM_SEED = 3671
# A second stream for e-KTP states and KK changes, so that the families' numbers (drawn from the
# first) stay what earlier seeds made.
_STATUS_SEED = 3672
DISDUKCAPIL_HALL = "Kantor Disdukcapil Kota Tangerang"
# Who is old enough for an e-KTP is decided on this fixed day, not on the day of the seed, so that
# a later seed plans exactly what the first did (someone who turned 17 since is simply "not
# recorded yet").
_PLAN_DAY = dt.date(2026, 12, 1)


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

# What a demo user sees on "Cek KK dan KTP-el" (docs/demo.md), as days before the day of the seed.
# Budi's card was collected long ago; Siti's new card (after a change of data) waits at the
# kecamatan office; the children are under 17. A change of address is being verified.
DEMO_EKTP_DAYS = {
    "3671011708850001": (5200, 5180, 5170, 5165),  # recorded, printed, ready, collected
    "3671015203880001": (40, 12, 5, None),
}
DEMO_CHANGES = (
    ("KK-DEMO-0001", "change_address", "verifying", "", 9),
    ("KK-DEMO-0002", "change_data", "done", "Siti Rahmawati", 60),
)
# The first KK changes of the synthetic families: every kind and every state.
_CHANGE_CYCLE = [
    (kind, state)
    for kind, state in zip(
        [*KkChange.Kind.values, *KkChange.Kind.values],
        [*KkChange.State.values, *reversed(KkChange.State.values)],
        strict=True,
    )
]
# The first adults of the synthetic families: every e-KTP state, then mostly collected cards.
_EKTP_CYCLE = [
    EktpState.RECORDED,
    EktpState.PRINTED,
    EktpState.READY,
    EktpState.COLLECTED,
    EktpState.NOT_RECORDED,
] * 2
_EKTP_WEIGHTS = {
    EktpState.NOT_RECORDED: 4,
    EktpState.RECORDED: 6,
    EktpState.PRINTED: 6,
    EktpState.READY: 8,
    EktpState.COLLECTED: 76,
}

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


def _ektp_days(
    rng: random.Random, state: str, adult_days: int
) -> tuple[int | None, int | None, int | None, int | None]:
    """Days before the seed for each step reached (recorded, printed, ready, collected)."""
    # Always the same draws, whatever the state, so that one person's plan never shifts another's.
    old, recent = rng.randint(200, 4000), rng.randint(10, 90)
    gaps = (rng.randint(3, 14), rng.randint(1, 7), rng.randint(0, 10))
    if state == EktpState.NOT_RECORDED:
        return (None, None, None, None)
    recorded = min(old if state == EktpState.COLLECTED else recent, max(adult_days, 0))
    days = [recorded]
    for gap in gaps:
        days.append(max(days[-1] - gap, 0))
    reached = EktpState.values.index(state)  # 1 recorded ... 4 collected
    return tuple(d if i < reached else None for i, d in enumerate(days))  # type: ignore[return-value]


def _office(rng: random.Random, family: Family) -> str:
    at_kecamatan = rng.random() < 0.6
    return (
        f"Kantor Kecamatan {family.kelurahan.kecamatan.name}" if at_kecamatan else DISDUKCAPIL_HALL
    )


def _ektp_apply(person: Person, days: tuple[int | None, ...], office: str, today: dt.date) -> int:
    """Give a person the planned e-KTP, unless the registry already holds one for them."""
    if person.ektp_state != EktpState.NOT_RECORDED or person.ektp_recorded_on is not None:
        return 0
    if days[0] is None:
        return 0
    on = [None if d is None else today - dt.timedelta(days=d) for d in days]
    ektp_set(
        person=person,
        recorded_on=on[0],
        printed_on=on[1],
        ready_on=on[2],
        collected_on=on[3],
        office=office,
        channel=AuditEvent.Channel.CLI,
    )
    return 1


def _change_apply(
    family: Family,
    reference: str,
    kind: str,
    state: str,
    member_name: str,
    received_days: int,
    today: dt.date,
) -> int:
    if KkChange.objects.filter(reference=reference).exists():
        return 0
    received = today - dt.timedelta(days=received_days)
    done = KkChange.State.values.index(state)
    kk_change_record(
        family=family,
        kind=kind,
        state=state,
        member_name=member_name,
        received_on=received,
        updated_on=min(received + dt.timedelta(days=3 * done), today),
        reference=reference,
        channel=AuditEvent.Channel.CLI,
    )
    return 1


def _adult_days(birth: dt.date, today: dt.date) -> int:
    """Days since the 17th birthday (negative before it)."""
    try:
        adult = birth.replace(year=birth.year + 17)
    except ValueError:  # 29 February
        adult = dt.date(birth.year + 17, 3, 1)
    return (today - adult).days


def _statuses(
    families: list[tuple[Family, list[tuple[str, str, dt.date, str]]]], today: dt.date
) -> tuple[int, int]:
    """e-KTP states and KK changes for the synthetic families: every state, deterministic.

    The plan walks the seed's own members (not whoever is on the card now: a child added since
    must not shift the others' draws).
    """
    rng = random.Random(_STATUS_SEED)  # noqa: S311 - synthetic data, not a secret
    cards = changes = adults = 0
    for i, (family, planned) in enumerate(families):
        on_card = {p.nik: p for p in family.members.all()}
        for nik, _name, birth_date, _relationship in planned:
            person = on_card.get(nik)
            adult_days = _adult_days(birth_date, _PLAN_DAY)
            pick = rng.choices(list(_EKTP_WEIGHTS), weights=list(_EKTP_WEIGHTS.values()))[0]
            office = _office(rng, family)
            if adult_days < 0:
                continue
            card: str = _EKTP_CYCLE[adults] if adults < len(_EKTP_CYCLE) else pick
            adults += 1
            days = _ektp_days(rng, card, adult_days)
            if person is not None:
                cards += _ektp_apply(person, days, office, today)
        kind: str = rng.choice(KkChange.Kind.values)
        state: str = rng.choice(KkChange.State.values)
        if i < len(_CHANGE_CYCLE):
            kind, state = _CHANGE_CYCLE[i]
        elif rng.random() > 0.2:
            continue
        surname = planned[0][1].rsplit(" ", 1)[-1]
        member = {
            KkChange.Kind.ADD_MEMBER: f"{rng.choice(_FEMALE + _MALE)} {surname}",
            KkChange.Kind.REMOVE_MEMBER: f"{rng.choice(_MALE)} {surname}",
        }.get(KkChange.Kind(kind), "")
        received_days = rng.randint(30, 200) if state == KkChange.State.DONE else rng.randint(2, 30)
        changes += _change_apply(
            family, f"KK-SEED-{i + 1:04d}", kind, state, member, received_days, today
        )
    return cards, changes


def _demo_statuses(family: Family, today: dt.date) -> tuple[int, int]:
    cards = changes = 0
    for person in family.members.all():
        days = DEMO_EKTP_DAYS.get(person.nik)
        if days is not None:
            office = f"Kantor Kecamatan {family.kelurahan.kecamatan.name}"
            cards += _ektp_apply(person, days, office, today)
    for reference, kind, state, member, received_days in DEMO_CHANGES:
        changes += _change_apply(family, reference, kind, state, member, received_days, today)
    return cards, changes


def seed(*, log: Callable[[str], None], today: dt.date | None = None) -> None:
    kelurahan = list(Kelurahan.objects.order_by("code"))
    if not kelurahan:
        log("no kelurahan: seed the regions first")
        return
    by_code = {k.code: k for k in kelurahan}
    used = {DEMO_KK, *(p.nik for p in DEMO_FAMILY)}
    created = 0
    demo = Family.objects.filter(kk_index=Family.index_of(DEMO_KK)).first()
    if demo is None:
        demo = family_register(
            kk=DEMO_KK,
            kelurahan=by_code.get(DEMO_KELURAHAN_CODE, kelurahan[0]),
            address=DEMO_ADDRESS,
            members=[(p.nik, p.full_name, p.birth_date, p.relationship) for p in DEMO_FAMILY],
            channel=AuditEvent.Channel.CLI,
        )
        created += 1
    rng = random.Random(_RANDOM_SEED)  # noqa: S311 - synthetic data, not a secret
    synthetic: list[tuple[Family, list[tuple[str, str, dt.date, str]]]] = []
    for i in range(FAMILY_COUNT):
        # Spread over the city: every ~2.6th kelurahan, all 13 kecamatan.
        place = kelurahan[i * len(kelurahan) // FAMILY_COUNT]
        kk, address, members = _random_family(rng, place, used)
        family = Family.objects.filter(kk_index=Family.index_of(kk)).first()
        if family is None:
            family = family_register(
                kk=kk,
                kelurahan=place,
                address=address,
                members=members,
                channel=AuditEvent.Channel.CLI,
            )
            created += 1
        synthetic.append((family, members))
    today = today or timezone.localdate()
    cards, changes = _demo_statuses(demo, today)
    more_cards, more_changes = _statuses(synthetic, today)
    head = DEMO_FAMILY[0]
    log(
        f"{created} families created ({Family.objects.count()} in the registry), "
        f"{cards + more_cards} e-KTP states and {changes + more_changes} KK changes recorded. "
        "Demo resident: "
        f"{head.full_name}, NIK {head.nik}, KK {DEMO_KK}, born {head.birth_date:%Y-%m-%d} "
        "(see docs/demo.md)"
    )
