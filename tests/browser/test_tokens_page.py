"""The API token page in a real browser (Japanese): create, use, see last use, revoke."""

import urllib.request

import pytest

from ipp.db import session_scope
from tests.browser.conftest import sign_in, translated
from tests.factories import make_user

pytestmark = pytest.mark.browser


def _call(base, token) -> int:
    request = urllib.request.Request(f"{base}/api/v1/marks",
                                     headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_token_lifecycle_in_japanese(live, page):
    base, factory, app = live
    with session_scope(factory) as session:
        make_user(session, email="tokens@example.com", language="ja")
    sign_in(page, base, "tokens@example.com", "ja")
    page.goto(f"{base}/tokens")
    assert page.locator("h1").inner_text() == translated(app, "ja", "API tokens")
    page.fill("#name", "nightly")
    page.fill("#expires_in_days", "7")
    page.click("#token-form button[type=submit]")
    token = page.locator("#new-token").inner_text().strip()
    row = page.locator('tr[data-name="nightly"]')
    assert row.locator(".last-used").inner_text().strip() == translated(app, "ja", "Never")
    assert _call(base, token) == 200
    page.goto(f"{base}/tokens")
    assert row.locator(".last-used").inner_text().strip() != translated(app, "ja", "Never")
    row.locator("button.danger").click()
    page.wait_for_selector('tr[data-name="nightly"][data-state="revoked"]')
    assert row.locator(".state").inner_text().strip() == translated(app, "ja", "Revoked")
    assert _call(base, token) == 401
