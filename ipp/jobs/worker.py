"""`ipp worker`: an rq worker on the ipp queue."""

import redis
from rq import Queue, Worker


def run_worker(redis_url: str, *, burst: bool = False) -> None:
    connection = redis.Redis.from_url(redis_url)
    Worker([Queue("ipp", connection=connection)], connection=connection).work(burst=burst)
