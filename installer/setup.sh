#!/usr/bin/env bash
# SPF Sleuth set-up for Debian 12 / Ubuntu: installs what the build needs (apt), builds, and then
#   run   starts the main job on a bundled sample case (no network needed)
#   test  builds with the tests and runs every test: the fuzz targets briefly, the concurrency
#         test under ThreadSanitizer, the whole suite under AddressSanitizer+UBSan, and the whole
#         suite in a normal build (ctest -j2). SLEUTH_QUICK=1 runs only the last.
#   bench builds the benchmarks and runs them beside pyspf, and the differential tester
# Works as root (CI) and as a normal user with sudo. Packages already installed are not touched,
# so a second run needs no network.
set -euo pipefail

mode=${1:-run}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SLEUTH_BUILD_DIR:-$here/build}
cd "$here"

packages=(g++ cmake ninja-build pkg-config qt6-base-dev qt6-qpa-plugins libldns-dev libexpected-dev
    libqcustomplot-dev fonts-dejavu-core libpsl-dev publicsuffix libgmime-3.0-dev libssl-dev)
case "$mode" in
test) packages+=(libyaml-cpp-dev nsd poppler-utils dpkg-dev file lintian desktop-file-utils appstream man-db
    xvfb dbus-x11 at-spi2-core python3-pyatspi
    clang libclang-rt-14-dev llvm-14) ;; # llvm-14: llvm-symbolizer, so suppressions can match frames
bench) packages+=(libyaml-cpp-dev libbenchmark-dev python3-spf python3-dnspython nsd xvfb spfquery libmail-spf-perl time iproute2 util-linux) ;;
run) ;;
*)
    echo "usage: $0 [run|test|bench]" >&2
    exit 2
    ;;
esac

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing: ${missing[*]}"
    had_nsd=$(dpkg-query -W -f='${Status}' nsd 2>/dev/null | grep -c "install ok installed" || true)
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    # The tests start their own NSD on a loopback port; the system service is not wanted.
    if [ "$had_nsd" = 0 ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
        as_root systemctl disable --now nsd >/dev/null 2>&1 || true
    fi
fi

jobs=$(nproc 2>/dev/null || echo 2)
case "$mode" in
run)
    cmake -S . -B "$build" -G Ninja -DSLEUTH_BUILD_TESTS=OFF >/dev/null
    cmake --build "$build" -j "$jobs"
    sample=resources/samples/ipv4-typo.zone
    case_args=(resources/cases/ipv4-typo.spfcase) # a bundled case: opens offline
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        echo "== starting the workbench on the bundled ipv4: sample case (offline)"
        exec "$build/app/spfsleuth" "${case_args[@]}"
    fi
    # No display (a server, CI): diagnose the sample with the CLI, then prove the workbench
    # starts and renders the same case, offscreen, into PNG files.
    echo
    echo "== spfsleuth-cli check --zone $sample --ip 64.8.71.112 --sender user@pclnet.example"
    echo
    "$build/app/spfsleuth-cli" check --zone "$sample" --ip 64.8.71.112 --sender user@pclnet.example
    echo
    echo "== no display: rendering the workbench offscreen into $build/screenshots"
    QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)} \
        "$build/app/spfsleuth" "${case_args[@]}" --screenshots "$build/screenshots"
    echo "Start the window on a desktop with: $build/app/spfsleuth ${case_args[*]}"
    ;;
test)
    cmake -S . -B "$build" -G Ninja -DSLEUTH_BUILD_TESTS=ON >/dev/null
    cmake --build "$build" -j "$jobs"
    if [ "${SLEUTH_QUICK:-0}" != 1 ]; then
        san_flags=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g")
        echo "== building with AddressSanitizer + UndefinedBehaviorSanitizer"
        cmake -S . -B "$build-asan" "${san_flags[@]}" -DSLEUTH_SANITIZE=address,undefined >/dev/null
        cmake --build "$build-asan" -j "$jobs"
        echo "== building the concurrency test with ThreadSanitizer"
        cmake -S . -B "$build-tsan" "${san_flags[@]}" -DSLEUTH_SANITIZE=thread >/dev/null
        cmake --build "$build-tsan" -j "$jobs" --target tst_concurrency tst_prefetch
        echo "== building the libFuzzer targets (clang)"
        cmake -S . -B "$build-fuzz" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DSLEUTH_FUZZ=ON -DSLEUTH_BUILD_GUI=OFF \
            -DSLEUTH_BUILD_TESTS=OFF >/dev/null
        cmake --build "$build-fuzz" -j "$jobs"
        # shellcheck source=../tests/sanitizers/env.sh
        source tests/sanitizers/env.sh
        echo "== fuzzing each target briefly from the seed corpora in tests/fuzz/corpus"
        scratch=$(mktemp -d)
        for target in parser macro dnswire loaders paste; do
            mkdir -p "$scratch/$target"
            "$build-fuzz/tests/fuzz/fuzz_$target" "$scratch/$target" "tests/fuzz/corpus/$target" -max_total_time=12 \
                -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 -artifact_prefix="$scratch/" -print_final_stats=1 2>&1 |
                grep -E "^stat::number_of_executed_units|ERROR|SUMMARY" | sed "s/^/  $target: /"
            test "${PIPESTATUS[0]}" -eq 0
        done
        rm -rf "$scratch"
        echo "== concurrency and prefetching under ThreadSanitizer"
        (cd "$build-tsan" && ./tests/tst_concurrency && ./tests/tst_prefetch)
        echo "== the whole suite under AddressSanitizer + UBSan (LeakSanitizer on)"
        SLEUTH_REQUIRE_NSD=1 ctest --test-dir "$build-asan" -j 2 -E package --output-on-failure
        unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS
        echo "== the whole suite"
    fi
    SLEUTH_REQUIRE_NSD=1 ctest --test-dir "$build" -j 2 --output-on-failure
    ;;
bench)
    cmake -S . -B "$build" -G Ninja -DSLEUTH_BUILD_TESTS=ON -DSLEUTH_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j "$jobs"
    "$build/tests/bench/bench_spf" --benchmark_min_time=0.2
    python3 tests/bench/compare_pyspf.py --build "$build"
    # Differential tester: 2,000 generated checks, us beside pyspf, Mail::SPF and libspf2.
    bash tests/diff/run.sh "$build" --checks 2000
    "$build/tests/bench/bench_gui"
    if [ "$(id -u)" -eq 0 ] || unshare -r true 2>/dev/null; then
        bash tests/bench/latency_netns.sh "$build" 20 3 # with spfquery on the same server
    else
        "$build/tests/bench/bench_latency" 20 3
    fi
    python3 tests/bench/bench_bulk.py --build "$build" --domains 10000
    bash tests/bench/startup.sh "$build" 10
    bash tests/bench/cli_startup.sh "$build" 200 # spfsleuth-cli's start-up beside spfquery's
    ;;
esac
