"""`kotalive event_publish CHANNEL KIND JSON`: send one real-time event now (ops, tests)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotalive.core.events import event_publish_now


class Command(BaseCommand):
    help = "Publish one event on a channel (public, user:<id>, org:<id>); prints its id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("channel")
        parser.add_argument("kind")
        parser.add_argument("data", help="a JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = json.loads(options["data"])
        except json.JSONDecodeError as exc:
            raise CommandError(f"data is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise CommandError("data must be a JSON object")
        try:
            event = event_publish_now(channel=options["channel"], kind=options["kind"], data=data)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(event.id)
