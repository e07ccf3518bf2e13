"""Real Chromium against pytest-django's live server, with the Kota Tangerang demo loaded.

The demo is seeded once per session and kept as a serialised dump (the seeding itself is rolled
back, so other tests in the same worker see an empty database); each browser test loads the dump
into its fresh transactional database.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from kotalive.accounts.models import User
from kotalive.backoffice.session import staff_session_start

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("KOTALIVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A low-end Android phone, the device the pages are built for.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 11; SM-A025F) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
}

# The office's desktop, and the two screens a journey is walked on.
DESKTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 768}}
SCREENS: dict[str, dict[str, Any]] = {"phone": PHONE, "desktop": DESKTOP}

# Every page reports Content-Security-Policy violations to the console, where the tests see them.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


class _InFlight:
    """Requests the live server is answering. The server thread shares the test's in-memory
    SQLite database, whose tables lock as a whole: a request still running when the test's
    database is flushed (a service worker's late fetch as its browser closed) failed the flush with
    "database table is locked" and broke that worker's connection for the tests after it."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = threading.Condition()

    def __enter__(self) -> None:
        with self._idle:
            self._count += 1

    def __exit__(self, *exc: object) -> None:
        with self._idle:
            self._count -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout_s: float = 15.0) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._count == 0, timeout=timeout_s):
                raise AssertionError(f"the live server is still answering after {timeout_s} s")


IN_FLIGHT = _InFlight()


class _GzipStaticFilesHandler(StaticFilesHandler):
    """Static files compressed as in prod (whitenoise serves pre-compressed .gz/.br there),
    so that the page-weight budget measures what a phone really downloads."""

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        with IN_FLIGHT:
            return super().__call__(environ, start_response)

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        response = super().get_response(request)
        assert isinstance(response, HttpResponseBase)
        compressed = GZipMiddleware(lambda _request: response)(request)
        assert isinstance(compressed, HttpResponseBase)
        return compressed


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"  # a secure context: service workers run on http://localhost
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _GzipStaticFilesHandler
    server.start()
    yield server
    server.stop()


def _seeded_models() -> list[Any]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("kotalive.")
        for model in config.get_models()
    ]


@pytest.fixture(scope="session")
def demo_dump(django_db_setup: None, django_db_blocker: Any) -> str:
    """The demo seed as a JSON dump of our own apps' rows (not content types or permissions,
    which every fresh test database re-creates with its own ids)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        models = serializers.sort_dependencies(
            [(config, None) for config in apps.get_app_configs()], allow_cycles=True
        )
        wanted = set(_seeded_models())
        objects = [
            obj
            for model in models
            if model in wanted
            for obj in model._default_manager.order_by(model._meta.pk.name).iterator()
        ]
        dump: str = serializers.serialize("json", objects)
        transaction.set_rollback(True)
    return dump


@pytest.fixture
def demo(transactional_db: None, demo_dump: str) -> Iterator[None]:
    """Load the demo into this test's database; afterwards, let the live server finish what it
    is answering before the database is emptied (the browsers are closed by then)."""
    with transaction.atomic():
        connection.creation.deserialize_db_from_string(demo_dump)
    statements = connection.ops.sequence_reset_sql(no_style(), _seeded_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    yield
    IN_FLIGHT.wait_idle()


@pytest.fixture(scope="package", autouse=True)
def _django_beside_playwright() -> Iterator[None]:
    """Playwright's sync API keeps an event loop running in this thread, which Django takes for
    async code; the database calls here are plain synchronous ones. Only for this package."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def playwright_instance(_django_beside_playwright: None) -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def wait_until(page: Page, script: str, arg: Any = None, timeout_s: float = 10.0) -> None:
    """Until `script` (an async function, awaited) returns true in the page.

    Playwright's wait_for_function takes the promise an async function returns for a true value
    and returns at once, so a wait on the caches written that way waited for nothing."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(script, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {script}")
        page.wait_for_timeout(100)


@dataclass
class Console:
    """What the pages printed: CSP violations and script errors fail a test."""

    messages: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def csp_violations(self) -> list[str]:
        return [m for m in self.messages if "Content Security Policy" in m or "CSP violation" in m]


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def screen(request: pytest.FixtureRequest) -> dict[str, Any]:
    """What `context` opens: the phone, unless a test parametrizes `screen` indirectly with
    "desktop" (or both) to walk its journey on the office's screen too."""
    return SCREENS[getattr(request, "param", "phone")]


@pytest.fixture
def context(
    browser: Browser,
    live_server: LiveServer,
    console: Console,
    demo: None,
    screen: dict[str, Any],
) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", service_workers="allow", **screen
    )
    context.add_init_script(CSP_REPORTER)

    def on_console(message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            console.messages.append(f"{message.type}: {message.text} ({message.location})")

    context.on("console", on_console)
    context.on("weberror", lambda error: console.page_errors.append(str(error.error)))
    yield context
    context.close()
    assert console.csp_violations == [], console.csp_violations
    assert console.page_errors == [], console.page_errors


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def sms_file(tmp_path: Path, settings: Any) -> Path:
    """The dev SMS gateway writes each message as a JSON line; the tests read codes from it."""
    path = tmp_path / "sms.jsonl"
    settings.SMS_FILE_PATH = path
    settings.SMS_BACKEND = "kotalive.accounts.sms.FileSmsGateway"
    return path


def last_code_for(sms_file: Path, phone_digits: str) -> str:
    """The newest 6-digit code sent to a phone number (matched on its last digits)."""
    assert sms_file.exists(), "no SMS was written"
    for line in reversed(sms_file.read_text().splitlines()):
        record = json.loads(line)
        recipient = re.sub(r"\D", "", str(record.get("to") or record.get("phone") or ""))
        if recipient.endswith(phone_digits[-9:]):
            text = str(record.get("body") or record.get("text") or record.get("message") or "")
            found = re.search(r"\b(\d{6})\b", text)
            if found:
                return found.group(1)
    raise AssertionError(f"no code for …{phone_digits[-4:]} in {sms_file}")


AxeCheck = Callable[[Page], None]


@pytest.fixture
def axe(context: BrowserContext) -> AxeCheck:
    """axe-core on the current page; the script is added as an init script (it runs outside the
    page's CSP, which rightly refuses an injected inline <script>)."""
    context.add_init_script(path=str(AXE_JS))

    def check(page: Page) -> None:
        if not page.evaluate("typeof window.axe === 'object'"):
            page.reload()
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {
                resultTypes: ["violations"],
                runOnly: {type: "tag", values: [
                    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice",
                ]},
            });
            return r.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ") + " :: " + n.failureSummary),
            }));
        }""")
        assert result == [], f"axe violations on {page.url}:\n" + json.dumps(result, indent=2)

    return check


def staff_context(
    browser: Browser, live_server: LiveServer, username: str, **options: Any
) -> BrowserContext:
    """A browser signed in as a demo staff member (a session with the TOTP step passed), with the
    CSP reporter and axe loaded; `options` go to `new_context` (a viewport, say)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.session
    staff_session_start(session)
    session.save()
    context = browser.new_context(base_url=live_server.url, locale="id-ID", **options)
    context.add_init_script(CSP_REPORTER)
    context.add_init_script(path=str(AXE_JS))
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key or "",
                "url": live_server.url,
            }
        ]
    )
    return context
