"""Black-box: the step engine under each lifecycle mode. Automatic steps (intake, agent) complete
immediately, after N polls of GET /tasks/{id}, after a duration on the store clock, or only when
advanced; human steps (approval, review, signature) wait in pending until acted on."""
from chamelio_support import Api

FROZEN = "frozen:1737369000000"  # 2025-01-20T10:30:00Z


def steps(t):
    return (t["status"], t["current_step_id"], [r["status"] for r in t["step_runs"]])


def test_immediate_is_the_default_and_stops_at_the_first_human_step(chamelio):
    tid = chamelio.initiate()
    assert steps(chamelio.task(tid)) == ("pending", "approval_step", ["completed", "completed", "pending"])
    # Human steps never move on their own, however often they are read.
    for _ in range(3):
        assert chamelio.task(tid)["current_step_id"] == "approval_step"


def test_manual_moves_only_by_advance(chamelio):
    org = chamelio.organization()
    chamelio.lifecycle("manual", org)
    tid = chamelio.initiate()
    assert steps(chamelio.task(tid)) == ("in_progress", "intake_step", ["in_progress"])
    assert steps(chamelio.task(tid)) == ("in_progress", "intake_step", ["in_progress"])
    r = chamelio.advance(tid, org)
    assert r.status == 200 and r.json["task"]["current_step_id"] == "agent_step"
    chamelio.advance(tid, org)
    assert steps(chamelio.task(tid)) == ("pending", "approval_step", ["completed", "completed", "pending"])
    # Advance also stands in for the assignee of a human step.
    chamelio.advance(tid, org)
    assert chamelio.task(tid)["current_step_id"] == "signature_step"
    chamelio.advance(tid, org)
    assert chamelio.task(tid)["status"] == "completed"
    r = chamelio.advance(tid, org)
    assert r.status == 409 and r.json["error"] == "terminal"
    assert chamelio.advance(424242, org).status == 404


def test_polls_complete_each_automatic_step_on_the_nth_get(chamelio):
    org = chamelio.organization()
    chamelio.lifecycle({"mode": "polls", "polls": 2}, org)
    tid = chamelio.initiate()
    assert chamelio.get(f"/tasks/{tid}/files").status == 200  # not a poll
    assert chamelio.task(tid)["current_step_id"] == "intake_step"  # poll 1
    assert chamelio.task(tid)["current_step_id"] == "agent_step"   # poll 2: intake done
    assert chamelio.task(tid)["current_step_id"] == "agent_step"   # poll 1 of the agent step
    assert steps(chamelio.task(tid)) == ("pending", "approval_step", ["completed", "completed", "pending"])


def test_duration_runs_on_the_store_clock(start_server):
    api = Api(start_server("--clock", FROZEN, "--chamelio-lifecycle", "duration:10s"))
    tid = api.initiate()
    assert api.task(tid)["current_step_id"] == "intake_step"
    api.clock(advanceMs=9_999)
    assert api.task(tid)["current_step_id"] == "intake_step"
    api.clock(advanceMs=1)
    t = api.task(tid)
    assert t["current_step_id"] == "agent_step" and t["updated_at"] == "2025-01-20T10:30:10Z"
    api.clock(advanceMs=3_600_000)
    t = api.task(tid)
    # Each step ended at its scheduled instant, not at the read.
    assert steps(t) == ("pending", "approval_step", ["completed", "completed", "pending"])
    assert t["updated_at"] == "2025-01-20T10:30:20Z"
    # After the approval, the signature waits for its signer whatever the clock does.
    api.post(f"/tasks/{tid}/approve", {"approved": True})
    api.clock(advanceMs=3_600_000)
    assert api.task(tid)["current_step_id"] == "signature_step"


def test_the_mode_flag_and_the_control_route_agree(start_server):
    api = Api(start_server("--chamelio-lifecycle", "polls:3"))
    r = api.get("/_polytask/lifecycle?dialect=chamelio")
    assert r.json["chamelio"]["default"] == {"mode": "polls", "polls": 3}
    org = api.organization()
    api.lifecycle("immediate", org)
    assert api.task(api.initiate())["current_step_id"] == "approval_step"
    # Other organisations keep the flag's mode.
    other = "ca_secondOrganisation"
    tid = api.initiate(key=other)
    assert api.task(tid, key=other)["current_step_id"] == "intake_step"
