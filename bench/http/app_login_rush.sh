#!/usr/bin/env bash
# bench/http/app_login_rush.sh: reads during a rush of log-ins. Starts `sangsaeng demo` on a
# fresh SQLite database with every rate limit lifted, the log-in limit included (as when
# thousands of addresses log in at 10:00), then measures /healthz and an authenticated read
# (GET /api/v1/auth/me with the demo auditor's bearer token), both loaded at once by two wrk
# processes, first alone and then while CLIENTS clients log in at once and keep logging in
# (bench/http/login_rush.py; a 503 is honoured with its Retry-After). Same server, same run.
# Usage: bench/http/app_login_rush.sh <build-dir> [seconds=10] [connections=16] [clients=300] [other-sangsaeng]
# connections: per wrk (two of them). With a fifth argument (e.g. an older build's binary) the
# same two phases run against it too.
set -euo pipefail
build=${1:?usage: app_login_rush.sh <build-dir> [seconds] [connections] [clients] [other-binary]}
seconds=${2:-10}
connections=${3:-16}
clients=${4:-300}
other=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
app=$build/src/app/sangsaeng
for b in "$app" ${other:+"$other"}; do [[ -x $b ]] || { echo "missing $b" >&2; exit 1; }; done
command -v wrk >/dev/null || { echo "wrk not installed" >&2; exit 1; }

source "$here/lib.sh"

# reads NAME PORT TOKEN: /healthz and the authenticated read at the same time, one wrk each.
reads() {
  local tmp
  tmp=$(mktemp -p "$data")
  wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/report.lua" "http://127.0.0.1:$2/healthz" \
    | report "$1 /healthz" >"$tmp" &
  local healthz=$!
  wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/report.lua" \
    -H "Authorization: Bearer $3" "http://127.0.0.1:$2/api/v1/auth/me" | report "$1 /auth/me"
  wait "$healthz"
  cat "$tmp"
}

# rush NAME BINARY: the two phases against one server.
rush() {
  local port token out
  port=$(free_port)
  start_app "$2" "$port" "$data/$1" SANGSAENG_LOGIN_RATE_PER_ADDRESS_PER_MIN=100000000
  token=$(demo_token "$port" auditor@sangsaeng.test)
  wrk -t1 -c"$connections" -d2s "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 || true
  echo "$1: without the rush"
  reads "  alone" "$port" "$token"
  echo "$1: while $clients clients log in at once"
  out=$data/rush-$1
  python3 "$here/login_rush.py" "$port" "$clients" "$((seconds + 2))" >"$out" &
  local rusher=$!
  for _ in $(seq 100); do grep -q STARTED "$out" 2>/dev/null && break; sleep 0.1; done
  sleep 1  # every client has sent its first log-in
  reads "  rush " "$port" "$token"
  wait "$rusher"
  awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "  log-ins: %s answered 200 (%s/s, p50 %s us, p99 %s us), %s refused 503, %s other\n",
      v["ok"], v["logins_per_s"], v["p50_us"], v["p99_us"], v["refused_503"], v["other"] }' "$out"
}

machine
rush app "$app"
if [[ -n $other ]]; then rush other_binary "$other"; fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
