"""The sweep's breach forecast, and the live dashboard that shows it with a 30-day chart."""

import re
from datetime import timedelta

from ipp.complaints.models import Complaint
from ipp.jobs.sweep import run_sweep
from ipp.review.forecast import (
    DEFAULT_HANDLING_MINUTES,
    latest_forecast,
    mean_handling_minutes,
    refresh_forecast,
    reviewers_on_shift,
)
from ipp.review.operations import claim_next, decide
from tests.factories import NOW, make_mark, make_user, org_of
from tests.review.test_claim_routing import _insert
from tests.web.helpers import sign_in

SPEC = {"language": "en", "health": False, "paused_minutes": 0, "status": "queued"}


def _queue(session, ages):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name)
    made = [_insert(session, owner, mark, SPEC | {"age_minutes": age}, n)
            for n, age in enumerate(ages)]
    session.flush()
    return made


def test_forecast_with_nobody_on_shift_then_with_reviewers(session):
    # Three complaints due within the next 4 hours, one due much later.
    _queue(session, [23 * 60, 22 * 60, 21 * 60, 60])
    assert refresh_forecast(session, NOW) == 3
    stored = latest_forecast(session)
    assert (stored.reviewers_on_shift, stored.waiting, stored.breaches) == (0, 4, 3)
    assert stored.first_breach_at == NOW + timedelta(hours=1)
    assert stored.mean_handling_minutes == DEFAULT_HANDLING_MINUTES
    # Two reviewers at work (a claim and a decision in the last hour): 10 minutes each.
    first, second = make_user(session, role="reviewer"), make_user(session, role="reviewer")
    taken = claim_next(session, reviewer=first, now=NOW - timedelta(minutes=20))
    decide(session, reviewer=first, complaint=taken, outcome="takedown", reason_code=None,
           note="", per_listing={}, now=NOW - timedelta(minutes=10))
    claim_next(session, reviewer=second, now=NOW - timedelta(minutes=1))
    session.flush()
    assert reviewers_on_shift(session, NOW) == 2
    assert mean_handling_minutes(session, NOW) == 10.0
    assert refresh_forecast(session, NOW) == 0
    assert latest_forecast(session).reviewers_on_shift == 2
    assert reviewers_on_shift(session, NOW + timedelta(hours=2)) == 0


def test_sweep_runs_the_forecast(session):
    _queue(session, [23 * 60 + 30])
    assert run_sweep(session, now=NOW)["sla_forecast"] == 1


def test_dashboard_shows_figures_forecast_and_chart(client, session):
    _queue(session, [23 * 60, 30])
    refresh_forecast(session, NOW)
    make_user(session, role="reviewer", email="dash@example.com", language="fr")
    sign_in(client, "dash@example.com")
    page = client.get("/dashboard")
    assert page.status_code == 200
    text = page.text
    assert 'id="forecast-banner"' in text and 'id="forecast-breaches">1<' in text
    assert 'hx-trigger="every 30s"' in text and 'hx-select="#dashboard"' in text
    assert text.count('<g class="day') == 30 and "<svg" in text
    assert not re.search(r"<[^>]+\sstyle=", text), "inline style is blocked by the CSP"
    for period in ("today", "7d", "30d"):
        assert f'id="period-{period}"' in text
    assert 'id="open-past-due">' in text


def test_dashboard_without_forecast_and_for_others(client, session):
    make_user(session, role="reviewer", email="dash2@example.com")
    sign_in(client, "dash2@example.com")
    page = client.get("/dashboard")
    assert page.status_code == 200 and 'id="forecast-banner"' not in page.text
    assert "No forecast yet" in page.text
    client.post("/logout", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', page.text).group(1)})
    make_user(session, email="brand-dash@example.com")
    sign_in(client, "brand-dash@example.com")
    assert client.get("/dashboard").status_code == 403


def test_complaint_rows_unchanged_by_the_forecast(session):
    made = _queue(session, [23 * 60])
    before = session.get(Complaint, made[0].id).due_at
    refresh_forecast(session, NOW)
    assert session.get(Complaint, made[0].id).due_at == before
