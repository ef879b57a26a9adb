"""Backpressure and bounded unsent bytes (issue 13): pipelined requests behind large answers are
all answered, in order, with no 408; clients that do not read cannot make the server's memory grow
without bound, and a reading client is answered meanwhile."""
import json
import socket
import threading
import time

from http_wire import Conn, get

QUANT = "/api/v3/organizations/acme/ai/tasks"


def create_task(port, description):
    body = json.dumps({"title": "x", "description": description})
    with Conn(port, timeout=20) as c:
        c.send(f"POST {QUANT} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer t\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}")
        resp = c.read_response(timeout=20)
    assert resp.status in (200, 201), resp
    return resp.json()["taskId"]


def task_get(task_id, extra=""):
    return f"GET {QUANT}/{task_id} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer t\r\n{extra}\r\n"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_two_pipelined_answers_of_300_kb_both_arrive_without_a_408(start_server):
    # Used to stall: parsing stopped with >256 KiB queued and nothing restarted it, so the second
    # request waited for the header timeout and got a 408.
    s = start_server("--header-timeout", "3")
    task_id = create_task(s.port, "d" * 300_000)
    with Conn(s.port, timeout=10) as c:
        c.send(task_get(task_id, "x-request-id: one\r\n") + task_get(task_id, "x-request-id: two\r\n"))
        a = c.read_response(timeout=10)
        b = c.read_response(timeout=10)
    assert (a.status, a.header("x-request-id")) == (200, "one"), a
    assert (b.status, b.header("x-request-id")) == (200, "two"), b
    assert len(a.body) > 300_000 and a.body == b.body


def test_3000_pipelined_health_checks_in_one_write_are_all_answered_in_order(start_server):
    s = start_server("--header-timeout", "3")
    n = 3000
    payload = "".join(get(extra=f"x-request-id: p{i}\r\n") for i in range(n)).encode()
    c = Conn(s.port, timeout=20)
    # One write; sent from a thread so that the reading below can go on while the server, which
    # stops reading while its answers are not read, holds the rest in the kernel.
    sender = threading.Thread(target=c.sock.sendall, args=(payload,))
    sender.start()
    try:
        for i in range(n):
            r = c.read_response(timeout=20)
            assert (r.status, r.header("x-request-id")) == (200, f"p{i}"), (i, r)
        sender.join(timeout=10)
        # The connection is still usable afterwards.
        c.send(get(extra="x-request-id: after\r\n"))
        assert c.read_response().header("x-request-id") == "after"
    finally:
        c.close()
        sender.join(timeout=10)


def test_clients_that_do_not_read_cannot_grow_memory_and_a_reading_client_is_served(start_server):
    # The process cap is what binds here (the per-connection cap is set high on purpose).
    s = start_server("--max-unsent-bytes", "4MiB", "--max-connection-unsent-bytes", "64MiB",
                     "--write-timeout", "60s")
    task_id = create_task(s.port, "m" * 300_000)
    pid = s.proc.pid
    with Conn(s.port, timeout=10) as warm:   # warm up the read path before the baseline
        for _ in range(3):
            warm.send(task_get(task_id))
            warm.read_response(timeout=10)
    before = rss_kib(pid)

    hogs = []
    try:
        for _ in range(8):
            h = socket.socket()
            h.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)   # keep the kernel's share small
            h.connect(("127.0.0.1", s.port))
            h.sendall(task_get(task_id).encode() * 40)   # 40 answers of 300 KB each: 96 MB in all
            hogs.append(h)
        time.sleep(2)   # let the server queue what it will
        grown_mib = (rss_kib(pid) - before) / 1024
        # Bounded by the 4 MiB cap plus one answer per connection (and allocator slack), far
        # below the 96 MB the hogs asked for.
        assert grown_mib < 32, f"RSS grew by {grown_mib:.0f} MiB with 8 clients not reading"

        # A reading client is answered meanwhile, large answers included.
        with Conn(s.port, timeout=10) as c:
            for _ in range(3):
                c.send(task_get(task_id))
                r = c.read_response(timeout=5)
                assert r.status == 200 and len(r.body) > 300_000, r
            c.send(get())
            assert c.read_response(timeout=5).status == 200
    finally:
        for h in hogs:
            h.close()
    # Once the hogs are gone, their unsent bytes are released and everything works.
    with Conn(s.port, timeout=10) as c:
        c.send(task_get(task_id))
        assert c.read_response(timeout=10).status == 200
