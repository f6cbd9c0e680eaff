"""Checks the catalogues: every shipped locale translates every message, none fuzzy or copied."""

import sys
from pathlib import Path

from babel.messages.pofile import read_po

from ipp.i18n.locales import LOCALES

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
# A catalogue may keep a few entries as in English (codes, "API", "URL"); more is a copy.
MAX_SAME_AS_ENGLISH = 0.06


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def problems() -> list[str]:
    with open(LOCALES_DIR / "messages.pot", "rb") as handle:
        template_ids = _ids(read_po(handle))
    found = []
    for locale in LOCALES:
        path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            found.append(f"{locale}: no catalogue")
            continue
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale=locale)
        if catalog.fuzzy:
            found.append(f"{locale}: the header is marked fuzzy, so pybabel will not compile it")
        messages = [m for m in catalog if m.id]
        missing = template_ids - _ids(catalog)
        empty = [m.id for m in messages if not m.string or (isinstance(m.string, tuple)
                                                            and not all(m.string))]
        fuzzy = [m.id for m in messages if m.fuzzy]
        if missing:
            found.append(f"{locale}: {len(missing)} messages not in the catalogue")
        if empty:
            found.append(f"{locale}: {len(empty)} untranslated, e.g. {empty[0]!r}")
        if fuzzy:
            found.append(f"{locale}: {len(fuzzy)} fuzzy, e.g. {fuzzy[0]!r}")
        if locale != "en" and messages:
            same = [m.id for m in messages if m.string == m.id]
            if len(same) / len(messages) > MAX_SAME_AS_ENGLISH:
                found.append(f"{locale}: {len(same)} of {len(messages)} left in English")
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    print("catalogues complete" if not found else f"{len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
