"""Black-box: seed, export and reset through the control plane, on every dialect that has
state: a round trip loses nothing, and a scoped reset leaves the other tenants alone."""
import json

from control_support import call, quant

WS = "00000000-0000-0000-0000-000000000001"
WS2 = "00000000-0000-0000-0000-000000000002"
AMIGO_H = {"Authorization": "Bearer k"}


def populate(s):
    a = quant(s, "POST", body={"title": "fetch", "taskListId": "etl", "metadata": {"n": 1.5e-7}}).json["taskId"]
    b = quant(s, "POST", body={"title": "load", "taskListId": "etl", "dependsOn": [a]}).json["taskId"]
    quant(s, "PUT", suffix="/" + a, body={"status": "completed", "result": {"rows": 3}})
    quant(s, "POST", org="globex", body={"title": "other org"})
    assert call(s, "POST", "/_polytask/quant/acme/tokens", {"token": "acme-tok"}).status == 201
    call(s, "POST", f"/_polytask/amigo/{WS}/tasks", {"task_id": "t1", "call_sid": "CA1", "skill": "intake",
                                                       "simulate": {"outcome": "failed", "error": "boom"}})
    call(s, "POST", f"/_polytask/amigo/{WS2}/tasks", {"task_id": "t2", "call_sid": "CA2", "skill": "s"})
    call(s, "PUT", "/_polytask/lifecycle", {"dialect": "amigo", "tenant": WS, "mode": "polls:2"})
    call(s, "PUT", "/_polytask/lifecycle", {"dialect": "amigo", "mode": "immediate"})
    return a, b


def vendor_views(s, a, b):
    return {
        "quant_list": quant(s, "GET").json,
        "quant_a": quant(s, "GET", suffix="/" + a).json,
        "quant_graph": quant(s, "GET", suffix="/etl/dependency-graph").json,
        "quant_globex": quant(s, "GET", org="globex").json,
        "lifecycle": call(s, "GET", f"/_polytask/lifecycle?dialect=amigo&tenant={WS}").json,
    }


def test_export_seed_round_trip_loses_nothing(start_server):
    s1 = start_server("--clock", "frozen:1767225600000")
    a, b = populate(s1)
    doc = call(s1, "GET", "/_polytask/export").json
    assert set(doc) == {"quant", "amigo"} | set(doc)  # every dialect with state is there
    assert "acme-tok" not in json.dumps(doc)           # credentials travel as hashes only
    before = vendor_views(s1, a, b)
    amigo_before = call(s1, "GET", f"/v1/{WS}/tasks/t1", headers=AMIGO_H).json

    s2 = start_server("--clock", "frozen:1767225600000")
    r = call(s2, "POST", "/_polytask/seed", doc)
    assert r.status == 200, r
    assert call(s2, "GET", "/_polytask/export").json == doc
    assert vendor_views(s2, a, b) == before
    # The strict-mode token still works after the round trip (registered by its hash).
    assert quant(s2, "GET", headers={"Authorization": "Bearer acme-tok"}).status == 200
    # The Amigo task goes on where it stood: first poll of two, then its simulated failure.
    assert call(s2, "GET", f"/v1/{WS}/tasks/t1", headers=AMIGO_H).json == amigo_before
    done = call(s2, "GET", f"/v1/{WS}/tasks/t1", headers=AMIGO_H).json
    assert done["status"] == "failed" and done["error"] == "boom"


def test_export_of_one_dialect_and_tenant(start_server):
    s = start_server()
    populate(s)
    only = call(s, "GET", "/_polytask/export?dialect=quant&tenant=globex").json
    assert list(only) == ["quant"] and list(only["quant"]) == ["globex"]
    assert [t["title"] for t in only["quant"]["globex"]["tasks"]] == ["other org"]
    assert call(s, "GET", "/_polytask/export?dialect=nope").status == 404
    bad = call(s, "GET", "/_polytask/export?dialect=amigo&tenant=not-a-uuid")
    assert bad.status == 400 and "not a workspace UUID" in bad.json["message"]


def test_scoped_reset_leaves_other_tenants_alone(start_server):
    s = start_server()
    a, _ = populate(s)
    r = call(s, "POST", "/_polytask/reset", {"dialect": "quant", "tenant": "acme"})
    assert r.status == 200 and r.json == {"reset": {"dialects": ["quant"], "tenant": "acme", "scope": "all"}}
    assert quant(s, "GET").json["count"] == 0
    assert quant(s, "GET", org="globex").json["count"] == 1
    assert call(s, "GET", f"/v1/{WS}/tasks/t1", headers=AMIGO_H).status == 200
    assert call(s, "GET", "/_polytask/quant/acme/tokens").json["tokens"] == []
    # Amigo: one workspace, with the data scope (its lifecycle mode stays).
    call(s, "POST", "/_polytask/reset", {"dialect": "amigo", "tenant": WS, "scope": "data"})
    assert call(s, "GET", f"/v1/{WS}/tasks/t1", headers=AMIGO_H).status == 404
    assert call(s, "GET", f"/v1/{WS2}/tasks/t2", headers=AMIGO_H).status == 200
    assert call(s, "GET", f"/_polytask/lifecycle?dialect=amigo&tenant={WS}").json["amigo"]["own"] == {"mode": "polls", "polls": 2}
    assert call(s, "POST", "/_polytask/reset", {"tenant": "acme"}).status == 400
    assert call(s, "POST", "/_polytask/reset", {"dialect": "quant", "scope": "some"}).status == 400
    # Everything.
    assert call(s, "POST", "/_polytask/reset", {}).status == 200
    assert quant(s, "GET", org="globex").json["count"] == 0
    assert call(s, "GET", f"/v1/{WS2}/tasks/t2", headers=AMIGO_H).status == 404
    export = call(s, "GET", "/_polytask/export").json
    assert {"quant", "amigo"} <= set(export) and all(part == {} for part in export.values())


def test_seed_rejects_unknown_parts_and_names_the_bad_one(server):
    r = call(server, "POST", "/_polytask/seed", {"nope": {}})
    assert r.status == 400 and r.json["error"] == "unknown_dialect"
    r = call(server, "POST", "/_polytask/seed", {"quant": {"acme": [{"title": 5}]}})
    assert r.status == 400 and r.json["message"].startswith("quant: ")
    assert quant(server, "GET").json["count"] == 0


def test_round_trip_of_all_four_dialects_at_once(start_server):
    """Every dialect populated in one server; the whole export, seeded into a fresh one, exports
    the same and every vendor view answers the same (each dialect's own populate and views)."""
    import os
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    for d in ("agent_task", "chamelio"):
        sys.path.insert(0, os.path.join(here, "..", d))
    import test_agent_task_state as agent
    import test_chamelio_state as cham
    from chamelio_support import Api

    s1 = start_server("--clock", "frozen:1767225600000")
    a, b = populate(s1)
    agent_ids = agent.populate(s1)
    cham_ids = cham.populate(Api(s1))
    doc = call(s1, "GET", "/_polytask/export").json
    assert set(doc) == {"quant", "amigo", "agentTask", "chamelio"} and all(doc.values())
    before = (vendor_views(s1, a, b), agent.views(s1, *agent_ids), cham.views(Api(s1), *cham_ids))

    s2 = start_server("--clock", "frozen:1767225600000")
    r = call(s2, "POST", "/_polytask/seed", doc)
    assert r.status == 200 and sorted(r.json["loaded"]) == ["agentTask", "amigo", "chamelio", "quant"]
    assert call(s2, "GET", "/_polytask/export").json == doc
    assert (vendor_views(s2, a, b), agent.views(s2, *agent_ids), cham.views(Api(s2), *cham_ids)) == before
