"""The OpenAPI document lists every API route and is served without a token."""


def test_openapi_covers_the_routes(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    api_rules = {(rule.rule, method) for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("api.")
                 for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = {(path.replace("{", "<").replace("}", ">"), method.upper())
              for path, operations in document["paths"].items() for method in operations}
    assert api_rules == listed
    filing = document["paths"]["/api/v1/complaints"]["post"]
    assert filing["security"] and "requestBody" in filing
    assert "security" not in document["paths"]["/api/v1/auth/token"]["post"]


def test_docs_page_lists_endpoints(client):
    page = client.get("/api/docs?lang=de")
    assert page.status_code == 200 and "/api/v1/review/claim" in page.text
