from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kotalive.notifications.models import Notification

pytestmark = pytest.mark.django_db

INBOX = "/kotak-masuk/"


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident, backend="kotalive.accounts.backends.StaffBackend")
    client.cookies["django_language"] = "en"
    return client


def test_the_inbox_url_is_kotak_masuk():
    assert reverse("notifications:inbox") == INBOX


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", INBOX), ("post", "/kotak-masuk/baca-semua/"), ("post", "/kotak-masuk/1/buka/")],
)
def test_anonymous_is_sent_to_sign_in(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signin") + "?next=")


def test_owner_sees_only_their_own_messages_with_unread_marked_in_words(
    signed_in, resident, outsider, send
):
    send(resident, title="Your report is resolved", channels=())
    read = send(resident, title="Water bill paid", channels=())
    Notification.objects.filter(pk=read.pk).update(read_at="2026-01-01T00:00:00Z")
    send(outsider, title="Someone else's secret", channels=())

    response = signed_in.get(INBOX)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "<h1>Inbox</h1>" in html
    assert "You have 1 unread message." in html
    assert '<span class="tag">Unread</span> <strong>Your report is resolved</strong>' in html
    assert "Water bill paid" in html
    assert "Someone else" not in html
    assert 'lang="en"' in html


def test_an_empty_inbox_says_so(signed_in):
    html = signed_in.get(INBOX).content.decode()
    assert "No messages yet." in html
    assert "Mark all as read" not in html


def test_opening_a_message_marks_it_read_and_goes_to_its_page(signed_in, resident, send):
    notification = send(resident, url="/laporan/LK-7Q4M2X/", channels=())

    response = signed_in.post(f"/kotak-masuk/{notification.pk}/buka/")

    assert response.status_code == 302
    assert response["Location"] == "/laporan/LK-7Q4M2X/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_a_link_off_the_site_is_never_followed(signed_in, resident, send, url):
    notification = send(resident, channels=())
    # Stored behind the service's back (an old row, an admin edit): the page still refuses it.
    Notification.objects.filter(pk=notification.pk).update(url=url)

    response = signed_in.post(f"/kotak-masuk/{notification.pk}/buka/", follow=True)

    assert response.redirect_chain == [(INBOX, 302)]
    assert "This message&#x27;s link cannot be opened." in response.content.decode()
    assert "evil.example" not in response.content.decode()


def test_outsider_cannot_open_someone_elses_message(client, resident, outsider, send):
    notification = send(resident, url="/laporan/LK-1/", channels=())
    client.force_login(outsider, backend="kotalive.accounts.backends.StaffBackend")

    response = client.post(f"/kotak-masuk/{notification.pk}/buka/")

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_needs_a_post(signed_in, resident, send):
    notification = send(resident, url="/laporan/LK-1/", channels=())
    assert signed_in.get(f"/kotak-masuk/{notification.pk}/buka/").status_code == 405


def test_mark_all_read_marks_only_mine(signed_in, resident, outsider, send):
    send(resident, channels=())
    send(resident, channels=())
    theirs = send(outsider, channels=())

    response = signed_in.post("/kotak-masuk/baca-semua/", follow=True)

    assert "2 messages marked as read." in response.content.decode()
    assert not Notification.objects.filter(user=resident, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_forms_carry_a_csrf_token(resident, send):
    send(resident, url="/laporan/LK-1/", channels=())
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident, backend="kotalive.accounts.backends.StaffBackend")

    html = client.get(INBOX).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') >= 3  # language, read all, open

    assert client.post("/kotak-masuk/baca-semua/").status_code == 403


def test_the_hub_counts_my_unread_messages(rf, resident, outsider, send):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    send(resident, channels=())
    send(resident, channels=())
    send(outsider, channels=())
    template = Template("{% load resident %}{% hub as hub %}{{ hub.inbox }}")
    request = rf.get("/")

    request.user = resident
    assert template.render(Context({"request": request})) == "2"

    request.user = AnonymousUser()
    assert template.render(Context({"request": request})) == "0"
