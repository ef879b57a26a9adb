"""Black-box: the lifecycle simulator's three modes through the control plane and the vendor routes."""
import time

from amigo_support import CALL_SID, TASK_ID, WS

TASK = {"task_id": TASK_ID, "call_sid": CALL_SID, "skill": "intake_processing", "tier": "companion"}


def test_manual_is_the_default(amigo):
    assert amigo.create_task(TASK)["status"] == "pending"
    assert amigo.get(f"/v1/{WS}/tasks/{TASK_ID}").json["status"] == "pending"
    r = amigo.get(f"/_polytask/lifecycle?dialect=amigo&tenant={WS}", token=None).json
    assert r == {"amigo": {"default": {"mode": "manual"}, "dialectWide": None, "tenant": WS, "own": None,
                           "effective": {"mode": "manual"}}}


def test_immediate(amigo):
    amigo.lifecycle({"mode": "immediate"})
    t = amigo.create_task(TASK)
    assert t["status"] == "completed"
    assert t["dispatched_at"] and t["completed_at"] and t["duration_ms"] == 0
    assert t["result"] and t["input_tokens"] > 0 and t["output_tokens"] > 0


def test_after_polls_walks_the_states(amigo):
    amigo.lifecycle({"mode": "polls", "polls": 3})
    amigo.create_task(TASK)
    seen = [amigo.get(f"/v1/{WS}/tasks/{TASK_ID}").json["status"] for _ in range(4)]
    assert seen == ["dispatched", "running", "completed", "completed"]


def test_by_call_reads_count_as_polls(amigo):
    amigo.lifecycle({"mode": "polls", "polls": 2})
    amigo.create_task(TASK)
    assert amigo.get(f"/v1/{WS}/tasks/by-call/{CALL_SID}").json["tasks"][0]["status"] == "dispatched"
    assert amigo.get(f"/v1/{WS}/tasks/by-call/{CALL_SID}").json["tasks"][0]["status"] == "completed"


def test_after_duration_on_the_store_clock(amigo):
    amigo.lifecycle({"mode": "duration", "duration_ms": 400})
    amigo.create_task({**TASK, "simulate": {"outcome": "timeout"}})
    assert amigo.get(f"/v1/{WS}/tasks/{TASK_ID}").json["status"] in ("pending", "dispatched", "running")
    time.sleep(0.6)
    t = amigo.get(f"/v1/{WS}/tasks/{TASK_ID}").json
    assert t["status"] == "timeout"
    assert t["error_type"] == "TimeoutError"
    assert t["duration_ms"] == 360  # scheduled instants: dispatched at 10% (40 ms), terminal at 400 ms


def test_advance_and_default_mode_for_all(amigo):
    amigo.create_task(TASK)
    steps = [amigo.advance(TASK_ID).json["status"] for _ in range(3)]
    assert steps == ["dispatched", "running", "completed"]
    assert amigo.advance(TASK_ID).status == 409
    amigo.lifecycle("immediate", ws="*")
    assert amigo.create_task({**TASK, "task_id": "t2"})["status"] == "completed"


def test_bad_mode_is_400(amigo):
    r = amigo.request("PUT", "/_polytask/lifecycle", body={"dialect": "amigo", "tenant": WS, "mode": {"mode": "polls", "polls": 0}},
                      token=None)
    assert r.status == 400 and r.json["error"] == "invalid_lifecycle" and "polls" in r.json["message"]
