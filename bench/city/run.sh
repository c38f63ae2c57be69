#!/bin/sh
# Generates the seeded Seoul case and plans it: bench/city/run.sh BUILD_DIR [SECONDS] [SEED]
set -eu
build=${1:?usage: run.sh BUILD_DIR [SECONDS] [SEED]}
seconds=${2:-60}
seed=${3:-1}
here=$(dirname "$0")
python3 "$here/generate.py" --seed "$seed" > "$build/seoul-$seed.json"
"$build/bench/city/city_bench" "$build/seoul-$seed.json" --seconds "$seconds" --seed "$seed"
