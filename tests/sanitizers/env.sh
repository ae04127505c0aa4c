# Sourced by installer/setup.sh before running tests built with sanitizers.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Suppressions match function names: the sanitizers need llvm-symbolizer (package llvm-14).
symbolizer=
for s in /usr/lib/llvm-14/bin/llvm-symbolizer "$(command -v llvm-symbolizer 2>/dev/null)"; do
    [ -x "$s" ] && symbolizer=:external_symbolizer_path=$s && break
done
export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:strict_string_checks=1:detect_stack_use_after_return=1$symbolizer
export LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=0$symbolizer
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$here/tsan.supp$symbolizer
