"""Shared helpers for the Chamelio black-box suites: keys, an Api that sends the key through
blackbox_http (status, headers and bytes, so error bodies compare byte for byte), control-plane
calls, and a webhook receiver that checks each delivery's signature. A module of its own (not
conftest) so that test modules can import it by a unique name."""
import hashlib
import hmac
import json
import os

import webhook_receiver
from blackbox_http import Client, send

HERE = os.path.dirname(os.path.abspath(__file__))

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


class Api(Client):
    """Chamelio calls with an `X-API-Key` (`key=None`: none); control-plane calls carry the admin
    token instead, if any."""

    def __init__(self, server, key=KEY, admin=None):
        super().__init__(server)
        self.key = key
        self.admin = admin

    def request(self, method, path, body=None, key=..., headers=None):
        h = dict(headers or {})
        k = self.key if key is ... else key
        if path.startswith("/_polytask/"):
            if self.admin:
                h.setdefault("Authorization", f"Bearer {self.admin}")
        elif k is not None:
            h.setdefault("X-API-Key", k)
        return send(self.server, method, path, body, h)

    # --- vendor calls ---
    def initiate(self, body=None, workflow="vendor_contract_review", version="latest", key=...):
        r = self.post(f"/workflows/{workflow}/{version}/initiate", body or CONTRACT, key=key)
        assert r.status == 200, r
        return r.json["task_id"]

    def task(self, task_id, key=...):
        r = self.get(f"/tasks/{task_id}", key=key)
        assert r.status == 200, r
        return r.json["task"]

    # --- control plane ---
    def organization(self, key=None):
        r = self.post("/_polytask/chamelio/keys/lookup", {"api_key": key or self.key})
        assert r.status == 200, r
        return r.json["organization_id"]

    def register_key(self, key, org="acme", state="active", owner=OWNER):
        r = self.post("/_polytask/chamelio/keys", {"organization_id": org, "owner_email": owner, "api_key": key, "state": state})
        assert r.status == 201, r
        return r.json

    def lifecycle(self, mode, org):
        r = self.request("PUT", "/_polytask/lifecycle", {"dialect": "chamelio", "tenant": org, "mode": mode})
        assert r.status == 200, r
        return r.json

    def advance(self, task_id, org):
        return self.post("/_polytask/advance", {"dialect": "chamelio", "tenant": org, "taskId": str(task_id)})

    def seed(self, doc):
        r = self.post("/_polytask/seed", doc)
        assert r.status == 200, r
        return r.json

    def clock(self, **body):
        r = self.post("/_polytask/clock", body)
        assert r.status == 200, r
        return r.json

    def webhook(self, url, org, secret=None, events=None):
        body = {"organization_id": org, "url": url}
        if secret is not None:
            body["secret"] = secret
        if events is not None:
            body["events"] = events
        r = self.post("/_polytask/chamelio/webhooks", body)
        assert r.status == 201, r
        return r.json

    def deliveries(self, **query):
        q = "&".join(f"{k}={v}" for k, v in {"dialect": "chamelio", **query}.items())
        r = self.get(f"/_polytask/webhooks?{q}")
        assert r.status == 200, r
        return r.json


class Receiver(webhook_receiver.Receiver):
    """A webhook endpoint at /hook. Each POST is recorded with whether its X-Chamelio-Signature is
    the HMAC-SHA256 of the exact body with `secret`; it answers `statuses` in turn (then the last)."""

    def __init__(self, secret, statuses=(200,)):
        self.secret = secret.encode()
        super().__init__(statuses)
        self.default_status = self.statuses[-1]
        self.url += "/hook"

    @property
    def received(self):
        return self.requests

    def record(self, path, headers, body, status):
        sig = headers.get("X-Chamelio-Signature", "")
        want = "sha256=" + hmac.new(self.secret, body, hashlib.sha256).hexdigest()
        return {**super().record(path, headers, body, status), "json": json.loads(body), "signature": sig,
                "valid": hmac.compare_digest(sig, want), "content_type": headers.get("Content-Type")}

    def events(self):
        with self.lock:
            return [r["json"]["event"] for r in self.received]

    def wait_for(self, count, timeout=10):
        got = super().wait_for(count, timeout)
        if len(got) < count:
            raise AssertionError(f"expected {count} deliveries, got {len(got)}: {[r['json']['event'] for r in got]}")
        return got
