"""Two machines starting at once migrate one after the other, never the same migration twice."""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
import time

import pytest

from tests.prod_profile import SCRIPT

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the lock is PostgreSQL's (SQLite has one writer anyway)",
)


def _prod_module():
    spec = importlib.util.spec_from_file_location("kotalive_prod_script", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_second_migrator_waits_for_the_first():
    prod = _prod_module()
    url = os.environ["DATABASE_URL"]
    order: list[str] = []
    second_done = threading.Event()

    def second() -> None:
        with prod.migration_lock(url):
            order.append("second")
        second_done.set()

    with prod.migration_lock(url):
        order.append("first")
        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.5)
        assert not second_done.is_set()
        order.append("first done")
    assert second_done.wait(10)
    waiter.join(5)
    assert order == ["first", "first done", "second"]
