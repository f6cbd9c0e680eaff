"""Turns stored check results into sentences in the reader's language."""

from flask_babel import gettext

from ipp.i18n import labels


def _param(key: str, value) -> str:
    if key == "field":
        return labels.label(labels.FIELDS, value)
    if key == "status":
        return labels.label(labels.MARK_STATUSES, value)
    if key == "evasions":
        return ", ".join(labels.label(labels.EVASIONS, v) for v in value) or gettext("variant")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "—"
    return str(value)


def render_check(check: dict) -> str:
    params = {key: _param(key, value) for key, value in (check.get("params") or {}).items()}
    msgid = check["message"]  # a variable, so extraction does not take the key for a msgid
    try:
        return gettext(msgid, **params)
    except (KeyError, ValueError, TypeError):
        return check["message"]


def check_view(check: dict) -> dict:
    """The api.md shape of one check, with its detail in the request's language."""
    return {"name": check["name"], "passed": check["passed"],
            "uncertain": check.get("uncertain", False), "detail": render_check(check),
            "label": labels.label(labels.CHECKS, check["name"])}
