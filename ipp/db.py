"""Engine, sessions and column types shared by every domain's models."""

import select
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session as ModelSession


class UTCDateTime(TypeDecorator):
    """Stores aware UTC times; SQLite drops the zone, so it is put back on the way out."""

    impl = sa.DateTime
    cache_ok = True

    def __init__(self, timezone: bool = True):
        super().__init__(timezone=True)

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_column(*, nullable: bool = True, index: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


def json_column(*, nullable: bool = False) -> sa.Column:
    return sa.Column(sa.JSON(), nullable=nullable)


def make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        _track_writes(engine)
        return engine
    # No pool_pre_ping (a `SELECT 1` round trip on every check-out): a pooled connection is
    # checked without a round trip instead (_drop_dead_connection). A connection that dies
    # while in use fails its request once (503); SQLAlchemy then invalidates the whole pool,
    # so the next requests connect afresh.
    engine = sa.create_engine(url, pool_pre_ping=False, pool_size=10, max_overflow=20)
    event.listen(engine, "checkout", _drop_dead_connection)
    _track_writes(engine)
    return engine


# conn.info[UNCLEAN]: whether the connection's current transaction has sent anything but a
# SELECT, or had a statement fail (set then, cleared when a transaction begins).
UNCLEAN = "ipp_unclean"


def _track_writes(engine: sa.Engine) -> None:
    event.listen(engine, "begin", _began)
    event.listen(engine, "before_cursor_execute", _sending)
    event.listen(engine, "handle_error", _failed)


def _began(conn) -> None:
    conn.info[UNCLEAN] = False


def _sending(conn, _cursor, statement: str, *_args) -> None:
    # Anything but a plain SELECT counts as a write: UPDATE, INSERT, a WITH that may modify,
    # SET. A SELECT ... FOR UPDATE only locks, and the end of the transaction unlocks it
    # whether it commits or rolls back.
    if not conn.info.get(UNCLEAN) and statement.lstrip()[:6].upper() != "SELECT":
        conn.info[UNCLEAN] = True


def _failed(context) -> None:
    # A failed statement leaves PostgreSQL's transaction aborted: only a rollback ends it.
    if context.connection is not None and not context.connection.closed:
        context.connection.info[UNCLEAN] = True


def only_read(session: Session) -> bool:
    """Whether the session's transaction has read and nothing else: no statement but SELECTs
    sent (and none failed), no change waiting to be flushed, and no work waiting for the
    commit (each domain keeps that in session.info: audit entries, jobs, notification
    events)."""
    if session.new or session.dirty or session.deleted or any(session.info.values()):
        return False
    transaction = session.get_transaction()
    if transaction is None:
        return True
    if not transaction.is_active:
        return False  # a flush failed: only a rollback ends it
    try:
        connection = session.connection()
        return not connection.invalidated and connection.info.get(UNCLEAN) is False
    except sa.exc.SQLAlchemyError:
        return False  # the connection was lost (invalidated): a rollback ends it


def connection_looks_dead(dbapi_connection) -> bool:
    """True if the server closed this idle connection or said something unasked (a restart or
    a terminated backend: its FATAL message and the closed socket make the socket readable).
    A healthy idle connection has nothing to read. One poll() system call, no round trip."""
    if getattr(dbapi_connection, "closed", False):
        return True
    try:
        fd = dbapi_connection.fileno()
    except Exception:  # noqa: BLE001 - no socket any more
        return True
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


def _drop_dead_connection(dbapi_connection, _record, _proxy) -> None:
    if connection_looks_dead(dbapi_connection):
        # The pool discards this connection and checks out (or opens) another one.
        raise sa.exc.DisconnectionError("the server closed the pooled connection")


def make_sessionmaker(bind) -> sessionmaker:
    return sessionmaker(bind=bind, class_=ModelSession, expire_on_commit=False, autoflush=True)


@contextmanager
def session_scope(factory: sessionmaker) -> Iterator[Session]:
    """A unit of work outside a request (CLI, jobs): commit on success, roll back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def now_column_default() -> datetime:
    return datetime.now(UTC)
