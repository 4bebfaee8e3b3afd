"""A real local HTTP server standing in for a regulator's API: checks the HMAC, dedupes by Idempotency-Key."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class RegulatorServer:
    def __init__(self, secret: str, *, fail_first: int = 0, fail_status: int = 503, delay_first: float = 0):
        self.secret = secret
        self.fail_first = fail_first
        self.fail_status = fail_status
        self.delay_first = delay_first
        self.requests: list[dict] = []  # every request that reached us
        self.accepted: dict[str, int] = {}  # Idempotency-Key -> times accepted as new
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers.get("Idempotency-Key", "")
                expected = "sha256=" + hmac.new(server.secret.encode(), body, hashlib.sha256).hexdigest()
                signed = hmac.compare_digest(expected, self.headers.get("X-Tongsu-Signature", ""))
                with server.lock:
                    number = len(server.requests)
                    server.requests.append({"key": key, "signed": signed, "body": body})
                if not signed:
                    return self._answer(401, {"error": "bad signature"})
                if number < server.fail_first:
                    return self._answer(server.fail_status, {"error": "try later"})
                with server.lock:
                    duplicate = key in server.accepted
                    if not duplicate:
                        server.accepted[key] = 1
                if number == 0 and server.delay_first:
                    time.sleep(server.delay_first)
                payload = json.loads(body)
                return self._answer(
                    200 if duplicate else 201, {"reference": f"REF-{payload['submission'][:8]}"}
                )

            def _answer(self, status: int, data: dict):
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/filings"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
