"""The principal an agent has chosen to act for, kept in the web session (None: all of them)."""

from flask import has_request_context, session

KEY = "principal_org_id"


def chosen_principal_id() -> int | None:
    """Outside a browser session (API, CLI, jobs) nothing is chosen, so all principals count."""
    if not has_request_context():
        return None
    value = session.get(KEY)
    return value if isinstance(value, int) else None


def choose_principal(org_id: int | None) -> None:
    if org_id is None:
        session.pop(KEY, None)
    else:
        session[KEY] = org_id
