"""The resident's inbox page: list, open one message (marks it read), mark all read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from kotalive.accounts.auth import signed_in_user
from kotalive.core.errors import NotFound
from kotalive.notifications.selectors import notifications_for, unread_count
from kotalive.notifications.services import notification_mark_all_read, notification_mark_read

PAGE_SIZE = 20


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = Paginator(notifications_for(actor=user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "unread": unread_count(actor=user)}
    response = render(request, "notifications/inbox.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def open_message(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        notification = notification_mark_read(
            actor=signed_in_user(request), notification_id=notification_id
        )
    except NotFound as error:
        raise Http404(str(error.message)) from None
    if notification.safe_url:
        return HttpResponseRedirect(notification.safe_url)
    if notification.url:
        # A link that leaves the site is never followed from here (open redirect).
        messages.error(request, _("This message's link cannot be opened."))
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = notification_mark_all_read(actor=signed_in_user(request))
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d message marked as read.", "%(count)d messages marked as read.", count
            )
            % {"count": count},
        )
    return redirect("notifications:inbox")
