"""Pure rules of the seller restriction: threshold, expiry, and the admin's lift."""

from datetime import UTC, datetime, timedelta

import pytest

from ipp.reputation.restriction import (
    LiftInvalid,
    is_restricted,
    last_strike_at,
    parse_lift_reason,
    restriction_change,
)
from ipp.reputation.scoring import ListingOutcome
from ipp.reputation.strikes import REPEAT_INFRINGER_RESTRICT_STRIKES as LIMIT

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def outcome(complaint, days_ago, action="taken_down"):
    return ListingOutcome(complaint_id=complaint, listing_id=f"L{complaint}", seller_id="s",
                          reason="", decided_at=NOW - timedelta(days=days_ago), outcome=action)


def test_restricted_exactly_at_the_threshold():
    assert not is_restricted(LIMIT - 1, NOW, None)
    assert is_restricted(LIMIT, NOW, None)


def test_a_lift_holds_until_a_new_strike():
    lifted = NOW - timedelta(days=2)
    assert not is_restricted(LIMIT + 3, NOW - timedelta(days=3), lifted)
    assert not is_restricted(LIMIT, lifted, lifted)  # the strike that was lifted is not new
    assert is_restricted(LIMIT, NOW - timedelta(days=1), lifted)


def test_a_new_strike_after_a_lift_below_the_threshold_does_not_restrict():
    assert not is_restricted(LIMIT - 1, NOW, NOW - timedelta(days=5))


def test_change_records_start_and_end():
    started = restriction_change(False, LIMIT, NOW, None)
    assert started.restricted and started.started and not started.ended
    kept = restriction_change(True, LIMIT, NOW, None)
    assert kept.restricted and not kept.started
    expired = restriction_change(True, LIMIT - 1, NOW, None)
    assert not expired.restricted and expired.ended


def test_last_strike_ignores_reinstated_rejected_and_expired():
    outs = [outcome("a", 400), outcome("b", 30), outcome("c", 10, "reinstated"),
            outcome("d", 5, "rejected")]
    assert last_strike_at(outs, now=NOW) == NOW - timedelta(days=30)
    assert last_strike_at([outcome("a", 400)], now=NOW) is None


@pytest.mark.parametrize("data", [{}, {"reason": "  "}, {"reason": 3}, {"reason": "x" * 1001}])
def test_a_lift_needs_a_reason(data):
    with pytest.raises(LiftInvalid) as error:
        parse_lift_reason(data)
    assert "reason" in error.value.fields


def test_lift_reason_is_trimmed():
    assert parse_lift_reason({"reason": " appeal granted "}) == "appeal granted"
