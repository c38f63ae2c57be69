#!/bin/sh
# Outage settlement at scale: bench/outage/run.sh BUILD_DIR [--lines N] [--hit N] [--sqlite|--postgres]
# Prints the machine and a markdown table for bench/RESULTS.md ("## Outage settlement").
set -eu
build=${1:?usage: run.sh BUILD_DIR [options]}
shift
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$(dirname "$0")" rev-parse --short HEAD)"
"$build/bench/outage/outage_bench" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
