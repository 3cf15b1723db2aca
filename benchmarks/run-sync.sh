#!/usr/bin/env bash
# Reproduces the "Sync pipeline: end to end" figures of docs/performance.md, one step after the other:
#   1. Generates (or reuses) the inputs into HF_BENCH_DATA: 835s of 10 and 100 MiB, each with the 837P of the claims it
#      pays (tests/HealthFinance.TestUtilities/Generation, seed 20250313).
#   2. BenchmarkDotNet, fixed job (1 launch, 1 warmup, 3 measured iterations of one invocation): each invocation runs a
#      fresh SyncPipeline (new SQLite state file, new export folder) over the 837P then the 835; Op/s = claim payments
#      per second. Every case by default (JSON-lines export and no export, at 10 and 100 MiB); HF_SYNC_FILTER
#      (BenchmarkDotNet filters, space-separated) chooses some, e.g. '*10MB*'. The markdown is copied to
#      benchmarks/results/<cpu>/SyncBenchmarks.md, the per-iteration memory records to SyncBenchmarks-memory.jsonl.
#   3. The stage breakdown at 10 MiB: `profile 10` (parse, unit processing, outbox JSON; every state store and export
#      call timed, without and with the JSON-lines export).
#   4. The goal's configuration, one timed run per size with peak resident set: `run N` (SQLite state, JSON-lines
#      export) of the built program under /usr/bin/time -v, at 10 and 100 MiB.
# The load average is printed before and after every step. Logs go to HF_BENCH_OUT (default ${TMPDIR:-/tmp}/hf-bench-out).
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
log="$out/run-sync.log"
read -r -a filters <<< "${HF_SYNC_FILTER:-*SyncBenchmarks*}"
project=benchmarks/HealthFinance.Sync.Benchmarks
app="$repo/$project/bin/Release/net10.0/HealthFinance.Sync.Benchmarks"
load() { echo "$(cut -d' ' -f1-3 /proc/loadavg) ($(uptime))"; }

dotnet build -c Release --nologo -v q "$project"

echo "== generate, load: $(load)" | tee "$log"
"$app" generate 10 100 | tee -a "$log"

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

echo "== profile 10 MiB, load: $(load)" | tee -a "$log"
"$app" profile 10 | tee -a "$log"

for size in 10 100; do
  echo "== run $size MiB (SQLite state, JSON-lines export) under /usr/bin/time -v, load: $(load)" | tee -a "$log"
  /usr/bin/time -v "$app" run "$size" 2> "$out/sync-run-$size.time" | tee -a "$log"
  grep -E 'Maximum resident|Elapsed \(wall|Exit status' "$out/sync-run-$size.time" | tee -a "$log"
done
echo "== done, load: $(load)" | tee -a "$log"
