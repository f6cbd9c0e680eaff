"""Vendored static files are the pinned versions: their checksums match SHA256SUMS."""

import hashlib
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"


def test_vendored_files_match_checksums():
    lines = (VENDOR / "SHA256SUMS").read_text().split("\n")
    entries = [line.split() for line in lines if line.strip()]
    assert entries
    for digest, name in entries:
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_pages_load_htmx_from_own_static(client):
    page = client.get("/login")
    assert '/static/vendor/htmx-2.0.8.min.js' in page.text and "https://" not in page.text.split(
        "<body")[0]
    assert client.get("/static/vendor/htmx-2.0.8.min.js").status_code == 200
