#!/usr/bin/env bash
# bench/drop: the market's buy under a rush (issue 15, "Benchmark"). Keep-alive connections
# (wrk), `buyers` distinct buyers each with their own bearer token, every request one purchase
# of 1 unit (POST /api/v1/market/drops/{id}/orders) with a new Idempotency-Key:
#   rush:       a drop of 2,000 units, 2 per buyer: sold out within the run; the rest refused
#   throughput: an open drop of 1,000,000 units (1,000 per buyer): admitted orders/s
# against `sangsaeng demo` on SQLite (the embedded default) and on PostgreSQL 15 (a temporary
# server from Debian's binaries, as the tests start it). Afterwards, through the API and the
# database: sold + held == quantity of the small drop, and no buyer above the limit.
# In the same run, behind the same HTTP front where it applies (bench/http's bare Beast hello;
# drop_baseline_server, ss_http with another handler): a PostgreSQL hot-row decrement
# (autocommit, same PostgreSQL server) and a Redis Lua decrement (appendfsync always).
# Builds nothing.
#
# Usage: bench/drop/run.sh <build-dir> [seconds=10] [connections=256] [buyers=10000]
#        [other-sangsaeng]   (with a fifth argument the app runs are repeated with that binary)
# Needs wrk, sqlite3, psql, redis-server, PostgreSQL 15's server binaries. Loopback only.
set -euo pipefail

build=${1:?usage: run.sh <build-dir> [seconds] [connections] [buyers] [other-binary]}
seconds=${2:-10}
connections=${3:-256}
buyers=${4:-10000}
other=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
export WRK_REPORT=$here/../http/report.lua
app=$build/src/app/sangsaeng
bare_bin=$build/bench/http/http_bare_hello
setup_bin=$build/bench/drop/drop_setup
baseline_bin=$build/bench/drop/drop_baseline_server
pg_bin=/usr/lib/postgresql/15/bin
for b in "$app" "$bare_bin" "$setup_bin" "$baseline_bin" ${other:+"$other"} "$pg_bin/initdb"; do
  [[ -x $b ]] || { echo "missing $b (targets: sangsaeng http_bare_hello drop_setup drop_baseline_server)" >&2; exit 1; }
done
for c in wrk sqlite3 psql redis-server; do command -v $c >/dev/null || { echo "$c not installed (scripts/setup)" >&2; exit 1; }; done

source "$here/../http/lib.sh"  # data, pids, cleanup, free_port, start_app, machine

# PostgreSQL refuses to run as root: as root it runs as the postgres user, in its own directory.
pg_dir=$(mktemp -d /tmp/ss-drop-pg-XXXXXX)
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) -eq 0 ]] && chown postgres:postgres "$pg_dir"
pg_port=$(free_port)
stop_all() {
  cleanup
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_all EXIT

# rush NAME URL TOKENS KEY-PREFIX SECONDS: one wrk run; prints the row, and remembers it in $last.
rush() {
  local out
  out=$(wrk -t1 -c"$connections" -d"${5}s" --timeout 10s -s "$here/buy.lua" "$2" -- "$3" "$4")
  last=$(awk -v n="$1" '
    /^RESULT/ || /^ANSWERS/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
    END { printf "  %-34s %7s req/s  admitted %7s/s (%s)  refused %s  other %s  p50 %7s us  p99 %8s us  socket errors %s\n",
                 n, v["rps"], v["admitted_per_s"], v["admitted"], v["refused"], v["other"], v["p50_us"], v["p99_us"], v["errors"] - v["refused"] - v["other"] }' <<<"$out")
  echo "$last"
}

# sql DB-URL QUERY: one value from the app's database (sqlite3 or psql).
sql() {
  if [[ $1 == sqlite://* ]]; then sqlite3 "${1#sqlite://}" "$2"; else psql -qtA "$1" -c "$2"; fi
}

# check NAME DB-URL DROP-ID QUANTITY LIMIT PORT TOKEN: the drop's counts through the API and
# the database afterwards.
check() {
  local url=$2 drop=$3 quantity=$4 limit=$5 counts units over span
  sleep 1  # requests still in flight when wrk stopped are answered first
  counts=$(curl -s -H "Authorization: Bearer $7" "http://127.0.0.1:$6/api/v1/market/drops/$drop")
  counts=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["sold"], d["held"], d["quantity"])' "$counts")
  local live="status IN ('held','paid','packed','shipped','delivered')"
  units=$(sql "$url" "SELECT COALESCE(SUM(units),0) FROM market_orders WHERE drop_id = $drop AND $live")
  over=$(sql "$url" "SELECT COUNT(*) FROM (SELECT buyer_id FROM market_orders WHERE drop_id = $drop AND $live GROUP BY buyer_id HAVING SUM(units) > $limit) t")
  span=$(sql "$url" "SELECT (MAX(created_at) - MIN(created_at)) / 1000 FROM market_orders WHERE drop_id = $drop")
  read -r sold held stock <<<"$counts"
  local verdict=ok
  (( sold + held <= quantity && units <= quantity && over == 0 )) || verdict=VIOLATED
  [[ $quantity -le 2000 && $((sold + held)) -ne $quantity ]] && verdict="$verdict (not sold out)"
  echo "    $1: API sold $sold + held $held of $stock; database: $units units in live orders, $over buyers over the limit of $limit; first to last order ${span} ms ($(( span > 0 ? units * 1000 / span : 0 )) units/s): $verdict"
}

# app_runs NAME BINARY [postgres]: a demo server on a fresh database, the buyers and two drops,
# the rush on the small drop, then throughput on the large one.
app_runs() {
  local name=$1 bin=$2 port dir url ids small large token
  port=$(free_port)
  dir=$data/$name
  if [[ ${3:-} == postgres ]]; then
    psql -q "postgresql://postgres@127.0.0.1:$pg_port/postgres" -c "CREATE DATABASE app_$name" >/dev/null
    url="postgresql://postgres@127.0.0.1:$pg_port/app_$name"
    # Every buyer comes from 127.0.0.1: the per-address limit is off for the bench.
    start_app "$bin" "$port" "$dir" SANGSAENG_DB_URL="$url" SANGSAENG_MARKET_UNITS_PER_ADDRESS_MAX=0
  else
    url="sqlite://$dir/sangsaeng.db"
    start_app "$bin" "$port" "$dir" SANGSAENG_MARKET_UNITS_PER_ADDRESS_MAX=0
  fi
  ids=$("$setup_bin" "$url" "$buyers" "$data/$name.tokens" 2000 1000000)
  small=$(sed 's/.*small=\([0-9]*\).*/\1/' <<<"$ids")
  large=$(sed 's/.*large=\([0-9]*\).*/\1/' <<<"$ids")
  token=$(head -1 "$data/$name.tokens")
  local base="http://127.0.0.1:$port/api/v1/market/drops"
  rush "$name rush 2,000 units" "$base/$small/orders" "$data/$name.tokens" rush "$seconds"
  check "$name rush" "$url" "$small" 2000 2 "$port" "$token"
  rush "$name warm-up" "$base/$large/orders" "$data/$name.tokens" warm 2 >/dev/null
  rush "$name open drop 1,000,000 units" "$base/$large/orders" "$data/$name.tokens" open "$seconds"
  check "$name open drop" "$url" "$large" 1000000 1000 "$port" "$token"
  kill "${pids[-1]}" 2>/dev/null || true
  wait "${pids[-1]}" 2>/dev/null || true
}

machine
echo "commit: $(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet HEAD -- ../../src || echo ' (+ local changes)')"
echo "load: wrk -t1 -c$connections -d${seconds}s, $buyers buyers (one bearer token each), app --threads 2"

as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
psql -q "postgresql://postgres@127.0.0.1:$pg_port/postgres" -c "CREATE DATABASE hotrow" >/dev/null
redis_port=$(free_port)
mkdir -p "$data/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$data/redis" --save '' \
  --appendonly yes --appendfsync always --daemonize no >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.05; done

echo "baselines:"
bare_port=$(free_port)
"$bare_bin" "$bare_port" 2 2>/dev/null & pids+=($!)
base_port=$(free_port)
"$baseline_bin" "$base_port" 2 32 "host=127.0.0.1 port=$pg_port user=postgres dbname=hotrow" "$redis_port" 2>/dev/null &
pids+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$base_port/healthz" && break; sleep 0.05; done
wrk -t1 -c"$connections" -d2s "http://127.0.0.1:$bare_port/healthz" >/dev/null 2>&1 || true
wrk -t1 -c"$connections" -d"${seconds}s" -s "$WRK_REPORT" "http://127.0.0.1:$bare_port/healthz" |
  awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "  %-34s %7s req/s  p50 %7s us  p99 %8s us  errors %s\n", "bare_hello GET", v["rps"], v["p50_us"], v["p99_us"], v["errors"] }'
# The baselines get the same requests as the app (tokens, keys, body), which they ignore.
printf 'x\n' >"$data/none.tokens"
rush "postgres hot row (autocommit)" "http://127.0.0.1:$base_port/pg" "$data/none.tokens" pg "$seconds"
rush "redis lua (appendfsync always)" "http://127.0.0.1:$base_port/redis" "$data/none.tokens" redis "$seconds"
echo "    postgres stock left: $(psql -qtA "postgresql://postgres@127.0.0.1:$pg_port/hotrow" -c 'SELECT n FROM stock'), redis: $(redis-cli -p "$redis_port" get stock) (of 1000000000)"
kill "${pids[-1]}" 2>/dev/null || true

echo "market buy:"
app_runs sqlite "$app"
app_runs postgres "$app" postgres
if [[ -n $other ]]; then
  app_runs sqlite_other "$other"
  app_runs postgres_other "$other" postgres
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
