"""Content-addressed evidence store under the data dir: put bytes, get a SHA-256 key back."""

import hashlib
import os
import re
import struct
import tempfile
import unicodedata
from pathlib import Path

from ipp.i18n.markers import N_

MAX_BYTES = 20 * 1024 * 1024
# An image may not unpack to more pixels than this (decompression bombs).
MAX_PIXELS = 60_000_000
ALLOWED = ("application/pdf", "image/png", "image/jpeg", "image/webp", "image/gif")
_KEY = re.compile(r"^[0-9a-f]{64}$")


class StorageError(ValueError):
    """Refused upload: `status` (413 too large, 415 wrong type, 422 otherwise) and a msgid."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def sniff(data: bytes) -> str | None:
    """The content type the bytes really have, by their magic numbers; None if not allowed."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    return None


def _pixels(data: bytes, kind: str) -> int | None:
    """Width × height from the header, where it is cheap to read."""
    if kind == "image/png" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width * height
    if kind == "image/gif" and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width * height
    return None


def safe_filename(name: str | None) -> str:
    """A display name only (never a path): the last component, printable, at most 200 chars."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    return name[:200] or "file"


def check(data: bytes, content_type: str | None) -> str:
    """The verified content type, or StorageError saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise StorageError(413, "too_large", N_("The file is larger than 20 MB."))
    if not data:
        raise StorageError(422, "invalid", N_("The file is empty."))
    kind = sniff(data)
    if kind is None:
        raise StorageError(415, "unsupported", N_("Only PDF, PNG, JPEG, WebP or GIF files "
                                                  "are accepted."))
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared not in ("", "application/octet-stream", kind):
        raise StorageError(415, "unsupported", N_("The file's content does not match its "
                                                  "type."))
    pixels = _pixels(data, kind)
    if pixels is not None and pixels > MAX_PIXELS:
        raise StorageError(422, "invalid", N_("The image is too large to display."))
    return kind


class Store:
    def __init__(self, root: Path):
        self.root = Path(root) / "evidence"

    def _path(self, key: str) -> Path:
        if not isinstance(key, str) or not _KEY.match(key):
            raise KeyError(key)
        return self.root / key[:2] / key

    def put(self, data: bytes, filename: str | None, content_type: str | None) -> str:
        """Checks, then writes once (same bytes, same key); returns the SHA-256 key."""
        check(data, content_type)
        return self.put_checked(data)

    def put_checked(self, data: bytes) -> str:
        """Writes bytes the caller has already checked by its own rules (attachments)."""
        key = hashlib.sha256(data).hexdigest()
        path = self._path(key)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write aside and rename, so a reader never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        return key

    def open(self, key: str):
        return self._path(key).open("rb")

    def path(self, key: str) -> Path:
        return self._path(key)

    def exists(self, key: str) -> bool:
        try:
            return self._path(key).exists()
        except KeyError:
            return False


def _store() -> Store:
    from ipp.web.context import runtime

    return Store(runtime().settings.data_dir)


def put(data: bytes, filename: str | None, content_type: str | None) -> str:
    """The app's store (in a request or app context)."""
    return _store().put(data, filename, content_type)


def open(key: str):  # noqa: A001  (the store's verb, as the issue names it)
    return _store().open(key)


def read_upload(file) -> tuple[bytes, str, str | None]:
    """(bytes, safe display name, declared type) of a werkzeug FileStorage, reading at most
    one byte past the limit so an oversize upload is refused without holding it all."""
    data = file.stream.read(MAX_BYTES + 1)
    return data, safe_filename(file.filename), file.mimetype or None
