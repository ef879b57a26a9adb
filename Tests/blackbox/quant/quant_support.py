"""Helpers for the Quant black-box suites: raw HTTP calls and paths."""
import http.client
import json
import os
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
# The vendored copy of ../shared (Tests/fixtures/shared), so a clean checkout runs alone.
SHARED = os.path.join(ROOT, "Tests", "fixtures", "shared")
SPEC = os.environ.get("QUANT_SPEC", os.path.join(SHARED, "specs", "quant-ai-tasks.openapi.yaml"))
TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DAY_MS = 24 * 3600 * 1000


def tasks_path(org="acme"):
    return f"/api/v3/organizations/{org}/ai/tasks"


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self):
        return f"<Reply {self.status} {self.body[:300]!r}>"


def call(server, method, path, body=None, headers=None, auth=True):
    """One request on a fresh connection. `body` may be a dict (sent as JSON) or bytes/str."""
    u = urlparse(server.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    h = dict(AUTH) if auth else {}
    h.update(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode() if isinstance(body, (dict, list)) else (body.encode() if isinstance(body, str) else body)
        h.setdefault("Content-Type", "application/json")
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def create(server, body, org="acme"):
    r = call(server, "POST", tasks_path(org), body)
    assert r.status == 201, r
    return r.json["taskId"]
