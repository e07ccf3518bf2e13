"""Open311 background work: file a case whose photo is at a client's `media_url`."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from kotalive.complaints.open311.fetch import MediaError
from kotalive.complaints.open311.intake import open311_token_process

MAX_RETRIES = 3


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)  # type: ignore[untyped-decorator]
def token_process(self: Any, token_id: int) -> int | None:
    """Returns the case id, or None when it could not be filed (the token says why)."""
    # In-process (dev, tests) a retry would block the request: one attempt, then file anyway.
    final = self.request.is_eager or self.request.retries >= MAX_RETRIES
    try:
        token = open311_token_process(token_id=token_id, final=final)
    except MediaError as exc:
        raise self.retry(countdown=60 * 2**self.request.retries, exc=exc) from exc
    return token.complaint_id
