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

# The CLI includes nothing from ui/ (neither widgets nor the report renderer) and never links Qt
# Gui: every command starts on Qt Core. The report is a program of its own (app/report), and its
# renderer has its own folder and target (ui/report, sleuth_report).
while IFS=: read -r file _ include; do
    header=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$include")
    [ -n "$(find ui -path "*/$header" -print -quit)" ] && breach "$file includes \"$header\" from ui/"
done < <(grep -rn --include='*.h' --include='*.cpp' '^#include "' app/cli)
grep -rnE --include='*.h' --include='*.cpp' '#include <Qt(Gui|Widgets|PrintSupport)|#include <Q(Widget|Application|GuiApplication|Painter|Image|PdfWriter|TextDocument)\b' app/cli &&
    breach "the CLI includes Qt Gui or Widgets"
sed -nE '/target_link_libraries\((sleuth_cli|spfsleuth-cli) /p' app/CMakeLists.txt |
    grep -E 'Qt6::(Gui|Widgets)|sleuth_(report|ui)' && breach "the CLI links Qt Gui"
[ -f ui/report/report.h ] && [ -f ui/report/CMakeLists.txt ] ||
    breach "the report renderer is not in its own folder (ui/report)"

# One way to run and cancel background work (core/common/work.h): no other threads, pools or
# cancel flags in the product.
grep -rnE --include='*.h' --include='*.cpp' 'std::thread|std::jthread|QtConcurrent|QThreadPool|QThread::create|std::async|atomic<bool>' core ui app |
    grep -vE '^core/common/work\.(h|cpp):' && breach "background work outside Work (core/common/work.h)"

# ldns stays behind its private files.
outside=$(grep -rln --include='*.h' --include='*.cpp' 'ldns_\|<ldns/' core ui app |
    grep -vE '^core/dns/(ldns[a-z]*\.cpp|ldnsutil_p\.h)$')
[ -z "$outside" ] || breach "ldns used outside core/dns/ldns*.cpp: $outside"

# Resolvers are never cast to find out what they are (ask for what you need instead).
grep -rnE --include='*.h' --include='*.cpp' '(dynamic|static)_cast<[^>]*Resolver' core ui app &&
    breach "a resolver is cast outside the tests"

if [ "$bad" = 0 ]; then
    echo "layering: core, cli, ui, report, background work and ldns boundaries hold"
fi
exit "$bad"
