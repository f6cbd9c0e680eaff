"""The message thread in Arabic: the complainant asks, a reviewer answers, the bell shows it."""

import pytest
from sqlmodel import select

from ipp.notifications.models import ComplaintMessage
from tests.browser.conftest import sign_in, translated
from tests.factories import make_token, make_user
from tests.reputation.helpers import brand, file, listings

pytestmark = pytest.mark.browser


def seed(app, factory):
    with factory() as session:
        owner, mark, token = brand(session, language="ar", email="brand-ar@example.com")
        make_user(session, role="reviewer", email="reviewer-de@example.com", language="de")
        refs = listings(session, 1)
        make_token(session, owner)
        session.commit()
        filed = file(app.test_client(), token, mark, refs)
        assert filed.status_code == 201, filed.text
        return filed.json["id"]


def test_question_and_answer_in_the_thread(live, page, tmp_path):
    base, factory, app = live
    complaint_id = seed(app, factory)

    sign_in(page, base, "brand-ar@example.com", "ar")
    page.goto(f"{base}/complaints/{complaint_id}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#thread h2").inner_text() == translated(app, "ar", "Messages")
    page.fill("#message-body", "متى سيتم اتخاذ القرار؟")
    photo = tmp_path / "photo.txt"
    photo.write_text("evidence")
    page.set_input_files("#message-files", str(photo))
    page.click("#message-form button[type=submit]")
    page.wait_for_selector('li.message[data-kind="question"]')
    question = page.locator('li.message[data-kind="question"]')
    assert "متى سيتم اتخاذ القرار؟" in question.inner_text()
    assert question.get_attribute("lang") == "ar"
    assert question.locator("a", has_text="photo.txt").count() == 1
    assert page.locator("p.flash").inner_text() == translated(app, "ar", "Message sent.")

    page.context.clear_cookies()
    sign_in(page, base, "reviewer-de@example.com", "de")
    page.goto(f"{base}/complaints/{complaint_id}")
    assert "متى سيتم اتخاذ القرار؟" in page.locator("#thread").inner_text()
    page.fill("#message-body", "Heute noch.")
    page.click("#message-form button[type=submit]")
    page.wait_for_selector('li.message[data-kind="answer"]')

    page.context.clear_cookies()
    sign_in(page, base, "brand-ar@example.com", "ar")
    assert page.locator("#bell-count").inner_text() != ""
    page.click("#bell")
    page.wait_for_selector("#notifications")
    assert page.locator("h1").inner_text() == translated(app, "ar", "Notifications")
    assert page.locator('li[data-kind="message"]').count() == 1
    page.click("#read-all")
    page.wait_for_selector("#notifications")
    assert page.locator("#bell-count").inner_text() == ""

    with factory() as session:
        kinds = [(m.kind, m.language) for m in session.exec(select(ComplaintMessage).where(
            ComplaintMessage.complaint_id == complaint_id).order_by(ComplaintMessage.id))]
        assert kinds == [("question", "ar"), ("answer", "de")]
