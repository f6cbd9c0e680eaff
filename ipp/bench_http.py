"""The load benchmarks' HTTP client (one keep-alive connection per thread, JSON, a bearer
token, the server's own timing read off each answer) and their percentile figures."""

import http.client
import json
import statistics
import time


class Http:
    """One keep-alive HTTP/1.1 connection (per thread) speaking JSON with a bearer token."""

    def __init__(self, base: str, token: str | None = None, timeout: float = 30.0):
        host, port = base.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
        self.token = token
        # The last answer's Server-Timing: the app's own time and its thread's CPU (ms).
        self.server_ms: dict[str, float] = {}

    def call(self, method: str, path: str, body=None) -> tuple[int, dict | None]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = None if body is None else json.dumps(body)
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=payload, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                if attempt == 2:
                    raise
        self.server_ms = server_timing(response.headers.get("Server-Timing", ""))
        data = json.loads(raw) if raw and response.headers.get_content_type() == \
            "application/json" else None
        return response.status, data


def server_timing(header: str) -> dict[str, float]:
    timings = {}
    for metric in header.split(","):
        name, _sep, params = metric.strip().partition(";")
        if params.startswith("dur="):
            timings[name] = float(params.removeprefix("dur="))
    return timings


def percentiles(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)

    def at(share):
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]

    return {"n": len(ordered), "p50": at(0.50), "p95": at(0.95), "p99": at(0.99),
            "mean": statistics.fmean(ordered)} if ordered else {"n": 0}


def timed(samples: list, fn):
    start = time.perf_counter()
    result = fn()
    samples.append((time.perf_counter() - start) * 1000)
    return result
