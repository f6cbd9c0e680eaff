"""GET /api/v1/openapi.json: the OpenAPI document, generated from the registered routes."""

import re

from flask import current_app, jsonify

from ipp.i18n.markers import N_
from ipp.web.api import api_bp

ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message", "fields"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                   "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}}}

# Request bodies of the routes that take one, by endpoint name.
BODIES = {
    "api.issue_token": {"type": "object", "required": ["email", "password"],
                        "properties": {"email": {"type": "string"},
                                       "password": {"type": "string"}}},
    "api.file_complaint": {
        "type": "object", "required": ["mark", "listings", "reason", "declaration"],
        "properties": {
            "mark": {"type": "object", "required": ["office", "number"],
                     "properties": {"office": {"type": "string"}, "number": {"type": "string"}}},
            "listings": {"type": "array", "maxItems": 300, "items": {"type": "string"}},
            "reason": {"type": "string",
                       "enum": ["counterfeit", "trademark_misuse", "test_buy_counterfeit"]},
            "description": {"type": "string"}, "on_behalf_of": {"type": "string"},
            "declaration": {"type": "boolean", "enum": [True]},
            "order_number": {"type": ["string", "null"]}},
        "example": {"mark": {"office": "USPTO", "number": "1234567"},
                    "listings": ["L1", "https://market.example/item/L2"],
                    "reason": "counterfeit", "description": "Fake logo and packaging",
                    "declaration": True}},
    "api.decide": {"type": "object", "required": ["outcome"], "properties": {
        "outcome": {"type": "string", "enum": ["takedown", "reject", "need_info"]},
        "reason_code": {"type": ["string", "null"]}, "note": {"type": "string"},
        "listings": {"type": "object"}}},
    "api.answer_info": {"type": "object", "required": ["note"],
                        "properties": {"note": {"type": "string"}}},
}
PUBLIC = {"api.issue_token", "api.openapi"}

# One line per endpoint, translated on the browsable docs page.
SUMMARIES = {
    "api.issue_token": N_("Exchange an email and password for an API token."),
    "api.file_complaint": N_("File a complaint; every listing is verified before the answer."),
    "api.list_": N_("List complaints you may see, newest first."),
    "api.read": N_("Read one complaint with its listings and checks."),
    "api.withdraw": N_("Withdraw an open complaint."),
    "api.answer_info": N_("Answer a reviewer's request for information."),
    "api.claim": N_("Claim the next complaint in the review queue."),
    "api.heartbeat": N_("Keep your claim on a complaint while you review it."),
    "api.decide": N_("Decide a complaint you hold, per listing if needed."),
    "api.stats": N_("SLA figures: share decided within 24 hours, handling times, open items."),
    "api.takedown_report": N_("Download the takedown report of your organisation."),
    "api.reputation": N_("Your organisation's reputation figures and tier."),
    "api.openapi": N_("This OpenAPI document."),
    "api.override": N_("Set or lift an administrator's override of an organisation's tier."),
}


def _operation(rule, method: str) -> dict:
    view = current_app.view_functions[rule.endpoint]
    doc = SUMMARIES.get(rule.endpoint) or (view.__doc__ or rule.endpoint).strip().splitlines()[0]
    operation = {
        "operationId": f"{method}_{rule.endpoint.split('.')[-1]}",
        "summary": doc,
        "responses": {"default": {"description": "error",
                                  "content": {"application/json": {"schema": ERROR}}},
                      "200": {"description": "OK"}},
    }
    params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
              for name in rule.arguments]
    if params:
        operation["parameters"] = params
    if rule.endpoint in BODIES and method == "post":
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": BODIES[rule.endpoint]}}}
    if rule.endpoint not in PUBLIC:
        operation["security"] = [{"bearer": []}]
    return operation


@api_bp.get("/openapi.json")
def openapi():
    """The OpenAPI document of this API."""
    paths: dict = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, method.lower())
    return jsonify({
        "openapi": "3.1.0",
        "info": {"title": "IPP API", "version": "1"},
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": {"Error": ERROR}},
    })
