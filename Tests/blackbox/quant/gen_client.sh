#!/usr/bin/env bash
# Generates the QuantCDN Python client from the vendor's spec extract
# (Tests/fixtures/shared/specs/quant-ai-tasks.openapi.yaml, a copy of ../shared/specs/...) into $GEN_DIR/quant-client (default
# .gen/quant-client, ignored by git), through the shared Tests/blackbox/gen_client.sh:
# openapi-generator's "python" generator 7.13.0, the generator and version the vendor builds
# its own SDKs with, so the models are as strict as the official client's. The package is
# `quantcdn`, as in the official quant-python-client. Skipped when up to date.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
SPEC="${QUANT_SPEC:-$ROOT/Tests/fixtures/shared/specs/quant-ai-tasks.openapi.yaml}"
GEN_DIR="${GEN_DIR:-$ROOT/.gen}"

if [ ! -f "$SPEC" ]; then
  echo "gen_client.sh: spec not found at $SPEC (set QUANT_SPEC)" >&2
  exit 1
fi
exec bash "$HERE/../gen_client.sh" "$SPEC" "$GEN_DIR/quant-client" quantcdn \
  "packageVersion=4.19.0,projectName=quantcdn"
