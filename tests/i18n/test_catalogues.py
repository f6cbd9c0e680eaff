"""Every shipped locale is complete, and the code's strings are all in the template."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from ipp.i18n.check import LOCALES_DIR, problems
from ipp.i18n.locales import LOCALES, normalise_locale

ROOT = Path(__file__).resolve().parents[2]


def test_every_locale_is_complete():
    assert problems() == []


def test_template_is_up_to_date(tmp_path):
    out = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract",
                    "-F", "babel.cfg", "-k", "N_", "-k", "_l", "-k", "lazy_gettext",
                    "--no-location", "-o", str(out), "."], cwd=ROOT, check=True)
    with open(out, "rb") as fresh, open(LOCALES_DIR / "messages.pot", "rb") as stored:
        fresh_ids = {m.id for m in read_po(fresh) if m.id}
        stored_ids = {m.id for m in read_po(stored) if m.id}
    assert fresh_ids - stored_ids == set(), "run `make update-translations`"


def test_locale_tags():
    assert set(LOCALES) == {"en", "zh_Hans", "zh_Hant", "ja", "ko", "de", "fr", "es", "it",
                            "pt_BR", "ru", "ar"}
    assert normalise_locale("zh-TW") == "zh_Hant" and normalise_locale("zh-CN") == "zh_Hans"
    assert normalise_locale("pt-BR") == "pt_BR" and normalise_locale("ja-JP") == "ja"
    assert normalise_locale("xx") is None
