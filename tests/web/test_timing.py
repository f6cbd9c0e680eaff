"""Every answer says, in `Server-Timing`, how long the app took and how much of it was CPU."""

import time

from ipp.bench_http import server_timing
from ipp.web.timing import ServerTiming


def _call(wsgi_app, path="/"):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(wsgi_app({"REQUEST_METHOD": "GET", "PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


def test_the_app_time_includes_waiting_and_the_cpu_time_does_not():
    def slow_app(environ, start_response):
        time.sleep(0.03)  # waiting (as on the database): wall time, next to no CPU
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]

    status, headers, body = _call(ServerTiming(slow_app))
    assert status == "200 OK" and body == b"done"
    timing = server_timing(headers["Server-Timing"])
    assert set(timing) == {"app", "cpu"}
    assert timing["app"] >= 30 and timing["cpu"] < 20


def test_real_answers_carry_the_header(client):
    for path, status in (("/api/v1/openapi.json", 200), ("/api/v1/complaints", 401),
                         ("/no-such-page", 404)):
        response = client.get(path)
        assert response.status_code == status
        timing = server_timing(response.headers["Server-Timing"])
        assert 0 <= timing["cpu"] and 0 < timing["app"] < 10_000
