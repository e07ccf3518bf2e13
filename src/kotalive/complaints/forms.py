"""HTML forms of the resident side of LAKSA. The services do the real checks (photo content, the
city boundary, text limits); their DomainErrors land on the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from kotalive.complaints.models import MAX_DESCRIPTION, MAX_PHOTOS, Category
from kotalive.complaints.services.common import MAX_ADDRESS, MAX_NOTE
from kotalive.core.errors import DomainError
from kotalive.regions.models import Kelurahan

MAX_COMMENT = 500


class DomainErrorForm(forms.Form):
    # Service field names that are shown on another form field.
    field_aliases: dict[str, str] = {}

    def add_domain_error(self, error: DomainError) -> None:
        field = self.field_aliases.get(error.field or "", error.field)
        if field not in self.fields or self.fields[field].widget.is_hidden:
            field = None
        self.add_error(field, str(error.message))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS files; their content is checked by the service (photos.photo_clean)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("At most %(count)d photos, please.") % {"count": MAX_PHOTOS}
            )
        return [super(PhotosField, self).clean(f, initial) for f in files]


class KelurahanChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.kecamatan.name})"


class ReportForm(DomainErrorForm):
    """The three steps (what, where, photos and words) in one form that works without JS."""

    field_aliases = {"lon": "lat"}

    category = forms.ChoiceField(
        label=_("What is the problem?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the problem is.")},
    )
    lat = forms.FloatField(
        label=_("Latitude of the pin"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    lon = forms.FloatField(
        label=_("Longitude of the pin"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    kelurahan = KelurahanChoice(
        label=_("Kelurahan"),
        queryset=Kelurahan.objects.none(),
        to_field_name="code",  # the API takes the code too: an offline draft sends it as is
        required=False,
        empty_label=_("Choose the kelurahan"),
        help_text=_("Not needed when you put a pin on the map."),
    )
    address = forms.CharField(
        label=_("Address or landmark"),
        required=False,
        max_length=MAX_ADDRESS,
        help_text=_("For example: Jl. Daan Mogot no. 5, in front of the mosque."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    photos = PhotosField(
        label=_("Photos (up to 5)"),
        required=False,
        help_text=_("JPEG, PNG, WebP or HEIC. Officers check them before anyone else sees them."),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_DESCRIPTION,
        help_text=_("A few words: what is wrong, since when, how dangerous it is."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write a few words.")},
    )
    show_name = forms.BooleanField(
        label=_("Show my name with the report"),
        required=False,
        help_text=_(
            "Not ticked, the public never sees your name. Officers always see who reported it, "
            "to contact you."
        ),
    )

    def __init__(
        self, *args: Any, categories: list[Category], lang: str = "id", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {c.slug: c for c in categories}
        choices = [(c.slug, c.name(lang)) for c in categories]
        self.fields["category"].choices = choices  # type: ignore[attr-defined]
        self.fields["kelurahan"].queryset = Kelurahan.objects.select_related(  # type: ignore[attr-defined]
            "kecamatan"
        ).order_by("name")

    def clean_category(self) -> Category:
        slug = self.cleaned_data["category"]
        return self.categories[slug]


class ReopenForm(DomainErrorForm):
    reason = forms.CharField(
        label=_("What is still wrong?"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please write a few words.")},
    )


class RateForm(DomainErrorForm):
    rating = forms.TypedChoiceField(
        label=_("How was your report handled?"),
        choices=[
            (5, _("5 – very good")),
            (4, _("4 – good")),
            (3, _("3 – fair")),
            (2, _("2 – poor")),
            (1, _("1 – very poor")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose from 1 to 5 stars.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
