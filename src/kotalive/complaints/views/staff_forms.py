"""Forms of the TLR console and the office queue: they parse, the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.forms import Form
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import Organisation
from kotalive.complaints import policy
from kotalive.complaints.models import Category, Complaint, ReplyTemplate
from kotalive.complaints.services.common import MAX_ADDRESS, MAX_NOTE
from kotalive.core.http import current_language
from kotalive.regions.models import Kecamatan, Kelurahan

State = Complaint.State
Channel = Complaint.Channel

STAFF_CHANNELS = [
    (Channel.PHONE, Channel.PHONE.label),
    (Channel.SOCIAL, Channel.SOCIAL.label),
    (Channel.WALK_IN, Channel.WALK_IN.label),
]


def _offices() -> Any:
    """The organisations a case may be assigned to (the service checks it again)."""
    return Organisation.objects.filter(is_active=True, kind__in=policy.CASE_OFFICE_KINDS)


# The office picker's groups, in this order: the city's offices first, the command centre last.
OFFICE_GROUPS = (
    Organisation.Kind.OPD,
    Organisation.Kind.KECAMATAN,
    Organisation.Kind.KELURAHAN,
    Organisation.Kind.DISKOMINFO,
)


def office_choices() -> list[tuple[Any, Any]]:
    """The offices grouped by kind (an <optgroup> each), by name within a group: a list of some
    150 offices that a keyboard, a screen reader and the console's filter can get through."""
    grouped: dict[str, list[tuple[int, str]]] = {kind: [] for kind in OFFICE_GROUPS}
    for org in _offices().order_by("name"):
        grouped.setdefault(org.kind, []).append((org.pk, org.name))
    labels = dict(Organisation.Kind.choices)
    return [
        ("", _("Choose an office")),
        *((labels[kind], rows) for kind, rows in grouped.items() if rows),
    ]


class OfficeField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An office of `_offices()`, picked from the grouped list (`office_choices`), read when the
    form is drawn."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Organisation.objects.none(),
            widget=forms.Select(attrs={"data-filter-label": _("Find an office")}),
            **kwargs,
        )

    def offer(self) -> None:
        self.queryset = _offices()
        self.choices = office_choices


class QueueFilterForm(forms.Form):
    """The queue's filters. Opened without any, the console shows the work still to do, the
    nearest deadline first (`DEFAULTS`)."""

    DEFAULTS = {"state": "work", "order": "deadline"}

    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("work", _("To do (not yet resolved)")),
            ("open", _("Open (not yet closed)")),
            ("", _("All")),
            *State.choices,
        ],
    )
    order = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("deadline", _("Nearest deadline first")), ("newest", _("Newest first"))],
    )
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[])
    kecamatan = forms.TypedChoiceField(
        label=_("Kecamatan"), required=False, coerce=int, empty_value=None, choices=[]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    q = forms.CharField(label=_("Reference or words"), required=False, max_length=100)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        params = data.copy() if data is not None else QueryDict(mutable=True)
        for name, value in self.DEFAULTS.items():
            params.setdefault(name, value)
        super().__init__(params, **kwargs)
        lang = current_language()
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *((c.slug, c.name(lang)) for c in Category.objects.order_by("order", "slug")),
        ]
        self.fields["kecamatan"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *((k.pk, k.name) for k in Kecamatan.objects.order_by("name")),
        ]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StepNoteForm(NoteForm):
    """A step's note: for staff (the office it goes to, colleagues) unless the officer ticks the
    box; the form says so, and internal is the default."""

    note_public = forms.BooleanField(
        label=_("Show this note to the reporter and followers"),
        required=False,
        help_text=_("Left unticked, the note is internal: only staff see it."),
    )


class TriageForm(NoteForm):
    field_order = ["category", "note"]
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        to_field_name="slug",
        empty_label=_("Keep the category"),
        help_text=_("Correct it if the resident chose the wrong one: the case is re-routed."),
    )


class AssignForm(StepNoteForm):
    field_order = ["office", "note", "note_public"]
    office = OfficeField(label=_("Office"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].offer()  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Reply template"),
        queryset=ReplyTemplate.objects.none(),
        required=False,
        empty_label=_("No template"),
        help_text=_("Used as the reply when the text below is empty."),
    )
    text = forms.CharField(
        label=_("Reply to the reporter and followers"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, office_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReplyTemplate.objects.filter(  # type: ignore[attr-defined]
            Q(office__isnull=True) | Q(office_id=office_id)
        )

    def reply_text(self, lang: str) -> str:
        text: str = self.cleaned_data.get("text") or ""
        template: ReplyTemplate | None = self.cleaned_data.get("template")
        if not text.strip() and template is not None:
            return template.body_en if lang == "en" and template.body_en else template.body_id
        return text


class InternalNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note (only staff see it)"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the reporter sees it)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ForwardForm(StepNoteForm):
    field_order = ["to", "note", "note_public"]
    to = forms.CharField(
        label=_("Forwarded to"),
        required=False,
        max_length=200,
        help_text=_("Who handles it instead, e.g. the national road authority or PLN."),
    )


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Reference of the report to keep"), max_length=12, help_text="LK-XXXXXX"
    )


# The console's form for each action of the lifecycle table that it offers on the case page
# (`approve_photo` is a button per photo; `support`, `confirm`, `reopen`, `rate` are residents').
FORMS: dict[str, type[Form]] = {
    "triage": TriageForm,
    "assign": AssignForm,
    "start": StepNoteForm,
    "reply": ReplyForm,
    "note": InternalNoteForm,
    "resolve": ResolveForm,
    "reject": RejectForm,
    "forward": ForwardForm,
    "merge": MergeForm,
}


# What each action's button says it does (the section's title names the action, the button the act).
SUBMIT_LABELS = {
    "triage": _("Mark as checked"),
    "assign": _("Assign to this office"),
    "start": _("Start the work"),
    "reply": _("Send the reply to the reporter"),
    "note": _("Save the internal note"),
    "resolve": _("Mark as resolved"),
    "reject": _("Reject the report"),
    "forward": _("Forward and close"),
    "merge": _("Merge into that report"),
}


def action_form(name: str, complaint: Complaint, data: Any = None, files: Any = None) -> Form:
    """The form of one action on this case: unbound with the case's values, or bound to a POST."""
    if name == "reply":
        form: Form = ReplyForm(data, files, office_id=complaint.office_id)
    elif data is not None:
        form = FORMS[name](data, files)
    elif name == "triage":
        form = TriageForm(initial={"category": complaint.category.slug})
    elif name == "assign":
        form = AssignForm(initial={"office": complaint.office_id})
    else:
        form = FORMS[name]()
    form.auto_id = f"{name}_%s"  # several forms on one page: ids must stay unique
    return form


class BulkForm(forms.Form):
    OP_ROUTE = "route"
    OP_ASSIGN = "assign"

    refs = forms.MultipleChoiceField(label=_("Reports"), choices=[])
    op = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (OP_ROUTE, _("Triage and assign each to its routed office")),
            (OP_ASSIGN, _("Assign all to the office chosen below")),
        ],
    )
    office = OfficeField(label=_("Office"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].offer()  # type: ignore[attr-defined]
        refs = self.data.getlist("refs") if hasattr(self.data, "getlist") else []
        self.fields["refs"].choices = [(r, r) for r in refs[:200]]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("op") == self.OP_ASSIGN and cleaned.get("office") is None:
            self.add_error("office", _("Choose the office."))
        return cleaned


class StaffEntryForm(forms.Form):
    """A case TLR takes down from a phone call, social media or a visit."""

    channel = forms.ChoiceField(label=_("Received by"), choices=STAFF_CHANNELS)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        to_field_name="slug",
        empty_label=_("Choose a category"),
    )
    description = forms.CharField(
        label=_("What is the problem?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"),
        queryset=Kelurahan.objects.select_related("kecamatan").order_by("name"),
        required=False,
        empty_label=_("Not known"),
    )
    address = forms.CharField(
        label=_("Address or landmark"), required=False, max_length=MAX_ADDRESS
    )
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False)
    contact_name = forms.CharField(label=_("Caller's name"), required=False, max_length=150)
    contact_phone = forms.CharField(label=_("Caller's phone"), required=False, max_length=20)
    contact_email = forms.EmailField(label=_("Caller's email"), required=False)
