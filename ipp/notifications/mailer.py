"""SMTP from the IPP_SMTP_* variables; without IPP_SMTP_HOST nothing is sent by e-mail."""

import os
import smtplib
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


def send(config: SmtpConfig, *, to: str, subject: str, text: str, html: str,
         language: str) -> None:
    """Raises on any refusal (smtplib errors, OSError): the caller schedules a retry."""
    message = EmailMessage()
    message["From"] = formataddr(("IPP", config.sender))
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="ipp.local")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    # After the parts exist: Content-* headers set before would move into the first part.
    message["Content-Language"] = language.replace("_", "-")
    with smtplib.SMTP(config.host, config.port, timeout=10) as smtp:
        if config.tls:
            smtp.starttls()
        if config.user:
            smtp.login(config.user, config.password or "")
        smtp.send_message(message)
