"""The public checks: upload a PDF, or paste the text a document's QR code carries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# A document's PDF is some tens of kilobytes; anything this large is not one of ours.
MAX_PDF_BYTES = 5 * 1024 * 1024
MAX_JWS_CHARS = 8000


class PdfCheckForm(forms.Form):
    pdf = forms.FileField(
        label=_("The document's PDF file"),
        help_text=_("The file exactly as you received it, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_pdf(self) -> bytes:
        upload: Any = self.cleaned_data["pdf"]
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB: it is not a document we issued.")
            )
        data = bytes(upload.read(MAX_PDF_BYTES + 1))
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("This file is not a PDF."))
        return data


class JwsCheckForm(forms.Form):
    not_a_jws = _("This is not the text of a document's QR code.")

    jws = forms.CharField(
        label=_("The text of the QR code"),
        help_text=_("Everything after the # in the address the QR code holds."),
        max_length=MAX_JWS_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
    )

    def clean_jws(self) -> str:
        text = "".join(str(self.cleaned_data["jws"]).split())
        return text.rpartition("#")[2]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        help_text=_("Anyone who verifies the document reads it."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
