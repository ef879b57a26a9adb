"""schemathesis against the control plane's own OpenAPI document, served by the binary at
/_polytask/openapi.json: no server error, every response fits its schema and content type,
and the document is what the server does (status codes included)."""
import os
import shutil
import subprocess

from control_support import call

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance"


def test_openapi_document_is_served_and_valid(server):
    r = call(server, "GET", "/_polytask/openapi.json")
    assert r.status == 200 and r.json["openapi"].startswith("3.1")
    assert "/_polytask/faults" in r.json["paths"]


def test_schemathesis_against_the_control_plane(start_server):
    s = start_server("--admin-token", "st-admin")
    exe = shutil.which("schemathesis") or os.path.join(ROOT, ".venv", "bin", "schemathesis")
    cmd = [exe, "run", f"{s.url}/_polytask/openapi.json", "--url", s.url, "-H", "Authorization: Bearer st-admin",
           "--checks", CHECKS, "--max-examples", os.environ.get("CONTROL_ST_EXAMPLES", "30"), "--workers", "1",
           "--seed", "20261202", "--request-timeout", "10", "--phases", "examples,coverage,fuzzing"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-8000:] + r.stderr[-2000:]
