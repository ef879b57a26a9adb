"""The container files, checked without a Docker engine (this machine kind has none): the
compose file is valid YAML with the service, port, volume, seed mount, env config and
healthcheck; every POLYTASK_* variable it sets is a real option; the Dockerfile is a
multi-stage, non-root build whose swift build flags are the Makefile's release flags."""
import os
import re
import subprocess

import yaml

# From the server module, not `from conftest import ...`, which would get whichever conftest
# module pytest imported last (quant/, chamelio/ ... have their own).
from polytask_server import BIN, ROOT


def options():
    out = subprocess.run([BIN, "--help"], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"env (POLYTASK_[A-Z0-9_]+)", out))


def test_compose_file_has_the_service_volume_seed_and_healthcheck():
    with open(os.path.join(ROOT, "docker-compose.yml")) as f:
        doc = yaml.safe_load(f)
    svc = doc["services"]["polytask"]
    assert svc["build"] == "." and svc["image"].startswith("polytask")
    assert any(str(p).endswith(":8080") for p in svc["ports"])
    env = svc["environment"]
    assert env["POLYTASK_HOST"] == "::" and env["POLYTASK_DB"].startswith("/data/")
    assert "polytask-data" in doc["volumes"]
    mounts = {v.split(":")[1] if not v.startswith("$") else v.split("}:")[1].split(":")[0]: v for v in svc["volumes"]}
    assert "/data" in mounts and mounts["/data"].startswith("polytask-data:")
    assert env["POLYTASK_SEED"] in mounts, "the seed file is mounted where POLYTASK_SEED points"
    seed_default = re.search(r"\$\{POLYTASK_SEED_FILE:-([^}]+)\}", mounts[env["POLYTASK_SEED"]]).group(1)
    assert os.path.isfile(os.path.join(ROOT, seed_default))
    hc = svc["healthcheck"]
    assert "/_polytask/health" in " ".join(hc["test"]) and hc["interval"] and hc["retries"] >= 1
    unknown = {k for k in env if k.startswith("POLYTASK_")} - options()
    assert not unknown, f"not options of polytask: {unknown}"


def test_the_seed_file_loads(start_server):
    with open(os.path.join(ROOT, "docker-compose.yml")) as f:
        svc = yaml.safe_load(f)["services"]["polytask"]
    seed = re.search(r"\$\{POLYTASK_SEED_FILE:-([^}]+)\}", " ".join(svc["volumes"])).group(1)
    s = start_server("--seed", os.path.join(ROOT, seed))
    assert s.proc.poll() is None


def test_dockerfile_is_a_non_root_multi_stage_build_with_the_makefiles_flags():
    with open(os.path.join(ROOT, "Dockerfile")) as f:
        docker = f.read()
    with open(os.path.join(ROOT, "Makefile")) as f:
        make = f.read()
    assert len(re.findall(r"^FROM ", docker, re.M)) == 2
    assert re.search(r"^USER (?!root)\S+", docker, re.M)
    assert "HEALTHCHECK" in docker and "/_polytask/health" in docker
    assert 'VOLUME ["/data"]' in docker and "POLYTASK_HOST=::" in docker
    assert "libsqlite3-0" in docker and "libsqlite3-dev" in docker
    release = re.search(r"^release:.*\n\t\$\(SWIFT\) build (.+)$", make, re.M).group(1).split()
    build = re.search(r"swift build (-c release[^\\\n&]*)", docker).group(1).split()
    make_flags = {f for f in release if f.startswith("-") and f != "$(SWIFTPM)"}
    assert make_flags <= set(build), (make_flags, build)
    unknown = set(re.findall(r"(POLYTASK_[A-Z0-9_]+)=", docker)) - options()
    assert not unknown, f"not options of polytask: {unknown}"
