"""Small builders for API tests: bearer headers, tiny valid files."""

import struct
import zlib

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def bearer(token: str, **extra) -> dict:
    return {"Authorization": f"Bearer {token}", **extra}


def png(width: int = 1, height: int = 1) -> bytes:
    """A PNG whose header claims these dimensions (the pixels need not be there)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def zip_bomb() -> bytes:
    """A zip whose one member inflates from a few KB to 50 MB."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("certificate.pdf", b"\0" * (50 * 1024 * 1024))
    return buffer.getvalue()


MARK = {"office": "USPTO", "number": "5550001", "text": "ZEPHYR", "aliases": ["ゼファー"],
        "nice_classes": [25], "registered_on": "2016-01-01", "expires_on": "2030-01-01"}
