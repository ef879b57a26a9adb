"""Fixtures for the Quant black-box suites: servers in open or strict mode and the Python
client generated from the vendor's spec (gen_client.sh)."""
import os
import subprocess
import sys

import pytest

from quant_support import GEN_DIR, HERE, TOKEN


@pytest.fixture(scope="session")
def quantcdn():
    """The generated `quantcdn` package (make test runs gen_client.sh first; this runs it
    again if the client is missing, e.g. under bare pytest)."""
    out = os.path.join(GEN_DIR, "quant-client")
    if not os.path.isdir(os.path.join(out, "quantcdn")):
        subprocess.run(["bash", os.path.join(HERE, "gen_client.sh")], check=True, env={**os.environ, "GEN_DIR": GEN_DIR})
    if out not in sys.path:
        sys.path.insert(0, out)
    import quantcdn  # noqa: E402

    return quantcdn


@pytest.fixture
def quant_api(quantcdn, server):
    """An AITaskManagementApi on a fresh server (--auth open), with a bearer token."""
    cfg = quantcdn.Configuration(host=server.url, access_token=TOKEN)
    return quantcdn.AITaskManagementApi(quantcdn.ApiClient(cfg))
