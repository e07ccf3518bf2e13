"""What the back office (pages and staff API) does to definitions, on top of the engine's services:
a definition is published only by whom `application.define` admits, for the owning office.

One function, called by the definitions page, the edit page and the staff API alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kotalive.accounts.models import Organisation, User
from kotalive.applications import policy
from kotalive.applications.models import DefinitionVersion, ServiceDefinition
from kotalive.applications.services import definition_publish
from kotalive.applications.spec import spec_load_yaml
from kotalive.core.errors import DomainError
from kotalive.core.models import AuditEvent
from kotalive.core.permissions import require

MAX_YAML = 200_000


@dataclass(frozen=True)
class Imported:
    version: DefinitionVersion
    created: bool  # False: the text was the current version already, nothing was published


def definition_import_checked(
    *,
    actor: User,
    text: str,
    note: str = "",
    expect_slug: str | None = None,
    channel: str = AuditEvent.Channel.WEB,
) -> Imported:
    """Read `text` (YAML) and publish it as a new version of its definition, if `actor` manages
    the office that owns it (and the definition, when it exists). Raises SpecError with every
    problem of the text, DomainError for an unknown office or hook, PermissionDenied (403)."""
    if len(text) > MAX_YAML:
        raise DomainError(
            "definition_too_long",
            _("At most %(limit)d characters.") % {"limit": MAX_YAML},
            field="text",
        )
    spec = spec_load_yaml(text)
    if expect_slug is not None and spec.slug != expect_slug:
        raise DomainError(
            "definition_slug_changed",
            _("The slug is %(slug)s here; import the text to make another service.")
            % {"slug": expect_slug},
            field="text",
        )
    owner = Organisation.objects.filter(slug=spec.office, is_active=True).first()
    require(actor, policy.DEFINE, owner)
    existing = ServiceDefinition.objects.filter(slug=spec.slug).first()
    if existing is not None:
        require(actor, policy.DEFINE, existing)
    before = existing.current_id if existing is not None else None
    version = definition_publish(
        spec=spec, actor=actor, note=note or "YAML import", channel=channel
    )
    return Imported(version=version, created=version.pk != before)
