#!/usr/bin/env bash
# Runs the differential tester inside a private network namespace (tests/support/in_netns.sh),
# serving the scenarios on port 53, so that libspf2's spfquery, which asks the system resolver,
# checks the same zone as the other checkers. Without a namespace it runs without libspf2.
#   tests/diff/run.sh [BUILD_DIR] [difftest.py options]
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:-build}" && pwd)
shift || true
bash "$here/../support/in_netns.sh" /usr/bin/python3 "$here/difftest.py" --build "$build" --port 53 "$@"
code=$?
[ "$code" = 77 ] || exit "$code"
echo "no network namespace here: libspf2 is left out" >&2
exec /usr/bin/python3 "$here/difftest.py" --build "$build" "$@"
