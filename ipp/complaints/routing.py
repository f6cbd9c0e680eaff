"""Chooses a complaint's lane from its listings' verdicts and the complainant's tier (pure)."""

import hashlib
from collections.abc import Iterable

from ipp.complaints.states import Lane, Verdict

TRUSTED_TIER = "trusted"
AUDIT_SAMPLE_PERCENT = 5  # of fast-laned complaints, drawn for a reviewer's second look


def choose_lane(verdicts: Iterable[Verdict | str], tier: str) -> Lane:
    """`rejected` when every listing failed; `fast` when the complainant is trusted, nothing
    needs a person (only pass and fail) and at least one listing passed; else the queue.

    Only `trusted` opens the fast lane: `watch` and `suspended` never get it."""
    verdicts = [Verdict(v) for v in verdicts]
    if not verdicts or all(v is Verdict.FAIL for v in verdicts):
        return Lane.REJECTED
    if tier == TRUSTED_TIER and Verdict.REVIEW not in verdicts:
        return Lane.FAST
    return Lane.STANDARD


def in_audit_sample(complaint_id: str, percent: int = AUDIT_SAMPLE_PERCENT) -> bool:
    """Deterministic: the same complaint is always in or out, whoever asks and when."""
    digest = hashlib.sha256(complaint_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent
