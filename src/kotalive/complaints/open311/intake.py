"""Open311 POST requests: check the form, then file the case at once or hand out a token.

A request with `media_url` answers with a token: the photo is fetched by a Celery task
(`tasks.token_process`) which then files the case. Everything that can be checked without the
photo is checked here, so that a client hears about a bad request at once, not through a token.
If the photo cannot be fetched the case is filed without it (the request was acknowledged, and
nothing acknowledged is lost); the token keeps the reason in `error`.
"""

from __future__ import annotations

import io
import math
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from kotalive.complaints.models import (
    MAX_DESCRIPTION,
    Category,
    Complaint,
    Open311Key,
    Open311Token,
)
from kotalive.complaints.open311.fetch import MediaError, image_fetch, url_check
from kotalive.complaints.services import complaint_submit
from kotalive.complaints.services.common import location_check, plain_text
from kotalive.core.audit import audit_record
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.models import AuditEvent
from kotalive.core.tasks import task_send
from kotalive.regions.models import Kelurahan

SPEC_MAX_DESCRIPTION = 4000
TOKEN_TASK = "kotalive.complaints.open311.tasks.token_process"
_CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


def _bad(code: str, message: str) -> DomainError:
    return DomainError(code, message)


@dataclass(frozen=True)
class Accepted:
    complaint: Complaint | None
    token: Open311Token | None
    notice: str
    account_id: str


def service_notice(category: Category) -> str:
    return _(
        "Checked within %(hours)d working hours; the target to fix it is %(days)d working days."
    ) % {"hours": category.triage_hours, "days": category.resolve_days}


def _coordinate(data: Mapping[str, str], name: str) -> float | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise _bad("location_invalid", _("%(name)s must be a decimal number.") % {"name": name})
    return value


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


def kelurahan_from_text(value: str) -> Kelurahan | None:
    """A kelurahan by its code (36.71.01.1001) or its exact name, or None."""
    value = value.strip()
    if not value:
        return None
    found = Kelurahan.objects.filter(code=value).first()
    if found is not None:
        return found
    named = list(Kelurahan.objects.filter(name__iexact=value)[:2])
    return named[0] if len(named) == 1 else None


def kelurahan_from_address(address: str) -> Kelurahan:
    """The one kelurahan whose name appears in the address (the kecamatan name breaks a tie)."""
    text = _words(address)
    rows = list(Kelurahan.objects.select_related("kecamatan"))
    hits = [k for k in rows if _words(k.name) in text]
    # "Sudimara Barat" also contains "Sudimara": keep the longest names only.
    hits = [
        k
        for k in hits
        if not any(k.name != o.name and _words(k.name) in _words(o.name) for o in hits)
    ]
    if len(hits) > 1:
        narrowed = [k for k in hits if _words(k.kecamatan.name) in text]
        hits = narrowed or hits
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise _bad(
            "kelurahan_unknown",
            _(
                "We could not tell the kelurahan from address_string. Send lat and long, or "
                "attribute[kelurahan] with a kelurahan code from the service definition."
            ),
        )
    raise _bad(
        "kelurahan_ambiguous",
        _(
            "address_string matches several kelurahan (%(names)s). Send lat and long, or "
            "attribute[kelurahan] with a kelurahan code from the service definition."
        )
        % {"names": ", ".join(sorted({k.name for k in hits}))},
    )


def _short(data: Mapping[str, str], name: str, limit: int) -> str:
    value = plain_text(data.get(name) or "", field=name, limit=10_000, required=False)
    if len(value) > limit:
        raise _bad(
            f"{name}_too_long",
            _("%(name)s may have at most %(limit)d characters.") % {"name": name, "limit": limit},
        )
    return value


def request_parse(data: Mapping[str, str]) -> tuple[Category, dict[str, Any]]:
    """Check a POST form; returns the category and a JSON-safe payload for `request_file`."""
    code = (data.get("service_code") or "").strip()
    if not code:
        raise _bad("service_code_required", _("service_code is required."))
    category = Category.objects.filter(slug=code, is_active=True).select_related("office").first()
    if category is None:
        raise NotFound("service_unknown", _("No service with this service_code."))

    description = data.get("description") or ""
    if len(description) > SPEC_MAX_DESCRIPTION:
        raise _bad("description_too_long", _("description may have at most 4000 characters."))
    if len(description.strip()) > MAX_DESCRIPTION:
        raise _bad(
            "description_too_long",
            _(
                "This city stores descriptions of at most %(limit)d characters; please shorten "
                "it (Open311 allows 4000, we keep fewer)."
            )
            % {"limit": MAX_DESCRIPTION},
        )
    description = plain_text(description, field="description", limit=MAX_DESCRIPTION)

    lat, lon = _coordinate(data, "lat"), _coordinate(data, "long")
    address = _short(data, "address_string", 300)
    kelurahan = None
    if lat is None and lon is None:
        chosen = (data.get("attribute[kelurahan]") or data.get("address_id") or "").strip()
        if chosen:
            kelurahan = kelurahan_from_text(chosen)
            if kelurahan is None:
                raise _bad(
                    "kelurahan_unknown",
                    _("%(value)s is not a kelurahan code of this city.") % {"value": chosen[:40]},
                )
        elif address:
            kelurahan = kelurahan_from_address(address)
        else:
            raise _bad(
                "location_required",
                _("Send lat and long, or address_string (with attribute[kelurahan] if you can)."),
            )
    elif lat is None or lon is None:
        raise _bad("location_invalid", _("Send both lat and long."))
    lat, lon, place, address = location_check(
        lat=lat, lon=lon, kelurahan=kelurahan, address=address
    )

    email = _short(data, "email", 254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise _bad("email_invalid", _("email is not a valid address.")) from None
    name = " ".join(
        part for part in (_short(data, "first_name", 70), _short(data, "last_name", 70)) if part
    )
    media_url = (data.get("media_url") or "").strip()
    if media_url:
        try:
            url_check(media_url)
        except MediaError as exc:
            if not exc.transient:
                raise _bad("media_url_invalid", str(exc)) from None
    return category, {
        "service_code": category.slug,
        "description": description,
        "lat": lat,
        "lon": lon,
        "kelurahan": place.code,
        "address": address,
        "contact_name": name,
        "contact_phone": _short(data, "phone", 20),
        "contact_email": email,
        "device_id": _short(data, "device_id", 100),
        "account_id": _short(data, "account_id", 100),
        "media_url": media_url,
    }


def request_file(
    *, key: Open311Key, category: Category, payload: Mapping[str, Any], photo: bytes | None = None
) -> Complaint:
    """File the case through complaint_submit (no reporter account: an Open311 client)."""
    with transaction.atomic():
        complaint = complaint_submit(
            actor=None,
            category=category,
            description=payload["description"],
            lat=payload["lat"],
            lon=payload["lon"],
            kelurahan=Kelurahan.objects.get(code=payload["kelurahan"]),
            address=payload["address"],
            photos=[io.BytesIO(photo)] if photo else [],
            channel=Complaint.Channel.OPEN311,
            contact_name=payload["contact_name"],
            contact_phone=payload["contact_phone"],
            contact_email=payload["contact_email"],
            device_id=payload["device_id"],
            account_id=payload["account_id"],
            audit_channel=AuditEvent.Channel.API,
        )
        audit_record(
            actor=None,
            action="open311.request_filed",
            target=complaint,
            channel=AuditEvent.Channel.API,
            data={"ref": complaint.ref, "key": key.prefix, "key_name": key.name},
        )
    return complaint


def open311_request_accept(*, key: Open311Key, data: Mapping[str, str]) -> Accepted:
    category, payload = request_parse(data)
    notice = service_notice(category)
    if not payload["media_url"]:
        complaint = request_file(key=key, category=category, payload=payload)
        return Accepted(complaint, None, notice, payload["account_id"])
    with transaction.atomic():
        token = Open311Token.objects.create(
            token=secrets.token_urlsafe(24), key=key, payload=payload
        )
        audit_record(
            actor=None,
            action="open311.token_created",
            target=token,
            channel=AuditEvent.Channel.API,
            data={"key": key.prefix, "service_code": category.slug},
        )
        # By name (core/tasks.py): the task module imports this one, never the reverse.
        transaction.on_commit(partial(task_send, TOKEN_TASK, token.pk))
    return Accepted(None, token, notice, payload["account_id"])


def open311_token_process(
    *, token_id: int, fetch: Callable[[str], bytes] = image_fetch, final: bool = True
) -> Open311Token:
    """Fetch the photo and file the case. Raises MediaError only when a retry may help and
    `final` is False; otherwise files without the photo and keeps the reason on the token."""
    token = Open311Token.objects.select_related("key").get(pk=token_id)
    if token.complaint_id is not None or (token.error and not token.payload.get("media_url")):
        return token
    payload = dict(token.payload)
    photo: bytes | None = None
    problem = ""
    try:
        photo = fetch(payload["media_url"])
    except MediaError as exc:
        if exc.transient and not final:
            raise
        problem = str(exc)
    category = Category.objects.filter(slug=payload["service_code"]).first()
    try:
        if category is None:
            raise DomainError("service_unknown", "The service no longer exists.")
        with transaction.atomic():
            locked = Open311Token.objects.select_for_update().get(pk=token.pk)
            if locked.complaint_id is not None:
                return locked
            try:
                with transaction.atomic():
                    complaint = request_file(
                        key=token.key, category=category, payload=payload, photo=photo
                    )
            except DomainError as exc:
                if photo is None or not exc.code.startswith(("photo_", "photos_")):
                    raise
                problem = f"photo refused ({exc.code}): {exc.message}"
                complaint = request_file(key=token.key, category=category, payload=payload)
            locked.complaint = complaint
            locked.error = problem[:300]
            # The case keeps the contact; the token need not.
            locked.payload = {k: v for k, v in payload.items() if k not in _CONTACT_FIELDS}
            locked.save(update_fields=["complaint", "error", "payload"])
            return locked
    except DomainError as exc:
        Open311Token.objects.filter(pk=token.pk).update(
            error=f"{exc.code}: {exc.message}"[:300],
            payload={
                k: v for k, v in payload.items() if k not in _CONTACT_FIELDS and k != "media_url"
            },
        )
        token.refresh_from_db()
        return token
