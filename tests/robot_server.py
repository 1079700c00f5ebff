"""A fake group robot on 127.0.0.1: it answers like WeCom / DingTalk do.

It checks DingTalk's signature (timestamp + sign with its own secret: 310000 "sign not match"),
its keyword (310000 "keywords not in content"), and refuses more than 20 requests in a minute
(130101 "send too fast"). Every request is recorded, refused or not.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class RobotServer:
    def __init__(self, *, secret: str = "", keyword: str = "", per_minute: int = 20):
        self.secret, self.keyword, self.per_minute = secret, keyword, per_minute
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self.httpd.server_address[1]

    def url(self, path: str = "/robot/send?access_token=tok3n5ecretabcdef9f") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> RobotServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def accepted(self) -> list[dict]:
        return [r for r in self.requests if r["errcode"] == 0]

    def answer(self, query: dict, body: dict) -> tuple[int, str]:
        now = time.time()
        recent = [r for r in self.requests if r["at"] > now - 60]
        if len(recent) >= self.per_minute:
            return 130101, "send too fast, exceed 20 times per minute"
        if self.secret and not self._signed(query):
            return 310000, "sign not match"
        text = json.dumps(body, ensure_ascii=False)
        if self.keyword and self.keyword not in text:
            return 310000, "keywords not in content"
        return 0, "ok"

    def _signed(self, query: dict) -> bool:
        timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
        if not timestamp or abs(time.time() * 1000 - int(timestamp)) > 3600_000:
            return False
        digest = hmac.new(
            self.secret.encode(), f"{timestamp}\n{self.secret}".encode(), hashlib.sha256
        ).digest()
        return hmac.compare_digest(base64.b64encode(digest).decode(), sign)

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                with server.lock:
                    code, message = server.answer(query, body)
                    server.requests.append(
                        {"at": time.time(), "query": query, "body": body, "errcode": code}
                    )
                payload = json.dumps({"errcode": code, "errmsg": message}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):  # quiet
                pass

        return Handler
