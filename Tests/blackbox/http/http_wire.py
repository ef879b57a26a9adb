"""Raw-socket HTTP/1.1 client for the black-box HTTP suites.

Deliberately hand-rolled (no http.client, no requests): these tests check the exact bytes and
close behaviour of our server, which a forgiving client library would hide.
"""
import json
import socket
import time

# The binary the shared fixture starts, for tests that must run it themselves (bind failures).
from polytask_server import BIN, free_port  # noqa: F401

DEFAULT_TIMEOUT = 5.0


class Response:
    def __init__(self, version, status, reason, headers, body, raw):
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers  # [(name, value)] in order, as sent
        self.body = body
        self.raw = raw

    def header(self, name):
        """First value of a header (case-insensitive), or None."""
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return None

    def header_values(self, name):
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<Response {self.status} {self.reason} {self.headers} {self.body[:200]!r}>"


class Conn:
    """One TCP connection with a read buffer, so pipelined responses can be read one by one."""

    def __init__(self, port, host="127.0.0.1", timeout=DEFAULT_TIMEOUT):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.settimeout(timeout)
        self.buf = b""

    def send(self, data):
        if isinstance(data, str):
            data = data.encode("latin-1")
        self.sock.sendall(data)

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no data from the server in time")
        self.sock.settimeout(remaining)
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("the server closed the connection")
        self.buf += chunk

    def _read_line(self, deadline):
        while b"\r\n" not in self.buf:
            self._fill(deadline)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def read_response(self, head_only=False, timeout=DEFAULT_TIMEOUT):
        """One response; the body by Content-Length (none for HEAD, 1xx, 204, 304)."""
        deadline = time.monotonic() + timeout
        status_line = self._read_line(deadline).decode("latin-1")
        parts = status_line.split(" ", 2)
        assert len(parts) >= 2 and parts[0].startswith("HTTP/"), f"bad status line {status_line!r}"
        version, status = parts[0], int(parts[1])
        reason = parts[2] if len(parts) > 2 else ""
        headers = []
        while True:
            line = self._read_line(deadline)
            if line == b"":
                break
            assert b":" in line, f"bad header line {line!r}"
            name, value = line.split(b":", 1)
            assert name == name.strip() and name, f"bad header name {name!r}"
            headers.append((name.decode("latin-1"), value.strip(b" \t").decode("latin-1")))
        body = b""
        bodyless = head_only or 100 <= status < 200 or status in (204, 304)
        if not bodyless:
            cls = [v for n, v in headers if n.lower() == "content-length"]
            te = [v for n, v in headers if n.lower() == "transfer-encoding"]
            assert not te, f"unexpected Transfer-Encoding {te}"
            assert len(cls) == 1, f"expected exactly one Content-Length, got {cls} in {headers}"
            n = int(cls[0])
            while len(self.buf) < n:
                self._fill(deadline)
            body, self.buf = self.buf[:n], self.buf[n:]
        return Response(version, status, reason, headers, body, None)

    def closed_by_server(self, timeout=DEFAULT_TIMEOUT):
        """True if the server closes (EOF or reset) within timeout with no further bytes.

        Raises AssertionError if the server sends more data instead; False on timeout."""
        deadline = time.monotonic() + timeout
        if self.buf:
            raise AssertionError(f"unexpected extra bytes before close: {self.buf[:200]!r}")
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except (ConnectionResetError, BrokenPipeError):
                return True
            except socket.timeout:
                return False
            if not chunk:
                return True
            raise AssertionError(f"unexpected bytes instead of a close: {chunk[:200]!r}")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def exchange(port, data, head_only=False, timeout=DEFAULT_TIMEOUT):
    """Open a connection, send data, read one response; returns (response, conn)."""
    c = Conn(port, timeout=timeout)
    c.send(data)
    return c.read_response(head_only=head_only, timeout=timeout), c


def get(path="/_polytask/health", host="127.0.0.1", extra=""):
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n"


def assert_common_headers(resp):
    """Every response: Date (IMF-fixdate), Content-Length, Content-Type, x-request-id."""
    date = resp.header("Date")
    assert date is not None, resp
    time.strptime(date, "%a, %d %b %Y %H:%M:%S GMT")
    assert resp.header("Content-Type"), resp
    assert resp.header("x-request-id"), resp
    if not (100 <= resp.status < 200 or resp.status in (204, 304)):
        assert resp.header("Content-Length") is not None, resp


def assert_error_answer(conn, resp, status):
    """A refused request: the status, Connection: close, a short JSON body, then the close."""
    assert resp.status == status, resp
    assert resp.header("Connection") is not None and resp.header("Connection").lower() == "close", resp
    assert_common_headers(resp)
    assert resp.header("Content-Type").startswith("application/json"), resp
    body = resp.json()
    assert isinstance(body, dict) and body, resp
    assert conn.closed_by_server(), "the server did not close the connection after the error answer"
