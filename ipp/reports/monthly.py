"""Monthly report e-mails, the pure part: which month is due, input checks, unsubscribe tokens.

Imports neither Flask nor the database."""

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from itsdangerous import BadSignature, URLSafeSerializer

from ipp.i18n.markers import N_

FORMATS = ("csv", "xlsx", "pdf")
# Larger files are not attached: the mail links to the stored file (kept for 7 days).
DEFAULT_ATTACH_LIMIT = 5 * 1024 * 1024
_TOKEN_SALT = "ipp-report-unsubscribe"


@dataclass(frozen=True)
class Month:
    key: str  # YYYY-MM
    first: date
    last: date


class SubscriptionInvalid(Exception):
    """Bad input: `fields` maps each bad field to a msgid; nothing was changed."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(sorted(fields)))
        self.fields = fields


def zone_of(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def month_of(day: date) -> Month:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Month(f"{first:%Y-%m}", first, following - timedelta(days=1))


def current_month(now: datetime, timezone: str | None) -> Month:
    """The calendar month `now` falls in, on the person's wall clock."""
    return month_of(now.astimezone(zone_of(timezone)).date())


def previous_month(now: datetime, timezone: str | None) -> Month:
    """The last complete month on the person's wall clock: the one the mail reports on."""
    return month_of(current_month(now, timezone).first - timedelta(days=1))


def next_sending_day(now: datetime, timezone: str | None) -> date:
    """The first day of the next month (local): when the current month's report goes out."""
    return current_month(now, timezone).last + timedelta(days=1)


def attach_limit(env: Mapping | None = None) -> int:
    env = os.environ if env is None else env
    return int(env.get("IPP_REPORT_MAIL_MAX_BYTES") or DEFAULT_ATTACH_LIMIT)


def _text(values: Mapping, key: str) -> str | None:
    value = values.get(key)
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else repr(value)


def clean_subscription(values: Mapping, *, mark_ids: set[int], reasons: Mapping,
                       outcomes: Mapping, normalise_language: Callable[[str], str | None],
                       default_language: str) -> dict:
    """The subscription's settings from a form or JSON body; SubscriptionInvalid names every
    bad field (each value a msgid)."""
    fields: dict[str, str] = {}
    fmt = _text(values, "format") or "csv"
    if fmt not in FORMATS:
        fields["format"] = N_("Unsupported format.")
    raw_lang = _text(values, "language")
    language = normalise_language(raw_lang) if raw_lang else default_language
    if language is None:
        fields["language"] = N_("Unsupported language.")
    found: dict = {}
    for key, table in (("reason", reasons), ("outcome", outcomes)):
        value = _text(values, key)
        if value is not None and value not in table:
            fields[key] = N_("Not one of the allowed values.")
        found[key] = value
    mark = values.get("mark")
    mark_id = None
    if mark not in (None, ""):
        text = str(mark)
        if isinstance(mark, bool) or not text.isdigit() or int(text) not in mark_ids:
            fields["mark"] = N_("Not one of your marks.")
        else:
            mark_id = int(text)
    if fields:
        raise SubscriptionInvalid(fields)
    return {"format": fmt, "language": language, "mark_id": mark_id, **found}


def unsubscribe_token(secret: str, *, subscription_id: int, user_id: int) -> str:
    """Signed with the app's secret key: it works without signing in and cannot be forged."""
    return URLSafeSerializer(secret, salt=_TOKEN_SALT).dumps([subscription_id, user_id])


def read_unsubscribe_token(secret: str, token: str) -> tuple[int, int] | None:
    """(subscription id, user id), or None for anything not signed by us."""
    try:
        value = URLSafeSerializer(secret, salt=_TOKEN_SALT).loads(token)
    except BadSignature:
        return None
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        return None
    return value[0], value[1]
