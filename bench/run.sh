#!/bin/sh
# The speed benchmark: builds a Release paiban, then runs bench/run.py:
# medians of whole `paiban render` runs for each article (default: the
# example) and the ×20 document, peak memory, PDF make-up, 200 copies of each
# article by two processes at a time; with Typst side by side when installed.
#
# Usage: bench/run.sh [--install-typst] [run.py options: --runs N --batch N
#                     --article FILE.md ...]
#   --install-typst   npm-install @myriaddreamin/typst-ts-node-compiler into
#                     $TYPST_DIR (default /tmp/paiban-typst; never into the tree)
# Environment: TYPST_DIR (where Typst is or goes), BUILD (build directory,
# default build-bench, so a test build in build/ is not disturbed).
set -e
cd "$(dirname "$0")/.."
typst_dir=${TYPST_DIR:-/tmp/paiban-typst}
build=${BUILD:-build-bench}
if [ "$1" = "--install-typst" ]; then
    shift
    mkdir -p "$typst_dir"
    (
        cd "$typst_dir"
        [ -f package.json ] || npm init -y >/dev/null
        npm install --no-audit --no-fund @myriaddreamin/typst-ts-node-compiler >/dev/null
    )
fi
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target paiban bench_phases >/dev/null
set -- --paiban "$build/paiban" "$@"
if [ -d "$typst_dir/node_modules/@myriaddreamin/typst-ts-node-compiler" ]; then
    set -- --typst "$typst_dir" "$@"
fi
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/run.py "$@"
