"""Helpers for the agent-task black-box suites: calls with the `apikey` header through
blackbox_http (status, headers and bytes, so error bodies can be compared exactly), the design
doc's example agent, and the shared webhook receiver and outbox waits. A module of its own (not
conftest) with a unique name, so that test modules can import it."""
from blackbox_http import send
from blackbox_http import wait_status as wait_delivery  # noqa: F401
from polytask_server import BIN  # noqa: F401  (the binary the shared fixture starts)
from webhook_receiver import Receiver  # noqa: F401

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


def call(server, method, path, body=None, key=None, headers=None, admin=None):
    """One request on its own connection. `key` goes in the `apikey` header; `admin` is sent as
    the control plane's bearer token."""
    h = dict(headers or {})
    if key is not None:
        h["apikey"] = key
    if admin is not None:
        h["Authorization"] = f"Bearer {admin}"
    return send(server, method, path, body, h, timeout=15)


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

