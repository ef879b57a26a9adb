"""Strict framing (RFC 9112): every refused request gets its status, Connection: close and a
short JSON body, and then the server closes the connection. Raw TCP, byte-exact requests."""
import pytest

from http_wire import Conn, assert_common_headers, assert_error_answer, exchange, get

H = "Host: t\r\n"

# (id, raw request bytes, expected status)
CASES = [
    ("cl-and-te", "POST /x HTTP/1.1\r\n" + H + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    ("te-and-cl", "POST /x HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400),
    ("hex-content-length", "POST /x HTTP/1.1\r\n" + H + "Content-Length: 0x10\r\n\r\n" + "a" * 16, 400),
    ("negative-content-length", "POST /x HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\n", 400),
    ("plus-content-length", "POST /x HTTP/1.1\r\n" + H + "Content-Length: +5\r\n\r\nhello", 400),
    ("conflicting-content-lengths", "POST /x HTTP/1.1\r\n" + H + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
    ("conflicting-content-length-list", "POST /x HTTP/1.1\r\n" + H + "Content-Length: 5, 6\r\n\r\nhello!", 400),
    ("space-before-colon", "POST /x HTTP/1.1\r\n" + H + "Content-Length : 5\r\n\r\nhello", 400),
    ("obs-fold", "GET / HTTP/1.1\r\n" + H + "X-Folded: a\r\n b\r\n\r\n", 400),
    ("missing-host-http11", "GET /_polytask/health HTTP/1.1\r\nAccept: */*\r\n\r\n", 400),
    ("duplicate-host", "GET /_polytask/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    ("invalid-host", "GET /_polytask/health HTTP/1.1\r\nHost: a b/c\r\n\r\n", 400),
    ("non-hex-chunk-size", "POST /x HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400),
    ("chunk-without-crlf", "POST /x HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", 400),
    ("control-char-in-target", "GET /a\x01b HTTP/1.1\r\n" + H + "\r\n", 400),
    ("del-in-target", "GET /a\x7fb HTTP/1.1\r\n" + H + "\r\n", 400),
    ("control-char-in-header-value", "GET / HTTP/1.1\r\n" + H + "X-Bad: a\x01b\r\n\r\n", 400),
    ("nul-in-header-value", "GET / HTTP/1.1\r\n" + H + "X-Bad: a\x00b\r\n\r\n", 400),
    ("bare-cr-in-header-value", "GET / HTTP/1.1\r\n" + H + "X-Bad: a\rb\r\n\r\n", 400),
    ("bare-lf-line-endings", "GET / HTTP/1.1\nHost: t\n\n", 400),
    ("malformed-request-line", "GET  / HTTP/1.1\r\n" + H + "\r\n", 400),
    ("garbage", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03hello\r\n\r\n", 400),
    ("unknown-transfer-coding", "POST /x HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip\r\n\r\n", 501),
    ("te-gzip-chunked", "POST /x HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
    ("http-2-0", "GET / HTTP/2.0\r\n" + H + "\r\n", 505),
    ("http-3-0", "GET / HTTP/3.0\r\n" + H + "\r\n", 505),
    ("expectation-other", "POST /x HTTP/1.1\r\n" + H + "Expect: 200-ok\r\nContent-Length: 1\r\n\r\nx", 417),
]


@pytest.mark.parametrize("raw,status", [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_refused_request_gets_status_close_and_json(server, raw, status):
    with Conn(server.port) as c:
        c.send(raw)
        resp = c.read_response()
        assert_error_answer(c, resp, status)


@pytest.mark.parametrize("raw,status", [(c[1], c[2]) for c in CASES[:6]], ids=[c[0] for c in CASES[:6]])
def test_refused_request_after_a_good_one_on_the_same_connection(server, raw, status):
    # The error is answered in order after the good response, then the connection closes.
    with Conn(server.port) as c:
        c.send(get() + raw)
        first = c.read_response()
        assert first.status == 200, first
        assert first.header("Connection") is None, first
        resp = c.read_response()
        assert_error_answer(c, resp, status)


def test_smuggled_request_in_a_body_is_not_answered(server):
    # CL.TE: a front end reading TE would see a second request; we must refuse the whole message.
    smuggle = ("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n"
               "0\r\n\r\nGET /_polytask/health HTTP/1.1\r\nHost: t\r\n\r\n")
    with Conn(server.port) as c:
        c.send(smuggle)
        resp = c.read_response()
        assert_error_answer(c, resp, 400)


def test_body_that_looks_like_a_request_stays_a_body(server):
    inner = "GET /_polytask/health HTTP/1.1\r\nHost: t\r\n\r\n"
    with Conn(server.port) as c:
        c.send(f"POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: {len(inner)}\r\n\r\n{inner}" + get())
        first = c.read_response()
        second = c.read_response()
        assert first.status in (404, 405), first
        assert second.status == 200, second
        assert second.json()["status"] == "ok"


def test_identical_repeated_content_length_is_accepted(server):
    with Conn(server.port) as c:
        c.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello" + get())
        first = c.read_response()
        assert first.status in (404, 405), first
        assert c.read_response().status == 200


def test_chunk_extensions_and_trailers_are_ignored(server):
    body = "5;ext=1\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n"
    with Conn(server.port) as c:
        c.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + body + get())
        first = c.read_response()
        assert first.status in (404, 405), first
        assert_common_headers(first)
        assert c.read_response().status == 200


def test_absolute_form_target(server):
    with Conn(server.port) as c:
        c.send(f"GET http://127.0.0.1:{server.port}/_polytask/health HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n")
        resp = c.read_response()
        assert resp.status == 200, resp
        assert resp.json()["status"] == "ok"


def test_empty_lines_before_a_request_are_ignored(server):
    with Conn(server.port) as c:
        c.send("\r\n\r\n" + get())
        assert c.read_response().status == 200


def test_http_1_2_is_served_as_http_1_1(server):
    """RFC 9110 §2.5: a higher minor version within HTTP/1 is processed as the highest one we
    implement; the answer is HTTP/1.1 and the connection stays open."""
    resp, c = exchange(server.port, "GET /_polytask/health HTTP/1.2\r\nHost: t\r\n\r\n")
    with c:
        assert resp.status == 200 and resp.version == "HTTP/1.1", resp
        assert (resp.header("Connection") or "").lower() != "close"
        c.send(get())
        assert c.read_response().status == 200
