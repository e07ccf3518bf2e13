"""Resident account services (writes). Staff services live in staff_*.py (another owner)."""

from __future__ import annotations

from kotalive.accounts.services.data_rights import resident_data_export, resident_delete
from kotalive.accounts.services.identity import identity_verify
from kotalive.accounts.services.phone import (
    normalise_phone,
    phone_code_request,
    phone_code_verify,
    phone_codes_purge,
)
from kotalive.accounts.services.sessions import (
    resident_devices,
    resident_session_end,
    resident_session_forget,
    resident_session_seen,
    resident_sessions_end_others,
    resident_sessions_purge,
)
from kotalive.accounts.services.tokens import api_token_create, api_token_revoke

__all__ = [
    "api_token_create",
    "api_token_revoke",
    "identity_verify",
    "normalise_phone",
    "phone_code_request",
    "phone_code_verify",
    "phone_codes_purge",
    "resident_data_export",
    "resident_delete",
    "resident_devices",
    "resident_session_end",
    "resident_session_forget",
    "resident_session_seen",
    "resident_sessions_end_others",
    "resident_sessions_purge",
]
