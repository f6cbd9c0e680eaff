"""A database of the real Redis for a test, emptied before and after it."""

import redis

from tests.scale.services import unavailable


def emptied_redis(url: str):
    """Generator for a fixture: yields the connection (skips without Redis; fails under CI)."""
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.ConnectionError:
        unavailable(f"Redis is not reachable at {url}")
    connection.flushdb()
    yield connection
    connection.flushdb()
