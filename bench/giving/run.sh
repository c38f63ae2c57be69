#!/bin/sh
# Giving settlement at scale: bench/giving/run.sh BUILD_DIR [--customers N] [--sqlite|--postgres]
# Prints the machine and a markdown table for bench/RESULTS.md ("## Giving settlement").
set -eu
build=${1:?usage: run.sh BUILD_DIR [options]}
shift
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$(dirname "$0")" rev-parse --short HEAD)"
"$build/bench/giving/giving_bench" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
