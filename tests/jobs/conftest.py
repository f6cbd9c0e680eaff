"""A real Redis for the job tests: an empty rq queue, emptied again afterwards."""

import os

import pytest
from rq import Queue

from tests.redis_db import emptied_redis

REDIS_URL = os.environ.get("IPP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def rq_queue():
    for connection in emptied_redis(REDIS_URL):
        yield Queue("ipp", connection=connection)
