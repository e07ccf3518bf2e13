"""A definition's form as HTML inputs, and the posted inputs back as answers.

No Django form class: the fields are data (`spec.FieldSpec`), so each becomes a `Widget` that the
templates render by kind, and `answers_from_post` reads what the browser sent into the shape the
services keep (`answers.answers_draft`). Input names follow the answers' paths ("f.purpose",
"f.witnesses.0.nik", "f.place.lat"), so a fault reported for "witnesses.0.nik" lands on its input.
Which fields show is decided here from the answers saved so far (`shown_if`); nothing needs
JavaScript (form.js only shows or hides them at once, as the resident chooses).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kotalive.applications.models import Application, ApplicationFile
from kotalive.applications.spec import FieldSpec, Kind, ServiceSpec
from kotalive.regions.selectors import kelurahan_list

PREFIX = "f."
MAX_RADIOS = 5


def input_name(path: str) -> str:
    return PREFIX + path


def input_id(path: str) -> str:
    return "f-" + path.replace(".", "-").replace("_", "-")


@dataclass
class Option:
    value: str
    label: str
    selected: bool
    id: str = ""


@dataclass
class AttachedFile:
    id: int
    name: str
    kind: str
    size_kb: int
    url: str


@dataclass
class Widget:
    """One input (or group of inputs) of the form, ready for `applications/_field.html`."""

    path: str
    kind: str
    label: str
    help: str
    required: bool
    value: Any = ""
    error: str = ""
    input_type: str = "text"
    inputmode: str = ""
    autocomplete: str = ""
    multiline: bool = False
    max_length: int | None = None
    options: list[Option] = field(default_factory=list)
    as_radios: bool = False
    accept: str = ""
    types_text: str = ""
    size_text: str = ""
    max_files: int = 1
    files: list[AttachedFile] = field(default_factory=list)
    rows: list[list[Widget]] = field(default_factory=list)
    can_add: bool = False
    min_items: int = 0
    max_items: int = 0
    # Not shown for the answers saved so far: rendered `hidden`, with its condition for form.js
    # to show it as soon as the resident's choice makes it apply (without JavaScript: on saving).
    hidden: bool = False
    condition: str = ""

    @property
    def name(self) -> str:
        return input_name(self.path)

    @property
    def id(self) -> str:
        return input_id(self.path)

    @property
    def help_id(self) -> str:
        return f"{self.id}-help" if self.help else ""

    @property
    def error_id(self) -> str:
        return f"{self.id}-error" if self.error else ""

    @property
    def described_by(self) -> str:
        return " ".join(x for x in (self.help_id, self.error_id) if x)

    @property
    def lat(self) -> str:
        return str(self.value.get("lat", "")) if isinstance(self.value, dict) else ""

    @property
    def lng(self) -> str:
        return str(self.value.get("lng", "")) if isinstance(self.value, dict) else ""

    @property
    def can_attach(self) -> bool:
        return len(self.files) < self.max_files


_INPUT = {
    Kind.NUMBER: ("number", "numeric", ""),
    Kind.DATE: ("date", "", ""),
    Kind.NIK: ("text", "numeric", "off"),
    Kind.KK: ("text", "numeric", "off"),
    Kind.PHONE: ("tel", "tel", "tel"),
    Kind.EMAIL: ("email", "email", "email"),
}
_ACCEPT = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "heic": "image/heic",
}


def shown(f: FieldSpec, scope: Mapping[str, Any]) -> bool:
    return f.shown_if is None or f.shown_if.holds(dict(scope))


def _text_value(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)


def size_text(max_kb: int) -> str:
    return f"{max_kb // 1024} MB" if max_kb >= 1024 and max_kb % 1024 == 0 else f"{max_kb} KB"


def _kelurahan_options(selected: str) -> list[Option]:
    return [
        Option(k.code, f"{k.name} (Kec. {k.kecamatan.name})", k.code == selected)
        for k in kelurahan_list().order_by("kecamatan__name", "name")
    ]


def _widget(
    f: FieldSpec,
    *,
    path: str,
    value: Any,
    lang: str,
    errors: Mapping[str, str],
    files: Mapping[str, list[AttachedFile]],
    scope: Mapping[str, Any],
    kelurahan: list[Option] | None,
) -> Widget:
    w = Widget(
        path=path,
        kind=f.kind.value,
        label=f.label.get(lang),
        help=f.help.get(lang) if f.help else "",
        required=f.required or (f.required_if is not None and f.required_if.holds(dict(scope))),
        value=_text_value(value),
        error=errors.get(path, ""),
    )
    kind = f.kind
    if kind in _INPUT:
        w.input_type, w.inputmode, w.autocomplete = _INPUT[kind]
    if kind == Kind.TEXT:
        w.multiline = f.multiline
        w.max_length = f.max_length
    elif kind == Kind.CHOICE:
        w.as_radios = len(f.choices) <= MAX_RADIOS
        w.options = [
            Option(c.value, c.label.get(lang), c.value == w.value, f"{w.id}-{i}")
            for i, c in enumerate(f.choices)
        ]
    elif kind == Kind.KELURAHAN:
        w.options = [Option(o.value, o.label, o.value == w.value) for o in kelurahan or []]
    elif kind == Kind.LOCATION:
        w.value = value if isinstance(value, dict) else {}
    elif kind == Kind.FILE:
        rule = f.file_rule
        w.accept = ",".join(_ACCEPT[t.value] for t in rule.types)
        w.types_text = ", ".join(t.value.upper() for t in rule.types)
        w.size_text = size_text(rule.max_kb)
        w.max_files = rule.max_files
        w.files = list(files.get(f.key, []))
    elif kind == Kind.GROUP:
        rows = [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []
        count = min(max(f.min_items, len(rows), 1), f.max_items)
        w.min_items, w.max_items = f.min_items, f.max_items
        w.can_add = count < f.max_items
        w.value = ""
        for i in range(count):
            row = rows[i] if i < len(rows) else {}
            w.rows.append(
                [
                    _widget(
                        g,
                        path=f"{path}.{i}.{g.key}",
                        value=row.get(g.key),
                        lang=lang,
                        errors=errors,
                        files={},
                        scope=row,
                        kelurahan=kelurahan,
                    )
                    for g in f.fields
                    if shown(g, row)
                ]
            )
    return w


def attached_files(
    application: Application, rows: Iterable[ApplicationFile]
) -> dict[str, list[AttachedFile]]:
    found: dict[str, list[AttachedFile]] = {}
    for f in rows:
        found.setdefault(f.field_key, []).append(
            AttachedFile(
                id=f.pk,
                name=f.name,
                kind=f.kind.upper(),
                size_kb=max(1, (f.size + 1023) // 1024),
                url=reverse("applications:file", kwargs={"ref": application.ref, "file_id": f.pk}),
            )
        )
    return found


def form_widgets(
    spec: ServiceSpec,
    answers: Mapping[str, Any],
    *,
    lang: str,
    errors: Mapping[str, str],
    files: Mapping[str, list[AttachedFile]],
) -> list[Widget]:
    """The fields of the form, filled in with `answers`, with their faults; those whose
    condition does not hold for `answers` are marked hidden."""
    needs_kelurahan = any(
        f.kind == Kind.KELURAHAN or any(g.kind == Kind.KELURAHAN for g in f.fields)
        for f in spec.fields
    )
    kelurahan = _kelurahan_options("") if needs_kelurahan else None
    widgets = []
    for f in spec.fields:
        w = _widget(
            f,
            path=f.key,
            value=answers.get(f.key),
            lang=lang,
            errors=errors,
            files=files,
            scope=answers,
            kelurahan=kelurahan,
        )
        if f.shown_if is not None:
            w.hidden = not shown(f, answers)
            w.condition = json.dumps(
                f.shown_if.model_dump(mode="json", by_alias=True, exclude_none=True)
            )
        widgets.append(w)
    return widgets


# --- posted inputs to answers ------------------------------------------------------------------


def _posted_scalar(f: FieldSpec, post: QueryDict, path: str) -> tuple[bool, Any]:
    name = input_name(path)
    if f.kind == Kind.LOCATION:
        lat, lng = post.get(f"{name}.lat"), post.get(f"{name}.lng")
        if lat is None and lng is None:
            return False, None
        return True, {"lat": lat or "", "lng": lng or ""}
    if name not in post:
        return False, None
    return True, post.get(name, "")


def answers_from_post(spec: ServiceSpec, post: QueryDict) -> dict[str, Any]:
    """The answers present in a posted form (keys the page did not show are left out, so a save
    does not wipe them)."""
    answers: dict[str, Any] = {}
    for f in spec.fields:
        if f.kind == Kind.FILE:
            continue
        if f.kind == Kind.GROUP:
            rows = _posted_rows(f, post)
            if rows is not None:
                answers[f.key] = rows
            continue
        present, value = _posted_scalar(f, post, f.key)
        if present:
            answers[f.key] = value
    return answers


def _posted_rows(f: FieldSpec, post: QueryDict) -> list[dict[str, Any]] | None:
    stem = input_name(f.key) + "."
    indexes: set[int] = set()
    for name in post:
        if name.startswith(stem):
            head = name[len(stem) :].split(".", 1)[0]
            if head.isdigit() and int(head) < f.max_items:
                indexes.add(int(head))
    if not indexes:
        return None
    rows = []
    for i in range(max(indexes) + 1):
        row: dict[str, Any] = {}
        for g in f.fields:
            present, value = _posted_scalar(g, post, f"{f.key}.{i}.{g.key}")
            if present:
                row[g.key] = value
        rows.append(row)
    return rows


def with_row_added(spec: ServiceSpec, answers: dict[str, Any], group: str) -> dict[str, Any]:
    """The answers with one more (empty) row in `group`, up to its maximum."""
    try:
        f = spec.field(group)
    except KeyError:
        return answers
    if f.kind != Kind.GROUP:
        return answers
    rows = [r for r in answers.get(group) or [] if isinstance(r, dict)]
    count = max(f.min_items, len(rows), 1)
    rows += [{} for _ in range(count - len(rows))]
    if len(rows) < f.max_items:
        rows.append({})
    return {**answers, group: rows}


# --- the answers as read back -------------------------------------------------------------------


@dataclass
class ShownAnswer:
    label: str
    text: str = ""
    rows: list[list[ShownAnswer]] = field(default_factory=list)
    files: list[AttachedFile] = field(default_factory=list)


def _shown_text(f: FieldSpec, value: Any, lang: str, kelurahan: Mapping[str, str]) -> str:
    if value in (None, "", [], {}):
        return "—"
    if f.kind == Kind.CHOICE:
        return next((c.label.get(lang) for c in f.choices if c.value == str(value)), str(value))
    if f.kind == Kind.DATE:
        try:
            return date_format(dt.date.fromisoformat(str(value)), "j F Y")
        except ValueError:
            return str(value)
    if f.kind == Kind.KELURAHAN:
        return kelurahan.get(str(value), str(value))
    if f.kind == Kind.LOCATION and isinstance(value, dict):
        return f"{value.get('lat', '')}, {value.get('lng', '')}"
    return str(value)


def answers_shown(
    spec: ServiceSpec,
    answers: Mapping[str, Any],
    *,
    lang: str,
    files: Mapping[str, list[AttachedFile]],
) -> list[ShownAnswer]:
    """The sent answers, read-only, in the form's order (hidden fields left out)."""
    codes = [str(answers.get(f.key)) for f in spec.fields if f.kind == Kind.KELURAHAN]
    kelurahan = {k.code: k.name for k in kelurahan_list().filter(code__in=codes)} if codes else {}
    shown_list: list[ShownAnswer] = []
    for f in spec.fields:
        if not shown(f, answers):
            continue
        if f.kind == Kind.FILE:
            shown_list.append(ShownAnswer(f.label.get(lang), files=list(files.get(f.key, []))))
        elif f.kind == Kind.GROUP:
            rows = [r for r in answers.get(f.key) or [] if isinstance(r, dict)]
            shown_list.append(
                ShownAnswer(
                    f.label.get(lang),
                    rows=[
                        [
                            ShownAnswer(
                                g.label.get(lang), _shown_text(g, r.get(g.key), lang, kelurahan)
                            )
                            for g in f.fields
                            if shown(g, r)
                        ]
                        for r in rows
                    ],
                )
            )
        else:
            shown_list.append(
                ShownAnswer(f.label.get(lang), _shown_text(f, answers.get(f.key), lang, kelurahan))
            )
    return shown_list


# --- faults ---------------------------------------------------------------------------------------


@dataclass
class Fault:
    """A line of the error summary: the message, and the input it links to (when on the page)."""

    message: str
    label: str = ""
    anchor: str = ""


def fault_summary(
    spec: ServiceSpec, errors: Mapping[str, str], widgets: Sequence[Widget], *, lang: str
) -> list[Fault]:
    on_page: dict[str, Widget] = {}
    for top in widgets:
        on_page[top.path] = top
        for row in top.rows:
            for inner in row:
                on_page[inner.path] = inner
    faults = []
    for path, message in errors.items():
        w = on_page.get(path)
        if w is None:
            faults.append(Fault(message))
            continue
        label = w.label
        parts = path.split(".")
        if len(parts) == 3:
            group = on_page.get(parts[0])
            label = _("%(group)s %(number)s: %(field)s") % {
                "group": group.label if group else parts[0],
                "number": int(parts[1]) + 1,
                "field": w.label,
            }
        anchor = w.id
        if w.kind == Kind.LOCATION:
            anchor = f"{w.id}-lat"
        elif w.kind == Kind.CHOICE and w.as_radios and w.options:
            anchor = w.options[0].id
        elif w.kind == Kind.GROUP and w.rows and w.rows[0]:
            anchor = w.rows[0][0].id
        faults.append(Fault(message, label, anchor))
    return faults
