"""Hardening: cookie flags, security headers with a strict CSP, request size limits (413)
on the web form and the API, sign-in throttling on the web form and the token endpoint."""

import sqlalchemy as sa

from ipp.app import create_app
from ipp.complaints.models import Complaint
from ipp.settings import load_settings
from tests.factories import make_token, make_user
from tests.web.helpers import csrf_from, sign_in


def _app(session_factory, tmp_path, database_url, **env):
    settings = load_settings(env={"IPP_DATA_DIR": str(tmp_path), **env}, testing=True,
                             database_url=database_url, scheduler=False,
                             max_upload_bytes=64 * 1024)
    return create_app(settings, session_factory=session_factory)


def _cookie_flags(response) -> str:
    return next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))


def test_session_cookie_is_secure_only_when_asked(session, session_factory, tmp_path,
                                                  database_url):
    user = make_user(session)
    session.commit()
    plain = _cookie_flags(sign_in(_app(session_factory, tmp_path, database_url).test_client(),
                                  user.email))
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure_app = _app(session_factory, tmp_path, database_url, IPP_SECURE_COOKIES="1")
    secure = _cookie_flags(sign_in(secure_app.test_client(), user.email))
    assert "Secure" in secure and "HttpOnly" in secure and "SameSite=Lax" in secure
    hsts = secure_app.test_client().get("/login").headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=")


def test_pages_and_api_carry_a_strict_csp(client):
    for response in (client.get("/login"), client.get("/api/v1/openapi.json")):
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp and "base-uri 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "Strict-Transport-Security" not in response.headers
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"


def _complaints(session) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(Complaint)).scalar_one()


def test_oversized_api_request_is_413_and_writes_nothing(session, session_factory, tmp_path,
                                                         database_url):
    user = make_user(session)
    token = make_token(session, user)
    session.commit()
    before = _complaints(session)
    client = _app(session_factory, tmp_path, database_url).test_client()
    response = client.post("/api/v1/complaints", data=b"{" + b" " * 100_000 + b"}",
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert _complaints(session) == before


def test_oversized_web_form_is_413_and_writes_nothing(session, session_factory, tmp_path,
                                                      database_url):
    user = make_user(session)
    session.commit()
    before = _complaints(session)
    client = _app(session_factory, tmp_path, database_url).test_client()
    sign_in(client, user.email)
    page = client.get("/complaints/new")
    response = client.post("/complaints/new", data={"csrf_token": csrf_from(page.text),
                                                    "description": "x" * 100_000})
    assert response.status_code == 413
    assert "text/html" in response.content_type
    assert _complaints(session) == before


def test_web_sign_in_is_throttled_after_repeated_failures(session, app, client):
    from ipp.accounts.api import LOGIN_FAILURES, LOGIN_WINDOW

    user = make_user(session)
    session.commit()
    limiter = app.extensions["ipp_limiter"]
    for _ in range(LOGIN_FAILURES - 1):  # earlier failures (hashing each one is slow)
        limiter.hit(f"login:{user.email}", LOGIN_FAILURES, LOGIN_WINDOW)
    page = client.get("/login")
    failed = client.post("/login", data={"email": user.email, "password": "wrong-password",
                                         "csrf_token": csrf_from(page.text)})
    assert failed.status_code == 401  # the tenth failure, counted by the form itself
    page = client.get("/login")
    response = client.post("/login", data={"email": user.email, "password": "correct-horse",
                                           "csrf_token": csrf_from(page.text)})
    # Even the right password is refused while throttled, with a clear message.
    assert response.status_code in (401, 429)
    assert "Too many failed sign-ins" in response.text
    # The API token endpoint shares the count: 429 with Retry-After.
    token = client.post("/api/v1/auth/token", json={"email": user.email,
                                                    "password": "correct-horse"})
    assert token.status_code == 429 and int(token.headers["Retry-After"]) > 0
    assert token.get_json()["error"]["code"] == "rate_limited"
