#!/usr/bin/env bash
# End-to-end comparison on the same generated 835 file: `healthfinance x12 validate FILE` (Release build of
# src/HealthFinance.Cli; its streaming syntax and envelope pass, i.e. with --syntax-only where the command also has a
# HIPAA pass, since node-x12 only tokenizes) against node-x12's streaming parser reading the file. Wall time and peak RSS come from
# /usr/bin/time -v; MB/s uses 1 MB = 2^20 bytes. Each measurement is repeated HF_RUNS times (default 3) and the
# median wall time is used for MB/s and the ratio; peak RSS is the largest of the runs.
#
# Usage: benchmarks/peers/compare-cli.sh [sizeMB ...]      (default: 64; e.g. "64 1024" adds a 1 GiB file)
# Environment: HF_BENCH_DATA (where generated files go, default ${TMPDIR:-/tmp}/hf-bench-data),
#              HF_RUNS (default 3), HF_NO_BUILD=1 (use the existing Release builds).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${HF_BENCH_DATA:-${TMPDIR:-/tmp}/hf-bench-data}"
runs="${HF_RUNS:-3}"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(64)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ ! -x /usr/bin/time ]]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q time
fi

cd "$repo"
cli="$repo/src/HealthFinance.Cli/bin/Release/net10.0/healthfinance.dll"
if [[ "${HF_NO_BUILD:-}" != 1 ]]; then
  dotnet build -c Release --nologo -v q src/HealthFinance.Cli >&2
  dotnet build -c Release --nologo -v q benchmarks/HealthFinance.X12.Benchmarks >&2
fi
if ! help="$(dotnet "$cli" x12 validate --help 2>&1)"; then
  echo "compare-cli: '$cli x12 validate' is not available in this build" >&2
  exit 2
fi
validate=(x12 validate)
if grep -q -- '--syntax-only' <<<"$help"; then
  validate+=(--syntax-only)
fi

mkdir -p "$data"
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Runs "$@" under /usr/bin/time -v; prints "<wall seconds> <peak RSS KiB> <exit code>".
measure() {
  local report
  report="$(mktemp)"
  set +e
  /usr/bin/time -v -o "$report" "$@" >/dev/null 2>"$report.err"
  local code=$?
  set -e
  local wall rss
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$report")"
  rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$report")"
  if [[ $code -ne 0 ]]; then
    echo "  (exit code $code; stderr:)" >&2
    head -5 "$report.err" >&2
  fi
  rm -f "$report" "$report.err"
  echo "$wall $rss $code"
}

echo "machine: $(lscpu | awk -F': *' '/Model name/ { print $2; exit }'), $(nproc) cores; dotnet $(dotnet --version); node $(node --version)"
echo "command: dotnet healthfinance.dll ${validate[*]} FILE"
for size in "${sizes[@]}"; do
  file="$data/generated-835-${size}MiB.x12"
  if [[ ! -s "$file" ]]; then
    dotnet run -c Release --no-build --project benchmarks/HealthFinance.X12.Benchmarks -- generate "$file" "$size"
  fi
  bytes="$(stat -c %s "$file")"
  mib="$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')"
  echo "== $file ($bytes bytes, $mib MiB)"

  declare -A wall_of=() rss_of=()
  for tool in healthfinance node-x12; do
    walls=() peak=0
    for ((run = 1; run <= runs; run++)); do
      load="$(cut -d' ' -f1 /proc/loadavg)"
      if [[ $tool == healthfinance ]]; then
        read -r wall rss code < <(measure dotnet "$cli" "${validate[@]}" "$file")
      else
        read -r wall rss code < <(measure "$here/run-node-x12.sh" stream "$file")
      fi
      printf '  %-14s run %d: %8.2f s  peak RSS %7.1f MiB  exit %s  (load average before: %s)\n' "$tool" "$run" "$wall" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$code" "$load"
      walls+=("$wall")
      (( rss > peak )) && peak=$rss
    done
    wall_of[$tool]="$(printf '%s\n' "${walls[@]}" | median)"
    rss_of[$tool]=$peak
  done

  for tool in healthfinance node-x12; do
    awk -v t="$tool" -v w="${wall_of[$tool]}" -v r="${rss_of[$tool]}" -v m="$mib" \
      'BEGIN { printf "  %-14s median %8.2f s  %8.1f MB/s  peak RSS %7.1f MiB\n", t, w, m / w, r / 1024 }'
  done
  awk -v a="${wall_of[healthfinance]}" -v b="${wall_of[node-x12]}" \
    'BEGIN { printf "  ratio (node-x12 time / healthfinance time): %.1fx\n", b / a }'
  unset wall_of rss_of
done
