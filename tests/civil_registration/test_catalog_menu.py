"""The catalog menu "Cek KK dan KTP-el" opens the status page once civil registration is seeded."""

from __future__ import annotations

import pytest

from kotalive.catalog import seed as catalog_seed
from kotalive.catalog.models import Menu
from kotalive.civil_registration import seed as civil_seed

pytestmark = pytest.mark.django_db

MENU = "/layanan/cek-status-kk-ktp/"


def _main(client, url: str) -> str:
    html: str = client.get(url).content.decode()
    return html.split("<main", 1)[1]


def test_the_menu_opens_the_status_page_once_seeded(client):
    catalog_seed.seed(log=lambda message: None)
    assert 'href="/kependudukan/status/"' not in _main(client, MENU)
    lines: list[str] = []
    civil_seed.seed(log=lines.append)
    assert lines == ["1 civil-registration menus opened"]
    assert 'href="/kependudukan/status/"' in _main(client, MENU)
    # Only this menu: the birth certificate is the applications engine's, not opened here.
    assert not Menu.objects.get(slug="akta-kelahiran-online").is_available


def test_a_catalog_seeded_before_gets_the_menus_new_module_key(client):
    catalog_seed.seed(log=lambda message: None)
    Menu.objects.filter(slug="cek-status-kk-ktp").update(module_key="civil_registry")
    catalog_seed.seed(log=lambda message: None)
    civil_seed.seed(log=lambda message: None)
    assert 'href="/kependudukan/status/"' in _main(client, MENU)
