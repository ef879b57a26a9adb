"""A full flow through the Python client generated from the vendor's spec, against the real
binary. The generated models are strict (StrictInt timestamps, enum-checked status, progress
0..1), so every response below must deserialize in them or the call raises."""
import json

import pytest

from quant_support import DAY_MS

ORG = "acme"


def test_full_flow_through_the_generated_client(quantcdn, quant_api):
    m = quantcdn.models
    api = quant_api

    # Create with dependencies: a <- b <- c, and a <- c; d in another list.
    a = api.create_task(ORG, m.CreateTaskRequest(
        title="Fetch documents", description="Download the PDFs", task_list_id="world-1",
        assigned_agent_id="agent-fetch", created_by_agent_id="agent-coordinator",
        metadata={"priority": "high", "tags": ["pdf"]}))
    assert isinstance(a, m.CreateTask201Response)
    assert a.org_id == ORG and a.title == "Fetch documents" and a.status == "pending"
    assert isinstance(a.created_at, int) and a.created_at > 1_700_000_000_000
    b = api.create_task(ORG, m.CreateTaskRequest(title="Extract text", task_list_id="world-1", depends_on=[a.task_id]))
    c = api.create_task(ORG, m.CreateTaskRequest(title="Summarise", task_list_id="world-1",
                                                 depends_on=[a.task_id, b.task_id], max_retries=5))
    d = api.create_task(ORG, m.CreateTaskRequest(title="Unrelated", task_list_id="world-2", status="in_progress",
                                                 assigned_agent_id="agent-fetch"))

    # Get: the full task, defaults applied.
    got = api.get_task(ORG, c.task_id)
    assert isinstance(got, m.GetTask200Response)
    assert got.task_id == c.task_id and got.org_id == ORG and got.task_list_id == "world-1"
    assert got.depends_on == [a.task_id, b.task_id]
    assert got.status == "pending" and got.max_retries == 5 and got.retry_count == 0 and got.progress == 0
    assert got.metadata == {} and got.started_at is None and got.completed_at is None
    assert api.get_task(ORG, d.task_id).started_at == d.created_at

    # List, standard shape: summaries, newest first.
    page = api.list_tasks(ORG)
    assert isinstance(page, m.ListTasks200Response)
    assert [t.task_id for t in page.tasks] == [d.task_id, c.task_id, b.task_id, a.task_id]
    assert page.count == 4 and page.task_ids is None and page.depends_on is None
    assert all(isinstance(t, m.ListTasks200ResponseTasksInner) for t in page.tasks)
    assert [t.task_id for t in api.list_tasks(ORG, task_list_id="world-1", status="pending", limit=2).tasks] == [c.task_id, b.task_id]
    assert [t.task_id for t in api.list_tasks(ORG, assigned_agent_id="agent-fetch").tasks] == [d.task_id, a.task_id]
    assert [t.task_id for t in api.list_tasks(ORG, status="in_progress").tasks] == [d.task_id]

    # List, reverse-dependency shape: ids only.
    deps = api.list_tasks(ORG, depends_on=a.task_id)
    assert deps.task_ids == [c.task_id, b.task_id] and deps.count == 2 and deps.depends_on == a.task_id
    assert deps.tasks is None
    # List, reverse-dependency shape with details.
    det = api.list_tasks(ORG, depends_on=b.task_id, include_details=True)
    assert det.task_ids == [c.task_id] and det.count == 1 and det.depends_on == b.task_id
    assert [t.task_id for t in det.tasks] == [c.task_id] and det.tasks[0].title == "Summarise"

    # Update through the lifecycle.
    u = api.update_task(ORG, a.task_id, m.UpdateTaskRequest(status="in_progress", assigned_agent_id="agent-7"))
    assert isinstance(u, m.UpdateTask200Response) and u.task_id == a.task_id and u.status == "in_progress"
    t = api.get_task(ORG, a.task_id)
    assert t.started_at is not None and t.assigned_agent_id == "agent-7" and t.updated_at == u.updated_at
    api.update_task(ORG, a.task_id, m.UpdateTaskRequest(progress=0.5, progress_message="Half way"))
    api.update_task(ORG, a.task_id, m.UpdateTaskRequest(status="blocked", blocked_reason="Waiting for approval",
                                                        blocked_by_task_ids=[d.task_id]))
    t = api.get_task(ORG, a.task_id)
    assert t.status == "blocked" and t.blocked_at is not None and t.blocked_reason == "Waiting for approval"
    assert t.blocked_by_task_ids == [d.task_id] and t.progress == 0.5 and t.progress_message == "Half way"
    api.update_task(ORG, a.task_id, m.UpdateTaskRequest(status="in_progress"))
    t = api.get_task(ORG, a.task_id)
    assert t.blocked_at is None and t.blocked_reason is None and t.blocked_by_task_ids is None
    done = api.update_task(ORG, a.task_id, m.UpdateTaskRequest(status="completed", progress=1.0,
                                                               result={"summary": "ok", "pages": 12},
                                                               metadata={"priority": "low"}))
    t = api.get_task(ORG, a.task_id)
    assert t.status == "completed" and t.completed_at == done.updated_at
    assert t.expires_at == t.completed_at + 30 * DAY_MS
    assert t.result == {"summary": "ok", "pages": 12} and t.metadata == {"priority": "low"} and t.progress == 1
    api.update_task(ORG, d.task_id, m.UpdateTaskRequest(status="failed", error="Upstream model returned 503", retry_count=1))
    t = api.get_task(ORG, d.task_id)
    assert t.status == "failed" and t.error == "Upstream model returned 503" and t.completed_at is not None
    assert t.expires_at is None and t.retry_count == 1

    # Dependency graph of world-1.
    g = api.get_dependency_graph(ORG, "world-1")
    assert isinstance(g, m.GetDependencyGraph200Response)
    assert g.task_list_id == "world-1" and g.task_count == 3
    assert g.roots == [a.task_id] and g.leaves == [c.task_id]
    assert set(g.graph) == {a.task_id, b.task_id, c.task_id}
    assert sorted(g.graph[a.task_id]["dependents"]) == sorted([b.task_id, c.task_id])
    assert g.graph[c.task_id]["dependsOn"] == [a.task_id, b.task_id] and g.graph[c.task_id]["title"] == "Summarise"

    # 409: a has dependents.
    with pytest.raises(quantcdn.ApiException) as e:
        api.delete_task(ORG, a.task_id)
    assert e.value.status == 409
    conflict = m.DeleteTask409Response.from_json(e.value.body)
    assert conflict.error == "TASK_HAS_DEPENDENTS"
    assert conflict.message == "Cannot delete task with 2 dependent task(s). Use cascade=true to delete all."
    assert sorted(conflict.dependent_task_ids) == sorted([b.task_id, c.task_id])

    # Cascade delete: a, b and c go together; d stays.
    gone = api.delete_task(ORG, a.task_id, cascade=True)
    assert isinstance(gone, m.DeleteTask200Response)
    assert gone.deleted is True and gone.deleted_count == 3
    assert gone.deleted_task_ids[0] == a.task_id and set(gone.deleted_task_ids) == {a.task_id, b.task_id, c.task_id}
    assert api.list_tasks(ORG).count == 1

    # 404 for a deleted task, through the client's exception.
    with pytest.raises(quantcdn.ApiException) as e:
        api.get_task(ORG, b.task_id)
    assert e.value.status == 404
    assert json.loads(e.value.body) == {"error": "Task not found"}

    # A plain delete of a task with no dependents.
    one = api.delete_task(ORG, d.task_id)
    assert one.deleted and one.deleted_count == 1 and one.deleted_task_ids == [d.task_id]
    empty = api.get_dependency_graph(ORG, "world-1")
    assert empty.task_count == 0 and empty.roots == [] and empty.leaves == [] and empty.graph == {}


def test_client_sees_only_its_organisation(quantcdn, quant_api):
    m = quantcdn.models
    mine = quant_api.create_task("acme", m.CreateTaskRequest(title="mine"))
    assert quant_api.list_tasks("globex").count == 0
    with pytest.raises(quantcdn.ApiException) as e:
        quant_api.get_task("globex", mine.task_id)
    assert e.value.status == 404
    with pytest.raises(quantcdn.ApiException) as e:
        quant_api.update_task("globex", mine.task_id, m.UpdateTaskRequest(title="x"))
    assert e.value.status == 404
    assert quant_api.get_task("acme", mine.task_id).title == "mine"


def test_validation_errors_reach_the_client_as_400(quantcdn, quant_api):
    m = quantcdn.models
    with pytest.raises(quantcdn.ApiException) as e:
        quant_api.create_task("acme", m.CreateTaskRequest(title="t", depends_on=["550e8400-e29b-41d4-a716-446655440000"]))
    assert e.value.status == 400
    body = json.loads(e.value.body)
    assert body["error"] == "Invalid request" and body["field"] == "dependsOn"
