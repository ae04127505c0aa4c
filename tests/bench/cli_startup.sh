#!/usr/bin/env bash
# Start-up of spfsleuth-cli beside libspf2's spfquery, whole process, in one run: CPU time (user +
# system) and wall time per run, averaged over RUNS runs of each, the commands taking turns so
# that a drift of the machine's speed hits both alike. A benchmark, not a test: it prints figures
# and judges nothing.
#   tests/bench/cli_startup.sh [BUILD_DIR] [RUNS]
# spfquery does its usual work: one check, whose DNS question the system resolver answers or
# refuses. Ours: --version (start-up alone), lint (no DNS) and a check against a bundled zone.
set -euo pipefail
build=${1:-build}
runs=${2:-200}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cli="$build/app/spfsleuth-cli"
zone="$root/resources/samples/ipv4-typo.zone"
command -v spfquery >/dev/null || { echo "spfquery (apt install spfquery) is needed" >&2; exit 2; }
[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 2; }

spfquery() { command spfquery -ip 192.0.2.1 -sender postmaster@example.com; }
spfquery-version() { command spfquery -version; }
cli-version() { "$cli" --version; }
cli-lint() { "$cli" lint 'v=spf1 ip4:192.0.2.1 -all'; }
cli-check-zone() { "$cli" check --zone "$zone" --ip 64.8.71.112 --sender user@pclnet.example; }
order=(spfquery spfquery-version cli-version cli-lint cli-check-zone)

# Microseconds of CPU (the children's user + system) and of wall time for RUNS runs of one command.
measure() {
    local t0 t1 c0 c1 me=$BASHPID # this subshell: the runs are its children
    c0=$(awk '{print $16 + $17}' "/proc/$me/stat") # children's utime + stime, in ticks
    t0=$(date +%s%N)
    for _ in $(seq "$runs"); do "$1" >/dev/null 2>&1 || true; done
    t1=$(date +%s%N)
    c1=$(awk '{print $16 + $17}' "/proc/$me/stat")
    echo "$(((c1 - c0) * 1000000 / $(getconf CLK_TCK))) $(((t1 - t0) / 1000))"
}

declare -A cpu wall
for name in "${order[@]}"; do cpu[$name]=0 wall[$name]=0; done
for round in 1 2 3 4; do # the commands take turns, a quarter of the runs each time
    for name in "${order[@]}"; do
        read -r c w < <(runs=$((runs / 4)) measure "$name")
        cpu[$name]=$((cpu[$name] + c)) wall[$name]=$((wall[$name] + w))
    done
done
n=$(((runs / 4) * 4))
printf '%-18s %12s %12s %14s\n' command "cpu ms/run" "wall ms/run" "cpu vs spfquery"
for name in "${order[@]}"; do
    awk -v n="$name" -v c="${cpu[$name]}" -v w="${wall[$name]}" -v b="${cpu[spfquery]}" -v r="$n" \
        'BEGIN { printf "%-18s %12.2f %12.2f %13.2fx\n", n, c / r / 1000, w / r / 1000, c / b }'
done
