"""Runs every case of chamelio_cases.py against the reference app (chamelio_app.py) and writes
Tests/blackbox/chamelio/oracle_expected.json (oracle_generate.py; set-up in README.md), with
`--check` as generate.py has it.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import chamelio_app  # noqa: E402
import oracle_generate  # noqa: E402
from chamelio_cases import CASES  # noqa: E402

if __name__ == "__main__":
    oracle_generate.main(chamelio_app.app, CASES, os.path.join(HERE, "..", "blackbox", "chamelio", "oracle_expected.json"),
                         "Tests/oracle/generate_chamelio.py", {"seed": chamelio_app.oracle_seed()})
