# Sourced by benchmarks/run-all.sh, run-hipaa.sh and run-hl7.sh: the settings both share. Sets repo (the repository root,
# also the working directory), out (HF_BENCH_OUT, default ${TMPDIR:-/tmp}/hf-bench-out), cpu and results
# (benchmarks/results/<cpu>/), and exports HF_BENCH_DATA (default ${TMPDIR:-/tmp}/hf-bench-data) and HF_BENCH_MB (default 64).
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${HF_BENCH_OUT:-${TMPDIR:-/tmp}/hf-bench-out}"
export HF_BENCH_DATA="${HF_BENCH_DATA:-${TMPDIR:-/tmp}/hf-bench-data}"
export HF_BENCH_MB="${HF_BENCH_MB:-64}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cd "$repo"
mkdir -p "$out" "$HF_BENCH_DATA"
cpu="$(lscpu | awk -F': *' '/Model name/ { print $2; exit }' | tr -s ' ' '.')"
results="$repo/benchmarks/results/$cpu"
