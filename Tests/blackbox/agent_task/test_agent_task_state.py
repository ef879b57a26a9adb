"""Black-box: the agent-task part of seed, export and reset through the control plane, and a
seed file at start."""
import json

from agent_task_support import STORY_AGENT, T0, call, create_agent, register, run, task


def populate(s):
    register(s, "alice", "key-alice")
    register(s, "bob", "key-bob")
    call(s, "PUT", "/_polytask/lifecycle", {"dialect": "agentTask", "tenant": "bob", "mode": "polls:4"})
    a = create_agent(s, "key-alice")
    m = create_agent(s, "key-alice", {"id": "movie-script", "name": "Movie", "description": "plots",
                                      "variables": {"script": ""}, "promptChain": [
                                          {"type": "prompt", "name": "Plot", "user": "{script}", "output": "plots", "temperature": 0.25},
                                          {"type": "return", "name": "Return", "output": ["plots"]}]})
    call(s, "PUT", "/_polytask/agentTask/users/alice/agents/movie-script/simulation", {"lifecycle": "manual", "responses": {"Plot": "a heist"}})
    done = run(s, a, "key-alice", callback="https://myapp.com/cb").json["id"]
    task(s, done, "key-alice")
    running = run(s, m, "key-alice", input={"script": "s"}).json["id"]
    b = create_agent(s, "key-bob")
    bob_task = run(s, b, "key-bob").json["id"]
    task(s, bob_task, "key-bob")  # one poll of four
    return done, running, bob_task


def views(s, done, running, bob_task):
    return {
        "alice_tasks": call(s, "GET", "/api/v1/task", key="key-alice").body,
        "alice_agents": call(s, "GET", "/api/v1/agent", key="key-alice").body,
        "done": task(s, done, "key-alice").body,
        "running": task(s, running, "key-alice").body,
        "bob_agents": call(s, "GET", "/api/v1/agent", key="key-bob").body,
        "schema": call(s, "GET", "/api/v1/workflow/movie-script", key="key-alice").body,
    }


def test_export_seed_round_trip_loses_nothing(start_server):
    s1 = start_server("--clock", f"frozen:{T0}")
    ids = populate(s1)
    doc = call(s1, "GET", "/_polytask/export?dialect=agentTask").json
    assert set(doc["agentTask"]) == {"alice", "bob"}
    assert "key-alice" not in json.dumps(doc)  # keys travel as hashes
    before = views(s1, *ids)

    s2 = start_server("--clock", f"frozen:{T0}")
    r = call(s2, "POST", "/_polytask/seed", doc)
    assert r.status == 200 and r.json["loaded"] == ["agentTask"]
    assert call(s2, "GET", "/_polytask/export?dialect=agentTask").json == doc
    assert views(s2, *ids) == before
    # The runs go on where they stood: bob's second poll of four, alice's manual run.
    assert task(s2, ids[2], "key-bob").json["logs"] == ["Sypnosis: Running"]
    step = call(s2, "POST", "/_polytask/advance", {"dialect": "agentTask", "tenant": "alice", "taskId": ids[1]}).json
    assert step["logs"] == ["Plot: Running"]


def test_a_seed_file_at_start(start_server, tmp_path):
    seed = {"agentTask": {"alice": {
        "keys": ["key-alice"],
        "agents": [dict(STORY_AGENT, id="story", createdAt="2025-06-01T10:00:00.000Z")],
        "tasks": [{"id": "fbc5f047-dde3-4ec9-b8bc-e1cd4ec4a6d7", "agentId": "story", "status": "complete",
                   "logs": ["Sypnosis: Running"], "output": "", "callback": "https://myapp.com/api/v1/callback/2100aaa",
                   "createdAt": "2025-06-02T10:00:00.000Z"}]}}}
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    s = start_server("--auth", "strict", "--admin-token", "t", "--seed", str(path))
    t = task(s, "fbc5f047-dde3-4ec9-b8bc-e1cd4ec4a6d7", "key-alice").json
    assert (t["status"], t["logs"], t["output"], t["userId"]) == ("complete", ["Sypnosis: Running"], {}, "alice")
    assert t["createdAt"] == "2025-06-02T10:00:00.000Z" and t["agent"]["createdAt"] == "2025-06-01T10:00:00.000Z"
    bad = call(s, "POST", "/_polytask/seed", {"agentTask": {"alice": {"tasks": [{"agentId": "nope"}]}}}, admin="t")
    assert bad.status == 400 and bad.json["message"] == "agentTask: agentTask.alice.tasks[0].agentId: alice has no agent nope"


def test_scoped_reset(start_server):
    s = start_server()
    done, _, bob_task = populate(s)
    r = call(s, "POST", "/_polytask/reset", {"dialect": "agentTask", "tenant": "alice", "scope": "data"})
    assert r.status == 200
    assert call(s, "GET", "/api/v1/task", key="key-alice").json == []       # tasks gone
    assert call(s, "GET", "/api/v1/agent", key="key-alice").json == []      # agents gone
    assert task(s, bob_task, "key-bob").status == 200                       # bob untouched
    assert call(s, "GET", "/api/v1/task", key="key-alice").status == 200    # alice's key stays (data scope)
    assert call(s, "POST", "/_polytask/reset", {"dialect": "agentTask", "tenant": "bob"}).status == 200
    assert call(s, "GET", "/_polytask/agentTask/keys?user=bob").json["keys"] == []
    assert call(s, "GET", "/_polytask/lifecycle?dialect=agentTask&tenant=bob").json["agentTask"]["own"] is None
    assert call(s, "POST", "/_polytask/reset", {"dialect": "agentTask", "tenant": "no such user!"}).status == 400
