"""The shipped locales and how a request's locale is chosen."""

from flask import current_app, request, session
from flask_login import current_user

LOCALES = ("en", "zh_Hans", "zh_Hant", "ja", "ko", "de", "fr", "es", "it", "pt_BR", "ru", "ar")
RTL_LOCALES = frozenset({"ar"})
LOCALE_NAMES = {
    "en": "English", "zh_Hans": "简体中文", "zh_Hant": "繁體中文", "ja": "日本語", "ko": "한국어",
    "de": "Deutsch", "fr": "Français", "es": "Español", "it": "Italiano",
    "pt_BR": "Português (Brasil)", "ru": "Русский", "ar": "العربية",
}

# Browser tags that name a shipped locale other than by its own spelling.
_ALIASES = {
    "zh": "zh_Hans", "zh_cn": "zh_Hans", "zh_sg": "zh_Hans", "zh_hans": "zh_Hans",
    "zh_tw": "zh_Hant", "zh_hk": "zh_Hant", "zh_mo": "zh_Hant", "zh_hant": "zh_Hant",
    "pt": "pt_BR", "pt_br": "pt_BR", "pt_pt": "pt_BR",
}


def normalise_locale(tag: str | None) -> str | None:
    """'ja-JP' → 'ja', 'zh-TW' → 'zh_Hant'; None when no shipped locale fits."""
    if not tag:
        return None
    key = tag.strip().replace("-", "_").lower()
    if key in _ALIASES:
        return _ALIASES[key]
    for loc in LOCALES:
        if loc.lower() == key:
            return loc
    base = key.split("_")[0]
    if base in _ALIASES:
        return _ALIASES[base]
    return base if base in LOCALES else None


def select_locale() -> str:
    """`?lang=` (remembered for the visit, also across sign-in), then the user's setting,
    then Accept-Language."""
    asked = normalise_locale(request.args.get("lang"))
    if asked:
        if not request.path.startswith("/api/"):
            session["lang"] = asked
        return asked
    if not request.path.startswith("/api/") and session.get("lang") in LOCALES:
        return session["lang"]
    user = _request_user()
    if user is not None and user.language in LOCALES:
        return user.language
    for tag, _quality in request.accept_languages:
        found = normalise_locale(tag)
        if found:
            return found
    return "en"


def _request_user():
    """The signed-in user, or the API token's user, without forcing a login."""
    from flask import g

    api_user = g.get("api_user")
    if api_user is not None:
        return api_user
    if current_app.login_manager is not None and current_user and current_user.is_authenticated:
        return current_user
    return None


def html_lang(locale: str) -> str:
    return locale.replace("_", "-")


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"
