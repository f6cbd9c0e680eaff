"""The content-addressed store: type sniffing, size limits, safe names, same bytes same key."""

import pytest

from ipp.storage import MAX_BYTES, StorageError, Store, safe_filename, sniff
from tests.api.helpers import PDF, png, zip_bomb


def test_put_and_open_by_key(tmp_path):
    store = Store(tmp_path)
    key = store.put(PDF, "cert.pdf", "application/pdf")
    assert len(key) == 64 and store.put(PDF, "other.pdf", None) == key
    with store.open(key) as handle:
        assert handle.read() == PDF
    assert not store.exists("../../etc/passwd")
    with pytest.raises(KeyError):
        store.open("../" + key[3:])


@pytest.mark.parametrize("data,declared,status", [
    (b"%PDF-" + b"0" * MAX_BYTES, "application/pdf", 413),
    (b"", None, 422),
    (b"PK\x03\x04 zip", "application/pdf", 415),
    (PDF, "image/png", 415),
    (png(20_000, 20_000), "image/png", 422),
])
def test_refusals(tmp_path, data, declared, status):
    store = Store(tmp_path)
    with pytest.raises(StorageError) as error:
        store.put(data, "x", declared)
    assert error.value.status == status and error.value.message
    assert not (tmp_path / "evidence").exists()


def test_zip_bomb_is_refused_before_any_unpacking(tmp_path):
    with pytest.raises(StorageError) as error:
        Store(tmp_path).put(zip_bomb(), "c.zip", None)
    assert error.value.status == 415


def test_sniff_and_names():
    assert sniff(png()) == "image/png" and sniff(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff(b"GIF89a....") == "image/gif" and sniff(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert sniff(b"<html>") is None
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\x\\cert.pdf") == "cert.pdf"
    assert safe_filename("..") == "file" and safe_filename("a\x00b.pdf") == "ab.pdf"
