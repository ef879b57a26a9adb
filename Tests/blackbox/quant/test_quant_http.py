"""The Quant dialect over real HTTP: auth modes, error shapes, flags, seeding and tenancy."""
import json
import os
import time

import pytest

from quant_support import DAY_MS, call, create, tasks_path

SPEC_EXAMPLE = {  # getTask's example on the vendor's docs page (shared/seeds/001)
    "taskId": "550e8400-e29b-41d4-a716-446655440000", "orgId": "quant", "taskListId": "world-1",
    "title": "Process document and create summary", "description": "Extract text from PDF, analyze content",
    "status": "pending", "assignedAgentId": "agent-123", "createdByAgentId": "agent-coordinator",
    "metadata": {"priority": "high"}, "progress": 0.5, "progressMessage": "Extracted text, analyzing content...",
    "retryCount": 0, "maxRetries": 3, "createdAt": 1735689600000, "updatedAt": 1735689700000,
}


def write_json(tmp_path, name, doc):
    p = tmp_path / name
    p.write_text(json.dumps(doc))
    return str(p)


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer"},
                                     {"Authorization": "Bearer "}, {"Authorization": "Token x"}])
def test_missing_or_malformed_bearer_is_401(server, headers):
    for method, path, body in [("GET", tasks_path(), None), ("POST", tasks_path(), {"title": "t"}),
                               ("GET", tasks_path() + "/x", None), ("PUT", tasks_path() + "/x", {}),
                               ("DELETE", tasks_path() + "/x", None),
                               ("GET", tasks_path() + "/w/dependency-graph", None)]:
        r = call(server, method, path, body, headers=headers, auth=False)
        assert r.status == 401, (method, path, r)
        assert r.json["error"] == "Unauthorized" and r.json["message"]
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert r.headers["content-type"] == "application/json"
    assert call(server, "GET", tasks_path()).json["count"] == 0


def test_unknown_paths_and_wrong_methods_answer_in_quant_style(server):
    r = call(server, "GET", "/api/v3/organizations/acme/ai/nothing")
    assert r.status == 404 and set(r.json) == {"error", "message"}
    r = call(server, "PATCH", tasks_path() + "/x", {})
    assert r.status == 405 and r.json["error"] == "Method not allowed"
    assert r.headers["allow"] == "GET, HEAD, PUT, DELETE"
    assert call(server, "GET", tasks_path() + "/x").json == {"error": "Task not found"}


def test_bad_json_and_bad_fields_are_400_naming_the_field(server):
    r = call(server, "POST", tasks_path(), b'{"title":')
    assert r.status == 400 and r.json["error"] == "Invalid JSON"
    r = call(server, "POST", tasks_path(), {"title": "t", "maxRetries": 11})
    assert r.status == 400 and r.json["field"] == "maxRetries" and "maxRetries" in r.json["message"]
    tid = create(server, {"title": "t"})
    r = call(server, "PUT", tasks_path() + "/" + tid, {"progress": 2})
    assert r.status == 400 and r.json["field"] == "progress"
    r = call(server, "GET", tasks_path() + "?limit=101")
    assert r.status == 400 and r.json["field"] == "limit"


ADMIN = {"Authorization": "Bearer admin-secret"}


def test_strict_mode_closes_the_control_plane_without_an_admin_token(start_server):
    s = start_server("--auth", "strict")
    assert call(s, "GET", "/_polytask/health", auth=False).status == 200
    r = call(s, "POST", "/_polytask/quant/acme/tokens", {"token": "acme-secret"}, auth=False)
    assert r.status == 403 and r.json["error"] == "control_plane_closed" and "--admin-token" in r.json["message"]


def test_strict_mode_accepts_only_registered_tokens(start_server):
    s = start_server("--auth", "strict", "--admin-token", "admin-secret")
    h = {"Authorization": "Bearer acme-secret"}
    assert call(s, "GET", tasks_path("acme"), headers=h, auth=False).status == 401
    assert call(s, "POST", "/_polytask/quant/acme/tokens", {"token": "acme-secret"}, auth=False).status == 401
    r = call(s, "POST", "/_polytask/quant/acme/tokens", {"token": "acme-secret"}, headers=ADMIN, auth=False)
    # The token is echoed once, with its non-secret id; it is stored hashed.
    token_id = r.json["id"]
    assert r.status == 201 and r.json == {"organisation": "acme", "id": token_id, "token": "acme-secret"}
    assert len(token_id) == 12 and all(c in "0123456789abcdef" for c in token_id)
    assert call(s, "GET", tasks_path("acme"), headers=h, auth=False).status == 200
    assert call(s, "POST", tasks_path("acme"), {"title": "t"}, headers=h, auth=False).status == 201
    assert call(s, "GET", tasks_path("globex"), headers=h, auth=False).status == 401
    assert call(s, "GET", tasks_path("acme"), headers={"Authorization": "Bearer guess"}, auth=False).status == 401
    listed = call(s, "GET", "/_polytask/quant/acme/tokens", headers=ADMIN, auth=False).json
    assert [t["id"] for t in listed["tokens"]] == [token_id] and "acme-secret" not in str(listed)
    assert call(s, "DELETE", "/_polytask/quant/acme/tokens/" + token_id, headers=ADMIN, auth=False).status == 204
    assert call(s, "GET", tasks_path("acme"), headers=h, auth=False).status == 401


def test_strict_mode_tokens_from_a_seed_document(start_server, tmp_path):
    seed = write_json(tmp_path, "seed.json", {"quant": {"quant": {"tasks": [SPEC_EXAMPLE], "tokens": ["seeded"]}}})
    s = start_server("--auth", "strict", "--seed", seed)
    r = call(s, "GET", tasks_path("quant") + "/" + SPEC_EXAMPLE["taskId"], headers={"Authorization": "Bearer seeded"}, auth=False)
    assert r.status == 200 and r.json == {**SPEC_EXAMPLE, "dependsOn": []}


def test_seed_file_keeps_ids_timestamps_and_dependencies(start_server, tmp_path):
    dep = {"taskId": "6f1c2e7a-0000-4000-8000-000000000001", "title": "upstream", "createdAt": 1735689500000,
           "updatedAt": 1735689500000, "status": "completed", "completedAt": 1735689550000,
           "expiresAt": 4102444800000, "result": {"ok": True}}
    child = {**SPEC_EXAMPLE, "dependsOn": [dep["taskId"]]}
    seed = write_json(tmp_path, "seed.json", {"quant": {"quant": [child, dep]}})
    s = start_server("--seed", seed)
    assert call(s, "GET", tasks_path("quant") + "/" + child["taskId"]).json == child
    assert call(s, "GET", tasks_path("quant") + "/" + dep["taskId"]).json == {**dep, "orgId": "quant", "dependsOn": []}
    r = call(s, "GET", tasks_path("quant") + "?dependsOn=" + dep["taskId"])
    assert r.json == {"taskIds": [child["taskId"]], "count": 1, "dependsOn": dep["taskId"]}
    assert call(s, "DELETE", tasks_path("quant") + "/" + dep["taskId"]).status == 409


def test_seed_from_the_environment(start_server, tmp_path):
    seed = write_json(tmp_path, "seed.json", {"quant": {"quant": [SPEC_EXAMPLE]}})
    s = start_server(env={"POLYTASK_SEED": seed})
    assert call(s, "GET", tasks_path("quant")).json["count"] == 1


def test_a_bad_seed_stops_the_start_with_the_path_of_the_problem(start_server, tmp_path):
    seed = write_json(tmp_path, "seed.json", {"quant": {"acme": [{"title": "t", "progress": 3}]}})
    with pytest.raises(RuntimeError) as e:
        start_server("--seed", seed)
    assert "quant.acme[0].progress" in str(e.value)


def test_completed_ttl_flag_expires_completed_tasks(start_server):
    s = start_server("--quant-completed-ttl", "1s")
    tid = create(s, {"title": "t"})
    keep = create(s, {"title": "keep", "status": "failed"})
    assert call(s, "PUT", tasks_path() + "/" + tid, {"status": "completed"}).status == 200
    t = call(s, "GET", tasks_path() + "/" + tid).json
    assert t["expiresAt"] == t["completedAt"] + 1000
    time.sleep(1.3)
    assert call(s, "GET", tasks_path() + "/" + tid).status == 404
    assert [x["taskId"] for x in call(s, "GET", tasks_path()).json["tasks"]] == [keep]


def test_default_ttl_is_thirty_days(server):
    tid = create(server, {"title": "t", "status": "completed"})
    t = call(server, "GET", tasks_path() + "/" + tid).json
    assert t["expiresAt"] - t["completedAt"] == 30 * DAY_MS


def test_organisations_are_isolated(server):
    a = create(server, {"title": "a", "taskListId": "world-1"}, org="acme")
    create(server, {"title": "g", "taskListId": "world-1"}, org="globex")
    assert call(server, "GET", tasks_path("globex") + "/" + a).status == 404
    assert call(server, "PUT", tasks_path("globex") + "/" + a, {"title": "x"}).status == 404
    assert call(server, "DELETE", tasks_path("globex") + "/" + a).status == 404
    assert call(server, "GET", tasks_path("globex") + "/world-1/dependency-graph").json["taskCount"] == 1
    r = call(server, "POST", tasks_path("globex"), {"title": "x", "dependsOn": [a]})
    assert r.status == 400 and r.json["field"] == "dependsOn"
    assert [t["title"] for t in call(server, "GET", tasks_path("acme")).json["tasks"]] == ["a"]


# The vendored copy of ../shared/bench (Tests/fixtures/shared/bench).
BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "shared", "bench")


def test_bench_reference_bodies(start_server, tmp_path):
    """../shared/bench's seed.py writes tasks, reference get/list bodies and a seed document;
    loaded with --seed, every body must equal the reference as a JSON value (verify.py)."""
    import subprocess
    import sys
    out = tmp_path / "bench"
    subprocess.run([sys.executable, os.path.join(BENCH, "seed.py"), "-n", "3000", "--db", str(out / "tasks.db"),
                    "--static-dir", str(out / "static"), "--seed-json", str(out / "seed.json"),
                    "--env", str(out / "bench.env")], check=True, capture_output=True)
    s = start_server("--seed", str(out / "seed.json"))
    r = subprocess.run([sys.executable, os.path.join(BENCH, "verify.py"), s.url, "--static-dir", str(out / "static")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert " 0 failed" in r.stdout
