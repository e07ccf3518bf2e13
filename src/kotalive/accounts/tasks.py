"""Celery tasks of accounts: thin wrappers around services (beat runs them)."""

from __future__ import annotations

from celery import shared_task

from kotalive.accounts.services import phone_codes_purge as _purge


@shared_task  # type: ignore[untyped-decorator]
def phone_codes_purge() -> int:
    return _purge()
