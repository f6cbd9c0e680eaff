"""Renders stored (msgid, params) reputation messages in the viewer's language."""

import re
from datetime import date

from flask_babel import LazyString, format_date, gettext

from ipp.i18n.markers import N_

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

SUSPENDED_UNTIL = N_(
    "Your organisation's complaints are refused until %(review_on)s: too many recent notices "
    "were manifestly unfounded. The status is reviewed on that date; see the Reputation page."
)
SUSPENDED = N_(
    "Your organisation's complaints are refused: an administrator suspended them. "
    "See the Reputation page and contact the platform team."
)


def _param(value):
    # Dates were stored as ISO text; people read them in their own locale's format.
    if isinstance(value, date):
        return format_date(value, "long")
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return format_date(date.fromisoformat(value), "long")
    return value


def render(message) -> str:
    """A [msgid, params] pair (or an empty/legacy value) as text; never raises on a bad catalogue."""
    if not isinstance(message, list | tuple) or len(message) != 2:
        return ""
    msgid, params = message
    params = {k: _param(v) for k, v in (params or {}).items()}
    try:
        return gettext(msgid, **params) if params else gettext(msgid)
    except (KeyError, ValueError, TypeError):
        return msgid % params if params else msgid


def render_all(messages) -> list[str]:
    return [render(m) for m in messages] if isinstance(messages, list) else []


def suspended_message(review_on: date | None) -> LazyString:
    """Lazy: the API and the form translate Refused.message with gettext at response time,
    which passes no params; this renders itself, with the date, in the reader's language."""
    if review_on is None:
        return LazyString(gettext, SUSPENDED)
    return LazyString(lambda: gettext(SUSPENDED_UNTIL, review_on=format_date(review_on, "long")))
