from __future__ import annotations

from django.apps import AppConfig


class CivilRegistrationConfig(AppConfig):
    name = "kotalive.civil_registration"
    label = "civil_registration"
    verbose_name = "Civil registration"
