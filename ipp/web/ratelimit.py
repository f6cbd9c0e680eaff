"""Fixed-window rate limits, in Redis when configured (shared by all processes), else in memory."""

import math
import threading
import time


class RateLimiter:
    def __init__(self, redis_url: str | None = None):
        self._redis = None
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url, socket_timeout=0.5)
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, window_seconds: int, now: float | None = None):
        """Count one request; returns (allowed, seconds to wait when not allowed)."""
        now = time.time() if now is None else now
        window = int(now // window_seconds)
        retry_after = max(1, math.ceil((window + 1) * window_seconds - now))
        count = self._incr(f"rl:{key}:{window}", window_seconds)
        return count <= limit, retry_after

    def peek(self, key: str, window_seconds: int, now: float | None = None) -> int:
        now = time.time() if now is None else now
        window = int(now // window_seconds)
        name = f"rl:{key}:{window}"
        if self._redis is not None:
            try:
                return int(self._redis.get(name) or 0)
            except Exception:  # noqa: BLE001 - a limiter outage must not stop the service
                pass
        with self._lock:
            return self._counts.get((name, 0), 0)

    def _incr(self, name: str, ttl: int) -> int:
        if self._redis is not None:
            try:
                pipe = self._redis.pipeline()
                pipe.incr(name)
                pipe.expire(name, ttl + 1)
                return int(pipe.execute()[0])
            except Exception:  # noqa: BLE001 - fall back to this process's own count
                pass
        with self._lock:
            if len(self._counts) > 100_000:
                self._counts.clear()
            value = self._counts.get((name, 0), 0) + 1
            self._counts[(name, 0)] = value
            return value
