"""Dashboard periods and days in the viewer's zone: DST days, month ends, open breaches."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ipp.review.figures import daily, local_midnight, period_figures, period_start
from ipp.review.sla import SLA, SlaItem

BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)


def decided(received: datetime, hours: float) -> SlaItem:
    return SlaItem(received_at=received, due_at=received + SLA,
                   decided_at=received + timedelta(hours=hours))


def test_today_starts_at_the_viewers_midnight_across_dst():
    # 2026-10-25 has 25 hours in Berlin: midnight was 22:00 UTC the day before (CEST).
    now = datetime(2026, 10, 25, 23, 30, tzinfo=UTC)  # 00:30 on the 26th in Berlin (CET)
    assert period_start(now, BERLIN, None) == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)
    assert local_midnight(date(2026, 10, 25), BERLIN) == datetime(2026, 10, 24, 22, tzinfo=UTC)
    assert local_midnight(date(2026, 3, 29), BERLIN) == datetime(2026, 3, 28, 23, tzinfo=UTC)
    assert period_start(now, UTC, 7) == now - timedelta(days=7)


def test_days_follow_the_zone_and_month_ends():
    now = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
    # 23:30 UTC on 31 October is already 1 November in Tokyo, still 31 October in UTC.
    late = decided(datetime(2026, 10, 31, 20, 0, tzinfo=UTC), 3.5)
    slow = decided(datetime(2026, 10, 29, 12, 0, tzinfo=UTC), 30)  # decided 30 Oct, late
    tokyo = {d.day: d for d in daily([late, slow], now, ZoneInfo("Asia/Tokyo"), days=5)}
    utc = {d.day: d for d in daily([late, slow], now, UTC, days=5)}
    assert tokyo[date(2026, 11, 1)].decided == 1 and utc[date(2026, 10, 31)].decided == 1
    assert utc[date(2026, 10, 30)].share == 0.0 and utc[date(2026, 11, 1)].share is None
    assert list(utc) == [date(2026, 10, 28) + timedelta(days=k) for k in range(5)]


def test_dst_day_buckets_hold_25_hours():
    now = datetime(2026, 10, 26, 12, 0, tzinfo=UTC)
    start = datetime(2026, 10, 24, 22, 0, tzinfo=UTC)  # 00:00 on the 25th in Berlin
    items = [decided(start - timedelta(hours=2), 2 + k) for k in range(26)]
    by_day = {d.day: d.decided for d in daily(items, now, BERLIN, days=3)}
    assert by_day[date(2026, 10, 25)] == 25 and by_day[date(2026, 10, 26)] == 1


def test_open_breaches_count_in_every_period():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    old = decided(now - 20 * 24 * H, 2)  # within 24 h, 20 days ago
    today = decided(now - 5 * H, 1)
    breach = SlaItem(received_at=now - 30 * H, due_at=now - 6 * H)
    periods = period_figures([old, today, breach], now, UTC)
    assert periods["today"].within_24h == 0.5 and periods["today"].open_past_due == 1
    assert periods["30d"].within_24h == 2 / 3 and periods["7d"].decided == 1
