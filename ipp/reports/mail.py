"""The monthly report e-mail's text, in the subscriber's language (no Flask app needed)."""

from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_skeleton
from babel.numbers import format_decimal

from ipp.i18n.locales import LOCALES
from ipp.notifications.render import gettext_for, mail_context, template_environment
from ipp.reports.monthly import Month

TEMPLATES = str(Path(__file__).resolve().parent / "templates" / "mail")


@dataclass(frozen=True)
class MonthlyMail:
    month: Month
    format: str
    rows: int  # in the file (a PDF stops at its cap)
    total: int  # matching the filters
    size: int  # bytes of the file
    attached: bool
    job_link: str
    settings_link: str
    unsubscribe_link: str


def _size(size: int, language: str) -> str:
    return f"{format_decimal(round(size / 1024 / 1024, 1), locale=language)} MB"


def render_monthly(mail: MonthlyMail, language: str) -> tuple[str, str, str]:
    """(subject, text, html)."""
    language = language if language in LOCALES else "en"
    _ = gettext_for(language)
    month = format_skeleton("yMMMM", mail.month.first, locale=language)
    subject = _("Takedown report for %(month)s", month=month)
    context = {**mail_context(language), "subject": subject, "month": month,
               "format": mail.format.upper(), "rows": mail.rows, "total": mail.total,
               "truncated": mail.format == "pdf" and mail.total > mail.rows,
               "attached": mail.attached, "size": _size(mail.size, language),
               "job_link": mail.job_link, "settings_link": mail.settings_link,
               "unsubscribe_link": mail.unsubscribe_link}
    env = template_environment(TEMPLATES, language)
    text = env.get_template("monthly.txt").render(context)
    html = env.get_template("monthly.html").render(context)
    return subject, text, html
