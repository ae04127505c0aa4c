#!/usr/bin/env bash
# Runs the differential tester inside a private network and mount namespace where
# /etc/resolv.conf points at 127.0.0.1 and the scenarios are served on port 53: the only way to
# put libspf2's spfquery (which asks the system resolver) on the same zone as the other checkers.
# Nothing outside the namespace changes. Without root or user namespaces it runs without libspf2.
#   tests/diff/run.sh [BUILD_DIR] [difftest.py options]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:-build}" && pwd)
shift || true
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(-r)
if command -v unshare >/dev/null && unshare "${as_root[@]}" --net --mount true 2>/dev/null; then
    exec unshare "${as_root[@]}" --net --mount -- bash -c '
        set -e
        ip link set lo up
        conf=$(mktemp)
        echo "nameserver 127.0.0.1" >"$conf"
        mount --bind "$conf" /etc/resolv.conf
        exec /usr/bin/python3 "$0/difftest.py" --build "$1" --port 53 "${@:2}"' "$here" "$build" "$@"
fi
echo "no network namespace here: libspf2 is left out" >&2
exec /usr/bin/python3 "$here/difftest.py" --build "$build" "$@"
