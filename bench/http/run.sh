#!/usr/bin/env bash
# bench/http: requests/s and p99 of ss_http (/healthz and an authenticated JSON read) next to a
# bare Beast server, same thread count, same load, same run. Builds nothing.
#
# Usage: bench/http/run.sh <build-dir> [seconds=10] [connections=256] [threads=2] [rounds=2]
# Needs wrk. Loopback only. Each round runs bare, ours /healthz, ours JSON read; the best
# round of each is reported (the machine is shared, the best is the least disturbed).
set -euo pipefail

build=${1:?usage: run.sh <build-dir> [seconds] [connections] [threads] [rounds]}
seconds=${2:-10}
connections=${3:-256}
threads=${4:-2}
rounds=${5:-2}
here=$(cd "$(dirname "$0")" && pwd)
server_bin=$build/bench/http/http_bench_server
bare_bin=$build/bench/http/http_bare_hello
for b in "$server_bin" "$bare_bin"; do
  [[ -x $b ]] || { echo "missing $b (build targets http_bench_server http_bare_hello)" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk not installed" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() {
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$1/healthz" && return 0
    sleep 0.05
  done
  echo "server on port $1 did not come up" >&2; return 1
}

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

bare_port=$(free_port)
"$bare_bin" "$bare_port" "$threads" 2>/dev/null & pids+=($!)
ours_port=$(free_port)
"$server_bin" "$ours_port" "$threads" >/dev/null 2>&1 & pids+=($!)
wait_ready "$bare_port"
wait_ready "$ours_port"

# One wrk run; prints "rps p50_us p99_us errors".
load() {
  local url=$1; shift
  wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/report.lua" "$@" "$url" |
    awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                     print v["rps"], v["p50_us"], v["p99_us"], v["errors"] }'
}

echo "machine: nproc=$(nproc), $(lscpu | sed -n 's/^Model name: *//p'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "load: wrk -t1 -c$connections -d${seconds}s per run, $rounds rounds, server threads=$threads"

declare -A best_rps best_line
measure() {  # name url [wrk args]
  local name=$1; shift
  wrk -t1 -c"$connections" -d2s "$1" >/dev/null 2>&1 || true  # warm-up
  local line; line=$(load "$@")
  local rps=${line%% *}
  printf '  %-22s rps=%-8s p50_us=%-7s p99_us=%-7s errors=%s\n' "$name" $line
  if [[ -z ${best_rps[$name]:-} ]] || (( ${rps%.*} > ${best_rps[$name]%.*} )); then
    best_rps[$name]=$rps; best_line[$name]=$line
  fi
}

for r in $(seq "$rounds"); do
  echo "round $r"
  measure bare_hello "http://127.0.0.1:$bare_port/healthz"
  measure ss_http_healthz "http://127.0.0.1:$ours_port/healthz"
  measure ss_http_json_read "http://127.0.0.1:$ours_port/api/v1/accounts/me" \
    -H "Authorization: Bearer bench-token-1"
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "best of $rounds rounds:"
for n in bare_hello ss_http_healthz ss_http_json_read; do
  read -r rps p50 p99 errors <<<"${best_line[$n]}"
  printf '  %-22s %8s req/s  p50 %6s us  p99 %7s us  errors %s\n' "$n" "$rps" "$p50" "$p99" "$errors"
done
awk -v a="${best_rps[ss_http_healthz]}" -v b="${best_rps[bare_hello]}" -v c="${best_rps[ss_http_json_read]}" \
  'BEGIN { printf "ratio /healthz vs bare: %.0f %%\nratio JSON read vs bare: %.0f %%\n", 100*a/b, 100*c/b }'
