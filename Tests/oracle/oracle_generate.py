"""Runs an oracle's cases against its reference app with Starlette's TestClient and writes the
expected file that the black-box replay reads (or, with --check, exits 1 if it would change).
generate.py (Amigo) and generate_chamelio.py (Chamelio) name the app, the cases (written with
`case`) and the file; README.md says how to make the venv they run in."""
import base64
import json
import os
import sys

import fastapi
import pydantic
import pydantic_core
import starlette
from fastapi.testclient import TestClient

KEPT_HEADERS = ("allow", "www-authenticate", "content-type", "location")


def case(name, method, path, headers=None, body=None, compare="body"):
    """One request of a cases module: `compare` is "body" (status, the kept headers and the body
    byte for byte) or "status" (status only)."""
    if isinstance(body, str):
        body = body.encode()
    return {"name": name, "method": method, "path": path, "headers": dict(headers or {}), "body": body,
            "compare": compare}


def encode_bytes(b):
    """Text when the bytes are UTF-8 (readable diffs), else base64."""
    if b is None:
        return None
    try:
        return {"text": b.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(b).decode()}


def run(app, cases, generated_by, state):
    """The expected document: every case's request and answer, the versions answering, and
    `state` (the oracle's seed, ...) for the replay to start from."""
    client = TestClient(app, raise_server_exceptions=False)
    out = []
    names = set()
    for c in cases:
        assert c["name"] not in names, f"duplicate case {c['name']}"
        names.add(c["name"])
        # httpx would add a JSON content type to `json=`; `content=` sends the bytes as they are.
        # A redirect is an answer to compare, not to follow (redirect_slashes' 307).
        r = client.request(c["method"], c["path"], headers=c["headers"], content=c["body"], follow_redirects=False)
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
        "generated_by": generated_by,
        "versions": {"fastapi": fastapi.__version__, "starlette": starlette.__version__,
                     "pydantic": pydantic.VERSION, "pydantic-core": pydantic_core.__version__,
                     "python": sys.version.split()[0]},
        **state,
        "cases": out,
    }


def main(app, cases, out, generated_by, state):
    doc = run(app, cases, generated_by, state)
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        with open(out, encoding="utf-8") as f:
            same = f.read() == text
        print("oracle_expected.json is up to date" if same else "oracle_expected.json differs from the oracle")
        sys.exit(0 if same else 1)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {len(doc['cases'])} cases to {os.path.relpath(out)}")
