"""Black-box: kill -9 under write load, then a restart on the same database file, for every
dialect that writes. Client threads create and update as fast as they can for a couple of
seconds (Quant tasks; Amigo keys, rotations and tasks; agent-task agents, agent updates and
workflow runs with a callback; Chamelio initiations and approvals), recording each write the
server answered 2xx. Then SIGKILL, with webhooks still pending (the receiver answers 503 during
the load). After the restart: every acknowledged write is there, `PRAGMA integrity_check` is ok
(on a copy of the files as the kill left them, and on the file after a clean stop), and the
pending webhooks are delivered once the receiver accepts them."""
import http.client
import os
import shutil
import signal
import sqlite3
import threading
import time

import pytest

import agent_task_support as nla
import amigo_support
import chamelio_support
import quant_support
from blackbox_http import send
from webhook_receiver import Receiver

LOAD_SECONDS = 2.0
THREADS = 4
# Per thread: stop early past this many writes (a bound on the load, whatever the speed).
MAX_WRITES = 2000


def integrity(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


def snapshot(db, into):
    """The database and its WAL as the kill left them (sqlite3 opens the copy, not the file
    polytask restarts on, so the check changes nothing the restart sees)."""
    os.makedirs(into)
    for suffix in ("", "-wal"):
        if os.path.exists(db + suffix):
            shutil.copy(db + suffix, os.path.join(into, "copy.db" + suffix))
    return os.path.join(into, "copy.db")


class Load:
    """Runs `step(thread_state)` on THREADS threads until stopped; each thread keeps its own
    state (what it created and what was answered), so the checks need no locks."""

    def __init__(self, make_state, step):
        self.stop = threading.Event()
        self.states = [make_state(i) for i in range(THREADS)]
        self.errors = []
        self.step = step

    def _run(self, st):
        n = 0
        while not self.stop.is_set() and n < MAX_WRITES:
            n += 1
            try:
                self.step(st, n)
            except (OSError, http.client.HTTPException):
                # The kill: a request in flight is neither answered nor counted.
                if not self.stop.is_set():
                    time.sleep(0.01)
            except AssertionError as e:
                self.errors.append(e)
                return

    def run_then_kill(self, server):
        threads = [threading.Thread(target=self._run, args=(st,), daemon=True) for st in self.states]
        for t in threads:
            t.start()
        time.sleep(LOAD_SECONDS)
        server.stop(signal.SIGKILL)
        self.stop.set()
        for t in threads:
            t.join(timeout=30)
        assert not self.errors, self.errors[:3]
        assert server.proc.returncode == -signal.SIGKILL


# --- per dialect: the load, and the checks after the restart -----------------------------

def quant_load(server):
    def make(i):
        return {"i": i, "acked": {}, "pending": {}}

    def step(st, n):
        # Two creates, then an update of the thread's last task: its title says which write.
        if n % 3 or not st["acked"]:
            title = f"t{st['i']}-{n}"
            r = quant_support.call(server, "POST", quant_support.tasks_path(), {"title": title})
            assert r.status == 201, r
            st["acked"][r.json["taskId"]] = title
        else:
            tid = next(reversed(st["acked"]))
            title = f"u{st['i']}-{n}"
            st["pending"][tid] = title
            r = quant_support.call(server, "PUT", quant_support.tasks_path() + "/" + tid, {"title": title})
            assert r.status == 200, r
            st["acked"][tid] = st["pending"].pop(tid)
    return make, step


def quant_check(server, load):
    n = 0
    for st in load.states:
        for tid, title in st["acked"].items():
            r = quant_support.call(server, "GET", quant_support.tasks_path() + "/" + tid)
            assert r.status == 200, (tid, r)
            # The last answered update, or one sent after it that the kill left unanswered.
            assert r.json["title"] in (title, st["pending"].get(tid)), (tid, title, r.json["title"])
            n += 1
    return n


def amigo_load(server):
    api = amigo_support.Api(server, token=amigo_support.BOOTSTRAP, admin=amigo_support.ADMIN)

    def make(i):
        return {"i": i, "tasks": [], "keys": {}, "pending": set()}

    def step(st, n):
        kind = n % 3
        if kind == 0:
            tid = f"task-{st['i']}-{n}"
            r = api.request("POST", f"/_polytask/amigo/{amigo_support.WS}/tasks",
                            {"task_id": tid, "call_sid": f"CA{st['i']}", "skill": "load"}, token=None)
            assert r.status == 201, r
            st["tasks"].append(tid)
        elif kind == 1 or not st["keys"]:
            r = api.post(f"/v1/{amigo_support.WS}/api-keys",
                         {"duration_days": 1, "name": f"k{st['i']}-{n}", "role": "admin", "permissions": ["Task.view"]})
            assert r.status == 201, r
            st["keys"][r.json["key_id"]] = r.json["api_key"]
        else:
            kid = next(reversed(st["keys"]))
            st["pending"].add(kid)
            r = api.post(f"/v1/{amigo_support.WS}/api-keys/{kid}/rotate", {"duration_days": 2})
            assert r.status == 200, r
            st["keys"][kid] = r.json["api_key"]
            st["pending"].discard(kid)
    return make, step


def amigo_check(server, load):
    api = amigo_support.Api(server, token=amigo_support.BOOTSTRAP, admin=amigo_support.ADMIN)
    n = 0
    for st in load.states:
        for tid in st["tasks"]:
            r = api.get(f"/v1/{amigo_support.WS}/tasks/{tid}")
            assert r.status == 200, (tid, r)
            n += 1
        probe = st["tasks"][0] if st["tasks"] else "none"
        for kid, secret in st["keys"].items():
            # The key answered last authenticates, unless a rotation sent after it was cut off
            # by the kill (and may have landed).
            r = api.get(f"/v1/{amigo_support.WS}/tasks/{probe}", token=secret)
            assert r.status != 401 or kid in st["pending"], (kid, r)
            n += 1
    return n


def agent_task_load(server, receiver):
    def make(i):
        key = f"load-key-{i}"
        return {"i": i, "key": key, "agents": {}, "runs": [], "pending": {}}

    def step(st, n):
        kind = n % 3
        if kind == 1 or not st["agents"]:
            name = f"a{st['i']}-{n}"
            r = nla.call(server, "POST", "/api/v1/agent", {**nla.STORY_AGENT, "name": name}, key=st["key"])
            assert r.status == 201, r
            st["agents"][r.json["id"]] = name
        elif kind == 2:
            aid = next(reversed(st["agents"]))
            name = f"u{st['i']}-{n}"
            st["pending"][aid] = name
            r = nla.call(server, "POST", f"/api/v1/agent/{aid}", {**nla.STORY_AGENT, "name": name}, key=st["key"])
            assert r.status == 200, r
            st["agents"][aid] = st["pending"].pop(aid)
        else:
            aid = next(reversed(st["agents"]))
            r = nla.run(server, aid, st["key"], callback=receiver.url + f"/cb/{st['i']}")
            assert r.status == 201, r
            st["runs"].append(r.json["id"])
    return make, step


def agent_task_check(server, load, receiver):
    n = 0
    for st in load.states:
        for aid, name in st["agents"].items():
            r = nla.call(server, "GET", f"/api/v1/agent/{aid}", key=st["key"])
            assert r.status == 200, (aid, r)
            assert r.json["name"] in (name, st["pending"].get(aid)), (aid, name, r.json["name"])
            n += 1
        for tid in st["runs"]:
            r = nla.task(server, tid, st["key"])
            assert r.status == 200, (tid, r)
            n += 1
    # Every acknowledged run's callback arrives (a run ends at once: its callback was in the
    # outbox with the run's answer).
    want = {tid for st in load.states for tid in st["runs"]}
    delivered_eventually(receiver, lambda r: r["path"].split("taskId=")[-1], want)
    return n


def chamelio_load(server, receiver):
    api = chamelio_support.Api(server)
    org = api.organization()
    api.webhook(receiver.url, org, secret="load-secret", events=["flows.tasks.created"])

    def make(i):
        return {"i": i, "tasks": [], "approved": set(), "pending": set()}

    def step(st, n):
        if n % 2 or len(st["approved"]) == len(st["tasks"]):
            r = api.post("/workflows/vendor_contract_review/latest/initiate", chamelio_support.CONTRACT)
            assert r.status == 200, r
            st["tasks"].append(r.json["task_id"])
        else:
            tid = next(t for t in reversed(st["tasks"]) if t not in st["approved"])
            st["pending"].add(tid)
            r = api.post(f"/tasks/{tid}/approve", {"approved": True, "user_email": "legal@example.com"})
            assert r.status == 200, r
            st["approved"].add(tid)
            st["pending"].discard(tid)
    return make, step


def chamelio_check(server, load, receiver):
    api = chamelio_support.Api(server)
    n = 0
    for st in load.states:
        for tid in st["tasks"]:
            step = api.task(tid)["current_step_id"]
            # An answered approval moved the task on to its signature; one the kill cut off may
            # or may not have; a task nobody approved waits at the approval.
            if tid in st["approved"]:
                assert step == "signature_step", (tid, step)
            elif tid not in st["pending"]:
                assert step == "approval_step", (tid, step)
            n += 1
    want = {tid for st in load.states for tid in st["tasks"]}
    delivered_eventually(receiver, lambda r: r["json"]["data"]["task_id"], want)
    return n


def delivered_eventually(receiver, task_of, want, timeout=30):
    deadline = time.time() + timeout
    got = set()
    while time.time() < deadline:
        with receiver.lock:
            got = {task_of(r) for r in receiver.requests if r["status"] == 200}
        if {str(t) for t in want} <= {str(t) for t in got}:
            return
        time.sleep(0.1)
    missing = {str(t) for t in want} - {str(t) for t in got}
    raise AssertionError(f"{len(missing)} of {len(want)} webhooks never delivered after the restart, e.g. {sorted(missing)[:5]}")


# --- the test ---------------------------------------------------------------------------

DIALECTS = ["quant", "amigo", "agentTask", "chamelio"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_kill_9_under_write_load_then_restart(start_server, tmp_path, dialect):
    db = str(tmp_path / "load.db")
    args = ["--db", db]
    receiver = None
    if dialect == "amigo":
        args += ["--auth", "strict", "--amigo-bootstrap-key", amigo_support.BOOTSTRAP, "--admin-token", amigo_support.ADMIN]
    if dialect in ("agentTask", "chamelio"):
        # 503 while loading: every delivery stays pending (its retry due later on the store
        # clock) until after the restart.
        receiver = Receiver() if dialect == "agentTask" else chamelio_support.Receiver("load-secret")
        receiver.default_status = 503
    try:
        s1 = start_server(*args)
        if dialect == "quant":
            make, step = quant_load(s1)
        elif dialect == "amigo":
            make, step = amigo_load(s1)
        elif dialect == "agentTask":
            make, step = agent_task_load(s1, receiver)
        else:
            make, step = chamelio_load(s1, receiver)
        load = Load(make, step)
        load.run_then_kill(s1)

        crashed = integrity(snapshot(db, str(tmp_path / "as-killed")))
        assert crashed == [("ok",)], crashed

        s2 = start_server(*args)
        if receiver is not None:
            pending = send(s2, "GET", f"/_polytask/webhooks?dialect={dialect}&status=pending").json["count"]
            assert pending > 0, "no webhook was pending at the kill: the restart has nothing to deliver"
            receiver.default_status = 200
            # Past every retry delay of the first failure (10 s agent-task, 1 min Chamelio).
            assert send(s2, "POST", "/_polytask/clock", {"advanceMs": 3_600_000},
                        {"Authorization": f"Bearer {amigo_support.ADMIN}"}).status == 200
        if dialect == "quant":
            n = quant_check(s2, load)
        elif dialect == "amigo":
            n = amigo_check(s2, load)
        elif dialect == "agentTask":
            n = agent_task_check(s2, load, receiver)
        else:
            n = chamelio_check(s2, load, receiver)
        assert n >= THREADS, f"only {n} writes were answered before the kill"
        print(f"{dialect}: {n} acknowledged writes found after kill -9 and restart")
        assert s2.stop() == 0
        assert integrity(db) == [("ok",)]
    finally:
        if receiver is not None:
            receiver.close()
