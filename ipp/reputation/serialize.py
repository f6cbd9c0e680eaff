"""The JSON shape of an organisation's reputation, with messages in the reader's language."""

from ipp.clock import iso
from ipp.reputation.messages import render, render_all
from ipp.reputation.models import OrgReputation

_FIGURES = ("takedowns", "reinstatements", "complaints_filed", "withdrawals",
            "failed_verifications", "takedown_lower", "takedown_upper",
            "counter_notice_lower", "counter_notice_upper")


def reputation_json(row: OrgReputation) -> dict:
    """api.md's keys first (tier, rates, decided_listings, window_days, explanation), then extras."""
    rule, details = render(row.rule), render_all(row.explanation)
    return {
        "tier": row.tier,
        "takedown_rate": row.takedown_rate,
        "counter_notice_success_rate": row.counter_notice_success_rate,
        "decided_listings": row.decided_listings,
        "window_days": row.window_days,
        "explanation": " ".join(part for part in [rule, *details] if part),
        **{key: getattr(row, key) for key in _FIGURES},
        "rule": rule,
        "details": details,
        "how_to_improve": render(row.how_to_improve),
        "review_on": row.review_on.isoformat() if row.review_on else None,
        "cool_off_ends_on": row.cool_off_ends_on.isoformat() if row.cool_off_ends_on else None,
        "tier_since": iso(row.tier_since),
        "computed_at": iso(row.computed_at),
        "by_reason": row.by_reason or {},
        "signals": [{"code": s["code"], "severity": s["severity"],
                     "evidence": render(s["evidence"])} for s in row.signals or []],
        "override": _override(row),
    }


def _override(row: OrgReputation) -> dict | None:
    if not row.override_tier:
        return None
    return {"tier": row.override_tier, "reason": row.override_reason, "active": row.overridden,
            "expires_on": row.override_expires_on.isoformat() if row.override_expires_on else None}
