"""Complainant reputation: 90-day figures and Wilson bounds (pure); tiers live in tiers.py."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

# --- Window and confidence (tier thresholds: tiers.py; signals: signals.py; strikes: strikes.py).
WINDOW_DAYS = 90  # window is (now - 90 days, now]: an outcome exactly 90 days old is out
WILSON_Z = 1.6449  # one-sided 95%: a tier is granted/imposed only when we are 95% sure

Message = tuple[str, Mapping[str, object]]


class Tier(StrEnum):
    TRUSTED = "trusted"
    STANDARD = "standard"
    WATCH = "watch"
    SUSPENDED = "suspended"


class Severity(StrEnum):
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class ListingOutcome:
    """One decided listing of one complaint; `reinstated_after_counter_notice` only on takedowns."""

    complaint_id: str
    listing_id: str
    seller_id: str
    reason: str
    decided_at: datetime
    outcome: str  # "taken_down" | "rejected"; "reinstated" is read as a reversed takedown
    reinstated_after_counter_notice: bool = False
    listing_classes: frozenset[int] = frozenset()
    mark_classes: frozenset[int] = frozenset()
    seller_categories: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.outcome == "reinstated":
            object.__setattr__(self, "outcome", "taken_down")
            object.__setattr__(self, "reinstated_after_counter_notice", True)
        if self.outcome not in ("taken_down", "rejected"):
            raise ValueError(f"unknown outcome {self.outcome!r}")
        if self.outcome == "rejected" and self.reinstated_after_counter_notice:
            raise ValueError("only a takedown can be reinstated")

    @property
    def taken_down(self) -> bool:
        return self.outcome == "taken_down"


@dataclass(frozen=True)
class ComplaintRecord:
    complaint_id: str
    filed_at: datetime
    reason: str
    mark_key: str = ""  # e.g. "USPTO:1234567"
    seller_ids: frozenset[str] = frozenset()
    evidence_hashes: frozenset[str] = frozenset()
    withdrawn: bool = False
    failed_verification: bool = False


@dataclass(frozen=True)
class Signal:
    code: str
    severity: Severity
    evidence_msgid: str
    evidence_params: Mapping[str, object] = field(default_factory=dict)
    data: Mapping[str, object] = field(default_factory=dict)


def wilson_bounds(successes: int, n: int, z: float = WILSON_Z) -> tuple[float, float]:
    """Wilson score interval of successes/n; (0, 1) when there is nothing to go on."""
    if n == 0:
        return (0.0, 1.0)
    if not 0 <= successes <= n:
        raise ValueError(f"successes {successes} outside 0..{n}")
    p, z2 = successes / n, z * z
    centre = p + z2 / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    denom = 1 + z2 / n
    return (max(0.0, (centre - margin) / denom), min(1.0, (centre + margin) / denom))


def in_window(at: datetime, now: datetime, days: int = WINDOW_DAYS) -> bool:
    """Half-open (now - days, now], so consecutive windows never count a case twice."""
    return now - timedelta(days=days) < at <= now


def require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware UTC datetime")


@dataclass(frozen=True)
class ReputationFigures:
    window_end: datetime
    window_days: int
    decided_listings: int = 0
    takedowns: int = 0  # includes takedowns later reversed: the reversal is counted below
    reinstatements: int = 0
    complaints_filed: int = 0
    withdrawals: int = 0
    failed_verifications: int = 0
    by_reason: Mapping[str, ReputationFigures] = field(default_factory=dict)

    @property
    def takedown_rate(self) -> float | None:
        return self.takedowns / self.decided_listings if self.decided_listings else None

    @property
    def counter_notice_success_rate(self) -> float | None:
        return self.reinstatements / self.takedowns if self.takedowns else None

    @property
    def takedown_bounds(self) -> tuple[float, float]:
        return wilson_bounds(self.takedowns, self.decided_listings)

    @property
    def counter_notice_bounds(self) -> tuple[float, float]:
        return wilson_bounds(self.reinstatements, self.takedowns)

    def to_api(self) -> dict[str, object]:
        """The figures of `GET /api/v1/reputation` (rates are raw shares, null when undefined)."""
        return {
            "takedown_rate": self.takedown_rate,
            "counter_notice_success_rate": self.counter_notice_success_rate,
            "decided_listings": self.decided_listings,
            "window_days": self.window_days,
        }


def compute_figures(
    outcomes: Iterable[ListingOutcome],
    complaints: Iterable[ComplaintRecord],
    *,
    now: datetime,
    window_days: int = WINDOW_DAYS,
) -> ReputationFigures:
    """Figures of one organisation over (now - window_days, now], overall and per reason."""
    require_aware(now)
    outs = [o for o in outcomes if in_window(o.decided_at, now, window_days)]
    comps = [c for c in complaints if in_window(c.filed_at, now, window_days)]
    reasons = sorted({o.reason for o in outs} | {c.reason for c in comps})
    by_reason = {
        r: _tally(
            [o for o in outs if o.reason == r],
            [c for c in comps if c.reason == r],
            now,
            window_days,
        )
        for r in reasons
    }
    return replace(_tally(outs, comps, now, window_days), by_reason=by_reason)


def _tally(
    outs: Sequence[ListingOutcome],
    comps: Sequence[ComplaintRecord],
    now: datetime,
    window_days: int,
) -> ReputationFigures:
    taken = [o for o in outs if o.taken_down]
    return ReputationFigures(
        window_end=now,
        window_days=window_days,
        decided_listings=len(outs),
        takedowns=len(taken),
        reinstatements=sum(o.reinstated_after_counter_notice for o in taken),
        complaints_filed=len(comps),
        withdrawals=sum(c.withdrawn for c in comps),
        failed_verifications=sum(c.failed_verification for c in comps),
    )


def percent(share: float | None) -> int:
    return round(100 * share) if share is not None else 0


# decide_tier and its messages moved to tiers.py; older imports from here keep working.
_MOVED_TO_TIERS = frozenset({
    "Override", "TierState", "TierDecision", "decide_tier", "TIER_LABELS",
    "TRUSTED_MIN_DECIDED", "TRUSTED_MIN_TAKEDOWN_LOWER", "TRUSTED_MAX_COUNTER_NOTICE_RATE",
    "WATCH_MIN_DECIDED", "WATCH_MAX_TAKEDOWN_UPPER", "WATCH_MIN_TAKEDOWNS_FOR_COUNTER_NOTICE",
    "WATCH_MIN_COUNTER_NOTICE_LOWER", "WATCH_MIN_MEDIUM_SIGNALS", "SUSPEND_MIN_DECIDED",
    "SUSPEND_MAX_TAKEDOWN_UPPER", "SUSPENSION_DAYS", "COOL_OFF_DAYS",
})


def __getattr__(name: str):
    # Lazy, because tiers.py imports this module: an eager import would be circular.
    if name in _MOVED_TO_TIERS or name[:2] in ("R_", "I_", "E_"):
        from ipp.reputation import tiers

        return getattr(tiers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
