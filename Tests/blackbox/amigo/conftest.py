"""Fixtures for the Amigo black-box suites: a server in open or strict mode, and the
generated vendor client."""
import pytest

from amigo_support import ADMIN, BOOTSTRAP, Api


@pytest.fixture
def amigo(start_server):
    """A server in --auth open and an Api on it."""
    return Api(start_server())


@pytest.fixture
def amigo_strict(start_server):
    """A server in --auth strict with a known bootstrap key and admin token; the Api uses them."""
    return Api(start_server("--auth", "strict", "--amigo-bootstrap-key", BOOTSTRAP, "--admin-token", ADMIN),
               token=BOOTSTRAP, admin=ADMIN)


@pytest.fixture(scope="session")
def amigo_client_module(generated_client):
    """The Python client generated from the vendor's spec extract (gen_client.sh)."""
    return generated_client("amigo", "amigo-client", "amigo_client")
