"""Verifies a filing without storing it, so the filer sees every verdict before submitting."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ipp.accounts.models import Role, User
from ipp.complaints.operations import Refused, _check_agent, _find_mark, resolve_principal
from ipp.complaints.states import Verdict
from ipp.complaints.validation import Filing
from ipp.i18n.markers import N_
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
    if actor.role not in (Role.RIGHTS_HOLDER, Role.AGENT) or actor.org_id is None:
        raise Refused(403, N_("Only rights holders and their agents can file complaints."))
    principal = resolve_principal(session, actor=actor, filing=filing)
    if actor.role == Role.AGENT:
        _check_agent(session, actor=actor, principal=principal, now=now)
    mark = _find_mark(session, filing, principal)
    results = verify_refs(session, mark=mark, principal=principal, filer_org_id=actor.org_id,
                          refs=filing.listing_refs, today=now.date())
    return [PreviewRow(ref=ref, listing=listing, verdict=verdict.verdict,
                       reason_code=verdict.reason_code.value if verdict.reason_code else None,
                       checks=[c.as_json() for c in verdict.checks])
            for ref, listing, verdict in results]
