#!/bin/sh
# Ledger throughput: bench/ledger/run.sh BUILD_DIR [--quick]
# Prints the machine and a markdown table for bench/RESULTS.md ("## Ledger").
set -eu
build=${1:?usage: run.sh BUILD_DIR [--quick]}
shift
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$(dirname "$0")" rev-parse --short HEAD)"
"$build/bench/ledger/ledger_bench" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
