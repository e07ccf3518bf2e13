"""Who may manage the catalog (the super-app menu), on the memberships of `accounts`.

- `catalog.manage`: Diskominfo admins and supervisors (and superusers) for every menu; an
  office's admin or supervisor for the menus it owns (an object with `office_id`, `owner_id` or
  `organisation_id`, as `Menu.office`). Asked without an object: whether the staff member
  manages any menu at all.
"""

from __future__ import annotations

from typing import Any

from kotalive.accounts.models import Organisation, User
from kotalive.accounts.policy import (
    MANAGER_ROLES,
    holds_role,
    is_city_admin,
    owner_org_id,
    staff_rule,
)
from kotalive.core.permissions import permissions_declare

CATALOG_MANAGE = "catalog.manage"


def _catalog_manage(user: User, obj: Any) -> bool:
    if is_city_admin(user) or holds_role(user, MANAGER_ROLES, kinds={Organisation.Kind.DISKOMINFO}):
        return True
    if obj is None:
        return holds_role(user, MANAGER_ROLES)
    owner = owner_org_id(obj)
    return owner is not None and holds_role(user, MANAGER_ROLES, organisation_id=owner)


permissions_declare("catalog", {CATALOG_MANAGE: staff_rule(_catalog_manage)})
