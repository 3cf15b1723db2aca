#!/usr/bin/env bash
# Reproduces the HL7 v2 figures of docs/performance.md, one measurement after the other on this machine:
#   1. BenchmarkDotNet, short job, over the 2 KB DFT^P03 (benchmarks/HealthFinance.Hl7v2.Benchmarks/dft-p03-2k.hl7):
#      read every field/component/subcomponent, DFT -> canonical events, control totals.
#   2. @medplum/hl7 (npm, installed into a scratch folder outside the repository) reading every field of the same file.
# Logs go to HF_BENCH_OUT (default ${TMPDIR:-/tmp}/hf-bench-out); the BDN markdown is copied to benchmarks/results/<cpu>/.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
log="$out/run-hl7.log"

dotnet build -c Release --nologo -v q benchmarks/HealthFinance.Hl7v2.Benchmarks
echo "== BenchmarkDotNet HL7 v2 (short job), load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$log"
rm -rf "$out/bdn-hl7"
dotnet run -c Release --no-build --project benchmarks/HealthFinance.Hl7v2.Benchmarks -- \
  --job short --filter '*' --artifacts "$out/bdn-hl7" | grep -E '^\|' | tee -a "$log"
mkdir -p "$results"
cp "$out"/bdn-hl7/results/*Hl7v2Benchmarks-report-github.md "$results/Hl7v2Benchmarks.md"

echo "== @medplum/hl7, load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
benchmarks/peers/run-medplum-hl7.sh "$repo/benchmarks/HealthFinance.Hl7v2.Benchmarks/dft-p03-2k.hl7" --seconds 10 | tee -a "$log"
