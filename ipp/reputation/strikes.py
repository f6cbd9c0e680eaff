"""Seller strikes for upheld takedowns, repeat-infringer levels, and linked-account groups (pure)."""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ipp.i18n.markers import N_
from ipp.reputation.scoring import ListingOutcome, in_window, require_aware

# --- Every strike threshold lives here. ---
STRIKE_WINDOW_DAYS = 365  # long enough to see a repeat, short enough for old cases to fade
REPEAT_INFRINGER_FLAG_STRIKES = 3
REPEAT_INFRINGER_RESTRICT_STRIKES = 5
# Shorter normalised values ("n/a", "none", "0") are placeholders that would link strangers.
LINK_MIN_KEY_CHARS = 5


class StrikeLevel(StrEnum):
    NONE = "none"
    FLAGGED = "flagged"
    RESTRICTED = "restricted"


STRIKE_LEVEL_LABELS = {
    StrikeLevel.NONE: N_("No repeat infringement"),
    StrikeLevel.FLAGGED: N_("Repeat infringer"),
    StrikeLevel.RESTRICTED: N_("Repeat infringer, restricted"),
}


def seller_strikes(
    outcomes: Iterable[ListingOutcome], *, now: datetime, window_days: int = STRIKE_WINDOW_DAYS
) -> int:
    """Strikes of one seller (or one linked group): pass only that seller's outcomes.

    One strike per complaint with an upheld takedown in (now - window_days, now]: a notice
    listing a whole catalogue is one finding, not hundreds, and repeat infringement means
    repeated findings. A takedown reversed after a counter-notice is no strike.
    """
    require_aware(now)
    return len(
        {
            o.complaint_id
            for o in outcomes
            if o.taken_down
            and not o.reinstated_after_counter_notice
            and in_window(o.decided_at, now, window_days)
        }
    )


def strikes_by_group(
    outcomes: Iterable[ListingOutcome],
    groups: Mapping[str, str],
    *,
    now: datetime,
    window_days: int = STRIKE_WINDOW_DAYS,
) -> dict[str, int]:
    """Strikes per linked group (see `group_linked_sellers`); unknown sellers are their own group."""
    per_group: dict[str, list[ListingOutcome]] = {}
    for o in outcomes:
        per_group.setdefault(groups.get(o.seller_id, o.seller_id), []).append(o)
    return {
        g: seller_strikes(outs, now=now, window_days=window_days) for g, outs in per_group.items()
    }


def strike_level(strikes: int) -> StrikeLevel:
    if strikes >= REPEAT_INFRINGER_RESTRICT_STRIKES:
        return StrikeLevel.RESTRICTED
    if strikes >= REPEAT_INFRINGER_FLAG_STRIKES:
        return StrikeLevel.FLAGGED
    return StrikeLevel.NONE


def is_repeat_infringer(strikes: int) -> bool:
    """Flagged or worse; `strike_level` tells flagged from restricted."""
    return strike_level(strikes) is not StrikeLevel.NONE


@dataclass(frozen=True)
class SellerIdentity:
    seller_id: str
    payee: str | None = None  # bank account / payout id
    address: str | None = None
    contact: str | None = None  # e-mail or phone


def _fold(value: str | None) -> str:
    return unicodedata.normalize("NFKC", value or "").casefold().strip()


def _identity_keys(s: SellerIdentity) -> list[tuple[str, str]]:
    """Normalised values, tagged by field so a payee never matches a phone number."""
    contact = _fold(s.contact)
    # E-mail local parts are kept exact (a.b@ and ab@ can be different people); phones by digits.
    contact = contact if "@" in contact else "".join(ch for ch in contact if ch.isdigit())
    raw = {
        "payee": "".join(ch for ch in _fold(s.payee) if ch.isalnum()),
        "address": "".join(ch for ch in _fold(s.address) if ch.isalnum()),
        "contact": contact,
    }
    return [
        (name, value)
        for name, value in raw.items()
        if len(value) >= LINK_MIN_KEY_CHARS and len(set(value)) > 1  # "00000" is a placeholder
    ]


def group_linked_sellers(sellers: Iterable[SellerIdentity]) -> dict[str, str]:
    """seller_id -> group_id, linking sellers who share a payee, address or contact.

    Links are transitive (A shares a payee with B, B an address with C: one group), so
    strikes follow the person across accounts. The group id is the group's smallest seller id.
    """
    keys: dict[str, list[Hashable]] = {}
    for s in sellers:
        keys.setdefault(s.seller_id, []).extend(_identity_keys(s))
    return link_by_shared_keys(keys)


def link_by_shared_keys(keys: Mapping[str, Iterable[Hashable]]) -> dict[str, str]:
    """Union-find: item -> smallest item id of its group; items sharing any key are grouped."""
    parent = {item: item for item in keys}

    def root(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps the trees shallow
            item = parent[item]
        return item

    owner: dict[Hashable, str] = {}
    for item, item_keys in keys.items():
        for key in item_keys:
            if key not in owner:
                owner[key] = item
                continue
            a, b = root(item), root(owner[key])
            if a != b:
                # The smaller id becomes the root, so the group id is deterministic.
                parent[max(a, b)] = min(a, b)
    return {item: root(item) for item in keys}
