"""`kotalive lifecycle_docs`: write each declared lifecycle's diagram and table into the docs.

Each domain app with a workflow provides `<app>/lifecycle.py` with `LIFECYCLES`; its block in
`docs/*.md` sits between `<!-- lifecycle:<name> ... -->` and `<!-- /lifecycle -->` and is
replaced by what the table gives. `--check` changes nothing and fails when a block is stale or
missing (the test suite runs it).
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotalive.core.lifecycle import Lifecycle, docs_block, docs_rewrite


def declared_lifecycles() -> list[Lifecycle]:
    found: list[Lifecycle] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.lifecycle"
        if config.name.startswith("kotalive.") and importlib.util.find_spec(name) is not None:
            # (core.lifecycle is the mechanism itself: it declares none)
            found.extend(getattr(importlib.import_module(name), "LIFECYCLES", ()))
    return found


class Command(BaseCommand):
    help = "Write the state diagrams of the declared lifecycles into docs/*.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if the docs are stale.")

    def handle(self, *args: Any, **options: Any) -> None:
        docs = sorted((Path(settings.BASE_DIR) / "docs").glob("*.md"))
        stale: list[str] = []
        for lifecycle in declared_lifecycles():
            shown = False
            for path in docs:
                text = path.read_text()
                new = docs_rewrite(text, lifecycle)
                shown = shown or docs_block(lifecycle) in new
                if new != text:
                    stale.append(f"{path.name}: {lifecycle.name}")
                    if not options["check"]:
                        path.write_text(new)
            if not shown:
                stale.append(f"no docs block for {lifecycle.name}")
        if options["check"] and stale:
            raise CommandError("Stale lifecycle docs: " + "; ".join(stale))
        self.stdout.write("; ".join(stale) if stale else "Lifecycle docs are current.")
