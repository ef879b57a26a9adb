"""Out of file descriptors (issue 13). At start the soft RLIMIT_NOFILE is raised toward the hard
limit and --max-connections is fitted under it (said on stderr). If accept still fails with
EMFILE, the server answers with a reserve descriptor (503) or pauses accepting: it never spins,
new clients get an answer quickly, and service resumes once clients leave."""
import os
import resource
import socket
import time

from http_wire import Conn, get


def cpu_seconds(pid):
    """utime + stime of the process so far (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_over_one_second(pid):
    start = cpu_seconds(pid)
    time.sleep(1)
    return cpu_seconds(pid) - start


def answer_or_close(c, timeout=2):
    """The status the server answered, or 'closed' if it closed without one; fails on a hang."""
    try:
        return c.read_response(timeout=timeout).status
    except (EOFError, ConnectionResetError):
        return "closed"


def wait_until_served(port, request, timeout=5):
    """Sends `request` on fresh connections until one is answered 200 (fails after `timeout`)."""
    deadline = time.monotonic() + timeout
    while True:
        with Conn(port, timeout=5) as c:
            c.send(request)
            if answer_or_close(c) == 200:
                return
        assert time.monotonic() < deadline, "service did not resume after the clients left"
        time.sleep(0.1)


def low_limit(n):
    def apply():
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))
    return apply


def test_a_limit_of_64_fits_the_connections_and_clients_past_them_get_503(start_server):
    s = start_server("--max-connections", "1000", preexec_fn=low_limit(64))
    held = []
    statuses = []
    try:
        for _ in range(60):
            c = Conn(s.port, timeout=5)
            held.append(c)
            c.send(get("/api/v3/organizations/acme/ai/tasks?limit=1", extra="Authorization: Bearer t\r\n"))
            started = time.monotonic()
            statuses.append(answer_or_close(c))
            assert time.monotonic() - started < 2
        assert 200 in statuses and 503 in statuses, statuses
        assert cpu_over_one_second(s.proc.pid) < 0.3
        # Health still answers in the admin reserve... or, once that is full too, a 503 at once.
        with Conn(s.port, timeout=5) as c:
            c.send(get())
            assert answer_or_close(c) in (200, 503, "closed")
    finally:
        for c in held:
            c.close()
    # Everyone left: service resumes.
    wait_until_served(s.port, get("/api/v3/organizations/acme/ai/tasks?limit=1", extra="Authorization: Bearer t\r\n"))
    s.stop()
    err = s.proc.stderr.read().decode(errors="replace")
    assert "open-file limit is 64" in err and "--max-connections lowered from 1000" in err, err


def test_out_of_descriptors_at_run_time_the_server_answers_and_does_not_spin(start_server):
    # The limit is lowered under the running server, below what --max-connections allows, so
    # accept itself fails with EMFILE.
    s = start_server("--max-connections", "1000")
    pid = s.proc.pid
    _, hard = resource.prlimit(pid, resource.RLIMIT_NOFILE)
    in_use = len(os.listdir(f"/proc/{pid}/fd"))
    resource.prlimit(pid, resource.RLIMIT_NOFILE, (in_use + 4, hard))
    held = []
    statuses = []
    try:
        for _ in range(12):
            c = Conn(s.port, timeout=5)
            held.append(c)
            c.send(get())
            started = time.monotonic()
            statuses.append(answer_or_close(c))
            assert time.monotonic() - started < 2, "a client hung while the server was out of descriptors"
        assert statuses.count(200) >= 1 and 503 in statuses, statuses
        # More clients arrive and wait in the listen queue: the loop must not spin on them.
        waiting = [socket.create_connection(("127.0.0.1", s.port), timeout=5) for _ in range(3)]
        time.sleep(0.3)
        used = cpu_over_one_second(pid)
        assert used < 0.3, f"{used:.2f} s of CPU in 1 s while out of descriptors"
        for w in waiting:
            w.close()
    finally:
        for c in held:
            c.close()
    # Once the clients are gone, the same (lowered) limit serves again.
    wait_until_served(s.port, get())
