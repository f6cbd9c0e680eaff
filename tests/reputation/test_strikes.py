"""Tests of seller strikes, repeat-infringer levels and linked-account grouping."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ipp.reputation.scoring import ListingOutcome
from ipp.reputation.strikes import (
    SellerIdentity,
    StrikeLevel,
    group_linked_sellers,
    is_repeat_infringer,
    seller_strikes,
    strike_level,
    strikes_by_group,
)

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def make_outcome(complaint="C1", listing="L1", seller="S1", outcome="taken_down", **kw):
    return ListingOutcome(
        complaint_id=complaint,
        listing_id=listing,
        seller_id=seller,
        reason="counterfeit",
        decided_at=kw.pop("decided_at", NOW - timedelta(days=1)),
        outcome=outcome,
        **kw,
    )


def test_only_upheld_takedowns_are_strikes():
    outs = [
        make_outcome("C1"),
        make_outcome("C2", reinstated_after_counter_notice=True),
        make_outcome("C3", outcome="rejected"),
    ]
    assert seller_strikes(outs, now=NOW) == 1


def test_many_listings_of_one_complaint_are_one_strike():
    outs = [make_outcome("C1", f"L{i}") for i in range(300)] + [make_outcome("C2")]
    assert seller_strikes(outs, now=NOW) == 2


def test_strikes_expire_after_a_year_exactly():
    edge = NOW - timedelta(days=365)
    outs = [
        make_outcome("C1", decided_at=edge),
        make_outcome("C2", decided_at=edge + timedelta(seconds=1)),
    ]
    assert seller_strikes(outs, now=NOW) == 1


def test_repeat_infringer_levels():
    levels = [strike_level(n) for n in range(7)]
    assert (
        levels == [StrikeLevel.NONE] * 3 + [StrikeLevel.FLAGGED] * 2 + [StrikeLevel.RESTRICTED] * 2
    )
    assert not is_repeat_infringer(2) and is_repeat_infringer(3) and is_repeat_infringer(5)


def test_shared_payee_links_after_normalisation():
    groups = group_linked_sellers(
        [
            SellerIdentity("B", payee="DE89 3704 0044 0532 0130 00"),
            SellerIdentity("A", payee="de89-3704-0044-0532-0130-00"),
            SellerIdentity("C", payee="FR76 3000 6000 0112 3456 7890 189"),
        ]
    )
    assert groups == {"A": "A", "B": "A", "C": "C"}


def test_links_are_transitive_across_fields():
    groups = group_linked_sellers(
        [
            SellerIdentity("S3", payee="ACCT-998877"),
            SellerIdentity("S2", payee="acct 998877", address="1 Rue de Rivoli, Paris"),
            SellerIdentity("S1", address="1 rue de  rivoli paris"),
            SellerIdentity("S4", contact="+33 1 23 45 67 89"),
        ]
    )
    assert groups == {"S1": "S1", "S2": "S1", "S3": "S1", "S4": "S4"}


def test_fullwidth_and_case_fold_in_contacts():
    groups = group_linked_sellers(
        [
            SellerIdentity("A", contact="Shop@Example.com"),
            SellerIdentity("B", contact="ｓｈｏｐ@example.com"),
        ]
    )
    assert groups["B"] == "A"


def test_phone_numbers_compare_by_digits_and_emails_stay_exact():
    groups = group_linked_sellers(
        [
            SellerIdentity("A", contact="+86 138-0013-8000"),
            SellerIdentity("B", contact="86 13800138000"),
            SellerIdentity("C", contact="a.b@mail.example"),
            SellerIdentity("D", contact="ab@mail.example"),
        ]
    )
    assert groups == {"A": "A", "B": "A", "C": "C", "D": "D"}


def test_placeholders_and_different_fields_do_not_link():
    groups = group_linked_sellers(
        [
            SellerIdentity("A", payee="n/a", address="none", contact="0"),
            SellerIdentity("B", payee="N/A", address="None", contact="0"),
            SellerIdentity("C", payee="00000000"),
            SellerIdentity("D", payee="00000000"),
            SellerIdentity("E", payee="1234567"),
            SellerIdentity("F", contact="1234567"),
        ]
    )
    assert len(set(groups.values())) == 6


def test_records_of_one_seller_merge():
    groups = group_linked_sellers(
        [
            SellerIdentity("A", payee="ACCT-111111"),
            SellerIdentity("B", address="9 Harbour Road"),
            SellerIdentity("A", address="9 harbour road"),
        ]
    )
    assert groups == {"A": "A", "B": "A"}


def test_strikes_follow_the_person_across_linked_accounts():
    groups = {"S1": "S1", "S2": "S1", "S3": "S3"}
    outs = [make_outcome("C1", seller="S1"), make_outcome("C2", seller="S2")]
    outs += [make_outcome("C2", "L2", seller="S1"), make_outcome("C3", seller="S3")]
    outs += [make_outcome("C4", seller="S9")]
    assert strikes_by_group(outs, groups, now=NOW) == {"S1": 2, "S3": 1, "S9": 1}


identities = st.lists(
    st.builds(
        SellerIdentity,
        seller_id=st.sampled_from([f"S{i:02d}" for i in range(15)]),
        payee=st.sampled_from([None, "ACCT-100001", "ACCT-100002", "ACCT-100003"]),
        address=st.sampled_from([None, "1 Main Street", "2 Side Street"]),
        contact=st.sampled_from([None, "x@shop.example", "y@shop.example"]),
    ),
    max_size=25,
)


@given(identities)
def test_grouping_is_a_partition_named_by_its_smallest_member(sellers):
    groups = group_linked_sellers(sellers)
    assert set(groups) == {s.seller_id for s in sellers}
    for seller_id, group_id in groups.items():
        assert groups[group_id] == group_id and group_id <= seller_id
    for a in sellers:
        for b in sellers:
            shared = any(
                getattr(a, f) and getattr(a, f) == getattr(b, f)
                for f in ("payee", "address", "contact")
            )
            if shared:
                assert groups[a.seller_id] == groups[b.seller_id]
