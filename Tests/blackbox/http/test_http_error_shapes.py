"""Refusals the HTTP layer makes before any route runs (413, 414, 431) answer in the error
shape of the vendor that owns the path, as that vendor's stack would: FastAPI's
{"detail": ...} under Amigo's /v1/, Quant's {"error","message"} under /api/v3/, and
polytask's own shape elsewhere. Always with Connection: close."""
import json

import pytest

from http_wire import exchange

WS = "00000000-0000-0000-0000-000000000001"


def post(path, n):
    return (f"POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {n}\r\n\r\n").encode() + b"x" * n


@pytest.mark.parametrize("path,shape", [
    (f"/v1/{WS}/api-keys", "detail"),
    ("/api/v3/organizations/acme/ai/tasks", "error"),
    ("/_polytask/seed", "error"),
])
def test_413_in_the_owners_shape(start_server, path, shape):
    s = start_server("--max-body-size", "64")
    resp, c = exchange(s.port, post(path, 100))
    with c:
        assert resp.status == 413 and resp.header("Connection").lower() == "close"
        body = json.loads(resp.body)
        if shape == "detail":
            assert body == {"detail": "The request body is larger than 64 bytes"}
        else:
            assert body == {"error": "body_too_large", "message": "The request body is larger than 64 bytes"}
        assert c.closed_by_server()


def test_414_and_431_in_the_owners_shape(start_server):
    s = start_server("--max-request-line", "256", "--max-header-bytes", "1KiB")
    resp, c = exchange(s.port, f"GET /v1/{WS}/tasks/{'a' * 400} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
    with c:
        assert resp.status == 414 and json.loads(resp.body) == {"detail": "The request line is too long"}
    big = "X-Fill: " + "y" * 1100 + "\r\n"
    resp, c = exchange(s.port, f"GET /api/v3/organizations/acme/ai/tasks HTTP/1.1\r\nHost: t\r\n{big}\r\n".encode())
    with c:
        assert resp.status == 431 and set(json.loads(resp.body)) == {"error", "message"}
    resp, c = exchange(s.port, f"GET /v1/{WS}/tasks/x HTTP/1.1\r\nHost: t\r\n{big}\r\n".encode())
    with c:
        assert resp.status == 431 and set(json.loads(resp.body)) == {"detail"}
