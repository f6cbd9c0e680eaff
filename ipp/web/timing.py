"""`Server-Timing` on every answer: how long the app took (`app`) and how much of that was
this thread's CPU (`cpu`), so a client or a load test can tell the server's own time from
queueing in front of it and the network (browsers show it in their developer tools)."""

import time


class ServerTiming:
    """WSGI middleware around the Flask app: the times are taken when the answer's headers
    are sent, i.e. after the view has run (a streamed body's later chunks are not in it)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started, cpu_started = time.perf_counter(), time.thread_time()

        def timed_start_response(status, headers, exc_info=None):
            app_ms = (time.perf_counter() - started) * 1000
            cpu_ms = (time.thread_time() - cpu_started) * 1000
            headers.append(("Server-Timing", f"app;dur={app_ms:.2f}, cpu;dur={cpu_ms:.2f}"))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, timed_start_response)
