"""Black-box: Chamelio's part of the control plane's seed, export and reset: a round trip loses
nothing (tasks and where they stand in their workflow, files and their contents, keys by their
hashes, workflow versions, webhook endpoints that still sign, lifecycle modes), and a scoped
reset leaves the other organisations alone."""
import base64
import json

from chamelio_support import CONTRACT, KEY, OTHER_KEY, Api

FROZEN = "frozen:1737369000000"


def populate(api):
    api.register_key(KEY, org="acme")
    api.register_key("ca_acmeRevoked", org="acme", state="revoked")
    a = api.initiate()  # acme, at its approval
    body = json.loads(json.dumps(CONTRACT))
    body["variables"].append({"variable_id": "contract_file", "type": "file", "file_name": "c.txt",
                              "base64_content": base64.b64encode(b"the contract").decode()})
    b = api.initiate(body)
    api.post(f"/tasks/{b}/approve", {"approved": False})
    other = api.organization(OTHER_KEY)
    api.lifecycle({"mode": "polls", "polls": 3}, other)
    c = api.initiate(key=OTHER_KEY)
    api.task(c, key=OTHER_KEY)  # poll 1 of 3
    api.webhook("http://127.0.0.1:9/hook", "acme", secret="acme-secret")
    api.post("/_polytask/chamelio/workflows", {"organization_id": "*", "workflow_id": "nda", "workflow_name": "NDA",
                                              "steps": [{"step_id": "sign", "step_name": "Sign", "step_type": "signature"}]})
    return a, b, c


def views(api, a, b, c):
    return {
        "a": api.get(f"/tasks/{a}").body,
        "b": api.get(f"/tasks/{b}").body,
        "b_files": api.get(f"/tasks/{b}/files").body,
        "nda": api.get("/workflows/nda/latest/schema").body,
        "webhooks": api.get("/_polytask/chamelio/webhooks?organization_id=acme").body,
        "keys": api.get("/_polytask/chamelio/keys?organization_id=acme").body,
    }


def test_export_seed_round_trip_loses_nothing(start_server):
    s1 = Api(start_server("--clock", FROZEN))
    a, b, c = populate(s1)
    doc = s1.get("/_polytask/export?dialect=chamelio").json
    assert set(doc["chamelio"]) == {"acme", s1.organization(OTHER_KEY), "*"}
    assert KEY not in json.dumps(doc)  # keys travel as hashes
    before = views(s1, a, b, c)

    s2 = Api(start_server("--clock", FROZEN))
    s2.seed(doc)
    assert s2.get("/_polytask/export?dialect=chamelio").json == doc
    assert views(s2, a, b, c) == before
    assert s2.get("/tasks/1", key="ca_acmeRevoked").json == {"detail": "API key has been revoked"}
    # The file's contents came along.
    f = s2.get("/files/attachment_2").json  # document_1 is task a's AI review
    assert f["file_name"] == "c.txt"
    # The polls task goes on where it stood: polls 2 and 3, then the agent step.
    assert s2.task(c, key=OTHER_KEY)["current_step_id"] == "intake_step"
    assert s2.task(c, key=OTHER_KEY)["current_step_id"] == "agent_step"
    # Ids go on after the seeded ones.
    assert s2.initiate() == c + 1


def test_scoped_reset_leaves_other_organisations_alone(chamelio):
    a, b, c = populate(chamelio)
    other = chamelio.organization(OTHER_KEY)
    r = chamelio.post("/_polytask/reset", {"dialect": "chamelio", "tenant": "acme", "scope": "data"})
    assert r.status == 200
    assert chamelio.get(f"/tasks/{a}").status == 404
    assert chamelio.get(f"/tasks/{c}", key=OTHER_KEY).status == 200
    # Data scope keeps acme's keys (the revoked one still answers so) and the workflows for everyone.
    assert chamelio.get("/tasks/1", key="ca_acmeRevoked").json == {"detail": "API key has been revoked"}
    assert chamelio.get("/workflows/nda/1/schema").status == 200
    assert chamelio.get("/_polytask/chamelio/webhooks?organization_id=acme").json["webhooks"] == []
    # The whole of acme (keys too): KEY is an unregistered key again, its own organisation.
    chamelio.post("/_polytask/reset", {"dialect": "chamelio", "tenant": "acme"})
    assert chamelio.get("/_polytask/chamelio/keys?organization_id=acme").json["keys"] == []
    assert chamelio.get("/tasks/1", key="ca_acmeRevoked").status == 404
    assert chamelio.post("/_polytask/reset", {"dialect": "chamelio", "tenant": "not an org"}).status == 400
    chamelio.post("/_polytask/reset", {"dialect": "chamelio"})
    assert chamelio.get("/_polytask/export?dialect=chamelio").json == {"chamelio": {}}
    assert chamelio.get(f"/tasks/{c}", key=OTHER_KEY).status == 404
    # Built-in workflows are part of the binary, not of the state.
    assert chamelio.get("/workflows/vendor_contract_review/latest/schema").status == 200
