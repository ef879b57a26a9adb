#!/usr/bin/env bash
# Generates the Amigo Platform Python client (package `amigo_client`) from the vendor's spec
# extract into $GEN_DIR/amigo-client (default .gen/amigo-client, ignored by git), through the
# shared Tests/blackbox/gen_client.sh (openapi-generator 7.13.0, skipped when up to date).
# The client is what Tests/blackbox/amigo/test_amigo_client.py imports.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
SPEC="${AMIGO_SPEC:-$ROOT/Tests/fixtures/shared/specs/amigo-platform-tasks.openapi.json}"
GEN_DIR="${GEN_DIR:-$ROOT/.gen}"

if [ ! -f "$SPEC" ]; then
  echo "gen_client.sh: spec not found at $SPEC (set AMIGO_SPEC)" >&2
  exit 1
fi
exec bash "$HERE/../gen_client.sh" "$SPEC" "$GEN_DIR/amigo-client" amigo_client \
  "packageVersion=0.46.0,projectName=amigo-client"
