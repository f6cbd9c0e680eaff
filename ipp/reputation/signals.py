"""Malicious-complaint pattern signals over one complainant's 90-day history (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from ipp.i18n.markers import N_
from ipp.reputation.scoring import (
    WINDOW_DAYS,
    ComplaintRecord,
    ListingOutcome,
    Severity,
    Signal,
    in_window,
    percent,
    require_aware,
)
from ipp.reputation.strikes import link_by_shared_keys

# --- Every signal threshold lives here (tier thresholds: scoring.py). ---
BURST_HOURS = 24  # a span shorter than 24 h: one filed exactly 24 h later starts a new span
BURST_MIN_COMPLAINTS = 10
CLASS_MISMATCH_MIN_LISTINGS = 10
CLASS_MISMATCH_MIN_SHARE = 0.25
CLASS_MISMATCH_HIGH_SHARE = 0.50
COMPETITOR_MIN_LISTINGS = 5
COMPETITOR_MIN_SHARE = 0.10
WITHDRAWAL_MIN_COMPLAINTS = 10
WITHDRAWAL_MIN_SHARE = 0.30
FAILED_VERIFICATION_MIN_COMPLAINTS = 10
FAILED_VERIFICATION_MIN_SHARE = 0.30
# Reference photos of the genuine product are legitimately reused, hence more than two.
EVIDENCE_REUSE_MIN_UNRELATED = 3
EVIDENCE_LIST_LIMIT = 20  # ids kept in a signal's data, so one signal stays small

BURST = "burst_against_seller"
CLASS_MISMATCH = "class_mismatch"
COMPETITOR_TARGETING = "competitor_targeting"
MANY_WITHDRAWALS = "many_withdrawals"
FAILED_VERIFICATIONS = "failed_verifications"
EVIDENCE_REUSE = "evidence_reuse"

SIGNAL_LABELS = {
    BURST: N_("Burst against one seller"),
    CLASS_MISMATCH: N_("Classes the mark does not cover"),
    COMPETITOR_TARGETING: N_("Targeting competitors"),
    MANY_WITHDRAWALS: N_("Many withdrawals"),
    FAILED_VERIFICATIONS: N_("Many failed verifications"),
    EVIDENCE_REUSE: N_("Same evidence reused"),
}

E_BURST = N_("%(count)d complaints against seller %(seller_id)s within %(hours)d hours.")
E_CLASS_MISMATCH = N_(
    "%(count)d of %(total)d listings (%(percent)d%%) are in classes the mark does not cover."
)
E_COMPETITOR = N_(
    "%(count)d listings of sellers in your own categories were outside the mark's classes."
)
E_WITHDRAWALS = N_("%(count)d of %(total)d complaints (%(percent)d%%) were withdrawn.")
E_FAILED = N_("%(count)d of %(total)d complaints (%(percent)d%%) failed verification.")
E_EVIDENCE = N_("The same evidence file was used in %(count)d unrelated complaints.")


def _recent_complaints(
    complaints: Iterable[ComplaintRecord], now: datetime, days: int
) -> list[ComplaintRecord]:
    require_aware(now)
    return [c for c in complaints if in_window(c.filed_at, now, days)]


def _recent_outcomes(
    outcomes: Iterable[ListingOutcome], now: datetime, days: int
) -> list[ListingOutcome]:
    require_aware(now)
    return [o for o in outcomes if in_window(o.decided_at, now, days)]


def burst_against_seller(
    complaints: Iterable[ComplaintRecord], *, now: datetime, window_days: int = WINDOW_DAYS
) -> Signal | None:
    """At least BURST_MIN_COMPLAINTS complaints naming one seller inside any BURST_HOURS span."""
    times: dict[str, list[datetime]] = defaultdict(list)
    for c in _recent_complaints(complaints, now, window_days):
        for seller_id in c.seller_ids:
            times[seller_id].append(c.filed_at)
    span = timedelta(hours=BURST_HOURS)
    worst: tuple[int, str, datetime, datetime] | None = None
    for seller_id in sorted(times):
        stamps, start = sorted(times[seller_id]), 0
        for end, at in enumerate(stamps):
            while at - stamps[start] >= span:
                start += 1
            count = end - start + 1
            if worst is None or count > worst[0]:
                worst = (count, seller_id, stamps[start], at)
    if worst is None or worst[0] < BURST_MIN_COMPLAINTS:
        return None
    count, seller_id, first_at, last_at = worst
    params = {"count": count, "seller_id": seller_id, "hours": BURST_HOURS}
    data = {"seller_id": seller_id, "count": count, "first_at": first_at, "last_at": last_at}
    return Signal(BURST, Severity.MEDIUM, E_BURST, params, data)


def _outside_classes(o: ListingOutcome) -> bool:
    # Unknown classes on either side prove nothing, so they never count as a mismatch.
    return bool(o.listing_classes and o.mark_classes and not o.listing_classes & o.mark_classes)


def class_mismatch(
    outcomes: Iterable[ListingOutcome], *, now: datetime, window_days: int = WINDOW_DAYS
) -> Signal | None:
    """A large share of complained-about listings sits in classes the mark does not cover."""
    known = [
        o
        for o in _recent_outcomes(outcomes, now, window_days)
        if o.listing_classes and o.mark_classes
    ]
    if len(known) < CLASS_MISMATCH_MIN_LISTINGS:
        return None
    outside = [o for o in known if _outside_classes(o)]
    share = len(outside) / len(known)
    if share < CLASS_MISMATCH_MIN_SHARE:
        return None
    severity = Severity.HIGH if share >= CLASS_MISMATCH_HIGH_SHARE else Severity.MEDIUM
    params = {"count": len(outside), "total": len(known), "percent": percent(share)}
    data = {**params, "share": share, "listing_ids": _ids(o.listing_id for o in outside)}
    return Signal(CLASS_MISMATCH, severity, E_CLASS_MISMATCH, params, data)


def competitor_targeting(
    outcomes: Iterable[ListingOutcome],
    own_categories: Iterable[str],
    *,
    now: datetime,
    window_days: int = WINDOW_DAYS,
) -> Signal | None:
    """Listings of sellers in the complainant's own categories, outside the mark's classes.

    Counterfeiters sell in the brand's categories too, so a category match alone is normal;
    it is the lack of class overlap that makes the complaint look like a move against a rival.
    """
    own = frozenset(own_categories)
    if not own:
        return None
    recent = _recent_outcomes(outcomes, now, window_days)
    hits = [o for o in recent if o.seller_categories & own and _outside_classes(o)]
    if len(hits) < COMPETITOR_MIN_LISTINGS or len(hits) / len(recent) < COMPETITOR_MIN_SHARE:
        return None
    params = {"count": len(hits), "total": len(recent)}
    data = {
        **params,
        "share": len(hits) / len(recent),
        "seller_ids": _ids(o.seller_id for o in hits),
    }
    return Signal(COMPETITOR_TARGETING, Severity.HIGH, E_COMPETITOR, params, data)


def _share_signal(
    code: str, msgid: str, flagged: int, total: int, min_total: int, min_share: float
) -> Signal | None:
    if total < min_total or flagged / total < min_share:
        return None
    params = {"count": flagged, "total": total, "percent": percent(flagged / total)}
    return Signal(code, Severity.MEDIUM, msgid, params, {**params, "share": flagged / total})


def many_withdrawals(
    complaints: Iterable[ComplaintRecord], *, now: datetime, window_days: int = WINDOW_DAYS
) -> Signal | None:
    recent = _recent_complaints(complaints, now, window_days)
    withdrawn = sum(c.withdrawn for c in recent)
    return _share_signal(
        MANY_WITHDRAWALS,
        E_WITHDRAWALS,
        withdrawn,
        len(recent),
        WITHDRAWAL_MIN_COMPLAINTS,
        WITHDRAWAL_MIN_SHARE,
    )


def many_failed_verifications(
    complaints: Iterable[ComplaintRecord], *, now: datetime, window_days: int = WINDOW_DAYS
) -> Signal | None:
    recent = _recent_complaints(complaints, now, window_days)
    failed = sum(c.failed_verification for c in recent)
    return _share_signal(
        FAILED_VERIFICATIONS,
        E_FAILED,
        failed,
        len(recent),
        FAILED_VERIFICATION_MIN_COMPLAINTS,
        FAILED_VERIFICATION_MIN_SHARE,
    )


def evidence_reuse(
    complaints: Iterable[ComplaintRecord], *, now: datetime, window_days: int = WINDOW_DAYS
) -> Signal | None:
    """One evidence file (by hash) behind complaints about different marks or sellers.

    Complaints are related when they name the same mark and share a seller (a re-filing);
    related complaints count once, so only reuse across unrelated targets adds up.
    """
    by_hash: dict[str, list[ComplaintRecord]] = defaultdict(list)
    for c in _recent_complaints(complaints, now, window_days):
        for h in c.evidence_hashes:
            by_hash[h].append(c)
    worst: tuple[int, str, list[str]] | None = None
    for h in sorted(by_hash):
        users = by_hash[h]
        keys = {c.complaint_id: [(c.mark_key, s) for s in c.seller_ids] for c in users}
        unrelated = len(set(link_by_shared_keys(keys).values()))
        if worst is None or unrelated > worst[0]:
            worst = (unrelated, h, sorted(keys))
    if worst is None or worst[0] < EVIDENCE_REUSE_MIN_UNRELATED:
        return None
    count, digest, complaint_ids = worst
    data = {"hash": digest, "count": count, "complaint_ids": complaint_ids[:EVIDENCE_LIST_LIMIT]}
    return Signal(EVIDENCE_REUSE, Severity.MEDIUM, E_EVIDENCE, {"count": count}, data)


def detect_signals(
    complaints: Iterable[ComplaintRecord],
    outcomes: Iterable[ListingOutcome],
    *,
    now: datetime,
    own_categories: Iterable[str] = (),
    window_days: int = WINDOW_DAYS,
) -> list[Signal]:
    """Every signal that fires, in a stable order, ready for `decide_tier`."""
    complaints, outcomes = list(complaints), list(outcomes)
    kw = {"now": now, "window_days": window_days}
    found = [
        burst_against_seller(complaints, **kw),
        class_mismatch(outcomes, **kw),
        competitor_targeting(outcomes, own_categories, **kw),
        many_withdrawals(complaints, **kw),
        many_failed_verifications(complaints, **kw),
        evidence_reuse(complaints, **kw),
    ]
    return [s for s in found if s is not None]


def _ids(values: Iterable[str]) -> list[str]:
    return sorted(set(values))[:EVIDENCE_LIST_LIMIT]
