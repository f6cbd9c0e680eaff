"""The hash-chained audit log: `record` extends the chain, verification names the first
tampered entry, and concurrent writers never fork it."""

import threading

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from ipp import audit
from ipp.audit import AuditEntry, verify_chain
from ipp.db import make_engine, session_scope
from tests.factories import NOW

TABLE = AuditEntry.__table__


def _write(session, count: int, *, tag: str = "t") -> list[int]:
    entries = [audit.record(session, actor_id=None, entity="thing", entity_id=f"{tag}{i}",
                            action="edit", before={"n": i}, after={"n": i + 1, "k": {"x": [1]}},
                            now=NOW) for i in range(count)]
    audit.link(session)  # linked now (otherwise at the commit): the entries have their ids
    return [entry.id for entry in entries]


def test_a_clean_chain_verifies(session):
    ids = _write(session, 5)
    checked, bad, problem = verify_chain(session)
    assert (bad, problem) == (None, None) and checked >= 5
    rows = session.execute(sa.select(TABLE.c.prev_hash, TABLE.c.hash)
                           .where(TABLE.c.id.in_(ids)).order_by(TABLE.c.id)).all()
    assert all(rows[i + 1].prev_hash == rows[i].hash for i in range(4))


def test_an_edited_entry_is_named(session):
    ids = _write(session, 5)
    session.execute(TABLE.update().where(TABLE.c.id == ids[2]).values(after={"n": 99}))
    session.expunge_all()
    _checked, bad, problem = verify_chain(session)
    assert bad == ids[2] and "edited" in problem


def test_a_deleted_entry_is_noticed_at_the_next(session):
    ids = _write(session, 5)
    session.execute(TABLE.delete().where(TABLE.c.id == ids[1]))
    session.expunge_all()
    _checked, bad, problem = verify_chain(session)
    assert bad == ids[2] and "deleted" in problem


def test_reordered_entries_are_noticed(session):
    ids = _write(session, 5)
    # Swap two entries' places in the sequence (their ids), content and hashes untouched.
    session.execute(TABLE.update().where(TABLE.c.id == ids[1]).values(id=-1))
    session.execute(TABLE.update().where(TABLE.c.id == ids[3]).values(id=ids[1]))
    session.execute(TABLE.update().where(TABLE.c.id == -1).values(id=ids[3]))
    session.expunge_all()
    _checked, bad, _problem = verify_chain(session)
    assert bad == ids[1]


def test_a_rolled_back_savepoint_does_not_fork_the_chain(session):
    _write(session, 2, tag="a")
    with pytest.raises(RuntimeError), session.begin_nested():
        _write(session, 2, tag="gone")
        raise RuntimeError("rolled back")
    _write(session, 2, tag="b")
    assert verify_chain(session)[1] is None


@pytest.fixture
def committed_factory(committed_database):
    return committed_database


def test_concurrent_writers_keep_one_chain(committed_factory):
    factory, _url = committed_factory
    errors = []

    def writer(k: int) -> None:
        try:
            for round_ in range(10):
                with session_scope(factory) as session:
                    session.execute(sa.select(1))  # a read first: the lock must still hold
                    _write(session, 2, tag=f"w{k}-{round_}-")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with session_scope(factory) as session:
        checked, bad, problem = verify_chain(session)
    assert (checked, bad, problem) == (120, None, None)


def test_a_server_lost_at_the_audited_commit_raises_sqlalchemys_operational_error(
        committed_factory):
    """The chain's lock, INSERT and COMMIT go straight to psycopg: a lost server must still
    surface as SQLAlchemy's OperationalError (the app's 503), not as psycopg's own error."""
    factory, url = committed_factory
    if not url.startswith("postgresql"):
        pytest.skip("the pipelined link is PostgreSQL's")
    session = factory()
    try:
        pid = session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
        audit.record(session, actor_id=None, entity="thing", entity_id="lost", action="edit",
                     now=NOW)
        with factory() as other:
            other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(sa.exc.OperationalError):
            session.commit()
    finally:
        session.close()
    with session_scope(factory) as session:
        assert session.execute(sa.select(AuditEntry).where(AuditEntry.entity_id == "lost")
                               ).first() is None


def test_committed_in_the_links_round_trip_is_committed_once(committed_factory):
    """A session bound to the engine commits in the round trip of the chain's lock and
    INSERT; the entry and the transaction's other writes are there, and the session goes on."""
    factory, _url = committed_factory
    with session_scope(factory) as session:
        entry = audit.record(session, actor_id=None, entity="thing", entity_id="one",
                             action="edit", now=NOW)
    with session_scope(factory) as session:
        audit.record(session, actor_id=None, entity="thing", entity_id="two", action="edit",
                     now=NOW)
        session.commit()
        audit.record(session, actor_id=None, entity="thing", entity_id="three", action="edit",
                     now=NOW)
    with session_scope(factory) as session:
        rows = session.execute(sa.select(AuditEntry.entity_id, AuditEntry.prev_hash)
                               .order_by(AuditEntry.id)).all()
        assert [r.entity_id for r in rows] == ["one", "two", "three"]
        assert rows[1].prev_hash == entry.hash
        assert verify_chain(session) == (3, None, None)


def test_ipp_audit_verify_command(tmp_path, monkeypatch):
    monkeypatch.setenv("IPP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("IPP_DATABASE_URL", raising=False)
    monkeypatch.delenv("IPP_REDIS_URL", raising=False)
    from ipp.cli import main

    runner = CliRunner()
    created = runner.invoke(main, ["users", "create", "--email", "a@example.com", "--password",
                                   "long-enough", "--role", "rights_holder", "--org", "Acme"])
    assert created.exit_code == 0, created.output
    clean = runner.invoke(main, ["audit", "verify"])
    assert clean.exit_code == 0 and "intact" in clean.output
    engine = make_engine(f"sqlite:///{tmp_path / 'ipp.db'}")
    with engine.begin() as connection:
        first = connection.execute(sa.select(sa.func.min(TABLE.c.id))).scalar()
        connection.execute(TABLE.update().where(TABLE.c.id == first).values(action="forged"))
    engine.dispose()
    broken = runner.invoke(main, ["audit", "verify"])
    assert broken.exit_code == 1 and f"entry {first}" in broken.output


def test_entries_are_linked_at_the_commit_or_when_the_log_is_read(session):
    entry = audit.record(session, actor_id=None, entity="thing", entity_id="late",
                         action="edit", now=NOW)
    assert entry.id is None and entry.hash is None  # not linked yet: no lock taken
    found = session.execute(sa.select(AuditEntry).where(AuditEntry.entity_id == "late")
                            ).scalars().all()
    assert [e.id for e in found] == [entry.id] and entry.hash is not None
    assert verify_chain(session)[1] is None


def test_the_answer_for_a_statement_shape_is_remembered_and_stays_right(session):
    """Statements of the same shape share one answer (by cache key); a read of the log
    after other reads of that kind still links first, and other tables' reads do not."""
    from ipp.complaints.models import Complaint

    for round_ in range(2):
        entry = audit.record(session, actor_id=None, entity="thing", entity_id=f"r{round_}",
                             action="edit", now=NOW)
        session.execute(sa.select(Complaint.id).where(Complaint.id == f"none{round_}")).all()
        assert entry.id is None  # a read of another table: still pending
        found = session.execute(sa.select(AuditEntry.id).where(
            AuditEntry.entity_id == f"r{round_}")).scalars().all()
        assert found == [entry.id] and entry.id is not None
    assert verify_chain(session)[1] is None


def test_an_unlinked_entry_of_a_rolled_back_savepoint_is_dropped(session):
    _write(session, 1, tag="kept")
    with pytest.raises(RuntimeError), session.begin_nested():
        audit.record(session, actor_id=None, entity="thing", entity_id="dropped",
                     action="edit", now=NOW)
        raise RuntimeError("rolled back")
    kept = audit.record(session, actor_id=None, entity="thing", entity_id="kept-too",
                        action="edit", now=NOW)
    session.commit()
    ids = session.execute(sa.select(TABLE.c.entity_id).where(
        TABLE.c.entity_id.in_(["dropped", "kept-too"]))).scalars().all()
    assert ids == ["kept-too"] and kept.id is not None
    assert verify_chain(session)[1] is None


def _chain_lock_holders(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND objid = :id"), {"id": audit._CHAIN_LOCK_ID}).scalar()
    finally:
        engine.dispose()


def test_the_chain_lock_is_taken_at_the_commit_not_at_record(committed_factory):
    factory, url = committed_factory
    if not url.startswith("postgresql"):
        pytest.skip("the chain's advisory lock is PostgreSQL's")
    session = factory()
    try:
        audit.record(session, actor_id=None, entity="thing", entity_id="x", action="edit",
                     now=NOW)
        session.execute(sa.select(1))  # other work of the transaction
        assert _chain_lock_holders(url) == 0
        audit.link(session)
        assert _chain_lock_holders(url) == 1
        session.commit()
        assert _chain_lock_holders(url) == 0
        assert verify_chain(session)[:2] == (1, None)
    finally:
        session.close()


def test_an_entry_hashed_by_the_database_matches_python(session):
    """On PostgreSQL the first entry of a transaction is hashed by its INSERT (sha256 of the
    canonical text): non-ASCII text, int keys, None and nested values hash as in Python."""
    entries = [audit.record(session, actor_id=None, entity="thing", entity_id=f"ü{i}",
                            action="édit", before=None,
                            after={1: "Ωmega ✓", "k": [None, 2.5, {"z": "中文"}]}, now=NOW)
               for i in range(2)]
    audit.link(session)
    session.expunge_all()
    stored = session.execute(sa.select(AuditEntry).where(
        AuditEntry.id.in_([e.id for e in entries])).order_by(AuditEntry.id)).scalars().all()
    assert [e.hash for e in stored] == [e.hash for e in entries]
    for entry in stored:
        assert entry.hash == audit.entry_hash(entry, entry.prev_hash)
    assert stored[1].prev_hash == stored[0].hash and stored[0].before is None
    assert verify_chain(session)[1] is None
