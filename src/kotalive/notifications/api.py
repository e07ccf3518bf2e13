"""Inbox API: my messages a page at a time, mark one or all read. Only ever the caller's own."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router

from kotalive.accounts.auth import actor_of, token_or_session
from kotalive.core.pagination import PageNumber, PageSize
from kotalive.core.schemas import Problem
from kotalive.notifications.models import Notification
from kotalive.notifications.schemas import NotificationOut, NotificationPageOut, ReadAllOut
from kotalive.notifications.selectors import notifications_for, unread_count
from kotalive.notifications.services import notification_mark_all_read, notification_mark_read

router = Router(tags=["notifications"], auth=token_or_session)

NOTIFICATION_ID = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _out(n: Notification) -> NotificationOut:
    return NotificationOut(
        id=n.pk,
        kind=n.kind,
        title=n.shown_title,
        body=n.shown_body,
        url=n.safe_url or None,
        created_at=n.created_at,
        read_at=n.read_at,
        is_read=n.is_read,
    )


@router.get(
    "",
    response={200: NotificationPageOut, 401: Problem, 422: Problem},
    summary="My messages, newest first (page_size at most 100)",
)
def list_notifications(
    request: HttpRequest,
    response: HttpResponse,
    page: PageNumber = 1,
    page_size: PageSize = 20,
    unread: Annotated[bool, Query(description="Only unread messages.")] = False,
) -> NotificationPageOut:
    response["Cache-Control"] = "private, no-store"
    actor = actor_of(request)
    messages = notifications_for(actor=actor, unread_only=unread)
    total = messages.count()
    start = (page - 1) * page_size
    return NotificationPageOut(
        items=[_out(n) for n in messages[start : start + page_size]],
        page=page,
        page_size=page_size,
        total=total,
        next_page=page + 1 if start + page_size < total else None,
        unread_count=total if unread else unread_count(actor=actor),
    )


@router.post(
    "/read-all",
    response={200: ReadAllOut, 401: Problem},
    summary="Mark all my messages read",
)
def read_all(request: HttpRequest) -> ReadAllOut:
    return ReadAllOut(marked=notification_mark_all_read(actor=actor_of(request)))


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, 401: Problem, 404: Problem, 422: Problem},
    summary="Mark one of my messages read",
)
def read_one(request: HttpRequest, notification_id: NOTIFICATION_ID) -> NotificationOut:
    return _out(notification_mark_read(actor=actor_of(request), notification_id=notification_id))
