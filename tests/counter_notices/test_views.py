"""The seller portal and the counter-notice pages: file with evidence, answer, access."""

import io

from sqlmodel import select

from ipp.complaints.models import ComplaintListing
from ipp.counter_notices.models import Attachment, CounterNotice
from tests.counter_notices.helpers import counter_notice, taken_down
from tests.factories import make_user
from tests.web.helpers import csrf_from, sign_in


def _row(session, case):
    return session.exec(select(ComplaintListing).where(
        ComplaintListing.complaint_id == case.complaint_id)).first()


def test_seller_files_through_the_portal_with_evidence(client, session):
    case = taken_down(client, session)
    sign_in(client, case.seller.email)
    portal = client.get("/seller")
    assert portal.status_code == 200
    assert case.refs[0] in portal.text and "Fake logo" in portal.text  # what they said
    assert case.owner.email not in portal.text
    row = _row(session, case)
    form = client.get(f"/seller/takedowns/{row.id}/counter-notice")
    assert form.status_code == 200
    empty = client.post(f"/seller/takedowns/{row.id}/counter-notice", data={
        "csrf_token": csrf_from(form.text), "reason": "genuine", "statement": ""})
    assert empty.status_code == 422 and 'id="statement-error"' in empty.text
    assert session.exec(select(CounterNotice).where(
        CounterNotice.complaint_id == case.complaint_id)).first() is None
    sent = client.post(f"/seller/takedowns/{row.id}/counter-notice", data={
        "csrf_token": csrf_from(form.text), "reason": "authorized",
        "statement": "Authorised distributor since 2019.",
        "files": [(io.BytesIO(b"%PDF-1.4 invoice"), "invoice.pdf", "application/pdf")]},
        content_type="multipart/form-data")
    assert sent.status_code == 302, sent.text
    notice = session.exec(select(CounterNotice).where(
        CounterNotice.complaint_id == case.complaint_id)).one()
    assert notice.reason == "authorized"
    files = session.exec(select(Attachment).where(Attachment.counter_notice_id == notice.id)).all()
    assert [f.filename for f in files] == ["invoice.pdf"]
    page = client.get(sent.headers["Location"])
    assert page.status_code == 200 and "invoice.pdf" in page.text
    download = client.get(f"/attachments/{files[0].id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 invoice"
    assert "cn-link" in client.get("/seller").text


def test_complainant_answers_on_the_page(client, session):
    case = taken_down(client, session)
    notice = counter_notice(client, case).json
    sign_in(client, case.owner.email)
    complaint_page = client.get(f"/complaints/{case.complaint_id}")
    assert f"/counter-notices/{notice['id']}" in complaint_page.text
    page = client.get(f"/counter-notices/{notice['id']}")
    assert page.status_code == 200 and 'id="response-form"' in page.text
    no_note = client.post(f"/counter-notices/{notice['id']}/response", data={
        "csrf_token": csrf_from(page.text), "action": "maintain", "evidence_note": ""})
    assert no_note.status_code == 422 and 'id="evidence-error"' in no_note.text
    assert session.get(CounterNotice, notice["id"]).status == "open"
    done = client.post(f"/counter-notices/{notice['id']}/response", data={
        "csrf_token": csrf_from(page.text), "action": "maintain",
        "evidence_note": "Lawsuit filed, case 77"})
    assert done.status_code == 302
    stored = session.get(CounterNotice, notice["id"])
    session.refresh(stored)
    assert stored.status == "maintained"


def test_other_people_get_404_and_wrong_roles_403(client, session):
    case = taken_down(client, session)
    notice = counter_notice(client, case).json
    row = _row(session, case)
    make_user(session, role="seller", org="other-shop", email="other-shop@example.com")
    make_user(session, email="other-brand@example.com")
    session.commit()
    sign_in(client, "other-shop@example.com")
    assert client.get(f"/seller/takedowns/{row.id}/counter-notice").status_code == 404
    assert client.get(f"/counter-notices/{notice['id']}").status_code == 404
    assert case.refs[0] not in client.get("/seller").text
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/seller").text)})
    sign_in(client, "other-brand@example.com")
    assert client.get(f"/counter-notices/{notice['id']}").status_code == 404
    assert client.get("/seller").status_code == 403
    assert client.get(f"/seller/takedowns/{row.id}/counter-notice").status_code == 403
