"""Who may do what with issued documents, on the memberships of `accounts`.

- Anyone, signed in or not, verifies a document (`/verify/...`): that needs no permission.
- `document.revoke`: the issuing office's admins and supervisors, and city admins (Diskominfo
  admins, superusers). Asked without a document: whether the staff member may revoke any at all
  (an admin or supervisor of some organisation), for menus and buttons.
"""

from __future__ import annotations

from typing import Any

from kotalive.accounts.models import User
from kotalive.accounts.policy import (
    MANAGER_ROLES,
    holds_role,
    is_city_admin,
    is_staff,
    memberships_of,
    staff_rule,
)
from kotalive.core.permissions import permissions_declare

DOCUMENT_REVOKE = "document.revoke"


def _revoke(user: User, document: Any) -> bool:
    if is_city_admin(user):
        return True
    if document is None:
        return holds_role(user, MANAGER_ROLES)
    issuer_id = getattr(document, "issuer_id", None)
    return issuer_id is not None and holds_role(user, MANAGER_ROLES, organisation_id=issuer_id)


def revoke_scope(actor: Any) -> frozenset[int] | None:
    """The issuing offices whose documents `actor` may revoke: None for all (city admins), else
    their ids (empty for anyone else), for the back office's list."""
    if not is_staff(actor):
        return frozenset()
    if is_city_admin(actor):
        return None
    return frozenset(m.organisation_id for m in memberships_of(actor) if m.role in MANAGER_ROLES)


permissions_declare("documents", {DOCUMENT_REVOKE: staff_rule(_revoke)})
