"""Per-app runtime (settings, engine, session factory) and the request's one DB session."""

from dataclasses import dataclass

from flask import current_app, g
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ipp.db import only_read
from ipp.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    engine: object
    session_factory: sessionmaker


def runtime() -> Runtime:
    return current_app.extensions["ipp"]


def db() -> Session:
    """The request's session; views commit it once at the end."""
    if "db_session" not in g:
        g.db_session = runtime().session_factory()
    return g.db_session


def close_session(exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        try:
            if exc is None and only_read(session):
                # A transaction that only read ends the same either way, and a COMMIT keeps
                # the connection's prepared statements: psycopg forgets them all on every
                # ROLLBACK (and sends DEALLOCATE ALL), so each page that only read made every
                # request after it on that connection parse and plan its statements again.
                session.commit()
            else:
                # Anything not committed by the view is abandoned, never half-written.
                session.rollback()
            session.close()
        except DBAPIError as error:
            # The connection died with the database (the answer, a 503, is already made):
            # the pool drops it; raising here would turn that answer into a bare 500.
            current_app.logger.warning("rollback on a lost connection: %s", error)
            session.invalidate()
