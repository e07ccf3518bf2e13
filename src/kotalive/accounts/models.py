"""People and organisations: residents (phone + code, then NIK), staff (password + TOTP)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotalive.core.crypto import mask_identity_number
from kotalive.regions.models import Kecamatan, Kelurahan


class UserManager(BaseUserManager["User"]):
    def create_user(
        self, username: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        user = self.model(username=username or None, **extra)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: Any) -> User:
        extra.update(kind=User.Kind.STAFF, is_staff=True, is_superuser=True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """One table for residents and staff; `kind` decides how they sign in."""

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        STAFF = "staff", _("Staff")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RESIDENT)
    # Residents: E.164 phone (+628...). Staff: username. Each unique where present.
    phone = models.CharField(max_length=20, null=True, blank=True, unique=True)
    username = models.CharField(max_length=150, null=True, blank=True, unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=5, default="id")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May open the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)
    # Staff second factor: the TOTP secret, encrypted (core.crypto), and when it was confirmed.
    totp_secret_encrypted = models.TextField(blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Last TOTP time step accepted, so that a code cannot be replayed within its window.
    totp_last_step = models.BigIntegerField(default=0)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="resident", phone__isnull=False)
                | Q(kind="staff", username__isnull=False)
                | Q(is_active=False),
                name="user_has_sign_in_name",
            )
        ]

    def __str__(self) -> str:
        return self.username or self.display_name or f"#{self.pk}"

    @property
    def is_resident(self) -> bool:
        return self.kind == self.Kind.RESIDENT

    @property
    def is_staff_member(self) -> bool:
        return self.kind == self.Kind.STAFF

    @property
    def audit_label(self) -> str:
        return f"staff:{self.username}" if self.is_staff_member else f"resident:{self.pk}"

    @property
    def masked_phone(self) -> str:
        if not self.phone:
            return ""
        return f"{self.phone[:5]}****{self.phone[-3:]}"


class ResidentIdentity(models.Model):
    """A resident's NIK verification: numbers encrypted, found through their blind index."""

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="identity")
    nik_encrypted = models.TextField()
    nik_index = models.CharField(max_length=64, unique=True)
    kk_encrypted = models.TextField()
    kk_index = models.CharField(max_length=64, db_index=True)
    full_name = models.CharField(max_length=150)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    kelurahan = models.ForeignKey(
        Kelurahan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The masked forms (core.crypto.mask_identity_number: the city code only), stored so that
    # pages never decrypt.
    nik_masked = models.CharField(max_length=16)
    kk_masked = models.CharField(max_length=16)
    verified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "resident identities"

    def __str__(self) -> str:
        return f"{self.nik_masked} {self.full_name}"

    @staticmethod
    def mask(number: str) -> str:
        return mask_identity_number(number)


class PhoneCode(models.Model):
    """A one-time sign-in code: stored hashed, 5 minutes, single use, at most 5 tries."""

    phone = models.CharField(max_length=20, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["phone", "created_at"])]

    def __str__(self) -> str:
        return f"code for {self.phone[:5]}**** at {self.created_at:%H:%M}"


class ApiToken(models.Model):
    """An opaque bearer token for the mobile apps; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ResidentSession(models.Model):
    """A resident's signed-in web session, so that they can see it and end it (ASVS 3.3).

    Found by the hash of the session key (what the request carries); the key itself is kept
    encrypted only so that ending the session can delete it from the session store. `last_seen_at`
    is refreshed at most every few minutes (accounts.middleware), not on every request.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="web_sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    key_encrypted = models.TextField()
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        indexes = [models.Index(fields=["user", "last_seen_at"])]

    def __str__(self) -> str:
        return f"session of {self.user} since {self.created_at:%Y-%m-%d %H:%M}"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        OPD = "opd", _("City office (dinas/badan)")
        KECAMATAN = "kecamatan", _("Kecamatan office")
        KELURAHAN = "kelurahan", _("Kelurahan office")
        HOSPITAL = "hospital", _("Hospital")
        EMPLOYER = "employer", _("Employer")
        VENDOR = "vendor", _("Market vendor")
        DISKOMINFO = "diskominfo", _("Diskominfo")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kecamatan = models.ForeignKey(Kecamatan, null=True, blank=True, on_delete=models.PROTECT)
    kelurahan = models.ForeignKey(Kelurahan, null=True, blank=True, on_delete=models.PROTECT)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="kelurahan") | Q(kelurahan__isnull=False),
                name="kelurahan_org_has_kelurahan",
            ),
            models.CheckConstraint(
                condition=~Q(kind="kecamatan") | Q(kecamatan__isnull=False),
                name="kecamatan_org_has_kecamatan",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Membership(models.Model):
    """A staff member's role in an organisation, optionally narrowed to a kecamatan or kelurahan."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        SUPERVISOR = "supervisor", _("Supervisor")
        OFFICER = "officer", _("Officer")
        OPERATOR = "operator", _("Command-centre operator")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    # The area this membership covers; empty means the organisation's own area (or all the city).
    scope_kecamatan = models.ForeignKey(
        Kecamatan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_kelurahan = models.ForeignKey(
        Kelurahan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} @ {self.organisation}"
