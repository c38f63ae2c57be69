#!/usr/bin/env bash
# bench/live: SSE fan-out of a live market show's counters to `viewers` concurrent viewers while
# orders flow (issue 20, "Benchmark"), next to the same fan-out of a no-op payload through the
# same HTTP server and SSE channel options (live_baseline_server), in the same run.
#   app:      `sangsaeng demo` on PostgreSQL 15 (a temporary server from Debian's binaries, as the
#             tests start it; the production path, where a paid order reaches every node's
#             feed by LISTEN/NOTIFY); one show, one featured product; `changes` orders placed
#             and paid one after another, `interval-ms` apart, each raising "sold" by one.
#   baseline: POST /tick `changes` times, `interval-ms` apart.
# live_bench (the client, on another process) prints the update latency from each change's
# acknowledgement to each viewer's frame (p50/p99/max) and the server's memory per viewer.
# Builds nothing.
#
# Usage: bench/live/run.sh <build-dir> [viewers=10000] [changes=100] [interval-ms=200]
# Needs PostgreSQL 15's server binaries and psql. Loopback only. ulimit -n must exceed viewers.
set -euo pipefail

build=${1:?usage: run.sh <build-dir> [viewers] [changes] [interval-ms]}
viewers=${2:-10000}
changes=${3:-100}
interval=${4:-200}
here=$(cd "$(dirname "$0")" && pwd)
app=$build/src/app/sangsaeng
client=$build/bench/live/live_bench
baseline=$build/bench/live/live_baseline_server
pg_bin=/usr/lib/postgresql/15/bin
for b in "$app" "$client" "$baseline" "$pg_bin/initdb"; do
  [[ -x $b ]] || { echo "missing $b (targets: sangsaeng live_bench live_baseline_server)" >&2; exit 1; }
done
(( $(ulimit -n) > viewers + 100 )) || { echo "ulimit -n is $(ulimit -n): below $viewers viewers" >&2; exit 1; }

source "$here/../http/lib.sh"  # data, pids, cleanup, free_port, machine

pg_dir=$(mktemp -d /tmp/ss-live-pg-XXXXXX)
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) -eq 0 ]] && chown postgres:postgres "$pg_dir"
pg_port=$(free_port)
stop_all() {
  cleanup
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_all EXIT
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
psql -qtA -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE live" >/dev/null
url="postgresql://postgres@127.0.0.1:$pg_port/live"

machine
echo "viewers=$viewers changes=$changes interval_ms=$interval ulimit_n=$(ulimit -n)"

port=$(free_port)
env SANGSAENG_RATE_PER_ADDRESS_PER_S=10000000 SANGSAENG_BURST_PER_ADDRESS=10000000 \
  SANGSAENG_RATE_PER_ACCOUNT_PER_S=10000000 SANGSAENG_BURST_PER_ACCOUNT=10000000 \
  SANGSAENG_MARKET_UNITS_PER_ADDRESS_MAX=0 SANGSAENG_CONNECTIONS_MAX=$((viewers + 1000)) \
  SANGSAENG_LOG_LEVEL=warn \
  "$app" demo --db "$url" --data-dir "$data/app" --port "$port" --threads 2 --web-dir "" >"$data/app.log" 2>&1 &
app_pid=$!
pids+=($app_pid)
for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
"$client" app "$port" "$app_pid" "$viewers" "$changes" "$interval"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true

port=$(free_port)
"$baseline" "$port" 2 2>/dev/null &
base_pid=$!
pids+=($base_pid)
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
"$client" baseline "$port" "$base_pid" "$viewers" "$changes" "$interval"
echo "after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
