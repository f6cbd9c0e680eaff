"""Pure rules of the counter-notice: the reasons, the two 3-day windows, input checks."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from ipp.i18n.markers import N_

FILING_WINDOW = timedelta(days=3)  # seller: from the takedown
RESPONSE_WINDOW = timedelta(days=3)  # complainant: from the counter-notice
MAX_STATEMENT = 10_000
MAX_NOTE = 10_000

REASONS = {
    "authorized": N_("I am authorised to sell these goods"),
    "genuine": N_("The goods are genuine"),
    "not_using_mark": N_("The listing does not use the mark"),
    "other": N_("Other reason"),
}
ACTIONS = {"maintain": N_("Maintain the takedown"), "withdraw": N_("Withdraw the complaint")}
STATUSES = {
    "open": N_("Waiting for the complainant"),
    "maintained": N_("Takedown maintained"),
    "withdrawn": N_("Complaint withdrawn: listing reinstated"),
    "lapsed": N_("No answer in time: listing reinstated"),
}
EVENTS = {
    "counter_notice": N_("Counter-notice filed"),
    "counter_notice_maintained": N_("Takedown maintained"),
    "counter_notice_withdrawn": N_("Complaint withdrawn"),
    "reinstated": N_("Listing reinstated"),
}


class Invalid(ValueError):
    """Field → msgid of what is wrong."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(fields)
        self.fields = fields


@dataclass(frozen=True)
class Filing:
    complaint_id: str
    reason: str
    statement: str


@dataclass(frozen=True)
class Response:
    action: str
    evidence_note: str


def filing_deadline(taken_down_at: datetime) -> datetime:
    return taken_down_at + FILING_WINDOW


def response_deadline(filed_at: datetime) -> datetime:
    return filed_at + RESPONSE_WINDOW


def within(now: datetime, deadline: datetime) -> bool:
    """The deadline itself still counts as in time."""
    return now <= deadline


def _text(data: dict, key: str, errors: dict, *, limit: int, required: bool) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[key] = N_("This field is required.")
        return ""
    if not isinstance(value, str):
        errors[key] = N_("Must be text.")
        return ""
    if len(value) > limit:
        errors[key] = N_("Too long.")
    return value.strip()


def parse_filing(data: dict) -> Filing:
    errors: dict[str, str] = {}
    complaint_id = _text(data, "complaint_id", errors, limit=32, required=True)
    reason = data.get("reason")
    if reason not in REASONS:
        errors["reason"] = N_("Choose one of: authorized, genuine, not_using_mark, other.")
    statement = _text(data, "statement", errors, limit=MAX_STATEMENT, required=True)
    if errors:
        raise Invalid(errors)
    return Filing(complaint_id, reason, statement)


def parse_response(data: dict) -> Response:
    errors: dict[str, str] = {}
    action = data.get("action")
    if action not in ACTIONS:
        errors["action"] = N_("Choose maintain or withdraw.")
    # Maintaining needs proof of action: evidence or a note of legal proceedings.
    note = _text(data, "evidence_note", errors, limit=MAX_NOTE, required=action == "maintain")
    if errors:
        raise Invalid(errors)
    return Response(action, note)
