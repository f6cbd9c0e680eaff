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

from .child import in_child
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
    saved = sorted(folder.glob(f"{_PREFIX}*.pickle"), key=_mtime) if folder else []
    path = None
    if saved:
        # The key (hashing the whole marks file) is made in a child while this process loads
        # the most recently used cache file, almost always the one the key names; any other
        # is dropped and the right one loaded after all.
        key = in_child(_key, marks_path)
        got = _load(saved[-1], err, quiet=True)
        path = _file(folder, key())
        if got is None or saved[-1] != path:
            got = _load(path, err)
        if got is not None:
            messages, index = got
            err.write(messages)
            _touch(path)
            return index, True
    report = io.StringIO()
    index = build(report)
    err.write(report.getvalue())
    if folder is not None:
        def save(out: TextIO = err) -> None:
            try:
                _save(path or _path(folder, marks_path), (report.getvalue(), index))
            except (OSError, ValueError) as exc:  # ValueError: see _save
                out.write(f"scan: index cache not saved ({exc})\n")

        if save_later is None:
            save()
        else:
            save_later.append(save)
    return index, False


def _load(path: Path, err: TextIO, quiet: bool = False) -> tuple[str, MarkIndex] | None:
    """(messages, index) saved in a cache file; None if there is none (or it is unreadable:
    reported unless quiet)."""
    try:
        with open(path, "rb") as fp:
            return pickle.load(fp)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or foreign file: rebuild and overwrite it
        if not quiet:
            err.write(f"scan: ignoring unreadable index cache {path}: {exc}\n")
        return None


def _touch(path: Path) -> None:
    """Mark a cache file recently used: kept by _prune, and the first guess of the next load."""
    try:
        os.utime(path)
    except OSError:  # removed meanwhile by another scan
        pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another scan
        return 0.0


def _path(folder: Path, marks_path: str) -> Path:
    return _file(folder, _key(marks_path))


def _file(folder: Path, key: str) -> Path:
    return folder / f"{_PREFIX}{key}.pickle"


def _save(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fp:
            pickler = pickle.Pickler(fp, protocol=pickle.HIGHEST_PROTOCOL)
            # No memo: the index holds no object reachable twice but immutable ones (equal
            # copies of a mark's key tuple do as well), so every object is written once
            # anyway, and without a memo entry per object pickling took half the time and
            # loading a tenth less. (A cycle would raise ValueError: not saved then.)
            pickler.fast = True
            pickler.dump(value)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _prune(path.parent)


def _prune(folder: Path) -> None:
    for old in sorted(folder.glob(f"{_PREFIX}*.pickle"), key=_mtime, reverse=True)[_KEEP:]:
        old.unlink(missing_ok=True)
