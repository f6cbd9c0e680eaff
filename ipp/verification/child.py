"""Work done in a forked child process while the parent does something else (pure helper)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import IO, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_child(fn: Callable[[T], R], arg: T) -> Callable[[], R]:
    """Run fn(arg) in a forked child process; the returned callable waits for its (pickled)
    result. Where fork is missing or fails, fn runs here when the result is asked for."""
    if not hasattr(os, "fork"):
        return lambda: fn(arg)
    # The result goes through a file in memory, not a pipe: through a pipe the child would
    # stall at every 64 KiB until the parent came to read, and megabytes of result then cost
    # the parent tens of milliseconds of ping-pong.
    out = _memory_file()
    try:
        pid = os.fork()
    except OSError:
        out.close()
        return lambda: fn(arg)
    if pid == 0:  # the child: never returns into the caller's code
        code = 1
        try:
            pickle.dump(fn(arg), out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            code = 0
        finally:
            os._exit(code)

    def result() -> R:
        try:
            _, status = os.waitpid(pid, 0)
            out.seek(0)  # the offset is shared with the child, which has ended
            data = out.read() if status == 0 else b""
        finally:
            out.close()
        if not data:
            return fn(arg)  # the child failed: do it here
        return pickle.loads(data)

    return result


def _memory_file() -> IO[bytes]:
    if hasattr(os, "memfd_create"):
        try:
            return os.fdopen(os.memfd_create("ipp-child"), "w+b")
        except OSError:
            pass
    import tempfile  # only here: most of its imports are needed nowhere else in a scan

    return tempfile.TemporaryFile()
