"""Black-box: the durable webhook outbox and its delivery worker, through the control plane's
test delivery (`POST /_polytask/webhooks/test`): delivered once; retried on the store clock;
delivered after a kill -9 and a restart; target restrictions; replay."""
import signal
import time

import pytest

from blackbox_http import wait_attempts, wait_status
from control_support import call
from webhook_receiver import Receiver


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()



def test_delivered_once(server, receiver):
    r = call(server, "POST", "/_polytask/webhooks/test", {"url": receiver.url + "/hook?taskId=7", "body": {"hello": 1}})
    assert r.status == 201 and r.json["status"] == "pending"
    d = wait_status(server, r.json["id"], "delivered")
    got = receiver.wait_for(1)
    time.sleep(0.3)
    assert len(receiver.requests) == 1
    assert got[0]["path"] == "/hook?taskId=7" and got[0]["headers"]["content-type"] == "application/json"
    assert got[0]["headers"]["user-agent"].startswith("polytask/")
    assert receiver.json_bodies() == [{"hello": 1}]
    assert [a["httpStatus"] for a in d["attemptLog"]] == [200]
    listed = call(server, "GET", "/_polytask/webhooks?dialect=polytask&status=delivered").json
    assert [w["id"] for w in listed["webhooks"]] == [d["id"]]


def test_retried_on_the_store_clock_after_a_500(start_server):
    receiver = Receiver(statuses=[500])
    try:
        s = start_server("--clock", "frozen:1767225600000")
        wid = call(s, "POST", "/_polytask/webhooks/test", {"url": receiver.url}).json["id"]
        receiver.wait_for(1)
        d = call(s, "GET", f"/_polytask/webhooks/{wid}").json
        deadline = time.time() + 5
        while d["attempts"] < 1 and time.time() < deadline:
            d = call(s, "GET", f"/_polytask/webhooks/{wid}").json
        assert d["status"] == "pending" and d["lastStatus"] == 500 and d["nextAttemptAt"] == 1767225600000 + 10_000
        time.sleep(0.3)
        assert len(receiver.requests) == 1  # frozen clock: not due yet
        call(s, "POST", "/_polytask/clock", {"advanceMs": 10_000})
        wait_status(s, wid, "delivered")
        assert len(receiver.requests) == 2
    finally:
        receiver.close()


def test_pending_delivery_survives_kill_9(start_server, tmp_path):
    db = str(tmp_path / "webhooks.db")
    receiver = Receiver(statuses=[503])
    try:
        s1 = start_server("--db", db)
        wid = call(s1, "POST", "/_polytask/webhooks/test", {"url": receiver.url, "body": {"n": 1}}).json["id"]
        receiver.wait_for(1)
        deadline = time.time() + 5
        while call(s1, "GET", f"/_polytask/webhooks/{wid}").json["attempts"] < 1 and time.time() < deadline:
            time.sleep(0.05)
        s1.stop(signal.SIGKILL)
        # The receiver recovers; the retry was due 10 s after the failure on the store clock.
        s2 = start_server("--db", db)
        assert call(s2, "GET", f"/_polytask/webhooks/{wid}").json["status"] == "pending"
        call(s2, "POST", "/_polytask/clock", {"advanceMs": 10_000})
        wait_status(s2, wid, "delivered")
        assert receiver.json_bodies() == [{"n": 1}, {"n": 1}]
    finally:
        receiver.close()


def test_target_restrictions(start_server, receiver):
    s = start_server("--webhook-targets", "hooks.example.com")
    wid = call(s, "POST", "/_polytask/webhooks/test", {"url": receiver.url}).json["id"]
    deadline = time.time() + 5
    d = {}
    while time.time() < deadline:
        d = call(s, "GET", f"/_polytask/webhooks/{wid}").json
        if d["attempts"] >= 1:
            break
        time.sleep(0.05)
    assert "not allowed by --webhook-targets" in d["lastError"]
    assert receiver.requests == []



def test_undelivered_after_the_schedule_then_replayed(start_server):
    receiver = Receiver(statuses=[500] * 5)
    try:
        s = start_server("--clock", "frozen:1767225600000")
        wid = call(s, "POST", "/_polytask/webhooks/test", {"url": receiver.url}).json["id"]
        # The standard policy: retries 10 s, 1 min, 5 min and 30 min after each failure.
        for n, delay in enumerate([10_000, 60_000, 300_000, 1_800_000], start=1):
            d = wait_attempts(s, wid, n)
            assert d["status"] == "pending" and d["nextAttemptAt"] == call(s, "GET", "/_polytask/clock").json["nowMs"] + delay
            call(s, "POST", "/_polytask/clock", {"advanceMs": delay})
        d = wait_status(s, wid, "undelivered")
        assert d["attempts"] == 5 and len(receiver.requests) == 5 and d["nextAttemptAt"] is None
        r = call(s, "POST", f"/_polytask/webhooks/{wid}/replay")
        assert r.status == 200 and r.json["status"] == "pending"
        wait_status(s, wid, "delivered")
        assert call(s, "POST", "/_polytask/webhooks/999999/replay").status == 404
        m = call(s, "GET", "/_polytask/metrics").body.decode()
        assert 'polytask_webhook_deliveries_total{dialect="polytask",outcome="undelivered"} 1' in m
        assert 'polytask_webhook_deliveries_total{dialect="polytask",outcome="retry"} 4' in m
        assert 'polytask_webhook_deliveries_total{dialect="polytask",outcome="delivered"} 1' in m
    finally:
        receiver.close()
