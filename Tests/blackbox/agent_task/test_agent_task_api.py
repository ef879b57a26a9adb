"""Black-box: every /api/v1/ endpoint of the agent-task dialect against the real binary, its
error shapes, and tenancy by API key in --auth open and --auth strict."""
import subprocess

from agent_task_support import (ADMIN, BIN, STORY_AGENT, STORY_LOGS, STORY_OUTPUT, call, create_agent, register, run,
                                task)

UNAUTHORIZED = b'{"error":"Unauthorized. API key is invalid"}'


def test_every_route_wants_an_api_key(server):
    for method, path in [("GET", "/api/v1/task"), ("GET", "/api/v1/task/x"), ("DELETE", "/api/v1/task/x"),
                         ("GET", "/api/v1/agent"), ("POST", "/api/v1/agent"), ("GET", "/api/v1/agent/x"),
                         ("POST", "/api/v1/agent/x"), ("DELETE", "/api/v1/agent/x"), ("GET", "/api/v1/workflow/x"),
                         ("POST", "/api/v1/workflow/x")]:
        r = call(server, method, path, body={} if method == "POST" else None)
        assert (r.status, r.body) == (401, UNAUTHORIZED), (method, path, r)
        assert r.headers["content-type"].startswith("application/json")
    assert call(server, "GET", "/api/v1/task", key="").status == 401
    # The vendor's header is `apikey`; a bearer token is not one.
    assert call(server, "GET", "/api/v1/task", headers={"Authorization": "Bearer k"}).status == 401
    assert call(server, "GET", "/api/v1/task", headers={"ApiKey": "k"}).status == 200


def test_agents_create_list_get_rewrite_delete(server):
    k = "k-agents"
    assert call(server, "GET", "/api/v1/agent", key=k).json == []
    created = call(server, "POST", "/api/v1/agent", STORY_AGENT, key=k)
    assert created.status == 201
    a = created.json
    assert list(a) == ["id", "name", "description", "variables", "promptChain", "userId", "createdAt"]
    assert a["name"] == "My agent" and a["description"] is None and a["variables"] == STORY_AGENT["variables"]
    assert a["promptChain"] == STORY_AGENT["promptChain"]
    assert a["createdAt"].endswith("Z") and len(a["createdAt"]) == 24  # Date.toISOString()
    assert b'"temperature":1,' in created.body and b'"temperature":0.7,' in created.body  # JavaScript numbers
    chosen = call(server, "POST", "/api/v1/agent", {"id": "movie-script", "name": "Movie",
                                                     "promptChain": [{"type": "return", "name": "Return", "output": []}]}, key=k)
    assert chosen.status == 201 and chosen.json["id"] == "movie-script"
    assert call(server, "POST", "/api/v1/agent", {"id": "movie-script", "name": "x",
                                                   "promptChain": [{"type": "return", "name": "R"}]}, key=k).status == 409
    assert [x["id"] for x in call(server, "GET", "/api/v1/agent", key=k).json] == ["movie-script", a["id"]]
    assert call(server, "GET", f"/api/v1/agent/{a['id']}", key=k).json == a
    rewrite = call(server, "POST", "/api/v1/agent/movie-script",
                   {"name": "Movie 2", "promptChain": [{"type": "return", "name": "End"}]}, key=k)
    assert rewrite.status == 200
    assert rewrite.json["name"] == "Movie 2" and rewrite.json["promptChain"] == [{"type": "return", "name": "End"}]
    assert rewrite.json["createdAt"] == chosen.json["createdAt"]
    bad = call(server, "POST", "/api/v1/agent", {"name": "x", "promptChain": [{"type": "prompt", "name": "A"}]}, key=k)
    assert bad.status == 400 and bad.json["error"].startswith("promptChain[0].output is required")
    assert call(server, "POST", "/api/v1/agent", b"{not json", key=k).json == {"error": "Invalid JSON body"}
    gone = call(server, "DELETE", "/api/v1/agent/movie-script", key=k)
    assert gone.status == 200 and gone.json["name"] == "Movie 2"
    assert call(server, "GET", "/api/v1/agent/movie-script", key=k).body == b'{"error":"Agent\'s ID is not found."}'
    assert call(server, "DELETE", "/api/v1/agent/movie-script", key=k).status == 404


def test_workflow_schema_run_poll_list_and_delete(server):
    k = "k-run"
    agent = create_agent(server, k)
    schema = call(server, "GET", f"/api/v1/workflow/{agent}", key=k).json
    assert schema["agentId"] == agent and schema["input"]["required"] == ["prompt"]
    assert schema["input"]["properties"]["genre"] == {"type": "string", "default": "Science fiction"}
    missing = run(server, agent, k, input={})
    assert missing.status == 400
    assert missing.body == b'{"error":"Missing required inputs: prompt","missing":["prompt"]}'
    started = run(server, agent, k, callback="https://myapp.com/api/v1/callback/2100aaa")
    assert started.status == 201
    t = started.json
    assert list(t) == ["id", "name", "agentId", "userId", "createdAt", "logs", "output", "status", "callback", "agent", "user"]
    assert (t["status"], t["logs"], t["output"]) == ("running", [], {})
    assert t["agentId"] == agent and t["agent"]["id"] == agent and t["user"] == {"id": t["userId"]}
    assert t["callback"] == "https://myapp.com/api/v1/callback/2100aaa"
    assert len(t["id"]) == 36 and t["id"][14] == "4"  # uuid4
    done = task(server, t["id"], k).json
    assert (done["status"], done["logs"], done["output"]) == ("complete", STORY_LOGS, STORY_OUTPUT)
    second = run(server, agent, k).json
    listed = call(server, "GET", "/api/v1/task", key=k).json
    assert [x["id"] for x in listed] == [second["id"], t["id"]]  # newest first
    deleted = call(server, "DELETE", f"/api/v1/task/{t['id']}", key=k)
    assert deleted.status == 200 and deleted.json == done
    assert call(server, "DELETE", f"/api/v1/task/{t['id']}", key=k).body == b'{"error":"Task\'s ID not found"}'
    assert task(server, t["id"], k).body == b'{"error":"Task\'s ID is not found."}'
    # Deleting the agent deletes its tasks.
    assert call(server, "DELETE", f"/api/v1/agent/{agent}", key=k).status == 200
    assert task(server, second["id"], k).status == 404
    assert call(server, "GET", "/api/v1/task", key=k).json == []


def test_run_body_errors(server):
    k = "k-errors"
    agent = create_agent(server, k)
    assert run(server, "nope", k).status == 404
    for body, error in [({"input": "x"}, "input must be an object of the agent's inputs"),
                        ({"input": {"prompt": [1]}}, "input.prompt must be a string, number or boolean"),
                        ({"input": {"prompt": "p"}, "callback": "myapp.com/cb"}, "callback must be an http or https URL"),
                        ([], "The body must be a JSON object")]:
        r = call(server, "POST", f"/api/v1/workflow/{agent}", body, key=k)
        assert (r.status, r.json) == (400, {"error": error}), body


def test_unknown_routes_and_methods_answer_in_the_same_shape(server):
    r = call(server, "GET", "/api/v1/tasks")
    assert (r.status, r.body) == (404, b'{"error":"Not found"}')
    r = call(server, "PATCH", "/api/v1/agent/x", key="k")
    assert r.status == 405 and r.headers["allow"] == "GET, HEAD, POST, DELETE"
    assert r.json == {"error": "Method PATCH Not Allowed"}


def test_users_see_only_their_own_agents_and_tasks_in_open_mode(server):
    agent = create_agent(server, "k-alice")
    t = run(server, agent, "k-alice").json
    for method, path in [("GET", f"/api/v1/task/{t['id']}"), ("DELETE", f"/api/v1/task/{t['id']}"),
                         ("GET", f"/api/v1/agent/{agent}"), ("GET", f"/api/v1/workflow/{agent}"),
                         ("DELETE", f"/api/v1/agent/{agent}")]:
        assert call(server, method, path, key="k-bob").status == 404, path
    assert run(server, agent, "k-bob").status == 404
    assert call(server, "GET", "/api/v1/task", key="k-bob").json == []
    assert call(server, "GET", "/api/v1/agent", key="k-bob").json == []
    assert len(call(server, "GET", "/api/v1/task", key="k-alice").json) == 1
    # An unregistered key is a user named after its hash, never after the key.
    assert t["userId"].startswith("key_") and "k-alice" not in t["userId"]


def test_strict_mode_takes_only_registered_keys_each_of_one_user(start_server):
    s = start_server("--auth", "strict", "--admin-token", ADMIN)
    alice = register(s, "alice", "key-alice", admin=ADMIN)
    register(s, "alice", "key-alice-laptop", admin=ADMIN)
    register(s, "bob", "key-bob", admin=ADMIN)
    assert alice["user"] == "alice" and alice["key"] == "key-alice" and len(alice["id"]) == 12
    assert call(s, "GET", "/api/v1/task", key="nobody").body == UNAUTHORIZED
    agent = create_agent(s, "key-alice")
    t = run(s, agent, "key-alice-laptop").json
    assert t["userId"] == "alice" and t["user"] == {"id": "alice"}
    assert task(s, t["id"], "key-alice").status == 200
    assert task(s, t["id"], "key-bob").status == 404
    keys = call(s, "GET", "/_polytask/agentTask/keys?user=alice", admin=ADMIN)
    assert [x["user"] for x in keys.json["keys"]] == ["alice", "alice"] and b"key-alice" not in keys.body
    assert call(s, "POST", "/_polytask/agentTask/keys", {"user": "mallory", "key": "key-alice"}, admin=ADMIN).status == 409
    assert call(s, "GET", "/_polytask/agentTask/keys").status == 401  # the control plane wants its token
    assert call(s, "DELETE", f"/_polytask/agentTask/keys/{alice['id']}", admin=ADMIN).status == 204
    assert call(s, "GET", "/api/v1/task", key="key-alice").status == 401
    assert call(s, "GET", "/api/v1/task", key="key-alice-laptop").status == 200


def test_a_run_fails_on_purpose_by_input_flag_or_agent_setting(server):
    k = "k-fail"
    agent = create_agent(server, k)
    t = run(server, agent, k, input={"prompt": "p", "polytask.fail": {"node": "character dev", "message": "rate limited"}}).json
    failed = task(server, t["id"], k).json
    assert failed["status"] == "error" and failed["output"] == {}
    assert failed["logs"] == ["Sypnosis: Running", "character dev: Running", "character dev: Error: rate limited"]
    user = t["userId"]
    r = call(server, "PUT", f"/_polytask/agentTask/users/{user}/agents/{agent}/simulation", {"fail": True})
    assert r.status == 200 and r.json == {"fail": {}}
    again = task(server, run(server, agent, k).json["id"], k).json
    assert again["status"] == "error" and again["logs"] == ["Sypnosis: Running", "Sypnosis: Error: Simulated failure"]
    assert call(server, "DELETE", f"/_polytask/agentTask/users/{user}/agents/{agent}/simulation").status == 204
    assert task(server, run(server, agent, k).json["id"], k).json["status"] == "complete"


def test_flags_are_in_help_and_checked():
    out = subprocess.run([BIN, "--help"], capture_output=True, text=True, timeout=30).stdout
    assert "--agent-task-lifecycle" in out and "POLYTASK_AGENT_TASK_LIFECYCLE" in out
    assert "--agent-task-list-limit" in out and "POLYTASK_AGENT_TASK_LIST_LIMIT" in out
    bad = subprocess.run([BIN, "--agent-task-lifecycle", "soon", "--db", ":memory:", "--port", "0"],
                         capture_output=True, text=True, timeout=30)
    assert bad.returncode == 2 and "--agent-task-lifecycle" in bad.stderr


def test_list_limit_bounds_the_list(start_server):
    s = start_server("--agent-task-list-limit", "2")
    agent = create_agent(s, "k")
    for _ in range(3):
        run(s, agent, "k")
    assert len(call(s, "GET", "/api/v1/task", key="k").json) == 2
