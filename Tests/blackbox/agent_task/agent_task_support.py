"""Helpers for the agent-task black-box suites: raw HTTP on the standard library (status,
headers and bytes, so error bodies can be compared exactly), the design doc's example agent,
and the local webhook receiver. A module of its own (not conftest) with a unique name, so that
test modules can import it."""
import http.client
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from webhook_receiver import Receiver  # noqa: E402,F401

# The binary the shared fixture starts (not imported from conftest: several conftest.py exist).
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
BIN = os.environ.get("POLYTASK_BIN", os.path.join(ROOT, ".build", "debug", "polytask"))
# The control plane's --admin-token for servers in --auth strict (which close it without one).
ADMIN = "admin-secret-for-agent-task"
# 2026-01-01T00:00:00Z, for servers started with a frozen clock.
T0 = 1767225600000

# The design doc's example agent (two prompt nodes feeding `context`, then a return node),
# with `prompt` as the input a run must give.
STORY_AGENT = {
    "name": "My agent",
    "variables": {"replicateAPI": "apikey", "genre": "Science fiction", "prompt": "", "context": ""},
    "promptChain": [
        {"type": "prompt", "name": "Sypnosis", "system": "You are a story development expert creating a synopsis for a {genre} film",
         "user": "{prompt}", "apikey": "{replicateAPI}", "llm": "replicate", "model": "google-deepmind/gemma-3-27b-it",
         "temperature": 1, "maxTokens": 2000, "output": "context"},
        {"type": "prompt", "name": "character dev", "system": "You are a character development specialist for {genre} films",
         "user": "### {context} ### {prompt}", "apikey": "{replicateAPI}", "llm": "replicate",
         "model": "google-deepmind/gemma-3-27b-it", "temperature": 0.7, "maxTokens": 2000, "output": "context"},
        {"name": "Return", "type": "return", "output": "context"},
    ],
}
STORY_LOGS = ["Sypnosis: Running", "character dev: Running", "Return: Running"]
STORY_OUTPUT = {"context": "[character dev] ### [Sypnosis] Write a nice story ### Write a nice story"}


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    @property
    def text(self):
        return self.body.decode()

    @property
    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self):
        return f"<Reply {self.status} {self.body[:300]!r}>"


def call(server, method, path, body=None, key=None, headers=None, admin=None):
    """One request on its own connection. `key` goes in the `apikey` header; `admin` is sent as
    the control plane's bearer token."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    h = dict(headers or {})
    if key is not None:
        h["apikey"] = key
    if admin is not None:
        h["Authorization"] = f"Bearer {admin}"
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
        h.setdefault("Content-Type", "application/json")
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        return Reply(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


def create_agent(server, key, agent=None):
    r = call(server, "POST", "/api/v1/agent", agent or STORY_AGENT, key=key)
    assert r.status == 201, r
    return r.json["id"]


def run(server, agent_id, key, input=None, **extra):
    body = {"input": {"prompt": "Write a nice story"} if input is None else input}
    body.update(extra)
    return call(server, "POST", f"/api/v1/workflow/{agent_id}", body, key=key)


def task(server, task_id, key):
    return call(server, "GET", f"/api/v1/task/{task_id}", key=key)


def register(server, user, key, admin=None):
    r = call(server, "POST", "/_polytask/agentTask/keys", {"user": user, "key": key}, admin=admin)
    assert r.status == 201, r
    return r.json


def deliveries(server, admin=None):
    return call(server, "GET", "/_polytask/webhooks?dialect=agentTask", admin=admin).json["webhooks"]


def wait_delivery(server, wid, status, timeout=10):
    deadline = time.time() + timeout
    d = None
    while time.time() < deadline:
        d = call(server, "GET", f"/_polytask/webhooks/{wid}").json
        if d["status"] == status:
            return d
        time.sleep(0.05)
    raise AssertionError(f"delivery {wid} is {d and d['status']}, not {status}: {d}")
