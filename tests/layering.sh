#!/usr/bin/env bash
# The layers, checked: core/ includes only core/ headers (never the CLI or the UI above it) and no
# Qt Gui or Widgets; ldns types stay inside core/dns/ldns*.cpp (and the test lab); no code outside
# tests casts a resolver to find out what it is. Prints each breach; exits 1 on any.
set -uo pipefail
root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$root"
bad=0
breach() {
    echo "layering: $*"
    bad=1
}

# core/: every project include resolves inside core/.
while IFS=: read -r file _ include; do
    header=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$include")
    [ -f "core/$header" ] || [ -f "$(dirname "$file")/$header" ] || breach "$file includes \"$header\", which is not in core/"
done < <(grep -rn --include='*.h' --include='*.cpp' '^#include "' core)
grep -rnE --include='*.h' --include='*.cpp' '#include <Qt(Gui|Widgets|PrintSupport)|#include <Q(Widget|Application|GuiApplication|Painter|Image|Color|Font)\b' core &&
    breach "core/ includes Qt Gui or Widgets"
grep -nE 'Qt6::(Gui|Widgets|PrintSupport)' core/CMakeLists.txt && breach "core/ links Qt Gui or Widgets"

# No include loops between core/'s folders (text -> spf -> text, caseio -> investigation -> caseio):
# the folder graph sorts (tsort fails on a cycle and names it).
edges=$(grep -rn --include='*.h' --include='*.cpp' '^#include "[a-z]*/' core |
    sed -E 's|^core/([a-z]+)/[^:]*:[0-9]+:#include "([a-z]+)/.*|\1 \2|' | awk '$1 != $2' | sort -u)
if ! loops=$(tsort <<<"$edges" 2>&1 >/dev/null) || [ -n "$loops" ]; then
    breach "core/'s folders include each other in a loop: $(tr '\n' ' ' <<<"$loops")"
fi

# The CLI does not include the workbench's widgets.
grep -rnE --include='*.h' --include='*.cpp' '#include "(mainwindow|investigationcontroller|tracepane|investigationbar|bulkview|pasteview|charts|jobrunner)\.h"' app/cli &&
    breach "the CLI includes workbench code"

# ldns stays behind its private files.
outside=$(grep -rln --include='*.h' --include='*.cpp' 'ldns_\|<ldns/' core ui app |
    grep -vE '^core/dns/(ldns[a-z]*\.cpp|ldnsutil_p\.h)$')
[ -z "$outside" ] || breach "ldns used outside core/dns/ldns*.cpp: $outside"

# Resolvers are never cast to find out what they are (ask for what you need instead).
grep -rnE --include='*.h' --include='*.cpp' '(dynamic|static)_cast<[^>]*Resolver' core ui app &&
    breach "a resolver is cast outside the tests"

if [ "$bad" = 0 ]; then
    echo "layering: core, cli, ui and ldns boundaries hold"
fi
exit "$bad"
