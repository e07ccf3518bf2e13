"""The one domain error type: services raise it, the API renders problem+json, HTML a form error."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class DomainError(Exception):
    """A refusal the user can act on; `code` is stable and documented, `message` is translated."""

    status = 400

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        status: int | None = None,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        self.extra = extra or {}
        if status is not None:
            self.status = status


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class NotAuthenticated(DomainError):
    status = 401


class RateLimited(DomainError):
    status = 429

    def __init__(self, code: str, message: str | Promise, *, retry_after: int) -> None:
        super().__init__(code, message, extra={"retry_after": retry_after})
        self.retry_after = retry_after
