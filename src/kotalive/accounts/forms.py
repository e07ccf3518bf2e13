"""HTML forms for residents; the services do the real checks and their errors land on the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kotalive.core.errors import DomainError


class DomainErrorForm(forms.Form):
    def add_domain_error(self, error: DomainError) -> None:
        # Errors about a hidden field (the phone on the code step) must still be seen.
        field = error.field if error.field in self.fields else None
        if field is not None and self.fields[field].widget.is_hidden:
            field = None
        self.add_error(field, str(error.message))


class PhoneForm(DomainErrorForm):
    phone = forms.CharField(
        label=_("Mobile phone number"),
        help_text=_("For example 0812 3456 7890. We send a 6-digit code to it by SMS."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "autofocus": True}
        ),
    )


class CodeForm(DomainErrorForm):
    phone = forms.CharField(max_length=20, widget=forms.HiddenInput)
    code = forms.RegexField(
        label=_("Code from the SMS"),
        help_text=_("6 digits, valid for 5 minutes."),
        regex=r"^\s*[0-9]{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
    )


class IdentityForm(DomainErrorForm):
    nik = forms.CharField(
        label=_("NIK"),
        help_text=_("The 16-digit number on your KTP or KK."),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kk = forms.CharField(
        label=_("Family card number (No. KK)"),
        help_text=_("16 digits, at the top of your KK."),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        help_text=_("Exactly as written on your KK."),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )


class DeleteForm(DomainErrorForm):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my verified NIK will be deleted."),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )
