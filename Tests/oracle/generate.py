"""Runs every case of amigo_cases.py against the reference app (amigo_app.py) and writes
Tests/blackbox/amigo/oracle_expected.json (oracle_generate.py; set-up in README.md):

    .venv-oracle/bin/python Tests/oracle/generate.py          # rewrites the expected file
    .venv-oracle/bin/python Tests/oracle/generate.py --check  # exits 1 if it would change
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import amigo_app  # noqa: E402
import oracle_generate  # noqa: E402
from amigo_cases import CASES  # noqa: E402

if __name__ == "__main__":
    oracle_generate.main(amigo_app.app, CASES, os.path.join(HERE, "..", "blackbox", "amigo", "oracle_expected.json"),
                         "Tests/oracle/generate.py", {"seed": amigo_app.oracle_seed(), "bootstrap_key": amigo_app.BOOTSTRAP})
