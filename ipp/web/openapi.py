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

# Schemas declared next to the routes (see describe()), by endpoint name.
SPECS: dict[str, dict] = {}
IDEMPOTENCY_HEADER = {"name": "Idempotency-Key", "in": "header", "required": False,
                      "description": "Retries with the same key and body return the first "
                                     "answer (kept 24 hours per token).",
                      "schema": {"type": "string", "minLength": 1, "maxLength": 200}}


def describe(endpoint: str, *, body: dict | None = None, upload: bool = False,
             responses: dict | None = None, query: dict | None = None) -> None:
    """Declares a route's request body (JSON schema, or a multipart `file` when `upload`),
    its JSON responses by status, and its query parameters, for the generated document."""
    SPECS[endpoint] = {"body": body, "upload": upload, "responses": responses or {},
                       "query": query or {}}

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
    "api.report_job": N_("Progress of a report being made in the background."),
    "api.report_job_file": N_("Download a finished background report."),
    "api.complaint_bundle": N_("The evidence bundle of a complaint as PDF."),
    "api.get_report_subscription": N_("Your monthly report e-mail: whether it is on, and its "
                                      "settings."),
    "api.put_report_subscription": N_("Subscribe to the monthly report e-mail, or change its "
                                      "format, language and filters."),
    "api.delete_report_subscription": N_("Stop the monthly report e-mail."),
    "api.reputation": N_("Your organisation's reputation figures and tier."),
    "api.seller_standing": N_("A seller's strikes and restriction, with what it holds back."),
    "api.lift_seller_restriction": N_("Lift a seller's restriction (admins; a reason is required)."),
    "api.decide_held_counter_notice": N_("Reinstate or keep down a restricted seller's held counter-notice."),
    "api.openapi": N_("This OpenAPI document."),
    "api.add_evidence": N_("Add evidence files to a complaint you filed."),
    "api.release": N_("Put a complaint you hold back in the queue at its place."),
    "api.file_counter_notice": N_("File a counter-notice for your listing taken down after a complaint."),
    "api.read_counter_notice": N_("Read a counter-notice you filed or that concerns your complaint."),
    "api.respond_counter_notice": N_("Answer a counter-notice: maintain the takedown or withdraw."),
    "api.list_messages": N_("The message thread of a complaint: need-info and questions."),
    "api.post_message_api": N_("Post a message on a complaint's thread: answer, question or reply."),
    "api.list_notifications": N_("Your notifications, newest first, with the unread count."),
    "api.read_notification": N_("Mark one of your notifications as read."),
    "api.list_marks": N_("List the marks of your library (agents: the marks you may use)."),
    "api.create_mark": N_("Add a mark to your library; it waits for verification."),
    "api.update_mark": N_("Change a mark of your library; it is verified again."),
    "api.upload_certificate": N_("Upload a registration certificate (PDF or image, up to 20 MB)."),
    "api.verify_mark": N_("Verify a pending mark against its certificate (administrators)."),
    "api.reject_mark": N_("Reject a pending mark with a reason (administrators)."),
    "api.list_authorisations": N_("List letters of authorisation you granted or hold."),
    "api.create_authorisation": N_("Authorise an agent for all or some of your marks."),
    "api.revoke_letter": N_("Revoke a letter of authorisation at once."),
    "api.upload_letter_document": N_("Upload the signed letter of authorisation."),
    "api.file_bulk_complaints": N_("File many listings at once, split into complaints of 300; "
                                   "or preview every verdict."),
    "api.override": N_("Set or lift an administrator's override of an organisation's tier."),
    "api.list_resellers": N_("List the authorised resellers of your organisation or principals."),
    "api.add_reseller": N_("Add a seller to your organisation's authorised resellers."),
    "api.remove_reseller": N_("Remove a seller from your organisation's authorised resellers."),
    "api.list_suspected": N_("Suspected listings the proactive scan found for your marks."),
}


def _operation(rule, method: str) -> dict:
    view = current_app.view_functions[rule.endpoint]
    doc = SUMMARIES.get(rule.endpoint) or (view.__doc__ or rule.endpoint).strip().splitlines()[0]
    operation = {
        "operationId": f"{method}_{rule.endpoint.split('.')[-1]}",
        "summary": doc,
        "responses": {"default": {"description": "error",
                                  "content": {"application/json": {"schema": ERROR}}},
                      # Routes that declare no schema: any success, any body.
                      "2XX": {"description": "OK"}},
    }
    params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
              for name in rule.arguments]
    spec = SPECS.get(rule.endpoint, {})
    params += [{"name": name, "in": "query", "required": False, "schema": schema}
               for name, schema in spec.get("query", {}).items()]
    if method == "post" and rule.endpoint not in PUBLIC:
        params.append(IDEMPOTENCY_HEADER)
    if params:
        operation["parameters"] = params
    if rule.endpoint in BODIES and method == "post":
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": BODIES[rule.endpoint]}}}
    _declared(operation, spec, method)
    if rule.endpoint not in PUBLIC:
        operation["security"] = [{"bearer": []}]
    return operation


def _declared(operation: dict, spec: dict, method: str) -> None:
    if spec.get("body") and method in ("post", "patch", "put"):
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": spec["body"]}}}
    if spec.get("upload"):
        operation["requestBody"] = {"required": True, "content": {"multipart/form-data": {
            "schema": {"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary"}}}}}}
    if spec.get("responses"):
        del operation["responses"]["2XX"]
        for status, schema in spec["responses"].items():
            operation["responses"][str(status)] = {
                "description": "OK", "content": {"application/json": {"schema": schema}}}


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
