"""SLA clock: due times across pauses, month ends and DST; figures and forecast."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ipp.review.sla import (
    SLA,
    SlaItem,
    compute_due_at,
    forecast_breaches,
    handling_hours,
    pauses_from_events,
    percentile,
    sla_figures,
)

H = timedelta(hours=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_due_at_is_24_hours_after_receipt():
    assert compute_due_at(at("2026-05-01T09:30:00")) == at("2026-05-02T09:30:00")


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        compute_due_at(datetime(2026, 5, 1, 9, 30))
    with pytest.raises(ValueError):
        compute_due_at(at("2026-05-01T00:00"), [(datetime(2026, 5, 1, 1), None)])


def test_other_zones_are_the_same_instant_in_utc():
    berlin = datetime(2026, 5, 1, 11, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    due = compute_due_at(berlin)
    assert due == at("2026-05-02T09:30:00") and due.tzinfo is UTC


def test_closed_pauses_extend_due_at_by_their_span():
    received = at("2026-05-01T08:00")
    pauses = [(received + 2 * H, received + 5 * H), (received + 10 * H, received + 11 * H)]
    assert compute_due_at(received, pauses) == received + SLA + 4 * H


def test_open_pause_counts_up_to_now_or_not_at_all_without_now():
    received = at("2026-05-01T08:00")
    pauses = [(received + 2 * H, None)]
    assert compute_due_at(received, pauses) == received + SLA
    assert compute_due_at(received, pauses, now=received + 7 * H) == received + SLA + 5 * H


def test_overlapping_pauses_are_not_counted_twice():
    received = at("2026-05-01T08:00")
    pauses = [(received + H, received + 4 * H), (received + 3 * H, received + 5 * H)]
    assert compute_due_at(received, pauses) == received + SLA + 4 * H


def test_impossible_pauses_are_refused():
    received = at("2026-05-01T08:00")
    with pytest.raises(ValueError):
        compute_due_at(received, [(received - H, received)])
    with pytest.raises(ValueError):
        compute_due_at(received, [(received + 2 * H, received + H)])


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-01-31T18:00", "2026-02-01T18:00"),
        ("2026-02-28T23:59", "2026-03-01T23:59"),
        ("2028-02-28T12:00", "2028-02-29T12:00"),  # leap year
        ("2026-12-31T20:00", "2027-01-01T20:00"),
    ],
)
def test_month_and_year_ends(received, due):
    assert compute_due_at(at(received)) == at(due)


def test_berlin_viewer_across_the_end_of_summer_time():
    # Last Sunday of October 2026: clocks go back at 03:00 CEST, so the day has 25 hours.
    berlin = ZoneInfo("Europe/Berlin")
    received = datetime(2026, 10, 24, 12, 0, tzinfo=berlin)
    due_local = compute_due_at(received).astimezone(berlin)
    assert due_local.isoformat() == "2026-10-25T11:00:00+01:00"
    # Python subtracts same-zone datetimes on the wall clock: 23 h there, 24 real hours.
    assert due_local - received == 23 * H
    assert due_local.astimezone(UTC) - received.astimezone(UTC) == SLA


def test_new_york_viewer_across_the_start_of_daylight_time():
    # Second Sunday of March 2026: 02:00 EST becomes 03:00 EDT.
    new_york = ZoneInfo("America/New_York")
    received = datetime(2026, 3, 7, 12, 0, tzinfo=new_york)
    due_local = compute_due_at(received).astimezone(new_york)
    assert due_local.isoformat() == "2026-03-08T13:00:00-04:00"
    assert due_local - received == 25 * H  # wall clock
    assert due_local.astimezone(UTC) - received.astimezone(UTC) == SLA


def test_pause_across_dst_counts_real_time():
    berlin = ZoneInfo("Europe/Berlin")
    received = datetime(2026, 10, 24, 20, 0, tzinfo=berlin)
    # 01:00 CEST to 05:00 CET is 5 real hours (the 02:00-03:00 hour happens twice).
    start = datetime(2026, 10, 25, 1, 0, tzinfo=berlin)
    end = datetime(2026, 10, 25, 5, 0, tzinfo=berlin)
    assert compute_due_at(received, [(start, end)]) - received.astimezone(UTC) == SLA + 5 * H


def test_pauses_from_events_sorts_ignores_repeats_and_leaves_the_last_open():
    t = at("2026-05-01T08:00")
    events = [
        ("resumed", t + 3 * H),
        ("paused", t + H),
        ("paused", t + 2 * H),
        ("paused", t + 5 * H),
    ]
    assert pauses_from_events(events) == [(t + H, t + 3 * H), (t + 5 * H, None)]


def test_resume_without_pause_is_an_error():
    t = at("2026-05-01T08:00")
    with pytest.raises(ValueError):
        pauses_from_events([("resumed", t)])
    with pytest.raises(ValueError):
        pauses_from_events([("paused", t), ("resumed", t + H), ("resumed", t + 2 * H)])
    with pytest.raises(ValueError):
        pauses_from_events([("slept", t)])


def test_handling_hours_exclude_paused_time():
    t = at("2026-05-01T08:00")
    assert handling_hours(t, t + 30 * H, [(t + 2 * H, t + 12 * H)]) == pytest.approx(20.0)
    assert handling_hours(t, t + 6 * H, [(t + 2 * H, None)]) == pytest.approx(2.0)


def test_percentiles():
    values = list(range(1, 101))
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([5.0], 99) == 5.0
    assert percentile([], 50) is None
    assert percentile([1, 2, 3, 4], 50, method="linear") == 2.5
    assert percentile([1, 2, 3, 4], 50) == 2


def test_empty_figures_are_null_not_a_perfect_score():
    figures = sla_figures([], at("2026-05-01T00:00"))
    assert figures.as_api() == {
        "within_24h": None,
        "median_hours": None,
        "p99_hours": None,
        "open": 0,
        "open_past_due": 0,
    }


def test_figures_count_open_breaches_as_misses_and_skip_open_items_not_yet_due():
    now = at("2026-05-03T00:00")

    def item(received: str, decided: str | None, paused_hours: float = 0) -> SlaItem:
        r = at(received)
        due = r + SLA + paused_hours * H
        return SlaItem(r, due, at(decided) if decided else None, paused_hours * 3600)

    items = [
        item("2026-05-01T00:00", "2026-05-01T02:00"),  # 2 h, met
        item("2026-05-01T00:00", "2026-05-02T04:00", paused_hours=6),  # 22 h, met
        item("2026-05-01T00:00", "2026-05-02T06:00"),  # 30 h, missed
        item("2026-05-01T12:00", None),  # open, past due: a miss
        item("2026-05-02T12:00", None),  # open, not yet due: not counted
    ]
    figures = sla_figures(items, now)
    assert figures.within_24h == pytest.approx(2 / 4)
    assert figures.median_hours == pytest.approx(22.0)
    assert figures.p99_hours == pytest.approx(30.0)
    assert (figures.open, figures.open_past_due) == (2, 1)
    assert figures.oldest_open_hours == pytest.approx(36.0)
    assert figures.as_api()["within_24h"] == 0.5


def test_forecast_names_what_capacity_cannot_reach_in_time():
    now = at("2026-05-01T12:00")
    queue = [
        ("past", now - H),  # already a breach: not forecast
        ("a", now + timedelta(minutes=10)),  # due in 10 min, done at +30 min
        ("b", now + 2 * H),
        ("c", now + timedelta(minutes=40)),  # 4th in line: with 2 reviewers done at +60 min
        ("later", now + 9 * H),  # beyond the horizon
    ]
    found = forecast_breaches(queue, reviewers_on_shift=2, mean_handling_minutes=30, now=now)
    assert [(f.item_id, f.expected_decision_at) for f in found] == [
        ("a", now + timedelta(minutes=30)),
        ("c", now + timedelta(minutes=60)),
    ]
    nobody = forecast_breaches(queue, reviewers_on_shift=0, mean_handling_minutes=30, now=now)
    assert [f.item_id for f in nobody] == ["a", "b", "c"]
