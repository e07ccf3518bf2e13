"""The shell shows what the apps registered, to whom each app's policy admits; core's channel and
audit-log checks follow the rules accounts registered."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kotalive.backoffice import registry
from kotalive.core.audit import audit_view_allowed
from kotalive.core.events.access import channel_access_check
from tests.world import sign_in

pytestmark = pytest.mark.django_db


def _dashboard(user) -> str:
    client = Client()
    assert sign_in(client, user).status_code == 302
    return client.get(reverse("staff:dashboard")).content.decode()


def test_every_app_registered_its_entries():
    keys = {entry.key for entry in registry._menu.values()}
    assert {"laksa", "residents", "admin"} <= keys
    assert {"resident_list", "resident_detail"} <= {p.name for p in registry.page_patterns()}


def test_the_menu_follows_each_apps_policy(world):
    admin = _dashboard(world.city_admin)
    assert reverse("staff:resident_list") in admin
    assert reverse("admin:index") in admin

    hospital = _dashboard(world.hospital_admin)
    assert reverse("staff:resident_list") not in hospital
    assert reverse("laksa_staff:queue") not in hospital
    assert reverse("admin:index") not in hospital
    # The accounts tile is there for everyone with a role.
    assert "RSUD" in hospital


def test_org_channels_follow_the_rule_accounts_registered(world):
    org_id = world.lurah_sukarasa.memberships.get().organisation_id
    assert channel_access_check(user=world.lurah_sukarasa, channel=f"org:{org_id}")
    assert not channel_access_check(user=world.lurah_sukaasih, channel=f"org:{org_id}")


def test_the_audit_log_right_comes_from_the_registered_rule(world):
    assert audit_view_allowed(world.city_admin)
    assert not audit_view_allowed(world.lurah_sukarasa)
    assert not audit_view_allowed(world.resident_user)
