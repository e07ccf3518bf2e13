"""`kotalive laksa_fill N`: add N synthetic LAKSA cases, for load tests (`make bench`) only.

`--total` makes N the number of cases wanted in all (only the missing ones are added);
`--drop-filed` first deletes the cases that residents filed (those with a reporter: in a load-test
database, earlier runs' reports), with their photos' files and the notices about them, so that
every run measures the same table. Synthetic cases have no reporter.

Cases are spread over the kelurahan of the city (around their centres), over the active
categories and over the states (about a third open); they carry no reporter and no photo. Bulk
inserted without timeline, notices or events: this fills a table, it does not simulate residents.
Refused in the prod profile unless `--i-know-this-is-production`.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from kotalive.complaints.models import Category, Complaint, Event, Follower, Photo
from kotalive.complaints.services.common import new_ref, photo_files_delete
from kotalive.notifications.models import Notification
from kotalive.regions.models import Kelurahan

BATCH = 5000
_STATES = [
    (Complaint.State.NEW, 8),
    (Complaint.State.ASSIGNED, 12),
    (Complaint.State.IN_PROGRESS, 10),
    (Complaint.State.RESOLVED, 5),
    (Complaint.State.CLOSED, 60),
    (Complaint.State.REJECTED, 5),
]


def _drop_filed() -> int:
    filed = Complaint.objects.filter(reporter__isnull=False)
    reporters = set(filed.values_list("reporter_id", flat=True).distinct())
    ids = list(filed.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with transaction.atomic():
            photo_files_delete(Photo.objects.filter(complaint_id__in=chunk))
            Complaint.objects.filter(pk__in=chunk).delete()
    Notification.objects.filter(user_id__in=reporters, kind__startswith="complaint.").delete()
    if ids and connection.vendor == "postgresql":
        # Vacuum now, not during the measurement that follows: autovacuum would wake up for the
        # dead rows in the middle of it and take a core.
        tables = [m._meta.db_table for m in (Complaint, Follower, Event, Photo, Notification)]
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
    return len(ids)


class Command(BaseCommand):
    help = "Add N synthetic LAKSA cases for load tests (not in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--total", action="store_true", help="COUNT cases in all")
        parser.add_argument("--drop-filed", action="store_true", help="delete filed cases first")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--i-know-this-is-production", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PROD and not options["i_know_this_is_production"]:
            raise CommandError("laksa_fill adds fake cases: refused in the prod profile.")
        if options["drop_filed"]:
            dropped = _drop_filed()
            self.stdout.write(f"{dropped} filed cases deleted")
        count: int = options["count"]
        if options["total"]:
            count = max(0, count - Complaint.objects.count())
        rng = random.Random(options["seed"])  # noqa: S311 - synthetic data
        places = [
            (k, k.centroid_lat, k.centroid_lon)
            for k in Kelurahan.objects.all()
            if k.centroid_lat is not None and k.centroid_lon is not None
        ]
        categories = list(Category.objects.filter(is_active=True))
        if not places or not categories:
            raise CommandError("Seed first (kotalive seed): no kelurahan or categories.")
        states = [s for s, weight in _STATES for _ in range(weight)]
        now = timezone.now()
        made = 0
        while made < count:
            rows = []
            for _ in range(min(BATCH, count - made)):
                place, lat, lon = rng.choice(places)
                category = rng.choice(categories)
                state = rng.choice(states)
                created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
                rows.append(
                    Complaint(
                        ref=new_ref(),
                        category=category,
                        channel=Complaint.Channel.APP,
                        description="Synthetic case for load tests.",
                        lat=round(lat + rng.uniform(-0.004, 0.004), 6),
                        lon=round(lon + rng.uniform(-0.004, 0.004), 6),
                        kelurahan=place,
                        state=state,
                        office_id=category.office_id,
                        created_at=created,
                        updated_at=created,
                        # Past "new", TLR has checked it: its words are public (schemas).
                        triaged_at=None if state == Complaint.State.NEW else created,
                        triage_due_at=created + timedelta(hours=category.triage_hours),
                    )
                )
            with transaction.atomic():
                # A rare duplicate reference is skipped rather than failing the batch.
                Complaint.objects.bulk_create(rows, ignore_conflicts=True)
            made += len(rows)
        # Synthetic cases of earlier fills, made before triage was stamped on them.
        untriaged = Complaint.objects.filter(reporter__isnull=True, triaged_at__isnull=True)
        made += untriaged.exclude(state=Complaint.State.NEW).update(triaged_at=F("created_at"))
        if made and connection.vendor == "postgresql":
            # Statistics as a live table has them (autovacuum may be off on a test server): with
            # none, the planner took the 25,000 cases of a 90-day Open311 window for 12.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Complaint._meta.db_table}")
        self.stdout.write(f"{Complaint.objects.count()} cases in all")
