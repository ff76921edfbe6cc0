#!/bin/sh
# The batch export benchmark (bench/RESULTS.md, "Batch export").
#
# usage: bench/batch.sh [--paiban PATH] [--runs N] [--quick] [--keep DIR]
#
# Writes 1,000, 4,000 and 10,000 articles with bench/batchgen.py (made from
# examples/*.md, 300-4,000 characters, with photos) into a temporary folder
# and measures, each as the median of --runs runs (default 3) into an empty
# output folder:
#   - a shell loop of `paiban render`, one process per article (1,000),
#   - `xargs -P 8` of the same (1,000),
#   - `paiban batch -j 1` and `-j 2` (1,000): articles/s and their ratio,
#   - `paiban batch -j 2` on 4,000: its time over the 1,000's,
#   - `paiban batch -j 2` on 10,000, once, reading the resident size
#     (VmRSS) of its workers (the batch process's children) every 0.2 s
#     against the number of articles done (its progress lines on standard
#     error, "[DONE/TOTAL] ..."): the largest worker after article 100 and
#     at the last sample before the end.
# Prints a Markdown table. --quick: 100/400/1,000 articles, one run (to try
# the script, not to quote). --paiban: the program (default: a Release
# build of this tree, built first). Exits 2 when the program has no
# `batch` command, 1 when a run fails or writes fewer PDFs than articles.
set -u
cd "$(dirname "$0")/.." || exit 1
PAIBAN="" RUNS=3 QUICK=0 KEEP=""
while [ $# -gt 0 ]; do
    case $1 in
    --paiban) PAIBAN=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --quick) QUICK=1 ;;
    --keep) KEEP=$2; shift ;;
    *) sed -n 's/^# \{0,1\}//p' "$0" | sed -n '/^usage/,/^$/p'; exit 2 ;;
    esac
    shift
done
if [ -z "$PAIBAN" ]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null || exit 1
    cmake --build build -j2 --target paiban >/dev/null || exit 1
    PAIBAN=build/paiban
fi
PAIBAN=$(realpath "$PAIBAN")
if "$PAIBAN" batch 2>&1 | grep -q "unknown command"; then
    echo "bench/batch.sh: $PAIBAN has no batch command (paiban batch);" \
        "build a paiban that has it, or name one with --paiban" >&2
    exit 2
fi
if [ "$QUICK" -eq 1 ]; then N1=100 N4=400 N10=1000 RUNS=1; else N1=1000 N4=4000 N10=10000; fi
RSS_AT=100

if [ -n "$KEEP" ]; then tmp=$KEEP; mkdir -p "$tmp"; else
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
fi
for n in $N1 $N4 $N10; do
    [ -d "$tmp/in-$n" ] || python3 bench/batchgen.py "$n" "$tmp/in-$n" >&2 || exit 1
done

now() { date +%s.%N; }
# median of the numbers on standard input
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f–%.2f", lo, hi }'; }
fresh() { rm -rf "$tmp/out"; mkdir -p "$tmp/out"; }
count_pdfs() {
    got=$(find "$tmp/out" -name '*.pdf' | wc -l)
    [ "$got" -eq "$1" ] || { echo "bench/batch.sh: $2 wrote $got PDFs for $1 articles" >&2; exit 1; }
}
# batch N J: one run of paiban batch on the N set, its seconds on stdout
batch() {
    fresh
    t0=$(now)
    "$PAIBAN" batch "$tmp/in-$1" -o "$tmp/out" -j "$2" --quiet --report "$tmp/report.jsonl" \
        2>"$tmp/batch.err"
    st=$?
    t1=$(now)
    if [ $st -ne 0 ] && [ $st -ne 3 ]; then
        echo "bench/batch.sh: paiban batch -j $2 on $1 articles: exit $st" >&2
        tail -5 "$tmp/batch.err" >&2
        exit 1
    fi
    count_pdfs "$1" "paiban batch -j $2"
    echo "$t1 $t0" | awk '{ print $1 - $2 }'
}
loop() {
    fresh
    t0=$(now)
    for f in "$tmp/in-$N1"/*.md; do
        b=${f##*/}
        "$PAIBAN" render "$f" -o "$tmp/out/${b%.md}.pdf" 2>/dev/null || echo "failed: $f" >&2
    done
    t1=$(now)
    count_pdfs "$N1" "the shell loop"
    echo "$t1 $t0" | awk '{ print $1 - $2 }'
}
xargs8() {
    fresh
    t0=$(now)
    (cd "$tmp/in-$N1" && printf '%s\0' *.md |
        xargs -0 -P 8 -I{} "$PAIBAN" render {} -o "$tmp/out/{}.pdf" 2>/dev/null)
    t1=$(now)
    count_pdfs "$N1" "xargs -P 8"
    echo "$t1 $t0" | awk '{ print $1 - $2 }'
}
# repeat NAME CMD...: RUNS runs of CMD; "median range" seconds into $tmp/NAME
repeat() {
    name=$1
    shift
    : >"$tmp/$name.runs"
    i=0
    while [ $i -lt "$RUNS" ]; do
        s=$("$@") || exit 1
        echo "$s" >>"$tmp/$name.runs"
        echo "  $name run $((i + 1)): $s s" >&2
        i=$((i + 1))
    done
    echo "$(median <"$tmp/$name.runs") $(range <"$tmp/$name.runs")" >"$tmp/$name"
}
rate() { awk -v n="$1" '{ printf "%.1f articles/s (%.2f s; %s s)", n / $1, $1, $2 }' "$tmp/$2"; }
secs() { awk '{ print $1 }' "$tmp/$1"; }

echo "shell loop of paiban render, $N1 articles" >&2
repeat loop loop
echo "xargs -P 8 of paiban render, $N1 articles" >&2
repeat xargs xargs8
echo "paiban batch -j 1, $N1 articles" >&2
repeat j1 batch "$N1" 1
echo "paiban batch -j 2, $N1 articles" >&2
repeat j2 batch "$N1" 2
echo "paiban batch -j 2, $N4 articles" >&2
repeat j2big batch "$N4" 2

# The N10 run, with the workers' resident sizes sampled against progress.
echo "paiban batch -j 2, $N10 articles, workers' memory" >&2
fresh
: >"$tmp/rss"
t0=$(now)
"$PAIBAN" batch "$tmp/in-$N10" -o "$tmp/out" -j 2 --report "$tmp/report.jsonl" 2>"$tmp/progress" &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
    done_n=$(sed -n 's/^\[\([0-9]*\)\/[0-9]*\].*/\1/p' "$tmp/progress" | tail -1)
    # shellcheck disable=SC2013 # the children files hold PIDs apart by spaces
    for c in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
        kb=$(awk '/^VmRSS:/ { print $2 }' /proc/"$c"/status 2>/dev/null)
        [ -n "$kb" ] && echo "${done_n:-0} $c $kb" >>"$tmp/rss"
    done
    sleep 0.2
done
wait "$pid"
st=$?
t1=$(now)
if [ $st -ne 0 ] && [ $st -ne 3 ]; then
    echo "bench/batch.sh: paiban batch -j 2 on $N10 articles: exit $st" >&2
    tail -5 "$tmp/progress" >&2
    exit 1
fi
count_pdfs "$N10" "paiban batch -j 2 on $N10"
t10=$(echo "$t1 $t0" | awk '{ print $1 - $2 }')
# largest worker at the first sample from article RSS_AT on, and at the last sample
rss_early=$(awk -v at=$RSS_AT '$1 >= at { if (!n) n = $1; if ($1 == n && $3 > m) m = $3 } END { print n + 0, m + 0 }' "$tmp/rss")
rss_late=$(awk '{ n = $1; if (n != last) { m = 0; last = n } if ($3 > m) m = $3 } END { print n + 0, m + 0 }' "$tmp/rss")
[ -s "$tmp/rss" ] || echo "bench/batch.sh: no worker of paiban batch was seen (is it forking workers?)" >&2

echo
echo "| $(date -u +%Y-%m-%d), $(nproc) cores | measured |"
echo "|---|---|"
echo "| shell loop of \`paiban render\`, $N1 articles | $(rate "$N1" loop) |"
echo "| \`xargs -P 8\` of \`paiban render\`, $N1 articles | $(rate "$N1" xargs) |"
echo "| \`paiban batch -j 1\`, $N1 articles | $(rate "$N1" j1) |"
echo "| \`paiban batch -j 2\`, $N1 articles | $(rate "$N1" j2) |"
echo "| \`-j 2\` over \`-j 1\` | $(awk -v a="$(secs j1)" -v b="$(secs j2)" 'BEGIN { printf "%.2f×", a / b }') |"
echo "| \`paiban batch -j 2\`, $N4 articles | $(rate "$N4" j2big) |"
echo "| time of $N4 over time of $N1 (\`-j 2\`) | $(awk -v a="$(secs j2big)" -v b="$(secs j2)" 'BEGIN { printf "%.2f×", a / b }') |"
echo "| \`paiban batch -j 2\`, $N10 articles, once | $(echo "$t10" | awk -v n="$N10" '{ printf "%.1f articles/s (%.1f s)", n / $1, $1 }') |"
echo "$rss_early $rss_late" | awk '{
    if ($2 == 0 || $4 == 0) { print "| largest worker RSS | not seen |"; exit }
    printf "| largest worker RSS after article %d / at article %d | %.1f MiB / %.1f MiB (%+.1f %%) |\n",
        $1, $3, $2 / 1024, $4 / 1024, ($4 - $2) * 100 / $2 }'
echo
echo "(median of $RUNS run(s), range after the semicolon; $PAIBAN; inputs bench/batchgen.py)"
