"""Browser fixtures: a real ASGI server (uvicorn, in a thread, on the test database) and
Debian's Chromium driven by Playwright.

Without Chromium the browser tests are skipped with the reason, except under CI
(`CI=true`), where a missing browser is a failure: CI installs it.
"""

import os
import shutil
import threading
import time
from dataclasses import dataclass

import pytest
import uvicorn

CHROMIUM = os.environ.get("RUCHE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LiveServer:
    url: str

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://", 1)


@pytest.fixture
def asgi_server(transactional_db):
    """A real uvicorn server for ruche.asgi (HTTP and websockets) on a free port, sharing the
    test database. (Named so as not to clash with pytest-django's WSGI-only `live_server`.)"""
    from channels.layers import channel_layers

    from ruche.asgi import application

    # The channel layer is cached per process and channels_redis binds its locks and pools to
    # the first event loop that uses it; each server here runs its own loop, so each gets a
    # fresh layer (a real process has one loop for its whole life).
    channel_layers.backends.clear()
    config = uvicorn.Config(
        application,
        host="127.0.0.1",
        port=0,
        log_level=os.environ.get("RUCHE_TEST_SERVER_LOG", "warning"),
        lifespan="off",
        ws="auto",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-asgi-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live ASGI server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield LiveServer(url=f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=10)


def _chromium_missing_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


# Module scope: Playwright's loop must stop before other modules' asyncio tests run.
@pytest.fixture(scope="module")
def browser(django_db_setup):
    reason = _chromium_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; the test's own ORM calls
    # (factories) are still synchronous, so Django's async-safety guard must stand aside.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def new_page(browser, asgi_server):
    """new_page(locale="en") -> a Page in a fresh browser context (its own cookies)."""
    contexts = []

    def make(locale: str = "en"):
        context = browser.new_context(
            base_url=asgi_server.url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def login():
    """login(page, user): log in through the real login form."""
    from tests.conftest import PASSWORD

    def do_login(page, user, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/accounts/login" not in url)

    return do_login
