"""Paging parameters shared by every list endpoint of the API, each with an upper bound.

An unbounded offset reached the database as-is: 2**63 does not fit SQLite's integer and was a 500.
Every bound is checked when the query string is parsed, so a value out of range is a 422
problem+json (`validation_error`) like any other bad parameter, and never reaches a query.
`NINJA_PAGINATION_CLASS` points at `LimitOffset`, so a future `@paginate` gets the same bounds.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Query, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_PAGE = 10_000
# The largest value of a 64-bit integer column (ids): one more overflows the database driver.
MAX_DB_ID = 2**63 - 1

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT} items.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="From 1.")]
PageSize = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT} items.")]
# A filter by the id of a row (a kecamatan, an office): bounded for the same reason.
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_DB_ID)]


class LimitOffset(LimitOffsetPagination):
    """Ninja's limit/offset pagination with the offset bounded as well as the limit."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, max_limit: int = MAX_LIMIT, **kwargs: Any) -> None:
        super().__init__(max_limit=max_limit, **kwargs)
