"""Replays an oracle's expected file against the real binary (test_amigo_oracle.py,
test_chamelio_oracle.py).

oracle_expected.json holds requests and the answers of a reference FastAPI app, written by a
generator in Tests/oracle (see Tests/oracle/README.md). Each case is sent as raw bytes (path not
re-encoded) to one server in --auth strict seeded with the oracle's state, like the oracle's one
app; status, Allow / WWW-Authenticate / Content-Type / Location and (for compare == "body") the body must
match byte for byte."""
import base64
import http.client
import json

from polytask_server import Server

HEADERS = ("allow", "www-authenticate", "content-type", "location")
# The stack the oracles follow: the versions each expected file must name.
VERSIONS = {"fastapi": "0.136.1", "starlette": "1.0.0", "pydantic": "2.13.4", "pydantic-core": "2.46.4"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def decode(b):
    if b is None:
        return None
    return b["text"].encode("utf-8") if "text" in b else base64.b64decode(b["base64"])


def start(request, args, seed, admin):
    """A server with `args`, seeded with `seed` through the control plane (`admin` is its
    --admin-token), stopped when `request`'s scope ends."""
    s = Server(args)
    request.addfinalizer(s.stop)
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    conn.request("POST", "/_polytask/seed", body=json.dumps(seed).encode(),
                 headers={"Authorization": f"Bearer {admin}", "Content-Type": "application/json"})
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


def check(server, case):
    """Sends one case; its answer must match the oracle's."""
    status, headers, body = send(server, case["request"])
    assert status == case["status"], body[:300]
    if case["compare"] != "body":
        return
    for h in HEADERS:
        want = case["headers"].get(h)
        if h == "location" and want is not None:
            # The oracle's TestClient is http://testserver; the replay's Host is the server's.
            want = want.replace("http://testserver/", f"http://127.0.0.1:{server.port}/", 1)
        assert headers.get(h) == want, h
    assert body == decode(case["body"])


def check_versions(expected):
    for name, version in VERSIONS.items():
        assert expected["versions"][name] == version, name
