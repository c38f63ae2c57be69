#!/usr/bin/env bash
# bench/http: requests/s and p99 of ss_http (/healthz and an authenticated JSON read) next to a
# bare Beast server, same thread count, same load, same run. Builds nothing.
#
# Usage: bench/http/run.sh <build-dir> [seconds=10] [connections=256] [threads=2] [rounds=2]
# Needs wrk. Loopback only. Each round runs bare, ours /healthz, ours JSON read; the best
# round of each is reported (the machine is shared, the best is the least disturbed).
# Then, side by side: bare and ours /healthz loaded at the same time by two wrk processes,
# so both see the same background load; the ratio of their throughputs is the ratio of
# their efficiency (the scheduler shares the cores between the two servers' threads).
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
"$bare_bin" "$bare_port" "$threads" 2>/dev/null & bare_pid=$!; pids+=($bare_pid)
ours_port=$(free_port)
# The access log is on (as in production), written to /dev/null.
"$server_bin" "$ours_port" "$threads" >/dev/null 2>&1 & ours_pid=$!; pids+=($ours_pid)
wait_ready "$bare_port"
wait_ready "$ours_port"

# CPU time (user + system, clock ticks) used so far by a process.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# One wrk run against the server process $1; prints "rps p50_us p99_us errors cpu_us_per_req".
# CPU per request is the steadier figure on a shared machine: throughput depends on what
# else runs, CPU spent per request much less.
load() {
  local pid=$1 url=$2; shift 2
  local t0 t1 hz
  hz=$(getconf CLK_TCK)
  t0=$(cpu_ticks "$pid")
  local out
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/report.lua" "$@" "$url")
  t1=$(cpu_ticks "$pid")
  awk -v ticks=$((t1 - t0)) -v hz="$hz" '/^RESULT/ {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%s %s %s %s %.1f\n", v["rps"], v["p50_us"], v["p99_us"], v["errors"],
               1e6 * ticks / hz / v["requests"] }' <<<"$out"
}

echo "machine: nproc=$(nproc), $(lscpu | sed -n 's/^Model name: *//p'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "load: wrk -t1 -c$connections -d${seconds}s per run, $rounds rounds, server threads=$threads"

declare -A best_rps best_line
measure() {  # name pid url [wrk args]
  local name=$1; shift
  wrk -t1 -c"$connections" -d2s "$2" >/dev/null 2>&1 || true  # warm-up
  local line; line=$(load "$@")
  local rps=${line%% *}
  printf '  %-20s rps=%-7s p50_us=%-7s p99_us=%-7s errors=%-3s cpu_us/req=%s\n' "$name" $line
  if [[ -z ${best_rps[$name]:-} ]] || (( ${rps%.*} > ${best_rps[$name]%.*} )); then
    best_rps[$name]=$rps; best_line[$name]=$line
  fi
}

bare() { measure bare_hello "$bare_pid" "http://127.0.0.1:$bare_port/healthz"; }
ours() {
  measure ss_http_healthz "$ours_pid" "http://127.0.0.1:$ours_port/healthz"
  measure ss_http_json_read "$ours_pid" "http://127.0.0.1:$ours_port/api/v1/accounts/me" \
    -H "Authorization: Bearer bench-token-1"
}
for r in $(seq "$rounds"); do
  echo "round $r"
  if (( r % 2 )); then bare; ours; else ours; bare; fi  # alternate who goes first
done

echo "side by side (/healthz, both servers loaded at once):"
ratios=()
for r in $(seq "$rounds"); do
  tmp=$(mktemp)
  load "$bare_pid" "http://127.0.0.1:$bare_port/healthz" >"$tmp" &
  ours_line=$(load "$ours_pid" "http://127.0.0.1:$ours_port/healthz")
  wait $!
  bare_line=$(cat "$tmp"); rm -f "$tmp"
  ratio=$(awk -v a="${ours_line%% *}" -v b="${bare_line%% *}" 'BEGIN { printf "%.0f", 100 * a / b }')
  ratios+=("$ratio")
  printf '  round %s: bare %s req/s, ss_http %s req/s: %s %%\n' "$r" "${bare_line%% *}" "${ours_line%% *}" "$ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "best of $rounds rounds:"
for n in bare_hello ss_http_healthz ss_http_json_read; do
  read -r rps p50 p99 errors cpu <<<"${best_line[$n]}"
  printf '  %-20s %7s req/s  p50 %6s us  p99 %7s us  errors %s  cpu %s us/req\n' \
    "$n" "$rps" "$p50" "$p99" "$errors" "$cpu"
done
awk -v a="${best_rps[ss_http_healthz]}" -v b="${best_rps[bare_hello]}" -v c="${best_rps[ss_http_json_read]}" \
  'BEGIN { printf "ratio /healthz vs bare: %.0f %%\nratio JSON read vs bare: %.0f %%\n", 100*a/b, 100*c/b }'
echo "side by side /healthz vs bare, median of $rounds: $median %"
