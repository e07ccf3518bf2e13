"""A resident's reports in their data export; on deletion they stop following any case.

The cases themselves stay: they are the city's record of work done in a public place. They keep
no link to a name or number once the account is deleted (the user row is anonymised by accounts),
and the reporter's name was never public when they chose to hide it.
"""

from __future__ import annotations

from typing import Any

from kotalive.accounts.models import User
from kotalive.complaints.models import Complaint, Follower


def export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "ref": c.ref,
            "role": "reporter" if c.reporter_id == user.pk else "supporter",
            "category": c.category.slug,
            "description": c.description,
            "address": c.address,
            "lat": c.lat,
            "lon": c.lon,
            "state": c.state,
            "created_at": c.created_at.isoformat(),
            "rating": c.rating,
            "rating_comment": c.rating_comment,
        }
        for c in Complaint.objects.filter(followers__user=user)
        .select_related("category")
        .order_by("created_at", "pk")
    ]


def erase(user: User) -> None:
    Follower.objects.filter(user=user).delete()
