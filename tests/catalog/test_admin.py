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


def _change_form(menu: Menu, **changes: object) -> dict[str, object]:
    """What the admin's change form of `menu` posts, with `changes` typed in."""
    standard = menu.standard
    data: dict[str, object] = {
        field: getattr(menu, field)
        for field in (
            "slug",
            "kind",
            "module_key",
            "external_url",
            "call_number",
            "icon",
            "order",
            "name_id",
            "name_en",
            "description_id",
            "description_en",
            "keywords_id",
            "keywords_en",
            "access",
            "office_abbrev",
            "office_name",
            "source",
        )
    }
    data.update(category=menu.category_id, office="", is_active="on")
    data.update(
        {
            "standard-TOTAL_FORMS": 1,
            "standard-INITIAL_FORMS": 1,
            "standard-MIN_NUM_FORMS": 0,
            "standard-MAX_NUM_FORMS": 1,
            "standard-0-id": standard.pk,
            "standard-0-menu": menu.pk,
            "standard-0-requirements_id": standard.requirements_id,
            "standard-0-where_today_id": standard.where_today_id,
        }
    )
    data.update(changes)
    return data


def test_admin_sets_the_number_a_menu_calls_and_its_card_says_it(admin_client, make_menu, client):
    menu = make_menu(kind=Menu.Kind.INFO, is_available=True)
    url = f"/admin/catalog/menu/{menu.pk}/change/"
    assert 'name="call_number"' in admin_client.get(url).content.decode()
    response = admin_client.post(url, _change_form(menu, call_number="021-5582144"))
    assert response.status_code == 302
    menu.refresh_from_db()
    assert menu.call_number == "021-5582144"
    html = client.get(f"/kategori/{menu.category.slug}/").content.decode()
    assert "Telepon 021-5582144" in html
    page = client.get(f"/layanan/{menu.slug}/").content.decode()
    assert '<a class="call" href="tel:0215582144">' in page


def test_admin_refuses_a_number_that_is_not_a_phone_number(admin_client, make_menu):
    menu = make_menu()
    url = f"/admin/catalog/menu/{menu.pk}/change/"
    response = admin_client.post(url, _change_form(menu, call_number="javascript:alert(1)"))
    assert response.status_code == 200
    assert "Masukkan nomor telepon berupa angka, spasi dan tanda hubung saja" in (
        response.content.decode()
    )
    menu.refresh_from_db()
    assert menu.call_number == ""
