"""Django's built-in CSP: strict, with a fresh nonce per response that the page can use."""

from __future__ import annotations

import re

import pytest

from tests.core.conftest import TEST_URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]


def _nonce(response) -> str:
    match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert match, response["Content-Security-Policy"]
    return match.group(1)


def test_html_responses_carry_a_csp_with_the_nonce_the_page_used(client):
    response = client.get("/test/csp")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy
    nonce = _nonce(response)
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_each_response_gets_a_new_nonce(client):
    assert _nonce(client.get("/test/csp")) != _nonce(client.get("/test/csp"))


def test_the_home_page_is_served_with_the_csp(client):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_api_docs_load_only_our_own_scripts(client):
    # Ninja falls back to a CDN and an inline script, both blocked by the CSP, unless its static
    # files are installed.
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts
    for attributes in scripts:
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes
    assert "cdn." not in page
