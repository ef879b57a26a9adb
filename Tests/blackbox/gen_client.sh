#!/usr/bin/env bash
# Usage: gen_client.sh SPEC OUT PACKAGE [ADDITIONAL_PROPERTIES]
# Generates a vendor's Python client from its spec extract SPEC into the folder OUT (under
# .gen, ignored by git) as the package PACKAGE, with openapi-generator's "python" generator
# (pip: openapi-generator-cli==7.13.0.post0, which needs Java 17): the generator and version
# the vendors build their own SDKs with. ADDITIONAL_PROPERTIES goes to the generator as is
# (packageVersion, projectName). The log is OUT.log. Regeneration is skipped when the spec
# and the generator version are unchanged (OUT/.polytask-stamp records both).
# Each dialect's own Tests/blackbox/<dialect>/gen_client.sh calls this with its spec and names.
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: gen_client.sh SPEC OUT PACKAGE [ADDITIONAL_PROPERTIES]" >&2
  exit 2
fi
SPEC="$1"
OUT="$2"
PACKAGE="$3"
PROPERTIES="${4:-}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
GENERATOR="${OPENAPI_GENERATOR:-openapi-generator-cli}"
WANT_VERSION="7.13.0"

if [ ! -f "$SPEC" ]; then
  echo "gen_client.sh: spec not found at $SPEC" >&2
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
if [ -f "$OUT/.polytask-stamp" ] && [ "$(cat "$OUT/.polytask-stamp")" = "$stamp" ] && [ -d "$OUT/$PACKAGE" ]; then
  echo "gen_client.sh: $OUT is up to date"
  exit 0
fi

rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
"$GENERATOR" generate \
  --generator-name python \
  --input-spec "$SPEC" \
  --output "$OUT" \
  --package-name "$PACKAGE" \
  ${PROPERTIES:+"--additional-properties=$PROPERTIES"} \
  >"$OUT.log" 2>&1 || { cat "$OUT.log" >&2; exit 1; }
echo "$stamp" >"$OUT/.polytask-stamp"
echo "gen_client.sh: generated $OUT"
