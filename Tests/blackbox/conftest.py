"""Shared fixtures for the black-box suites: start the real polytask binary on a free port.

The binary is $POLYTASK_BIN, or .build/debug/polytask (what `make test` builds). The event-loop
backend is the binary's default unless $POLYTASK_IO says otherwise (the server inherits the
environment): `make test` runs the HTTP suites once per backend that way.
`start_server(*args)` returns a Server (polytask_server.py) with .port, .url, .proc; it waits for
the ready line `polytask listening on http://HOST:PORT` on stdout and stops the process at teardown.
`generated_client(dialect, out_name, package)` imports a vendor client generated from its spec.
"""
import importlib
import os
import subprocess
import sys

import pytest

# The shared modules beside this file (polytask_server, blackbox_http, webhook_receiver,
# oracle_replay) are imported by name from every suite: this folder is on sys.path (pytest's
# default import mode puts it there for this conftest; the line says so explicitly).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from polytask_server import BIN, IO_BACKEND, ROOT, Server  # noqa: E402

GEN_DIR = os.environ.get("GEN_DIR", os.path.join(ROOT, ".gen"))


def pytest_report_header(config):
    return f"polytask: {BIN} (--io {IO_BACKEND or 'default'})"


@pytest.fixture
def start_server():
    servers = []

    def start(*args, env=None, db=None, preexec_fn=None, launcher=None):
        s = Server(args, env=env, db=db, preexec_fn=preexec_fn, launcher=launcher)
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
