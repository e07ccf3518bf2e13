"""Seed the city's online services: every definition in `data/services/*.yaml` is published as
its first version and opens its catalog menu. Idempotent: a definition that exists is kept as it
is (the office may have published newer versions in the back office)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kotalive.applications.models import ServiceDefinition
from kotalive.applications.services import definition_publish
from kotalive.applications.spec import spec_load_yaml
from kotalive.core.errors import DomainError
from kotalive.core.models import AuditEvent

DATA = Path(__file__).parent / "data" / "services"


def definition_files() -> list[Path]:
    return sorted(DATA.glob("*.yaml"))


def seed(*, log: Callable[[str], None]) -> None:
    existing = set(ServiceDefinition.objects.values_list("slug", flat=True))
    published, skipped = 0, []
    for path in definition_files():
        spec = spec_load_yaml(path.read_text(encoding="utf-8"))
        if spec.slug in existing:
            continue
        try:
            definition_publish(
                spec=spec, actor=None, note=f"seed: {path.name}", channel=AuditEvent.Channel.CLI
            )
        except DomainError as exc:  # an office not seeded yet, in a partial seed
            skipped.append(f"{spec.slug} ({exc.code})")
            continue
        published += 1
    total = ServiceDefinition.objects.count()
    log(f"{published} services published ({total} in all)")
    if skipped:
        log("not published: " + ", ".join(skipped))
