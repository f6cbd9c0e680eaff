"""Picks the alias of a mark written in the reader's script (ナイキ for ja, 나이키 for ko, …)."""

import unicodedata

# Unicode name prefixes of the letters each locale reads; Han serves Chinese and Japanese.
_SCRIPTS = {
    "ja": ("KATAKANA", "HIRAGANA", "CJK UNIFIED"),
    "ko": ("HANGUL",),
    "zh_Hans": ("CJK UNIFIED",),
    "zh_Hant": ("CJK UNIFIED",),
    "ru": ("CYRILLIC",),
    "ar": ("ARABIC",),
}


def _script_rank(text: str, prefixes: tuple[str, ...]) -> int | None:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    for rank, prefix in enumerate(prefixes):
        if all(unicodedata.name(ch, "").startswith(prefixes) for ch in letters) and any(
                unicodedata.name(ch, "").startswith(prefix) for ch in letters):
            return rank
    return None


def alias_for(aliases: list[str], locale: str) -> str | None:
    """The alias to show beside the word mark in this locale, or None (Latin-script locales)."""
    prefixes = _SCRIPTS.get(locale)
    if not prefixes:
        return None
    ranked = [(rank, i, alias) for i, alias in enumerate(aliases)
              if (rank := _script_rank(alias, prefixes)) is not None]
    return min(ranked)[2] if ranked else None
