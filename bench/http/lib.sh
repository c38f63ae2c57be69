# Shared by bench/http/app_*.sh (sourced): a temporary directory `data` and the `pids` started,
# both cleaned up at exit; free ports, a demo server with rate limits lifted (paid for, never
# refusing), a demo user's API token, and wrk's result line as a table row. The caller sets
# `here`, `connections` and `seconds`.

data=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$data"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_app BINARY PORT DIR [ENV=VALUE ...]: `sangsaeng demo` on a fresh data directory.
start_app() {
  local bin=$1 port=$2 dir=$3
  shift 3
  mkdir -p "$dir"
  env SANGSAENG_RATE_PER_ADDRESS_PER_S=10000000 SANGSAENG_BURST_PER_ADDRESS=10000000 \
    SANGSAENG_RATE_PER_ACCOUNT_PER_S=10000000 SANGSAENG_BURST_PER_ACCOUNT=10000000 "$@" \
    "$bin" demo --port "$port" --threads 2 --data-dir "$dir" --web-dir "" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
}

# demo_token PORT EMAIL: logs in as the demo admin and creates an API token for EMAIL's user.
demo_token() {
  local base="http://127.0.0.1:$1" jar=$data/cookies-$1 login csrf users user created
  login=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
    -d '{"email":"admin@sangsaeng.test","password":"sangsaeng-demo"}' "$base/api/v1/auth/login")
  csrf=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["csrf_token"])' "$login")
  users=$(curl -s -b "$jar" "$base/api/v1/users?limit=200")
  user=$(python3 -c 'import json,sys; print([u["id"] for u in json.loads(sys.argv[1])["items"] if u["email"]==sys.argv[2]][0])' "$users" "$2")
  created=$(curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d "{\"user_id\":\"$user\",\"name\":\"bench\"}" "$base/api/v1/tokens")
  python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$created"
}

# report NAME: turns report.lua's RESULT line (on stdin) into one row.
report() {
  awk -v n="$1" '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "  %-28s %8s req/s  p50 %7s us  p99 %8s us  errors %s\n", n, v["rps"], v["p50_us"], v["p99_us"], v["errors"] }'
}

# load NAME URL [wrk args]: 2 s of warm-up, then the measured run.
load() {
  local name=$1 url=$2
  shift 2
  wrk -t1 -c"$connections" -d2s "$@" "$url" >/dev/null 2>&1 || true
  wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/report.lua" "$@" "$url" | report "$name"
}

machine() { echo "machine: nproc=$(nproc), $(lscpu | sed -n 's/^Model name: *//p'), load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }
