"""Bulk filing: many listings for one mark, split into complaints of at most 300 each."""

from datetime import datetime

from sqlalchemy.orm import Session

from ipp.accounts.models import User
from ipp.complaints import operations
from ipp.complaints.models import Complaint
from ipp.complaints.preview import PreviewRow, preview_filing
from ipp.complaints.validation import MAX_LISTINGS, FilingInvalid, parse_filing
from ipp.i18n.markers import N_

MAX_BULK = 3000
REF_COLUMNS = ("listing", "listing_id", "url", "id")


def chunked(refs: list[str], size: int = MAX_LISTINGS) -> list[list[str]]:
    return [refs[i:i + size] for i in range(0, len(refs), size)]


def refs_from_rows(rows: list[tuple[int, dict[str, str]]]) -> list[str]:
    """Listing ids or URLs from CSV rows, first of the known columns that is filled, deduplicated."""
    refs = []
    for _line, row in rows:
        ref = next((row[c] for c in REF_COLUMNS if row.get(c)), "")
        if ref:
            refs.append(ref)
    return list(dict.fromkeys(refs))


def _filings(data: dict, *, is_agent: bool):
    refs = data.get("listings")
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise FilingInvalid({"listings": N_("Give a list of listing ids or URLs.")})
    refs = list(dict.fromkeys(r.strip() for r in refs if r.strip()))
    if not refs:
        raise FilingInvalid({"listings": N_("Name at least one listing.")})
    if len(refs) > MAX_BULK:
        raise FilingInvalid({"listings": N_("At most 3000 listings per bulk filing.")})
    return [parse_filing(dict(data, listings=chunk), is_agent=is_agent) for chunk in chunked(refs)]


def preview_bulk(session: Session, *, actor: User, data: dict, now: datetime) -> list[PreviewRow]:
    """Every listing's verdict, chunk by chunk; nothing is written."""
    rows: list[PreviewRow] = []
    for filing in _filings(dict(data, declaration=True), is_agent=actor.role == "agent"):
        rows += preview_filing(session, actor=actor, filing=filing, now=now)
    return rows


def file_bulk(session: Session, *, actor: User, data: dict, language: str,
              now: datetime) -> list[Complaint]:
    """One complaint per 300 listings; all or none (the caller commits once)."""
    return [operations.file_complaint(session, actor=actor, filing=filing, language=language,
                                      now=now)
            for filing in _filings(data, is_agent=actor.role == "agent")]
