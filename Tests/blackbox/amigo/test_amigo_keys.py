"""Black-box: api-key endpoints, --auth strict, the bootstrap key and --amigo-rate-limit."""
import os
import subprocess
import tempfile
import time
from types import SimpleNamespace

from amigo_support import OTHER_WS, TASK_ID, WS, Api
from polytask_server import BIN, free_port


def test_key_lifecycle_in_strict_mode(amigo_strict):
    api = amigo_strict
    api.create_task({"task_id": TASK_ID, "call_sid": "CA1", "skill": "s"})
    assert api.get(f"/v1/{WS}/tasks/{TASK_ID}", token="not-issued").status == 401

    r = api.post(f"/v1/{WS}/api-keys", {"duration_days": 30, "name": "ci", "permissions": ["Task.view"], "role": "admin"})
    assert r.status == 201, r.text
    created = r.json
    assert set(created) == {"key_id", "api_key", "name", "role", "permissions", "expires_at",
                            "created_by_entity_id", "created_by_credential_id"}
    key, key_id = created["api_key"], created["key_id"]
    assert api.get(f"/v1/{WS}/tasks/{TASK_ID}", token=key).status == 200
    wrong_ws = api.get(f"/v1/{OTHER_WS}/tasks/{TASK_ID}", token=key)
    assert wrong_ws.status == 403 and wrong_ws.json == {"detail": "Insufficient permissions."}

    listed = api.get(f"/v1/{WS}/api-keys").json
    assert listed["total"] == 1 and listed["has_more"] is False and listed["continuation_token"] is None
    item = listed["items"][0]
    assert item["key_id"] == key_id and item["workspace_id"] == WS and item["name"] == "ci"
    assert key not in api.get(f"/v1/{WS}/api-keys").text

    rotated = api.post(f"/v1/{WS}/api-keys/{key_id}/rotate", {"duration_days": 5}, token=key)
    assert rotated.status == 200
    new = rotated.json["api_key"]
    assert rotated.json["key_id"] == key_id and new != key
    assert api.get(f"/v1/{WS}/tasks/{TASK_ID}", token=key).status == 401
    assert api.get(f"/v1/{WS}/tasks/{TASK_ID}", token=new).status == 200

    assert api.request("DELETE", f"/v1/{WS}/api-keys/{key_id}").status == 204
    gone = api.request("DELETE", f"/v1/{WS}/api-keys/{key_id}")
    assert gone.status == 404 and gone.json == {"detail": "API key not found."}
    assert api.get(f"/v1/{WS}/tasks/{TASK_ID}", token=new).status == 401


def test_create_key_validation_is_pydantic_shaped(amigo):
    r = amigo.post(f"/v1/{WS}/api-keys", {"duration_days": 91, "name": ""})
    assert r.status == 422
    assert r.json == {"detail": [
        {"type": "less_than_equal", "loc": ["body", "duration_days"], "msg": "Input should be less than or equal to 90",
         "input": 91, "ctx": {"le": 90}},
        {"type": "string_too_short", "loc": ["body", "name"], "msg": "String should have at least 1 character",
         "input": "", "ctx": {"min_length": 1}}]}
    r = amigo.post(f"/v1/{WS}/api-keys", b'{"duration_days": }')
    assert r.status == 422
    assert r.json["detail"][0]["type"] == "json_invalid"
    r = amigo.get(f"/v1/{WS}/api-keys?limit=21")
    assert r.status == 422 and r.json["detail"][0]["loc"] == ["query", "limit"]


def test_strict_role_escalation_is_403(amigo_strict):
    member = amigo_strict.post(f"/v1/{WS}/api-keys", {"duration_days": 1}).json["api_key"]
    r = amigo_strict.post(f"/v1/{WS}/api-keys", {"duration_days": 1, "role": "owner"}, token=member)
    assert r.status == 403 and r.json == {"detail": "Requested role exceeds caller access."}


def test_generated_bootstrap_key_is_printed_and_works():
    # Started by hand: the shared fixture reads past the lines before the ready line.
    port = free_port()
    db = os.path.join(tempfile.mkdtemp(prefix="polytask-test-"), "t.db")
    proc = subprocess.Popen([BIN, "--host", "127.0.0.1", "--port", str(port), "--db", db, "--auth", "strict"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        key = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = proc.stdout.readline().decode()
            if line.startswith("polytask amigo bootstrap key: "):
                key = line.split(": ", 1)[1].strip()
            if "listening on" in line or not line:
                break
        assert key, "no bootstrap key line before the ready line"
        api = Api(SimpleNamespace(port=port), token=key)
        assert api.post(f"/v1/{WS}/api-keys", {"duration_days": 1}).status == 201
        assert api.get(f"/v1/{WS}/api-keys", token="guess").status == 401
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_rate_limit_headers_and_429(start_server):
    api = Api(start_server("--amigo-rate-limit", "2"))
    # The window is the wall-clock minute: keep the three requests inside one.
    into = time.time() % 60
    if into > 55:
        time.sleep(60 - into + 0.2)
    first = api.get(f"/v1/{WS}/tasks/x")
    assert first.status == 404
    assert first.headers["x-ratelimit-limit"] == "2"
    assert first.headers["x-ratelimit-remaining"] == "1"
    reset = int(first.headers["x-ratelimit-reset"])
    assert reset % 60 == 0 and 0 < reset - time.time() <= 61
    assert api.get(f"/v1/{WS}/tasks/x").headers["x-ratelimit-remaining"] == "0"
    third = api.get(f"/v1/{WS}/tasks/x")
    assert third.status == 429
    assert third.json == {"detail": "Rate limit exceeded"}
    assert third.headers["x-ratelimit-remaining"] == "0"
    assert 1 <= int(third.headers["retry-after"]) <= 60
    # Another workspace has its own budget.
    assert api.get(f"/v1/{OTHER_WS}/tasks/x").status == 404


def test_rate_limit_is_off_by_default(amigo):
    assert "x-ratelimit-limit" not in amigo.get(f"/v1/{WS}/tasks/x").headers
