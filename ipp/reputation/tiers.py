"""The tier decision (trusted, standard, watch, suspended) and the messages explaining it (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ipp.i18n.markers import N_
from ipp.reputation.scoring import (
    Message,
    ReputationFigures,
    Severity,
    Signal,
    Tier,
    percent,
    require_aware,
)

# --- Every tier threshold lives here (window: scoring.py; signals: signals.py). ---
TRUSTED_MIN_DECIDED = 20  # explicit floor, independent of WILSON_Z
TRUSTED_MIN_TAKEDOWN_LOWER = 0.90
# Raw rate, not a bound: a clean upper bound <= 5% needs 52+ takedowns, shutting mid-sized
# brands out; the takedown bound already demands a real sample, and a rise in reversals
# demotes at the next recomputation anyway.
TRUSTED_MAX_COUNTER_NOTICE_RATE = 0.05
WATCH_MIN_DECIDED = 10
WATCH_MAX_TAKEDOWN_UPPER = 0.60
WATCH_MIN_TAKEDOWNS_FOR_COUNTER_NOTICE = 10
WATCH_MIN_COUNTER_NOTICE_LOWER = 0.20
WATCH_MIN_MEDIUM_SIGNALS = 2  # or any one high-severity signal
SUSPEND_MIN_DECIDED = 20
SUSPEND_MAX_TAKEDOWN_UPPER = 0.20
SUSPENSION_DAYS = 90
COOL_OFF_DAYS = 90  # "3 months", without calendar-month arithmetic

TIER_LABELS = {
    Tier.TRUSTED: N_("Trusted"),
    Tier.STANDARD: N_("Standard"),
    Tier.WATCH: N_("Watch"),
    Tier.SUSPENDED: N_("Suspended"),
}

@dataclass(frozen=True)
class Override:
    """An admin's tier setting (audited by the caller); active until `expires_on`, if any."""

    tier: Tier
    reason: str  # the admin's own words, shown as written
    expires_on: date | None = None

    def active_on(self, today: date) -> bool:
        return self.expires_on is None or today < self.expires_on


@dataclass(frozen=True)
class TierState:
    """What must be stored between recomputations."""

    tier: Tier
    since: datetime
    review_on: date | None = None
    cool_off_ends_on: date | None = None
    overridden: bool = False


@dataclass(frozen=True)
class TierDecision:
    tier: Tier
    rule_msgid: str
    rule_params: Mapping[str, object]
    explanation: tuple[Message, ...]
    how_to_improve: Message
    review_on: date | None
    changed: bool
    since: datetime
    cool_off_ends_on: date | None = None
    overridden: bool = False

    def to_state(self) -> TierState:
        return TierState(
            self.tier, self.since, self.review_on, self.cool_off_ends_on, self.overridden
        )


@dataclass(frozen=True)
class _Verdict:
    tier: Tier
    rule: Message
    improve: Message
    review_on: date | None = None


R_OVERRIDE = N_("Set by an administrator: %(reason)s")
R_ABUSE = N_("Abuse of the complaint process was confirmed; complaints are refused.")
R_SUSPENSION_CONTINUES = N_("Complaints are refused until the review on %(review_on)s.")
R_UNFOUNDED = N_(
    "Complaints were manifestly unfounded: only %(taken_down)d of %(decided)d "
    "listings were taken down; complaints are refused."
)
R_LOW_RATE = N_(
    "Only %(taken_down)d of %(decided)d listings were taken down; complaints get extra checks."
)
R_REVERSALS = N_(
    "%(reinstated)d of %(taken_down)d takedowns were reversed after a "
    "counter-notice; complaints get extra checks."
)
R_SIGNALS = N_("Recent complaints show patterns that need extra checks.")
R_TRUSTED = N_("Complaints are reliably well founded and qualify for the fast lane.")
R_FEW = N_("Too few decided listings for the fast lane yet: %(decided)d of %(minimum)d.")
R_RATE = N_("The takedown rate is not yet reliably at or above %(percent)d%%.")
R_COUNTER_NOTICES = N_("More than %(percent)d%% of takedowns were reversed after a counter-notice.")
R_BLOCKED_BY_SIGNALS = N_("Patterns in recent complaints keep them out of the fast lane.")
R_COOL_OFF = N_("After a recent fall, the fast lane cannot be regained before %(date)s.")

I_KEEP = N_("Keep complaints accurate: after a fall, the fast lane stays closed for %(days)d days.")
I_MORE = N_(
    "File well-founded complaints: the fast lane needs at least %(minimum)d decided "
    "listings and a takedown rate reliably at or above %(percent)d%%."
)
I_ACCURACY = N_(
    "Only report listings that use your mark, in classes it covers, with clear "
    "evidence; withdraw nothing you can avoid filing."
)
I_REVERSALS = N_(
    "Answer counter-notices with proof of action, and only report listings you can defend."
)
I_WAIT = N_("Keep complaints well founded; the status is reviewed on %(review_on)s.")
I_COOL_OFF = N_("Keep complaints well founded; the fast lane can reopen on %(date)s.")
I_OVERRIDE = N_("Contact the platform team about this setting.")

E_NONE = N_("No listings were decided in the last %(days)d days.")
E_TAKEDOWNS = N_(
    "%(taken_down)d of %(decided)d listings were taken down in the last "
    "%(days)d days (%(percent)d%%)."
)
E_REVERSALS = N_(
    "%(reinstated)d of %(taken_down)d takedowns were reversed after a "
    "counter-notice (%(percent)d%%)."
)
E_COOL_OFF = N_("The fast lane cannot be regained before %(date)s.")
E_REVIEW = N_("The status will be reviewed on %(review_on)s.")


def decide_tier(
    figures: ReputationFigures,
    signals: Iterable[Signal | None],
    previous: TierState | None,
    override: Override | None,
    now: datetime,
    *,
    abuse_confirmed: bool = False,
) -> TierDecision:
    """The tier for these figures; works as well on one reason code's figures (`by_reason`).

    Order: active override, confirmed abuse, running suspension, manifestly unfounded,
    watch, then trusted or standard. An organisation without a previous state counts as
    having been `standard`, so a first decision of `standard` is not a change.
    """
    require_aware(now)
    today = now.date()
    found = [s for s in signals if s is not None]
    active = override is not None and override.active_on(today)
    if active:
        verdict = _Verdict(
            override.tier,
            (R_OVERRIDE, {"reason": override.reason}),
            (I_OVERRIDE, {}),
            override.expires_on,
        )
    else:
        verdict = _rule_verdict(figures, found, previous, today, abuse_confirmed)
    cool = _cool_off(verdict.tier, previous, today)
    changed = verdict.tier != (previous.tier if previous else Tier.STANDARD)
    return TierDecision(
        tier=verdict.tier,
        rule_msgid=verdict.rule[0],
        rule_params=dict(verdict.rule[1]),
        explanation=_explain(figures, found, verdict, cool),
        how_to_improve=verdict.improve,
        review_on=verdict.review_on,
        changed=changed,
        since=now if changed or previous is None else previous.since,
        cool_off_ends_on=cool,
        overridden=active,
    )


def _counts(f: ReputationFigures) -> dict[str, object]:
    return {
        "decided": f.decided_listings,
        "taken_down": f.takedowns,
        "reinstated": f.reinstatements,
        "days": f.window_days,
    }


def _rule_verdict(
    f: ReputationFigures,
    signals: list[Signal],
    previous: TierState | None,
    today: date,
    abuse_confirmed: bool,
) -> _Verdict:
    review_on = today + timedelta(days=SUSPENSION_DAYS)
    wait = (I_WAIT, {"review_on": review_on})
    if abuse_confirmed:
        return _Verdict(Tier.SUSPENDED, (R_ABUSE, {}), wait, review_on)
    if (
        previous is not None
        and previous.tier is Tier.SUSPENDED
        and not previous.overridden
        and previous.review_on is not None
        and today < previous.review_on
    ):
        # Refused complaints produce no new outcomes, so only the review date can lift it.
        kept = {"review_on": previous.review_on}
        return _Verdict(
            Tier.SUSPENDED, (R_SUSPENSION_CONTINUES, kept), (I_WAIT, kept), previous.review_on
        )
    if (
        f.decided_listings >= SUSPEND_MIN_DECIDED
        and f.takedown_bounds[1] < SUSPEND_MAX_TAKEDOWN_UPPER
    ):
        return _Verdict(Tier.SUSPENDED, (R_UNFOUNDED, _counts(f)), wait, review_on)
    return _watch_verdict(f, signals) or _fast_lane_verdict(f, signals, previous, today)


def _strong(signals: list[Signal]) -> bool:
    medium = sum(s.severity is Severity.MEDIUM for s in signals)
    return any(s.severity is Severity.HIGH for s in signals) or medium >= WATCH_MIN_MEDIUM_SIGNALS


def _watch_verdict(f: ReputationFigures, signals: list[Signal]) -> _Verdict | None:
    accuracy = (I_ACCURACY, {})
    if f.decided_listings >= WATCH_MIN_DECIDED and f.takedown_bounds[1] < WATCH_MAX_TAKEDOWN_UPPER:
        return _Verdict(Tier.WATCH, (R_LOW_RATE, _counts(f)), accuracy)
    if (
        f.takedowns >= WATCH_MIN_TAKEDOWNS_FOR_COUNTER_NOTICE
        and f.counter_notice_bounds[0] >= WATCH_MIN_COUNTER_NOTICE_LOWER
    ):
        return _Verdict(Tier.WATCH, (R_REVERSALS, _counts(f)), (I_REVERSALS, {}))
    if _strong(signals):
        return _Verdict(Tier.WATCH, (R_SIGNALS, {"count": len(signals)}), accuracy)
    return None


def _fast_lane_verdict(
    f: ReputationFigures, signals: list[Signal], previous: TierState | None, today: date
) -> _Verdict:
    std = Tier.STANDARD
    more = (
        I_MORE,
        {"minimum": TRUSTED_MIN_DECIDED, "percent": percent(TRUSTED_MIN_TAKEDOWN_LOWER)},
    )
    if f.decided_listings < TRUSTED_MIN_DECIDED:
        return _Verdict(
            std, (R_FEW, {"decided": f.decided_listings, "minimum": TRUSTED_MIN_DECIDED}), more
        )
    if f.takedown_bounds[0] < TRUSTED_MIN_TAKEDOWN_LOWER:
        return _Verdict(std, (R_RATE, {"percent": percent(TRUSTED_MIN_TAKEDOWN_LOWER)}), more)
    if (f.counter_notice_success_rate or 0.0) > TRUSTED_MAX_COUNTER_NOTICE_RATE:
        limit = {"percent": percent(TRUSTED_MAX_COUNTER_NOTICE_RATE)}
        return _Verdict(std, (R_COUNTER_NOTICES, limit), (I_REVERSALS, {}))
    if signals:
        return _Verdict(std, (R_BLOCKED_BY_SIGNALS, {"count": len(signals)}), (I_ACCURACY, {}))
    cool = _cool_off(Tier.TRUSTED, previous, today)
    if cool is not None:
        return _Verdict(std, (R_COOL_OFF, {"date": cool}), (I_COOL_OFF, {"date": cool}))
    return _Verdict(Tier.TRUSTED, (R_TRUSTED, _counts(f)), (I_KEEP, {"days": COOL_OFF_DAYS}))


def _cool_off(tier: Tier, previous: TierState | None, today: date) -> date | None:
    """Watch, suspension, or a fall from earned trust close the fast lane for COOL_OFF_DAYS.

    Armed on every recomputation in or just out of watch/suspension, so it runs from the
    last day there. An override to trusted that lapses is not a fall: it was never earned.
    """
    current = previous.cool_off_ends_on if previous else None
    was_bad = previous is not None and previous.tier in (Tier.WATCH, Tier.SUSPENDED)
    fell = (
        previous is not None
        and previous.tier is Tier.TRUSTED
        and not previous.overridden
        and tier is not Tier.TRUSTED
    )
    if tier in (Tier.WATCH, Tier.SUSPENDED) or was_bad or fell:
        fresh = today + timedelta(days=COOL_OFF_DAYS)
        current = max(current, fresh) if current else fresh
    return current if current is not None and today < current else None


def _explain(
    f: ReputationFigures, signals: list[Signal], verdict: _Verdict, cool: date | None
) -> tuple[Message, ...]:
    if f.decided_listings:
        parts: list[Message] = [(E_TAKEDOWNS, {**_counts(f), "percent": percent(f.takedown_rate)})]
    else:
        parts = [(E_NONE, {"days": f.window_days})]
    if f.takedowns:
        share = percent(f.counter_notice_success_rate)
        parts.append((E_REVERSALS, {**_counts(f), "percent": share}))
    parts += [(s.evidence_msgid, dict(s.evidence_params)) for s in signals]
    if cool is not None and verdict.tier is not Tier.TRUSTED:
        parts.append((E_COOL_OFF, {"date": cool}))
    if verdict.review_on is not None:
        parts.append((E_REVIEW, {"review_on": verdict.review_on}))
    return tuple(parts)
