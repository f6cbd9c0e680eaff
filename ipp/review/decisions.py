"""Checks a reviewer's decision (API body or form) before anything is written."""

from dataclasses import dataclass

from ipp.complaints.states import DecisionOutcome, ReasonCode
from ipp.i18n.markers import N_
from ipp.review.operations import ListingDecision


class DecisionInvalid(ValueError):
    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(fields))
        self.fields = fields


@dataclass(frozen=True)
class Decision:
    outcome: DecisionOutcome
    reason_code: ReasonCode | None
    note: str
    per_listing: dict[int, ListingDecision]


def _reason_code(value, errors: dict, key: str, *, required: bool) -> ReasonCode | None:
    if value in (None, ""):
        if required:
            errors[key] = N_("A rejection needs a reason code.")
        return None
    if value not in set(ReasonCode):
        errors[key] = N_("Unknown reason code.")
        return None
    return ReasonCode(value)


def parse_decision(data: dict, *, listing_ids: dict[str, int]) -> Decision:
    """listing_ids maps every name of a listing in the complaint (id, URL typed) to its row."""
    errors: dict[str, str] = {}
    outcome = data.get("outcome")
    if outcome not in set(DecisionOutcome):
        errors["outcome"] = N_("Choose takedown, reject or need_info.")
        raise DecisionInvalid(errors)
    outcome = DecisionOutcome(outcome)
    note = data.get("note") or ""
    if not isinstance(note, str) or len(note) > 10_000:
        errors["note"] = N_("Must be text.")
        note = ""
    if outcome is DecisionOutcome.NEED_INFO and not note.strip():
        errors["note"] = N_("Say what information is needed.")
    reason_code = _reason_code(data.get("reason_code"), errors, "reason_code",
                               required=outcome is DecisionOutcome.REJECT)
    per_listing = _per_listing(data.get("listings"), listing_ids, errors,
                               need_info=outcome is DecisionOutcome.NEED_INFO)
    if errors:
        raise DecisionInvalid(errors)
    return Decision(outcome, reason_code, note.strip(), per_listing)


def _per_listing(raw, listing_ids: dict[str, int], errors: dict, *, need_info: bool):
    if raw in (None, {}):
        return {}
    if need_info:
        errors["listings"] = N_("Per-listing outcomes go with takedown or reject, not need_info.")
        return {}
    if not isinstance(raw, dict):
        errors["listings"] = N_("Give per-listing outcomes as an object keyed by listing id.")
        return {}
    chosen: dict[int, ListingDecision] = {}
    for ref, value in raw.items():
        key = f"listings.{ref}"
        if ref not in listing_ids:
            errors[key] = N_("This listing is not part of the complaint.")
            continue
        if not isinstance(value, dict) or value.get("outcome") not in ("takedown", "reject"):
            errors[key] = N_("Choose takedown or reject.")
            continue
        outcome = DecisionOutcome(value["outcome"])
        code = _reason_code(value.get("reason_code"), errors, key,
                            required=outcome is DecisionOutcome.REJECT)
        chosen[listing_ids[ref]] = ListingDecision(outcome, code)
    return chosen
