#!/bin/sh
# Care dispatch through the API: bench/care/run.sh BUILD_DIR [--sqlite|--postgres] [--requests N]
# [--helpers N] [--seconds S]. Prints the machine and a markdown table for bench/RESULTS.md
# ("## Care dispatch"); the server's access log is left out.
set -eu
build=${1:?usage: run.sh BUILD_DIR [options]}
shift
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$(dirname "$0")" rev-parse --short HEAD)"
"$build/bench/care/care_bench" "$@" 2>&1 | grep -v '^{"ts"'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
