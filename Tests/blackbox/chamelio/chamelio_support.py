"""Shared helpers for the Chamelio black-box suites: keys, a raw HTTP helper on the standard
library (status, headers and bytes, so error bodies compare byte for byte), control-plane calls,
and a local webhook receiver that checks each delivery's signature. A module of its own (not
conftest) so that test modules can import it by a unique name."""
import hashlib
import hmac
import http.client
import http.server
import json
import os
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

# The vendor's example key (docs.chamelio.ai, API introduction).
KEY = "ca_xYz123AbCdEfGhIjKlMnOpQrStUvWxYz"
OTHER_KEY = "ca_someOtherOrganisationsKey"
OWNER = "john.doe@example.com"
# The control plane's --admin-token for servers in --auth strict (which close it without one).
ADMIN = "admin-secret-for-tests"
SEED004 = json.load(open(os.path.join(HERE, "seed004_task.json"), encoding="utf-8"))

CONTRACT = {
    "variables": [
        {"variable_id": "vendor_name", "type": "text", "value": "Acme Corporation"},
        {"variable_id": "contract_value", "type": "number", "value": "150000.00"},
        {"variable_id": "reviewer_email", "type": "email", "value": "legal@example.com"},
    ],
    "user": OWNER,
}


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    @property
    def text(self):
        return self.body.decode()

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<Reply {self.status} {self.body[:300]!r}>"


class Api:
    """One connection per request, so a test never depends on keep-alive behaviour."""

    def __init__(self, server, key=KEY, admin=None):
        self.server = server
        self.key = key
        self.admin = admin

    def request(self, method, path, body=None, key=..., headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        h = dict(headers or {})
        k = self.key if key is ... else key
        if path.startswith("/_polytask/"):
            if self.admin:
                h.setdefault("Authorization", f"Bearer {self.admin}")
        elif k is not None:
            h.setdefault("X-API-Key", k)
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode()
            h.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        reply = Reply(resp.status, resp.getheaders(), resp.read())
        conn.close()
        return reply

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    # --- vendor calls ---
    def initiate(self, body=None, workflow="vendor_contract_review", version="latest", key=...):
        r = self.post(f"/workflows/{workflow}/{version}/initiate", body or CONTRACT, key=key)
        assert r.status == 200, r
        return r.json()["task_id"]

    def task(self, task_id, key=...):
        r = self.get(f"/tasks/{task_id}", key=key)
        assert r.status == 200, r
        return r.json()["task"]

    # --- control plane ---
    def organization(self, key=None):
        r = self.post("/_polytask/chamelio/keys/lookup", {"api_key": key or self.key})
        assert r.status == 200, r
        return r.json()["organization_id"]

    def register_key(self, key, org="acme", state="active", owner=OWNER):
        r = self.post("/_polytask/chamelio/keys", {"organization_id": org, "owner_email": owner, "api_key": key, "state": state})
        assert r.status == 201, r
        return r.json()

    def lifecycle(self, mode, org):
        r = self.request("PUT", "/_polytask/lifecycle", {"dialect": "chamelio", "tenant": org, "mode": mode})
        assert r.status == 200, r
        return r.json()

    def advance(self, task_id, org):
        return self.post("/_polytask/advance", {"dialect": "chamelio", "tenant": org, "taskId": str(task_id)})

    def seed(self, doc):
        r = self.post("/_polytask/seed", doc)
        assert r.status == 200, r
        return r.json()

    def clock(self, **body):
        r = self.post("/_polytask/clock", body)
        assert r.status == 200, r
        return r.json()

    def webhook(self, url, org, secret=None, events=None):
        body = {"organization_id": org, "url": url}
        if secret is not None:
            body["secret"] = secret
        if events is not None:
            body["events"] = events
        r = self.post("/_polytask/chamelio/webhooks", body)
        assert r.status == 201, r
        return r.json()

    def deliveries(self, **query):
        q = "&".join(f"{k}={v}" for k, v in {"dialect": "chamelio", **query}.items())
        r = self.get(f"/_polytask/webhooks?{q}")
        assert r.status == 200, r
        return r.json()


class Receiver:
    """A local webhook endpoint. Each POST is recorded with whether its X-Chamelio-Signature is
    the HMAC-SHA256 of the exact body with `secret`; it answers `statuses` in turn (then the last)."""

    def __init__(self, secret, statuses=(200,)):
        self.secret = secret.encode()
        self.statuses = list(statuses)
        self.received = []
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                sig = self.headers.get("X-Chamelio-Signature", "")
                want = "sha256=" + hmac.new(outer.secret, body, hashlib.sha256).hexdigest()
                with outer.lock:
                    status = outer.statuses[min(len(outer.received), len(outer.statuses) - 1)]
                    outer.received.append({"body": body, "json": json.loads(body), "signature": sig,
                                           "valid": hmac.compare_digest(sig, want),
                                           "content_type": self.headers.get("Content-Type"), "status": status})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def events(self):
        with self.lock:
            return [r["json"]["event"] for r in self.received]

    def wait_for(self, count, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        with self.lock:
            raise AssertionError(f"expected {count} deliveries, got {len(self.received)}: {[r['json']['event'] for r in self.received]}")

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
