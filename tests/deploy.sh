#!/bin/sh
# deploy/ (deploy/README.md): the runtime image's package list covers what
# the built program loads, and the job scripts run paiban batch as the
# README says. Usage: deploy.sh PAIBAN_BINARY LAZY_SONAME... (from any
# folder; the sonames are those of the libraries paiban opens on first use,
# src/output/lazylibs.c, which ldd does not show).
#
# 1. Every library the program is linked with (its NEEDED entries, found as
#    ldd finds them), every library it opens later and the hyphenation
#    patterns belong to a Debian package named between the markers of
#    deploy/Dockerfile's runtime stage, as do the fonts scripts/install-deps
#    installs; no build-only package (-dev, compilers, cmake) is there.
#    (The sanitizer runtimes of a sanitizer build are not runtime packages.)
# 2. The Slurm scripts pass `sh -n` and, run with a stand-in paiban, call
#    `paiban batch IN -o OUT -j CPUS --shard auto --report .../shard-TASK.jsonl`
#    and `--merge-reports`, and turn exit 3 (warnings) into 0 but keep 1.
PAIBAN=$(realpath "$1")
shift
cd "${PAIBAN_DATADIR:-$(dirname "$0")/..}" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
for tool in dpkg-query readelf ldd; do
    command -v $tool >/dev/null || { echo "deploy.sh needs $tool (Debian: dpkg, binutils, libc-bin)"; exit 1; }
done

# the packages owning files, asked of dpkg once (it is slow per call); a
# file is asked by its path and its real path (dpkg knows /lib and /usr/lib
# apart): "PATH PACKAGE" lines in $tmp/owners
owners() {
    for f in "$@"; do echo "$f"; realpath "$f"; done | sort -u >"$tmp/ask"
    # shellcheck disable=SC2046
    dpkg-query -S $(cat "$tmp/ask") 2>/dev/null |
        sed -n 's/^\([^:,]*\)[^ ]* \(.*\)$/\2 \1/p' >"$tmp/owners"
}
owner() {
    awk -v f="$1" -v r="$(realpath "$1")" '$1 == f || $1 == r { print $2; exit }' "$tmp/owners"
}

sed -n '/# runtime-packages-begin/,/# runtime-packages-end/s/^    \([a-z0-9][a-z0-9.+-]*\) \\$/\1/p' \
    deploy/Dockerfile >"$tmp/listed"
[ "$(wc -l <"$tmp/listed")" -ge 10 ] || fail "no runtime package list between the markers of deploy/Dockerfile"
listed() { grep -qx "$1" "$tmp/listed"; }

ldd "$PAIBAN" >"$tmp/ldd" || fail "ldd $PAIBAN"
readelf -d "$PAIBAN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >"$tmp/needed"
[ -s "$tmp/needed" ] || fail "readelf finds no NEEDED libraries in $PAIBAN"
lazy=""
for so in "$@"; do
    for d in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib/*-linux-gnu /usr/lib; do
        [ -e "$d/$so" ] && lazy="$lazy $d/$so" && break
    done
done
# shellcheck disable=SC2046,SC2086 # paths without spaces, one word each
owners $(awk '$3 ~ /^\// { print $3 }' "$tmp/ldd") $lazy /usr/share/hyphen/hyph_en_US.dic
while read -r so; do
    case $so in libasan.so* | libubsan.so* | liblsan.so*) continue ;; esac
    file=$(awk -v s="$so" '$1 == s { print $3 }' "$tmp/ldd")
    [ -n "$file" ] || { fail "ldd does not find $so"; continue; }
    pkg=$(owner "$file")
    [ -n "$pkg" ] || { fail "no Debian package has $file ($so)"; continue; }
    listed "$pkg" || fail "$so ($pkg) is not in deploy/Dockerfile's runtime packages"
done <"$tmp/needed"

for so in "$@"; do
    file=$(for f in $lazy; do case $f in */"$so") echo "$f" ;; esac; done)
    [ -n "$file" ] || { fail "the library $so paiban opens is not installed"; continue; }
    pkg=$(owner "$file")
    listed "$pkg" || fail "$so ($pkg), opened on first use, is not in deploy/Dockerfile's runtime packages"
done

pkg=$(owner /usr/share/hyphen/hyph_en_US.dic)
listed "$pkg" || fail "the hyphenation patterns ($pkg) are not in deploy/Dockerfile's runtime packages"
grep -o 'fonts-[a-z0-9-]*' scripts/install-deps | sort -u >"$tmp/fonts"
while read -r pkg; do
    listed "$pkg" || fail "the font package $pkg (scripts/install-deps) is not in deploy/Dockerfile's runtime packages"
done <"$tmp/fonts"
while read -r pkg; do
    case $pkg in
    *-dev | build-essential | cmake | pkg-config | gcc* | clang* | valgrind | make)
        fail "the build-only package $pkg is in deploy/Dockerfile's runtime packages" ;;
    esac
done <"$tmp/listed"

# the Slurm scripts, with a stand-in paiban that logs its arguments
for f in deploy/slurm/*.sbatch deploy/parallel/paiban-parallel; do
    sh -n "$f" || fail "$f: sh -n"
done
cat >"$tmp/paiban" <<'STUB'
#!/bin/sh
echo "$*" >>"$STUB_LOG"
exit "$STUB_STATUS"
STUB
chmod +x "$tmp/paiban"
slurm() { # STATUS SCRIPT: run it as array task 5 of 8 with 2 CPUs
    STUB_LOG=$tmp/log STUB_STATUS=$1 PAIBAN=$tmp/paiban PAIBAN_IN=$tmp/in PAIBAN_OUT=$tmp/out \
        SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_COUNT=8 SLURM_CPUS_PER_TASK=2 sh "$2" >/dev/null 2>&1
}
for pair in 0:0 3:0 1:1; do
    slurm "${pair%:*}" deploy/slurm/paiban-batch.sbatch
    st=$?
    [ "$st" -eq "${pair#*:}" ] || fail "paiban-batch.sbatch: paiban exit ${pair%:*} gives $st (want ${pair#*:})"
done
grep -qx "batch $tmp/in -o $tmp/out -j 2 --shard auto --quiet --report $tmp/out/reports/shard-5.jsonl" "$tmp/log" ||
    { fail "paiban-batch.sbatch does not run the command deploy/README.md gives:"; sed 's/^/    /' "$tmp/log"; }
[ -d "$tmp/out/reports" ] || fail "paiban-batch.sbatch does not make the reports folder"
: >"$tmp/log"
slurm 3 deploy/slurm/merge-reports.sbatch || fail "merge-reports.sbatch: warnings are a failure"
grep -qx "batch --merge-reports $tmp/out/reports/shard-\*.jsonl --report $tmp/out/reports/all.jsonl" "$tmp/log" ||
    { fail "merge-reports.sbatch does not merge the shards' reports:"; sed 's/^/    /' "$tmp/log"; }

if [ $fails -ne 0 ]; then echo "$fails failed"; exit 1; fi
echo "deploy: all passed"
