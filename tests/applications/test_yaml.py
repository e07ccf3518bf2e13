"""A definition exported as YAML and imported again behaves as the one it came from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kotalive.applications.answers import AnswersInvalid
from kotalive.applications.models import DefinitionVersion, ServiceDefinition
from kotalive.applications.selectors import answers_for, definition_export_yaml
from kotalive.applications.services import (
    application_approve,
    application_start,
    application_submit,
    definition_import_yaml,
)
from kotalive.applications.spec import SpecError, spec_load_yaml
from tests.applications.conftest import VALID, Apps

pytestmark = pytest.mark.django_db

CASES = [
    VALID,
    {**VALID, "purpose": "other", "purpose_other": "Lamaran kerja"},
    {**VALID, "purpose": "other"},
    {**VALID, "since": "2999-01-01"},
    {**VALID, "until": "2000-01-01"},
    {**VALID, "witnesses": []},
    {**VALID, "witnesses": [{"name": "A", "nik": "3671011708850001"}] * 3},
]


def _outcome(apps: Apps, definition: ServiceDefinition, answers: dict[str, Any]) -> tuple[Any, ...]:
    user = apps.w.r_sukarasa.user
    app = application_start(actor=user, definition=definition)
    try:
        app = application_submit(actor=user, application=app, answers=answers)
    except AnswersInvalid as exc:
        return ("refused", sorted((e.field, e.code) for e in exc.errors))
    app = application_approve(actor=apps.w.lurah_sukarasa, application=app)
    assert app.due_at is not None
    return ("sent", answers_for(app), app.office_id, app.step, app.due_at.date() - dt.date.today())


def test_export_then_import_gives_the_same_service(apps: Apps) -> None:
    text = definition_export_yaml(definition=apps.definition)
    assert spec_load_yaml(text) == apps.spec
    copy = definition_import_yaml(
        text=text.replace("slug: surat-uji", "slug: surat-uji-2"), actor=None
    )
    assert copy.definition.slug == "surat-uji-2"
    for answers in CASES:
        assert _outcome(apps, copy.definition, answers) == _outcome(apps, apps.definition, answers)


def test_importing_the_export_of_the_current_version_makes_no_new_version(apps: Apps) -> None:
    text = definition_export_yaml(definition=apps.definition)
    version = definition_import_yaml(text=text, actor=None)
    assert version.number == 1
    assert DefinitionVersion.objects.filter(definition=apps.definition).count() == 1


def test_a_bad_yaml_says_where(apps: Apps) -> None:
    text = definition_export_yaml(definition=apps.definition).replace(
        "kind: date", "kind: datum", 1
    )
    with pytest.raises(SpecError) as err:
        definition_import_yaml(text=text, actor=None)
    assert any("kind" in problem for problem in err.value.problems)
    with pytest.raises(SpecError):
        definition_import_yaml(text="slug: [unclosed", actor=None)
