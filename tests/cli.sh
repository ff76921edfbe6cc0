#!/bin/sh
# The command line: exit statuses, messages naming FILE:LINE, and no output
# file left behind on error. Usage: cli.sh PAIBAN_BINARY (from any folder).
PAIBAN=$(realpath "$1")
# the source tree's files are named from it: PAIBAN_DATADIR (ctest sets it),
# else the tree this script is in
cd "${PAIBAN_DATADIR:-$(dirname "$0")/..}" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect STATUS PATTERN -- ARGS: run paiban, check the exit status and that
# its output (stdout and stderr) matches the extended regex PATTERN
expect() {
    want=$1 pattern=$2
    shift 3
    "$PAIBAN" "$@" >"$tmp/err" 2>&1
    got=$?
    if [ "$got" -ne "$want" ] || ! grep -Eq -- "$pattern" "$tmp/err"; then
        echo "FAIL paiban $*: status $got (want $want), stderr:"; sed 's/^/    /' "$tmp/err"
        fails=$((fails + 1))
    else
        echo "ok   paiban $* -> $got"
    fi
}

no_file() {
    if [ -e "$1" ]; then echo "FAIL $1 was left behind"; fails=$((fails + 1)); fi
    if ls "$1".tmp.* >/dev/null 2>&1; then echo "FAIL temporary file left"; fails=$((fails + 1)); fi
}

good=examples/qingshui-river.md

# usage errors: 2
expect 2 "no command" --
expect 2 "unknown command" -- frobnicate
expect 2 "needs an input" -- render
expect 2 "unknown option --bogus" -- render $good --bogus
expect 2 "needs a file name" -- render $good -o
expect 0 "^paiban [0-9]" -- --version
"$PAIBAN" --help | grep -q "paiban render" || { echo "FAIL --help has no example"; fails=$((fails+1)); }

# bad input: 1, with the file named
expect 1 "missing\.md: error: cannot open" -- render "$tmp/missing.md" -o "$tmp/a.pdf"
no_file "$tmp/a.pdf"

printf -- '---\ntitle: [unclosed\n---\n正文。\n' >"$tmp/badyaml.md"
expect 1 "badyaml\.md:[0-9]+: error" -- render "$tmp/badyaml.md" -o "$tmp/b.pdf"
no_file "$tmp/b.pdf"

expect 1 "unknown layout|no layout|not found" -- render $good -l no-such-layout -o "$tmp/c.pdf"
no_file "$tmp/c.pdf"

printf 'name: x\ngrid:\n  columns: 0\n' >"$tmp/bad-layout.yaml"
expect 1 "bad-layout\.yaml:3: .*columns" -- render $good -l "$tmp/bad-layout.yaml" -o "$tmp/d.pdf"
no_file "$tmp/d.pdf"

# a missing photo: a warning naming it, a placeholder, and success
printf -- '---\ntitle: 测试\n---\n\n正文第一段。\n\n![△说明文字](img/nowhere.jpg)\n\n正文第二段。\n' >"$tmp/photo.md"
expect 0 "nowhere\.jpg.*warning" -- render "$tmp/photo.md" -o "$tmp/e.pdf" --trace "$tmp/e.trace"
grep -q "figure .*nowhere.jpg.* missing" "$tmp/e.trace" || { echo "FAIL no placeholder in the trace"; fails=$((fails+1)); }

# an unknown front matter key is a warning, not an error
printf -- '---\ntitle: 测试\ncolour: red\n---\n\n正文。\n' >"$tmp/key.md"
expect 0 "key\.md:3: warning: .*colour" -- render "$tmp/key.md" -o "$tmp/f.pdf"

# an output that is an input: refused before anything is written, the input untouched
cp $good "$tmp/art.md"
expect 1 "art\.md: error: the output would overwrite the input .*art\.md \(the article\)" -- render "$tmp/art.md" -o "$tmp/art.md"
cmp -s $good "$tmp/art.md" || { echo "FAIL the article was changed"; fails=$((fails + 1)); }

# a preview too large for the layout: refused before the PDF is written
expect 1 "a 700 dpi preview .* choose a lower --png" -- render $good -l poster-a0 --png 700 -o "$tmp/g.pdf"
no_file "$tmp/g.pdf"

# write errors: no partial file
expect 1 "cannot write" -- render $good -o /dev/full
mkdir "$tmp/ro" && chmod 500 "$tmp/ro"
if [ "$(id -u)" -ne 0 ]; then
    expect 1 "cannot write" -- render $good -o "$tmp/ro/x.pdf"
fi
expect 1 "cannot write" -- render $good -o "$tmp/no-such-dir/x.pdf"
no_file "$tmp/no-such-dir/x.pdf"

# the layouts command lists the four shipped layouts
n=$("$PAIBAN" layouts | grep -cE '^(a3-news|a4-handout|tabloid|broadsheet) ')
[ "$n" -eq 4 ] || { echo "FAIL paiban layouts lists $n of 4"; fails=$((fails+1)); }

[ "$fails" -eq 0 ] && echo "all CLI checks passed"
exit "$fails"
