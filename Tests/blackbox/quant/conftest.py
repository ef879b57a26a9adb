"""Fixtures for the Quant black-box suites: servers in open or strict mode and the Python
client generated from the vendor's spec (gen_client.sh)."""
import pytest

from quant_support import TOKEN


@pytest.fixture(scope="session")
def quantcdn(generated_client):
    """The generated `quantcdn` package (gen_client.sh)."""
    return generated_client("quant", "quant-client", "quantcdn")


@pytest.fixture
def quant_api(quantcdn, server):
    """An AITaskManagementApi on a fresh server (--auth open), with a bearer token."""
    cfg = quantcdn.Configuration(host=server.url, access_token=TOKEN)
    return quantcdn.AITaskManagementApi(quantcdn.ApiClient(cfg))
