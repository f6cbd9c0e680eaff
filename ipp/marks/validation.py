"""Checks a mark as a rights holder enters it (API body, web form or CSV row); no lookups."""

import re
from datetime import date

from ipp.i18n.markers import N_
from ipp.validation import text_field

MAX_ALIASES = 50
_OFFICE = re.compile(r"^[A-Z][A-Z0-9_-]{1,19}$")
_TERRITORY = re.compile(r"^[A-Z]{2}$")
FIELDS = ("office", "number", "text", "aliases", "nice_classes", "territories",
          "registered_on", "expires_on")


class MarkInvalid(ValueError):
    """Field → msgid of why; nothing is written when this is raised."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(fields))
        self.fields = fields




def _strings(data, key, errors) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors[key] = N_("Give a list of texts.")
        return []
    items = list(dict.fromkeys(v.strip() for v in value if v.strip()))
    if len(items) > MAX_ALIASES or any(len(v) > 300 for v in items):
        errors[key] = N_("Too many or too long.")
    return items


def _classes(data, errors) -> list[int]:
    value = data.get("nice_classes")
    if not isinstance(value, list) or not value or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        errors["nice_classes"] = N_("Give at least one Nice class, a whole number from 1 to 45.")
        return []
    if any(v < 1 or v > 45 for v in value):
        errors["nice_classes"] = N_("Nice classes run from 1 to 45.")
        return []
    return sorted(set(value))


def _date(data, key, errors) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        errors[key] = N_("Not a date YYYY-MM-DD.")
        return None


def parse_mark_input(data: dict, default_territories: dict[str, list[str]]) -> dict:
    """The mark's values, or MarkInvalid with a msgid per field."""
    errors: dict[str, str] = {}
    office = (text_field(data, "office", errors, max_len=20) or "").upper()
    if office and not _OFFICE.match(office):
        errors["office"] = N_("An office is a short code such as USPTO, EUIPO or CNIPA.")
    number = text_field(data, "number", errors, max_len=64)
    text = text_field(data, "text", errors, max_len=300)
    aliases = _strings(data, "aliases", errors)
    classes = _classes(data, errors)
    territories = [t.upper() for t in _strings(data, "territories", errors)]
    if any(not _TERRITORY.match(t) for t in territories):
        errors["territories"] = N_("Territories are two-letter country codes (EU for the "
                                   "European Union).")
    registered_on = _date(data, "registered_on", errors)
    expires_on = _date(data, "expires_on", errors)
    if registered_on and expires_on and expires_on < registered_on:
        errors["expires_on"] = N_("The mark expires before it was registered.")
    if errors:
        raise MarkInvalid(errors)
    return {"office": office, "number": number, "text": text, "aliases": aliases,
            "nice_classes": classes,
            "territories": territories or list(default_territories.get(office, [])),
            "registered_on": registered_on, "expires_on": expires_on}


def split_cell(cell: str | None) -> list[str]:
    """A list in one CSV cell: items separated by | or ;."""
    return [part.strip() for part in re.split(r"[|;]", cell or "") if part.strip()]


def row_to_input(row: dict[str, str]) -> dict:
    """A CSV row (header → cell) in the shape parse_mark_input takes."""
    classes: list = []
    for part in split_cell((row.get("nice_classes") or "").replace(",", "|")):
        classes.append(int(part) if part.isdigit() else part)
    return {"office": row.get("office"), "number": row.get("number"), "text": row.get("text"),
            "aliases": split_cell(row.get("aliases")), "nice_classes": classes,
            "territories": split_cell(row.get("territories")),
            "registered_on": (row.get("registered_on") or "").strip() or None,
            "expires_on": (row.get("expires_on") or "").strip() or None}
