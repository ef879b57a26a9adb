"""A test suite as a polytask user would write one: polytask runs once for the session (as
under docker-compose, strict auth, an admin token), and every test sets up and tears down its
own world through the control plane only: a tenant of its own, a seed, a reset, the clock,
faults, the journal. The vendor calls go through the client generated from Quant's spec."""
import json
import os
import urllib.request
import uuid

import pytest

ADMIN = "user-suite-admin"


class Polytask:
    """The few control-plane calls a test suite needs (urllib only, as a user might write it)."""

    def __init__(self, url, admin):
        self.url = url
        self.admin = admin

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {self.admin}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                raw = r.read()
                return r.status, (json.loads(raw) if raw and r.headers.get("Content-Type", "").startswith("application/json") else raw)
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def seed(self, doc):
        status, body = self.call("POST", "/_polytask/seed", doc)
        assert status == 200, body

    def reset(self, dialect, tenant):
        status, body = self.call("POST", "/_polytask/reset", {"dialect": dialect, "tenant": tenant})
        assert status == 200, body

    def clock(self, **change):
        return self.call("POST", "/_polytask/clock", change)[1]

    def fault(self, rule):
        status, body = self.call("POST", "/_polytask/faults", rule)
        assert status == 201, body
        return body["id"]

    def requests(self, **filters):
        q = "&".join(f"{k}={v}" for k, v in filters.items())
        return self.call("GET", "/_polytask/requests?" + q)[1]["requests"]


@pytest.fixture(scope="session")
def polytask_server(start_session_server):
    # One server for the whole suite, as docker-compose would run it.
    return start_session_server("--auth", "strict", "--admin-token", ADMIN, "--clock", "frozen:1767225600000")


@pytest.fixture
def polytask(polytask_server):
    return Polytask(polytask_server.url, ADMIN)


@pytest.fixture
def org(polytask):
    """A Quant organisation of this test's own, with a token, torn down after the test."""
    name = "org-" + uuid.uuid4().hex[:8]
    token = "tok-" + uuid.uuid4().hex
    polytask.seed({"quant": {name: {"tasks": [], "tokens": [token]}}})
    yield name, token
    polytask.reset("quant", name)


@pytest.fixture
def quant(generated_client, polytask_server, org):
    quantcdn = generated_client("quant", "quant-client", "quantcdn")
    cfg = quantcdn.Configuration(host=polytask_server.url, access_token=org[1])
    return quantcdn, quantcdn.AITaskManagementApi(quantcdn.ApiClient(cfg))
