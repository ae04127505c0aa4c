#!/usr/bin/env bash
# Runs bench_latency inside a private network and mount namespace, where /etc/resolv.conf points
# at 127.0.0.1 and the benchmark's delayed server also answers on port 53 -- the only way to put
# spfquery (libspf2), which asks the system resolver, on the same server as everyone else. Nothing
# outside the namespace changes. Needs root, or unprivileged user namespaces (unshare -r).
#   tests/bench/latency_netns.sh [BUILD_DIR] [DELAY_MS] [ROUNDS] [THREADS]
set -euo pipefail
build=${1:-build}
delay=${2:-20}
rounds=${3:-3}
threads=${4:-16}
bench="$(cd "$build" && pwd)/tests/bench/bench_latency"
[ -x "$bench" ] || { echo "build with -DSLEUTH_BUILD_BENCH=ON first: $bench is missing" >&2; exit 2; }
command -v spfquery >/dev/null || echo "spfquery is missing (apt-get install spfquery): its column stays empty" >&2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SLEUTH_BENCH_PORT53=1 exec bash "$here/../support/in_netns.sh" "$bench" "$delay" "$rounds" "$threads"
