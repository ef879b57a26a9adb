"""Timeouts (issue 3): header read (408 + close), body idle (408 + close), keep-alive idle
(close), and a slow client never blocks another. Durations are set small through flags; the
assertions bound the wait generously and check behaviour, not speed."""
import time

from http_wire import Conn, assert_error_answer, get


def test_slow_client_held_past_the_header_timeout_gets_408_and_close(start_server):
    s = start_server("--header-timeout", "1")
    with Conn(s.port, timeout=10) as c:
        c.send("GET /_polytask/health HTTP/1.1\r\nHost: t\r\n")   # the blank line never comes
        resp = c.read_response(timeout=8)
        assert_error_answer(c, resp, 408)


def test_header_timeout_counts_from_the_first_byte_not_each_byte(start_server):
    # Dribbling one byte every 300 ms must not keep the connection alive forever.
    s = start_server("--header-timeout", "1")
    with Conn(s.port, timeout=10) as c:
        start = time.monotonic()
        got = None
        for ch in "GET /_polytask/health HTTP/1.1\r\nX-Slow: " + "a" * 100:
            try:
                c.send(ch)
            except (BrokenPipeError, ConnectionResetError):
                break
            time.sleep(0.3)
            if time.monotonic() - start > 6:
                break
        try:
            got = c.read_response(timeout=4)
        except (EOFError, ConnectionResetError):
            got = None
        assert got is not None and got.status == 408, got


def test_header_timeout_accepts_durations_with_units(start_server):
    s = start_server("--header-timeout", "700ms")
    with Conn(s.port, timeout=10) as c:
        c.send("GET / HTTP/1.1\r\n")
        assert_error_answer(c, c.read_response(timeout=8), 408)


def test_body_idle_timeout_gets_408_and_close(start_server):
    s = start_server("--body-idle-timeout", "1")
    with Conn(s.port, timeout=10) as c:
        c.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        assert_error_answer(c, c.read_response(timeout=8), 408)


def test_keep_alive_idle_connection_is_closed(start_server):
    s = start_server("--keep-alive-timeout", "1")
    with Conn(s.port, timeout=10) as c:
        c.send(get())
        assert c.read_response().status == 200
        assert c.closed_by_server(timeout=8), "idle keep-alive connection was not closed"


def test_keep_alive_timeout_does_not_cut_a_busy_connection(start_server):
    s = start_server("--keep-alive-timeout", "2")
    with Conn(s.port, timeout=10) as c:
        for _ in range(10):
            c.send(get())
            assert c.read_response().status == 200
            time.sleep(0.4)   # each gap is well under the idle timeout; the total is twice it


def test_slow_client_never_blocks_another(start_server):
    s = start_server("--header-timeout", "30", "--threads", "1")
    slow = [Conn(s.port, timeout=40) for _ in range(5)]
    try:
        for c in slow:
            c.send("GET /_polytask/health HTTP/1.1\r\nHost: t\r\nX-Pending: ")
        half_body = Conn(s.port, timeout=40)
        half_body.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\npartial")
        slow.append(half_body)
        # Other clients are answered while those wait (well within the 30 s header timeout).
        for _ in range(20):
            with Conn(s.port, timeout=5) as fast:
                fast.send(get())
                assert fast.read_response(timeout=5).status == 200
    finally:
        for c in slow:
            c.close()


def test_client_that_does_not_read_does_not_block_others(start_server):
    # A client pipelines many requests and never reads its answers; others are still served.
    s = start_server("--write-timeout", "2")
    hog = Conn(s.port, timeout=2)
    try:
        try:
            hog.send(get() * 20000)
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            pass
        for _ in range(10):
            with Conn(s.port, timeout=5) as fast:
                fast.send(get())
                assert fast.read_response(timeout=5).status == 200
    finally:
        hog.close()


def test_a_body_trickled_past_the_body_timeout_gets_408_and_close(start_server):
    # One byte every 0.4 s never trips the 10 s idle timeout; the 2 s body deadline ends it.
    s = start_server("--body-timeout", "2s", "--body-idle-timeout", "10s")
    with Conn(s.port, timeout=10) as c:
        c.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n")
        start = time.monotonic()
        for _ in range(40):
            try:
                c.send("x")
            except (BrokenPipeError, ConnectionResetError):
                break
            time.sleep(0.4)
            c.sock.settimeout(0.01)
            try:
                chunk = c.sock.recv(65536)
            except (TimeoutError, OSError):
                chunk = None
            if chunk is not None:
                c.buf += chunk
                break
        resp = c.read_response(timeout=5)
        assert time.monotonic() - start < 8
        assert resp.json()["message"] == "The request body was not received in time", resp
        assert_error_answer(c, resp, 408)
