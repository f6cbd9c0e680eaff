"""Marks strings for extraction without translating them (pure modules cannot import Flask-Babel)."""


def N_(message: str) -> str:
    """Return the message untouched; `pybabel extract` collects it, `gettext` translates it later."""
    return message
