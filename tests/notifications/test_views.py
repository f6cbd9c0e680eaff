"""In-app notifications, the message thread with attachments, settings, and the hooks."""

import io
from datetime import date

from sqlmodel import select

from ipp.clock import utcnow
from ipp.complaints.models import Complaint
from ipp.counter_notices.models import Attachment
from ipp.notifications import hooks
from ipp.notifications.models import ComplaintMessage, Notification
from tests.counter_notices.helpers import decide, taken_down
from tests.factories import make_mark, make_token, make_user, org_of
from tests.reputation.helpers import auth, brand, file, listings
from tests.web.helpers import csrf_from, sign_in


def test_bell_list_and_mark_read(client, session):
    case = taken_down(client, session)
    sign_in(client, case.owner.email)
    home = client.get("/notifications")
    assert home.status_code == 200
    bell = client.get("/notifications/bell")
    assert 'id="bell-count">2<' in bell.text and 'hx-trigger="every 30s"' in bell.text
    rows = session.exec(select(Notification).where(Notification.user_id == case.owner.id)).all()
    assert "Complaint received: NIMBUS" in home.text
    read = client.post(f"/notifications/{rows[0].id}/read",
                       data={"csrf_token": csrf_from(home.text)})
    assert read.status_code == 302
    assert 'id="bell-count">1<' in client.get("/notifications/bell").text
    # Someone else's notification does not exist for this person.
    seller_row = session.exec(select(Notification).where(
        Notification.user_id == case.seller.id)).first()
    assert client.post(f"/notifications/{seller_row.id}/read",
                       data={"csrf_token": csrf_from(home.text)}).status_code == 404
    client.post("/notifications/read-all", data={"csrf_token": csrf_from(home.text)})
    assert 'id="bell-count"><' in client.get("/notifications/bell").text


def test_need_info_thread_with_attachment_and_consultation(client, session):
    owner, mark, token = brand(session, language="de")
    reviewer = make_user(session, role="reviewer", language="ja")
    reviewer_token = make_token(session, reviewer)
    session.commit()
    filed = file(client, token, mark, listings(session, 1))
    complaint_id = filed.json["id"]
    decide(client, session, complaint_id, reviewer, reviewer_token, outcome="need_info",
           note="Bitte senden Sie das Zertifikat.")
    sign_in(client, owner.email)
    page = client.get(f"/complaints/{complaint_id}")
    assert "Bitte senden Sie das Zertifikat." in page.text and 'id="message-form"' in page.text
    answered = client.post(f"/complaints/{complaint_id}/messages", data={
        "csrf_token": csrf_from(page.text), "body": "Anbei das Zertifikat.",
        "next": f"/complaints/{complaint_id}",
        "files": [(io.BytesIO(b"certificate"), "zertifikat.pdf", "application/pdf")]},
        content_type="multipart/form-data")
    assert answered.status_code == 302
    complaint = session.get(Complaint, complaint_id)
    session.refresh(complaint)
    assert complaint.status == "queued"
    thread = session.exec(select(ComplaintMessage).where(
        ComplaintMessage.complaint_id == complaint_id).order_by(ComplaintMessage.id)).all()
    assert [(m.kind, m.language) for m in thread] == [("info_request", "ja"),
                                                      ("info_answer", "de")]
    attached = session.exec(select(Attachment).where(Attachment.message_id == thread[1].id)).one()
    assert client.get(f"/attachments/{attached.id}").data == b"certificate"

    empty = client.post(f"/complaints/{complaint_id}/messages",
                        data={"csrf_token": csrf_from(page.text), "body": "  "})
    assert empty.status_code == 302
    assert len(session.exec(select(ComplaintMessage).where(
        ComplaintMessage.complaint_id == complaint_id)).all()) == 2

    client.post(f"/complaints/{complaint_id}/messages", data={
        "csrf_token": csrf_from(page.text), "body": "Wie lange dauert es noch?"})
    question = session.exec(select(ComplaintMessage).where(
        ComplaintMessage.complaint_id == complaint_id, ComplaintMessage.kind == "question")).one()
    assert question.body == "Wie lange dauert es noch?" and question.language == "de"

    client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    sign_in(client, reviewer.email)
    review_page = client.get(f"/complaints/{complaint_id}")
    client.post(f"/complaints/{complaint_id}/messages", data={
        "csrf_token": csrf_from(review_page.text), "body": "Heute noch."})
    note = session.exec(select(Notification).where(Notification.user_id == owner.id,
                                                   Notification.kind == "message")).one()
    assert note.data["body"] == "Heute noch."

    stranger = make_user(session, email="stranger-brand@example.com")
    seller = make_user(session, role="seller", email="thread-seller@example.com")
    session.commit()
    for email in (stranger.email, seller.email):
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/login").text)})
        sign_in(client, email)
        assert client.get(f"/attachments/{attached.id}").status_code == 404
        posted = client.post(f"/complaints/{complaint_id}/messages", data={
            "csrf_token": csrf_from(client.get("/notifications").text), "body": "x"})
        assert posted.status_code in (403, 404)


def test_settings_choose_digest(client, session):
    user = make_user(session, email="prefs@example.com")
    session.commit()
    sign_in(client, "prefs@example.com")
    page = client.get("/settings")
    assert 'id="notify_email"' in page.text
    saved = client.post("/settings", data={"csrf_token": csrf_from(page.text), "language": "en",
                                           "timezone": "UTC", "notify_email": "daily"})
    assert saved.status_code == 302
    session.refresh(user)
    assert user.notify_email == "daily"
    bad = client.post("/settings", data={"csrf_token": csrf_from(page.text), "language": "en",
                                         "timezone": "UTC", "notify_email": "hourly"})
    assert bad.status_code == 200
    session.refresh(user)
    assert user.notify_email == "daily"


def test_hooks_for_mark_expiry_and_tier_change(session, monkeypatch):
    monkeypatch.delenv("IPP_SMTP_HOST", raising=False)
    owner = make_user(session, language="ja")
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    now = utcnow()
    expiry = hooks.mark_expiry_warning(session, mark_id=mark.id, expires_on=date(2027, 1, 31),
                                       now=now)
    tier = hooks.tier_changed(session, org_id=owner.org_id, before="standard", after="trusted",
                              now=now)
    assert hooks.tier_changed(session, org_id=owner.org_id, before="watch", after="watch",
                              now=now) == []
    session.commit()
    assert [n.kind for n in expiry] == ["mark_expiry"] and expiry[0].user_id == owner.id
    assert expiry[0].data["expires_on"] == "2027-01-31"
    assert [n.data for n in tier] == [{"before": "standard", "after": "trusted"}]
    session.refresh(expiry[0])
    assert expiry[0].email_state == "in_app"


def test_thread_and_notifications_through_the_api(client, session):
    owner, mark, token = brand(session)
    _other, _m, other_token = brand(session)
    reviewer = make_user(session, role="reviewer")
    reviewer_token = make_token(session, reviewer)
    seller = make_user(session, role="seller")
    seller_token = make_token(session, seller)
    session.commit()
    complaint_id = file(client, token, mark, listings(session, 1)).json["id"]
    url = f"/api/v1/complaints/{complaint_id}/messages"
    asked = client.post(url, headers=auth(token), json={"body": "Any news?"})
    assert asked.status_code == 201 and asked.json["kind"] == "question"
    assert client.post(url, headers=auth(token), json={"body": ""}).status_code == 422
    assert client.post(url, headers=auth(token), json={"body": 3}).status_code == 422
    assert client.get(url, headers=auth(other_token)).status_code == 404
    assert client.post(url, headers=auth(other_token), json={"body": "x"}).status_code == 404
    assert client.get(url, headers=auth(seller_token)).status_code == 403
    replied = client.post(url, headers=auth(reviewer_token), json={"body": "Tomorrow."})
    assert replied.status_code == 201 and replied.json["kind"] == "answer"
    listed = client.get(url, headers=auth(token)).json["items"]
    assert [m["kind"] for m in listed] == ["question", "answer"]
    mine = client.get("/api/v1/notifications", headers=auth(token)).json
    assert {"message", "complaint_received"} <= {n["kind"] for n in mine["items"]}
    first = mine["items"][0]["id"]
    assert client.post(f"/api/v1/notifications/{first}/read",
                       headers=auth(other_token)).status_code == 404
    assert client.post(f"/api/v1/notifications/{first}/read",
                       headers=auth(token)).status_code == 200
    for bad in ("abc", "99999999999999"):
        assert client.post(f"/api/v1/notifications/{bad}/read",
                           headers=auth(token)).status_code == 404
    assert client.get("/api/v1/notifications", headers=auth(token)).json["unread"] == \
        mine["unread"] - 1
