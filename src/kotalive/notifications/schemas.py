"""API shapes of the inbox. Titles and bodies in the request's language when their source is
known (`Notification.texts`), else in the recipient's language at the time of sending."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="What the message is about, e.g. complaint.resolved.")
    title: str
    body: str
    url: str | None = Field(description="A path on this site to open, or null.")
    created_at: datetime
    read_at: datetime | None
    is_read: bool


class NotificationPageOut(Schema):
    items: list[NotificationOut]
    page: int
    page_size: int
    total: int
    next_page: int | None
    unread_count: int = Field(ge=0)


class ReadAllOut(Schema):
    marked: int = Field(ge=0, description="How many messages were unread and are now read.")
