"""The marks of the database as matching terms (for `ipp scan` without --marks)."""

from collections.abc import Iterator

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.marks.models import Mark
from ipp.verification.matching import MarkTerm


def terms_from_db(session: Session) -> Iterator[MarkTerm]:
    for mark in session.exec(select(Mark).where(Mark.status == "registered")):
        key = (mark.office, mark.number)
        yield MarkTerm(key, mark.text, False)
        for alias in mark.aliases or ():
            yield MarkTerm(key, alias, True)
