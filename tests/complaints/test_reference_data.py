"""Reference data per process: loaded once per version, loaded again after any change."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from kotalive.complaints.selectors import LAKSA_REFDATA, category_get
from kotalive.core import refdata as refdata_module
from kotalive.core.errors import NotFound
from kotalive.core.models import RefdataVersion
from kotalive.core.refdata import (
    refdata,
    refdata_bump,
    refdata_cache_key,
    refdata_forget,
    refdata_version,
)
from kotalive.regions.models import Kelurahan
from kotalive.regions.selectors import kelurahan_at
from tests.complaints.conftest import INSIDE

pytestmark = pytest.mark.django_db


def test_loaded_once_until_the_version_changes() -> None:
    loads: list[int] = []

    def loader() -> int:
        loads.append(1)
        return len(loads)

    assert refdata("test", "part", loader) == 1
    assert refdata("test", "part", loader) == 1
    refdata_bump("test")
    assert refdata("test", "part", loader) == 2
    assert len(loads) == 2


def test_another_process_change_is_seen_after_the_memo(monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(refdata_module, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    first = refdata_version("test")
    # Another process bumps: the shared cache has its new version.
    cache.set(refdata_cache_key("test"), "from-elsewhere", timeout=None)
    assert refdata_version("test") == first  # remembered for up to a second
    clock[0] += refdata_module.VERSION_MEMO_SECONDS + 0.01
    assert refdata_version("test") == "from-elsewhere"


def test_with_a_cache_per_process_a_change_is_seen_from_the_database(monkeypatch) -> None:
    """The embedded default: each process has its own cache, so another process's bump reaches
    this one through the stored version once this cache's copy has expired."""
    clock = [1000.0]
    monkeypatch.setattr(refdata_module, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    first = refdata_version("test")
    # Another process bumps: the database row changes, this process's cache does not.
    RefdataVersion.objects.filter(name="test").update(version="from-elsewhere")
    clock[0] += refdata_module.VERSION_MEMO_SECONDS + 0.01
    assert refdata_version("test") == first  # this cache's copy, for a few seconds
    cache.delete(refdata_cache_key("test"))  # ... until it expires
    clock[0] += refdata_module.VERSION_MEMO_SECONDS + 0.01
    assert refdata_version("test") == "from-elsewhere"


def test_an_emptied_cache_does_not_change_the_version() -> None:
    refdata_bump("test")
    bumped = refdata_version("test")
    cache.clear()
    refdata_forget()
    assert refdata_version("test") == bumped
    assert RefdataVersion.objects.get(name="test").version == bumped


def test_a_deactivated_category_is_refused_at_once(laksa) -> None:
    category = category_get(slug="jalan-rusak")
    category.is_active = False
    category.save()
    with pytest.raises(NotFound):
        category_get(slug="jalan-rusak")


def test_a_write_bumps_again_on_commit(django_capture_on_commit_callbacks, laksa) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        before = refdata_version(LAKSA_REFDATA)
        category = category_get(slug="jalan-rusak")
        category.name_id = "Jalan rusak"
        category.save()
        during = refdata_version(LAKSA_REFDATA)
    assert during != before
    # A process that read the old rows between the write and the commit loads once more.
    for callback in callbacks:
        callback()
    assert refdata_version(LAKSA_REFDATA) not in (before, during)


def test_a_changed_boundary_is_used_at_once(laksa) -> None:
    found = kelurahan_at(lat=INSIDE[0], lon=INSIDE[1])
    assert found is not None
    row = Kelurahan.objects.get(pk=found.pk)
    row.boundary = []  # as an admin would clear a wrong polygon
    row.save()
    assert kelurahan_at(lat=INSIDE[0], lon=INSIDE[1]) is None
