"""API tokens remembered between requests (with Redis): read once, then forgotten at once
when a user or token changes, in every process; nothing remembered without Redis."""

import os
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ipp.accounts.models import ApiToken, User
from ipp.accounts.operations import hash_token, revoke_token
from ipp.accounts.token_cache import GENERATION_KEY
from ipp.clock import utcnow
from ipp.jobs import queue as jobs
from ipp.settings import load_settings
from tests.factories import make_token, make_user
from tests.redis_db import emptied_redis
from tests.review import test_api as review_api
from tests.web.helpers import auth

REDIS_URL = os.environ.get("IPP_TEST_AUTH_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def shared_redis():
    yield from emptied_redis(REDIS_URL)


def _app(session_factory, tmp_path, database_url, redis_url):
    from ipp.app import create_app

    settings = load_settings(env={"IPP_DATA_DIR": str(tmp_path)}, testing=True,
                             database_url=database_url, scheduler=False, redis_url=redis_url)
    return create_app(settings, session_factory=session_factory)


@pytest.fixture
def two_apps(session_factory, tmp_path, database_url, shared_redis):
    """Two apps on one Redis and database: two processes' worth of remembered tokens."""
    apps = [_app(session_factory, tmp_path, database_url, REDIS_URL) for _ in range(2)]
    yield apps
    jobs.configure(session_factory, None)


class TokenReads:
    """Counts the statements that read a token with its user."""

    def __init__(self, session):
        self.engine = session.get_bind().engine
        self.count = 0

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, *_args):
        if "JOIN api_token" in statement:
            self.count += 1


def _status(app, token, path="/api/v1/complaints"):
    return app.test_client().get(path, headers=auth(token)).status_code


def test_a_token_is_read_once_then_remembered(two_apps, session):
    app, _other = two_apps
    user = make_user(session)
    token = make_token(session, user)
    session.commit()
    with TokenReads(session) as reads:
        assert [_status(app, token) for _ in range(3)] == [200, 200, 200]
    assert reads.count == 1
    # Its last use is written (once a minute at most) without moving the generation on.
    generation = app.extensions["ipp_limiter"]._redis.get(GENERATION_KEY)
    row = session.execute(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    assert row.scalar_one().last_used_at is not None
    assert _status(app, token) == 200
    assert app.extensions["ipp_limiter"]._redis.get(GENERATION_KEY) == generation


def test_revocation_is_seen_at_once_by_every_process(two_apps, session):
    user = make_user(session)
    token = make_token(session, user)
    session.commit()
    assert [_status(app, token) for app in two_apps] == [200, 200]  # both remember it
    row = session.execute(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    revoke_token(session, actor=user, token=row.scalar_one(), now=utcnow())
    session.commit()
    assert [_status(app, token) for app in two_apps] == [401, 401]


def test_deactivation_and_a_new_role_are_seen_at_once(two_apps, session):
    app, _other = two_apps
    reviewer = make_user(session, role="reviewer")
    gone = make_user(session)
    reviewer_token, gone_token = make_token(session, reviewer), make_token(session, gone)
    session.commit()
    claim = "/api/v1/review/claim"
    assert app.test_client().post(claim, headers=auth(reviewer_token)).status_code == 204
    assert _status(app, gone_token) == 200
    session.get(User, reviewer.id).role = "rights_holder"
    session.get(User, gone.id).active = False
    session.commit()
    assert app.test_client().post(claim, headers=auth(reviewer_token)).status_code == 403
    assert _status(app, gone_token) == 401


def test_an_emptied_redis_forgets_every_remembered_token(two_apps, session, shared_redis):
    app, _other = two_apps
    user = make_user(session)
    token = make_token(session, user)
    session.commit()
    assert _status(app, token) == 200
    # Revoked behind the ORM's back (nothing moves the generation on), then Redis restarts
    # empty: the generation it starts with is new, so the token is read again.
    session.execute(sa.update(ApiToken).where(ApiToken.token_hash == hash_token(token))
                    .values(revoked_at=utcnow()))
    session.commit()
    assert _status(app, token) == 200  # still remembered: nothing said it changed …
    shared_redis.flushdb()
    assert _status(app, token) == 401  # … until the generation is new


def test_a_remembered_token_ages_out_and_expires_on_time(two_apps, session, monkeypatch):
    app, _other = two_apps
    user = make_user(session)
    token = make_token(session, user)
    session.execute(sa.update(ApiToken).where(ApiToken.token_hash == hash_token(token))
                    .values(expires_at=utcnow() + timedelta(minutes=5)))
    session.commit()
    assert _status(app, token) == 200
    cache = app.extensions["ipp_tokens"]
    with TokenReads(session) as reads:
        cache.max_age = 0.0  # a change whose move was lost is seen after max_age
        assert _status(app, token) == 200
    assert reads.count == 1
    cache.max_age = 60.0
    later = utcnow() + timedelta(minutes=6)
    monkeypatch.setattr("ipp.web.access.utcnow", lambda: later)
    with TokenReads(session) as reads:
        assert _status(app, token) == 401  # expired while remembered: no read needed
    assert reads.count == 0


def test_without_redis_every_request_reads_its_token(app, session):
    token = make_token(session, make_user(session))
    with TokenReads(session) as reads:
        assert [_status(app, token) for _ in range(3)] == [200, 200, 200]
    assert reads.count == 3


def test_remembered_users_file_claim_and_decide_as_read_ones(two_apps, session):
    """The review flow, run with every token remembered after its first use."""
    app, _other = two_apps
    client = app.test_client()
    with TokenReads(session) as reads:
        review_api.test_claim_decide_and_owner_sees_outcome(client, session)
    assert reads.count == 3  # the owner, the reviewer and the other reviewer: once each
