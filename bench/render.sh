#!/bin/sh
# Median wall time (and peak memory) of whole `paiban render` runs.
# Usage: bench/render.sh [ARTICLE.md] [LAYOUT] [RUNS]
# Defaults: the example article, a3-news, 5 runs. Builds a Release binary first.
set -e
cd "$(dirname "$0")/.."
article=${1:-examples/qingshui-river.md}
layout=${2:-a3-news}
runs=${3:-5}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target paiban >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
build/paiban render "$article" -l "$layout" -o "$out/warm.pdf" # warm the caches
i=0
while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f "%e %M" -o "$out/t.$i" build/paiban render "$article" -l "$layout" -o "$out/run.pdf"
    i=$((i + 1))
done
times=$(cut -d' ' -f1 "$out"/t.* | sort -n)
mems=$(cut -d' ' -f2 "$out"/t.* | sort -n)
mid=$(( (runs + 1) / 2 ))
median=$(echo "$times" | sed -n "${mid}p")
rss=$(echo "$mems" | sed -n "${mid}p")
pages=$(pdfinfo "$out/run.pdf" | awk '/^Pages/{print $2}')
printf '%s on %s: median %s s of %d runs (min %s, max %s), median peak RSS %d MiB, %s pages, %d bytes\n' \
    "$article" "$layout" "$median" "$runs" "$(echo "$times" | head -1)" "$(echo "$times" | tail -1)" \
    $((rss / 1024)) "$pages" "$(stat -c %s "$out/run.pdf")"
