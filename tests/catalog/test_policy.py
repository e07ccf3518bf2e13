"""Catalog management is the catalog's own permission, decided by `catalog.policy`."""

from __future__ import annotations

import pytest

from kotalive.accounts.models import Organisation
from kotalive.catalog import policy
from kotalive.core.permissions import allowed, declared

pytestmark = pytest.mark.django_db


def test_catalog_manage_is_declared_by_the_catalog():
    assert declared()[policy.CATALOG_MANAGE].owner == "catalog"


def test_catalog_manage_by_owner_office_or_diskominfo(world):
    rsud = Organisation.objects.get(slug="rsud")

    class Menu:
        office_id = rsud.pk  # as catalog.Menu.office

    assert allowed(world.city_admin, policy.CATALOG_MANAGE, Menu())
    assert allowed(world.hospital_admin, policy.CATALOG_MANAGE, Menu())
    assert not allowed(world.lurah_sukarasa, policy.CATALOG_MANAGE, Menu())
    assert not allowed(world.viewer, policy.CATALOG_MANAGE, Menu())
