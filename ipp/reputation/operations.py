"""Writes for reputation: recomputing an organisation's tier, admin overrides, fast-lane audits."""

from datetime import date, datetime

from sqlalchemy.orm import Session

from ipp import audit
from ipp.accounts.models import Organisation, OrgKind, User
from ipp.complaints.models import Complaint
from ipp.reputation.models import FastLaneAudit, OrgReputation
from ipp.reputation.records import history
from ipp.reputation.scoring import ReputationFigures, Signal, Tier, compute_figures
from ipp.reputation.signals import detect_signals
from ipp.reputation.tiers import Override, TierDecision, TierState, decide_tier
from ipp.reputation.validation import OverrideRequest


class UnknownOrganisation(LookupError):
    """Not a rights holder we know: answered as 404, never telling what exists."""


def recompute(session: Session, *, org_id: int, now: datetime) -> OrgReputation:
    """Full recomputation over the window ending at `now`; a tier change is audited."""
    outcomes, complaints, own_categories = history(session, org_id, now=now)
    figures = compute_figures(outcomes, complaints, now=now)
    signals = detect_signals(complaints, outcomes, now=now, own_categories=own_categories)
    row = session.get(OrgReputation, org_id)
    if row is None:
        row = OrgReputation(org_id=org_id, tier=Tier.STANDARD)
        session.add(row)
    decision = decide_tier(figures, signals, _previous(row), _override(row), now)
    before = row.tier if row.computed_at is not None else Tier.STANDARD
    _store_figures(row, figures)
    _store_decision(row, decision, signals)
    row.computed_at = now
    if decision.tier != before:
        audit.record(session, actor_id=None, entity="org_reputation", entity_id=org_id,
                     action="tier", before={"tier": str(before)},
                     after={"tier": str(decision.tier), "rule": decision.rule_msgid}, now=now)
    session.flush()
    return row


def current(session: Session, *, org_id: int, now: datetime) -> OrgReputation:
    """The stored reputation, computed once if the organisation has none yet."""
    return session.get(OrgReputation, org_id) or recompute(session, org_id=org_id, now=now)


def _previous(row: OrgReputation) -> TierState | None:
    if row.computed_at is None:
        return None
    return TierState(Tier(row.tier), row.tier_since or row.computed_at, row.review_on,
                     row.cool_off_ends_on, row.overridden)


def _override(row: OrgReputation) -> Override | None:
    if not row.override_tier:
        return None
    return Override(Tier(row.override_tier), row.override_reason or "", row.override_expires_on)


def jsonable(value):
    """Dates and times as ISO text, so messages' params and signals' data fit a JSON column."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def message(msgid: str, params) -> list:
    return [msgid, jsonable(dict(params))]


def figures_json(f: ReputationFigures) -> dict:
    td, cn = f.takedown_bounds, f.counter_notice_bounds
    return {
        "decided_listings": f.decided_listings, "takedowns": f.takedowns,
        "reinstatements": f.reinstatements, "complaints_filed": f.complaints_filed,
        "withdrawals": f.withdrawals, "failed_verifications": f.failed_verifications,
        "takedown_rate": _share(f.takedown_rate),
        "counter_notice_success_rate": _share(f.counter_notice_success_rate),
        # No cases, no bounds: (0, 1) would read as a finding.
        "takedown_lower": _share(td[0]) if f.decided_listings else None,
        "takedown_upper": _share(td[1]) if f.decided_listings else None,
        "counter_notice_lower": _share(cn[0]) if f.takedowns else None,
        "counter_notice_upper": _share(cn[1]) if f.takedowns else None,
    }


def _share(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def _store_figures(row: OrgReputation, figures: ReputationFigures) -> None:
    for key, value in figures_json(figures).items():
        setattr(row, key, value)
    row.window_days = figures.window_days
    row.by_reason = {reason: figures_json(f) for reason, f in figures.by_reason.items()}


def _store_decision(row: OrgReputation, d: TierDecision, signals: list[Signal]) -> None:
    row.tier = d.tier
    row.tier_since = d.since
    row.rule = message(d.rule_msgid, d.rule_params)
    row.explanation = [message(msgid, params) for msgid, params in d.explanation]
    row.how_to_improve = message(*d.how_to_improve)
    row.review_on = d.review_on
    row.cool_off_ends_on = d.cool_off_ends_on
    row.overridden = d.overridden
    row.signals = [{"code": s.code, "severity": str(s.severity),
                    "evidence": message(s.evidence_msgid, s.evidence_params),
                    "data": jsonable(dict(s.data))} for s in signals]


def set_override(session: Session, *, actor: User, org_id: int, request: OverrideRequest,
                 now: datetime) -> OrgReputation:
    """Sets (or, with tier None, removes) an admin's tier; audited with the reason, then applied."""
    org = session.get(Organisation, org_id)
    if org is None or org.kind != OrgKind.RIGHTS_HOLDER:
        raise UnknownOrganisation(org_id)
    row = current(session, org_id=org_id, now=now)
    before = {"tier": row.tier, "override_tier": row.override_tier,
              "override_reason": row.override_reason,
              "override_expires_on": jsonable(row.override_expires_on)}
    row.override_tier = str(request.tier) if request.tier else None
    row.override_reason = request.reason
    row.override_expires_on = request.expires_on if request.tier else None
    row.override_by_id, row.override_at = actor.id, now
    session.flush()
    recompute(session, org_id=org_id, now=now)
    audit.record(session, actor_id=actor.id, entity="org_reputation", entity_id=org_id,
                 action="override", before=before,
                 after={"tier": row.tier, "override_tier": row.override_tier,
                        "override_reason": request.reason,
                        "override_expires_on": jsonable(row.override_expires_on)}, now=now)
    session.flush()
    return row


def sample_for_audit(session: Session, complaint: Complaint, *, now: datetime) -> FastLaneAudit:
    entry = FastLaneAudit(complaint_id=complaint.id, org_id=complaint.principal_org_id,
                          sampled_at=now)
    session.add(entry)
    return entry


def check_audit(session: Session, *, actor: User, complaint_id: str, note: str,
                now: datetime) -> FastLaneAudit | None:
    """A reviewer looked at a sampled fast-lane complaint; None when it is not in the sample."""
    entry = session.get(FastLaneAudit, complaint_id)
    if entry is None:
        return None
    entry.checked_at, entry.checked_by_id, entry.note = now, actor.id, note
    audit.record(session, actor_id=actor.id, entity="fast_lane_audit", entity_id=complaint_id,
                 action="checked", after={"note": note}, now=now)
    session.flush()
    return entry
