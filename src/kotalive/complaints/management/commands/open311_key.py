"""`kotalive open311_key create NAME | list | revoke PREFIX`: manage Open311 API keys.

`create` prints the new key on its last line (scripts take `tail -n 1`); it is not shown again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotalive.complaints.open311.keys import (
    open311_key_by_prefix,
    open311_key_create,
    open311_key_revoke,
    open311_keys,
)
from kotalive.core.errors import DomainError
from kotalive.core.models import AuditEvent


class Command(BaseCommand):
    help = "Create, list or revoke Open311 API keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a key and print it (last line).")
        create.add_argument("name")
        sub.add_parser("list", help="List keys (prefix, name, created, last used, revoked).")
        revoke = sub.add_parser("revoke", help="Revoke the key with this prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc

    def _create(self, options: dict[str, Any]) -> None:
        key, raw = open311_key_create(
            actor=None, name=options["name"], channel=AuditEvent.Channel.CLI
        )
        self.stdout.write(f"Created Open311 key {key.prefix}… for {key.name}. It is shown once:")
        self.stdout.write(raw)

    def _list(self, options: dict[str, Any]) -> None:
        for key in open311_keys():
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            self.stdout.write(
                f"{key.prefix}\t{key.name}\t{key.created_at:%Y-%m-%d}\tused {used}\t{state}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        key = open311_key_by_prefix(prefix=options["prefix"])
        open311_key_revoke(actor=None, key=key, channel=AuditEvent.Channel.CLI)
        self.stdout.write(f"Revoked {key.prefix}… ({key.name}).")
