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
        name, retry_after = _window(key, window_seconds, time.time() if now is None else now)
        count, _value = self._incr(name, window_seconds)
        return count <= limit, retry_after

    def hit_and_read(self, key: str, limit: int, window_seconds: int, read_key: str,
                     initial: str):
        """hit(), and in the same Redis round trip the value at read_key (set to `initial`
        first if it has none): (allowed, seconds to wait, value). Without Redis, or when it
        fails, the value is None."""
        name, retry_after = _window(key, window_seconds, time.time())
        count, value = self._incr(name, window_seconds, read=(read_key, initial))
        return count <= limit, retry_after, value

    def peek(self, key: str, window_seconds: int, now: float | None = None) -> int:
        name, _retry_after = _window(key, window_seconds, time.time() if now is None else now)
        if self._redis is not None:
            try:
                return int(self._redis.get(name) or 0)
            except Exception:  # noqa: BLE001 - a limiter outage must not stop the service
                pass
        with self._lock:
            return self._counts.get((name, 0), 0)

    def _incr(self, name: str, ttl: int,
              read: tuple[str, str] | None = None) -> tuple[int, str | None]:
        """The window's count after this request; with `read` (key, initial value), that
        key's value too, in the same pipeline (None without Redis)."""
        if self._redis is not None:
            try:
                pipe = self._redis.pipeline()
                pipe.incr(name)
                pipe.expire(name, ttl + 1)
                if read is not None:
                    pipe.set(read[0], read[1], nx=True)
                    pipe.get(read[0])
                replies = pipe.execute()
                return int(replies[0]), (replies[-1].decode() if read is not None else None)
            except Exception:  # noqa: BLE001 - fall back to this process's own count
                pass
        with self._lock:
            if len(self._counts) > 100_000:
                self._counts.clear()
            value = self._counts.get((name, 0), 0) + 1
            self._counts[(name, 0)] = value
            return value, None


def _window(key: str, window_seconds: int, now: float) -> tuple[str, int]:
    """The counter's name for this window, and the seconds until the next one begins."""
    window = int(now // window_seconds)
    return f"rl:{key}:{window}", max(1, math.ceil((window + 1) * window_seconds - now))
