"""Black-box: by-call returns all of a call's tasks (the vendor: "List all tasks for a call"),
newest first with createdAt ties in insertion order, every time. The FastAPI-stack edges are in
test_amigo_oracle.py (answers settled by the reference app in Tests/oracle)."""
import http.client
import json

import pytest

from amigo_support import CALL_SID, WS


class Conn:
    """One keep-alive connection: requests as fast as the server answers them."""

    def __init__(self, server):
        self.c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)

    def send(self, method, path, body=None, token="any-token"):
        h = {"Authorization": f"Bearer {token}"} if token else {}
        if body is not None:
            h["Content-Type"] = "application/json"
            body = json.dumps(body)
        self.c.request(method, path, body=body, headers=h)
        r = self.c.getresponse()
        return r.status, r.read()


def create_many(conn, n, call_sid=CALL_SID):
    ids = []
    for i in range(n):
        status, body = conn.send("POST", f"/_polytask/amigo/{WS}/tasks",
                                 {"task_id": f"t{i:04d}", "call_sid": call_sid, "skill": "s"}, token=None)
        assert status == 201, body
        ids.append(f"t{i:04d}")
    return ids


@pytest.mark.parametrize("clock", ["system", "frozen"])
def test_by_call_returns_every_task_newest_first_every_time(start_server, clock):
    s = start_server("--clock", clock)
    conn = Conn(s)
    ids = create_many(conn, 600)  # more than the old cap of 500
    for _ in range(5):
        status, body = conn.send("GET", f"/v1/{WS}/tasks/by-call/{CALL_SID}")
        assert status == 200
        assert [t["task_id"] for t in json.loads(body)["tasks"]] == list(reversed(ids))


def test_by_call_limit_is_only_a_guard(start_server):
    s = start_server("--amigo-by-call-limit", "3")
    conn = Conn(s)
    ids = create_many(conn, 5)
    _, body = conn.send("GET", f"/v1/{WS}/tasks/by-call/{CALL_SID}")
    assert [t["task_id"] for t in json.loads(body)["tasks"]] == list(reversed(ids))[:3]


def test_by_call_limit_default_is_in_help(start_server):
    import subprocess

    s = start_server()
    out = subprocess.run([s.proc.args[0], "--help"], capture_output=True, text=True).stdout
    lines = out.splitlines()
    at = next(i for i, x in enumerate(lines) if "amigo-by-call-limit" in x)
    assert "default 10000" in " ".join(lines[at:at + 2])
