"""Runs every case of chamelio_cases.py against the reference app (chamelio_app.py) with Starlette's
TestClient and writes requests and answers to Tests/blackbox/chamelio/oracle_expected.json.

    python3 -m venv .venv-oracle
    .venv-oracle/bin/pip install fastapi==0.136.1 starlette==1.0.0 pydantic==2.13.4 httpx
    .venv-oracle/bin/python Tests/oracle/generate_chamelio.py          # rewrites the expected file
    .venv-oracle/bin/python Tests/oracle/generate_chamelio.py --check  # exits 1 if it would change
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import fastapi  # noqa: E402
import pydantic  # noqa: E402
import pydantic_core  # noqa: E402
import starlette  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

import chamelio_app  # noqa: E402
from chamelio_cases import CASES  # noqa: E402
from generate import KEPT_HEADERS, encode_bytes  # noqa: E402  (the Amigo oracle's helpers)

OUT = os.path.join(HERE, "..", "blackbox", "chamelio", "oracle_expected.json")


def run():
    client = TestClient(chamelio_app.app, raise_server_exceptions=False)
    out = []
    names = set()
    for c in CASES:
        assert c["name"] not in names, f"duplicate case {c['name']}"
        names.add(c["name"])
        r = client.request(c["method"], c["path"], headers=c["headers"], content=c["body"])
        out.append({
            "name": c["name"],
            "request": {"method": c["method"], "path": c["path"], "headers": c["headers"],
                        "body": encode_bytes(c["body"])},
            "compare": c["compare"],
            "status": r.status_code,
            "headers": {k: r.headers[k] for k in KEPT_HEADERS if k in r.headers},
            "body": encode_bytes(r.content),
        })
    return {
        "generated_by": "Tests/oracle/generate_chamelio.py",
        "versions": {"fastapi": fastapi.__version__, "starlette": starlette.__version__,
                     "pydantic": pydantic.VERSION, "pydantic-core": pydantic_core.__version__,
                     "python": sys.version.split()[0]},
        "seed": chamelio_app.oracle_seed(),
        "cases": out,
    }


if __name__ == "__main__":
    doc = run()
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print("oracle_expected.json is up to date" if same else "oracle_expected.json differs from the oracle")
        sys.exit(0 if same else 1)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {len(doc['cases'])} cases to {os.path.relpath(OUT)}")
