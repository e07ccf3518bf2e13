"""`kotalive demo_totp USERNAME`: print a demo staff member's current TOTP code (dev only)."""

from __future__ import annotations

from typing import Any

import pyotp
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotalive.accounts import totp
from kotalive.accounts.models import User


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo staff account (dev profile only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        # A code printer for real accounts would defeat the second factor: dev demo data only.
        if settings.PROD:
            raise CommandError("demo_totp is for the dev profile only; it refuses in prod.")
        user = User.objects.filter(username=options["username"], kind=User.Kind.STAFF).first()
        if user is None:
            raise CommandError(f"No staff account {options['username']!r}.")
        secret = totp.totp_secret_of(user)
        if secret is None or user.totp_confirmed_at is None:
            raise CommandError("This account has no confirmed TOTP; it enrols at /staff/masuk/.")
        self.stdout.write(str(pyotp.TOTP(secret).now()))
