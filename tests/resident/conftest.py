"""The hub's tests use the LAKSA world (a report is what residents have going today)."""

from __future__ import annotations

from tests.complaints.conftest import (  # noqa: F401 - fixtures used by the tests here
    laksa,
    make_complaint,
    media,
    other_resident,
    resident,
    tlr,
)
