"""Runs `ipp sweep` every minute in the background; one sweep at a time across processes."""

import logging
import threading

import sqlalchemy as sa

from ipp.clock import utcnow
from ipp.db import session_scope
from ipp.jobs.sweep import run_sweep

log = logging.getLogger(__name__)
_SWEEP_LOCK_ID = 7_042_002


def sweep_once(session_factory, *, now=None) -> dict[str, int] | None:
    """None when another process holds the sweep (PostgreSQL advisory lock)."""
    with session_scope(session_factory) as session:
        if session.get_bind().dialect.name == "postgresql":
            got = session.execute(sa.text("SELECT pg_try_advisory_xact_lock(:id)"),
                                  {"id": _SWEEP_LOCK_ID}).scalar()
            if not got:
                return None
        return run_sweep(session, now=now or utcnow())


def start_scheduler(session_factory, *, interval_seconds: float = 60.0) -> threading.Event:
    stop = threading.Event()

    def loop():
        while not stop.wait(interval_seconds):
            try:
                sweep_once(session_factory)
            except Exception:  # noqa: BLE001 - keep sweeping; the next minute may work
                log.exception("sweep failed")

    threading.Thread(target=loop, name="ipp-sweep", daemon=True).start()
    return stop
