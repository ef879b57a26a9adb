"""Black-box: the Amigo task endpoints and FastAPI error shapes, over HTTP against the real binary."""
import json
import os
import tempfile
import time

from amigo_support import CALL_SID, OTHER_WS, TASK_ID, WS, Api

FULL_TASK = {
    "task_id": TASK_ID, "call_sid": CALL_SID, "workspace_id": WS, "skill": "verify_insurance", "tier": "computer_use",
    "status": "completed", "result": "Member is active", "error": None, "error_type": None, "duration_ms": 1234.5,
    "input_tokens": 900, "output_tokens": 120, "cached_tokens": 300, "sub_tool_count": 2,
    "progress_message": "Completed", "progress_step": 3,
    "dispatched_at": "2026-05-06T11:59:00.250000+00:00", "completed_at": "2026-05-06T11:59:01.484500+00:00",
}
SPEC_ORDER = list(FULL_TASK.keys())


def test_get_task_returns_every_field_in_spec_order(amigo):
    amigo.seed({"amigo": {WS: [FULL_TASK]}})
    r = amigo.get(f"/v1/{WS}/tasks/{TASK_ID}")
    assert r.status == 200
    assert r.headers["content-type"] == "application/json"
    assert r.json == FULL_TASK
    assert list(json.loads(r.body).keys()) == SPEC_ORDER


def test_minimal_task_has_defaults_and_nulls(amigo):
    amigo.create_task({"task_id": "t", "call_sid": CALL_SID, "skill": "s"})
    body = amigo.get(f"/v1/{WS}/tasks/t").json
    assert body["tier"] == "direct" and body["status"] == "pending"
    assert [body[k] for k in ("input_tokens", "output_tokens", "cached_tokens", "sub_tool_count")] == [0, 0, 0, 0]
    assert all(body[k] is None for k in ("result", "error", "error_type", "duration_ms", "progress_message",
                                         "progress_step", "dispatched_at", "completed_at"))


def test_unknown_and_other_workspace_are_the_same_404(amigo):
    amigo.create_task({"task_id": TASK_ID, "call_sid": CALL_SID, "skill": "s"})
    for path in (f"/v1/{WS}/tasks/nope", f"/v1/{OTHER_WS}/tasks/{TASK_ID}"):
        r = amigo.get(path)
        assert r.status == 404
        assert r.body == b'{"detail":"Task not found or expired"}'


def test_expired_task_is_the_same_404(start_server):
    api = Api(start_server("--amigo-task-ttl", "1s"))
    api.create_task({"task_id": TASK_ID, "call_sid": CALL_SID, "skill": "s"})
    assert api.get(f"/v1/{WS}/tasks/{TASK_ID}").status == 200
    time.sleep(1.3)
    r = api.get(f"/v1/{WS}/tasks/{TASK_ID}")
    assert r.status == 404
    assert r.body == b'{"detail":"Task not found or expired"}'
    assert api.get(f"/v1/{WS}/tasks/by-call/{CALL_SID}").json == {"tasks": []}


def test_by_call_lists_newest_first_and_never_404s(amigo):
    assert amigo.get(f"/v1/{WS}/tasks/by-call/CAnothing").json == {"tasks": []}
    amigo.create_task({"task_id": "a", "call_sid": CALL_SID, "skill": "s"})
    time.sleep(0.01)
    amigo.create_task({"task_id": "b", "call_sid": CALL_SID, "skill": "s"})
    amigo.create_task({"task_id": "c", "call_sid": CALL_SID, "skill": "s"}, ws=OTHER_WS)
    r = amigo.get(f"/v1/{WS}/tasks/by-call/{CALL_SID}")
    assert r.status == 200
    assert [t["task_id"] for t in r.json["tasks"]] == ["b", "a"]


def test_by_call_as_task_id_routes_to_get(amigo):
    r = amigo.get(f"/v1/{WS}/tasks/by-call")
    assert r.status == 404 and r.json == {"detail": "Task not found or expired"}
    amigo.create_task({"task_id": "by-call", "call_sid": CALL_SID, "skill": "s"})
    assert amigo.get(f"/v1/{WS}/tasks/by-call").json["task_id"] == "by-call"


def test_non_uuid_workspace_is_pydantic_422(amigo):
    # pydantic-core 2.46.4 (pydantic 2.13.4) counts from 1, as the oracle shows (Tests/oracle);
    # this test expected "at 0" before the dialect followed that one version.
    r = amigo.get(f"/v1/not-a-uuid/tasks/{TASK_ID}")
    assert r.status == 422
    assert r.json == {"detail": [{"type": "uuid_parsing", "loc": ["path", "workspace_id"],
                                    "msg": "Input should be a valid UUID, invalid character: found `n` at 1",
                                    "input": "not-a-uuid", "ctx": {"error": "invalid character: found `n` at 1"}}]}


def test_unknown_route_and_wrong_method(amigo):
    r = amigo.get(f"/v1/{WS}/nothing")
    assert r.status == 404 and r.body == b'{"detail":"Not Found"}'
    r = amigo.request("DELETE", f"/v1/{WS}/tasks/{TASK_ID}")
    assert r.status == 405 and r.body == b'{"detail":"Method Not Allowed"}'
    # FastAPI's APIRoute: only the declared method (was "GET, HEAD" before the oracle).
    assert r.headers["allow"] == "GET"


def test_head_is_405_on_a_get_route(amigo):
    # FastAPI's APIRoute adds no HEAD (the oracle, Tests/oracle); this used to be a 200.
    amigo.create_task({"task_id": TASK_ID, "call_sid": CALL_SID, "skill": "s"})
    r = amigo.request("HEAD", f"/v1/{WS}/tasks/{TASK_ID}")
    assert r.status == 405 and r.body == b"" and r.headers["allow"] == "GET"


def test_auth_missing_and_wrong_scheme_are_401(amigo):
    r = amigo.get(f"/v1/{WS}/tasks/{TASK_ID}", token=None)
    assert r.status == 401 and r.json == {"detail": "Not authenticated"}
    assert r.headers["www-authenticate"] == "Bearer"
    # FastAPI 0.136's HTTPBearer answers another scheme like a missing one (the oracle).
    r = amigo.get(f"/v1/{WS}/tasks/{TASK_ID}", token=None, headers={"Authorization": "Basic eDp5"})
    assert r.status == 401 and r.json == {"detail": "Not authenticated"}


def test_seed_file_at_start(start_server):
    fd, path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump({"amigo": {WS: [FULL_TASK]}}, f)
    api = Api(start_server("--seed", path))
    assert api.get(f"/v1/{WS}/tasks/{TASK_ID}").json == FULL_TASK


def test_control_create_validates(amigo):
    r = amigo.request("POST", f"/_polytask/amigo/{WS}/tasks", body={"call_sid": CALL_SID, "tier": "cloud"}, token=None)
    assert r.status == 422
    kinds = {tuple(i["loc"]): i["type"] for i in r.json["detail"]}
    assert kinds == {("body", "skill"): "missing", ("body", "tier"): "enum"}
    amigo.create_task({"task_id": "dup", "call_sid": CALL_SID, "skill": "s"})
    r = amigo.request("POST", f"/_polytask/amigo/{WS}/tasks", body={"task_id": "dup", "call_sid": CALL_SID, "skill": "s"}, token=None)
    assert r.status == 409


def test_curl_seed_without_content_type_header_works(amigo):
    # What the README's curl does: -d without -H sends application/x-www-form-urlencoded.
    body = json.dumps({"amigo": {WS: [{"task_id": TASK_ID, "call_sid": CALL_SID, "skill": "s"}]}})
    r = amigo.request("POST", "/_polytask/seed", body=body, token=None,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 200 and r.json == {"loaded": ["amigo"]}
