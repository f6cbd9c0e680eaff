"""The scan's mark index saved across processes, keyed by the marks file's content and the code
that builds it: a second `ipp scan` with the same marks loads it instead of building it again;
changed marks (or matching code) give a new key, so the index is rebuilt.

Where: $IPP_SCAN_CACHE_DIR if set ("off" disables the cache), else $IPP_DATA_DIR/cache, else
$XDG_CACHE_HOME/ipp (~/.cache/ipp). The files are pickles: only load a directory you own.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from .matching import MarkIndex

_KEEP = 3  # newest cache files kept; older ones are removed when a new one is written
_PREFIX = "scan-index-"
_SOURCES = ("matching.py", "matching_keys.py", "normalize.py", "fold_chars.py", "fold_bulk.py",
            "typos.py", "scan.py", "marks_file.py", "index_cache.py")


def cache_dir() -> Path | None:
    env = os.environ
    if "IPP_SCAN_CACHE_DIR" in env:
        value = env["IPP_SCAN_CACHE_DIR"]
        return None if value in ("", "off") else Path(value)
    if env.get("IPP_DATA_DIR"):
        return Path(env["IPP_DATA_DIR"]) / "cache"
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ipp"


def _code_version() -> bytes:
    """Everything besides the marks that decides the built index."""
    import ahocorasick

    here = Path(__file__).parent
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{sys.version_info[:2]} {getattr(ahocorasick, '__version__', '')}".encode())
    for name in _SOURCES:
        h.update((here / name).read_bytes())
    for path in sorted((here / "data").iterdir()):
        h.update(path.name.encode() + path.read_bytes())
    return h.digest()


def _key(marks_path: str) -> str:
    h = hashlib.blake2b(_code_version(), digest_size=20)
    with open(marks_path, "rb") as fp:
        while block := fp.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def load_or_build(marks_path: str, build: Callable[[TextIO], MarkIndex], err: TextIO,
                  use_cache: bool = True, save_later: list | None = None
                  ) -> tuple[MarkIndex, bool]:
    """(index, loaded from the cache?). `build(err)` builds it from the marks file; what it
    reports about bad mark lines is saved too and repeated on every load. With save_later
    (a list), a built index is not saved here: a callable that saves it is appended, for the
    caller to run when it suits (the scan: while its workers scan); it takes the stream for
    its message, err by default."""
    folder = cache_dir() if use_cache else None
    # With no cache file at all there is nothing to look up: the key (a pass over the marks
    # file) is then computed when the index is saved, off the way to the first hit.
    path = _path(folder, marks_path) if folder and any(folder.glob(f"{_PREFIX}*.pickle")) else None
    if path is not None:
        try:
            with open(path, "rb") as fp:
                messages, index = pickle.load(fp)
            err.write(messages)
            os.utime(path)  # recently used: kept by _prune
            return index, True
        except FileNotFoundError:
            pass
        except Exception as exc:  # a truncated or foreign file: rebuild and overwrite it
            err.write(f"scan: ignoring unreadable index cache {path}: {exc}\n")
    report = io.StringIO()
    index = build(report)
    err.write(report.getvalue())
    if folder is not None:
        def save(out: TextIO = err) -> None:
            try:
                _save(path or _path(folder, marks_path), (report.getvalue(), index))
            except OSError as exc:
                out.write(f"scan: index cache not saved ({exc})\n")

        if save_later is None:
            save()
        else:
            save_later.append(save)
    return index, False


def _path(folder: Path, marks_path: str) -> Path:
    return folder / f"{_PREFIX}{_key(marks_path)}.pickle"


def _save(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fp:
            pickle.dump(value, fp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _prune(path.parent)


def _prune(folder: Path) -> None:
    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:  # removed meanwhile by another scan
            return 0.0

    for old in sorted(folder.glob(f"{_PREFIX}*.pickle"), key=mtime, reverse=True)[_KEEP:]:
        old.unlink(missing_ok=True)
