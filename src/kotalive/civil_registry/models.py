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


class EktpState(models.TextChoices):
    # In the order a card goes through them.
    NOT_RECORDED = "not_recorded", _("Not recorded yet")
    RECORDED = "recorded", _("Recorded")
    PRINTED = "printed", _("Printed")
    READY = "ready", _("Ready to collect")
    COLLECTED = "collected", _("Collected")


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
    # The e-KTP (KTP-el) of this person as Dukcapil tracks it: each step with its date, and the
    # office where a printed card waits (a name as SIAK records it, shown to the resident).
    ektp_state = models.CharField(
        max_length=12, choices=EktpState.choices, default=EktpState.NOT_RECORDED
    )
    ektp_recorded_on = models.DateField(null=True, blank=True)
    ektp_printed_on = models.DateField(null=True, blank=True)
    ektp_ready_on = models.DateField(null=True, blank=True)
    ektp_collected_on = models.DateField(null=True, blank=True)
    ektp_office = models.CharField(max_length=200, blank=True)

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


class KkChange(models.Model):
    """A change to a family card (KK) that Dukcapil is working on: one request, one reference."""

    class Kind(models.TextChoices):
        ADD_MEMBER = "add_member", _("Add a member (birth)")
        CHANGE_ADDRESS = "change_address", _("Change of address")
        CHANGE_DATA = "change_data", _("Change of data")
        REMOVE_MEMBER = "remove_member", _("Remove a member (death)")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        VERIFYING = "verifying", _("Being verified")
        PRINTED = "printed", _("New KK printed")
        DONE = "done", _("Done")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="changes")
    reference = models.CharField(max_length=32, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.RECEIVED)
    # The member concerned (the newborn, the deceased), when there is one; the person row only
    # while they are on the card.
    member_name = models.CharField(max_length=150, blank=True)
    member = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_on = models.DateField()
    updated_on = models.DateField()
    # What asked for it on our side (an application's reference), so a retried issue adds no
    # second child.
    source_reference = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_reference"],
                condition=~models.Q(source_reference=""),
                name="civil_registry_kkchange_source_once",
            ),
            models.CheckConstraint(
                condition=models.Q(updated_on__gte=models.F("received_on")),
                name="civil_registry_kkchange_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.kind} {self.state}"
