"""Schemathesis against the generated OpenAPI document: no 5xx, responses match their schemas."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.factories import make_listing, make_mark, make_token, make_user, org_of

# Few examples an operation keep the whole run to seconds.
EXAMPLES = 4


def _exercise(operation, headers: dict) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers,
                               checks=[not_a_server_error, response_schema_conformance])

    run()


def test_every_operation_conforms(app, session, database_url):
    if not database_url.startswith("sqlite"):
        # The document and the handlers are the same on both backends; once keeps it quick.
        pytest.skip("schema conformance runs on SQLite only")
    user = make_user(session)
    make_mark(session, org_of(session, user).name, number="1234567")
    make_listing(session, listing_id="L1")
    headers = {"Authorization": f"Bearer {make_token(session, user)}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            _exercise(operation, headers)
        except Exception as error:  # noqa: BLE001  (collect every operation's failure)
            failures[operation.label] = str(error)[:2000]
    assert not failures, "\n\n".join(f"{k}: {v}" for k, v in failures.items())
