"""Runs every case of amigo_cases.py against the reference app (amigo_app.py) with Starlette's
TestClient and writes requests and answers to Tests/blackbox/amigo/oracle_expected.json.

    python3 -m venv .venv-oracle
    .venv-oracle/bin/pip install fastapi==0.136.1 starlette==1.0.0 pydantic==2.13.4 httpx
    .venv-oracle/bin/python Tests/oracle/generate.py          # rewrites the expected file
    .venv-oracle/bin/python Tests/oracle/generate.py --check  # exits 1 if it would change
"""
import base64
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

import amigo_app  # noqa: E402
from amigo_cases import CASES  # noqa: E402

OUT = os.path.join(HERE, "..", "blackbox", "amigo", "oracle_expected.json")
KEPT_HEADERS = ("allow", "www-authenticate", "content-type")


def encode_bytes(b):
    """Text when the bytes are UTF-8 (readable diffs), else base64."""
    if b is None:
        return None
    try:
        return {"text": b.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(b).decode()}


def run():
    client = TestClient(amigo_app.app, raise_server_exceptions=False)
    out = []
    names = set()
    for c in CASES:
        assert c["name"] not in names, f"duplicate case {c['name']}"
        names.add(c["name"])
        # httpx would add a JSON content type to `json=`; `content=` sends the bytes as they are.
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
        "generated_by": "Tests/oracle/generate.py",
        "versions": {"fastapi": fastapi.__version__, "starlette": starlette.__version__,
                     "pydantic": pydantic.VERSION, "pydantic-core": pydantic_core.__version__,
                     "python": sys.version.split()[0]},
        "seed": amigo_app.oracle_seed(),
        "bootstrap_key": amigo_app.BOOTSTRAP,
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
