"""Limits (issue 3): each with its own status, set small through flags (and env vars)."""
import socket
import time

import pytest

from http_wire import Conn, assert_error_answer, get

SMALL = ["--max-request-line", "64", "--max-header-line", "64", "--max-header-bytes", "256",
         "--max-header-count", "5", "--max-body-size", "16"]


@pytest.fixture
def small(start_server):
    return start_server(*SMALL)


def refused(port, raw, status):
    with Conn(port) as c:
        c.send(raw)
        assert_error_answer(c, c.read_response(), status)


def test_request_line_at_the_limit_is_served(small):
    target = "/_polytask/health?" + "a" * (64 - len("GET /_polytask/health? HTTP/1.1"))
    line = f"GET {target} HTTP/1.1"
    assert len(line) == 64
    with Conn(small.port) as c:
        c.send(line + "\r\nHost: t\r\n\r\n")
        assert c.read_response().status == 200


def test_request_line_over_the_limit_is_414(small):
    refused(small.port, "GET /" + "a" * 100 + " HTTP/1.1\r\nHost: t\r\n\r\n", 414)


def test_request_line_over_the_limit_is_414_before_it_ends(small):
    # The client never finishes the line: the answer comes anyway.
    refused(small.port, "GET /" + "a" * 200, 414)


def test_header_line_over_the_limit_is_431(small):
    refused(small.port, get(extra="X-Long: " + "v" * 100 + "\r\n"), 431)


def test_header_bytes_over_the_limit_is_431(small):
    lines = "".join(f"X-H{i}: " + "v" * 55 + "\r\n" for i in range(4))   # 4 x 63 + Host (17) > 256
    refused(small.port, get(extra=lines), 431)


def test_header_count_over_the_limit_is_431(small):
    lines = "".join(f"X-{i}: v\r\n" for i in range(5))   # Host + 5 = 6 > 5
    refused(small.port, get(extra=lines), 431)


def test_header_count_at_the_limit_is_served(small):
    lines = "".join(f"X-{i}: v\r\n" for i in range(4))   # Host + 4 = 5
    with Conn(small.port) as c:
        c.send(get(extra=lines))
        assert c.read_response().status == 200


def test_body_over_the_limit_is_413_before_the_body_is_sent(small):
    # Only the head: Content-Length alone earns the 413; the client never sends the body.
    refused(small.port, "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n", 413)


def test_chunked_body_over_the_limit_is_413(small):
    refused(small.port, "POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n", 413)


def test_expect_continue_with_body_over_the_limit_gets_413_not_100(small):
    with Conn(small.port) as c:
        c.send("PUT /x HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n")
        resp = c.read_response()
        assert resp.status == 413, resp
        assert_error_answer(c, resp, 413)


def test_one_megabyte_header_line_is_refused_without_reading_it_all(start_server):
    # Default limits (64 KiB): the server answers 431 and closes long before 1 MB is sent.
    s = start_server()
    c = Conn(s.port)
    c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Huge: ")
    sent = 0
    answered = False
    try:
        while sent < 1_048_576:
            c.sock.sendall(b"a" * 16384)
            sent += 16384
    except (BrokenPipeError, ConnectionResetError):
        answered = True
    # Whether or not the send failed, the 431 must be readable (or the connection reset after it).
    try:
        resp = c.read_response()
        assert resp.status == 431, resp
        assert resp.header("Connection").lower() == "close"
    except (ConnectionResetError, EOFError):
        assert answered, "the connection was reset without an answer while the client was still within limits"
    finally:
        c.close()
    # And the server is still fine.
    with Conn(s.port) as c2:
        c2.send(get())
        assert c2.read_response().status == 200


def test_limits_from_environment_variables(start_server):
    s = start_server(env={"POLYTASK_MAX_BODY_SIZE": "16", "POLYTASK_MAX_HEADER_COUNT": "3"})
    refused(s.port, "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 17\r\n\r\n", 413)
    refused(s.port, get(extra="A: 1\r\nB: 2\r\nC: 3\r\n"), 431)


def test_flag_beats_environment_variable(start_server):
    s = start_server("--max-body-size", "1MiB", env={"POLYTASK_MAX_BODY_SIZE": "16"})
    with Conn(s.port) as c:
        c.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n" + "x" * 100)
        resp = c.read_response()
        assert resp.status != 413, resp


def test_size_suffixes(start_server):
    s = start_server("--max-body-size", "1KiB")
    refused(s.port, "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 1025\r\n\r\n", 413)
    with Conn(s.port) as c:
        c.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + "x" * 1024)
        assert c.read_response().status != 413


def test_a_content_length_of_any_length_over_the_limit_is_413(small):
    # 30 digits: more than any machine integer, still a valid Content-Length, still too large.
    refused(small.port, "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: " + "9" * 30 + "\r\n\r\n", 413)
    refused(small.port, "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 18446744073709551616\r\n\r\n", 413)
