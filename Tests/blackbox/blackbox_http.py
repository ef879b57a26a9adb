"""Raw HTTP on the standard library for the black-box suites: one request per connection (so a
test never depends on keep-alive behaviour), answered as a Reply with the status, the headers
(lower-cased names) and the body as bytes, so that error bodies compare byte for byte.

The dialects' support modules (amigo_support, chamelio_support, agent_task_support,
control_support, quant_support) put their credentials in the headers and call `send`; the
control plane's webhook outbox is polled with `wait_status` and `wait_attempts`."""
import http.client
import json
import time


class Reply:
    def __init__(self, status, headers, body, elapsed=None):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body
        # Seconds from sending the request to reading the whole answer.
        self.elapsed = elapsed

    @property
    def text(self):
        return self.body.decode()

    @property
    def json(self):
        """The body parsed (None when it is empty)."""
        return json.loads(self.body) if self.body else None

    def __repr__(self):
        return f"<Reply {self.status} {self.body[:300]!r}>"


def encode(body):
    """A request body: bytes as they are, text as UTF-8, anything else as JSON."""
    if body is None or isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body).encode()


def send(server, method, path, body=None, headers=None, timeout=30):
    """One request on its own connection to `server` (anything with a .port). A body goes with
    `Content-Type: application/json` unless `headers` name one."""
    h = dict(headers or {})
    data = encode(body)
    if data is not None:
        h.setdefault("Content-Type", "application/json")
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    t = time.monotonic()
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        return Reply(r.status, r.getheaders(), r.read(), time.monotonic() - t)
    finally:
        conn.close()


class Client:
    """A dialect's calls on one server. A dialect's subclass gives `request` its credentials
    (keeping this signature's first three parameters); `get` and `post` are shorthands."""

    def __init__(self, server):
        self.server = server

    def request(self, method, path, body=None, headers=None):
        return send(self.server, method, path, body, headers)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)


def _poll_delivery(server, wid, done, what, timeout):
    deadline = time.time() + timeout
    d = None
    while time.time() < deadline:
        d = send(server, "GET", f"/_polytask/webhooks/{wid}").json
        if done(d):
            return d
        time.sleep(0.05)
    raise AssertionError(f"delivery {wid} {what(d)}: {d}")


def wait_status(server, wid, status, timeout=10):
    """The outbox delivery `wid` once its status is `status` (fails the test after `timeout`)."""
    return _poll_delivery(server, wid, lambda d: d["status"] == status,
                          lambda d: f"is {d and d['status']}, not {status}", timeout)


def wait_attempts(server, wid, n, timeout=10):
    """The outbox delivery `wid` once it has been tried `n` times or more."""
    return _poll_delivery(server, wid, lambda d: d["attempts"] >= n,
                          lambda d: f"has fewer than {n} attempts", timeout)
