"""Verifies a filing without storing it, so the filer sees every verdict before submitting."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ipp.accounts.models import User
from ipp.complaints.operations import resolve_filing
from ipp.complaints.states import Verdict
from ipp.complaints.validation import Filing
from ipp.verification.queries import verify_refs


@dataclass(frozen=True)
class PreviewRow:
    ref: str
    listing: object | None
    verdict: Verdict
    reason_code: str | None
    checks: list[dict]


def preview_filing(session: Session, *, actor: User, filing: Filing,
                   now: datetime) -> list[PreviewRow]:
    """The same checks as filing, read-only: nothing is written."""
    principal, mark = resolve_filing(session, actor=actor, filing=filing, now=now)
    results = verify_refs(session, mark=mark, principal=principal, filer_org_id=actor.org_id,
                          refs=filing.listing_refs, today=now.date())
    return [PreviewRow(ref=ref, listing=listing, verdict=verdict.verdict,
                       reason_code=verdict.reason_code.value if verdict.reason_code else None,
                       checks=[c.as_json() for c in verdict.checks])
            for ref, listing, verdict in results]
