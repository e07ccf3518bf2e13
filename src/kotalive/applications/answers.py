"""Answers against a definition: kept as typed while a draft, checked in full when sent.

A draft keeps what the resident typed (known keys only, as text, bounded) so that the form shows it
again, right or wrong. Sending cleans every shown field by its kind, then runs the definition's
validators on the clean answers, and reports every fault at once, each with its field's path
("child_name", "witnesses.1.nik"), its code and a message in the user's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from kotalive.accounts.services.phone import normalise_phone
from kotalive.applications import hooks
from kotalive.applications.spec import FieldSpec, Kind, ServiceSpec
from kotalive.civil_registry.numbers import validate_kk, validate_nik
from kotalive.core.errors import DomainError
from kotalive.regions.models import Kelurahan

MAX_TEXT = 200
MAX_MULTILINE = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Answers = dict[str, Any]


class AnswersInvalid(DomainError):
    """Every fault of a form at once: `errors` lists (field, code, message)."""

    def __init__(self, errors: Sequence[DomainError]) -> None:
        first = errors[0]
        listed = [
            {"field": e.field or "", "code": e.code, "message": str(e.message)} for e in errors
        ]
        super().__init__(
            "answers_invalid",
            _("Some answers need attention: %(first)s") % {"first": first.message},
            status=422,
            field=first.field,
            extra={"errors": listed},
        )
        self.errors = list(errors)


def _fault(field: str, code: str, message: str) -> DomainError:
    return DomainError(code, message, field=field)


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _CONTROL.sub("", str(value)).strip()


# --- drafts -------------------------------------------------------------------------------------


def _draft_value(f: FieldSpec, value: Any) -> Any:
    if f.kind == Kind.FILE:
        return None  # files are attached through their own upload, never as an answer
    if f.kind == Kind.LOCATION and isinstance(value, dict):
        return {k: _text(value.get(k))[:30] for k in ("lat", "lng")}
    if f.kind == Kind.GROUP:
        if not isinstance(value, list):
            return []
        rows = []
        for row in value[: f.max_items]:
            if isinstance(row, dict):
                rows.append({g.key: _draft_value(g, row.get(g.key)) for g in f.fields})
        return rows
    return _text(value)[:MAX_MULTILINE]


def answers_draft(spec: ServiceSpec, raw: Mapping[str, Any]) -> Answers:
    """What a draft keeps of `raw`: the definition's keys only, as bounded text."""
    kept: Answers = {}
    for f in spec.fields:
        if f.key in raw and f.kind != Kind.FILE:
            kept[f.key] = _draft_value(f, raw[f.key])
    return kept


# --- sending ------------------------------------------------------------------------------------


def _required(f: FieldSpec, scope: Mapping[str, Any]) -> bool:
    return f.required or (f.required_if is not None and f.required_if.holds(dict(scope)))


def _shown(f: FieldSpec, scope: Mapping[str, Any]) -> bool:
    return f.shown_if is None or f.shown_if.holds(dict(scope))


def _clean_scalar(f: FieldSpec, value: Any, path: str, today: dt.date) -> Any:
    text = _text(value)
    kind = f.kind
    if kind == Kind.TEXT:
        limit = f.max_length or (MAX_MULTILINE if f.multiline else MAX_TEXT)
        if len(text) > limit:
            raise _fault(
                path,
                "too_long",
                _("At most %(limit)d characters; this has %(count)d.")
                % {"limit": limit, "count": len(text)},
            )
        return text
    if kind == Kind.NUMBER:
        try:
            number = int(text)
        except ValueError:
            raise _fault(path, "not_a_number", _("Enter a whole number.")) from None
        if f.min is not None and number < f.min:
            raise _fault(path, "too_small", _("At least %(min)d.") % {"min": f.min})
        if f.max is not None and number > f.max:
            raise _fault(path, "too_large", _("At most %(max)d.") % {"max": f.max})
        return number
    if kind == Kind.DATE:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise _fault(path, "not_a_date", _("Enter a date (day, month, year).")) from None
        if f.past_only and day > today:
            raise _fault(path, "date_in_future", _("This date cannot be in the future."))
        if f.future_only and day < today:
            raise _fault(path, "date_in_past", _("This date cannot be in the past."))
        return day
    if kind == Kind.CHOICE:
        if text not in {c.value for c in f.choices}:
            raise _fault(path, "not_a_choice", _("Choose one of the options."))
        return text
    if kind in (Kind.NIK, Kind.KK):
        try:
            info = validate_nik(text) if kind == Kind.NIK else validate_kk(text)
        except DomainError as exc:
            raise _fault(path, exc.code, str(exc.message)) from None
        return info.number
    if kind == Kind.PHONE:
        try:
            return normalise_phone(text)
        except DomainError as exc:
            raise _fault(path, "invalid_phone", str(exc.message)) from None
    if kind == Kind.EMAIL:
        try:
            validate_email(text)
        except ValidationError:
            raise _fault(path, "invalid_email", _("Enter a valid email address.")) from None
        return text.lower()
    if kind == Kind.KELURAHAN:
        if not Kelurahan.objects.filter(code=text).exists():
            raise _fault(path, "unknown_kelurahan", _("Choose a kelurahan of the city."))
        return text
    if kind == Kind.LOCATION:
        point = value if isinstance(value, dict) else {}
        try:
            lat, lng = float(point.get("lat", "")), float(point.get("lng", ""))
        except (TypeError, ValueError):
            raise _fault(path, "invalid_location", _("Choose a point on the map.")) from None
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise _fault(path, "invalid_location", _("Choose a point on the map."))
        return {"lat": round(lat, 6), "lng": round(lng, 6)}
    raise AssertionError(kind)


def _missing(path: str) -> DomainError:
    return _fault(path, "required", _("This is required."))


def _clean_fields(
    fields: Sequence[FieldSpec],
    raw: Mapping[str, Any],
    *,
    prefix: str,
    files: Mapping[str, list[int]],
    today: dt.date,
    faults: list[DomainError],
) -> Answers:
    clean: Answers = {}
    for f in fields:
        if not _shown(f, raw):
            continue
        path = f"{prefix}{f.key}"
        value = raw.get(f.key)
        if f.kind == Kind.FILE:
            attached = list(files.get(f.key, []))
            if not attached and _required(f, raw):
                faults.append(_fault(path, "file_required", _("Attach this document.")))
            elif len(attached) > f.file_rule.max_files:
                faults.append(
                    _fault(
                        path,
                        "too_many_files",
                        _("At most %(count)d files here.") % {"count": f.file_rule.max_files},
                    )
                )
            elif attached:
                clean[f.key] = attached
            continue
        if f.kind == Kind.GROUP:
            rows = value if isinstance(value, list) else []
            rows = [r for r in rows if isinstance(r, dict) and any(_text(v) for v in r.values())]
            if len(rows) < f.min_items or (not rows and _required(f, raw)):
                faults.append(
                    _fault(
                        path,
                        "too_few_items",
                        _("Fill in at least %(count)d.") % {"count": max(f.min_items, 1)},
                    )
                )
            if len(rows) > f.max_items:
                faults.append(
                    _fault(
                        path,
                        "too_many_items",
                        _("At most %(count)d.") % {"count": f.max_items},
                    )
                )
                rows = rows[: f.max_items]
            clean[f.key] = [
                _clean_fields(
                    f.fields, row, prefix=f"{path}.{i}.", files={}, today=today, faults=faults
                )
                for i, row in enumerate(rows)
            ]
            continue
        empty = value is None or (not isinstance(value, dict) and _text(value) == "")
        if empty:
            if _required(f, raw):
                faults.append(_missing(path))
            continue
        try:
            clean[f.key] = _clean_scalar(f, value, path, today)
        except DomainError as exc:
            faults.append(exc)
    return clean


def answers_clean(
    spec: ServiceSpec,
    raw: Mapping[str, Any],
    *,
    files: Mapping[str, list[int]],
    applicant_nik: str | None,
    applicant_kk: str | None,
    today: dt.date,
) -> Answers:
    """The answers as the service gets them, or `AnswersInvalid` with every fault found."""
    faults: list[DomainError] = []
    clean = _clean_fields(spec.fields, raw, prefix="", files=files, today=today, faults=faults)
    if not faults:
        for call in spec.validators:
            check = hooks.validator(call.name)
            if check is None:  # refused when the definition was published; a removed app
                raise DomainError(
                    "service_unavailable",
                    _("This service cannot take applications right now."),
                    status=503,
                )
            faults.extend(
                check(
                    clean,
                    params=call.params,
                    applicant_nik=applicant_nik,
                    applicant_kk=applicant_kk,
                    today=today,
                )
            )
    if faults:
        raise AnswersInvalid(faults)
    return clean


# --- storage ------------------------------------------------------------------------------------


def answers_to_json(answers: Mapping[str, Any]) -> Answers:
    def plain(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return {k: plain(v) for k, v in answers.items()}


def answers_typed(spec: ServiceSpec, stored: Mapping[str, Any]) -> Answers:
    """Clean answers read back from storage: dates as dates again."""

    def typed(fields: Sequence[FieldSpec], row: Mapping[str, Any]) -> Answers:
        out: Answers = {}
        for f in fields:
            if f.key not in row:
                continue
            value = row[f.key]
            if f.kind == Kind.DATE and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            elif f.kind == Kind.GROUP and isinstance(value, list):
                value = [typed(f.fields, r) for r in value if isinstance(r, dict)]
            out[f.key] = value
        return out

    return typed(spec.fields, stored)
