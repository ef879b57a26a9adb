"""Persistent connections, pipelining, HTTP/1.0, 100-continue, HEAD, and the headers every
response carries (RFC 9112 §9.3, RFC 9110 §6.6.1, §9.3.2, §10.1.1)."""
import socket
import time

import h11
import pytest

from http_wire import Conn, assert_common_headers, get

HEALTH = "/_polytask/health"


def test_health(server):
    with Conn(server.port) as c:
        c.send(get())
        resp = c.read_response()
    assert resp.status == 200
    assert resp.header("Content-Type").startswith("application/json")
    body = resp.json()
    assert body["status"] == "ok"
    assert isinstance(body["version"], str) and body["version"]
    assert_common_headers(resp)


def test_unknown_path_is_404_json(server):
    with Conn(server.port) as c:
        c.send(get("/no/such/path"))
        resp = c.read_response()
        assert resp.status == 404
        assert resp.header("Content-Type").startswith("application/json")
        assert isinstance(resp.json(), dict)
        assert_common_headers(resp)
        # A 404 is not a framing error: the connection stays open.
        c.send(get())
        assert c.read_response().status == 200


def test_keep_alive_serves_many_requests_on_one_connection(server):
    with Conn(server.port) as c:
        for i in range(20):
            c.send(get(extra=f"x-request-id: ka-{i}\r\n"))
            resp = c.read_response()
            assert resp.status == 200
            assert resp.header("x-request-id") == f"ka-{i}"
            assert resp.header("Connection") is None


def test_pipelined_requests_in_one_write_are_answered_in_order(server):
    with Conn(server.port) as c:
        c.send(get(extra="x-request-id: first\r\n") + get("/nope", extra="x-request-id: second\r\n")
               + get(extra="x-request-id: third\r\n"))
        a, b, d = c.read_response(), c.read_response(), c.read_response()
    assert (a.status, a.header("x-request-id")) == (200, "first")
    assert (b.status, b.header("x-request-id")) == (404, "second")
    assert (d.status, d.header("x-request-id")) == (200, "third")


def test_many_pipelined_requests(server):
    n = 200
    with Conn(server.port, timeout=20) as c:
        c.send("".join(get(extra=f"x-request-id: p{i}\r\n") for i in range(n)))
        ids = [c.read_response(timeout=20).header("x-request-id") for _ in range(n)]
    assert ids == [f"p{i}" for i in range(n)]


def test_pipelined_requests_byte_at_a_time(server):
    data = (get(extra="x-request-id: s1\r\n") + get(extra="x-request-id: s2\r\n")).encode()
    with Conn(server.port) as c:
        c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(len(data)):
            c.send(data[i:i + 1])
        assert c.read_response().header("x-request-id") == "s1"
        assert c.read_response().header("x-request-id") == "s2"


def test_connection_close_is_honoured(server):
    with Conn(server.port) as c:
        c.send(get(extra="Connection: close\r\n"))
        resp = c.read_response()
        assert resp.status == 200
        assert resp.header("Connection").lower() == "close"
        assert c.closed_by_server()


def test_http10_closes_by_default(server):
    with Conn(server.port) as c:
        c.send(f"GET {HEALTH} HTTP/1.0\r\n\r\n")
        resp = c.read_response()
        assert resp.status == 200
        assert resp.header("Connection").lower() == "close"
        assert c.closed_by_server()


def test_http10_keep_alive(server):
    with Conn(server.port) as c:
        for _ in range(3):
            c.send(f"GET {HEALTH} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            resp = c.read_response()
            assert resp.status == 200
            assert resp.header("Connection").lower() == "keep-alive"
        c.send(f"GET {HEALTH} HTTP/1.0\r\n\r\n")
        assert c.read_response().header("Connection").lower() == "close"
        assert c.closed_by_server()


def test_expect_100_continue_gets_100_then_the_final_status(server):
    with Conn(server.port) as c:
        c.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        interim = c.read_response()
        assert interim.status == 100, interim
        c.send("hello")
        final = c.read_response()
        assert final.status >= 200, final
        assert_common_headers(final)
        # And the connection is still usable.
        c.send(get())
        assert c.read_response().status == 200


def test_expect_100_continue_with_chunked_body(server):
    with Conn(server.port) as c:
        c.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
        assert c.read_response().status == 100
        c.send("5\r\nhello\r\n0\r\n\r\n")
        assert c.read_response().status >= 200


def test_expect_100_continue_on_http10_is_ignored(server):
    with Conn(server.port) as c:
        c.send("POST /nowhere HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        c.sock.settimeout(0.5)
        try:
            early = c.sock.recv(100)
        except socket.timeout:
            early = b""
        assert not early.startswith(b"HTTP/1.1 100"), early
        c.buf = early
        c.send("hello")
        assert c.read_response().status >= 200


def test_head_has_the_same_headers_as_get_and_no_body(server):
    with Conn(server.port) as c:
        c.send(get(extra="x-request-id: same\r\n"))
        g = c.read_response()
        c.send(f"HEAD {HEALTH} HTTP/1.1\r\nHost: t\r\nx-request-id: same\r\n\r\n")
        h = c.read_response(head_only=True)
        # Nothing follows the HEAD response's head: the next response starts right away.
        c.send(get(extra="x-request-id: after\r\n"))
        after = c.read_response()
    assert h.status == g.status == 200
    assert h.body == b""
    drop = {"date"}
    assert [(n.lower(), v) for n, v in h.headers if n.lower() not in drop] == \
           [(n.lower(), v) for n, v in g.headers if n.lower() not in drop]
    assert int(h.header("Content-Length")) == len(g.body)
    assert after.header("x-request-id") == "after"


def test_head_on_unknown_path_is_404_without_body(server):
    with Conn(server.port) as c:
        c.send("HEAD /no/such HTTP/1.1\r\nHost: t\r\n\r\n")
        resp = c.read_response(head_only=True)
        assert resp.status == 404
        c.send(get())
        assert c.read_response().status == 200


def test_request_id_is_echoed_or_generated_unique(server):
    with Conn(server.port) as c:
        c.send(get(extra="X-Request-Id: client-id-123\r\n"))
        assert c.read_response().header("x-request-id") == "client-id-123"
        ids = set()
        for _ in range(10):
            c.send(get())
            ids.add(c.read_response().header("x-request-id"))
    assert len(ids) == 10 and all(ids)


@pytest.mark.parametrize("path,method", [(HEALTH, "GET"), ("/nope", "GET"), (HEALTH, "DELETE"), (HEALTH, "HEAD")])
def test_every_response_has_date_length_type_and_request_id(server, path, method):
    with Conn(server.port) as c:
        c.send(f"{method} {path} HTTP/1.1\r\nHost: t\r\n\r\n")
        resp = c.read_response(head_only=(method == "HEAD"))
        assert_common_headers(resp)
        assert resp.header("Content-Length") is not None


def test_date_is_current(server):
    with Conn(server.port) as c:
        c.send(get())
        date = c.read_response().header("Date")
    import calendar
    t = calendar.timegm(time.strptime(date, "%a, %d %b %Y %H:%M:%S GMT"))
    assert abs(t - time.time()) < 120


def h11_roundtrip(port, requests):
    """Drive h11 (a strict HTTP/1.1 state machine) over one socket; returns [(Response, body)]."""
    conn = h11.Connection(our_role=h11.CLIENT)
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    out = []
    try:
        for method, target, headers in requests:
            sock.sendall(conn.send(h11.Request(method=method, target=target, headers=[("Host", "t")] + headers)))
            sock.sendall(conn.send(h11.EndOfMessage()))
            resp, body = None, b""
            while True:
                ev = conn.next_event()
                if ev is h11.NEED_DATA:
                    conn.receive_data(sock.recv(65536))
                    continue
                if isinstance(ev, h11.Response):
                    resp = ev
                elif isinstance(ev, h11.Data):
                    body += ev.data
                elif isinstance(ev, h11.EndOfMessage):
                    break
                elif isinstance(ev, h11.ConnectionClosed):
                    break
            out.append((resp, body))
            if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
                break
            conn.start_next_cycle()
    finally:
        sock.close()
    return out


def test_strict_client_h11_accepts_our_responses(server):
    got = h11_roundtrip(server.port, [
        ("GET", HEALTH, []),
        ("HEAD", HEALTH, []),
        ("GET", "/no/such/path", [("x-request-id", "h11")]),
        ("DELETE", HEALTH, []),
        ("GET", HEALTH, [("Connection", "close")]),
    ])
    statuses = [r.status_code for r, _ in got]
    assert len(got) == 5, statuses
    assert statuses[0] == 200 and statuses[1] == 200 and statuses[2] == 404 and statuses[4] == 200
    assert got[1][1] == b""
    assert dict(got[2][0].headers)[b"x-request-id"] == b"h11"
    for r, _ in got:
        names = {n.lower() for n, _ in r.headers}
        assert {b"date", b"content-length", b"content-type", b"x-request-id"} <= names
