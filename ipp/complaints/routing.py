"""Chooses a complaint's lane from its listings' verdicts and the complainant's tier (pure)."""

from collections.abc import Iterable

from ipp.complaints.states import Lane, Verdict

TRUSTED_TIER = "trusted"


def choose_lane(verdicts: Iterable[Verdict | str], tier: str) -> Lane:
    """`rejected` when every listing failed; `fast` when the complainant is trusted and
    nothing needs a person; otherwise the 24-hour review queue."""
    verdicts = [Verdict(v) for v in verdicts]
    if not verdicts or all(v is Verdict.FAIL for v in verdicts):
        return Lane.REJECTED
    if tier == TRUSTED_TIER and all(v is Verdict.PASS for v in verdicts):
        return Lane.FAST
    return Lane.STANDARD
