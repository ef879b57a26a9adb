#!/usr/bin/env bash
# Generates the Amigo Platform Python client from the vendor's spec extract, into
# $GEN_DIR/amigo-client (default .gen/amigo-client, ignored by git), with openapi-generator's
# "python" generator (pip: openapi-generator-cli==7.13.0.post0, which needs Java 17).
# The client is what Tests/blackbox/amigo/test_amigo_client.py imports. Regeneration is
# skipped when the spec and the generator version are unchanged (a stamp records both).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
SPEC="${AMIGO_SPEC:-$ROOT/../shared/specs/amigo-platform-tasks.openapi.json}"
GEN_DIR="${GEN_DIR:-$ROOT/.gen}"
OUT="$GEN_DIR/amigo-client"
GENERATOR="${OPENAPI_GENERATOR:-openapi-generator-cli}"
WANT_VERSION="7.13.0"

if [ ! -f "$SPEC" ]; then
  echo "gen_client.sh: spec not found at $SPEC (set AMIGO_SPEC)" >&2
  exit 1
fi
if ! command -v "$GENERATOR" >/dev/null 2>&1; then
  echo "gen_client.sh: $GENERATOR not on PATH (pip install openapi-generator-cli==7.13.0.post0)" >&2
  exit 1
fi

version="$("$GENERATOR" version 2>/dev/null | tail -n 1 | tr -d '[:space:]')"
case "$version" in
  "$WANT_VERSION"*) ;;
  *) echo "gen_client.sh: expected openapi-generator $WANT_VERSION, found '$version'" >&2; exit 1 ;;
esac

stamp="$(sha256sum "$SPEC" | cut -d' ' -f1) $version"
if [ -f "$OUT/.polytask-stamp" ] && [ "$(cat "$OUT/.polytask-stamp")" = "$stamp" ] && [ -d "$OUT/amigo_client" ]; then
  echo "gen_client.sh: $OUT is up to date"
  exit 0
fi

rm -rf "$OUT"
mkdir -p "$GEN_DIR"
"$GENERATOR" generate \
  --generator-name python \
  --input-spec "$SPEC" \
  --output "$OUT" \
  --package-name amigo_client \
  --additional-properties=packageVersion=0.46.0,projectName=amigo-client \
  >"$GEN_DIR/amigo-client.log" 2>&1 || { cat "$GEN_DIR/amigo-client.log" >&2; exit 1; }
echo "$stamp" >"$OUT/.polytask-stamp"
echo "gen_client.sh: generated $OUT"
