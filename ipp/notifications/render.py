"""E-mails from templates, in the recipient's language and zone, without a Flask app."""

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.support import NullTranslations, Translations
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ipp.i18n.locales import LOCALES, RTL_LOCALES
from ipp.notifications.content import Content, build

_HERE = Path(__file__).resolve().parent
_LOCALES_DIR = _HERE.parent.parent / "locales"


@lru_cache(maxsize=32)
def _translations(language: str):
    if language not in LOCALES:
        return NullTranslations()
    return Translations.load(str(_LOCALES_DIR), [language], domain="messages")


@lru_cache(maxsize=32)
def _environment(language: str) -> Environment:
    env = Environment(loader=FileSystemLoader(str(_HERE / "templates" / "mail")),
                      autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(_translations(language), newstyle=True)
    return env


def gettext_for(language: str):
    translations = _translations(language)

    def gettext(message: str, **params) -> str:
        text = translations.gettext(message)
        return text % params if params else text

    return gettext


def when_for(language: str, zone: str):
    def when(value) -> str:
        if not value:
            return "—"
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        try:
            tz = ZoneInfo(zone or "UTC")
        except (KeyError, ValueError):
            tz = ZoneInfo("UTC")
        return format_datetime(moment, "medium", tzinfo=tz, locale=language)

    return when


def contents(notifications, user) -> list[Content]:
    language = user.language if user.language in LOCALES else "en"
    gettext, when = gettext_for(language), when_for(language, user.timezone)
    return [build(n.kind, n.data or {}, n.complaint_id, gettext, when) for n in notifications]


def render_mail(notifications, user, *, base_url: str) -> tuple[str, str, str]:
    """(subject, text, html): one notification, or several as a daily digest."""
    language = user.language if user.language in LOCALES else "en"
    items = contents(notifications, user)
    gettext = gettext_for(language)
    if len(items) == 1:
        subject = items[0].subject
    else:
        subject = gettext("Your daily IPP digest: %(count)d notifications", count=len(items))
    env = _environment(language)
    context = {"items": items, "base_url": base_url, "subject": subject,
               "lang": language.replace("_", "-"),
               "dir": "rtl" if language in RTL_LOCALES else "ltr", "digest": len(items) > 1}
    text = env.get_template("notice.txt").render(context)
    html = env.get_template("notice.html").render(context)
    return subject, text, html


def contents_here(notifications) -> list[Content]:
    """In the page's language and zone (Flask-Babel), for the in-app list."""
    from flask_babel import format_datetime as flask_format
    from flask_babel import gettext

    def when(value) -> str:
        if not value:
            return "—"
        return flask_format(datetime.fromisoformat(str(value).replace("Z", "+00:00")), "medium")

    return [build(n.kind, n.data or {}, n.complaint_id, gettext, when) for n in notifications]


@lru_cache(maxsize=64)
def template_environment(folder: str, language: str) -> Environment:
    """Like the notices' templates, for another domain's mail templates in `folder`: `_()`
    in the recipient's language (English for a language not shipped)."""
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]),
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(_translations(language), newstyle=True)
    return env


def mail_context(language: str) -> dict:
    """lang and dir for a mail's <html>, for any template rendered with the above."""
    language = language if language in LOCALES else "en"
    return {"lang": language.replace("_", "-"),
            "dir": "rtl" if language in RTL_LOCALES else "ltr"}
