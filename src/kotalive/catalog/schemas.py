"""API shapes of the public catalog. Names and texts come in the request's language (id or en)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from kotalive.core.schemas import Problem

# Re-exported so the catalog router declares its errors with the shared problem shape.
ProblemOut = Problem


class CategoryOut(Schema):
    slug: str = Field(max_length=60)
    name: str = Field(max_length=100)
    icon: str = Field(max_length=40)
    menu_count: int = Field(ge=0)


class MenuOut(Schema):
    slug: str = Field(max_length=80)
    category: str = Field(max_length=60, description="Category slug.")
    kind: str = Field(description="module, form, info or link.")
    icon: str
    name: str
    description: str
    access: str = Field(description="anyone, signed_in or nik_verified.")
    is_available: bool = Field(description="False: not online in KotaLive yet; see where_today.")
    external_url: str | None = None
    office: str = Field(description="Abbreviation of the owning office.")
    status: str = Field(
        description="What a resident can do: online, site (on another official site), info, "
        "call (the service is a phone call; the label names the number, such as 112), walkin (in "
        "person at any hour, such as an emergency room) or offline (not online yet: in person). "
        "An emergency menu is never offline."
    )
    status_label: str = Field(description="The status in words, as the app shows it.")


class StandardOut(Schema):
    requirements: str
    procedure: str
    duration: str
    cost: str
    product: str
    complaints: str
    where_today: str


class MenuDetailOut(MenuOut):
    module_key: str
    office_name: str
    source: str = Field(description="Where the fact comes from; 'typical' = standard service.")
    standard: StandardOut | None


class MenuPageOut(Schema):
    items: list[MenuOut]
    page: int
    page_size: int
    total: int
    next_page: int | None


class SearchOut(Schema):
    query: str
    items: list[MenuOut]


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    published_at: datetime
