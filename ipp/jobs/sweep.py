"""The periodic work (`ipp sweep`): each domain's due work as of a given time."""

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

# Each step: (name, fn(session, now) -> int of things done). Domains append at import.
SWEEP_STEPS: list[tuple[str, Callable[[Session, datetime], int]]] = []


def sweep_step(name: str):
    def register(fn):
        SWEEP_STEPS.append((name, fn))
        return fn

    return register


def run_sweep(session: Session, *, now: datetime) -> dict[str, int]:
    import ipp.sweeps  # noqa: F401  (imports every domain's steps)

    done = {}
    for name, step in SWEEP_STEPS:
        done[name] = step(session, now)
        session.flush()
    return done
