from __future__ import annotations

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "kotalive.documents"
    label = "documents"
    verbose_name = "Issued documents"
