#!/usr/bin/env bash
# bench/http/app_transfers.sh: durable ledger transfers over HTTP (POST /api/v1/ledger/transfers,
# one transfer per request, bearer token) against `sangsaeng demo` on a fresh SQLite database,
# without and with an Idempotency-Key per request (its reservation is one more group commit),
# next to the bare Beast server and the app's /healthz in the same run.
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

source "$here/lib.sh"

# transfers NAME BINARY [keyed]: a demo server, two ledger accounts, then one 1-won transfer per
# request with the demo admin's token (admins may write the books).
transfers() {
  local port token base balance
  port=$(free_port)
  base="http://127.0.0.1:$port"
  start_app "$2" "$port" "$data/$1"
  token=$(demo_token "$port" admin@sangsaeng.test)
  curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"accounts":[{"id":"1000001","ledger":1,"code":1,"owner_kind":"fund","owner_ref":"bench-a"},{"id":"1000002","ledger":1,"code":1,"owner_kind":"fund","owner_ref":"bench-b"}]}' \
    "$base/api/v1/ledger/accounts"
  wrk -t1 -c"$connections" -d2s -s "$here/transfers.lua" "$base/api/v1/ledger/transfers" \
    -- 2000000000 "$token" "${3:-}" >/dev/null 2>&1 || true
  wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/transfers.lua" "$base/api/v1/ledger/transfers" \
    -- 3000000000 "$token" "${3:-}" | report "$1"
  balance=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/ledger/accounts/1000002/balance")
  echo "    won credited to the second account (1 per acknowledged transfer, warm-up included): $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["balances"]["credits_posted"])' "$balance")"
  echo "    audit entries for the transfers route: $(sqlite3 "$data/$1/sangsaeng.db" "SELECT COUNT(*) FROM audit_log WHERE action = 'POST /api/v1/ledger/transfers'")"
}

machine
bare_port=$(free_port)
"$bare_bin" "$bare_port" 2 2>/dev/null & pids+=($!)
load bare_hello "http://127.0.0.1:$bare_port/healthz"
transfers app_transfer "$app"
transfers app_transfer_keyed "$app" keyed
if [[ -n $other ]]; then transfers other_binary_transfer "$other"; fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
