"""Work done in a forked child process while the parent does something else (pure helper)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_child(fn: Callable[[T], R], arg: T) -> Callable[[], R]:
    """Run fn(arg) in a forked child process; the returned callable waits for its (pickled)
    result. Where fork is missing or fails, fn runs here when the result is asked for."""
    if not hasattr(os, "fork"):
        return lambda: fn(arg)
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return lambda: fn(arg)
    if pid == 0:  # the child: never returns into the caller's code
        code = 1
        try:
            os.close(read_fd)
            with os.fdopen(write_fd, "wb") as out:
                pickle.dump(fn(arg), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)

    def result() -> R:
        try:
            with os.fdopen(read_fd, "rb") as inp:
                data = inp.read()
        finally:
            _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return fn(arg)  # the child failed: do it here
        return pickle.loads(data)

    return result
