"""The local stand-in for the population registry (Dukcapil SIAK): families (KK) and people.

Numbers are encrypted at rest (core.crypto) and found through their keyed blind index, like
every NIK/KK the city keeps.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kotalive.core.crypto import blind_index, decrypt, mask_identity_number
from kotalive.regions.models import Kelurahan


class Family(models.Model):
    kk_encrypted = models.TextField()
    kk_index = models.CharField(max_length=64, unique=True)
    kk_masked = models.CharField(max_length=16)
    kelurahan = models.ForeignKey(Kelurahan, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return f"KK {self.kk_masked}"

    @staticmethod
    def index_of(kk: str) -> str:
        return blind_index(kk, context="kk")

    @property
    def kk(self) -> str:
        return decrypt(self.kk_encrypted, context="kk")


class Person(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Relationship(models.TextChoices):
        # The order is the order in which a KK lists its members.
        HEAD = "head", _("Head of family")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        OTHER = "other", _("Other family member")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    nik_encrypted = models.TextField()
    nik_index = models.CharField(max_length=64, unique=True)
    nik_masked = models.CharField(max_length=16)
    full_name = models.CharField(max_length=150)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    relationship = models.CharField(max_length=10, choices=Relationship.choices)

    class Meta:
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.nik_masked} {self.full_name}"

    @staticmethod
    def index_of(nik: str) -> str:
        return blind_index(nik, context="nik")

    @staticmethod
    def mask(number: str) -> str:
        return mask_identity_number(number)

    @property
    def nik(self) -> str:
        return decrypt(self.nik_encrypted, context="nik")
