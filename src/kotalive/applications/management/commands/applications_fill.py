"""`kotalive applications_fill N`: synthetic applications for load tests (`make bench`) only.

`--total` makes N the number wanted in all (only the missing ones are added); `--drop-filed`
first deletes the applications residents made (earlier runs' submissions), so every run measures
the same table. Half the synthetic applications wait at Disdukcapil (one city-wide office: the
longest queue the bench reads), the rest at the kelurahan offices of their applicants, over the
states an office sees, with service levels spread over two weeks. They belong to one synthetic
applicant and are bulk inserted without history: this fills a table, it does not simulate
residents.

For the bench it also prints, as one JSON line: a staff session of `--staff` (an officer of
Disdukcapil, made if missing) to read the queue with, the code of one issued document to verify,
and, with `--verify-phone`, that resident's verified name and NIK (verified first, with a registry
person nobody verified, if it was not).
Refused in the prod profile unless `--i-know-this-is-production`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from kotalive.accounts.models import Membership, Organisation, ResidentIdentity, User
from kotalive.accounts.services.identity import identity_verify
from kotalive.accounts.services.phone import normalise_phone
from kotalive.applications.models import Application, ApplicationFile, Event, ServiceDefinition
from kotalive.applications.services import new_ref
from kotalive.backoffice.session import staff_session_start
from kotalive.civil_registry.models import Person
from kotalive.core.crypto import decrypt, encrypt
from kotalive.core.models import AuditEvent
from kotalive.documents.services import Fact, document_issue
from kotalive.regions.models import Kelurahan

BATCH = 2000
FILLER_NAME = "applications_fill"
CITY_WIDE = ("akta-kelahiran", "disdukcapil")
LOCAL = "surat-domisili"
_STATES = [
    (Application.State.SUBMITTED, 70),
    (Application.State.APPROVED, 5),
    (Application.State.CORRECTION, 10),
    (Application.State.ISSUED, 10),
    (Application.State.REJECTED, 5),
]


class Command(BaseCommand):
    help = "Add synthetic applications for load tests; print a staff session and a document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--total", action="store_true")
        parser.add_argument("--drop-filed", action="store_true")
        parser.add_argument("--staff", default="bench.dukcapil")
        parser.add_argument("--verify-phone", default="")
        parser.add_argument("--seed", type=int, default=11)
        parser.add_argument("--i-know-this-is-production", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PROD and not options["i_know_this_is_production"]:
            raise CommandError("refused in the prod profile (--i-know-this-is-production)")
        filler = _filler()
        if options["drop_filed"]:
            _drop_filed(filler)
        wanted = options["count"]
        if options["total"]:
            wanted -= Application.objects.filter(applicant=filler).count()
        added = _fill(filler, max(0, wanted), random.Random(options["seed"]))  # noqa: S311
        out = {
            "added": added,
            "stored": Application.objects.count(),
            "session": _staff_session(options["staff"]),
            "document": _document(),
        }
        if options["verify_phone"]:
            out["resident"] = _verify(options["verify_phone"])
        self.stdout.write(json.dumps(out))


def _filler() -> User:
    """The synthetic applicant: an inactive account without a number, which nobody signs in to."""
    user, _ = User.objects.get_or_create(
        username=None,
        phone=None,
        display_name=FILLER_NAME,
        kind=User.Kind.RESIDENT,
        defaults={"is_active": False},
    )
    return user


def _drop_filed(filler: User) -> None:
    filed = Application.objects.exclude(applicant=filler)
    for stored in ApplicationFile.objects.filter(application__in=filed):
        stored.file.delete(save=False)
    filed.delete()
    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (Application, ApplicationFile, Event)]
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")


def _fill(filler: User, count: int, rng: random.Random) -> int:
    if count <= 0:
        return 0
    city = ServiceDefinition.objects.select_related("current").get(slug=CITY_WIDE[0])
    local = ServiceDefinition.objects.select_related("current").get(slug=LOCAL)
    dukcapil = Organisation.objects.get(slug=CITY_WIDE[1])
    offices = {
        o.kelurahan_id: o
        for o in Organisation.objects.filter(kind=Organisation.Kind.KELURAHAN, is_active=True)
    }
    places = [k for k in Kelurahan.objects.all() if k.pk in offices]
    states, weights = zip(*_STATES, strict=True)
    now = timezone.now()
    rows: list[Application] = []
    for i in range(count):
        definition, place = (
            (city, rng.choice(places)) if i % 2 == 0 else (local, rng.choice(places))
        )
        office = dukcapil if definition is city else offices[place.pk]
        state = rng.choices(states, weights)[0]
        submitted = now - dt.timedelta(minutes=rng.randrange(1, 60 * 24 * 60))
        waiting = state in Application.WAITING_STATES
        ref = new_ref()
        rows.append(
            Application(
                ref=ref,
                definition=definition,
                version=definition.current,
                applicant=filler,
                state=state,
                office=office,
                kelurahan=place,
                answers_encrypted=encrypt('{"filled":true}', context=f"application:{ref}"),
                submitted_at=submitted,
                due_at=submitted + dt.timedelta(days=rng.randrange(1, 15)) if waiting else None,
                document_code="synthetic" if state == Application.State.ISSUED else "",
            )
        )
        if len(rows) == BATCH:
            Application.objects.bulk_create(rows)
            rows = []
    Application.objects.bulk_create(rows)
    return count


def _staff_session(username: str) -> str:
    dukcapil = Organisation.objects.get(slug=CITY_WIDE[1])
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, None, kind=User.Kind.STAFF)
        Membership.objects.create(user=user, organisation=dukcapil, role=Membership.Role.OFFICER)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "kotalive.accounts.backends.StaffBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    staff_session_start(store)
    store.save()
    return str(store.session_key)


def _document() -> str:
    dukcapil = Organisation.objects.get(slug=CITY_WIDE[1])
    with transaction.atomic():
        issued = document_issue(
            kind="akta-kelahiran",
            title_id="Kutipan Akta Kelahiran",
            title_en="Birth certificate",
            number=f"AKL-BENCH-{timezone.localdate():%Y%m%d}",
            holder_name="Anak Contoh",
            holder_nik=None,
            facts=[Fact("Tanggal lahir", "Date of birth", "1 Desember 2026")],
            issuer=dukcapil,
            valid_until=None,
            source_ref="bench",
            actor=None,
        )
    return str(issued.code)


def _verify(phone: str) -> dict[str, str]:
    """The resident's verified name and NIK (verified first with a free registry person)."""
    user = User.objects.get(phone=normalise_phone(phone))
    identity = ResidentIdentity.objects.filter(user=user).first()
    if identity is not None:
        return {"name": identity.full_name, "nik": decrypt(identity.nik_encrypted, context="nik")}
    taken = set(ResidentIdentity.objects.values_list("nik_index", flat=True))
    for person in Person.objects.select_related("family").order_by("pk"):
        if person.nik_index in taken:
            continue
        identity_verify(
            actor=user,
            nik=person.nik,
            kk=decrypt(person.family.kk_encrypted, context="kk"),
            full_name=person.full_name,
            birth_date=person.birth_date,
            ip=None,
            channel=AuditEvent.Channel.CLI,
        )
        return {"name": person.full_name, "nik": person.nik}
    raise CommandError("no registry person left to verify with")
