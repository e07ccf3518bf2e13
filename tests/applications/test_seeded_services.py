"""The city's services as seeded: every definition published, each menu an online form."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from kotalive.applications.models import ServiceDefinition
from kotalive.applications.seed import definition_files
from kotalive.catalog.models import Menu

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_seed_publishes_every_service_and_opens_its_menu() -> None:
    call_command("seed", stdout=io.StringIO())
    files = definition_files()
    assert len(files) >= 10
    definitions = ServiceDefinition.objects.filter(current__isnull=False)
    assert definitions.count() == len(files)
    menus = [d.menu_slug for d in definitions if d.menu_slug]
    opened = Menu.objects.filter(slug__in=menus)
    assert sorted(m.slug for m in opened) == sorted(menus)
    assert {(m.kind, m.is_available) for m in opened} == {("form", True)}
    # The menu's page says the service is online and leads to the application page.
    page = Client().get("/layanan/akta-kelahiran-online/")
    assert page.status_code == 200
    assert b"/permohonan/baru/akta-kelahiran-online/" in page.content
    # Seeding again publishes nothing new.
    call_command("seed", stdout=io.StringIO())
    assert ServiceDefinition.objects.filter(versions__number=2).count() == 0
