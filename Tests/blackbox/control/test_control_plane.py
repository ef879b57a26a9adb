"""Black-box: the control plane under /_polytask/ (health, readiness, clock, journal, faults,
metrics, admin access, determinism, logs), against the real binary."""
import json
import time

import pytest

from control_support import QUANT, call, quant

WS = "00000000-0000-0000-0000-000000000001"


def test_every_response_carries_the_version_header(server):
    version = call(server, "GET", "/_polytask/health").json["version"]
    for r in [call(server, "GET", "/_polytask/health"), quant(server, "GET"), call(server, "GET", "/nowhere"),
              call(server, "GET", "/_polytask/nothing"), quant(server, "GET", suffix="/missing")]:
        assert r.headers["x-polytask-version"] == version, r


def test_ready_reports_the_store(server):
    r = call(server, "GET", "/_polytask/ready")
    assert r.status == 200
    assert r.json["status"] == "ready" and r.json["store"] == "open" and r.json["schemaVersion"] >= 2


def test_clock_freezes_sets_and_advances(server):
    r = call(server, "POST", "/_polytask/clock", {"frozen": True, "nowMs": 1_767_225_600_000})
    assert r.status == 200 and r.json == {"nowMs": 1_767_225_600_000, "frozen": True, "iso": "2026-01-01T00:00:00.000Z"}
    time.sleep(0.05)
    assert call(server, "GET", "/_polytask/clock").json["nowMs"] == 1_767_225_600_000
    assert call(server, "POST", "/_polytask/clock", {"advanceMs": 1500}).json["nowMs"] == 1_767_225_601_500
    # Timestamps follow the clock.
    created = quant(server, "POST", body={"title": "t"}).json
    assert created["createdAt"] == 1_767_225_601_500
    running = call(server, "POST", "/_polytask/clock", {"frozen": False}).json
    assert running["frozen"] is False and running["nowMs"] >= 1_767_225_601_500
    assert call(server, "POST", "/_polytask/clock", {"advanceMs": "x"}).status == 400
    assert call(server, "POST", "/_polytask/clock", {"speed": 2}).status == 400


def test_clock_advance_expires_quant_and_amigo_tasks(start_server):
    s = start_server("--clock", "frozen:1767225600000")
    tid = quant(s, "POST", body={"title": "done", "status": "completed"}).json["taskId"]
    assert quant(s, "GET", suffix="/" + tid).status == 200
    call(s, "POST", f"/_polytask/amigo/{WS}/tasks", {"task_id": "a1", "call_sid": "CA1", "skill": "s"})
    amigo = lambda: call(s, "GET", f"/v1/{WS}/tasks/a1", headers={"Authorization": "Bearer k"})
    assert amigo().status == 200
    call(s, "POST", "/_polytask/clock", {"advanceMs": 24 * 3600 * 1000 + 1})   # Amigo's 24 h TTL
    assert amigo().status == 404 and amigo().json == {"detail": "Task not found or expired"}
    assert quant(s, "GET", suffix="/" + tid).status == 200
    call(s, "POST", "/_polytask/clock", {"advanceMs": 30 * 24 * 3600 * 1000})  # Quant's 30-day TTL for completed
    assert quant(s, "GET", suffix="/" + tid).status == 404


def test_journal_is_bounded_and_filterable(start_server):
    s = start_server("--journal-size", "20")
    for i in range(200):  # ten times the journal's size
        quant(s, "GET", org="acme" if i % 2 else "globex")
    call(s, "GET", "/nowhere")
    r = call(s, "GET", "/_polytask/requests?limit=1000")
    assert r.json["capacity"] == 20 and r.json["count"] == 20
    entries = r.json["requests"]
    assert entries[0]["path"] == "/nowhere" and entries[0]["status"] == 404 and entries[0]["dialect"] is None
    seqs = [e["sequence"] for e in entries]
    assert seqs == sorted(seqs, reverse=True)
    acme = call(s, "GET", "/_polytask/requests?dialect=quant&tenant=acme").json["requests"]
    assert acme and all(e["tenant"] == "acme" and e["route"] == QUANT.replace("{org}", "{organisation}") for e in acme)
    assert call(s, "GET", "/_polytask/requests?status=404").json["count"] == 1
    assert call(s, "GET", "/_polytask/requests?path=/api/v3/organizations/globex/*").json["count"] > 0
    assert call(s, "DELETE", "/_polytask/requests").status == 204
    # The DELETE itself is journaled after the clear.
    assert call(s, "GET", "/_polytask/requests").json["count"] <= 1


def test_journal_keeps_bodies_when_asked(start_server):
    s = start_server("--journal-bodies", "true", "--journal-body-limit", "16")
    quant(s, "POST", body={"title": "a long enough title"})
    e = call(s, "GET", "/_polytask/requests?method=POST").json["requests"][0]
    assert e["requestBody"] == '{"title": "a lon' and len(e["responseBody"]) == 16
    # Control-plane bodies (credentials, secrets) are never kept.
    call(s, "POST", "/_polytask/quant/acme/tokens", {"token": "secret-token"})
    c = call(s, "GET", "/_polytask/requests?path=/_polytask/quant/acme/tokens").json["requests"][0]
    assert "requestBody" not in c and "responseBody" not in c


def test_fault_rule_answers_in_the_vendors_shape_and_is_spent(server):
    r = call(server, "POST", "/_polytask/faults", {"match": {"dialect": "quant", "tenant": "acme"}, "action": {"status": 503}, "count": 2})
    assert r.status == 201 and r.json["id"]
    for _ in range(2):
        f = quant(server, "GET")
        assert f.status == 503 and f.json == {"error": "injected_fault", "message": "Injected fault: 503 Service Unavailable"}
    assert quant(server, "GET").status == 200
    assert quant(server, "GET", org="globex").status == 200
    call(server, "POST", "/_polytask/faults", {"match": {"dialect": "amigo"}, "action": {"status": 500}})
    a = call(server, "GET", f"/v1/{WS}/tasks/x", headers={"Authorization": "Bearer k"})
    assert a.status == 500 and a.json == {"detail": "Injected fault: 500 Internal Server Error"}


def test_fault_rule_with_a_body_headers_and_latency(server):
    call(server, "POST", "/_polytask/faults", {"match": {"method": "POST"}, "action": {"status": 429, "body": {"error": "slow down"},
                                                                                           "headers": {"Retry-After": "7"}}})
    r = quant(server, "POST", body={"title": "t"})
    assert r.status == 429 and r.json == {"error": "slow down"} and r.headers["retry-after"] == "7"
    assert call(server, "DELETE", "/_polytask/faults").status == 204
    rule = call(server, "POST", "/_polytask/faults", {"match": {"pathPrefix": "/api/v3/"}, "action": {"latencyMs": 300}}).json
    slow = quant(server, "GET")
    assert slow.status == 200 and slow.elapsed >= 0.29
    listed = call(server, "GET", "/_polytask/faults").json["faults"]
    assert [f["id"] for f in listed] == [rule["id"]] and listed[0]["hits"] == 1
    assert call(server, "DELETE", f"/_polytask/faults/{rule['id']}").status == 204
    assert call(server, "DELETE", f"/_polytask/faults/{rule['id']}").status == 404
    assert call(server, "POST", "/_polytask/faults", {"action": {"explode": True}}).status == 400


def test_fault_header_only_when_allowed(start_server):
    off = start_server()
    assert quant(off, "GET", headers={"x-polytask-fault": "status=503"}).status == 200
    on = start_server("--allow-fault-header")
    assert quant(on, "GET", headers={"x-polytask-fault": "status=503"}).status == 503
    assert quant(on, "GET", headers={"x-polytask-fault": "nonsense"}).status == 200
    # The control plane itself never takes a fault.
    assert call(on, "GET", "/_polytask/health", headers={"x-polytask-fault": "status=503"}).status == 200


def test_faults_are_reproducible_under_a_random_seed(start_server):
    def run():
        s = start_server("--random-seed", "7")
        call(s, "POST", "/_polytask/faults", {"action": {"status": 500}, "probability": 0.5})
        return [quant(s, "GET").status for _ in range(30)]
    a, b = run(), run()
    assert a == b and 500 in a and 200 in a


def test_ids_are_reproducible_under_a_random_seed(start_server):
    def ids():
        s = start_server("--random-seed", "12345")
        return [quant(s, "POST", body={"title": f"t{i}"}).json["taskId"] for i in range(3)]
    assert ids() == ids()
    other = start_server("--random-seed", "12346")
    assert quant(other, "POST", body={"title": "t0"}).json["taskId"] != ids()[0]


def test_metrics_count_requests(server):
    for _ in range(3):
        quant(server, "GET")
    quant(server, "GET", suffix="/nope")
    text = call(server, "GET", "/_polytask/metrics")
    assert text.headers["content-type"].startswith("text/plain; version=0.0.4")
    body = text.body.decode()
    route = QUANT.replace("{org}", "{organisation}")
    assert f'polytask_requests_total{{dialect="quant",route="{route}",method="GET",status="200"}} 3' in body
    assert f'polytask_requests_total{{dialect="quant",route="{route}/{{taskId}}",method="GET",status="404"}} 1' in body
    assert 'polytask_request_duration_seconds_count{dialect="quant"} 4' in body
    assert "polytask_open_connections " in body and "polytask_store_size_bytes " in body


def test_admin_token_guards_the_control_plane(start_server):
    s = start_server("--admin-token", "adm1n")
    assert call(s, "GET", "/_polytask/health").status == 200
    assert call(s, "GET", "/_polytask/ready").status == 200
    r = call(s, "GET", "/_polytask/requests")
    assert r.status == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert call(s, "GET", "/_polytask/requests", token="wrong").status == 401
    assert call(s, "GET", "/_polytask/requests", token="adm1n").status == 200


@pytest.mark.parametrize("args", [("--auth", "strict"), ("--host", "0.0.0.0")])
def test_control_plane_is_closed_without_a_token_when_strict_or_exposed(start_server, args):
    s = start_server(*args)  # a later --host wins over the fixture's 127.0.0.1
    assert call(s, "GET", "/_polytask/health").status == 200
    r = call(s, "POST", "/_polytask/reset", {})
    assert r.status == 403 and r.json["error"] == "control_plane_closed"
    s.stop()
    assert "control plane closed" in s.proc.stderr.read().decode()


def test_no_control_plane_keeps_only_health_and_ready(start_server):
    s = start_server("--no-control-plane")
    assert call(s, "GET", "/_polytask/health").status == 200
    assert call(s, "GET", "/_polytask/ready").status == 200
    assert call(s, "GET", "/_polytask/requests").status == 404
    assert call(s, "POST", "/_polytask/seed", {}).status == 404


def test_one_json_log_line_per_request_without_secrets(start_server):
    s = start_server("--admin-token", "top-secret-admin")
    quant(s, "GET", headers={"x-request-id": "req-abc"})
    call(s, "GET", "/_polytask/requests", token="top-secret-admin")
    deadline = time.time() + 5
    line = None
    while time.time() < deadline and line is None:
        for l in list(s.lines):
            if "req-abc" in l:
                line = json.loads(l)
        time.sleep(0.05)
    assert line is not None, list(s.lines)[-5:]
    assert line["msg"] == "request" and line["level"] == "info" and line["status"] == 200
    assert line["method"] == "GET" and line["path"] == "/api/v3/organizations/acme/ai/tasks"
    assert line["dialect"] == "quant" and line["tenant"] == "acme" and line["latencyMs"] >= 0 and line["time"].endswith("Z")
    logged = "".join(s.lines)
    assert "vendor-token" not in logged and "top-secret-admin" not in logged


def test_log_level_off_is_silent(start_server):
    s = start_server("--log-level", "off")
    quant(s, "GET")
    time.sleep(0.2)
    assert not [l for l in s.lines if l.startswith("{")]


def test_faults_never_touch_the_control_plane(server):
    call(server, "POST", "/_polytask/faults", {"action": {"status": 500}})
    call(server, "POST", "/_polytask/faults", {"action": {"drop": True}})
    assert quant(server, "GET").status == 500
    assert call(server, "GET", "/_polytask/faults").status == 200
    assert call(server, "POST", "/_polytask/clock", {"advanceMs": 1}).status == 200
    assert call(server, "DELETE", "/_polytask/faults").status == 204
    assert quant(server, "GET").status == 200


def test_clock_stays_in_range(server):
    assert call(server, "POST", "/_polytask/clock", {"nowMs": 9223372036854775807}).status == 400
    assert call(server, "POST", "/_polytask/clock", {"nowMs": -1}).status == 400
    assert call(server, "POST", "/_polytask/clock", {"advanceMs": 9223372036854775807}).status == 400
    assert quant(server, "POST", body={"title": "still fine"}).status == 201


def _raw_exchange(server, request):
    import socket
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    s.sendall(request)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return data


def test_drop_fault_closes_without_an_answer(server):
    call(server, "POST", "/_polytask/faults", {"match": {"dialect": "quant"}, "action": {"drop": True}, "count": 1})
    data = _raw_exchange(server, b"GET /api/v3/organizations/acme/ai/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n")
    assert data == b""
    assert quant(server, "GET").status == 200
    e = call(server, "GET", "/_polytask/requests?dialect=quant&limit=2").json["requests"]
    assert [x["status"] for x in e] == [200, 0]


def test_truncate_fault_sends_the_first_bytes_then_closes(server):
    call(server, "POST", "/_polytask/faults", {"match": {"dialect": "quant"}, "action": {"truncateBytes": 20}, "count": 1})
    data = _raw_exchange(server, b"GET /api/v3/organizations/acme/ai/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n")
    assert len(data) == 20 and data.startswith(b"HTTP/1.1 200 OK\r\n")


def test_metrics_count_the_sweeper_and_the_writer(start_server):
    s = start_server("--clock", "frozen:1767225600000", "--sweep-interval", "100ms")
    quant(s, "POST", body={"title": "done", "status": "completed"})
    call(s, "POST", "/_polytask/clock", {"advanceMs": 31 * 24 * 3600 * 1000})
    deadline = time.time() + 5
    body = ""
    while time.time() < deadline:
        body = call(s, "GET", "/_polytask/metrics").body.decode()
        if "polytask_sweeper_deleted_total 1\n" in body:
            break
        time.sleep(0.1)
    assert "polytask_sweeper_deleted_total 1\n" in body
    assert "# TYPE polytask_sweeper_deleted_total counter" in body
    writes = int(body.split("\npolytask_store_writes_total ")[1].split("\n")[0])
    assert writes >= 2
