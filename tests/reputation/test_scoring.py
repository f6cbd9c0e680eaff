"""Tests of reputation figures, Wilson bounds and tier decisions."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipp.reputation import scoring as sc
from ipp.reputation.scoring import (
    ComplaintRecord,
    ListingOutcome,
    Override,
    ReputationFigures,
    Severity,
    Signal,
    Tier,
    TierState,
    compute_figures,
    decide_tier,
    wilson_bounds,
)

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def make_outcome(decided_at=None, outcome="taken_down", reinstated=False, reason="counterfeit"):
    return ListingOutcome(
        complaint_id="C1",
        listing_id="L1",
        seller_id="S1",
        reason=reason,
        decided_at=decided_at or NOW - timedelta(days=1),
        outcome=outcome,
        reinstated_after_counter_notice=reinstated,
    )


def make_complaint(filed_at=None, reason="counterfeit", withdrawn=False, failed=False):
    return ComplaintRecord(
        complaint_id="C1",
        filed_at=filed_at or NOW - timedelta(days=1),
        reason=reason,
        withdrawn=withdrawn,
        failed_verification=failed,
    )


def make_figures(decided, taken, reinstated=0):
    return ReputationFigures(
        window_end=NOW,
        window_days=90,
        decided_listings=decided,
        takedowns=taken,
        reinstatements=reinstated,
    )


def make_signal(severity=Severity.MEDIUM, code="x"):
    return Signal(code, severity, "%(count)d things.", {"count": 1})


def tier_of(decided, taken, reinstated=0, signals=(), previous=None, now=NOW, **kw):
    return decide_tier(make_figures(decided, taken, reinstated), signals, previous, None, now, **kw)


# --- Wilson bounds ---


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_bounds_bracket_the_observed_share(pair):
    k, n = pair
    lo, hi = wilson_bounds(k, n)
    share = k / n if n else 0.5
    assert 0.0 <= lo <= share + 1e-12
    assert share - 1e-12 <= hi <= 1.0


@given(st.integers(1, 300), st.integers(1, 5))
def test_wilson_bounds_narrow_with_more_of_the_same(n, factor):
    lo_small, hi_small = wilson_bounds(n // 2, n)
    lo_big, hi_big = wilson_bounds(n // 2 * factor * 2, n * factor * 2)
    assert hi_big - lo_big <= hi_small - lo_small + 1e-12


def test_wilson_bounds_known_values_and_empty_sample():
    assert wilson_bounds(0, 0) == (0.0, 1.0)
    assert wilson_bounds(25, 25)[0] == pytest.approx(0.9023, abs=1e-4)
    assert wilson_bounds(0, 10)[1] == pytest.approx(0.2130, abs=1e-4)
    with pytest.raises(ValueError):
        wilson_bounds(4, 3)


# --- figures ---


def test_window_is_half_open_exactly_90_days_old_is_out():
    edge = NOW - timedelta(days=90)
    outs = [
        make_outcome(decided_at=edge),
        make_outcome(decided_at=edge + timedelta(microseconds=1)),
        make_outcome(decided_at=NOW),
        make_outcome(decided_at=NOW + timedelta(seconds=1)),
    ]
    assert compute_figures(outs, [], now=NOW).decided_listings == 2


def test_complaint_window_uses_filing_time():
    edge = NOW - timedelta(days=90)
    comps = [make_complaint(filed_at=edge, withdrawn=True), make_complaint(withdrawn=True)]
    figures = compute_figures([], comps, now=NOW)
    assert (figures.complaints_filed, figures.withdrawals) == (1, 1)


def test_rates_count_reversed_takedowns_as_takedowns():
    outs = [make_outcome(), make_outcome(reinstated=True), make_outcome(outcome="rejected")]
    figures = compute_figures(outs, [], now=NOW)
    assert figures.takedown_rate == pytest.approx(2 / 3)
    assert figures.counter_notice_success_rate == pytest.approx(1 / 2)


def test_reinstated_outcome_reads_as_reversed_takedown_and_rejected_cannot_be_reinstated():
    outcome = make_outcome(outcome="reinstated")
    assert outcome.taken_down and outcome.reinstated_after_counter_notice
    with pytest.raises(ValueError):
        make_outcome(outcome="rejected", reinstated=True)
    with pytest.raises(ValueError):
        make_outcome(outcome="pending")


def test_figures_per_reason_code():
    outs = [make_outcome(), make_outcome(reason="trademark_misuse", outcome="rejected")]
    comps = [make_complaint(reason="trademark_misuse", failed=True)]
    figures = compute_figures(outs, comps, now=NOW)
    misuse = figures.by_reason["trademark_misuse"]
    assert (misuse.decided_listings, misuse.takedowns, misuse.failed_verifications) == (1, 0, 1)
    assert figures.by_reason["counterfeit"].takedown_rate == 1.0
    assert figures.decided_listings == 2


def test_api_figures_have_the_documented_keys_and_null_rates_without_cases():
    api = compute_figures([], [], now=NOW).to_api()
    assert api == {
        "takedown_rate": None,
        "counter_notice_success_rate": None,
        "decided_listings": 0,
        "window_days": 90,
    }


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        compute_figures([], [], now=datetime(2026, 5, 1))


# --- tiers ---


def test_three_of_three_is_not_trusted():
    decision = tier_of(3, 3)
    assert decision.tier is Tier.STANDARD
    assert decision.rule_msgid == sc.R_FEW
    assert decision.rule_params == {"decided": 3, "minimum": 20}


def test_nineteen_of_nineteen_is_below_the_floor():
    assert tier_of(19, 19).rule_msgid == sc.R_FEW


def test_trusted_boundary_on_a_perfect_record():
    assert wilson_bounds(24, 24)[0] < 0.90 <= wilson_bounds(25, 25)[0]
    assert tier_of(24, 24).rule_msgid == sc.R_RATE
    assert tier_of(25, 25).tier is Tier.TRUSTED


def test_trusted_boundary_at_one_hundred_listings():
    assert tier_of(100, 95).tier is Tier.TRUSTED
    assert tier_of(100, 94).tier is Tier.STANDARD


def test_trusted_allows_at_most_five_percent_counter_notice_success():
    assert tier_of(100, 100, reinstated=5).tier is Tier.TRUSTED
    decision = tier_of(100, 100, reinstated=6)
    assert (decision.tier, decision.rule_msgid) == (Tier.STANDARD, sc.R_COUNTER_NOTICES)


def test_watch_boundary_on_a_low_takedown_rate():
    assert wilson_bounds(18, 40)[1] < 0.60 <= wilson_bounds(19, 40)[1]
    assert tier_of(40, 18).rule_msgid == sc.R_LOW_RATE
    assert tier_of(40, 19).tier is Tier.STANDARD


def test_few_rejections_decide_nothing():
    assert tier_of(9, 0).tier is Tier.STANDARD
    assert tier_of(10, 0).tier is Tier.WATCH


def test_watch_on_successful_counter_notices():
    decision = tier_of(10, 10, reinstated=5)
    assert (decision.tier, decision.rule_msgid) == (Tier.WATCH, sc.R_REVERSALS)
    assert tier_of(10, 10, reinstated=4).tier is Tier.STANDARD
    assert tier_of(9, 9, reinstated=9).tier is Tier.STANDARD  # too few takedowns


def test_suspended_boundary_and_review_date():
    decision = tier_of(20, 1)
    assert (decision.tier, decision.rule_msgid) == (Tier.SUSPENDED, sc.R_UNFOUNDED)
    assert decision.review_on == TODAY + timedelta(days=90)
    assert tier_of(20, 2).tier is Tier.WATCH
    assert tier_of(19, 0).tier is Tier.WATCH  # too few for a suspension


def test_confirmed_abuse_suspends_even_a_perfect_record():
    decision = tier_of(100, 100, abuse_confirmed=True)
    assert (decision.tier, decision.rule_msgid) == (Tier.SUSPENDED, sc.R_ABUSE)


def test_suspension_runs_until_its_review_date():
    review_on = TODAY + timedelta(days=10)
    previous = TierState(Tier.SUSPENDED, NOW - timedelta(days=80), review_on=review_on)
    kept = tier_of(100, 100, previous=previous)
    assert (kept.tier, kept.review_on, kept.changed) == (Tier.SUSPENDED, review_on, False)
    later = NOW + timedelta(days=10)
    after = tier_of(100, 100, previous=previous, now=later)
    assert after.tier is Tier.STANDARD  # the cool-off still closes the fast lane
    assert after.rule_msgid == sc.R_COOL_OFF


def test_signals_high_or_two_medium_mean_watch_one_medium_blocks_trusted():
    assert tier_of(100, 100, signals=[make_signal(Severity.HIGH)]).tier is Tier.WATCH
    two = [make_signal(), make_signal(code="y")]
    assert tier_of(100, 100, signals=two).rule_msgid == sc.R_SIGNALS
    one = tier_of(100, 100, signals=[make_signal(), None])
    assert (one.tier, one.rule_msgid) == (Tier.STANDARD, sc.R_BLOCKED_BY_SIGNALS)
    assert ("%(count)d things.", {"count": 1}) in one.explanation


def test_fall_from_trusted_closes_the_fast_lane_for_90_days():
    previous = TierState(Tier.TRUSTED, NOW - timedelta(days=200))
    fall = tier_of(100, 80, previous=previous)
    assert (fall.tier, fall.changed) == (Tier.STANDARD, True)
    assert fall.cool_off_ends_on == TODAY + timedelta(days=90)
    state = fall.to_state()
    almost = tier_of(100, 100, previous=state, now=NOW + timedelta(days=89))
    assert (almost.tier, almost.rule_msgid) == (Tier.STANDARD, sc.R_COOL_OFF)
    back = tier_of(100, 100, previous=state, now=NOW + timedelta(days=90))
    assert (back.tier, back.cool_off_ends_on) == (Tier.TRUSTED, None)


def test_every_day_in_watch_rearms_the_cool_off():
    previous = TierState(Tier.WATCH, NOW - timedelta(days=30), cool_off_ends_on=TODAY)
    still = tier_of(40, 10, previous=previous)
    assert still.cool_off_ends_on == TODAY + timedelta(days=90)
    assert still.since == previous.since and not still.changed


def test_override_wins_until_it_expires():
    override = Override(Tier.TRUSTED, "verified brand owner", expires_on=TODAY + timedelta(days=1))
    figures = make_figures(40, 10)
    on = decide_tier(figures, [], None, override, NOW)
    assert (on.tier, on.overridden, on.rule_msgid) == (Tier.TRUSTED, True, sc.R_OVERRIDE)
    assert on.rule_params == {"reason": "verified brand owner"}
    lapsed = decide_tier(figures, [], on.to_state(), override, NOW + timedelta(days=1))
    assert (lapsed.tier, lapsed.overridden) == (Tier.WATCH, False)


def test_lapsed_trusted_override_is_not_a_fall():
    previous = TierState(Tier.TRUSTED, NOW - timedelta(days=5), overridden=True)
    assert tier_of(30, 25, previous=previous).cool_off_ends_on is None


def test_override_to_suspended_reviews_on_expiry():
    override = Override(Tier.SUSPENDED, "abuse", expires_on=TODAY + timedelta(days=30))
    decision = decide_tier(make_figures(100, 100), [], None, override, NOW)
    assert (decision.tier, decision.review_on) == (Tier.SUSPENDED, override.expires_on)
    assert decision.cool_off_ends_on == TODAY + timedelta(days=90)


def test_first_standard_is_no_change_and_first_trusted_is():
    assert tier_of(3, 3).changed is False
    assert tier_of(25, 25).changed is True


def test_every_message_formats_with_its_params():
    previous = TierState(Tier.TRUSTED, NOW - timedelta(days=1))
    decisions = [
        tier_of(0, 0),
        tier_of(25, 25),
        tier_of(40, 10, previous=previous),
        tier_of(20, 0),
        tier_of(10, 10, reinstated=6),
        tier_of(100, 100, signals=[make_signal(Severity.HIGH)]),
        tier_of(100, 100, reinstated=9),
    ]
    for d in decisions:
        assert isinstance(d.rule_msgid % d.rule_params, str)
        assert isinstance(d.how_to_improve[0] % d.how_to_improve[1], str)
        for msgid, params in d.explanation:
            assert isinstance(msgid % params, str)


RANK = {Tier.SUSPENDED: 0, Tier.WATCH: 1, Tier.STANDARD: 2, Tier.TRUSTED: 3}


@given(st.integers(0, 200).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_more_takedowns_never_lower_the_tier(pair):
    n, k = pair
    if k < n:
        assert RANK[tier_of(n, k).tier] <= RANK[tier_of(n, k + 1).tier]


def test_decision_date_types():
    decision = tier_of(20, 0)
    assert isinstance(decision.review_on, date)
    assert decision.since == NOW
