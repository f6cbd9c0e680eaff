"""Throwaway Redis and PostgreSQL servers and `ipp serve`/`ipp worker` subprocesses for the
scale and fault tests (the shared 5432/6379 services are never stopped)."""

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
IPP = str(ROOT / ".venv" / "bin" / "ipp")


def unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, *, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception:  # noqa: BLE001, S110 - not ready yet
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def children_of(pid: int) -> list[int]:
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.split("/")[2]))
    return found


class PrivateRedis:
    """redis-server on a free port with an append-only file, so a restart keeps the queue."""

    def __init__(self):
        if not shutil.which("redis-server"):
            unavailable("redis-server is not installed")
        self.dir = tempfile.mkdtemp(prefix="ipp-redis-")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: redis.Redis(port=self.port).ping(), what="redis")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivatePostgres:
    """A PostgreSQL cluster of its own (initdb as the postgres OS user), trust auth."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins or os.geteuid() != 0 or not shutil.which("runuser"):
            unavailable("cannot create a private PostgreSQL cluster (needs initdb and root)")
        self.bin = Path(bins[-1]).parent
        self.dir = tempfile.mkdtemp(prefix="ipp-pg-")
        shutil.chown(self.dir, "postgres", "postgres")
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self._run(str(self.bin / "initdb"), "-D", f"{self.dir}/data", "-U", "postgres",
                  "--auth=trust", "-E", "UTF8")

    def _run(self, *args):
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        self._run(str(self.bin / "pg_ctl"), "-D", f"{self.dir}/data", "-l", f"{self.dir}/log",
                  "-w", "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1",
                  "start")
        return self

    def stop(self):
        self._run(str(self.bin / "pg_ctl"), "-D", f"{self.dir}/data", "-m", "fast", "-w",
                  "stop")

    def close(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


def ipp_env(**values) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPP_")}
    env.update({"PYTHONPATH": str(ROOT), "IPP_SCHEDULER": "0"}, **values)
    return env


class Serve:
    """`ipp serve --workers N` on a free port, in its own process group."""

    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="ipp-serve-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [IPP, "serve", "--port", str(self.port), "--workers", str(workers)], env=env,
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(lambda: requests.get(self.base + "/api/v1/openapi.json", timeout=2).ok,
                 timeout=60, what="ipp serve")

    def close(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()
        # pytest shows captured output only for a failing test: the server's own account of it
        with open(self.log.name, encoding="utf-8", errors="replace") as log:
            print("--- ipp serve log (tail) ---\n" + log.read()[-6000:])
        os.unlink(self.log.name)
