"""A real SMTP server on 127.0.0.1 for the tests and the fault bench (aiosmtpd is not installed).

It speaks just enough SMTP for Django's smtp backend (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT) and keeps what it accepted. `hang=True` makes it a server that accepts the connection and
then never answers (a hung mail server); stopping it (or never starting it) is a server that is
down: connections are refused.
"""

from __future__ import annotations

import email
import email.header
import socket
import socketserver
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Received:
    to: tuple[str, ...]
    subject: str
    body: str


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        sink = self.server.sink
        if sink.hang:  # accept, then never answer (until the sink is told to answer again)
            while sink.hang and not sink.stopping.wait(0.2):
                pass
            return
        self.reply("220 zongwu-test-sink ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.reply("250-zongwu-test-sink")
                self.reply("250 8BITMIME")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with .")
                self.server.sink.keep(tuple(recipients), self._read_data())
                recipients = []
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            elif verb in {"HELO", "MAIL", "RSET", "NOOP"}:
                self.reply("250 OK")
            else:
                self.reply("502 not implemented")

    def _read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sink: SmtpSink):
        self.sink = sink
        super().__init__(address, _Handler)


class SmtpSink:
    """`with SmtpSink() as sink:` → settings EMAIL_HOST=127.0.0.1, EMAIL_PORT=sink.port."""

    def __init__(self, port: int = 0, *, hang: bool = False):
        self.port = port or free_port()
        self.hang = hang
        self.received: list[Received] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server: _Server | None = None

    def keep(self, to: tuple[str, ...], data: bytes) -> None:
        message = email.message_from_bytes(data)
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        payload = message.get_payload(decode=True)
        body = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        with self._lock:
            self.received.append(Received(to, subject, body))

    def start(self) -> SmtpSink:
        self.stopping.clear()
        self._server = _Server(("127.0.0.1", self.port), self)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
