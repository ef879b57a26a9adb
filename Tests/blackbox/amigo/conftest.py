"""Fixtures for the Amigo black-box suites: a server in open or strict mode, and the
generated vendor client."""
import os
import subprocess
import sys

import pytest

from amigo_support import BOOTSTRAP, GEN_DIR, HERE, Api


@pytest.fixture
def amigo(start_server):
    """A server in --auth open and an Api on it."""
    return Api(start_server())


@pytest.fixture
def amigo_strict(start_server):
    """A server in --auth strict with a known bootstrap key; the Api uses that key."""
    return Api(start_server("--auth", "strict", "--amigo-bootstrap-key", BOOTSTRAP), token=BOOTSTRAP)


@pytest.fixture(scope="session")
def amigo_client_module():
    """The Python client generated from the vendor's spec extract (gen_client.sh; make test
    runs it first, and this runs it again if the client is missing, e.g. under bare pytest)."""
    out = os.path.join(GEN_DIR, "amigo-client")
    if not os.path.isdir(os.path.join(out, "amigo_client")):
        subprocess.run(["bash", os.path.join(HERE, "gen_client.sh")], check=True, env={**os.environ, "GEN_DIR": GEN_DIR})
    if out not in sys.path:
        sys.path.insert(0, out)
    import amigo_client  # noqa: E402

    return amigo_client
