"""`kotalive documents_rotate_key`: retire the signing key and make a new one.

Documents signed with the old key stay verifiable: every key, retired or not, is published at
/verify/keys. New documents are signed with the new key from the next issue on.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kotalive.documents.services import signing_key_rotate


class Command(BaseCommand):
    help = "Retire the documents' signing key and make a new active one (old ones stay published)."

    def handle(self, *args: Any, **options: Any) -> None:
        key = signing_key_rotate(actor=None)
        self.stdout.write(f"New signing key {key.kid} is active.")
