"""Idempotency-Key for API POSTs: a retry with the same key gets the first response again.

The record is written in the same transaction as the work the request did, so a stored answer
always belongs to a committed change, and two concurrent requests with one key serialise on the
unique constraint: the second sees the first one's answer.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple

from django.db import IntegrityError, router, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.core.api_errors import problem_response
from kotalive.core.crypto import decrypt, encrypt
from kotalive.core.db import PreparedQuery, insert_one
from kotalive.core.http import client_ip
from kotalive.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
TTL = timedelta(hours=24)
MAX_KEY_LENGTH = 255
# Answers of requests that were not let in: kept, they would stick to the key (an offline draft
# that met a rate limit would be answered 429 for a day; one sent with a stale sign-in, 401 or
# 403). Nothing was done, so there is nothing a replay must protect.
NOT_KEPT = frozenset({401, 403, 429})


def _scope(request: HttpRequest) -> str:
    """The key belongs to whoever sent it: the signed-in account (signing in again gives a new
    session, and a draft sent again then must still find its first answer), else the bearer
    token, else the address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who = f"user:{user.pk}"
    else:
        who = request.headers.get("Authorization") or f"anon:{client_ip(request) or ''}"
    return hashlib.sha256(who.encode()).hexdigest()


def _request_hash(request: HttpRequest) -> str:
    """What makes two requests "the same": method, path and content.

    A multipart body cannot be compared byte for byte: a phone that sends the same draft again
    builds a new boundary. So its fields (sorted) and the sha-256 of each file count instead, and
    the body is read through Django's upload handlers (files may be larger than a body in memory).
    """
    digest = hashlib.sha256((request.method or "").encode() + request.path.encode() + b"\n")
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            for value in values:
                digest.update(f"field {name}={value}\n".encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                content = hashlib.sha256()
                for chunk in upload.chunks():
                    content.update(chunk)
                upload.seek(0)
                digest.update(f"file {name} {upload.size} {content.hexdigest()}\n".encode())
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _seal(body: bytes) -> bytes:
    # Stored answers can hold secrets (a new API token) or personal data: encrypted at rest.
    return encrypt(base64.b64encode(body).decode(), context="idempotency").encode()


def _unseal(stored: bytes) -> bytes:
    return base64.b64decode(decrypt(stored.decode(), context="idempotency"))


class Stored(NamedTuple):
    """What a retry needs of a stored answer."""

    pk: int
    request_hash: str
    status: int
    content_type: str
    body: bytes
    fresh: bool  # younger than TTL


def _record_query(scope: str, key: str) -> QuerySet[IdempotencyRecord]:
    return IdempotencyRecord.objects.filter(scope=scope, key=key).only(
        "request_hash", "status", "content_type", "body", "created_at"
    )


# Every keyed POST looks its key up first: compiled by the ORM once per connection, not on
# every call (as the token query in accounts/auth.py; core.db.PreparedQuery: 0.45 ms a call
# against 2.3 ms for the queryset run as usual).
_RECORD = PreparedQuery(_record_query, "scope", "key")


def _find(scope: str, key: str) -> Stored | None:
    # Routed as a write: a read replica that lags could miss an answer committed a moment ago,
    # and the retry would run the work a second time.
    found = _RECORD.first(using=router.db_for_write(IdempotencyRecord), scope=scope, key=key)
    if found is None:
        return None
    return Stored(
        found.pk,
        found.request_hash,
        found.status,
        found.content_type,
        bytes(found.body),
        found.created_at >= timezone.now() - TTL,
    )


def _replay(record: Stored) -> HttpResponse:
    response = HttpResponse(
        _unseal(record.body), status=record.status, content_type=record.content_type
    )
    response["Idempotent-Replayed"] = "true"
    response["Cache-Control"] = "no-store"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key or len(key) > MAX_KEY_LENGTH:
            return problem_response(
                400,
                "idempotency_key_invalid",
                _("The Idempotency-Key header must be 1 to 255 characters."),
            )
        scope = _scope(request)
        body_hash = _request_hash(request)
        existing = _find(scope, key)
        if existing is not None:
            if existing.fresh:
                return self._answer_existing(existing, body_hash)
            # Expired (the daily purge has not run yet): the key is free again.
            IdempotencyRecord.objects.filter(pk=existing.pk).delete()
        try:
            with transaction.atomic():
                response = self.get_response(request)
                status = response.status_code
                if status in NOT_KEPT or status >= 500 or response.streaming:
                    # Nothing to keep: the request did not run (not signed in, over a rate
                    # limit) or failed, so the client may retry with the same key and be heard.
                    transaction.set_rollback(True)
                    return response
                record = IdempotencyRecord(
                    scope=scope,
                    key=key,
                    request_hash=body_hash,
                    method=request.method,
                    path=request.path[:500],
                    status=response.status_code,
                    content_type=response.get("Content-Type", "application/json"),
                    body=_seal(response.content),
                )
                insert_one(record)
                return response
        except IntegrityError:
            # A concurrent request with the same key committed first: answer as it did.
            winner = _find(scope, key)
            if winner is None:  # not a duplicate key after all: the view's own integrity error
                raise
            return self._answer_existing(winner, body_hash)

    def _answer_existing(self, record: Stored, body_hash: str) -> HttpResponse:
        if record.request_hash != body_hash:
            return problem_response(
                422,
                "idempotency_key_reused",
                _("This Idempotency-Key was already used with a different request."),
            )
        return _replay(record)


def idempotency_purge() -> int:
    """Delete stored answers older than the TTL; run daily (`kotalive purge_idempotency`)."""
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - TTL).delete()
    return deleted
