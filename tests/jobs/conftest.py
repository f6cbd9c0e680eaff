"""A real Redis for the job tests: an empty rq queue, emptied again afterwards."""

import os

import pytest
import redis
from rq import Queue

REDIS_URL = os.environ.get("IPP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def rq_queue():
    try:
        connection = redis.Redis.from_url(REDIS_URL)
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {REDIS_URL} (required under CI)")
        pytest.skip("Redis is not reachable")
    connection.flushdb()
    yield Queue("ipp", connection=connection)
    connection.flushdb()
