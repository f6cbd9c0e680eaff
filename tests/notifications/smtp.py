"""A real SMTP server (aiosmtpd) in the test process: records what it receives, or refuses."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self):
        self.messages = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Try again later"
        self.messages.append(email.message_from_bytes(envelope.original_content,
                                                      policy=email.policy.default))
        return "250 OK"

    def to(self, address: str):
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch):
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("IPP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("IPP_SMTP_PORT", str(port))
    monkeypatch.setenv("IPP_SMTP_FROM", "notices@ipp.example")
    monkeypatch.setenv("IPP_BASE_URL", "https://ipp.example")
    monkeypatch.delenv("IPP_SMTP_TLS", raising=False)
    monkeypatch.delenv("IPP_SMTP_USER", raising=False)
    yield recorder
    controller.stop()


def parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html
