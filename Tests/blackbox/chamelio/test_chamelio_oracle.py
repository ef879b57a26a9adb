"""Black-box: every answer the Chamelio oracle settled, replayed against the real binary.

oracle_expected.json holds requests and the answers of a reference FastAPI app (FastAPI 0.136.1,
Starlette 1.0.0, pydantic 2.13.4 / pydantic-core 2.46.4: Tests/oracle/chamelio_app.py), written by
Tests/oracle/generate_chamelio.py; oracle_replay.py sends each case and compares the answers.
"""
import os

import oracle_replay
import pytest

from chamelio_support import ADMIN, HERE

EXPECTED = oracle_replay.load(os.path.join(HERE, "oracle_expected.json"))
CASES = EXPECTED["cases"]


@pytest.fixture(scope="module")
def oracle_server(request):
    # Module-scoped: one server for every case, like the oracle's one app (no case changes state).
    return oracle_replay.start(request, ["--auth", "strict", "--admin-token", ADMIN], EXPECTED["seed"], ADMIN)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_answer_matches_the_oracle(oracle_server, case):
    oracle_replay.check(oracle_server, case)


def test_expected_file_names_the_versions_followed():
    oracle_replay.check_versions(EXPECTED)
