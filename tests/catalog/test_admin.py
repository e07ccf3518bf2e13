from __future__ import annotations

import pytest

from kotalive.accounts.models import User
from kotalive.catalog.models import Menu
from kotalive.core.models import AuditEvent
from tests.world import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    # The admin opens only after the TOTP step, which staff_client has passed.
    return staff_client(User.objects.create_superuser("diskominfo", "a-long-password-1234"))


def test_admin_lists_and_edits_menus_with_their_standard(admin_client, make_menu):
    menu = make_menu()
    assert admin_client.get("/admin/catalog/menu/").status_code == 200
    page = admin_client.get(f"/admin/catalog/menu/{menu.pk}/change/")
    assert page.status_code == 200
    assert "standard-0-requirements_id" in page.content.decode()


def test_admin_change_is_audited(admin_client, make_menu):
    menu = make_menu()
    response = admin_client.post(
        "/admin/catalog/announcement/add/",
        {
            "title_id": "Uji",
            "title_en": "",
            "body_id": "Isi",
            "body_en": "",
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00:00",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="catalog.announcement.create").exists()
    assert Menu.objects.filter(pk=menu.pk).exists()


def test_anonymous_cannot_open_the_catalog_admin(client, db):
    response = client.get("/admin/catalog/menu/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_resident_cannot_open_the_catalog_admin(client, db):
    client.force_login(User.objects.create_user(phone="+6281200000001"))
    response = client.get("/admin/catalog/menu/")
    assert response.status_code == 302
    assert "/admin/catalog/menu/" not in response["Location"].split("?")[0]
