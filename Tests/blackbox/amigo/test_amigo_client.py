"""Black-box with a real client: the Python client openapi-generator 7.13.0 writes from the
vendor's spec extract (Tests/blackbox/amigo/gen_client.sh), against the real binary."""
import pytest

from amigo_support import CALL_SID, TASK_ID, WS


def _client(mod, server, token="any-token"):
    cfg = mod.Configuration(host=server.url, access_token=token)
    return mod.ApiClient(cfg)


def test_client_gets_a_task_and_lists_by_call(amigo, amigo_client_module):
    mod = amigo_client_module
    amigo.seed({"amigo": {WS: [
        {"task_id": TASK_ID, "call_sid": CALL_SID, "skill": "verify_insurance", "tier": "desktop", "status": "running",
         "progress_message": "Logging in", "progress_step": 1, "dispatched_at": "2026-05-06T12:00:00+00:00"},
        {"task_id": "task-002", "call_sid": CALL_SID, "skill": "summarise", "status": "completed", "result": "ok",
         "duration_ms": 1500.5, "input_tokens": 10, "completed_at": "2026-05-06T12:00:02+00:00"},
    ]}})
    with _client(mod, amigo.server) as c:
        tasks = mod.TasksApi(c)
        t = tasks.get_task_v1_workspace_id_tasks_task_id_get(WS, TASK_ID)
        assert isinstance(t, mod.TaskStateResponse)
        assert (t.task_id, t.call_sid, str(t.workspace_id), t.skill, t.tier, t.status) == \
            (TASK_ID, CALL_SID, WS, "verify_insurance", "desktop", "running")
        assert t.progress_step == 1 and t.input_tokens == 0 and t.completed_at is None
        lst = tasks.list_tasks_by_call_v1_workspace_id_tasks_by_call_call_sid_get(WS, CALL_SID)
        assert isinstance(lst, mod.TaskListResponse)
        assert sorted(x.task_id for x in lst.tasks) == ["task-001", "task-002"]
        done = next(x for x in lst.tasks if x.task_id == "task-002")
        assert done.duration_ms == 1500.5 and done.result == "ok"
        empty = tasks.list_tasks_by_call_v1_workspace_id_tasks_by_call_call_sid_get(WS, "CAnone")
        assert empty.tasks == []


def test_client_maps_404_and_422_to_its_exceptions(amigo, amigo_client_module):
    mod = amigo_client_module
    with _client(mod, amigo.server) as c:
        tasks = mod.TasksApi(c)
        with pytest.raises(mod.ApiException) as e:
            tasks.get_task_v1_workspace_id_tasks_task_id_get(WS, "missing")
        assert isinstance(e.value, mod.exceptions.NotFoundException)
        assert e.value.status == 404
        assert e.value.body == '{"detail":"Task not found or expired"}'
        with pytest.raises(mod.ApiException) as e:
            tasks.get_task_v1_workspace_id_tasks_task_id_get("not-a-uuid", "x")
        assert e.value.status == 422
        assert isinstance(e.value, mod.exceptions.UnprocessableEntityException)


def test_client_issues_and_uses_keys_in_strict_mode(amigo_strict, amigo_client_module):
    mod = amigo_client_module
    amigo_strict.create_task({"task_id": TASK_ID, "call_sid": CALL_SID, "skill": "s"})
    with _client(mod, amigo_strict.server, token=amigo_strict.token) as c:
        keys = mod.APIKeysApi(c)
        created = keys.create_api_key(WS, mod.CreateApiKeyRequest(duration_days=7, name="sdk"))
        assert created.api_key and created.key_id and created.role == "member"
        page = keys.list_api_keys(WS, limit=5)
        assert page.total == 1 and page.items[0].key_id == created.key_id and page.items[0].last_used_at is None
        rotated = keys.rotate_api_key(WS, created.key_id, mod.RotateApiKeyRequest(duration_days=3))
        assert rotated.api_key != created.api_key
    with _client(mod, amigo_strict.server, token=rotated.api_key) as c:
        assert mod.TasksApi(c).get_task_v1_workspace_id_tasks_task_id_get(WS, TASK_ID).task_id == TASK_ID
    with _client(mod, amigo_strict.server, token=created.api_key) as c:
        with pytest.raises(mod.exceptions.UnauthorizedException):
            mod.TasksApi(c).get_task_v1_workspace_id_tasks_task_id_get(WS, TASK_ID)
    with _client(mod, amigo_strict.server, token=amigo_strict.token) as c:
        mod.APIKeysApi(c).delete_api_key(WS, created.key_id)
        with pytest.raises(mod.exceptions.NotFoundException):
            mod.APIKeysApi(c).delete_api_key(WS, created.key_id)
