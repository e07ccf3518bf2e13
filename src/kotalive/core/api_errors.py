"""RFC 9457 problem+json for every API error, with a stable `code`."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse
from django.utils.encoding import force_str

PROBLEM_TYPE_BASE = "urn:kotalive:problem:"
PROBLEM_CONTENT_TYPE = "application/problem+json"


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_body(status: int, code: str, detail: Any, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": _title(status),
        "status": status,
        "detail": force_str(detail),
        "code": code,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def problem_response(status: int, code: str, detail: Any, **extra: Any) -> HttpResponse:
    response = HttpResponse(
        json.dumps(problem_body(status, code, detail, **extra), ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    if status == 429 and "retry_after" in extra:
        response["Retry-After"] = str(extra["retry_after"])
    return response
