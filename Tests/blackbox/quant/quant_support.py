"""Helpers for the Quant black-box suites: raw HTTP calls and paths."""
import os

from blackbox_http import send

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


def call(server, method, path, body=None, headers=None, auth=True):
    """One request on a fresh connection. `body` may be a dict (sent as JSON) or bytes/str."""
    h = dict(AUTH) if auth else {}
    h.update(headers or {})
    return send(server, method, path, body, h, timeout=10)


def create(server, body, org="acme"):
    r = call(server, "POST", tasks_path(org), body)
    assert r.status == 201, r
    return r.json["taskId"]
