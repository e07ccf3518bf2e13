"""Celery tasks of accounts: thin wrappers around services (beat runs them)."""

from __future__ import annotations

from celery import shared_task

from kotalive.accounts import services


@shared_task  # type: ignore[untyped-decorator]
def phone_codes_purge() -> int:
    return services.phone_codes_purge()


@shared_task  # type: ignore[untyped-decorator]
def resident_sessions_purge() -> int:
    return services.resident_sessions_purge()
