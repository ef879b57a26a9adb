"""Black-box: each lifecycle mode of a run (immediate, polls:N, duration on the store clock,
manual with advance), chosen by flag, per user, dialect-wide or per agent."""
from agent_task_support import STORY_LOGS, T0, call, create_agent, register, run, task


def test_immediate_is_the_default_the_post_shows_the_start(server):
    agent = create_agent(server, "k")
    started = run(server, agent, "k").json
    assert (started["status"], started["logs"]) == ("running", [])
    assert task(server, started["id"], "k").json["status"] == "complete"
    lc = call(server, "GET", "/_polytask/lifecycle?dialect=agentTask").json
    assert lc["agentTask"]["default"] == {"mode": "immediate"}


def test_polls_show_one_node_after_another(start_server):
    s = start_server("--agent-task-lifecycle", "polls:3")
    agent = create_agent(s, "k")
    t = run(s, agent, "k").json["id"]
    seen = [task(s, t, "k").json for _ in range(4)]
    assert [x["logs"] for x in seen] == [STORY_LOGS[:1], STORY_LOGS[:2], STORY_LOGS, STORY_LOGS]
    assert [x["status"] for x in seen] == ["running", "running", "complete", "complete"]
    assert seen[0]["output"] == {} and seen[2]["output"]["context"].startswith("[character dev]")


def test_a_list_read_is_a_poll(start_server):
    s = start_server("--agent-task-lifecycle", "polls:2")
    agent = create_agent(s, "k")
    t = run(s, agent, "k").json["id"]
    assert call(s, "GET", "/api/v1/task", key="k").json[0]["status"] == "running"
    assert call(s, "GET", "/api/v1/task", key="k").json[0]["status"] == "complete"
    assert task(s, t, "k").json["status"] == "complete"


def test_duration_follows_the_store_clock(start_server):
    s = start_server("--agent-task-lifecycle", "duration:30s", "--clock", f"frozen:{T0}")
    agent = create_agent(s, "k")
    t = run(s, agent, "k").json
    assert t["createdAt"] == "2026-01-01T00:00:00.000Z"
    assert task(s, t["id"], "k").json["logs"] == []
    call(s, "POST", "/_polytask/clock", {"advanceMs": 10_000})
    assert task(s, t["id"], "k").json["logs"] == STORY_LOGS[:1]
    call(s, "POST", "/_polytask/clock", {"advanceMs": 19_999})
    assert task(s, t["id"], "k").json["status"] == "running"
    call(s, "POST", "/_polytask/clock", {"advanceMs": 1})
    assert task(s, t["id"], "k").json["status"] == "complete"


def test_manual_moves_only_by_advance_and_modes_are_chosen_per_user_and_agent(server):
    register(server, "alice", "key-alice")
    register(server, "bob", "key-bob")
    r = call(server, "PUT", "/_polytask/lifecycle", {"dialect": "agentTask", "tenant": "alice", "mode": "manual"})
    assert r.status == 200 and r.json["agentTask"]["effective"] == {"mode": "manual"}
    a = create_agent(server, "key-alice")
    t = run(server, a, "key-alice").json["id"]
    assert task(server, t, "key-alice").json["logs"] == []
    steps = [call(server, "POST", "/_polytask/advance", {"dialect": "agentTask", "tenant": "alice", "taskId": t}) for _ in range(3)]
    assert [x.json["logs"] for x in steps] == [STORY_LOGS[:1], STORY_LOGS[:2], STORY_LOGS]
    assert steps[2].json["status"] == "complete"
    assert call(server, "POST", "/_polytask/advance", {"dialect": "agentTask", "tenant": "alice", "taskId": t}).status == 409
    assert call(server, "POST", "/_polytask/advance", {"dialect": "agentTask", "tenant": "bob", "taskId": t}).status == 404
    # Bob has no mode of his own: the flag default (immediate).
    b = create_agent(server, "key-bob")
    assert task(server, run(server, b, "key-bob").json["id"], "key-bob").json["status"] == "complete"
    # An agent's own mode beats its user's.
    r = call(server, "PUT", f"/_polytask/agentTask/users/alice/agents/{a}/simulation", {"lifecycle": {"mode": "polls", "polls": 1}})
    assert r.status == 200 and r.json == {"lifecycle": "polls:1"}
    t2 = run(server, a, "key-alice").json["id"]
    assert task(server, t2, "key-alice").json["status"] == "complete"
    # The dialect-wide mode is behind the user's.
    call(server, "PUT", "/_polytask/lifecycle", {"dialect": "agentTask", "mode": "polls:5"})
    lc = call(server, "GET", "/_polytask/lifecycle?dialect=agentTask&tenant=bob").json["agentTask"]
    assert lc["effective"] == {"mode": "polls", "polls": 5} and lc["own"] is None
