"""Slow clients with slowhttptest (issue 13): a slowloris run (headers trickled) and a slow-body run
(bodies trickled) of a few seconds each, while a normal client keeps being answered. The server's
header timeout and body deadline end the slow connections.

slowhttptest is a Debian package that .ci/run installs; without it these tests fail (never skip)."""
import csv
import os
import shutil
import subprocess
import time

import pytest

from http_wire import Conn, get

QUANT = "/api/v3/organizations/acme/ai/tasks"


def slowhttptest():
    path = shutil.which("slowhttptest")
    if path is None:
        pytest.fail("slowhttptest is not installed: apt-get install -y slowhttptest (.ci/run installs it)")
    return path


def stats(prefix):
    """slowhttptest's per-second CSV (-g -o prefix): rows of Seconds, Closed, Pending, Connected."""
    with open(prefix + ".csv") as f:
        rows = list(csv.DictReader(f))
    assert rows, "slowhttptest wrote no statistics"
    return rows


def run_while_served(server, args, seconds):
    """Runs slowhttptest for `seconds` and, meanwhile, a normal client that must be answered
    within 1 s every time (a behaviour check with a generous bound, not a speed measurement)."""
    prefix = os.path.join(server.tmp, "slowhttptest")
    proc = subprocess.Popen([slowhttptest(), *args, "-l", str(seconds), "-g", "-o", prefix, "-u", server.url + QUANT],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    answered = 0
    try:
        time.sleep(1.5)   # let the slow connections ramp up
        while proc.poll() is None:
            with Conn(server.port, timeout=1) as c:
                c.send(get())
                assert c.read_response(timeout=1).status == 200
                c.send(f"GET {QUANT}?limit=1 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer t\r\n\r\n")
                assert c.read_response(timeout=1).status == 200
            answered += 1
            time.sleep(0.25)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert answered >= 5, f"the normal client was answered only {answered} times"
    assert proc.returncode == 0, out[-2000:]
    return stats(prefix)


def test_slowloris_does_not_starve_a_normal_client(start_server):
    s = start_server("--header-timeout", "2s")
    rows = run_while_served(s, ["-H", "-c", "400", "-r", "200", "-i", "1", "-x", "24", "-t", "GET", "-p", "2"], 6)
    # The slow connections were made, and the header timeout ended them before the run did.
    assert max(int(r["Connected"]) for r in rows) >= 100, rows
    assert int(rows[-1]["Closed"]) > 0, rows


def test_slow_bodies_do_not_starve_a_normal_client(start_server):
    # One body byte-group a second never trips the 10 s idle timeout; the 2 s body deadline ends them.
    s = start_server("--body-timeout", "2s", "--body-idle-timeout", "10s")
    rows = run_while_served(s, ["-B", "-c", "400", "-r", "200", "-i", "1", "-s", "65536", "-x", "24",
                                "-t", "POST", "-p", "2"], 6)
    assert max(int(r["Connected"]) for r in rows) >= 100, rows
    assert int(rows[-1]["Closed"]) > 0, rows
