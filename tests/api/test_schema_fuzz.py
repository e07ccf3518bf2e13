"""schemathesis over the whole /api/v1 schema: no server error, and every answer matches the schema.

Bounded and derandomized so that CI sees the same cases every run. Each operation runs once as an
anonymous client and once as a signed-in resident (bearer token).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kotalive.config.wsgi import application

# Loaded at collection through the WSGI app itself (no server). `from_fixture` would be lazier,
# but schemathesis 4.32's lazy loader breaks on pytest 9 (`Function._nodeid`).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("schemathesis")]


# The WSGI transport does not undo gzip as a real client does; ask for plain bodies.
PLAIN = {"Accept-Encoding": "identity"}


@schema.parametrize()
@FUZZ
def test_api_anonymous(case, seeded):
    case.call_and_validate(headers=PLAIN, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_api_as_resident(case, resident_bearer):
    case.call_and_validate(headers={**PLAIN, **resident_bearer}, checks=CHECKS)
