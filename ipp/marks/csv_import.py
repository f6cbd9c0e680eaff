"""CSV import into the library: a preview of each row's outcome, then the same rows applied."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from ipp.accounts.models import User
from ipp.i18n.markers import N_
from ipp.marks import library
from ipp.marks.models import OFFICE_TERRITORIES
from ipp.marks.validation import MarkInvalid, parse_mark_input, row_to_input

COLUMNS = ("office", "number", "text", "nice_classes")


@dataclass
class RowResult:
    line: int
    office: str
    number: str
    text: str
    outcome: str  # create, update, unchanged, error
    errors: dict[str, str] = field(default_factory=dict)
    values: dict | None = None


def check_rows(session: Session, *, org_id: int,
               rows: list[tuple[int, dict[str, str]]]) -> list[RowResult]:
    """What each row would do; reads only."""
    results, seen = [], set()
    for line, row in rows:
        result = RowResult(line=line, office=(row.get("office") or "").upper(),
                           number=row.get("number") or "", text=row.get("text") or "",
                           outcome="error")
        try:
            values = parse_mark_input(row_to_input(row), OFFICE_TERRITORIES)
            if (values["office"], values["number"]) in seen:
                raise library.LibraryError(422, "", {"number": N_("This registration is twice "
                                                                  "in the file.")})
            seen.add((values["office"], values["number"]))
            result.outcome, _mark = library.plan(session, org_id=org_id, values=values)
            result.values = values
        except MarkInvalid as error:
            result.errors = error.fields
        except library.LibraryError as error:
            result.errors = error.fields or {"number": error.message}
        results.append(result)
    return results


def apply_rows(session: Session, *, actor: User, results: list[RowResult],
               now: datetime) -> dict[str, int]:
    """Saves every valid row, each all or nothing; rows with errors are skipped."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    for result in results:
        if result.values is None:
            counts["rejected"] += 1
            continue
        with session.begin_nested():
            outcome, _mark = library.save_mark(session, actor=actor, values=result.values,
                                               now=now)
        counts[outcome] += 1
    return counts
