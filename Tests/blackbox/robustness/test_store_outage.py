"""Black-box: a store that cannot write (a full disk, an immutable database file, a file-size
limit) while polytask runs. Every dialect's write and the control plane's seed answer 503 in
that vendor's error shape; reads of what is there still answer 200; the log has one line that
names the cause, however many writes fail; the process stays up; and once the condition is
removed, writes land again (and the log says so, once)."""
import json
import time

import pytest

from blackbox_http import send
from dialect_writes import WRITERS
from outage_conditions import CONDITIONS

# Writes tried per dialect before it must have answered 503: on a full disk the WAL may still
# hold room for a few small commits after the first failure (SQLite reuses the space of the
# frames it rolled back), so a dialect may succeed a few times before it hits the wall.
MAX_TRIES = 400


def log_messages(server, prefix, settle=1.0):
    """The log lines whose msg starts with `prefix` (waiting up to `settle` s for the first)."""
    deadline = time.time() + settle
    while True:
        found = []
        for line in list(server.lines):
            try:
                msg = json.loads(line).get("msg", "")
            except ValueError:
                continue
            if msg.startswith(prefix):
                found.append(msg)
        if found or time.time() > deadline:
            return found
        time.sleep(0.05)


def write_until_unavailable(w):
    """Writes until the dialect answers 503; every answer before must be a success."""
    for _ in range(MAX_TRIES):
        r = w.write()
        if r.status == 503:
            assert w.is_unavailable(r), f"{w.name}: a 503 not in the vendor's shape: {r}"
            return r
        assert 200 <= r.status < 300, f"{w.name}: neither a success nor a 503: {r}"
    raise AssertionError(f"{w.name}: still writing after {MAX_TRIES} tries while the store cannot write")


@pytest.mark.parametrize("condition", CONDITIONS, ids=[c.name for c in CONDITIONS])
def test_writes_503_reads_200_one_log_line_and_recovery(start_server, tmp_path, condition):
    cond = condition(tmp_path)
    s = start_server("--db", cond.db, launcher=cond.launcher())
    writers = [W(s) for W in WRITERS]
    for w in writers:
        w.setup()
        assert w.read().status == 200
    try:
        cond.apply(s)
        # A large write first, so that little room is left for the small ones after it.
        big = send(s, "POST", "/api/v3/organizations/acme/ai/tasks", {"title": "big", "description": "x" * 2_000_000},
                   {"Authorization": "Bearer t"})
        assert big.status in (201, 503), big
        for w in writers:
            write_until_unavailable(w)
            # Not a one-off: the next write fails the same way.
            r = w.write()
            assert w.is_unavailable(r), f"{w.name}: {r}"
        for w in writers:
            r = w.read()
            assert r.status == 200, f"{w.name}: a read while the store cannot write: {r}"
        assert send(s, "GET", "/_polytask/health").status == 200
        assert s.proc.poll() is None, "polytask exited while the store could not write"

        lines = log_messages(s, "store cannot write")
        assert len(lines) == 1, f"expected one line naming the cause, got {lines}"
        assert cond.cause in lines[0], lines[0]
        assert len(log_messages(s, "webhook outbox unavailable", settle=0)) <= 1

        cond.undo(s)
        for w in writers:
            r = w.write()
            assert 200 <= r.status < 300, f"{w.name}: a write after the store was repaired: {r}"
            assert w.read().status == 200
        assert log_messages(s, "store can write again") == ["store can write again"]
        assert len(log_messages(s, "store cannot write", settle=0)) == 1
        assert s.proc.poll() is None
    finally:
        cond.cleanup(s)
