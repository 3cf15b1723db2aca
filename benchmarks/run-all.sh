#!/usr/bin/env bash
# Reproduces every figure of docs/performance.md on this machine, one measurement at a time:
#   1. BenchmarkDotNet, short job (1 launch, 3 warmups, 5 iterations), all benchmarks over the generated
#      835 of HF_BENCH_MB MiB (default 64); GitHub-markdown tables copied to benchmarks/results/<cpu>/ + Versions.txt.
#   2. node-x12 on the same generated file: streaming parser (3 runs in one process) and full parse.
#   3. End to end: `healthfinance x12 validate` vs node-x12 streaming (benchmarks/peers/compare-cli.sh 64 1024).
# Everything is logged under HF_BENCH_OUT (default ${TMPDIR:-/tmp}/hf-bench-out); generated files go to
# HF_BENCH_DATA (default ${TMPDIR:-/tmp}/hf-bench-data). Nothing generated is written into the repository
# except benchmarks/results/<cpu>/.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"

echo "== build" | tee "$out/run-all.log"
dotnet build -c Release --nologo -v q src/HealthFinance.Cli
dotnet build -c Release --nologo -v q benchmarks/HealthFinance.X12.Benchmarks

echo "== BenchmarkDotNet ($HF_BENCH_MB MiB), load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/run-all.log"
rm -rf "$out/bdn"
dotnet run -c Release --no-build --project benchmarks/HealthFinance.X12.Benchmarks -- \
  --filter '*' --artifacts "$out/bdn" | tee "$out/bdn.log" | grep -E '^\|' | tee -a "$out/run-all.log"
mkdir -p "$results"
for report in "$out"/bdn/results/*-report-github.md; do
  name="$(basename "$report" -report-github.md)"
  cp "$report" "$results/${name##*.}.md"
done
{
  echo "commit: $(git rev-parse --short HEAD)"
  echo "cpu: $(lscpu | awk -F': *' '/Model name/ { print $2; exit }'), $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "dotnet sdk: $(dotnet --version)"
  echo "runtime: $(grep -m1 -o 'Runtime=.*' "$out/bdn.log" | cut -d= -f2)"
  echo "BenchmarkDotNet: $(grep -m1 -o 'BenchmarkDotNet v[0-9.]*' "$out/bdn.log" | cut -d' ' -f2)"
  echo "node: $(node --version)"
  echo "input: generated 835, HF_BENCH_MB=$HF_BENCH_MB, seed 835"
} > "$results/Versions.txt"

file="$HF_BENCH_DATA/generated-835-${HF_BENCH_MB}MiB.x12"
[[ -s "$file" ]] || dotnet run -c Release --no-build --project benchmarks/HealthFinance.X12.Benchmarks -- generate "$file" "$HF_BENCH_MB"
echo "== node-x12 stream, load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/run-all.log"
benchmarks/peers/run-node-x12.sh stream "$file" --repeat 3 | tee -a "$out/run-all.log"
echo "== node-x12 full parse, load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/run-all.log"
benchmarks/peers/run-node-x12.sh parse "$file" | tee -a "$out/run-all.log"

echo "== CLI end to end, load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/run-all.log"
HF_NO_BUILD=1 benchmarks/peers/compare-cli.sh "$HF_BENCH_MB" 1024 | tee -a "$out/run-all.log"
