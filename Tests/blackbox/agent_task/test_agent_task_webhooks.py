"""Black-box: a run's callback, end to end: enqueued in the outbox with the run's end, then
delivered by the worker to a local receiver: once on success; retried on the store clock after a
500; and after polytask is killed (SIGKILL) and restarted with the event still pending."""
import json
import signal
import time

import pytest

from agent_task_support import STORY_LOGS, T0, Receiver, call, create_agent, deliveries, run, task, wait_delivery


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def test_the_outbox_row_is_written_with_the_end(start_server):
    # A duration run ends on the clock: its callback is scheduled for that instant.
    s = start_server("--agent-task-lifecycle", "duration:60s", "--clock", f"frozen:{T0}")
    agent = create_agent(s, "k")
    t = run(s, agent, "k", callback="http://127.0.0.1:9/hook?src=nla").json
    [d] = deliveries(s)
    assert d["status"] == "pending" and d["attempts"] == 0 and d["nextAttemptAt"] == T0 + 60_000
    assert d["target"] == f"http://127.0.0.1:9/hook?src=nla&taskId={t['id']}"
    assert d["headers"] == {"Content-Type": "application/json"}
    assert d["eventId"] == f"task.ended:{t['userId']}:{t['id']}" and d["tenant"] == t["userId"]
    body = json.loads(d["body"])
    assert body["id"] == t["id"] and body["status"] == "complete" and body["logs"] == STORY_LOGS
    # No callback, no delivery.
    run(s, agent, "k")
    assert len(deliveries(s)) == 1


def test_delivered_once_on_success(server, receiver):
    agent = create_agent(server, "k")
    t = run(server, agent, "k", callback=receiver.url + "/api/v1/callback/2100aaa").json
    got = receiver.wait_for(1)
    assert len(got) == 1
    assert got[0]["path"] == f"/api/v1/callback/2100aaa?taskId={t['id']}"
    assert got[0]["headers"]["content-type"] == "application/json"
    # The body is the task object, exactly as GET shows the ended run.
    assert got[0]["body"] == task(server, t["id"], "k").body
    [d] = deliveries(server)
    wait_delivery(server, d["id"], "delivered")
    time.sleep(0.5)
    assert len(receiver.requests) == 1


def test_a_failed_run_is_delivered_too(server, receiver):
    agent = create_agent(server, "k")
    run(server, agent, "k", input={"prompt": "p", "polytask.fail": True}, callback=receiver.url + "/cb")
    [body] = [json.loads(r["body"]) for r in receiver.wait_for(1)]
    assert body["status"] == "error" and body["logs"][-1] == "Sypnosis: Error: Simulated failure"


def test_retried_on_the_store_clock_after_a_500_then_delivered(start_server):
    receiver = Receiver(statuses=[500])
    try:
        s = start_server("--clock", f"frozen:{T0}")
        agent = create_agent(s, "k")
        t = run(s, agent, "k", callback=receiver.url + "/cb").json
        receiver.wait_for(1)
        [d] = deliveries(s)
        deadline = time.time() + 5
        while d["attempts"] < 1 and time.time() < deadline:
            d = call(s, "GET", f"/_polytask/webhooks/{d['id']}").json
        assert d["status"] == "pending" and d["lastStatus"] == 500 and d["nextAttemptAt"] == T0 + 10_000
        time.sleep(0.3)
        assert len(receiver.requests) == 1  # frozen: the retry is not due yet
        call(s, "POST", "/_polytask/clock", {"advanceMs": 10_000})
        d = wait_delivery(s, d["id"], "delivered")
        assert [a["httpStatus"] for a in d["attemptLog"]] == [500, 200]
        bodies = [r["body"] for r in receiver.requests]
        assert len(bodies) == 2 and bodies[0] == bodies[1] == task(s, t["id"], "k").body
    finally:
        receiver.close()


def test_delivered_after_a_kill_and_restart_with_the_event_pending(start_server, tmp_path):
    db = str(tmp_path / "agent-task.db")
    receiver = Receiver()
    try:
        # The run ends in 60 s on the frozen clock: its callback is pending, not yet due.
        s1 = start_server("--db", db, "--clock", f"frozen:{T0}", "--agent-task-lifecycle", "duration:60s")
        agent = create_agent(s1, "k")
        t = run(s1, agent, "k", callback=receiver.url + "/cb").json
        assert [d["status"] for d in deliveries(s1)] == ["pending"]
        s1.stop(signal.SIGKILL)
        assert receiver.requests == []
        # Back, past the run's end: the worker finds the event in the outbox and sends it.
        s2 = start_server("--db", db, "--clock", f"frozen:{T0 + 61_000}")
        got = receiver.wait_for(1)
        assert len(got) == 1 and got[0]["path"] == f"/cb?taskId={t['id']}"
        body = json.loads(got[0]["body"])
        assert body["id"] == t["id"] and body["status"] == "complete" and body["logs"] == STORY_LOGS
        [d] = deliveries(s2)
        wait_delivery(s2, d["id"], "delivered")
        assert task(s2, t["id"], "k").json["status"] == "complete"
    finally:
        receiver.close()
