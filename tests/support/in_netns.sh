#!/usr/bin/env bash
# Runs a command inside a private network and mount namespace where loopback is up and
# /etc/resolv.conf points at 127.0.0.1: the way to put checkers that only ask the system resolver
# (libspf2's spfquery) on a lab server listening on port 53. Nothing outside the namespace
# changes. Needs root or unprivileged user namespaces; exits 77 when neither is there.
#   tests/support/in_netns.sh COMMAND [ARGS...]
set -euo pipefail
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(-r)
command -v unshare >/dev/null && unshare "${as_root[@]}" --net --mount true 2>/dev/null || exit 77
exec unshare "${as_root[@]}" --net --mount -- bash -c '
    set -e
    ip link set lo up
    conf=$(mktemp)
    echo "nameserver 127.0.0.1" >"$conf"
    mount --bind "$conf" /etc/resolv.conf
    exec "$@"' bash "$@"
