"""A resident's rights over their data (UU PDP No. 27/2022): download it all, delete the account."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.accounts.models import ApiToken, PhoneCode, ResidentIdentity, ResidentSession, User
from kotalive.accounts.selectors import household_of, identity_of
from kotalive.accounts.services.sessions import resident_sessions_erase
from kotalive.core.audit import audit_record
from kotalive.core.crypto import decrypt, mask_identity_number
from kotalive.core.errors import PermissionDenied
from kotalive.core.models import AuditEvent


def _app_parts() -> list[Any]:
    """Other apps' share of a resident's data: `<app>/data_rights.py` with `export(user)` (a
    JSON-able value, under the app's label) and `erase(user)` (runs inside the deletion)."""
    parts = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kotalive.") or config.name == "kotalive.accounts":
            continue
        try:
            parts.append((config.label, importlib.import_module(f"{config.name}.data_rights")))
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.data_rights":
                raise
    return parts


def _require_resident(actor: User) -> None:
    if not actor.is_resident or not actor.is_active:
        raise PermissionDenied("residents_only", _("Only a resident account can do this."))


def _audit_about(actor: User) -> list[dict[str, Any]]:
    identity_ids = [
        str(pk) for pk in ResidentIdentity.objects.filter(user=actor).values_list("pk", flat=True)
    ]
    token_ids = [str(pk) for pk in ApiToken.objects.filter(user=actor).values_list("pk", flat=True)]
    about = (
        Q(actor=actor)
        | Q(target_type="accounts.user", target_id=str(actor.pk))
        | Q(target_type="accounts.residentidentity", target_id__in=identity_ids)
        | Q(target_type="accounts.apitoken", target_id__in=token_ids)
    )
    return [
        {
            "at": event.at.isoformat(),
            "action": event.action,
            "actor": event.actor_label,
            "channel": event.channel,
            "target_type": event.target_type,
            "data": event.data,
        }
        for event in AuditEvent.objects.filter(about).order_by("at", "id")
    ]


def resident_data_export(
    *, actor: User, channel: str = AuditEvent.Channel.WEB, ip: str | None = None
) -> dict[str, Any]:
    """Everything we hold about the actor; their own NIK/KK unmasked, other people's masked."""
    _require_resident(actor)
    identity = identity_of(actor=actor)
    identity_data: dict[str, Any] | None = None
    household: list[dict[str, Any]] = []
    if identity is not None:
        identity_data = {
            "nik": decrypt(identity.nik_encrypted, context="nik"),
            "kk": decrypt(identity.kk_encrypted, context="kk"),
            "full_name": identity.full_name,
            "birth_date": identity.birth_date.isoformat(),
            "sex": identity.sex,
            "kelurahan": identity.kelurahan.name if identity.kelurahan else None,
            "kelurahan_code": identity.kelurahan.code if identity.kelurahan else None,
            "verified_at": identity.verified_at.isoformat(),
        }
        household = [
            {
                "full_name": member.full_name,
                "nik_masked": mask_identity_number(member.nik),
                "relationship": member.relationship,
                "birth_date": member.birth_date.isoformat(),
                "sex": member.sex,
            }
            for member in household_of(actor=actor)
        ]
    tokens = [
        {
            "id": token.pk,
            "name": token.name,
            "prefix": token.prefix,
            "created_at": token.created_at.isoformat(),
            "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
            "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
        }
        for token in ApiToken.objects.filter(user=actor).order_by("created_at", "id")
    ]
    web_sessions = [
        {
            "user_agent": session.user_agent,
            "signed_in_at": session.created_at.isoformat(),
            "last_seen_at": session.last_seen_at.isoformat(),
        }
        for session in ResidentSession.objects.filter(user=actor).order_by("created_at", "id")
    ]
    with transaction.atomic():
        audit_record(
            actor=actor, action="resident.data_exported", target=actor, channel=channel, ip=ip
        )
        events = _audit_about(actor)
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "id": actor.pk,
            "phone": actor.phone,
            "display_name": actor.display_name,
            "email": actor.email,
            "language": actor.language,
            "date_joined": actor.date_joined.isoformat(),
            "last_login": actor.last_login.isoformat() if actor.last_login else None,
        },
        "identity": identity_data,
        "household": household,
        "api_tokens": tokens,
        "web_sessions": web_sessions,
        "audit_events": events,
        **{label: module.export(actor) for label, module in _app_parts()},
    }


@transaction.atomic
def resident_delete(
    *, actor: User, channel: str = AuditEvent.Channel.WEB, ip: str | None = None
) -> None:
    """Delete identity, tokens and codes; keep an anonymous, inactive user row for the audit."""
    _require_resident(actor)
    ResidentIdentity.objects.filter(user=actor).delete()
    ApiToken.objects.filter(user=actor).delete()
    resident_sessions_erase(actor=actor)
    for _label, module in _app_parts():
        module.erase(actor)
    if actor.phone:
        PhoneCode.objects.filter(phone=actor.phone).delete()
    actor.phone = None
    actor.display_name = ""
    actor.email = ""
    actor.is_active = False
    actor.password = make_password(None)
    actor.save(update_fields=["phone", "display_name", "email", "is_active", "password"])
    audit_record(actor=actor, action="resident.deleted", target=actor, channel=channel, ip=ip)
