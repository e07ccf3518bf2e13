"""Definitions in the back office (/staff/permohonan/layanan/) and the staff API: who manages
which, export and import (round trip, problems listed), edit as a new version."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kotalive.accounts.models import Membership
from kotalive.applications.models import DefinitionVersion, ServiceDefinition
from kotalive.applications.spec import spec_load_yaml
from tests.applications.conftest import Apps
from tests.applications.staff_support import STAFF_API, client_for
from tests.world import bearer, make_staff, unchanged

pytestmark = pytest.mark.django_db
Role = Membership.Role
LIST = reverse("applications_staff:definitions")
IMPORT = reverse("applications_staff:definition_import")
EDIT = reverse("applications_staff:definition", args=["surat-uji"])
EXPORT = reverse("applications_staff:definition_export", args=["surat-uji"])


def _supervisor(apps: Apps) -> Any:
    return make_staff("uji.kabid", apps.opd, Role.SUPERVISOR)


def _api(user: Any) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=bearer(user)["Authorization"])


def test_who_manages_which_definitions(apps: Apps) -> None:
    other = make_staff(
        "lain.kabid", apps.other_opd_officer.memberships.get().organisation, Role.SUPERVISOR
    )
    assert "surat-uji" in client_for(_supervisor(apps)).get(LIST).content.decode()
    assert "surat-uji" in client_for(apps.w.city_admin).get(LIST).content.decode()
    # Another office's supervisor manages none of it: not listed, not found.
    assert "surat-uji" not in client_for(other).get(LIST).content.decode()
    for url in (EDIT, EXPORT):
        assert client_for(other).get(url).status_code == 404
    # Anonymous: to the staff sign-in; officers and viewers do not manage definitions at all.
    for url in (LIST, IMPORT, EDIT, EXPORT):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("staff:signin"))
    for user in (apps.opd_officer, apps.opd_viewer, apps.w.lurah_sukarasa):
        for url in (LIST, IMPORT, EDIT, EXPORT):
            assert client_for(user).get(url).status_code == 403


def test_export_then_import_gives_the_same_spec_and_no_new_version(apps: Apps) -> None:
    client = client_for(_supervisor(apps))
    exported = client.get(EXPORT)
    assert exported["Content-Type"] == "application/yaml; charset=utf-8"
    assert 'filename="surat-uji-v1.yaml"' in exported["Content-Disposition"]
    text = exported.content.decode()
    assert spec_load_yaml(text) == apps.spec
    with unchanged(DefinitionVersion):
        again = client.post(IMPORT, {"text": text})
    assert again.status_code == 302
    follow = client.get(again["Location"]).content.decode()
    assert "Nothing changed: version 1 stays current." in follow


def test_editing_saves_a_new_version_and_keeps_the_old_one(apps: Apps) -> None:
    user = _supervisor(apps)
    page = client_for(user).get(EDIT).content.decode()
    assert "slug: surat-uji" in page
    data = yaml.safe_load(client_for(user).get(EXPORT).content.decode())
    old = dict(DefinitionVersion.objects.get(number=1).spec)
    data["title"]["en"] = "Test letter, renamed"
    done = client_for(user).post(EDIT, {"text": yaml.safe_dump(data), "note": "Rename"})
    assert done.status_code == 302
    definition = ServiceDefinition.objects.get(slug="surat-uji")
    assert definition.current is not None
    assert definition.current.number == 2
    assert definition.current.note == "Rename"
    assert definition.current.created_by == user
    assert DefinitionVersion.objects.get(number=1).spec == old
    # The edit page keeps its definition: another slug is refused there.
    data["slug"] = "surat-lain"
    with unchanged(DefinitionVersion):
        other = client_for(user).post(EDIT, {"text": yaml.safe_dump(data)})
    assert other.status_code == 400
    assert "The slug is surat-uji here" in other.content.decode()


def test_a_bad_definition_shows_its_problems_and_publishes_nothing(apps: Apps) -> None:
    user = _supervisor(apps)
    data = yaml.safe_load(client_for(user).get(EXPORT).content.decode())
    data["steps"] = []
    data["fields"][0]["kind"] = "colour"
    with unchanged(DefinitionVersion, ServiceDefinition):
        response = client_for(user).post(IMPORT, {"text": yaml.safe_dump(data)})
        broken = client_for(user).post(IMPORT, {"text": "slug: [unclosed"})
        hooked = dict(data, steps=apps.spec.model_dump(mode="json")["steps"])
        hooked["fields"][0]["kind"] = "text"
        hooked["effects"] = [{"name": "tests.unknown"}]
        unknown = client_for(user).post(IMPORT, {"text": yaml.safe_dump(hooked)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "steps" in html
    assert "fields.0.kind" in html
    assert broken.status_code == 400
    assert "YAML:" in broken.content.decode()
    assert unknown.status_code == 400
    assert "No app provides tests.unknown" in unknown.content.decode()


def test_a_file_can_be_imported_and_an_office_cannot_take_another_offices_service(
    apps: Apps,
) -> None:
    text = client_for(apps.w.city_admin).get(EXPORT).content.decode()
    data = yaml.safe_load(text)
    data["title"]["en"] = "Uploaded"
    upload = SimpleUploadedFile("surat.yaml", yaml.safe_dump(data).encode(), "application/yaml")
    done = client_for(apps.w.city_admin).post(IMPORT, {"upload": upload})
    assert done.status_code == 302
    assert ServiceDefinition.objects.get(slug="surat-uji").current.number == 2  # type: ignore[union-attr]
    # An office supervisor naming its own office as owner of another office's service: refused.
    lain = apps.other_opd_officer.memberships.get().organisation
    other = make_staff("lain.kabid", lain, Role.SUPERVISOR)
    data["office"] = lain.slug
    with unchanged(DefinitionVersion, ServiceDefinition):
        refused = client_for(other).post(IMPORT, {"text": yaml.safe_dump(data)})
    assert refused.status_code == 403
    assert "You do not have permission to do this." in refused.content.decode()


def test_definitions_through_the_api(apps: Apps) -> None:
    client = _api(_supervisor(apps))
    listed = client.get(f"{STAFF_API}/definitions").json()
    assert [(d["slug"], [v["number"] for v in d["versions"]]) for d in listed] == [
        ("surat-uji", [1])
    ]
    exported = client.get(f"{STAFF_API}/definitions/surat-uji/export").json()
    assert exported["version"] == 1
    assert spec_load_yaml(exported["yaml"]) == apps.spec
    with unchanged(DefinitionVersion):
        same = client.post(
            f"{STAFF_API}/definitions/import", {"yaml": exported["yaml"]}, "application/json"
        )
    assert same.json() == {"slug": "surat-uji", "version": 1, "created": False}
    data = yaml.safe_load(exported["yaml"])
    data["title"]["en"] = "Renamed"
    new = client.post(
        f"{STAFF_API}/definitions/import", {"yaml": yaml.safe_dump(data)}, "application/json"
    )
    assert new.json() == {"slug": "surat-uji", "version": 2, "created": True}
    data["steps"] = []
    with unchanged(DefinitionVersion):
        bad = client.post(
            f"{STAFF_API}/definitions/import", {"yaml": yaml.safe_dump(data)}, "application/json"
        )
    assert bad.status_code == 400
    assert bad.json()["code"] == "definition_invalid"
    assert any(p.startswith("steps") for p in bad.json()["problems"])
    # Officers do not manage definitions; another office does not see this one.
    officer = _api(apps.opd_officer)
    assert officer.get(f"{STAFF_API}/definitions").status_code == 403
    lain = apps.other_opd_officer.memberships.get().organisation
    other = _api(make_staff("lain.kabid", lain, Role.SUPERVISOR))
    assert other.get(f"{STAFF_API}/definitions").json() == []
    assert other.get(f"{STAFF_API}/definitions/surat-uji/export").status_code == 404
    with unchanged(DefinitionVersion):
        taken = other.post(
            f"{STAFF_API}/definitions/import", {"yaml": exported["yaml"]}, "application/json"
        )
    assert taken.status_code == 403
