"""Forms of the officers' pages: they parse; the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotalive.applications.services import MAX_REASON
from kotalive.applications.staff_services import MAX_YAML

REF_PATTERN = r"^PM-[0-9A-Z]{8}$"
MAX_BULK = 100


class QueueFilterForm(forms.Form):
    """The queue's filters; with none, what waits for the user's offices, due first."""

    WAITING = "waiting"
    ALL = "all"

    service = forms.ChoiceField(label=_("Service"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            (WAITING, _("Waiting for my office")),
            (ALL, _("Everything at my offices, decided too")),
        ],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All services")), *services]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    """Ask for a correction, reject: the reason the applicant reads."""

    reason = forms.CharField(
        label=_("Reason (the applicant reads this)"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EmptyForm(forms.Form):
    pass


# The form each action of the page takes (by the URL's action name).
FORMS: dict[str, type[forms.Form]] = {
    "request_correction": ReasonForm,
    "pass": NoteForm,
    "approve": NoteForm,
    "reject": ReasonForm,
    "issue": EmptyForm,
}


class BulkForm(forms.Form):
    """Several rows of the queue at once: only the actions that need no reason."""

    APPROVE = "approve"
    ISSUE = "issue"

    op = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (APPROVE, _("Checked: send on, or approve at the last step")),
            (ISSUE, _("Issue the document")),
        ],
    )
    refs = forms.CharField(required=False)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self._refs: list[str] = data.getlist("refs") if data is not None else []

    def clean_refs(self) -> list[str]:
        refs = list(dict.fromkeys(r.strip().upper() for r in self._refs if r.strip()))
        if not refs:
            raise forms.ValidationError(_("Select at least one application."))
        if len(refs) > MAX_BULK:
            raise forms.ValidationError(
                _("At most %(count)d applications at once.") % {"count": MAX_BULK}
            )
        return refs


class DefinitionTextForm(forms.Form):
    """A definition as YAML: typed or pasted (or, on import, uploaded as a file)."""

    text = forms.CharField(
        label=_("Definition (YAML)"),
        required=False,
        max_length=MAX_YAML,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
    )
    upload = forms.FileField(label=_("Or a YAML file"), required=False)
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is not None:
            if upload.size > MAX_YAML:
                raise forms.ValidationError(
                    _("At most %(limit)d characters.") % {"limit": MAX_YAML}
                )
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste the definition or choose a file."))
        return data
