#!/usr/bin/env bash
# bench/http/app_transfers.sh: durable ledger transfers over HTTP (POST /api/v1/ledger/transfers,
# one transfer per request, bearer token, Idempotency-Key not sent) against `sangsaeng demo` on
# a fresh SQLite database, next to the bare Beast server and the app's /healthz in the same run.
# Each answer comes after the transfer's commit (WAL, synchronous=FULL); concurrent requests
# share group commits only if no io thread waits for its commit.
# Usage: bench/http/app_transfers.sh <build-dir> [seconds=10] [connections=256] [other-sangsaeng]
# With a fourth argument (e.g. an older build's binary) the same load runs against it too.
set -euo pipefail
build=${1:?usage: app_transfers.sh <build-dir> [seconds] [connections] [other-binary]}
seconds=${2:-10}
connections=${3:-256}
other=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
export WRK_REPORT=$here/report.lua
app=$build/src/app/sangsaeng
bare_bin=$build/bench/http/http_bare_hello
for b in "$app" "$bare_bin" ${other:+"$other"}; do [[ -x $b ]] || { echo "missing $b" >&2; exit 1; }; done
command -v wrk >/dev/null || { echo "wrk not installed" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
data=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$data"; }
trap cleanup EXIT

# start_app BINARY PORT DIR: a demo server with rate limits lifted.
start_app() {
  mkdir -p "$3"
  SANGSAENG_RATE_PER_ADDRESS_PER_S=10000000 SANGSAENG_BURST_PER_ADDRESS=10000000 \
  SANGSAENG_RATE_PER_ACCOUNT_PER_S=10000000 SANGSAENG_BURST_PER_ACCOUNT=10000000 \
    "$1" demo --port "$2" --threads 2 --data-dir "$3" --web-dir "" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$2/readyz" && break; sleep 0.1; done
}
# admin_token PORT: an API token for the demo admin (who may write the books), after creating
# the two ledger accounts the load moves money between.
admin_token() {
  local base="http://127.0.0.1:$1" jar=$data/cookies-$1 login csrf users admin created token
  login=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
    -d '{"email":"admin@sangsaeng.test","password":"sangsaeng-demo"}' "$base/api/v1/auth/login")
  csrf=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["csrf_token"])' "$login")
  users=$(curl -s -b "$jar" "$base/api/v1/users?limit=200")
  admin=$(python3 -c 'import json,sys; print([u["id"] for u in json.loads(sys.argv[1])["items"] if u["email"]=="admin@sangsaeng.test"][0])' "$users")
  created=$(curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d "{\"user_id\":\"$admin\",\"name\":\"bench\"}" "$base/api/v1/tokens")
  token=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$created")
  curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"accounts":[{"id":"1000001","ledger":1,"code":1,"owner_kind":"fund","owner_ref":"bench-a"},{"id":"1000002","ledger":1,"code":1,"owner_kind":"fund","owner_ref":"bench-b"}]}' \
    "$base/api/v1/ledger/accounts"
  echo "$token"
}

report() {
  awk -v n="$1" '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "  %-28s %8s req/s  p50 %7s us  p99 %8s us  errors %s\n", n, v["rps"], v["p50_us"], v["p99_us"], v["errors"] }'
}
get() {  # name url
  wrk -t1 -c"$connections" -d2s "$2" >/dev/null 2>&1 || true
  wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/report.lua" "$2" | report "$1"
}
transfers() {  # name binary
  local port token
  port=$(free_port)
  start_app "$2" "$port" "$data/$1"
  token=$(admin_token "$port")
  wrk -t1 -c"$connections" -d2s -s "$here/transfers.lua" "http://127.0.0.1:$port/api/v1/ledger/transfers" \
    -- 2000000000 "$token" >/dev/null 2>&1 || true
  wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/transfers.lua" "http://127.0.0.1:$port/api/v1/ledger/transfers" \
    -- 3000000000 "$token" | report "$1"
  balance=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/ledger/accounts/1000002/balance")
  echo "    won credited to the second account (1 per acknowledged transfer, warm-up included): $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["balances"]["credits_posted"])' "$balance")"
}

echo "machine: nproc=$(nproc), $(lscpu | sed -n 's/^Model name: *//p'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
bare_port=$(free_port)
"$bare_bin" "$bare_port" 2 2>/dev/null & pids+=($!)
get bare_hello "http://127.0.0.1:$bare_port/healthz"
transfers app_transfer "$app"
[[ -n $other ]] && transfers other_binary_transfer "$other"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
