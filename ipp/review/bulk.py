"""The reviewer's form as a decision: per-listing choices, and one outcome for a selection."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ipp.i18n.markers import N_


@dataclass(frozen=True)
class Row:
    """What selection needs of a listing in the complaint."""

    id: int
    verdict: str
    seller: str | None
    action: str


def select_rows(rows: Iterable[Row], selector: str | None) -> set[int]:
    """Row ids named by a selector: "all", "none", "verdict:<v>", "seller:<id>",
    "action:<a>". Unknown selectors select nothing."""
    kind, _sep, value = (selector or "").partition(":")
    if kind == "all":
        return {row.id for row in rows}
    field = {"verdict": "verdict", "seller": "seller", "action": "action"}.get(kind)
    if field is None or not value:
        return set()
    return {row.id for row in rows if getattr(row, field) == value}


def sellers_of(rows: Iterable[Row]) -> list[str]:
    return sorted({row.seller for row in rows if row.seller})


def form_decision(form, rows: Sequence[Row]) -> tuple[dict, dict[str, int], dict[str, str]]:
    """(decision data for parse_decision, listing refs, form errors) from the posted form.

    A listing's own choice wins; else a selected listing gets the selection's outcome;
    else it follows the whole complaint. Errors are msgids keyed by form field."""
    data = {"outcome": form.get("outcome"), "reason_code": form.get("reason_code") or None,
            "note": form.get("note", "")}
    ids = {str(row.id): row.id for row in rows}
    errors: dict[str, str] = {}
    selected = set(form.getlist("selected"))
    bulk = form.get("bulk_outcome") or ""
    if bulk not in ("", "takedown", "reject"):
        errors["bulk_outcome"] = N_("Choose takedown or reject.")
    elif bulk and not selected:
        errors["bulk_outcome"] = N_("Select the listings this outcome is for.")
    if selected - ids.keys():
        errors["selected"] = N_("This listing is not part of the complaint.")
    bulk_reason = form.get("bulk_reason") or None
    if bulk == "reject" and not bulk_reason:
        errors["bulk_reason"] = N_("A rejection needs a reason code.")
    listings = {}
    for ref in ids:
        choice = form.get(f"listing-{ref}")
        if choice in ("takedown", "reject"):
            listings[ref] = {"outcome": choice,
                             "reason_code": form.get(f"listing-{ref}-reason") or None}
        elif bulk and ref in selected:
            listings[ref] = {"outcome": bulk,
                             "reason_code": bulk_reason if bulk == "reject" else None}
    data["listings"] = listings
    return data, ids, errors
