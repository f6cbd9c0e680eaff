"""Signing a test client in through the real form."""

import re


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def sign_in(client, email: str, password: str = "correct-horse", lang: str | None = None):
    page = client.get("/login" + (f"?lang={lang}" if lang else ""))
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": csrf_from(page.text)})
    assert response.status_code == 302, response.text
    return response


def auth(token: str) -> dict:
    """The API's bearer-token header."""
    return {"Authorization": f"Bearer {token}"}
