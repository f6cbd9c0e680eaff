"""Tests of the malicious-complaint pattern signals."""

from datetime import UTC, datetime, timedelta

from ipp.reputation import signals as sg
from ipp.reputation.scoring import (
    ComplaintRecord,
    ListingOutcome,
    Severity,
    Tier,
    compute_figures,
    decide_tier,
)

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def make_complaint(i=0, filed_at=None, sellers=("S1",), mark="USPTO:1", evidence=(), **kw):
    return ComplaintRecord(
        complaint_id=f"C{i}",
        filed_at=filed_at or NOW - timedelta(days=1),
        reason="counterfeit",
        mark_key=mark,
        seller_ids=frozenset(sellers),
        evidence_hashes=frozenset(evidence),
        **kw,
    )


def make_outcome(i=0, listing_classes=(25,), mark_classes=(25,), categories=(), seller="S1"):
    return ListingOutcome(
        complaint_id=f"C{i}",
        listing_id=f"L{i}",
        seller_id=seller,
        reason="counterfeit",
        decided_at=NOW - timedelta(days=1),
        outcome="rejected",
        listing_classes=frozenset(listing_classes),
        mark_classes=frozenset(mark_classes),
        seller_categories=frozenset(categories),
    )


def burst(count, step, seller="S1"):
    start = NOW - timedelta(days=2)
    return [make_complaint(i, start + i * step, sellers=(seller,)) for i in range(count)]


def mixed(n_out, n_in, **kw):
    outside = [make_outcome(i, listing_classes=(9,), **kw) for i in range(n_out)]
    return outside + [make_outcome(100 + i, **kw) for i in range(n_in)]


# --- bursts ---


def test_ten_complaints_against_one_seller_within_24h_is_a_burst():
    signal = sg.burst_against_seller(burst(10, timedelta(minutes=150)), now=NOW)
    assert signal.code == sg.BURST and signal.severity is Severity.MEDIUM
    assert signal.data["seller_id"] == "S1" and signal.data["count"] == 10
    assert signal.evidence_msgid % signal.evidence_params


def test_nine_complaints_or_a_24h_span_is_no_burst():
    assert sg.burst_against_seller(burst(9, timedelta(minutes=1)), now=NOW) is None
    # The tenth is filed exactly 24 h after the first: a new span.
    assert sg.burst_against_seller(burst(10, timedelta(hours=24) / 9), now=NOW) is None


def test_complaints_spread_over_sellers_or_outside_the_window_are_no_burst():
    spread = [make_complaint(i, sellers=(f"S{i}",)) for i in range(20)]
    assert sg.burst_against_seller(spread, now=NOW) is None
    old = burst(10, timedelta(minutes=1))
    assert sg.burst_against_seller(old, now=NOW + timedelta(days=90)) is None


# --- class mismatch ---


def test_class_mismatch_share_thresholds():
    assert sg.class_mismatch(mixed(2, 8), now=NOW) is None
    medium = sg.class_mismatch(mixed(3, 7), now=NOW)
    assert medium.severity is Severity.MEDIUM and medium.evidence_params["percent"] == 30
    assert sg.class_mismatch(mixed(5, 5), now=NOW).severity is Severity.HIGH


def test_class_mismatch_needs_enough_listings_with_known_classes():
    assert sg.class_mismatch(mixed(9, 0), now=NOW) is None
    unknown = [make_outcome(i, listing_classes=()) for i in range(20)]
    assert sg.class_mismatch(unknown + mixed(9, 0), now=NOW) is None


# --- competitors ---


def test_targeting_own_competitors_outside_the_mark_classes():
    outs = mixed(5, 45, categories=("shoes",))
    signal = sg.competitor_targeting(outs, {"shoes"}, now=NOW)
    assert signal.code == sg.COMPETITOR_TARGETING and signal.severity is Severity.HIGH
    assert signal.data["seller_ids"] == ["S1"]


def test_competitors_inside_the_mark_classes_are_ordinary_counterfeit_cases():
    outs = mixed(0, 50, categories=("shoes",))
    assert sg.competitor_targeting(outs, {"shoes"}, now=NOW) is None


def test_competitor_signal_needs_own_categories_and_enough_hits():
    outs = mixed(5, 45, categories=("shoes",))
    assert sg.competitor_targeting(outs, (), now=NOW) is None
    assert sg.competitor_targeting(outs, {"bags"}, now=NOW) is None
    assert sg.competitor_targeting(mixed(4, 0, categories=("shoes",)), {"shoes"}, now=NOW) is None
    assert sg.competitor_targeting(mixed(5, 46, categories=("shoes",)), {"shoes"}, now=NOW) is None


# --- withdrawals and failed verifications ---


def test_many_withdrawals():
    def comps(withdrawn, total):
        return [make_complaint(i, withdrawn=i < withdrawn) for i in range(total)]

    assert sg.many_withdrawals(comps(3, 10), now=NOW).evidence_params == {
        "count": 3,
        "total": 10,
        "percent": 30,
    }
    assert sg.many_withdrawals(comps(2, 10), now=NOW) is None
    assert sg.many_withdrawals(comps(3, 9), now=NOW) is None


def test_many_failed_verifications():
    def comps(failed, total):
        return [make_complaint(i, failed_verification=i < failed) for i in range(total)]

    assert sg.many_failed_verifications(comps(3, 10), now=NOW).code == sg.FAILED_VERIFICATIONS
    assert sg.many_failed_verifications(comps(2, 10), now=NOW) is None
    assert sg.many_failed_verifications(comps(9, 9), now=NOW) is None


# --- evidence reuse ---


def test_same_evidence_against_unrelated_sellers():
    comps = [make_complaint(i, sellers=(f"S{i}",), evidence=("h1",)) for i in range(3)]
    signal = sg.evidence_reuse(comps, now=NOW)
    assert signal.data == {"hash": "h1", "count": 3, "complaint_ids": ["C0", "C1", "C2"]}


def test_same_evidence_for_different_marks_counts_as_unrelated():
    comps = [make_complaint(i, mark=f"EUIPO:{i}", evidence=("h1",)) for i in range(3)]
    assert sg.evidence_reuse(comps, now=NOW).data["count"] == 3


def test_refilings_against_the_same_seller_and_mark_are_related():
    comps = [make_complaint(i, evidence=("h1",)) for i in range(5)]
    assert sg.evidence_reuse(comps, now=NOW) is None
    two = [make_complaint(i, sellers=(f"S{i}",), evidence=("h1",)) for i in range(2)]
    assert sg.evidence_reuse(two, now=NOW) is None


# --- together ---


def test_detect_signals_feeds_the_tier_decision():
    comps = burst(10, timedelta(minutes=5)) + [
        make_complaint(50 + i, sellers=(f"X{i}",), evidence=("h",)) for i in range(3)
    ]
    found = sg.detect_signals(comps, [], now=NOW)
    assert [s.code for s in found] == [sg.BURST, sg.EVIDENCE_REUSE]
    decision = decide_tier(compute_figures([], comps, now=NOW), found, None, None, NOW)
    assert decision.tier is Tier.WATCH


def test_quiet_history_has_no_signals():
    comps = [make_complaint(i, sellers=(f"S{i}",), evidence=(f"h{i}",)) for i in range(30)]
    assert sg.detect_signals(comps, mixed(0, 30), now=NOW, own_categories={"shoes"}) == []
