"""Catalogue lookups for a given language without a request, so jobs and workers localize too."""

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from ipp.i18n.locales import RTL_LOCALES

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"


class Translator:
    """`tr(msgid, **params)` in one language; labels of stable codes via `tr.code(table, code)`."""

    def __init__(self, lang: str):
        self.lang = lang
        self.rtl = lang in RTL_LOCALES
        catalogue = Translations.load(str(LOCALES_DIR), [lang], "messages")
        self._catalogue: NullTranslations = catalogue

    def __call__(self, msgid: str, **params) -> str:
        text = self._catalogue.gettext(msgid)
        return text % params if params else text

    def code(self, table: dict[str, str], code: str | None) -> str:
        if not code:
            return ""
        msgid = table.get(code)
        return self(msgid) if msgid else code


@lru_cache(maxsize=32)
def translator(lang: str) -> Translator:
    return Translator(lang)
