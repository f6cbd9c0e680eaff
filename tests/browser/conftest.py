"""A live IPP server on a real SQLite file, and Debian's Chromium driven by Playwright."""

import os
import shutil
import socket
import threading

import pytest
from werkzeug.serving import make_server

from ipp.db import make_engine, make_sessionmaker
from ipp.migrate import upgrade
from ipp.settings import load_settings

CHROMIUM = os.environ.get("IPP_CHROMIUM", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live(tmp_path):
    """(base_url, session_factory, app) of a server running in a thread."""
    from ipp.app import create_app

    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    settings = load_settings(env={"IPP_DATA_DIR": str(tmp_path)}, database_url=url,
                             scheduler=False)
    app = create_app(settings, engine=engine, session_factory=factory)
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", factory, app
    server.shutdown()
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is missing at {CHROMIUM} (required under CI)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def translated(app, locale: str, msgid: str, **params) -> str:
    """What the catalogue says for msgid in that locale (the page must show this)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context("/"), force_locale(locale):
        return gettext(msgid, **params)


def sign_in(page, base: str, email: str, lang: str) -> None:
    """Through the real sign-in form, with ?lang= as a visitor would choose it."""
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#email", email)
    page.fill("#password", "correct-horse")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def file_from_page(page, base: str, mark_id: int, listing_refs: list[str]) -> None:
    """Files a complaint through the filing page and waits for its due time to show."""
    page.goto(f"{base}/complaints/new")
    page.select_option("#mark_id", str(mark_id))
    page.fill("#listings", "\n".join(listing_refs))
    page.check("#declaration")
    page.click("#filing-form button[type=submit]")
    page.wait_for_selector("#due-at")
