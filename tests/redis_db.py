"""A database of the real Redis for a test, emptied before and after it."""

import os

import pytest
import redis


def emptied_redis(url: str):
    """Generator for a fixture: yields the connection (skips without Redis; fails under CI)."""
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {url} (required under CI)")
        pytest.skip("Redis is not reachable")
    connection.flushdb()
    yield connection
    connection.flushdb()
