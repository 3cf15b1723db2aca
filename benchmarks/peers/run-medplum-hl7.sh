#!/usr/bin/env bash
# Installs @medplum/hl7 into a scratch folder outside the repository (never committed) and measures it on an HL7 v2 file.
# Usage: benchmarks/peers/run-medplum-hl7.sh [FILE] [--seconds N]
# Default FILE: the 2 KB DFT^P03 the .NET benchmarks read. Environment: HF_HL7_PEERS_DIR (default ${TMPDIR:-/tmp}/hf-hl7-peers).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export HF_HL7_PEERS_DIR="${HF_HL7_PEERS_DIR:-${TMPDIR:-/tmp}/hf-hl7-peers}"
file="${1:-$here/../HealthFinance.Hl7v2.Benchmarks/dft-p03-2k.hl7}"
shift || true
if [[ ! -f "$HF_HL7_PEERS_DIR/node_modules/@medplum/hl7/package.json" ]]; then
  mkdir -p "$HF_HL7_PEERS_DIR"
  npm install --prefix "$HF_HL7_PEERS_DIR" --no-audit --no-fund --loglevel=error @medplum/hl7 >&2
fi
exec node "$here/medplum-hl7-bench.mjs" "$file" "$@"
