"""Helpers for the control-plane suites: raw HTTP on the standard library."""
import http.client
import json
import time


class Reply:
    def __init__(self, status, headers, body, elapsed):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body
        self.elapsed = elapsed

    @property
    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self):
        return f"<Reply {self.status} {self.body[:300]!r}>"


def call(server, method, path, body=None, headers=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    h = dict(headers or {})
    if token:
        h["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode() if not isinstance(body, (bytes, str)) else (body.encode() if isinstance(body, str) else body)
        h.setdefault("Content-Type", "application/json")
    t = time.monotonic()
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        return Reply(r.status, r.getheaders(), r.read(), time.monotonic() - t)
    finally:
        conn.close()


QUANT = "/api/v3/organizations/{org}/ai/tasks"
BEARER = "vendor-token"


def quant(server, method, org="acme", suffix="", body=None, headers=None):
    h = {"Authorization": f"Bearer {BEARER}"}
    h.update(headers or {})
    return call(server, method, QUANT.format(org=org) + suffix, body, headers=h)
