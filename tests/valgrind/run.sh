#!/bin/sh
# Valgrind memcheck of the end-to-end render: the example article (text,
# note box, heads, photos) to PDF, a pasted text imported and rendered, and
# an import to Markdown. Any memcheck error, or a leak reported as "definitely
# lost" that paiban.supp does not explain, fails.
# Usage: tests/valgrind/run.sh PAIBAN_BINARY (from any folder).
PAIBAN=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
here=$(cd "$(dirname "$0")" && pwd)
fails=0
command -v valgrind >/dev/null || { echo "FAIL valgrind not found: install the Debian package valgrind"; exit 1; }
# the source tree's files are named from it: PAIBAN_DATADIR (ctest sets it),
# else the tree this script is in
cd "${PAIBAN_DATADIR:-$here/../..}" || exit 1

memcheck() {
    name=$1
    shift
    if valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
        --show-leak-kinds=definite --num-callers=40 --error-exitcode=99 \
        --suppressions="$here/paiban.supp" --log-file="$tmp/$name.log" "$PAIBAN" "$@" \
        >"$tmp/$name.out" 2>&1; then
        echo "ok   $name: $(sed -n 's/^==[0-9]*== *definitely lost: //p' "$tmp/$name.log")"
    else
        echo "FAIL $name (valgrind status $?):"
        sed -n '/definitely lost in\|Invalid\|uninitialised\|ERROR SUMMARY/,/^==[0-9]*== $/p' \
            "$tmp/$name.log" | head -60
        cat "$tmp/$name.out"
        fails=$((fails + 1))
    fi
}

memcheck render-example render examples/qingshui-river.md -o "$tmp/example.pdf"
memcheck render-pasted render tests/import/news-simplified.txt -l a4-handout -o "$tmp/pasted.pdf"
memcheck import import tests/import/gb18030.txt -o "$tmp/gb18030.md" --explain

[ $fails -eq 0 ] && echo "valgrind: no errors, nothing definitely lost"
exit $fails
