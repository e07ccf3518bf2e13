"""The services and the offices a step can go to, kept per process as reference data.

Every application that is made or moves on needs its service (by its slug or its catalog menu)
and the office of a step (a kelurahan's, a kecamatan's, or one by its slug); both change a few
times a year. `core.refdata` reloads them when a definition or an organisation is written.
What is returned is shared by the threads of a process: read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from kotalive.accounts.models import Organisation
from kotalive.applications.models import ServiceDefinition
from kotalive.core.refdata import refdata

DIRECTORY_REFDATA = "applications-directory"


@dataclass(frozen=True)
class Directory:
    services: dict[str, ServiceDefinition]  # by its slug
    by_menu: dict[str, ServiceDefinition]  # by the catalog menu it serves
    offices: dict[str, Organisation]  # active offices by slug
    kelurahan_offices: dict[int, Organisation]  # by kelurahan id
    kecamatan_offices: dict[int, Organisation]  # by kecamatan id


def _load() -> Directory:
    services = list(
        ServiceDefinition.objects.filter(is_active=True, current__isnull=False)
        .select_related("current", "office")
        .defer("current__spec")
        .order_by("pk")
    )
    offices = list(Organisation.objects.filter(is_active=True).order_by("pk"))
    by_menu: dict[str, ServiceDefinition] = {}
    for service in services:
        if service.menu_slug:
            by_menu.setdefault(service.menu_slug, service)
    kind = Organisation.Kind
    return Directory(
        services={s.slug: s for s in services},
        by_menu=by_menu,
        offices={o.slug: o for o in offices},
        kelurahan_offices={
            o.kelurahan_id: o for o in offices if o.kind == kind.KELURAHAN and o.kelurahan_id
        },
        kecamatan_offices={
            o.kecamatan_id: o for o in offices if o.kind == kind.KECAMATAN and o.kecamatan_id
        },
    )


def directory() -> Directory:
    return refdata(DIRECTORY_REFDATA, "directory", _load)
