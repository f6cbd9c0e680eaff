"""The generated document declares the library, letters and bulk routes with their schemas."""

from tests.factories import make_user
from tests.web.helpers import csrf_from, sign_in


def test_new_endpoints_have_schemas_and_idempotency_header(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    create = paths["/api/v1/marks"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["example"]
    assert "201" in create["responses"] and "default" in create["responses"]
    upload = paths["/api/v1/marks/{mark_id}/certificates"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    for path in ("/api/v1/complaints", "/api/v1/complaints/bulk", "/api/v1/authorisations"):
        names = [p["name"] for p in paths[path]["post"]["parameters"]]
        assert "Idempotency-Key" in names
    assert "/api/v1/authorisations/{letter_id}/revoke" in paths
    assert "parameters" not in paths["/api/v1/auth/token"]["post"]


def test_docs_page_shows_examples(client):
    page = client.get("/api/docs?lang=ko")
    assert page.status_code == 200
    assert 'id="post_create_mark"' in page.text and "Idempotency-Key" in page.text


def test_bulk_page_roles(session, client):
    make_user(session, role="seller", email="sel@example.com")
    sign_in(client, "sel@example.com")
    assert client.get("/complaints/bulk").status_code == 403
    token = csrf_from(client.get("/").text)
    assert client.post("/complaints/bulk", data={"csrf_token": token}).status_code == 403
