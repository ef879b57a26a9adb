"""--db-savepoint-spill: every queued write runs in its own SAVEPOINT, and SQLite copies each
page it changes into a savepoint journal first. polytask keeps that journal in memory up to the
flag's size (4 MiB by default) instead of SQLite's 64 KiB, so a write does not go through a
temporary file. The flag is process-wide and only applies before SQLite initialises: this pins
that main.swift sets it in time and that it does what it says.

How: SQLite's temporary files go to $SQLITE_TMPDIR, here a tmpfs filled to the last byte in the
server's own mount namespace (as the disk-full outage does). A journal that stays in memory never
needs it: creates, and rewrites of a 300 KB description, succeed. At SQLite's own 64 KiB, the
rewrite's journal spills to a temporary file there and fails with SQLITE_FULL: a 503 in Quant's
shape, and the task is as it was."""
from outage_conditions import require

import quant_support


def launcher(mnt):
    # Mount a 1 MiB tmpfs and fill it before polytask starts; only the server sees it.
    script = (f'mount -t tmpfs -o size=1m polytask-test "{mnt}" && '
              f'(dd if=/dev/zero of="{mnt}/filler" bs=4k 2>/dev/null; true) && exec "$@"')
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"]


def create(s, n):
    return quant_support.call(s, "POST", quant_support.tasks_path(), {"title": f"task {n}", "taskListId": "l"})


def rewrite(s, task_id, letter):
    """Replaces a 300 KB description: the new overflow pages reuse the pages the old ones
    freed, which existed before the savepoint, so all of them (about 300 KB) are journaled."""
    return quant_support.call(s, "PUT", quant_support.tasks_path() + "/" + task_id, {"description": letter * 300_000})


def start_with_full_temp_dir(start_server, tmp_path, *args):
    require("unshare", "util-linux")
    mnt = tmp_path / "tmp"
    mnt.mkdir()
    return start_server(*args, env={"SQLITE_TMPDIR": str(mnt)}, launcher=launcher(mnt))


def test_savepoint_journal_stays_in_memory_by_default(start_server, tmp_path):
    s = start_with_full_temp_dir(start_server, tmp_path)
    # The first creates grow the file; the later ones change pages that existed before their
    # savepoint, which is what the journal records.
    for n in range(40):
        r = create(s, n)
        assert r.status == 201, f"create {n} with the temp dir full: {r}"
    big = quant_support.create(s, {"title": "big", "description": "a" * 300_000})
    for letter in "bcd":
        r = rewrite(s, big, letter)
        assert r.status == 200, f"a 300 KB journal is within the default 4 MiB: {r}"
    assert s.proc.poll() is None


def test_a_journal_past_the_spill_size_goes_to_a_temp_file(start_server, tmp_path):
    # 64 KiB is SQLite's own default: what polytask would do without the setting.
    s = start_with_full_temp_dir(start_server, tmp_path, "--db-savepoint-spill", "64KiB")
    big = quant_support.create(s, {"title": "big", "description": "a" * 300_000})
    r = rewrite(s, big, "b")
    assert r.status == 503 and r.json["error"] == "Service unavailable", r
    # Small writes keep their journal in memory, and the failed one changed nothing.
    assert create(s, 1).status == 201
    got = quant_support.call(s, "GET", quant_support.tasks_path() + "/" + big)
    assert got.status == 200 and got.json["description"] == "a" * 300_000
    assert s.proc.poll() is None
