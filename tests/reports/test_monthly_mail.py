"""Monthly report e-mails through a real SMTP server (aiosmtpd): sent once per month, the
attachment opens with its reader, large files are linked, the unsubscribe link works."""

import csv
import io
import re
from datetime import datetime, time, timedelta

from babel.dates import format_skeleton
from sqlmodel import select

from ipp.clock import utcnow
from ipp.jobs.scheduler import sweep_once
from ipp.reports.columns import HEADERS
from ipp.reports.models import ReportDelivery, ReportSubscription
from ipp.reports.monthly import current_month, zone_of
from ipp.reports.monthly_jobs import send_monthly_report
from ipp.reports.translate import translator
from tests.factories import make_user
from tests.notifications.smtp import smtp  # noqa: F401  (the fixture)
from tests.reports.helpers import two_brands, xlsx_rows
from tests.web.helpers import auth, sign_in


def setup(client, session, monkeypatch, tmp_path, *, language="ja", timezone="Asia/Tokyo",
          body=None):
    """A brand with two decided listings this month, a stranger with one, and the brand
    subscribed through the API. The job reads the data dir (secret key, files) like a worker:
    from IPP_DATA_DIR, the app's."""
    monkeypatch.setenv("IPP_DATA_DIR", str(tmp_path))
    owner, token, _filed, listings, others = two_brands(client, session, language=language)
    owner.timezone = timezone
    put = client.put("/api/v1/reports/subscription", headers=auth(token),
                     json=body or {"format": "xlsx"})
    assert put.status_code == 200, put.json
    month = current_month(utcnow(), timezone)
    # Half an hour into the next month on the subscriber's wall clock.
    send_at = datetime.combine(month.last + timedelta(days=1), time(0, 30),
                               zone_of(timezone))
    return owner, token, listings, others, month, send_at


def deliveries(session, owner):
    rows = session.exec(select(ReportDelivery).join(
        ReportSubscription, ReportSubscription.id == ReportDelivery.subscription_id)
        .where(ReportSubscription.user_id == owner.id)).all()
    for row in rows:
        session.refresh(row)
    return rows


def monthly(smtp, address):  # noqa: F811
    """The monthly report mails (the complaint's own notices also reach the brand)."""
    return [m for m in smtp.to(address) if m["List-Unsubscribe"]]


def attachments(message):
    return [(part.get_filename(), part.get_content_type(), part.get_content())
            for part in message.iter_attachments()]


def test_sent_once_per_month_with_xlsx_attached(client, session, session_factory, smtp,  # noqa: F811
                                                monkeypatch, tmp_path):
    owner, _token, listings, others, month, send_at = setup(client, session, monkeypatch,
                                                            tmp_path)
    # Not before the month is over, however often the sweep runs.
    sweep_once(session_factory, now=send_at - timedelta(hours=1))
    assert monthly(smtp, owner.email) == [] and deliveries(session, owner) == []

    sweep_once(session_factory, now=send_at)
    mails = monthly(smtp, owner.email)
    assert len(mails) == 1
    mail = mails[0]
    ja = translator("ja")
    assert mail["Subject"] == ja("Takedown report for %(month)s",
                                 month=format_skeleton("yMMMM", month.first, locale="ja"))
    assert mail["Content-Language"] == "ja"
    assert str(mail["List-Unsubscribe"]).strip().startswith("<https://ipp.example/reports/unsubscribe/")
    [(name, mimetype, data)] = attachments(mail)
    assert name == f"takedowns-{month.key}.xlsx" and mimetype.endswith("spreadsheetml.sheet")
    _sheet, rows = xlsx_rows(data)
    assert rows[0] == [ja(h) for h in HEADERS]
    assert {r[3] for r in rows[1:]} == set(listings) and not {r[3] for r in rows[1:]} & set(others)

    [delivery] = deliveries(session, owner)
    assert (delivery.status, delivery.month, delivery.attached, delivery.rows) == (
        "sent", month.key, True, len(listings))
    sub = session.exec(select(ReportSubscription)
                       .where(ReportSubscription.user_id == owner.id)).one()
    session.refresh(sub)
    assert sub.last_sent_month == month.key

    # A second sweep, a later one in the same month, and a retried job: nothing more.
    sweep_once(session_factory, now=send_at)
    sweep_once(session_factory, now=send_at + timedelta(days=3))
    send_monthly_report(delivery.id)
    assert len(monthly(smtp, owner.email)) == 1 and len(deliveries(session, owner)) == 1


def test_csv_retried_after_refusal_then_sent_once(client, session, session_factory,
                                                  smtp, monkeypatch, tmp_path):  # noqa: F811
    owner, _token, listings, _others, month, send_at = setup(
        client, session, monkeypatch, tmp_path, language="ar", timezone="UTC",
        body={"format": "csv", "language": "ar"})
    smtp.refuse = True
    sweep_once(session_factory, now=send_at)
    [delivery] = deliveries(session, owner)
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "451" in delivery.last_error and monthly(smtp, owner.email) == []
    # The job runs on the real clock: its back-off starts now.
    assert delivery.next_attempt_at > utcnow() + timedelta(minutes=1)

    smtp.refuse = False
    sweep_once(session_factory, now=send_at + timedelta(hours=1))
    sweep_once(session_factory, now=send_at + timedelta(hours=2))
    [mail] = monthly(smtp, owner.email)
    [(name, mimetype, data)] = attachments(mail)
    assert name == f"takedowns-{month.key}.csv" and mimetype == "text/csv"
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == [translator("ar")(h) for h in HEADERS]
    assert {r[3] for r in rows[1:]} == set(listings)
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    [delivery] = deliveries(session, owner)
    assert delivery.status == "sent" and delivery.attempts == 2


def test_large_file_linked_and_unsubscribe_link(app, client, session, session_factory,
                                                smtp, monkeypatch, tmp_path):  # noqa: F811
    owner, token, listings, _others, month, send_at = setup(
        client, session, monkeypatch, tmp_path, language="en", timezone="UTC",
        body={"format": "csv"})
    monkeypatch.setenv("IPP_REPORT_MAIL_MAX_BYTES", "10")  # every report is "large"
    sweep_once(session_factory, now=send_at)
    [mail] = monthly(smtp, owner.email)
    assert attachments(mail) == []
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "too large to attach" in text
    job_path = re.search(r"https://ipp\.example(/reports/jobs/[0-9a-f]+)", text).group(1)
    unsubscribe = re.search(r"https://ipp\.example(/reports/unsubscribe/\S+)", text).group(1)
    assert [d.attached for d in deliveries(session, owner)] == [False]

    # The link opens the stored file for its owner only, after signing in.
    anonymous = app.test_client()
    assert anonymous.get(job_path).status_code == 302
    sign_in(client, owner.email)
    page = client.get(job_path)
    assert page.status_code == 200 and 'id="job-download"' in page.text
    got = client.get(job_path + "/file")
    rows = list(csv.reader(io.StringIO(got.get_data(as_text=True).lstrip("\ufeff"))))
    assert {r[3] for r in rows[1:]} == set(listings)

    # The unsubscribe link works without signing in: a page, then one POST.
    assert unsubscribe.endswith("?lang=en")  # the page opens in the mail's language
    assert anonymous.get(unsubscribe.split("?")[0][:-3] + "abc").status_code == 404
    confirm = anonymous.get(unsubscribe)
    assert confirm.status_code == 200 and 'id="confirm-unsubscribe"' in confirm.text
    sub = session.exec(select(ReportSubscription)
                       .where(ReportSubscription.user_id == owner.id)).one()
    session.refresh(sub)
    assert sub.active  # opening the link (a mail scanner may) does not unsubscribe
    done = anonymous.post(unsubscribe)
    assert done.status_code == 200 and 'id="unsubscribed"' in done.text
    session.refresh(sub)
    assert sub.active is False
    assert client.get("/api/v1/reports/subscription",
                      headers=auth(token)).json["active"] is False

    next_month = datetime.combine(month.last + timedelta(days=40), time(1), zone_of("UTC"))
    sweep_once(session_factory, now=next_month)
    assert len(monthly(smtp, owner.email)) == 1


def test_no_mail_without_subscription_or_smtp(client, session, session_factory, monkeypatch,
                                              tmp_path, smtp):  # noqa: F811
    owner, token, _listings, _others, _month, send_at = setup(
        client, session, monkeypatch, tmp_path, timezone="UTC")
    bystander = make_user(session)  # never subscribed: opt-in means no mail
    monkeypatch.delenv("IPP_SMTP_HOST")
    sweep_once(session_factory, now=send_at)
    assert deliveries(session, owner) == []  # planned once a server is configured
    monkeypatch.setenv("IPP_SMTP_HOST", "127.0.0.1")
    client.delete("/api/v1/reports/subscription", headers=auth(token))
    sweep_once(session_factory, now=send_at)
    assert monthly(smtp, owner.email) == [] and smtp.to(bystander.email) == []
