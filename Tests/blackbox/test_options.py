"""The option parser of the real binary: every option is a flag and POLYTASK_<NAME>, listed in
--help; bad values exit 2 with a message; a flag wins over its environment variable."""
import os
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("POLYTASK_BIN", os.path.join(ROOT, ".build", "debug", "polytask"))


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=e, timeout=20)


def test_help_lists_every_limit_and_timeout_with_its_env_var_and_default():
    out = run("--help").stdout
    for name in ["max-request-line", "max-header-line", "max-header-bytes", "max-header-count", "max-body-size",
                 "max-connections", "header-timeout", "body-idle-timeout", "keep-alive-timeout", "write-timeout",
                 "shutdown-timeout", "db", "auth", "seed", "quant-completed-ttl", "amigo-task-ttl", "io",
                 "body-timeout", "admin-reserve-connections", "max-unsent-bytes", "max-connection-unsent-bytes",
                 "malloc-arenas"]:
        assert f"--{name} " in out, name
        assert "env POLYTASK_" + name.upper().replace("-", "_") in out, name
    assert "default 4MiB" in out and "default 10s" in out
    assert "default 60s" in out and "default 256MiB" in out and "default 256KiB" in out
    assert "epoll or dispatch" in out and "env POLYTASK_IO, default epoll" in out


def test_bad_values_exit_2_with_a_message():
    for args in (["--nope"], ["--port"], ["--max-body-size", "lots"], ["--header-timeout", "-1s"],
                 ["--auth", "maybe"], ["--db-exclusive-lock", "perhaps"], ["--amigo-lifecycle", "sometimes"],
                 ["--io", "kqueue"], ["--body-timeout", "soon"], ["--max-unsent-bytes", "much"]):
        r = run(*args)
        assert r.returncode == 2, (args, r)
        assert r.stderr.startswith("polytask: "), (args, r.stderr)
    r = run(env={"POLYTASK_MAX_BODY_SIZE": "lots"})
    assert r.returncode == 2 and "max-body-size" in r.stderr


def test_env_var_applies_and_a_flag_beats_it(start_server):
    # POLYTASK_PORT is overridden by the fixture's --port flag, or the server could not start here.
    s = start_server(env={"POLYTASK_PORT": "1", "POLYTASK_MAX_BODY_SIZE": "10B"})
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=5)
    c.request("POST", "/_polytask/health", body=b"x" * 11)
    assert c.getresponse().status == 413  # the env var's 10-byte limit applies


def loop_threads(pid):
    """Names of the process's threads that are epoll loops (the dispatch backend has none)."""
    names = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/comm") as f:
            names.append(f.read().strip())
    return sorted(n for n in names if n.startswith("polytask-io-"))


def test_io_selects_the_event_loop_backend(start_server):
    # epoll runs one named thread per loop; dispatch runs its loops on Dispatch's own threads.
    import time
    epoll = start_server("--io", "epoll", "--threads", "2")
    deadline = time.monotonic() + 5   # each loop thread names itself as it starts
    while loop_threads(epoll.proc.pid) != ["polytask-io-0", "polytask-io-1"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert loop_threads(epoll.proc.pid) == ["polytask-io-0", "polytask-io-1"]
    dispatch = start_server("--threads", "2", env={"POLYTASK_IO": "dispatch"})
    assert loop_threads(dispatch.proc.pid) == []
    import http.client
    for s in (epoll, dispatch):
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=5)
        c.request("GET", "/_polytask/health")
        assert c.getresponse().status == 200


def malloc_heaps(pid):
    """glibc arenas beyond the main one: each lives in its own 64 MiB-aligned, 64 MiB mapping
    (a read-write part and the reserved rest), anonymous, as /proc/PID/maps shows them."""
    spans = []
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            parts = line.split()
            start, end = (int(x, 16) for x in parts[0].split("-"))
            spans.append((start, end, len(parts) > 5))
    heaps, size = 0, 64 << 20
    for i, (start, end, named) in enumerate(spans):
        if named or start % size:
            continue
        j = i + 1
        while j < len(spans) and spans[j][0] == end and not spans[j][2]:
            end = spans[j][1]
            j += 1
        heaps += end - start == size
    return heaps


def test_malloc_arenas_caps_glibcs_arenas_under_concurrent_load(start_server):
    # Dispatch's pool runs requests on many threads at once; without the cap glibc gives
    # threads that find the arenas busy arenas of their own (3 here with 16 clients).
    import http.client
    import threading

    def load(port):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for n in range(100):
            c.request("POST", "/api/v3/organizations/a/ai/tasks", body=f'{{"title":"t{n}"}}',
                      headers={"Authorization": "Bearer t", "Content-Type": "application/json"})
            assert c.getresponse().read()
        c.close()

    for arenas, most in (("1", 0), ("2", 1)):
        s = start_server("--io", "dispatch", "--threads", "4", "--malloc-arenas", arenas)
        clients = [threading.Thread(target=load, args=(s.port,)) for _ in range(16)]
        for t in clients:
            t.start()
        for t in clients:
            t.join()
        assert malloc_heaps(s.proc.pid) <= most, (arenas, malloc_heaps(s.proc.pid))
        s.stop()
