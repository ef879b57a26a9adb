"""What the README's "Using polytask in your test suite" shows, run as tests."""
import pytest

DAY = 24 * 3600 * 1000


def test_seeded_fixtures_are_served(polytask, org, quant):
    name, _ = org
    quantcdn, api = quant
    polytask.seed({"quant": {name: [{"taskId": "550e8400-e29b-41d4-a716-446655440000", "title": "Process document",
                                     "taskListId": "world-1", "status": "pending", "createdAt": 1735689600000}]}})
    got = api.get_task(name, "550e8400-e29b-41d4-a716-446655440000")
    assert got.title == "Process document" and got.task_list_id == "world-1"


def test_each_test_has_its_own_tenant(polytask, org, quant):
    name, _ = org
    quantcdn, api = quant
    api.create_task(name, quantcdn.models.CreateTaskRequest(title="mine"))
    assert api.list_tasks(name).count == 1


def test_completed_tasks_expire_when_the_clock_moves(polytask, org, quant):
    name, _ = org
    quantcdn, api = quant
    t = api.create_task(name, quantcdn.models.CreateTaskRequest(title="done", status="completed"))
    assert api.get_task(name, t.task_id).expires_at == t.created_at + 30 * DAY
    polytask.clock(advanceMs=30 * DAY + 1)
    with pytest.raises(quantcdn.ApiException) as e:
        api.get_task(name, t.task_id)
    assert e.value.status == 404


def test_an_injected_fault_reaches_the_client(polytask, org, quant):
    name, _ = org
    quantcdn, api = quant
    rule = polytask.fault({"match": {"dialect": "quant", "tenant": name, "method": "POST"}, "action": {"status": 503}, "count": 1})
    assert [f["id"] for f in polytask.call("GET", "/_polytask/faults")[1]["faults"]] == [rule]
    with pytest.raises(quantcdn.ApiException) as e:
        api.create_task(name, quantcdn.models.CreateTaskRequest(title="retry me"))
    assert e.value.status == 503
    assert api.create_task(name, quantcdn.models.CreateTaskRequest(title="retry me")).title == "retry me"
    assert polytask.call("GET", "/_polytask/faults")[1]["faults"] == []  # spent after one hit


def test_the_journal_shows_what_the_client_sent(polytask, org, quant):
    name, _ = org
    quantcdn, api = quant
    api.list_tasks(name, task_list_id="etl", limit=5)
    entries = polytask.requests(dialect="quant", tenant=name)
    assert entries[0]["method"] == "GET" and "taskListId=etl" in entries[0]["path"] and entries[0]["status"] == 200


def test_strict_auth_refuses_a_token_of_another_tenant(polytask, org, quant):
    name, _ = org
    quantcdn, api = quant
    with pytest.raises(quantcdn.ApiException) as e:
        api.list_tasks("someone-else")
    assert e.value.status == 401
