"""Open-loop load for `ipp bench load --rate N`: requests arrive as a Poisson process at a
stated offered rate, whether or not earlier ones have been answered, and each latency is
measured from its scheduled arrival (so time spent waiting for a free client counts, and a
server that falls behind shows it, instead of slowing the load down as closed-loop
clients do: no coordinated omission)."""

import queue
import random
import threading
import time

# Enough senders that the load generator itself is not the bottleneck at the rates used.
SENDERS = 32


def run_open_loop(make_client, requests, *, rate: float, seed: int = 9) -> dict:
    """`requests`: (kind, fn) in arrival order, sent at Poisson arrivals of `rate` per
    second by SENDERS threads, each with its own client. fn(client) -> (ok, answered at
    (perf_counter), follow-ups [(kind, ms)]): a claim is answered, then decided, and the
    decision is a follow-up timed on its own. Returns per kind the latencies (ms; the
    arrivals' from their scheduled arrival; "send_lag": how late each left), the achieved
    rate and the errors."""
    rng = random.Random(seed)
    arrivals, at = [], 0.0
    for _ in requests:
        at += rng.expovariate(rate)
        arrivals.append(at)
    work: queue.Queue = queue.Queue()
    samples: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def sender():
        client = make_client()
        while True:
            item = work.get()
            if item is None:
                return
            due, (kind, fn) = item
            delay = start + due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            # How late the load generator itself sent it: small, or the figures measure it.
            lag = (time.perf_counter() - (start + due)) * 1000
            try:
                ok, answered, more = fn(client)
            except OSError as error:
                ok, answered, more = False, time.perf_counter(), []
                with lock:
                    errors.append(f"{kind}: {type(error).__name__}: {error}")
            with lock:
                samples.setdefault(kind, []).append((answered - (start + due)) * 1000)
                samples.setdefault("send_lag", []).append(lag)
                for other, ms in more:
                    samples.setdefault(other, []).append(ms)
                if not ok:
                    errors.append(f"{kind} failed")

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for item in zip(arrivals, requests, strict=True):
        work.put(item)
    for _ in threads:
        work.put(None)
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    return {"samples": samples, "errors": errors, "seconds": seconds,
            "offered": rate, "arrived": len(arrivals) / seconds}


def cpu_times() -> tuple[int, int]:
    """The whole machine's (busy, total) CPU ticks from /proc/stat (zeros elsewhere): what
    the server, PostgreSQL, Redis, this load generator and anything else used together."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(t) for t in stat.readline().split()[1:]]
    except OSError:
        return 0, 0
    idle = ticks[3] + ticks[4]  # idle + iowait
    return sum(ticks) - idle, sum(ticks)
