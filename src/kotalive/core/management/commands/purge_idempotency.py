"""`kotalive purge_idempotency`: drop Idempotency-Key answers past their 24 hours (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kotalive.core.idempotency import idempotency_purge


class Command(BaseCommand):
    help = "Delete stored Idempotency-Key responses older than 24 hours."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{idempotency_purge()} expired idempotency records deleted.")
