"""Checks an administrator's tier override (API body or form) before anything is written (pure)."""

from dataclasses import dataclass
from datetime import date

from ipp.i18n.markers import N_
from ipp.reputation.scoring import Tier

CLEAR = "automatic"  # the choice that removes the override and lets the rules decide
REASON_MAX = 1000


class OverrideInvalid(ValueError):
    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(fields))
        self.fields = fields  # field -> msgid


@dataclass(frozen=True)
class OverrideRequest:
    tier: Tier | None  # None: remove the override
    reason: str
    expires_on: date | None


def parse_override(data: dict, *, today: date) -> OverrideRequest:
    errors: dict[str, str] = {}
    raw_tier = data.get("tier")
    tier = None
    if raw_tier in (None, "", CLEAR):
        tier = None
    elif isinstance(raw_tier, str) and raw_tier in set(Tier):
        tier = Tier(raw_tier)
    else:
        errors["tier"] = N_("Choose trusted, standard, watch, suspended or automatic.")
    reason = data.get("reason")
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        errors["reason"] = N_("Give the reason for this override; it is kept in the audit log.")
    elif len(reason) > REASON_MAX:
        errors["reason"] = N_("Too long.")
    expires_on = _expiry(data.get("expires_on"), today, errors)
    if errors:
        raise OverrideInvalid(errors)
    return OverrideRequest(tier, reason, expires_on)


def _expiry(raw, today: date, errors: dict[str, str]) -> date | None:
    if raw in (None, ""):
        return None
    try:
        value = date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        value = None
    if value is None:
        errors["expires_on"] = N_("Give a date as YYYY-MM-DD.")
    elif value <= today:
        errors["expires_on"] = N_("The expiry date must be in the future.")
    return value
