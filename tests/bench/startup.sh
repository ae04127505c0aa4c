#!/usr/bin/env bash
# Cold start of the workbench to a shown window (offscreen), whole process, median of N runs.
#   tests/bench/startup.sh [BUILD_DIR] [RUNS]
set -euo pipefail
build=${1:-build}
runs=${2:-10}
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
walls=()
inside=()
for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    ms=$("$build/app/spfsleuth" --quit-when-shown | awk '/startup_ms/ {print $2}')
    t1=$(date +%s%N)
    walls+=($(((t1 - t0) / 1000000)))
    inside+=("$ms")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "cold start to a shown window: median $(median "${walls[@]}") ms whole process, $(median "${inside[@]}") ms from main() ($runs runs)"
