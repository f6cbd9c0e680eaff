"""SMTP from the IPP_SMTP_* variables; without IPP_SMTP_HOST nothing is sent by e-mail."""

import os
import smtplib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    user: str | None
    password: str | None
    sender: str
    tls: bool


def smtp_config(env=None) -> SmtpConfig | None:
    env = os.environ if env is None else env
    host = env.get("IPP_SMTP_HOST")
    if not host:
        return None
    tls = (env.get("IPP_SMTP_TLS") or "").lower() in ("1", "true", "yes", "starttls")
    return SmtpConfig(host=host, port=int(env.get("IPP_SMTP_PORT") or (587 if tls else 25)),
                      user=env.get("IPP_SMTP_USER") or None,
                      password=env.get("IPP_SMTP_PASSWORD") or None,
                      sender=env.get("IPP_SMTP_FROM") or "ipp@localhost", tls=tls)


def base_url(env=None) -> str:
    env = os.environ if env is None else env
    return (env.get("IPP_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")


@dataclass(frozen=True)
class Attachment:
    """A file for `send`; text/* data must be UTF-8."""

    filename: str
    mimetype: str  # e.g. "text/csv"
    data: bytes


def send(config: SmtpConfig, *, to: str, subject: str, text: str, html: str,
         language: str, attachments: Sequence[Attachment] = (),
         headers: Mapping[str, str] | None = None) -> None:
    """Raises on any refusal (smtplib errors, OSError): the caller schedules a retry.

    `headers` adds top-level headers (e.g. List-Unsubscribe); `attachments` turn the mail
    into multipart/mixed around the text and HTML alternatives."""
    message = EmailMessage()
    message["From"] = formataddr(("IPP", config.sender))
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="ipp.local")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for item in attachments:
        maintype, _sep, subtype = item.mimetype.partition("/")
        if maintype == "text":
            # Named as UTF-8 so mail programs read CSV in any script the way it was written.
            message.add_attachment(item.data.decode("utf-8"), subtype=subtype or "plain",
                                   charset="utf-8", cte="base64", filename=item.filename)
        else:
            message.add_attachment(item.data, maintype=maintype,
                                   subtype=subtype or "octet-stream", filename=item.filename)
    # After the parts exist: Content-* headers set before would move into the first part.
    message["Content-Language"] = language.replace("_", "-")
    with smtplib.SMTP(config.host, config.port, timeout=10) as smtp:
        if config.tls:
            smtp.starttls()
        if config.user:
            smtp.login(config.user, config.password or "")
        smtp.send_message(message)
