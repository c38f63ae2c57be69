#!/usr/bin/env bash
# bench/http/app_read.sh: the real application's authenticated JSON read next to the bare
# Beast server, in the same run. Starts `sangsaeng demo` on a fresh SQLite database, creates an
# API token for the demo auditor through the API, then loads GET /api/v1/auth/me with that
# bearer token (the principal comes from the principal cache, refreshed every 2 s) and the app's
# /healthz, and the bare server. Rate limits are lifted so they are paid for but never refuse.
# A second server with principal_cache_ms = 0 shows the same read when every request reads the
# token, user and roles from the store. Builds nothing. Usage: bench/http/app_read.sh <build-dir> [seconds=10] [connections=256]
set -euo pipefail
build=${1:?usage: app_read.sh <build-dir> [seconds] [connections]}
seconds=${2:-10}
connections=${3:-256}
here=$(cd "$(dirname "$0")" && pwd)
app=$build/src/app/sangsaeng
bare_bin=$build/bench/http/http_bare_hello
for b in "$app" "$bare_bin"; do [[ -x $b ]] || { echo "missing $b" >&2; exit 1; }; done
command -v wrk >/dev/null || { echo "wrk not installed" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
data=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$data"; }
trap cleanup EXIT

bare_port=$(free_port)
"$bare_bin" "$bare_port" 2 2>/dev/null & pids+=($!)
# start_app PORT DATA_DIR [ENV=VALUE ...]: a demo server with rate limits lifted; prints nothing.
start_app() {
  local port=$1 dir=$2; shift 2
  mkdir -p "$dir"
  env SANGSAENG_RATE_PER_ADDRESS_PER_S=10000000 SANGSAENG_BURST_PER_ADDRESS=10000000 \
    SANGSAENG_RATE_PER_ACCOUNT_PER_S=10000000 SANGSAENG_BURST_PER_ACCOUNT=10000000 "$@" \
    "$app" demo --port "$port" --threads 2 --data-dir "$dir" --web-dir "" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
}
# auditor_token PORT: logs in as the demo admin and creates an API token for the auditor.
auditor_token() {
  local base="http://127.0.0.1:$1" jar=$data/cookies-$1
  local login csrf users auditor created
  login=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
    -d '{"email":"admin@sangsaeng.test","password":"sangsaeng-demo"}' "$base/api/v1/auth/login")
  csrf=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["csrf_token"])' "$login")
  users=$(curl -s -b "$jar" "$base/api/v1/users?limit=200")
  auditor=$(python3 -c 'import json,sys; print([u["id"] for u in json.loads(sys.argv[1])["items"] if u["email"]=="auditor@sangsaeng.test"][0])' "$users")
  created=$(curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d "{\"user_id\":\"$auditor\",\"name\":\"bench\"}" "$base/api/v1/tokens")
  python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$created"
}

# The application as configured by default (principal cache on), and one that reads the
# principal from the store on every request.
app_port=$(free_port)
start_app "$app_port" "$data/cached"
token=$(auditor_token "$app_port")
nocache_port=$(free_port)
start_app "$nocache_port" "$data/nocache" SANGSAENG_PRINCIPAL_CACHE_MS=0
nocache_token=$(auditor_token "$nocache_port")

run() {  # name url [wrk args]
  local name=$1 url=$2; shift 2
  wrk -t1 -c"$connections" -d2s "$@" "$url" >/dev/null 2>&1 || true
  wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/report.lua" "$@" "$url" |
    awk -v n="$name" '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "  %-24s %8s req/s  p50 %7s us  p99 %8s us  errors %s\n", n, v["rps"], v["p50_us"], v["p99_us"], v["errors"] }'
}
echo "machine: nproc=$(nproc), $(lscpu | sed -n 's/^Model name: *//p'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run bare_hello "http://127.0.0.1:$bare_port/healthz"
run app_healthz "http://127.0.0.1:$app_port/healthz"
run app_auth_me_bearer "http://127.0.0.1:$app_port/api/v1/auth/me" -H "Authorization: Bearer $token"
run app_auth_me_no_cache "http://127.0.0.1:$nocache_port/api/v1/auth/me" -H "Authorization: Bearer $nocache_token"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
