"""The mailer's attachments and extra headers, through the real SMTP server (aiosmtpd)."""

import io

import openpyxl

from ipp.notifications import mailer
from tests.notifications.smtp import parts


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["商標", 3])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_attachments_and_headers_arrive(smtp):
    config = mailer.smtp_config()
    csv_text = "\ufeffالشكوى,Seller\nC-1,shop\n"
    mailer.send(config, to="brand@example.com", subject="Report", text="plain body",
                html="<p>html body</p>", language="ar", headers={
                    "List-Unsubscribe": "<https://ipp.example/u/x>"},
                attachments=[
                    mailer.Attachment("report.csv", "text/csv", csv_text.encode("utf-8")),
                    mailer.Attachment("report.xlsx", "application/vnd.openxmlformats-"
                                      "officedocument.spreadsheetml.sheet", _workbook())])
    [message] = smtp.to("brand@example.com")
    assert str(message["List-Unsubscribe"]).strip() == "<https://ipp.example/u/x>"
    assert message["Content-Language"] == "ar"
    assert [p.strip() for p in parts(message)] == ["plain body", "<p>html body</p>"]
    found = {p.get_filename(): p for p in message.iter_attachments()}
    assert set(found) == {"report.csv", "report.xlsx"}
    assert found["report.csv"].get_content() == csv_text
    assert found["report.csv"].get_content_charset() == "utf-8"
    book = openpyxl.load_workbook(io.BytesIO(found["report.xlsx"].get_content()))
    assert [c.value for c in book.active[1]] == ["商標", 3]


def test_without_attachments_the_mail_is_as_before(smtp):
    mailer.send(mailer.smtp_config(), to="x@example.com", subject="S", text="t", html="<p>h</p>",
                language="en")
    [message] = smtp.to("x@example.com")
    assert message.get_content_type() == "multipart/alternative"
    assert list(message.iter_attachments()) == [] and message["List-Unsubscribe"] is None
