#!/usr/bin/env bash
# Installs node-x12 (pinned in package.json) into a scratch folder outside the repository and measures it on
# an X12 file. Usage: benchmarks/peers/run-node-x12.sh <stream|parse> FILE [--repeat N]
# Environment: HF_PEERS_DIR (default ${TMPDIR:-/tmp}/hf-peers), NODE_OPTIONS (e.g. --max-old-space-size=16384 for parse).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export HF_PEERS_DIR="${HF_PEERS_DIR:-${TMPDIR:-/tmp}/hf-peers}"
if [[ ! -f "$HF_PEERS_DIR/node_modules/node-x12/package.json" ]] \
  || ! cmp -s "$here/package.json" "$HF_PEERS_DIR/package.json"; then
  mkdir -p "$HF_PEERS_DIR"
  cp "$here/package.json" "$HF_PEERS_DIR/package.json"
  npm install --prefix "$HF_PEERS_DIR" --no-audit --no-fund --loglevel=error >&2
fi
exec node "$here/node-x12-bench.mjs" "$@"
