"""Shared helpers for the Amigo black-box suites: fixture ids and an Api that sends Amigo's
bearer token through blackbox_http (raw status, headers and bytes, so error shapes can be
compared byte for byte). A module of its own (not conftest) so that test modules can import it
by a unique name."""
import os

from blackbox_http import Client, send

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SPEC = os.environ.get("AMIGO_SPEC", os.path.join(ROOT, "Tests", "fixtures", "shared", "specs", "amigo-platform-tasks.openapi.json"))

# Fixtures from the vendor SDK's own tests (tests/resources/tasks.test.ts); the workspace is
# their `ws-...0001` as the UUID the spec requires.
WS = "00000000-0000-0000-0000-000000000001"
OTHER_WS = "00000000-0000-0000-0000-000000000002"
TASK_ID = "task-001"
CALL_SID = "CA1234567890abcdef1234567890abcdef"
BOOTSTRAP = "boot-secret-for-tests"
# The control plane's --admin-token for servers in --auth strict (which close it without one).
ADMIN = "admin-secret-for-tests"


class Api(Client):
    """Amigo calls with a bearer token (`token=None`: none; on control-plane paths, the admin token)."""

    def __init__(self, server, token="any-token", admin=None):
        super().__init__(server)
        self.token = token
        # Sent on control-plane calls (token=None there): the server's --admin-token, if any.
        self.admin = admin

    def request(self, method, path, body=None, token=..., headers=None):
        h = dict(headers or {})
        tok = self.token if token is ... else token
        if tok is None and self.admin is not None and path.startswith("/_polytask/"):
            tok = self.admin
        if tok is not None:
            h.setdefault("Authorization", f"Bearer {tok}")
        return send(self.server, method, path, body, h)

    # polytask's control plane takes no credentials on loopback with --auth open.
    def create_task(self, fields, ws=WS):
        r = self.request("POST", f"/_polytask/amigo/{ws}/tasks", body=fields, token=None)
        assert r.status == 201, r.text
        return r.json

    def seed(self, doc):
        """POST /_polytask/seed with a whole seed document ({"amigo": {...}})."""
        r = self.request("POST", "/_polytask/seed", body=doc, token=None)
        assert r.status == 200, r.text
        return r.json

    def lifecycle(self, mode, ws=WS):
        """PUT /_polytask/lifecycle for one workspace ("*": every workspace without its own)."""
        r = self.request("PUT", "/_polytask/lifecycle", body={"dialect": "amigo", "tenant": ws, "mode": mode}, token=None)
        assert r.status == 200, r.text
        return r.json

    def advance(self, task_id, ws=WS):
        return self.request("POST", "/_polytask/advance", body={"dialect": "amigo", "tenant": ws, "taskId": task_id}, token=None)
