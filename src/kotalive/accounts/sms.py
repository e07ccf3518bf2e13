"""SMS gateway port: one small typed interface, picked by settings.SMS_BACKEND.

`FileSmsGateway` (dev) appends each message to a JSON-lines file so a developer can read the code;
`HttpSmsGateway` (prod) posts to the operator's gateway and never logs the message text, which holds
a sign-in code; `MemorySmsGateway` keeps messages in memory for tests.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from functools import cache
from typing import ClassVar, Protocol

import httpx
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

HTTP_TIMEOUT_SECONDS = 10.0


class SmsDeliveryError(Exception):
    """The gateway did not accept the message."""


class SmsGateway(Protocol):
    def send(self, *, to: str, text: str) -> None: ...


def _masked(phone: str) -> str:
    return f"{phone[:5]}****{phone[-3:]}" if len(phone) > 8 else "****"


class FileSmsGateway:
    """Dev only: one JSON line per message in settings.SMS_FILE_PATH."""

    _lock = threading.Lock()

    def send(self, *, to: str, text: str) -> None:
        path = settings.SMS_FILE_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": timezone.now().isoformat(), "to": to, "text": text})
        with self._lock, path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        # The text (with the code) reaches the console only on a DEBUG machine.
        logger.info(
            "sms written to %s",
            path,
            extra={"to": _masked(to), **({"text": text} if settings.DEBUG else {})},
        )


class HttpSmsGateway:
    """Production: POST {"to", "text"} as JSON with a bearer token; raise when not accepted."""

    def __init__(self, *, url: str | None = None, token: str | None = None) -> None:
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN

    def send(self, *, to: str, text: str) -> None:
        if not self.url:
            raise SmsDeliveryError("SMS_GATEWAY_URL is not set")
        try:
            response = httpx.post(
                self.url,
                json={"to": to, "text": text},
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=HTTP_TIMEOUT_SECONDS,
            )
        except httpx.HTTPError as exc:
            raise SmsDeliveryError(f"SMS gateway unreachable: {type(exc).__name__}") from None
        if response.status_code >= 300:
            raise SmsDeliveryError(f"SMS gateway answered {response.status_code}")
        logger.info("sms sent", extra={"to": _masked(to)})


@dataclass(frozen=True)
class SentSms:
    to: str
    text: str


class MemorySmsGateway:
    """Tests: messages kept in a class-level list (one per test process)."""

    outbox: ClassVar[list[SentSms]] = []

    def send(self, *, to: str, text: str) -> None:
        self.outbox.append(SentSms(to=to, text=text))


@cache
def _gateway_class(path: str) -> type[SmsGateway]:
    cls: type[SmsGateway] = import_string(path)
    return cls


def get_gateway() -> SmsGateway:
    return _gateway_class(settings.SMS_BACKEND)()
