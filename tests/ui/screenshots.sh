#!/usr/bin/env bash
# Starts the workbench under Xvfb on bundled sample cases and saves a screenshot of each main
# view (plus one of the whole X screen), at a small laptop's 1024x700 and at 1600x1000, so anyone
# can reproduce the pictures in the guide and look at both sizes.
#   tests/ui/screenshots.sh [BUILD_DIR] [OUT_DIR] [SIZES]     (SIZES: "1024x700 1600x1000")
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$here/build}
out=${2:-$here/build/screenshots}
sizes=${3:-1024x700 1600x1000}
mkdir -p "$out"
app="$build/app/spfsleuth"
[ -x "$app" ] || { echo "build the GUI first: $app is missing" >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "Xvfb is missing: apt-get install xvfb" >&2; exit 2; }

for size in $sizes; do
    dir=$out/$size
    mkdir -p "$dir"
    display=:$((90 + RANDOM % 100))
    Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    sleep 1
    export DISPLAY=$display XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
    export XDG_CONFIG_HOME=$(mktemp -d) # default window size, no recent list: reproducible pictures
    samples="$here/resources/samples"

    shoot() { # NAME ARGS...
        local name=$1
        shift
        # Each run its own data folder: no autosave of an earlier run is offered back.
        XDG_DATA_HOME=$(mktemp -d) "$app" "$@" --screenshots "$dir/$name" >/dev/null
        for f in "$dir/$name"/*.png; do echo "$f"; done
    }
    shoot welcome
    shoot ipv4-typo "$here/resources/cases/ipv4-typo.spfcase" --paste "$here/tests/data/paste/postini-bounce.txt"
    shoot dmarc-esp "$here/resources/cases/dmarc-esp.spfcase" --paste "$samples/dmarc-esp-bounce.txt"
    shoot too-many-lookups --zone "$samples/too-many-lookups.zone" --ip 203.0.113.200 ap@bigcorp.example
    shoot whole-tree --zone "$samples/too-many-lookups.zone" bigcorp.example
    shoot softfail --zone "$samples/softfail.zone" --ip 198.51.100.77 promo@news.example
    shoot macro-exists --zone "$samples/macro-exists.zone" --ip 192.0.2.45 ceo@macro.example
    cat "$samples/void-lookups.zone" "$here/tests/data/dnsbl/blocklists.zone" >"$dir/blocklists.zone"
    shoot blocklists --zone "$dir/blocklists.zone" --ip 192.0.2.99 billing@shop.example
    cat "$samples"/*.zone >"$dir/all-samples.zone"
    shoot bulk --zone "$dir/all-samples.zone" --bulk "$samples/customers.txt"

    # One picture of the real X screen, as a user sees the window.
    if command -v import >/dev/null; then
        XDG_DATA_HOME=$(mktemp -d) "$app" --zone "$samples/void-lookups.zone" --ip 192.0.2.99 billing@shop.example &
        pid=$!
        sleep 3
        import -window root "$dir/screen.png" && echo "$dir/screen.png"
        kill $pid 2>/dev/null || true
    fi

    kill $xvfb 2>/dev/null || true
    wait $xvfb 2>/dev/null || true
done
