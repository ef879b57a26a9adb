"""Shared fixtures for the black-box suites: start the real polytask binary on a free port.

The binary is $POLYTASK_BIN, or .build/debug/polytask (what `make test` builds). The event-loop
backend is the binary's default unless $POLYTASK_IO says otherwise (the server inherits the
environment): `make test` runs the HTTP suites once per backend that way.
`start_server(*args)` returns a Server with .port, .url, .proc; it waits for the ready line
`polytask listening on http://HOST:PORT` on stdout and stops the process at teardown.
`generated_client(dialect, out_name, package)` imports a vendor client generated from its spec.
"""
import importlib
import os
import socket
import subprocess
import sys
import collections
import tempfile
import threading
import time

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("POLYTASK_BIN", os.path.join(ROOT, ".build", "debug", "polytask"))
GEN_DIR = os.environ.get("GEN_DIR", os.path.join(ROOT, ".gen"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


IO_BACKEND = os.environ.get("POLYTASK_IO", "")


def pytest_report_header(config):
    return f"polytask: {BIN} (--io {IO_BACKEND or 'default'})"


class Server:
    def __init__(self, args, env=None, db=None, preexec_fn=None):
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix="polytask-test-")
        self.db = db or os.path.join(self.tmp, "test.db")
        full = [BIN, "--host", "127.0.0.1", "--port", str(self.port), "--db", self.db] + list(args)
        e = dict(os.environ)
        e.update(env or {})
        self.proc = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e,
                                     preexec_fn=preexec_fn)
        self.url = f"http://127.0.0.1:{self.port}"
        self.ready_line = self._wait_ready()
        # Keep reading stdout (the per-request JSON log lines) so the pipe never fills; the
        # last lines stay available to tests that check the log.
        self.lines = collections.deque(maxlen=5000)
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()

    def _read_stdout(self):
        for line in iter(self.proc.stdout.readline, b""):
            self.lines.append(line.decode(errors="replace"))

    def _wait_ready(self, timeout=30):
        deadline = time.time() + timeout
        line = b""
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if b"listening on" in line:
                return line.decode()
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace")
                raise RuntimeError(f"polytask exited with {self.proc.returncode}: {err}")
        raise RuntimeError("polytask did not print its ready line in time")

    def stop(self, sig=None):
        if self.proc.poll() is None:
            if sig is None:
                self.proc.terminate()
            else:
                self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@pytest.fixture
def start_server():
    servers = []

    def start(*args, env=None, db=None, preexec_fn=None):
        s = Server(args, env=env, db=db, preexec_fn=preexec_fn)
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.stop()


def _import_generated_client(dialect, out_name, package):
    """The package that Tests/blackbox/<dialect>/gen_client.sh generates into GEN_DIR/<out_name>.
    make test runs the script first; this runs it again if the client is missing (bare pytest)."""
    out = os.path.join(GEN_DIR, out_name)
    if not os.path.isdir(os.path.join(out, package)):
        script = os.path.join(ROOT, "Tests", "blackbox", dialect, "gen_client.sh")
        subprocess.run(["bash", script], check=True, env={**os.environ, "GEN_DIR": GEN_DIR})
    if out not in sys.path:
        sys.path.insert(0, out)
    return importlib.import_module(package)


@pytest.fixture(scope="session")
def generated_client():
    """`generated_client(dialect, out_name, package)`: a vendor's generated Python client."""
    return _import_generated_client


@pytest.fixture(scope="session")
def start_session_server():
    """Like start_server, for a server that lives for the whole session."""
    servers = []

    def start(*args, env=None, db=None):
        s = Server(args, env=env, db=db)
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.stop()


@pytest.fixture
def server(start_server):
    """A server with default flags (--auth open)."""
    return start_server()
