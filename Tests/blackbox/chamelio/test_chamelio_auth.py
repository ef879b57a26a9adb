"""Black-box: X-API-Key, the five exact 401s, open and strict mode, keys through the control
plane, and tenancy (another organisation's task is 404)."""
import time

from chamelio_support import ADMIN, KEY, OTHER_KEY, OWNER, Api


def test_the_five_401s_in_strict_mode(chamelio_strict):
    api = chamelio_strict
    for state in ("inactive", "revoked", "expired"):
        api.register_key(f"ca_{state}Key", state=state)
    cases = [
        (None, "API key required"),
        ("", "API key required"),
        ("not-a-chamelio-key", "Invalid API key"),
        (KEY, "Invalid API key"),  # well-formed but not registered
        ("ca_inactiveKey", "API key is inactive"),
        ("ca_revokedKey", "API key has been revoked"),
        ("ca_expiredKey", "API key has expired"),
    ]
    for key, detail in cases:
        headers = {} if key is None else {"X-API-Key": key}
        r = api.get("/tasks/1", key=None, headers=headers)
        assert r.status == 401, (key, r)
        assert r.body == ('{"detail":"%s"}' % detail).encode()
        assert r.headers["content-type"] == "application/json"
        assert "www-authenticate" not in r.headers


def test_strict_mode_accepts_registered_active_keys_and_follows_their_state(chamelio_strict):
    api = chamelio_strict
    created = api.register_key(KEY)
    assert created["api_key"] == KEY and created["organization_id"] == "acme" and created["state"] == "active"
    tid = api.initiate()
    assert api.task(tid)["owner_email"] == OWNER
    # Keys are listed without their secret.
    listed = api.get("/_polytask/chamelio/keys?organization_id=acme")
    assert listed.status == 200 and KEY not in listed.text
    assert [k["key_id"] for k in listed.json["keys"]] == [created["key_id"]]
    for state, detail in [("inactive", "API key is inactive"), ("expired", "API key has expired"), ("active", None)]:
        r = api.request("PATCH", f"/_polytask/chamelio/keys/{created['key_id']}", {"organization_id": "acme", "state": state})
        assert r.status == 200 and r.json["state"] == state
        got = api.get(f"/tasks/{tid}")
        assert (got.status, got.json.get("detail")) == ((200, None) if detail is None else (401, detail))
    assert api.request("DELETE", f"/_polytask/chamelio/keys/{created['key_id']}?organization_id=acme").status == 204
    assert api.get(f"/tasks/{tid}").json == {"detail": "Invalid API key"}
    # The control plane needs the admin token in strict mode.
    assert Api(api.server).post("/_polytask/chamelio/keys", {"organization_id": "acme", "owner_email": OWNER}).status == 401


def test_open_mode_keys_are_organisations_of_their_own(chamelio):
    api = chamelio
    mine = api.initiate()
    theirs = api.initiate(key=OTHER_KEY)
    assert theirs == mine + 1  # one counter per store
    assert api.get(f"/tasks/{mine}").status == 200
    for path in (f"/tasks/{mine}", f"/tasks/{mine}/approval-details", f"/tasks/{mine}/files",
                 f"/tasks/{mine}/signed-documents", f"/tasks/{mine}/steps/agent_step/document"):
        r = api.get(path, key=OTHER_KEY)
        assert (r.status, r.body) == (404, b'{"detail":"Task not found"}'), path
    assert api.post(f"/tasks/{mine}/approve", {"approved": True}, key=OTHER_KEY).status == 404
    assert api.post(f"/tasks/{mine}/cancel", key=OTHER_KEY).status == 404
    assert api.task(mine)["status"] == "pending"
    org = api.organization()
    assert org.startswith("org_") and org != api.organization(OTHER_KEY)
    # A registered key answers by its state in open mode too.
    api.register_key("ca_revokedInOpenMode", state="revoked")
    assert api.get("/tasks/1", key="ca_revokedInOpenMode").json == {"detail": "API key has been revoked"}
    assert api.get("/tasks/1", key="ca_").json == {"detail": "Invalid API key"}


def test_auth_comes_before_validation_and_after_routing(chamelio):
    api = chamelio
    assert api.get("/tasks/not-a-number", key=None).json == {"detail": "API key required"}
    r = api.get("/tasks/not-a-number")
    assert r.status == 422 and r.json["detail"][0]["loc"] == ["path", "task_id"]
    assert api.get("/tasks/1/unknown", key=None).json == {"detail": "Not Found"}
    r = api.request("DELETE", "/tasks/1", key=None)
    assert (r.status, r.headers["allow"]) == (405, "GET")


def test_the_organisation_is_logged_never_the_key(chamelio):
    api = chamelio
    api.initiate()
    assert api.get("/tasks/1").status == 200
    org = api.organization()
    deadline = time.time() + 5
    while org not in "".join(api.server.lines) and time.time() < deadline:
        time.sleep(0.05)
    lines = "".join(api.server.lines)
    assert org in lines
    assert KEY not in lines
