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

source "$here/lib.sh"

bare_port=$(free_port)
"$bare_bin" "$bare_port" 2 2>/dev/null & pids+=($!)
# The application as configured by default (principal cache on), and one that reads the
# principal from the store on every request.
app_port=$(free_port)
start_app "$app" "$app_port" "$data/cached"
token=$(demo_token "$app_port" auditor@sangsaeng.test)
nocache_port=$(free_port)
start_app "$app" "$nocache_port" "$data/nocache" SANGSAENG_PRINCIPAL_CACHE_MS=0
nocache_token=$(demo_token "$nocache_port" auditor@sangsaeng.test)

machine
load bare_hello "http://127.0.0.1:$bare_port/healthz"
load app_healthz "http://127.0.0.1:$app_port/healthz"
load app_auth_me_bearer "http://127.0.0.1:$app_port/api/v1/auth/me" -H "Authorization: Bearer $token"
load app_auth_me_no_cache "http://127.0.0.1:$nocache_port/api/v1/auth/me" -H "Authorization: Bearer $nocache_token"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
