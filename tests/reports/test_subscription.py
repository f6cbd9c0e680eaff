"""Monthly report e-mail subscriptions: opt-in, own organisation only, bad input changes nothing
(API and page)."""

from datetime import UTC, datetime

import pytest
from sqlmodel import func, select

from ipp.reports import subscriptions
from ipp.reports.models import ReportSubscription
from ipp.reports.monthly import (
    SubscriptionInvalid,
    current_month,
    next_sending_day,
    previous_month,
    read_unsubscribe_token,
    unsubscribe_token,
)
from tests.factories import make_authorisation, make_mark, make_token, make_user, org_of
from tests.web.helpers import auth, csrf_from, sign_in


def brand(session, **kw):
    owner = make_user(session, **kw)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    return owner, mark, make_token(session, owner)


def count(session) -> int:
    return session.exec(select(func.count()).select_from(ReportSubscription)).one()


def test_months_on_the_subscribers_wall_clock():
    now = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # already 1 January in Tokyo
    assert current_month(now, "UTC").key == "2026-12"
    assert previous_month(now, "UTC").key == "2026-11"
    assert current_month(now, "Asia/Tokyo").key == "2027-01"
    tokyo = previous_month(now, "Asia/Tokyo")
    assert (tokyo.key, tokyo.first.isoformat(), tokyo.last.isoformat()) == (
        "2026-12", "2026-12-01", "2026-12-31")
    assert previous_month(datetime(2027, 3, 1, tzinfo=UTC), "UTC").last.day == 28
    assert next_sending_day(now, "UTC").isoformat() == "2027-01-01"
    assert previous_month(now, "Not/AZone").key == "2026-11"  # unknown zone: UTC


def test_unsubscribe_token_is_signed():
    token = unsubscribe_token("secret-a", subscription_id=7, user_id=3)
    assert read_unsubscribe_token("secret-a", token) == (7, 3)
    assert read_unsubscribe_token("secret-b", token) is None
    assert read_unsubscribe_token("secret-a", token[:-2] + "xx") is None
    assert read_unsubscribe_token("secret-a", "nonsense") is None


def test_opt_in_own_marks_only_and_bad_input_changes_nothing(session):
    owner, mark, _ = brand(session, language="ja")
    _stranger, other_mark, _ = brand(session)
    now = datetime(2026, 12, 4, 12, tzinfo=UTC)
    assert subscriptions.subscription_of(session, owner) is None  # nobody is subscribed

    with pytest.raises(SubscriptionInvalid) as error:
        subscriptions.save_subscription(session, actor=owner, now=now, values={
            "format": "doc", "language": "xx", "mark": other_mark.id, "reason": "bogus",
            "outcome": "x"})
    assert set(error.value.fields) == {"format", "language", "mark", "reason", "outcome"}
    assert count(session) == 0

    row = subscriptions.save_subscription(session, actor=owner, now=now, values={
        "format": "xlsx", "mark": str(mark.id), "outcome": "taken_down"})
    assert (row.active, row.format, row.language, row.mark_id, row.outcome) == (
        True, "xlsx", "ja", mark.id, "taken_down")
    assert row.first_month == "2026-12" and row.last_sent_month is None

    with pytest.raises(SubscriptionInvalid):
        subscriptions.save_subscription(session, actor=owner, now=now,
                                        values={"format": "pdf", "mark": "abc"})
    session.refresh(row)
    assert (row.format, row.mark_id) == ("xlsx", mark.id)

    subscriptions.unsubscribe(session, actor=owner, now=now)
    assert not row.active and row.format == "xlsx"  # settings kept, mail off
    # Subscribing again in a later month starts from that month (no back-dated mail).
    subscriptions.save_subscription(session, actor=owner, now=datetime(2027, 2, 10, tzinfo=UTC),
                                    values={"format": "csv", "language": "ar"})
    assert (row.active, row.first_month, row.language, row.mark_id) == (
        True, "2027-02", "ar", None)
    assert count(session) == 1


def test_who_may_subscribe(session):
    owner, mark, _ = brand(session)
    now = datetime(2026, 12, 4, tzinfo=UTC)
    for role in ("reviewer", "admin", "seller"):
        with pytest.raises(subscriptions.NotAllowed):
            subscriptions.save_subscription(session, actor=make_user(session, role=role),
                                            now=now, values={})
    agent = make_user(session, role="agent")
    with pytest.raises(subscriptions.NotAllowed):  # no principal yet
        subscriptions.save_subscription(session, actor=agent, now=now, values={})
    assert count(session) == 0
    make_authorisation(session, agent, owner)
    row = subscriptions.save_subscription(session, actor=agent, now=now,
                                          values={"mark": mark.id})
    assert row.mark_id == mark.id
    assert subscriptions.subscriber_org_ids(session, agent, today=now.date()) == [owner.org_id]


def test_api_get_put_delete(client, session):
    owner, mark, token = brand(session)
    got = client.get("/api/v1/reports/subscription", headers=auth(token))
    assert got.status_code == 200 and got.json["active"] is False

    bad = client.put("/api/v1/reports/subscription", headers=auth(token),
                     json={"format": "doc", "language": "xx", "mark": 999999, "reason": 5})
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"format", "language", "mark", "reason"}
    assert bad.json["error"]["fields"]["mark"] == "Not one of your marks."
    assert count(session) == 0
    assert client.put("/api/v1/reports/subscription", headers=auth(token),
                      data="format=csv").status_code == 400

    put = client.put("/api/v1/reports/subscription", headers=auth(token),
                     json={"format": "pdf", "language": "de", "mark": mark.id,
                           "reason": "counterfeit"})
    assert put.status_code == 200, put.json
    assert put.json["active"] is True and put.json["format"] == "pdf"
    assert put.json["mark"] == mark.id and put.json["next_sending_on"]
    assert client.get("/api/v1/reports/subscription",
                      headers=auth(token)).json["language"] == "de"

    again = client.put("/api/v1/reports/subscription", headers=auth(token),
                       json={"format": "xlsx", "outcome": "nope"})
    assert again.status_code == 422
    assert client.get("/api/v1/reports/subscription",
                      headers=auth(token)).json["format"] == "pdf"

    assert client.delete("/api/v1/reports/subscription", headers=auth(token)).status_code == 204
    off = client.get("/api/v1/reports/subscription", headers=auth(token)).json
    assert off["active"] is False and off["next_sending_on"] is None

    reviewer = make_token(session, make_user(session, role="reviewer"))
    assert client.get("/api/v1/reports/subscription", headers=auth(reviewer)).status_code == 403
    lone_agent = make_token(session, make_user(session, role="agent"))
    refused = client.put("/api/v1/reports/subscription", headers=auth(lone_agent), json={})
    assert refused.status_code == 403
    assert "/api/v1/reports/subscription" in client.get("/api/v1/openapi.json").json["paths"]


def test_page_subscribe_change_stop(client, session):
    owner, mark, _ = brand(session, email="monthly@example.com")
    session.commit()
    sign_in(client, "monthly@example.com")
    report_page = client.get("/reports")
    assert 'id="monthly-link"' in report_page.text and "/reports/monthly" in report_page.text
    page = client.get("/reports/monthly")
    assert page.status_code == 200 and 'data-active="false"' in page.text
    token = csrf_from(page.text)

    no_csrf = client.post("/reports/monthly", data={"format": "csv"})
    assert no_csrf.status_code == 400 and count(session) == 0

    bad = client.post("/reports/monthly", data={"csrf_token": token, "format": "doc",
                                                "mark": "999999", "language": "en"})
    assert bad.status_code == 422
    assert 'id="format-error"' in bad.text and 'id="mark-error"' in bad.text
    assert "Not one of your marks." in bad.text and count(session) == 0

    saved = client.post("/reports/monthly", data={"csrf_token": token, "format": "xlsx",
                                                  "language": "fr", "mark": str(mark.id),
                                                  "reason": "", "outcome": ""})
    assert saved.status_code == 303
    page = client.get("/reports/monthly")
    assert 'data-active="true"' in page.text
    row = subscriptions.subscription_of(session, owner)
    session.refresh(row)
    assert (row.active, row.format, row.language, row.mark_id) == (True, "xlsx", "fr", mark.id)

    stopped = client.post("/reports/monthly/stop", data={"csrf_token": token})
    assert stopped.status_code == 303
    session.refresh(row)
    assert row.active is False
