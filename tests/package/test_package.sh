#!/usr/bin/env bash
# Builds the Debian package, installs it into the system with apt-get, uses what was installed
# (the CLI against a loopback DNS server and a bundled case, the GUI offscreen, the desktop
# files), runs lintian, and removes the package again. Needs root or passwordless sudo; exit 77
# (skipped) otherwise.
#   tests/package/test_package.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?build dir}" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ "$(id -u)" -eq 0 ]; then
    as_root() { "$@"; }
elif sudo -n true 2>/dev/null; then
    as_root() { sudo -n "$@"; }
else
    echo "SKIP: needs root or passwordless sudo to install a package"
    exit 77
fi
for tool in cpack lintian desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null || { echo "missing $tool"; exit 1; }
done
if dpkg-query -W -f='${Status}' spfsleuth 2>/dev/null | grep -q "install ok installed"; then
    echo "spfsleuth is already installed on this machine; not touching it"
    exit 77
fi
work=$(mktemp -d)
fixture_pid=
cleanup() {
    [ -n "$fixture_pid" ] && kill "$fixture_pid" 2>/dev/null || true
    if dpkg-query -W -f='${Status}' spfsleuth 2>/dev/null | grep -q "install ok"; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q spfsleuth >/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== cpack"
(cd "$build" && rm -rf package && cpack -G DEB >/dev/null)
deb=$(ls "$build"/package/spfsleuth_*.deb)
echo "== lintian $deb"
lintian --fail-on error,warning "$deb"

echo "== apt-get install ./$(basename "$deb")"
cp "$deb" "$work/"
(cd "$work" && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "./$(basename "$deb")" >/dev/null)
test -x /usr/bin/spfsleuth-cli
test -x /usr/libexec/spfsleuth/spfsleuth-report # what spfsleuth-cli report runs
# Every command but report starts on Qt Core alone.
if ldd /usr/bin/spfsleuth-cli | grep -q libQt6Gui; then echo "spfsleuth-cli links Qt Gui" >&2; exit 1; fi
test -x /usr/bin/spfsleuth
/usr/bin/spfsleuth-cli --version

echo "== desktop integration"
desktop-file-validate /usr/share/applications/net.spfsleuth.SpfSleuth.desktop
appstreamcli validate --no-net /usr/share/metainfo/net.spfsleuth.SpfSleuth.metainfo.xml
for size in 16 32 48 64 128 256; do test -s "/usr/share/icons/hicolor/${size}x${size}/apps/net.spfsleuth.SpfSleuth.png"; done
test -s /usr/share/man/man1/spfsleuth-cli.1.gz
man -l /usr/share/man/man1/spfsleuth-cli.1.gz >/dev/null 2>&1 || zcat /usr/share/man/man1/spfsleuth-cli.1.gz | grep -q "EXIT STATUS"

echo "== installed CLI against a loopback DNS server"
"$build/tests/sleuth-dnsfixture" --suite "$here/tests/data/rfc7208-tests.yml" --manifest "$work/manifest.json" --seconds 300 \
    </dev/null >"$work/fixture.out" 2>&1 &
fixture_pid=$!
for _ in $(seq 100); do grep -q ready "$work/fixture.out" 2>/dev/null && break; sleep 0.1; done
# A few suite tests, through the installed binary: inputs and expected results from the manifest.
for name in mx-limit include-loop ptr-limit txttimeout a-colon-domain; do
    read -r port ip sender helo expected < <(python3 -c "
import json, sys
for s in json.load(open(sys.argv[1])):
    for t in s['tests']:
        if t['name'] == sys.argv[2]:
            print(s['port'], t['host'], t['mailfrom'] or '-', t['helo'] or '-', '|'.join(t['results']))
" "$work/manifest.json" "$name")
    [ "$sender" = - ] && sender=""
    [ "$helo" = - ] && helo=""
    result=$(/usr/bin/spfsleuth-cli check --server "127.0.0.1:$port" --timeout 0.5 --tries 1 --ip "$ip" --sender "$sender" --helo "$helo" --json |
        python3 -c "import json,sys; print(json.load(sys.stdin)['result'])")
    echo "$name over loopback DNS: $result (expected $expected)"
    [[ "|$expected|" == *"|$result|"* ]]
done

echo "== installed CLI on a bundled case"
verdict=$(/usr/bin/spfsleuth-cli report /usr/share/spfsleuth/cases/ipv4-typo.spfcase --json | python3 -c "import json,sys; print(json.load(sys.stdin)['results']['verdict'])")
echo "ipv4-typo case: $verdict"
test "$verdict" = "permerror (0 lookups)"
/usr/bin/spfsleuth-cli report /usr/share/spfsleuth/cases/ipv4-typo.spfcase --pdf "$work/report.pdf"
test -s "$work/report.pdf"

echo "== installed GUI, offscreen"
out=$(QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work" HOME="$work" /usr/bin/spfsleuth --quit-when-shown)
echo "$out"
echo "$out" | grep -q startup_ms
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work" HOME="$work" /usr/bin/spfsleuth /usr/share/spfsleuth/cases/softfail.spfcase --screenshots "$work/shots" | grep -q investigation-record.png

echo "== apt-get remove"
as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q spfsleuth >/dev/null
test ! -e /usr/bin/spfsleuth-cli
test ! -e /usr/libexec/spfsleuth/spfsleuth-report
test ! -e /usr/bin/spfsleuth
test ! -e /usr/share/spfsleuth
if dpkg-query -W -f='${Status}' spfsleuth 2>/dev/null | grep -q "install ok"; then
    echo "still installed"
    exit 1
fi
echo "package test: OK"
