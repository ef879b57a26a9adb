"""Black-box: Chamelio's signed webhooks, delivered by the shared worker to a local receiver that
verifies X-Chamelio-Signature: the events of a whole workflow in order, the retry schedule
(1 min, 5 min, 30 min, 2 h on the store clock, then undelivered) and replay, new workflow
versions, and secrets that are never listed or logged."""
import json
import time

from blackbox_http import wait_attempts, wait_status
from chamelio_support import OWNER, Api

FROZEN = "frozen:1737369000000"  # 2025-01-20T10:30:00Z
SECRET = "whsec_receiver_secret"


def test_a_workflow_from_initiate_to_completed(chamelio, receiver):
    hook = receiver(SECRET)
    org = chamelio.organization()
    chamelio.webhook(hook.url, org, secret=SECRET)
    tid = chamelio.initiate()
    chamelio.post(f"/tasks/{tid}/approve", {"approved": True, "comment": "LGTM", "user_email": "legal@example.com"})
    chamelio.advance(tid, org)
    got = hook.wait_for(7)
    time.sleep(0.3)
    assert len(hook.received) == 7
    assert all(r["valid"] for r in got), [r["signature"] for r in got]
    assert all(r["content_type"] == "application/json" for r in got)
    # The worker sends several deliveries at once, so a receiver may see the events of one change
    # in any order (as with the vendor: order by timestamp, de-duplicate by event_id). The outbox
    # keeps them in the order they happened.
    assert sorted(hook.events()) == sorted(["flows.tasks.created", "flows.tasks.step_change", "flows.tasks.step_change",
                                            "flows.tasks.commented", "flows.tasks.step_change",
                                            "flows.tasks.step_change", "flows.tasks.completed"])
    outbox = chamelio.deliveries()["webhooks"][::-1]  # newest first: oldest first
    by_id = {r["json"]["event_id"]: r["json"] for r in got}
    envelopes = [by_id[json.loads(d["body"])["event_id"]] for d in outbox]
    assert [e["event"] for e in envelopes] == ["flows.tasks.created", "flows.tasks.step_change", "flows.tasks.step_change",
                                               "flows.tasks.commented", "flows.tasks.step_change",
                                               "flows.tasks.step_change", "flows.tasks.completed"]
    for e in envelopes:
        assert list(e) == ["event", "event_id", "organization_id", "timestamp", "data"]
        assert e["organization_id"] == org and e["event_id"].startswith("evt_")
        assert e["data"]["task_id"] == tid and e["data"]["workflow_id"] == "vendor_contract_review"
    assert len({e["event_id"] for e in envelopes}) == 7
    created = envelopes[0]["data"]
    assert created["initiated_by"] == OWNER and created["workflow_version"] == 1
    assert created["current_step"] == {"step_id": "intake_step", "step_name": "Document Intake", "assignee": None}
    assert created["variables"] == {"vendor_name": "Acme Corporation", "contract_value": 150000, "reviewer_email": "legal@example.com"}
    approved = envelopes[4]["data"]
    assert approved["previous_step"]["outcome"] == "approved" and approved["previous_step"]["completed_by"] == "legal@example.com"
    assert approved["current_step"] == {"step_id": "signature_step", "step_name": "Signature", "assignee": OWNER}
    assert envelopes[3]["data"]["comment_text"] == "LGTM"
    done = envelopes[6]["data"]
    assert list(done) == ["task_id", "workflow_id", "workflow_name", "initiated_by", "completed_at", "duration_hours",
                          "variables", "outputs"]
    assert done["outputs"]["signed_document_id"].startswith("document_")
    deadline = time.time() + 5  # the worker records an attempt after the receiver answered
    while chamelio.deliveries(status="delivered")["count"] < 7 and time.time() < deadline:
        time.sleep(0.05)
    assert chamelio.deliveries(status="delivered")["count"] == 7


def test_cancel_and_subscriptions(chamelio, receiver):
    every = receiver("one")
    only_cancel = receiver("two")
    org = chamelio.organization()
    chamelio.webhook(every.url, org, secret="one")
    chamelio.webhook(only_cancel.url, org, secret="two", events=["flows.tasks.canceled"])
    tid = chamelio.initiate()
    chamelio.post(f"/tasks/{tid}/cancel")
    got = only_cancel.wait_for(1)
    assert got[0]["valid"] and got[0]["json"]["event"] == "flows.tasks.canceled"
    data = got[0]["json"]["data"]
    assert data["step_at_cancellation"] == {"step_id": "approval_step", "step_name": "Legal Approval"}
    assert got[0]["json"]["event_id"] in [r["json"]["event_id"] for r in every.wait_for(4)]
    # Another organisation's tasks go to its own endpoints only.
    chamelio.initiate(key="ca_elsewhere")
    time.sleep(0.3)
    assert len(every.received) == 4


def test_retries_after_1_5_30_minutes_and_2_hours_then_undelivered_and_replay(start_server, receiver):
    api = Api(start_server("--clock", FROZEN))
    hook = receiver(SECRET, statuses=[500, 500, 500, 500, 500, 200])
    org = api.organization()
    api.webhook(hook.url, org, secret=SECRET, events=["flows.tasks.created"])
    api.initiate()
    wid = api.deliveries()["webhooks"][0]["id"]
    now = 1737369000000
    for n, delay in enumerate([60_000, 300_000, 1_800_000, 7_200_000], start=1):
        d = wait_attempts(api.server, wid, n)
        assert d["status"] == "pending" and d["nextAttemptAt"] == now + delay, d
        time.sleep(0.2)
        assert len(hook.received) == n  # not due before its time on the store clock
        api.clock(advanceMs=delay)
        now += delay
    d = wait_status(api.server, wid, "undelivered")
    assert d["attempts"] == 5 and d["nextAttemptAt"] is None
    assert [a["httpStatus"] for a in d["attemptLog"]] == [500] * 5
    assert all(r["valid"] for r in hook.received)
    # Every attempt carries the same bytes and signature.
    assert len({(r["body"], r["signature"]) for r in hook.received}) == 1
    r = api.post(f"/_polytask/webhooks/{wid}/replay")
    assert r.status == 200 and r.json["status"] == "pending"
    wait_status(api.server, wid, "delivered")
    assert len(hook.received) == 6


def test_a_new_workflow_version_is_announced(chamelio, receiver):
    hook = receiver(SECRET)
    org = chamelio.organization()
    chamelio.webhook(hook.url, org, secret=SECRET, events=["flows.workflow.new_version"])
    schema = chamelio.get("/workflows/vendor_contract_review/latest/schema").json["workflow_schema"]
    definition = {"organization_id": org, "workflow_id": schema["workflow_id"], "workflow_name": schema["workflow_name"],
                  "variables": schema["variables"], "published_by": "admin@example.com", "changelog": "One step only",
                  "steps": [{"step_id": "approval_step", "step_name": "Legal Approval", "step_type": "approval",
                             "assignee": "{reviewer_email}"}]}
    r = chamelio.post("/_polytask/chamelio/workflows", definition)
    assert r.status == 201 and r.json["previous_version"] == 1 and r.json["workflow_schema"]["version"] == 2
    got = hook.wait_for(1)
    assert got[0]["valid"]
    assert got[0]["json"]["data"] == {"workflow_id": "vendor_contract_review", "workflow_name": "Vendor Contract Review",
                                      "new_version": 2, "previous_version": 1, "published_by": "admin@example.com",
                                      "changelog": "One step only"}
    # New tasks run the new version; version 1 can still be named.
    assert chamelio.task(chamelio.initiate())["workflow_version"] == 2
    assert chamelio.task(chamelio.initiate(version="1"))["workflow_version"] == 1


def test_secrets_are_never_listed_or_logged(chamelio, receiver):
    hook = receiver("unused")
    org = chamelio.organization()
    generated = chamelio.webhook(hook.url, org)
    secret = generated["secret"]
    assert secret.startswith("whsec_")
    chamelio.webhook(hook.url, org, secret="my-own-secret")
    listed = chamelio.get(f"/_polytask/chamelio/webhooks?organization_id={org}")
    assert listed.status == 200 and len(listed.json["webhooks"]) == 2
    assert secret not in listed.text and "my-own-secret" not in listed.text
    chamelio.initiate()
    hook.wait_for(6)
    time.sleep(0.3)
    assert secret not in "".join(chamelio.server.lines) and "my-own-secret" not in "".join(chamelio.server.lines)
    deliveries = chamelio.get("/_polytask/webhooks?dialect=chamelio").text
    assert secret not in deliveries and "my-own-secret" not in deliveries

