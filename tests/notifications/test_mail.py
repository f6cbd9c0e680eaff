"""E-mail notifications reach a real SMTP server, in the recipient's language, with retries."""

from datetime import timedelta

from sqlmodel import select

from ipp.clock import utcnow
from ipp.jobs.scheduler import sweep_once
from ipp.notifications.models import Notification
from ipp.notifications.render import gettext_for
from tests.counter_notices.helpers import counter_notice, taken_down
from tests.notifications.smtp import free_port, parts


def _rows(session, user, kind=None):
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    rows = session.exec(query.order_by(Notification.id)).all()
    for row in rows:
        session.refresh(row)
    return rows


def test_mails_in_japanese_and_arabic(client, session, smtp):
    case = taken_down(client, session, owner_language="ja", seller_language="ar")
    ja, ar = gettext_for("ja"), gettext_for("ar")

    owner_mails = smtp.to(case.owner.email)
    subjects = [m["Subject"] for m in owner_mails]
    assert ja("Complaint received: %(mark)s", mark="NIMBUS") in subjects
    assert ja("Decision on your complaint about %(mark)s", mark="NIMBUS") in subjects
    received = owner_mails[subjects.index(ja("Complaint received: %(mark)s", mark="NIMBUS"))]
    assert received["Content-Language"] == "ja"
    text, html = parts(received)
    assert "https://ipp.example/complaints/" + case.complaint_id in text
    assert 'lang="ja"' in html and "https://ipp.example/complaints/" in html

    seller_mail = smtp.to(case.seller.email)
    assert [m["Subject"] for m in seller_mail] == [
        ar("Your listing %(listing)s was taken down", listing=case.refs[0])]
    text, html = parts(seller_mail[0])
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert case.refs[0] in text and "https://ipp.example/seller" in text

    filed = counter_notice(client, case)
    assert filed.status_code == 201
    notice_mail = smtp.to(case.owner.email)[-1]
    assert notice_mail["Subject"] == ja("Counter-notice received for listing %(listing)s",
                                        listing=case.refs[0])
    assert f"https://ipp.example/counter-notices/{filed.json['id']}" in parts(notice_mail)[0]
    assert all(r.email_state == "sent" for r in _rows(session, case.owner))


def test_refusing_server_is_retried_until_sent(client, session, session_factory, smtp):
    smtp.refuse = True
    case = taken_down(client, session)
    rows = _rows(session, case.owner, "complaint_received")
    assert len(rows) == 1 and rows[0].email_state == "pending"
    assert rows[0].attempts == 1 and "451" in rows[0].last_error
    assert rows[0].next_attempt_at > utcnow()
    assert smtp.to(case.owner.email) == []

    # Still refusing: the sweep tries again later, and keeps the row.
    sweep_once(session_factory, now=utcnow() + timedelta(minutes=5))
    rows = _rows(session, case.owner, "complaint_received")
    assert rows[0].email_state == "pending" and rows[0].attempts == 2

    smtp.refuse = False
    sweep_once(session_factory, now=utcnow() + timedelta(hours=1))
    rows = _rows(session, case.owner, "complaint_received")
    assert rows[0].email_state == "sent" and rows[0].last_error == ""
    assert [m["Subject"] for m in smtp.to(case.owner.email)].count(
        "Complaint received: NIMBUS") == 1


def test_closed_port_keeps_the_notification(client, session, session_factory, monkeypatch):
    monkeypatch.setenv("IPP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("IPP_SMTP_PORT", str(free_port()))  # nothing listens there
    case = taken_down(client, session)
    rows = _rows(session, case.owner)
    assert rows and all(r.email_state == "pending" and r.attempts == 1 for r in rows)
    assert all("Connection" in r.last_error or "refused" in r.last_error.lower() for r in rows)


def test_without_smtp_host_notifications_stay_in_the_app(client, session, monkeypatch):
    monkeypatch.delenv("IPP_SMTP_HOST", raising=False)
    case = taken_down(client, session)
    rows = _rows(session, case.owner)
    assert {r.kind for r in rows} == {"complaint_received", "decision"}
    assert all(r.email_state == "in_app" for r in rows)


def test_preferences_digest_and_off_but_legal_notices_always(client, session, session_factory,
                                                             smtp):
    from tests.factories import make_listing, make_user
    from tests.reputation.helpers import brand, file

    owner, mark, token = brand(session)
    owner.notify_email = "daily"
    seller = make_user(session, role="seller", org="quiet-shop")
    make_listing(session, seller="quiet-shop")
    seller.notify_email = "off"
    session.commit()
    filed = file(client, token, mark, [make_listing(session, seller="quiet-shop")])
    assert filed.status_code == 201
    assert [r.email_state for r in _rows(session, owner)] == ["digest"]
    assert smtp.to(owner.email) == []

    from ipp.notifications.outbox import notify

    notify(session, user=seller, kind="message", data={"mark": "X", "body": "hi"}, now=utcnow())
    legal = notify(session, user=seller, kind="reinstated", data={"listing": "L"}, now=utcnow())
    session.commit()
    assert [r.email_state for r in _rows(session, seller)] == ["off", "pending"]
    assert legal.legal

    sweep_once(session_factory, now=utcnow() + timedelta(hours=25))
    digest = smtp.to(owner.email)
    assert len(digest) == 1 and "NIMBUS" in parts(digest[0])[0]
    assert [r.email_state for r in _rows(session, owner)] == ["sent"]
    assert [m["Subject"] for m in smtp.to(seller.email)] == ["Listing L reinstated"]
