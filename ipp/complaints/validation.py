"""Checks a filing's content (API body or web form) before anything is looked up or written."""

import re
from dataclasses import dataclass

from ipp.complaints.states import Reason
from ipp.i18n.markers import N_
from ipp.validation import text_field

MAX_LISTINGS = 300
MAX_DESCRIPTION = 10_000


class FilingInvalid(ValueError):
    """Field → msgid of why; nothing is written when this is raised."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(fields))
        self.fields = fields


@dataclass(frozen=True)
class Filing:
    mark_office: str
    mark_number: str
    listing_refs: tuple[str, ...]
    reason: Reason
    description: str
    on_behalf_of: str | None
    declaration: bool
    order_number: str | None


def split_listing_refs(text: str) -> list[str]:
    """What a person pastes: ids or URLs separated by new lines, commas or spaces."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


def _dedupe(refs: list[str]) -> tuple[str, ...]:
    seen, unique = set(), []
    for ref in refs:
        if ref not in seen:
            seen.add(ref)
            unique.append(ref)
    return tuple(unique)




def _mark(data: dict, errors: dict) -> tuple[str, str]:
    mark = data.get("mark")
    if not isinstance(mark, dict):
        errors["mark"] = N_("Give the mark as {\"office\": …, \"number\": …}.")
        return "", ""
    office, number = mark.get("office"), mark.get("number")
    if not isinstance(office, str) or not office.strip() or not isinstance(number, str) \
            or not number.strip():
        errors["mark"] = N_("Give the mark's office and registration number.")
        return "", ""
    return office.strip().upper(), number.strip()


def _listings(data: dict, errors: dict) -> tuple[str, ...]:
    refs = data.get("listings")
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        errors["listings"] = N_("Give a list of listing ids or URLs.")
        return ()
    refs = _dedupe([r.strip() for r in refs if r.strip()])
    if not refs:
        errors["listings"] = N_("Name at least one listing.")
    elif len(refs) > MAX_LISTINGS:
        errors["listings"] = N_("At most 300 listings per complaint.")
    elif any(len(r) > 2000 for r in refs):
        errors["listings"] = N_("A listing id or URL is too long.")
    return refs


def parse_filing(data: dict, *, is_agent: bool) -> Filing:
    errors: dict[str, str] = {}
    office, number = _mark(data, errors)
    refs = _listings(data, errors)
    reason = data.get("reason")
    if reason not in set(Reason):
        errors["reason"] = N_("Choose a reason: counterfeit, trademark misuse, or counterfeit "
                              "confirmed by a test buy.")
    description = text_field(data, "description", errors, required=False,
                        max_len=MAX_DESCRIPTION) or ""
    order_number = text_field(data, "order_number", errors, required=False, max_len=100)
    if reason == Reason.TEST_BUY_COUNTERFEIT and not order_number and "order_number" not in errors:
        errors["order_number"] = N_("A test buy needs the order number.")
    on_behalf_of = text_field(data, "on_behalf_of", errors, required=is_agent, max_len=200)
    if is_agent and "on_behalf_of" in errors and data.get("on_behalf_of") is None:
        errors["on_behalf_of"] = N_("Agents must name the rights holder they act for.")
    if data.get("declaration") is not True:
        errors["declaration"] = N_("You must declare in good faith that the complaint is "
                                   "accurate.")
    if errors:
        raise FilingInvalid(errors)
    return Filing(mark_office=office, mark_number=number, listing_refs=refs,
                  reason=Reason(reason), description=description,
                  on_behalf_of=on_behalf_of if is_agent else None,
                  declaration=True, order_number=order_number)
