"""A menu whose module is built opens it; one whose module is not says so honestly."""

from __future__ import annotations

import pytest

from kotalive.catalog.models import Menu
from kotalive.complaints.seed import _open_the_menus

pytestmark = pytest.mark.django_db


def _main(client, url: str) -> str:
    """The page's own content (the header's hub links to /lapor/ on every page)."""
    html: str = client.get(url).content.decode()
    return html.split("<main", 1)[1]


def test_laksa_menus_open_the_complaints_module_once_it_is_seeded(client, seeded):
    before = _main(client, "/layanan/laksa/")
    assert 'href="/lapor/"' not in before
    _open_the_menus()
    page = _main(client, "/layanan/laksa/")
    assert 'href="/lapor/"' in page
    assert 'href="/lapor/saya/"' in _main(client, "/layanan/lacak-laporan-laksa/")
    # Modules not built yet keep their "not online yet" box.
    other = (
        Menu.objects.filter(kind=Menu.Kind.MODULE, is_available=False)
        .exclude(category__slug="darurat")
        .first()
    )
    assert other is not None
    assert 'role="note"' in client.get(f"/layanan/{other.slug}/").content.decode()
