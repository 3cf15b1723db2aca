#!/usr/bin/env bash
# Reproduces the HIPAA figures of docs/performance.md on this machine, one measurement after the other:
#   1. BenchmarkDotNet, short job, over the generated 835 of HF_BENCH_MB MiB (default 64): 835 -> canonical remittance
#      objects (span and stream readers) with the bare X12 reader as the floor; markdown copied to benchmarks/results/<cpu>/.
#   2. node-x12's full parse (npm, installed into a scratch folder outside the repository) of the same generated file,
#      under /usr/bin/time -v for its peak RSS.
#   3. `healthfinance x12 parse FILE` (canonical NDJSON to /dev/null) of the same file, under /usr/bin/time -v.
# Logs go to HF_BENCH_OUT (default ${TMPDIR:-/tmp}/hf-bench-out); the generated file to HF_BENCH_DATA.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
log="$out/run-hipaa.log"

dotnet build -c Release --nologo -v q src/HealthFinance.Cli
dotnet build -c Release --nologo -v q benchmarks/HealthFinance.X12.Benchmarks
dotnet build -c Release --nologo -v q benchmarks/HealthFinance.X12.Hipaa.Benchmarks

echo "== BenchmarkDotNet HIPAA ($HF_BENCH_MB MiB, short job), load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$log"
rm -rf "$out/bdn-hipaa"
dotnet run -c Release --no-build --project benchmarks/HealthFinance.X12.Hipaa.Benchmarks -- \
  --filter '*' --artifacts "$out/bdn-hipaa" | tee "$out/bdn-hipaa.log" | grep -E '^\|' | tee -a "$log"
mkdir -p "$results"
cp "$out"/bdn-hipaa/results/*HipaaBenchmarks-report-github.md "$results/HipaaBenchmarks.md"

file="$HF_BENCH_DATA/generated-835-${HF_BENCH_MB}MiB.x12"
[[ -s "$file" ]] || dotnet run -c Release --no-build --project benchmarks/HealthFinance.X12.Benchmarks -- generate "$file" "$HF_BENCH_MB"

echo "== node-x12 full parse, load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
NODE_OPTIONS="${NODE_OPTIONS:---max-old-space-size=16384}" /usr/bin/time -v benchmarks/peers/run-node-x12.sh parse "$file" \
  2> "$out/node-x12-parse.time" | tee -a "$log"
grep -E 'Maximum resident|Elapsed \(wall' "$out/node-x12-parse.time" | tee -a "$log"

echo "== healthfinance x12 parse (NDJSON to /dev/null), load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
cli="$repo/src/HealthFinance.Cli/bin/Release/net10.0/healthfinance"
"$cli" x12 parse "$file" > /dev/null 2>&1 || true   # warm the file cache
/usr/bin/time -v "$cli" x12 parse "$file" > /dev/null 2> "$out/cli-parse.time" || true
grep -E 'Maximum resident|Elapsed \(wall|Exit status' "$out/cli-parse.time" | tee -a "$log"
echo "bytes: $(stat -c %s "$file")" | tee -a "$log"
