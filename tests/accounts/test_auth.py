"""Signing in: API tokens with throttling, the web form with CSRF, language across sign-in."""

import re

from sqlmodel import select

from ipp.accounts.models import ApiToken
from tests.factories import make_token, make_user


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def test_token_from_password_and_revocation(client, session):
    user = make_user(session, email="ana@example.com", password="correct-horse")
    response = client.post("/api/v1/auth/token", json={"email": "ANA@example.com",
                                                       "password": "correct-horse"})
    assert response.status_code == 201
    token = response.json["token"]
    assert client.get("/api/v1/complaints",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200
    stored = session.exec(select(ApiToken).where(ApiToken.user_id == user.id)).all()
    assert stored and all(token not in (row.token_hash, row.prefix) for row in stored)
    from datetime import UTC, datetime

    for row in stored:
        row.revoked_at = datetime.now(UTC)
    session.flush()
    assert client.get("/api/v1/complaints",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_token_errors_and_throttle(client, session):
    make_user(session, email="bo@example.com", password="correct-horse")
    assert client.post("/api/v1/auth/token", data="nope").status_code == 400
    missing = client.post("/api/v1/auth/token", json={"email": "bo@example.com"})
    assert missing.status_code == 422 and "password" in missing.json["error"]["fields"]
    for _ in range(10):
        wrong = client.post("/api/v1/auth/token", json={"email": "bo@example.com",
                                                        "password": "wrong-horse"})
        assert wrong.status_code == 401
    throttled = client.post("/api/v1/auth/token", json={"email": "bo@example.com",
                                                        "password": "correct-horse"})
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0


def test_api_rate_limit_per_token(app, client, session):
    app.extensions["ipp"].settings.__dict__["api_rate_limit"] = 3
    token = make_token(session, make_user(session))
    statuses = [client.get("/api/v1/complaints",
                           headers={"Authorization": f"Bearer {token}"}).status_code
                for _ in range(6)]
    assert statuses.count(429) >= 1 and statuses[0] == 200


def test_web_login_needs_csrf_and_keeps_language(client, session):
    make_user(session, email="chen@example.com", password="correct-horse", language="en")
    page = client.get("/login?lang=zh_Hans")
    assert page.status_code == 200 and 'lang="zh-Hans"' in page.text
    no_token = client.post("/login", data={"email": "chen@example.com",
                                           "password": "correct-horse"})
    assert no_token.status_code in (400, 401) and "/login" not in no_token.headers.get("Location", "")
    bad = client.post("/login", data={"email": "chen@example.com", "password": "nope",
                                      "csrf_token": csrf_from(page.text)})
    assert bad.status_code == 401
    good = client.post("/login", data={"email": "chen@example.com", "password": "correct-horse",
                                       "csrf_token": csrf_from(page.text)})
    assert good.status_code == 302
    home = client.get(good.headers["Location"])
    assert home.status_code == 200 and 'lang="zh-Hans"' in home.text


def test_visitor_is_sent_to_login_and_arabic_is_rtl(client):
    assert client.get("/").headers["Location"].endswith("/login")
    page = client.get("/login", headers={"Accept-Language": "ar-EG,ar;q=0.9"})
    assert 'lang="ar"' in page.text and 'dir="rtl"' in page.text
    assert "Content-Security-Policy" in page.headers
