"""OpenAPI components are named after their classes: two schemas with one name would make the
document describe one of them wrongly (it happened: LAKSA's and the catalog's CategoryOut)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

from ninja import Schema

import kotalive


def test_every_api_schema_class_has_its_own_name():
    owners: dict[str, list[str]] = defaultdict(list)
    for module_info in pkgutil.walk_packages(kotalive.__path__, "kotalive."):
        if not module_info.name.rsplit(".", 1)[-1].endswith("schemas"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Schema)
                and value.__module__ == module.__name__
            ):
                owners[name].append(module.__name__)
    assert len(owners) > 20
    assert {name: mods for name, mods in owners.items() if len(mods) > 1} == {}
