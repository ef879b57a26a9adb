#!/usr/bin/env bash
# Generates the QuantCDN Python client from the vendor's spec extract
# (../shared/specs/quant-ai-tasks.openapi.yaml) into $GEN_DIR/quant-client (default
# .gen/quant-client, ignored by git), with openapi-generator's "python" generator
# (pip: openapi-generator-cli==7.13.0.post0, which needs Java 17): the generator and version
# the vendor builds its own SDKs with, so the models are as strict as the official client's.
# The package is `quantcdn`, as in the official quant-python-client. Regeneration is skipped
# when the spec and the generator version are unchanged (a stamp records both).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
SPEC="${QUANT_SPEC:-$ROOT/../shared/specs/quant-ai-tasks.openapi.yaml}"
GEN_DIR="${GEN_DIR:-$ROOT/.gen}"
OUT="$GEN_DIR/quant-client"
GENERATOR="${OPENAPI_GENERATOR:-openapi-generator-cli}"
WANT_VERSION="7.13.0"

if [ ! -f "$SPEC" ]; then
  echo "gen_client.sh: spec not found at $SPEC (set QUANT_SPEC)" >&2
  exit 1
fi
if ! command -v "$GENERATOR" >/dev/null 2>&1; then
  if [ -x "$ROOT/.venv/bin/openapi-generator-cli" ]; then
    GENERATOR="$ROOT/.venv/bin/openapi-generator-cli"
  else
    echo "gen_client.sh: $GENERATOR not on PATH (pip install openapi-generator-cli==7.13.0.post0)" >&2
    exit 1
  fi
fi

version="$("$GENERATOR" version 2>/dev/null | tail -n 1 | tr -d '[:space:]')"
case "$version" in
  "$WANT_VERSION"*) ;;
  *) echo "gen_client.sh: expected openapi-generator $WANT_VERSION, found '$version'" >&2; exit 1 ;;
esac

stamp="$(sha256sum "$SPEC" | cut -d' ' -f1) $version"
if [ -f "$OUT/.polytask-stamp" ] && [ "$(cat "$OUT/.polytask-stamp")" = "$stamp" ] && [ -d "$OUT/quantcdn" ]; then
  echo "gen_client.sh: $OUT is up to date"
  exit 0
fi

rm -rf "$OUT"
mkdir -p "$GEN_DIR"
"$GENERATOR" generate \
  --generator-name python \
  --input-spec "$SPEC" \
  --output "$OUT" \
  --package-name quantcdn \
  --additional-properties=packageVersion=4.19.0,projectName=quantcdn \
  >"$GEN_DIR/quant-client.log" 2>&1 || { cat "$GEN_DIR/quant-client.log" >&2; exit 1; }
echo "$stamp" >"$OUT/.polytask-stamp"
echo "gen_client.sh: generated $OUT"
