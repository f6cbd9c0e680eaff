"""The append-only audit log: who changed what, when — each entry hash-chained to the last."""

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column

# Any fixed number: writers of the chain take turns on PostgreSQL (held until commit).
_CHAIN_LOCK_ID = 7_042_003
GENESIS = "0" * 64


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=64, index=True)
    action: str = Field(max_length=60)
    before: dict | None = Field(default=None, sa_column=json_column(nullable=True))
    after: dict | None = Field(default=None, sa_column=json_column(nullable=True))
    # hash = sha256(canonical JSON of the fields above + prev_hash); prev_hash = the hash of
    # the entry before (by id), so an edit, a deletion or a reordering breaks the chain.
    prev_hash: str | None = Field(default=None, max_length=64)
    hash: str | None = Field(default=None, max_length=64)


def canonical(*, at: datetime, actor_id, entity: str, entity_id: str, action: str,
              before, after, prev_hash: str) -> str:
    """The exact text hashed: sorted keys, no spaces, times as UTC ISO with microseconds."""
    at_text = at.astimezone(UTC).isoformat(timespec="microseconds") if at.tzinfo else \
        at.replace(tzinfo=UTC).isoformat(timespec="microseconds")
    data = {"at": at_text, "actor_id": actor_id, "entity": entity, "entity_id": entity_id,
            "action": action, "before": _plain(before), "after": _plain(after),
            "prev_hash": prev_hash}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain(value):
    # What the JSON column gives back (int keys become strings, tuples lists).
    return None if value is None else json.loads(json.dumps(value, default=str))


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    text = canonical(at=entry.at, actor_id=entry.actor_id, entity=entry.entity,
                     entity_id=entry.entity_id, action=entry.action, before=entry.before,
                     after=entry.after, prev_hash=prev_hash)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_PENDING = "ipp_audit_pending"


def _chain_tail(session: Session) -> str:
    """The last hash of the chain, with this transaction holding the right to extend it
    until it ends (SQLite and others; PostgreSQL: link's lock and _insert_first_at_tail)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        # A write takes SQLite's single writer lock before the tail is read.
        session.execute(sa.text("UPDATE audit_entry SET id = id WHERE 1 = 0"))
    last = session.execute(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc())
                           .limit(1)).scalar()
    return last or GENESIS


def record(session: Session, *, actor_id: int | None, entity: str, entity_id, action: str,
           before: dict | None = None, after: dict | None = None, now: datetime) -> AuditEntry:
    """Adds an entry to the chain at the end of the transaction: it is linked (lock, tail,
    hashes, INSERT) just before the commit, so the chain's lock is held only for that and the
    COMMIT, not for the rest of the request. A read of the audit log in the same
    transaction, or link(session), links the entries recorded so far first."""
    entry = AuditEntry(at=now, actor_id=actor_id, entity=entity, entity_id=str(entity_id),
                       action=action, before=before, after=after)
    current = session.get_nested_transaction() or session.get_transaction()
    if current is None:
        current = session.begin()
    session.info.setdefault(_PENDING, []).append((current, entry))
    return entry


def link(session: Session, *, committing: bool = False) -> None:
    """Links the pending entries now, in the order they were recorded, and flushes them (so
    they have their ids); from here the transaction holds the chain's lock until it ends.
    committing: called as the transaction commits (see _link_at_commit)."""
    pending = session.info.pop(_PENDING, [])
    if not pending:
        return
    entries = [entry for _transaction, entry in pending]
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        # One entry (a claim, a decision) and a session that owns its transaction (bound to
        # the engine, not joined to a connection's transaction as in the tests): the COMMIT
        # goes in the same round trip as the lock and the INSERT. SQLAlchemy's own commit
        # then finds the connection idle and sends nothing. One round trip fewer while the
        # chain's lock is held, and one wait fewer for a busy machine to schedule.
        commit = committing and len(entries) == 1 and isinstance(bind, sa.engine.Engine)
        prev = _lock_and_insert_first(session, entries[0], commit=commit)
        entries = entries[1:]
    else:
        prev = _chain_tail(session)
    for entry in entries:
        entry.prev_hash = prev
        entry.hash = prev = entry_hash(entry, prev)
        session.add(entry)
    session.flush()


# PostgreSQL: the chain's lock and one INSERT … SELECT that reads the tail and hashes the
# first entry in the database (the rest are chained to it here), sent together in one round
# trip (psycopg's pipeline; the server runs them one after the other). The INSERT begins
# after the lock was granted, so its snapshot sees every entry committed before (a tail read
# in the lock's own statement could miss the last one). The text hashed is canonical()'s,
# whose last key is prev_hash: the entry's text up to that value, the tail, then '"}'.
_LOCK = "SELECT pg_advisory_xact_lock(%(id)s)"
_INSERT_AT_TAIL = """
INSERT INTO audit_entry (at, actor_id, entity, entity_id, action, before, after, prev_hash, hash)
SELECT %(at)s, %(actor_id)s, %(entity)s, %(entity_id)s, %(action)s, %(before)s, %(after)s,
       tail.hash, encode(sha256(convert_to(%(text_head)s || tail.hash || '"}', 'UTF8')), 'hex')
FROM (SELECT COALESCE((SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1), %(genesis)s)
      AS hash) AS tail
RETURNING id, prev_hash, hash
"""
_TEXT_END = '"prev_hash":""}'


def _lock_and_insert_first(session: Session, entry: AuditEntry, *, commit: bool = False) -> str:
    from psycopg.types.json import Json

    text = canonical(at=entry.at, actor_id=entry.actor_id, entity=entry.entity,
                     entity_id=entry.entity_id, action=entry.action, before=entry.before,
                     after=entry.after, prev_hash="")
    assert text.endswith(_TEXT_END), text  # prev_hash sorts last
    params = {"at": entry.at, "actor_id": entry.actor_id, "entity": entry.entity,
              "entity_id": entry.entity_id, "action": entry.action,
              "before": None if entry.before is None else Json(entry.before),
              "after": None if entry.after is None else Json(entry.after),
              "text_head": text[:-2], "genesis": GENESIS}
    session.flush()  # the ORM's pending writes go first, on this same connection
    import psycopg

    connection = session.connection()
    raw = connection.connection.driver_connection  # this transaction's psycopg one
    try:
        with raw.pipeline(), raw.cursor() as lock, raw.cursor() as insert:
            lock.execute(_LOCK, {"id": _CHAIN_LOCK_ID})
            insert.execute(_INSERT_AT_TAIL, params)
            if commit:
                raw.commit()
            entry_id, prev_hash, entry_hash_ = insert.fetchone()
    except psycopg.Error as error:
        # Raised as SQLAlchemy raises what goes through it: a lost server is then an
        # OperationalError, which the app answers with 503 like any other database outage,
        # and the lost connection is invalidated (never rolled back, never pooled again).
        lost = raw.closed or raw.broken
        if lost:
            connection.invalidate(error)
        raise sa.exc.DBAPIError.instance(_INSERT_AT_TAIL, None, error, psycopg.Error,
                                         hide_parameters=True,
                                         connection_invalidated=lost) from error
    entry.id, entry.prev_hash, entry.hash = entry_id, prev_hash, entry_hash_
    # Inserted already: the session holds it as it would a flushed entry.
    make_transient_to_detached(entry)
    session.add(entry)
    return entry_hash_


# Whether a statement of this shape reads the audit log, by its SQLAlchemy cache key (the
# same shape gives the same answer). Walking every statement of a request that recorded an
# entry cost more than its SQL did; the key is computed once per statement object anyway
# (SQLAlchemy keeps it on the statement for its compiled cache), so this lookup adds a hash.
_READS_AUDIT: dict = {}
_READS_AUDIT_LIMIT = 2000


def _reads_audit(statement) -> bool:
    try:
        cache_key = statement._generate_cache_key()
    except Exception:  # noqa: BLE001 - an element without a cache key: walk it
        cache_key = None
    if cache_key is not None:
        known = _READS_AUDIT.get(cache_key.key)
        if known is not None:
            return known
    try:
        tables = sa.sql.util.find_tables(statement, include_crud=True)
        reads = any(getattr(table, "name", None) == AuditEntry.__tablename__
                    for table in tables)
    except Exception:  # noqa: BLE001 - a construct find_tables cannot walk: link to be safe
        return True
    if cache_key is not None:
        if len(_READS_AUDIT) >= _READS_AUDIT_LIMIT:
            _READS_AUDIT.clear()
        _READS_AUDIT[cache_key.key] = reads
    return reads


@sa.event.listens_for(Session, "do_orm_execute")
def _link_before_audit_reads(state) -> None:
    session = state.session
    if session.info.get(_PENDING) and _reads_audit(state.statement):
        link(session)


@sa.event.listens_for(Session, "before_commit")
def _link_at_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint is released: the entries wait for the real commit
    session.flush()  # everything else first: the lock is then held for the chain alone
    link(session, committing=True)


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)  # rolled back or closed: nothing to link


@sa.event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    """Entries recorded in a rolled-back (sub)transaction are gone with it."""
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
        return

    def inside(transaction) -> bool:
        while transaction is not None:
            if transaction is previous_transaction:
                return True
            transaction = transaction.parent
        return False

    session.info[_PENDING] = [(t, e) for t, e in pending if not inside(t)]


def verify_chain(session: Session, *, batch: int = 2000) -> tuple[int, int | None, str | None]:
    """Walks the chain in id order: (entries checked, first bad entry's id, what is wrong)."""
    prev, checked, after_id = GENESIS, 0, 0
    while True:
        rows = session.execute(sa.select(AuditEntry).where(AuditEntry.id > after_id)
                               .order_by(AuditEntry.id).limit(batch)).scalars().all()
        if not rows:
            return checked, None, None
        for entry in rows:
            if entry.prev_hash != prev:
                return checked, entry.id, ("does not follow the entry before it (an entry was "
                                           "deleted, inserted or moved)")
            if entry.hash != entry_hash(entry, entry.prev_hash):
                return checked, entry.id, "its content does not match its hash (edited)"
            prev, checked, after_id = entry.hash, checked + 1, entry.id
        session.expunge_all()
