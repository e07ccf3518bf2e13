"""The super-app menu: categories, menus with their service standard, announcements, usage."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import Organisation
from kotalive.catalog.labels import Status, menu_status


def _pick(id_value: str, en_value: str, language: str | None = None) -> str:
    """Indonesian is the source of truth; English falls back to it when not written yet."""
    lang = (language or get_language() or "id")[:2]
    if lang == "en" and en_value:
        return en_value
    return id_value or en_value


class Category(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name_id = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    icon = models.CharField(max_length=40, default="grid")
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name_id

    @property
    def name(self) -> str:
        return _pick(self.name_id, self.name_en)


# A number a phone dials: digits, spaces and dashes, an optional leading "+" ("112", "021-5582144").
CALL_NUMBER = RegexValidator(
    r"^\+?[0-9][0-9 -]{1,18}[0-9]$",
    _("Enter a phone number of digits, spaces and dashes only, such as 112 or 021-5582144."),
)


class Menu(models.Model):
    class Kind(models.TextChoices):
        MODULE = "module", _("Built-in module")
        FORM = "form", _("Online form")
        INFO = "info", _("Information")
        LINK = "link", _("External link")

    class Access(models.TextChoices):
        ANYONE = "anyone", _("Anyone")
        SIGNED_IN = "signed_in", _("Signed-in residents")
        NIK_VERIFIED = "nik_verified", _("Residents with a verified NIK")

    slug = models.SlugField(max_length=80, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="menus")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.INFO)
    # Which built-in module serves this menu once it exists (e.g. "complaints", "jobs").
    module_key = models.CharField(max_length=40, blank=True)
    external_url = models.URLField(max_length=300, blank=True)
    icon = models.CharField(max_length=40, default="doc")
    name_id = models.CharField(max_length=160)
    name_en = models.CharField(max_length=160, blank=True)
    description_id = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    keywords_id = models.CharField(max_length=400, blank=True)
    keywords_en = models.CharField(max_length=400, blank=True)
    access = models.CharField(max_length=14, choices=Access.choices, default=Access.ANYONE)
    office = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="menus"
    )
    # Kept as text too so the catalog can be seeded (and read) before organisations exist.
    office_abbrev = models.CharField(max_length=40, blank=True)
    office_name = models.CharField(max_length=200, blank=True)
    # The number a resident calls for this service (112, a hotline); blank when it is not a call.
    call_number = models.CharField(
        _("number to call"),
        max_length=20,
        blank=True,
        validators=[CALL_NUMBER],
        help_text=_("Only for a service that is a phone call, such as 112. Leave blank otherwise."),
    )
    # Served in person at any hour without an appointment (an emergency room).
    walk_in_24h = models.BooleanField(
        _("walk in, 24 hours"),
        default=False,
        help_text=_("The service is given in person at any hour, without an appointment."),
    )
    # Whether the online service is built in KotaLive; False shows "where to go today".
    is_available = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=1000)
    # Where the fact behind this menu comes from ("typical" = standard service, not confirmed).
    source = models.CharField(max_length=400, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(external_url=""),
                name="catalog_link_menu_has_url",
            ),
        ]

    def __str__(self) -> str:
        return self.name_id

    @property
    def name(self) -> str:
        return _pick(self.name_id, self.name_en)

    @property
    def description(self) -> str:
        return _pick(self.description_id, self.description_en)

    @property
    def is_typical(self) -> bool:
        return self.source.strip().lower() == "typical"

    @property
    def status(self) -> Status:
        """What a resident can do with this menu (reads its category)."""
        return menu_status(
            kind=self.kind,
            is_available=self.is_available,
            external_url=self.external_url,
            category_slug=self.category.slug,
            call_number=self.call_number,
            walk_in_24h=self.walk_in_24h,
        )


class ServiceStandard(models.Model):
    """The published *standar pelayanan* (Permenpan RB 15/2014) parts a resident sees."""

    menu = models.OneToOneField(Menu, on_delete=models.CASCADE, related_name="standard")
    requirements_id = models.TextField(blank=True)
    requirements_en = models.TextField(blank=True)
    procedure_id = models.TextField(blank=True)
    procedure_en = models.TextField(blank=True)
    duration_id = models.CharField(max_length=300, blank=True)
    duration_en = models.CharField(max_length=300, blank=True)
    cost_id = models.CharField(max_length=300, blank=True)
    cost_en = models.CharField(max_length=300, blank=True)
    product_id = models.CharField(max_length=300, blank=True)
    product_en = models.CharField(max_length=300, blank=True)
    complaints_id = models.TextField(blank=True)
    complaints_en = models.TextField(blank=True)
    where_today_id = models.TextField(blank=True)
    where_today_en = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"standard of {self.menu_id}"

    def localised(self, language: str | None = None) -> dict[str, str]:
        fields = ("requirements", "procedure", "duration", "cost", "product", "complaints")
        out = {
            f: _pick(getattr(self, f"{f}_id"), getattr(self, f"{f}_en"), language) for f in fields
        }
        out["where_today"] = _pick(self.where_today_id, self.where_today_en, language)
        return out


class Announcement(models.Model):
    title_id = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    body_id = models.TextField()
    body_en = models.TextField(blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title_id

    @property
    def title(self) -> str:
        return _pick(self.title_id, self.title_en)

    @property
    def body(self) -> str:
        return _pick(self.body_id, self.body_en)


class MenuUsageDay(models.Model):
    """How often a menu was opened on a day. Counts only: no user, session or address."""

    menu = models.ForeignKey(Menu, on_delete=models.CASCADE, related_name="usage_days")
    date = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["menu", "date"], name="catalog_usage_menu_date"),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.menu_id} {self.date}: {self.count}"
