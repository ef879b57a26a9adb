"""Black-box: every answer the oracle settled, replayed against the real binary.

oracle_expected.json holds requests and the answers of a reference FastAPI app (FastAPI 0.136.1,
Starlette 1.0.0, pydantic 2.13.4 / pydantic-core 2.46.4), written by Tests/oracle/generate.py (see
Tests/oracle/README.md). Each case is sent as raw bytes (path not re-encoded) to a server in
--auth strict seeded with the oracle's state; status, Allow / WWW-Authenticate / Content-Type and
(for compare == "body") the body must match byte for byte.
"""
import base64
import http.client
import importlib.util
import json
import os

import pytest

from amigo_support import ADMIN, HERE, ROOT

EXPECTED = json.load(open(os.path.join(HERE, "oracle_expected.json"), encoding="utf-8"))
CASES = EXPECTED["cases"]
HEADERS = ("allow", "www-authenticate", "content-type")


def decode(b):
    if b is None:
        return None
    return b["text"].encode("utf-8") if "text" in b else base64.b64decode(b["base64"])


@pytest.fixture(scope="module")
def oracle_server(request):
    # Module-scoped: one server for every case, like the oracle's one app. The Server class
    # of the shared black-box conftest, loaded by path (two conftest modules share the name).
    spec = importlib.util.spec_from_file_location("blackbox_conftest", os.path.join(ROOT, "Tests", "blackbox", "conftest.py"))
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    s = shared.Server(["--auth", "strict", "--amigo-bootstrap-key", EXPECTED["bootstrap_key"], "--admin-token", ADMIN])
    request.addfinalizer(s.stop)
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    conn.request("POST", "/_polytask/seed", body=json.dumps(EXPECTED["seed"]).encode(),
                 headers={"Authorization": f"Bearer {ADMIN}", "Content-Type": "application/json"})
    r = conn.getresponse()
    assert r.status == 200, r.read()
    conn.close()
    return s


def send(server, req):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest(req["method"], req["path"], skip_accept_encoding=True)
    body = decode(req["body"])
    for k, v in req["headers"].items():
        conn.putheader(k, v)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    resp = conn.getresponse()
    out = (resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    conn.close()
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_answer_matches_the_oracle(oracle_server, case):
    status, headers, body = send(oracle_server, case["request"])
    assert status == case["status"], body[:300]
    if case["compare"] != "body":
        return
    for h in HEADERS:
        assert headers.get(h) == case["headers"].get(h), h
    assert body == decode(case["body"])


def test_expected_file_names_the_versions_followed():
    assert EXPECTED["versions"]["fastapi"] == "0.136.1"
    assert EXPECTED["versions"]["starlette"] == "1.0.0"
    assert EXPECTED["versions"]["pydantic"] == "2.13.4"
    assert EXPECTED["versions"]["pydantic-core"] == "2.46.4"
