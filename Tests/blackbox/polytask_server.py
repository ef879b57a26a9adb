"""The real polytask binary, started for a test: `Server(args)` picks a free port, starts
$POLYTASK_BIN (or .build/debug/polytask, what `make test` builds) on a fresh database, waits for
the ready line `polytask listening on http://HOST:PORT` and keeps reading its stdout.

The shared conftest's fixtures start servers with it. A module with a unique name (not
conftest, of which there are several) so that any suite can import it, with ROOT and BIN."""
import collections
import os
import socket
import subprocess
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("POLYTASK_BIN", os.path.join(ROOT, ".build", "debug", "polytask"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


IO_BACKEND = os.environ.get("POLYTASK_IO", "")


class Server:
    def __init__(self, args, env=None, db=None, preexec_fn=None, launcher=None):
        """`launcher`: a command the binary runs under, as a list that ends where the binary's
        own command line begins (e.g. `unshare -m ... sh -c '...; exec "$@"' sh`); it must
        exec the binary, so that .proc's pid is polytask's."""
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix="polytask-test-")
        self.db = db or os.path.join(self.tmp, "test.db")
        full = list(launcher or []) + [BIN, "--host", "127.0.0.1", "--port", str(self.port), "--db", self.db] + list(args)
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
