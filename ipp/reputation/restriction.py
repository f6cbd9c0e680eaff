"""When a repeat infringer is restricted, and what a restriction holds back (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ipp.i18n.markers import N_
from ipp.reputation.scoring import ListingOutcome, in_window, require_aware
from ipp.reputation.strikes import STRIKE_WINDOW_DAYS, StrikeLevel, strike_level

MAX_LIFT_REASON = 1000
RESTRICTION_REASON = N_("%(strikes)d upheld takedowns in %(days)d days (restricted from %(threshold)d)")
HOLD_REASON = N_("Restricted seller: the listing names the registered mark %(mark)s")
COUNTER_NOTICE_HELD = N_("Restricted seller: the counter-notice waits for a reviewer instead of "
                         "reinstating the listing on its own")


class LiftInvalid(ValueError):
    """Field -> msgid of what is wrong."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(fields)
        self.fields = fields


def iso_or_none(at: datetime | None) -> str | None:
    """How the audit log keeps a restriction's times."""
    return at.isoformat() if at else None


def last_strike_at(outcomes: Iterable[ListingOutcome], *, now: datetime,
                   window_days: int = STRIKE_WINDOW_DAYS) -> datetime | None:
    """When the latest strike in the window was decided (pass one seller's or one group's outcomes)."""
    require_aware(now)
    times = [o.decided_at for o in outcomes
             if o.taken_down and not o.reinstated_after_counter_notice
             and in_window(o.decided_at, now, window_days)]
    return max(times) if times else None


def is_restricted(group_strikes: int, latest_strike_at: datetime | None,
                  lifted_at: datetime | None) -> bool:
    """Restricted at the threshold, unless an admin lifted it and no strike came after the lift.

    Strikes that expire out of the window end a restriction by themselves; a lift holds only
    until the person collects a new strike, so a lift is not a licence to go on.
    """
    if strike_level(group_strikes) is not StrikeLevel.RESTRICTED:
        return False
    if lifted_at is None:
        return True
    return latest_strike_at is not None and latest_strike_at > lifted_at


@dataclass(frozen=True)
class RestrictionChange:
    restricted: bool
    started: bool  # just became restricted: record when and why
    ended: bool


def restriction_change(was_restricted: bool, group_strikes: int, latest_strike_at: datetime | None,
                       lifted_at: datetime | None) -> RestrictionChange:
    now_restricted = is_restricted(group_strikes, latest_strike_at, lifted_at)
    return RestrictionChange(now_restricted, now_restricted and not was_restricted,
                             was_restricted and not now_restricted)


def parse_lift_reason(data: dict) -> str:
    """A lift needs a reason: it is audited and shown to every later reader."""
    value = data.get("reason")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise LiftInvalid({"reason": N_("A reason is required to lift a restriction.")})
    if not isinstance(value, str):
        raise LiftInvalid({"reason": N_("Must be text.")})
    if len(value) > MAX_LIFT_REASON:
        raise LiftInvalid({"reason": N_("Too long.")})
    return value.strip()
