"""The marks of the database as matching terms, and one shared MarkIndex per process."""

import threading
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.marks.models import Mark, MarkStatus
from ipp.verification.matching import MarkIndex, MarkTerm

_lock = threading.Lock()
_cache: dict = {"stamp": None, "index": None, "owners": {}}


def terms_from_db(session: Session) -> Iterator[MarkTerm]:
    """Terms keyed (office, number), as `ipp scan` prints them."""
    for mark in session.exec(select(Mark).where(Mark.status == MarkStatus.REGISTERED)):
        key = (mark.office, mark.number)
        yield MarkTerm(key, mark.text, False)
        for alias in mark.aliases or ():
            yield MarkTerm(key, alias, True)


def marks_stamp(session: Session) -> tuple:
    """Changes whenever a registered mark is added, removed or edited (one cheap query)."""
    row = session.execute(
        sa.select(sa.func.count(Mark.id), sa.func.max(Mark.id), sa.func.sum(Mark.id),
                  sa.func.max(Mark.updated_at), sa.func.sum(sa.func.length(Mark.text)))
        .where(Mark.status == MarkStatus.REGISTERED)).one()
    return tuple(row)


def live_index(session: Session) -> tuple[MarkIndex, dict[int, int]]:
    """(index keyed by mark id, mark id → owner org id); built once, rebuilt when marks change."""
    stamp = marks_stamp(session)
    with _lock:
        if _cache["stamp"] == stamp and _cache["index"] is not None:
            return _cache["index"], _cache["owners"]
        marks = session.exec(select(Mark).where(Mark.status == MarkStatus.REGISTERED)).all()
        terms = [MarkTerm(m.id, text, is_alias) for m in marks
                 for text, is_alias in [(m.text, False)] + [(a, True) for a in m.aliases or ()]]
        _cache.update(stamp=stamp, index=MarkIndex.build(terms),
                      owners={m.id: m.owner_org_id for m in marks})
        return _cache["index"], _cache["owners"]


def invalidate() -> None:
    """Forget the shared index (tests whose rolled-back marks may repeat a stamp)."""
    with _lock:
        _cache.update(stamp=None, index=None, owners={})
