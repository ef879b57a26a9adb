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
                 "body-timeout", "admin-reserve-connections", "max-unsent-bytes", "max-connection-unsent-bytes"]:
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
