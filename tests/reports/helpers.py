"""Shared steps of the report tests: file and decide complaints, read files with real readers."""

import io
import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest

from tests.factories import make_mark, make_token, make_user, org_of
from tests.reports.test_csv import auth, file_and_decide  # noqa: F401


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def xlsx_rows(data: bytes):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    return sheet, [[c.value for c in row] for row in sheet.iter_rows()]


@contextmanager
def own_redis(tmp_path):
    """A Redis of the test's own on a free port, so the shared one's queues are left alone."""
    if not shutil.which("redis-server"):
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing (required under CI)")
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(["redis-server", "--port", str(port), "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)],
                              stdout=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def two_brands(client, session, language="ja"):
    """A brand with two decided listings and a stranger with one, each with its own mark."""
    owner = make_user(session, language=language)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    token = make_token(session, owner)
    filed, listings = file_and_decide(client, session, token, mark, ["NIMBUS shoes",
                                                                      "NIMBUS cap"])
    stranger = make_user(session)
    other = make_mark(session, org_of(session, stranger).name, text="ZEPHYR")
    _, others = file_and_decide(client, session, make_token(session, stranger), other,
                                ["ZEPHYR shoe"])
    return owner, token, filed, listings, others
