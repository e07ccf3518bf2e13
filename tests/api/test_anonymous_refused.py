"""Every operation the schema marks as needing credentials refuses an anonymous caller with 401.

Driven by the schema, so an endpoint added tomorrow is covered without touching this test.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _protected_operations() -> list[tuple[str, str]]:
    from kotalive.config.api import api

    schema: dict[str, Any] = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            security = operation.get("security")
            # An empty requirement ({}) means credentials are optional (a public read that shows
            # more to the signed in): not a protected operation.
            if security and {} not in security:
                found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return found


def test_the_api_has_protected_operations():
    assert _protected_operations()
    assert ("post", "/api/v1/complaints/") in _protected_operations()


@pytest.mark.parametrize(("method", "path"), _protected_operations())
@pytest.mark.parametrize(
    "credentials",
    [{}, {"HTTP_AUTHORIZATION": "Bearer not-a-token"}, {"sessionid": "forged"}],
    ids=["nothing", "bad-token", "forged-session"],
)
def test_anonymous_callers_are_refused(method, path, credentials):
    client = Client(**{k: v for k, v in credentials.items() if k.startswith("HTTP_")})
    if "sessionid" in credentials:
        client.cookies["sessionid"] = credentials["sessionid"]
    if method == "get":
        response = client.get(path)
    else:
        response = getattr(client, method)(path, data="{}", content_type="application/json")
    assert response.status_code == 401, (method, path, response.content)
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_authenticated"
