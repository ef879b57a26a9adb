"""Connection management: max connections (503 or close at once, never a hang) and no file
descriptor leaked after 1,000 connections of every kind."""
import os
import socket
import time

import pytest

from http_wire import Conn, assert_common_headers, get


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def test_connection_past_the_maximum_gets_503_or_close_at_once(start_server):
    # No admin reserve: past --max-connections every path is refused (the reserve has its own test).
    s = start_server("--max-connections", "2", "--admin-reserve-connections", "0")
    held = [Conn(s.port, timeout=5) for _ in range(2)]
    try:
        for c in held:   # both are accepted and served, and stay open (keep-alive)
            c.send(get())
            assert c.read_response().status == 200
        third = Conn(s.port, timeout=5)
        try:
            third.send(get())
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            resp = third.read_response(timeout=5)
            assert resp.status == 503, resp
            assert resp.header("Connection").lower() == "close"
            assert_common_headers(resp)   # Date, Content-Length, Content-Type and x-request-id, like every response
            assert third.closed_by_server()
        except (EOFError, ConnectionResetError):
            pass   # closed at once is the other allowed answer
        except TimeoutError:
            pytest.fail("the connection past --max-connections hung")
        finally:
            third.close()
        # The held connections still work.
        for c in held:
            c.send(get())
            assert c.read_response().status == 200
    finally:
        for c in held:
            c.close()
    # Once they are closed, new connections are served again.
    deadline = time.monotonic() + 5
    while True:
        try:
            with Conn(s.port, timeout=5) as c:
                c.send(get())
                assert c.read_response().status == 200
            break
        except (EOFError, ConnectionResetError, AssertionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_no_file_descriptor_leaked_after_1000_connections(start_server):
    s = start_server("--header-timeout", "2")
    pid = s.proc.pid
    # Warm up (lazily opened store connections, thread pools), then take the baseline.
    for _ in range(20):
        with Conn(s.port) as c:
            c.send(get())
            c.read_response()
    time.sleep(0.3)
    before = fd_count(pid)

    for i in range(1000):
        kind = i % 5
        c = Conn(s.port, timeout=5)
        try:
            if kind == 0:      # one request, client closes
                c.send(get())
                c.read_response()
            elif kind == 1:    # Connection: close, server closes
                c.send(get(extra="Connection: close\r\n"))
                c.read_response()
                c.closed_by_server()
            elif kind == 2:    # framing error, server closes
                c.send("GET / HTTP/1.1\r\n\r\n")
                c.read_response()
                c.closed_by_server()
            elif kind == 3:    # connect and leave without a byte
                pass
            else:              # reset mid-request (SO_LINGER 0 -> RST)
                c.send("GET /_polytask/health HTTP/1.1\r\nHo")
                c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        finally:
            c.close()

    deadline = time.monotonic() + 10
    after = fd_count(pid)
    while after > before and time.monotonic() < deadline:
        time.sleep(0.2)
        after = fd_count(pid)
    assert after <= before, f"{after - before} file descriptors leaked ({before} before, {after} after)"
    with Conn(s.port) as c:
        c.send(get())
        assert c.read_response().status == 200


def test_the_admin_reserve_keeps_health_reachable_past_max_connections(start_server):
    # Four idle connections fill --max-connections; a fifth lands in the admin reserve, where
    # /_polytask/ is served and any other path gets 503 + close.
    s = start_server("--max-connections", "4")
    held = [Conn(s.port, timeout=5) for _ in range(4)]
    try:
        for c in held:
            c.send(get())
            assert c.read_response().status == 200
        with Conn(s.port, timeout=5) as fifth:
            fifth.send(get())
            resp = fifth.read_response()
            assert resp.status == 200, resp
            fifth.send(get("/api/v3/organizations/acme/ai/tasks", extra="Authorization: Bearer t\r\n"))
            resp = fifth.read_response()
            assert resp.status == 503, resp
            assert resp.json()["error"] == "too_many_connections"
            assert resp.header("Connection").lower() == "close"
            assert_common_headers(resp)
            assert fifth.closed_by_server()
        # The ordinary connections still serve every path.
        held[0].send(get("/api/v3/organizations/acme/ai/tasks", extra="Authorization: Bearer t\r\n"))
        assert held[0].read_response().status == 200
    finally:
        for c in held:
            c.close()
