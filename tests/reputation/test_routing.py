"""Lanes from verdicts and tier (pure), and the deterministic fast-lane audit sample."""

import uuid

from ipp.complaints.routing import choose_lane, in_audit_sample
from ipp.complaints.states import Lane


def test_only_trusted_with_nothing_to_review_is_fast():
    assert choose_lane(["pass", "pass"], "trusted") is Lane.FAST
    assert choose_lane(["pass", "fail"], "trusted") is Lane.FAST
    assert choose_lane(["pass", "review"], "trusted") is Lane.STANDARD
    assert choose_lane(["fail", "fail"], "trusted") is Lane.REJECTED
    assert choose_lane([], "trusted") is Lane.REJECTED
    for tier in ("standard", "watch", "suspended"):
        assert choose_lane(["pass"], tier) is Lane.STANDARD


def test_audit_sample_is_deterministic_and_about_five_percent():
    ids = [uuid.UUID(int=i).hex for i in range(4000)]
    drawn = [i for i in ids if in_audit_sample(i)]
    assert 0.035 < len(drawn) / len(ids) < 0.065
    assert drawn == [i for i in ids if in_audit_sample(i)]
    assert not any(in_audit_sample(i, percent=0) for i in ids[:100])
