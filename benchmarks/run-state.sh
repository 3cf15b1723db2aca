#!/usr/bin/env bash
# Reproduces the state store figures of docs/performance.md: BenchmarkDotNet record-if-absent throughput for one
# worker, one transaction per input and batches of 500, on SQLite (a temporary file) and, when HF_POSTGRES names a
# server, PostgreSQL (a temporary schema). The job is fixed (2 warmup, 8 measured iterations of 8 × 1,000 new inputs).
# Logs go to HF_BENCH_OUT (default ${TMPDIR:-/tmp}/hf-bench-out); the BDN markdown is copied to benchmarks/results/<cpu>/.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
log="$out/run-state.log"

dotnet build -c Release --nologo -v q benchmarks/HealthFinance.Idempotency.Benchmarks
pg="no (HF_POSTGRES unset)"
[[ -n "${HF_POSTGRES:-}" ]] && pg="yes"
echo "== BenchmarkDotNet state stores (PostgreSQL: $pg), load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$log"
rm -rf "$out/bdn-state"
dotnet run -c Release --no-build --project benchmarks/HealthFinance.Idempotency.Benchmarks -- \
  --filter '*' --artifacts "$out/bdn-state" | grep -E '^\|' | tee -a "$log"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
mkdir -p "$results"
cp "$out"/bdn-state/results/*RecordBenchmarks-report-github.md "$results/RecordBenchmarks.md"
