"""Validators and effects that definitions name, brought by apps without the engine knowing them.

Each app may have `<app>/application_hooks.py` with two dicts, `VALIDATORS` and `EFFECTS`,
named `<app>.<name>`; `autodiscover()` reads them once the apps are ready (as back-office entries
and seeds are found). The app imports nothing of the engine; the contract is plain:

    def validator(answers, *, params, applicant_nik, applicant_kk, today) -> list[DomainError]
    def effect(answers, *, params, applicant_nik, applicant_kk, reference, today) -> None

`answers` are the cleaned answers (dates as `datetime.date`, numbers as int, a group as a list
of dicts); `params` name the answer keys the hook reads. A validator returns the faults it finds,
each a `DomainError` with `field` set (an answer key, or "group.0.key"). An effect runs inside
the issue's transaction; a `DomainError` it raises stops the issue.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

from django.apps import apps

from kotalive.core.errors import DomainError

MODULE = "application_hooks"

Validator = Callable[..., list[DomainError]]
Effect = Callable[..., None]

_validators: dict[str, Validator] = {}
_effects: dict[str, Effect] = {}
_found = False


def hooks_register(
    *, validators: dict[str, Validator] | None = None, effects: dict[str, Effect] | None = None
) -> None:
    """Add named hooks (tests use it for their own)."""
    _validators.update(validators or {})
    _effects.update(effects or {})


def autodiscover() -> None:
    global _found
    for config in apps.get_app_configs():
        name = f"{config.name}.{MODULE}"
        if importlib.util.find_spec(name) is None:
            continue
        module: Any = importlib.import_module(name)
        hooks_register(
            validators=getattr(module, "VALIDATORS", None), effects=getattr(module, "EFFECTS", None)
        )
    _found = True


def _ensure() -> None:
    if not _found:
        autodiscover()


def validator(name: str) -> Validator | None:
    _ensure()
    return _validators.get(name)


def effect(name: str) -> Effect | None:
    _ensure()
    return _effects.get(name)


def known() -> set[str]:
    _ensure()
    return set(_validators) | set(_effects)
