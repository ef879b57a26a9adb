"""Fixtures for the Chamelio black-box suites: servers in open or strict mode, and a local
webhook receiver."""
import pytest

from chamelio_support import ADMIN, Api, Receiver


@pytest.fixture
def chamelio(start_server):
    """A server in --auth open (automatic steps complete at once) and an Api on it."""
    return Api(start_server())


@pytest.fixture
def chamelio_strict(start_server):
    """A server in --auth strict with an admin token; the Api sends it on control-plane calls."""
    return Api(start_server("--auth", "strict", "--admin-token", ADMIN), admin=ADMIN)


@pytest.fixture
def receiver():
    """`receiver(secret, statuses=(200,))`: a webhook endpoint on loopback, closed at teardown."""
    made = []

    def make(secret, statuses=(200,)):
        r = Receiver(secret, statuses)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()
