"""Black-box: Quant behaves like the vendor's JavaScript backend at the edges (issue 14).

Numbers are written as Node 20's JSON.stringify writes what JSON.parse read (the expected
texts below were printed by node v20.20.2), a non-UUID ?dependsOn= is an ordinary filter,
expired dependencies do not block an update that keeps them, blank values have one meaning,
and ties in createdAt come back in insertion order, every time.
"""
import http.client
import time

import pytest

from quant_support import AUTH, call, create, tasks_path

# node -e 'console.log(JSON.stringify(JSON.parse(process.argv[1])))' '<BODY>'
NUMBERS_SENT = ('{"a":1e-7,"b":-0,"c":-0.0,"d":12345678901234567890,"e":9007199254740993,"f":1e21,'
                '"g":1e400,"h":0.1,"i":5.0,"j":1.5e300,"k":123456789012345680000,"l":1E2,"m":2.5e-5,"n":[1e-7,{"o":1e-7}]}')
NUMBERS_NODE = ('{"a":1e-7,"b":0,"c":0,"d":12345678901234567000,"e":9007199254740992,"f":1e+21,'
                '"g":null,"h":0.1,"i":5,"j":1.5e+300,"k":123456789012345680000,"l":100,"m":0.000025,"n":[1e-7,{"o":1e-7}]}')


def raw_member(body, key):
    """The exact text of `"key":<object>` in a response body (an object value)."""
    text = body.decode()
    start = text.index(f'"{key}":') + len(key) + 3
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "[": 1, "}": -1, "]": -1}.get(text[i], 0)
        if depth == 0:
            return text[start:i + 1]
    raise AssertionError(f"{key} not closed in {text}")


def test_user_numbers_are_stored_and_echoed_as_node_writes_them(server):
    body = '{"title":"numbers","metadata":' + NUMBERS_SENT + '}'
    tid = create(server, body)
    got = call(server, "GET", f"{tasks_path()}/{tid}")
    assert raw_member(got.body, "metadata") == NUMBERS_NODE
    # result (set by an update) and progress follow the same rule.
    r = call(server, "PUT", f"{tasks_path()}/{tid}", '{"result":' + NUMBERS_SENT + ',"progress":1e-7}')
    assert r.status == 200, r
    got = call(server, "GET", f"{tasks_path()}/{tid}")
    assert raw_member(got.body, "result") == NUMBERS_NODE
    assert b'"progress":1e-7' in got.body
    listed = call(server, "GET", tasks_path())
    assert b'"progress":1e-7' in listed.body
    # A field error names the value as JavaScript prints it.
    bad = call(server, "PUT", f"{tasks_path()}/{tid}", '{"progress":1e-7, "maxRetries":1e21}')
    assert bad.status == 400 and bad.json["message"].endswith("got 1e+21")


def test_body_bytes_that_are_not_utf8_are_replaced_as_node_does(server):
    tid = create(server, b'{"title":"caf\xe9"}')
    assert call(server, "GET", f"{tasks_path()}/{tid}").json["title"] == "caf\ufffd"


@pytest.mark.parametrize("value", ["task-123", "null", "x", "123", "00000000-0000-0000-0000-000000000000"])
def test_non_uuid_depends_on_finds_nothing(server, value):
    create(server, {"title": "t"})
    r = call(server, "GET", f"{tasks_path()}?dependsOn={value}")
    assert r.status == 200, r
    assert r.json == {"taskIds": [], "count": 0, "dependsOn": value}
    r = call(server, "GET", f"{tasks_path()}?dependsOn={value}&includeDetails=true")
    assert r.json == {"taskIds": [], "tasks": [], "count": 0, "dependsOn": value}


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=abc", "status=done", "includeDetails=maybe&dependsOn=x"])
def test_values_no_client_could_mean_stay_400(server, query):
    r = call(server, "GET", f"{tasks_path()}?{query}")
    assert r.status == 400 and r.json["error"] == "Invalid request", r


def test_expired_dependency_does_not_block_an_update_that_keeps_it(start_server):
    s = start_server("--quant-completed-ttl", "1s")
    a = create(s, {"title": "a", "taskListId": "L"})
    b = create(s, {"title": "b", "taskListId": "L", "dependsOn": [a]})
    assert call(s, "PUT", f"{tasks_path()}/{a}", {"status": "completed"}).status == 200
    time.sleep(1.3)
    assert call(s, "GET", f"{tasks_path()}/{a}").status == 404
    # The dependent keeps the id, as a stored item would.
    assert call(s, "GET", f"{tasks_path()}/{b}").json["dependsOn"] == [a]
    # Sending dependsOn back unchanged with a status change succeeds...
    r = call(s, "PUT", f"{tasks_path()}/{b}", {"dependsOn": [a], "status": "in_progress"})
    assert r.status == 200, r
    assert r.json["status"] == "in_progress"
    # ...and only ids the update adds are checked.
    c = create(s, {"title": "c", "taskListId": "L"})
    assert call(s, "PUT", f"{tasks_path()}/{b}", {"dependsOn": [a, c]}).status == 200
    bad = call(s, "PUT", f"{tasks_path()}/{b}", {"dependsOn": [a, c, "no-such-task"]})
    assert bad.status == 400 and bad.json["field"] == "dependsOn" and "no-such-task" in bad.json["message"]
    # A new task may not name the expired id: it is not a live task.
    assert call(s, "POST", tasks_path(), {"title": "d", "dependsOn": [a]}).status == 400
    # The reverse lookup still reads the dependents' dependsOn: the expired id finds b.
    assert call(s, "GET", f"{tasks_path()}?dependsOn={a}").json == {"taskIds": [b], "count": 1, "dependsOn": a}
    # In the graph the expired task is no node; b's only other dependency is c, in the list.
    g = call(s, "GET", f"{tasks_path()}/L/dependency-graph").json
    assert set(g["graph"]) == {b, c}
    assert g["graph"][b]["dependsOn"] == [a, c]
    assert g["roots"] == [c] and g["leaves"] == [b]


def test_blank_values_have_one_meaning(server):
    for title in ["", "   ", "\t\n"]:
        r = call(server, "POST", tasks_path(), {"title": title})
        assert r.status == 400 and r.json["field"] == "title", r
    # A blank taskListId / assignedAgentId means none: left out, like a task created without one.
    t = create(server, {"title": "t", "taskListId": "", "assignedAgentId": "  "})
    got = call(server, "GET", f"{tasks_path()}/{t}").json
    assert "taskListId" not in got and "assignedAgentId" not in got
    u = create(server, {"title": "u", "taskListId": "L1", "assignedAgentId": "agent"})
    assert call(server, "PUT", f"{tasks_path()}/{u}", {"taskListId": " ", "assignedAgentId": ""}).status == 200
    got = call(server, "GET", f"{tasks_path()}/{u}").json
    assert "taskListId" not in got and "assignedAgentId" not in got
    assert call(server, "PUT", f"{tasks_path()}/{u}", {"title": "  "}).status == 400
    # A blank filter counts as not given: every task.
    for q in ["taskListId=", "taskListId=%20", "assignedAgentId=", "status=", "dependsOn="]:
        assert call(server, "GET", f"{tasks_path()}?{q}").json["count"] == 2, q
    # And every stored task can be selected by the list it has.
    lists = ["a", " b", "c ", "d e", "é"]
    ids = {name: create(server, {"title": "x", "taskListId": name}) for name in lists}
    from urllib.parse import quote
    for name, tid in ids.items():
        r = call(server, "GET", f"{tasks_path()}?taskListId={quote(name)}")
        assert [x["taskId"] for x in r.json["tasks"]] == [tid], name


# --- deterministic order: createdAt ties broken by insertion order (the store's seq) ---

class Conn:
    """One keep-alive connection: requests as fast as the server answers them."""

    def __init__(self, server):
        self.c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)

    def send(self, method, path, body=None):
        h = dict(AUTH)
        if body is not None:
            h["Content-Type"] = "application/json"
        self.c.request(method, path, body=body, headers=h)
        r = self.c.getresponse()
        return r.status, r.read()


@pytest.mark.parametrize("clock", ["system", "frozen"])
def test_two_hundred_fast_creates_read_back_newest_first_every_time(start_server, clock):
    import json
    s = start_server("--clock", clock)
    conn = Conn(s)
    created = []
    for i in range(200):
        status, body = conn.send("POST", tasks_path(), json.dumps({"title": f"t{i}", "taskListId": "even" if i % 2 == 0 else "odd"}))
        assert status == 201
        created.append(json.loads(body)["taskId"])
    newest_first = list(reversed(created))
    for _ in range(5):
        _, body = conn.send("GET", tasks_path() + "?limit=100")
        assert [t["taskId"] for t in json.loads(body)["tasks"]] == newest_first[:100]
        for name, part in (("even", created[0::2]), ("odd", created[1::2])):
            _, body = conn.send("GET", f"{tasks_path()}?taskListId={name}&limit=100")
            assert [t["taskId"] for t in json.loads(body)["tasks"]] == list(reversed(part))


def test_dependents_in_the_409_and_the_graph_are_newest_first(start_server):
    import json
    s = start_server("--clock", "frozen")
    conn = Conn(s)

    def new(body):
        status, b = conn.send("POST", tasks_path(), json.dumps(body))
        assert status == 201, b
        return json.loads(b)["taskId"]

    root = new({"title": "root", "taskListId": "G"})
    deps = [new({"title": f"d{i}", "taskListId": "G", "dependsOn": [root]}) for i in range(40)]
    for _ in range(3):
        status, b = conn.send("DELETE", f"{tasks_path()}/{root}")
        assert status == 409
        assert json.loads(b)["dependentTaskIds"] == list(reversed(deps))
        _, b = conn.send("GET", f"{tasks_path()}?dependsOn={root}")
        assert json.loads(b)["taskIds"] == list(reversed(deps))
        _, b = conn.send("GET", f"{tasks_path()}/G/dependency-graph")
        g = json.loads(b)
        assert g["roots"] == [root]
        assert g["leaves"] == list(reversed(deps))
        assert g["graph"][root]["dependents"] == list(reversed(deps))
    # More roots created in the same (frozen) millisecond: newest first too.
    more = [new({"title": f"r{i}", "taskListId": "G"}) for i in range(10)]
    _, b = conn.send("GET", f"{tasks_path()}/G/dependency-graph")
    assert json.loads(b)["roots"] == list(reversed(more)) + [root]


def test_nesting_up_to_a_thousand_levels_round_trips(server):
    # 1 (body) + 1 (metadata) + 998 arrays = 1,000 levels: stored, read back, updated.
    deep = "[" * 998 + "1" + "]" * 998
    tid = create(server, '{"title":"deep","metadata":{"d":' + deep + '}}')
    got = call(server, "GET", f"{tasks_path()}/{tid}")
    assert raw_member(got.body, "metadata") == '{"d":' + deep + '}'
    assert call(server, "PUT", f"{tasks_path()}/{tid}", {"status": "in_progress"}).status == 200
    # One level more is refused (polytask's limit; Node's JSON.stringify gives up near 4,170).
    r = call(server, "POST", tasks_path(), '{"title":"deeper","metadata":{"d":[' + deep + ']}}')
    assert r.status == 400 and r.json["error"] == "Invalid JSON", r
