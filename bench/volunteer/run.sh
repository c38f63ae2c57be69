#!/bin/sh
# Volunteer reports at scale: bench/volunteer/run.sh BUILD_DIR [--members N] [--teams N]
#   [--attendance N] [--requests N] [--sqlite|--postgres]
# Prints the machine and a markdown table for bench/RESULTS.md ("## Volunteer hours and
# certificates"). Needs sqlite3 and psql (the reference) and PostgreSQL 15's server binaries.
set -eu
build=${1:?usage: run.sh BUILD_DIR [options]}
shift
for c in sqlite3 psql; do command -v $c >/dev/null || { echo "$c not installed (scripts/setup)" >&2; exit 1; }; done
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$(dirname "$0")" rev-parse --short HEAD)"
echo "$(sqlite3 --version | cut -d' ' -f1-2), $(psql --version)"
"$build/bench/volunteer/volunteer_bench" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
