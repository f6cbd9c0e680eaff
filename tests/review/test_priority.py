"""Claim order, health-and-safety detection and language routing without starvation."""

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipp.review.priority import (
    HEALTH_SKILL,
    MAX_SKIP_AGE,
    ORDER_BY,
    InMemoryQueue,
    Reviewer,
    is_health_and_safety,
    must_not_skip,
    pick_for_reviewer,
    priority_key,
    reviewer_preference,
    tail_cutoff,
)
from ipp.review.sla import SLA, compute_due_at

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)


@dataclass
class Item:
    id: str
    received_at: datetime
    due_at: datetime
    health: bool = False
    language: str | None = "en"


def make_item(n: int, age_minutes: int, paused_minutes: int = 0, **kw) -> Item:
    received = NOW - timedelta(minutes=age_minutes)
    pauses = [(received, received + timedelta(minutes=paused_minutes))] if paused_minutes else []
    return Item(f"C{n:05d}", received, compute_due_at(received, pauses), **kw)


def key(item: Item, now: datetime = NOW) -> tuple:
    return priority_key(
        health=item.health,
        received_at=item.received_at,
        due_at=item.due_at,
        now=now,
        item_id=item.id,
    )


items_strategy = st.lists(
    st.builds(
        lambda n, age, paused, health, lang: make_item(
            n, age, paused, health=health, language=lang
        ),
        st.integers(0, 99999),
        st.integers(0, 40 * 60),
        st.sampled_from([0, 0, 0, 120, 600, 1800]),
        st.booleans(),
        st.sampled_from(["en", "de", "ja", "zh_Hans", None]),
    ),
    max_size=60,
    unique_by=lambda i: i.id,
)


@pytest.mark.parametrize(
    ("category", "classes"),
    [
        ("Health & Household", []),
        ("Beauty > Skin care", []),
        ("Injectables", []),
        ("Grocery & Gourmet Food", []),
        ("Baby products", []),
        ("Arzneimittel", []),
        ("Kosmetik", []),
        ("Soins de la peau et beauté", []),
        ("Alimentos", []),
        ("化妆品", []),
        ("医薬品", []),
        ("ベビー用品", []),
        ("화장품", []),
        ("Косметика", []),
        ("مستحضرات تجميل", []),
        ("Shoes", [5]),
        (None, [30]),
    ],
)
def test_health_and_safety_goods_are_recognised(category, classes):
    assert is_health_and_safety(category, classes)


@pytest.mark.parametrize("category", ["Shoes", "Electronics", "Handbags", "Spielzeug", "", None])
def test_other_goods_are_not(category):
    assert not is_health_and_safety(category, [25, 9, 18])


def test_tail_jumps_ahead_of_health_then_health_then_least_slack():
    old = make_item(1, age_minutes=21 * 60)
    health = make_item(2, age_minutes=60, health=True)
    tight = make_item(3, age_minutes=10 * 60)
    fresh = make_item(4, age_minutes=5)
    assert sorted([fresh, tight, health, old], key=key) == [old, health, tight, fresh]


def test_need_info_answer_returns_to_its_old_place():
    # Filed 5 h ago, then waited 3 h for the complainant: 2 h on the clock, like one filed
    # 2 h ago, and ahead of one filed after it; paused time does not make it "old".
    answered = make_item(1, age_minutes=5 * 60, paused_minutes=3 * 60)
    before = make_item(2, age_minutes=150)
    after = make_item(3, age_minutes=90)
    assert sorted([after, answered, before], key=key) == [before, answered, after]
    long_wait = make_item(4, age_minutes=22 * 60, paused_minutes=12 * 60)
    assert key(long_wait)[0] is True  # 10 h on the clock: not in the tail


@settings(max_examples=60, deadline=None)
@given(items_strategy, st.integers(0, 40 * 60))
def test_order_is_total_and_tail_first(items, later_minutes):
    now = NOW + timedelta(minutes=later_minutes)
    ordered = sorted(items, key=lambda i: key(i, now))
    assert len({key(i, now) for i in items}) == len(items)
    tails = [i.due_at < tail_cutoff(now) for i in ordered]
    assert tails == sorted(tails, reverse=True)
    rest = [i for i in ordered if i.due_at >= tail_cutoff(now)]
    assert [i.health for i in rest] == sorted((i.health for i in rest), reverse=True)
    for a, b in pairwise(ordered):
        if (a.due_at < tail_cutoff(now)) == (b.due_at < tail_cutoff(now)) and (
            a.health == b.health or a.due_at < tail_cutoff(now)
        ):
            assert a.due_at <= b.due_at


@settings(max_examples=40, deadline=None)
@given(items_strategy)
def test_sql_order_by_is_the_same_order(items):
    # The claim's ORDER BY, run by SQLite on the same rows, yields priority_key's order.
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE c (id TEXT, health BOOLEAN, received_at TEXT, due_at TEXT)")
    iso = "%Y-%m-%dT%H:%M:%S.%f"
    db.executemany(
        "INSERT INTO c VALUES (?, ?, ?, ?)",
        [(i.id, i.health, i.received_at.strftime(iso), i.due_at.strftime(iso)) for i in items],
    )
    order = ", ".join(f"{expr} {direction}" for expr, direction in ORDER_BY)
    cutoff = tail_cutoff(NOW).strftime(iso)
    rows = db.execute(f"SELECT id FROM c ORDER BY {order}", {"cutoff": cutoff}).fetchall()
    assert [r[0] for r in rows] == [i.id for i in sorted(items, key=key)]


@settings(max_examples=40, deadline=None)
@given(items_strategy, st.integers(1, 25))
def test_in_memory_queue_head_is_the_sorted_prefix(items, look_ahead):
    queue = InMemoryQueue(look_ahead=look_ahead)
    for item in items:
        queue.push(item, NOW)
    assert queue.head(NOW) == sorted(items, key=key)[:look_ahead]


def test_preference_language_before_skill():
    speaks = ({"en", "de"}, {HEALTH_SKILL})
    assert reviewer_preference("de", True, *speaks) == 0
    assert reviewer_preference("de", True, {"de"}, set()) == 1
    assert reviewer_preference("ja", True, *speaks) == 2
    assert reviewer_preference("ja", True, {"en"}, set()) == 3
    assert reviewer_preference("pt_BR", False, {"pt"}, set()) == 0
    assert reviewer_preference("zh_Hant", False, {"zh_Hans"}, set()) == 2
    assert reviewer_preference(None, False, set(), set()) == 0


def test_pick_prefers_the_reviewers_language_among_fresh_work():
    queue = [make_item(i, 30 - i, language=lang) for i, lang in enumerate(["en", "ja", "de"])]
    assert pick_for_reviewer(queue, Reviewer("r", frozenset({"de"})), NOW) is queue[2]
    assert pick_for_reviewer(queue, Reviewer("r", frozenset({"ko"})), NOW) is queue[0]
    assert pick_for_reviewer([], Reviewer("r"), NOW) is None


def test_pick_never_passes_over_aging_or_tight_work():
    aging = make_item(1, age_minutes=5 * 60, language="ja")
    match = make_item(2, age_minutes=10, language="de")
    assert pick_for_reviewer([aging, match], Reviewer("r", frozenset({"de"})), NOW) is aging
    tight = make_item(3, age_minutes=60, paused_minutes=0, language="ja")
    tight.due_at = NOW + 2 * H  # e.g. a tighter SLA: slack, not age, protects it
    assert pick_for_reviewer([tight, match], Reviewer("r", frozenset({"de"})), NOW) is tight


@settings(max_examples=80, deadline=None)
@given(items_strategy, st.sets(st.sampled_from(["en", "de", "ja", "zh_Hans"])), st.integers(1, 30))
def test_pick_only_passes_over_work_that_may_wait(items, languages, look_ahead):
    ordered = sorted(items, key=key)
    chosen = pick_for_reviewer(ordered, Reviewer("r", frozenset(languages)), NOW, look_ahead)
    if not ordered:
        assert chosen is None
        return
    index = ordered.index(chosen)
    assert index < look_ahead
    assert not any(must_not_skip(i, NOW) for i in ordered[:index])


def test_no_starvation_when_nobody_speaks_the_language():
    # One claim a minute by English-only reviewers, one new English complaint a minute:
    # the Arabic complaint is passed over only until it is MAX_SKIP_AGE old.
    queue = InMemoryQueue()
    lonely = make_item(0, age_minutes=0, language="ar")
    queue.push(lonely, NOW)
    reviewer = Reviewer("r", frozenset({"en"}))
    for minute in range(1, 24 * 60):
        now = NOW + timedelta(minutes=minute)
        queue.push(Item(f"E{minute:05d}", now, now + SLA), now)
        queue.push(Item(f"F{minute:05d}", now, now + SLA), now)
        if queue.claim(reviewer, now) is lonely:
            break
    assert timedelta(minutes=minute) <= MAX_SKIP_AGE + timedelta(minutes=1)
