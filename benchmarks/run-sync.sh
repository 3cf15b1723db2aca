#!/usr/bin/env bash
# Reproduces the "Sync pipeline: end to end" figures of docs/performance.md, one step after the other:
#   1. Generates (or reuses) the inputs into HF_BENCH_DATA: 835s of 1, 2, 10 and 100 MiB, each with the 837P of the
#      claims it pays (tests/HealthFinance.TestUtilities/Generation, seed 20250313).
#   2. BenchmarkDotNet, fixed job (1 launch, 1 warmup, 3 measured iterations of one invocation): each invocation runs a
#      fresh SyncPipeline (new SQLite state file, new export folder) over the 837P then the 835; Op/s = claim payments
#      per second. Default cases: JSON-lines export at 1 and 2 MiB, no export at 10 and 100 MiB; HF_SYNC_FILTER
#      (BenchmarkDotNet filters, space-separated) chooses others, e.g. '*Sync_10MB_JsonLines*'. The markdown is copied
#      to benchmarks/results/<cpu>/SyncBenchmarks.md, the per-iteration memory records to SyncBenchmarks-memory.jsonl.
#   3. The stage breakdown: `profile 10 --passes 1,2` (parse, map, outbox JSON, state store calls without export) and
#      `profile 1 --passes 3` (state store and JSON-lines export calls).
#   4. Peak resident set per size: `run N` of the built program under /usr/bin/time -v (no export at 10 and 100 MiB,
#      JSON-lines export at 1 MiB).
# The load average is printed before and after every step. Logs go to HF_BENCH_OUT (default ${TMPDIR:-/tmp}/hf-bench-out).
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
log="$out/run-sync.log"
read -r -a filters <<< "${HF_SYNC_FILTER:-*Sync_1MB_JsonLines* *Sync_2MB_JsonLines* *Sync_10MB_NoExport* *Sync_100MB_NoExport*}"
project=benchmarks/HealthFinance.Sync.Benchmarks
app="$repo/$project/bin/Release/net10.0/HealthFinance.Sync.Benchmarks"
load() { echo "$(cut -d' ' -f1-3 /proc/loadavg) ($(uptime))"; }

dotnet build -c Release --nologo -v q "$project"

echo "== generate, load: $(load)" | tee "$log"
"$app" generate 1 2 10 100 | tee -a "$log"

echo "== BenchmarkDotNet SyncBenchmarks (${filters[*]}), load: $(load)" | tee -a "$log"
rm -rf "$out/bdn-sync"
export HF_SYNC_MEMORY_LOG="$out/sync-memory.jsonl"
rm -f "$HF_SYNC_MEMORY_LOG"
dotnet run -c Release --no-build --project "$project" -- --filter "${filters[@]}" --artifacts "$out/bdn-sync" \
  | tee "$out/bdn-sync.log" | grep -E '^\||// sync-memory' | tee -a "$log"
echo "== load after BenchmarkDotNet: $(load)" | tee -a "$log"
mkdir -p "$results"
cp "$out"/bdn-sync/results/*SyncBenchmarks-report-github.md "$results/SyncBenchmarks.md"
cp "$HF_SYNC_MEMORY_LOG" "$results/SyncBenchmarks-memory.jsonl"

echo "== profile 10 MiB (passes 1, 2), load: $(load)" | tee -a "$log"
"$app" profile 10 --passes 1,2 | tee -a "$log"
echo "== profile 1 MiB (pass 3, JSON-lines export), load: $(load)" | tee -a "$log"
"$app" profile 1 --passes 3 | tee -a "$log"

for size in 10 100; do
  echo "== peak RSS, $size MiB without export, load: $(load)" | tee -a "$log"
  /usr/bin/time -v "$app" run "$size" 1 noexport 2> "$out/sync-run-$size.time" | tee -a "$log"
  grep -E 'Maximum resident|Elapsed \(wall' "$out/sync-run-$size.time" | tee -a "$log"
done
echo "== peak RSS, 1 MiB with JSON-lines export, load: $(load)" | tee -a "$log"
/usr/bin/time -v "$app" run 1 1 2> "$out/sync-run-1.time" | tee -a "$log"
grep -E 'Maximum resident|Elapsed \(wall' "$out/sync-run-1.time" | tee -a "$log"
echo "== done, load: $(load)" | tee -a "$log"
