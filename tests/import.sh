#!/bin/sh
# The import command: exit statuses, messages naming the file, the
# --explain lines, -o, --images, --encoding, no output left behind on error,
# and `render` of a .txt. Usage: import.sh PAIBAN_BINARY (from any folder).
PAIBAN=$(realpath "$1")
# the source tree's files are named from it: PAIBAN_DATADIR (ctest sets it),
# else the tree this script is in
cd "${PAIBAN_DATADIR:-$(dirname "$0")/..}" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# expect STATUS PATTERN -- ARGS: run paiban, check the exit status and that
# its output (stdout and stderr) matches the extended regex PATTERN
expect() {
    want=$1 pattern=$2
    shift 3
    "$PAIBAN" "$@" >"$tmp/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ] || { [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$tmp/out"; }; then
        echo "FAIL paiban $*: status $got (want $want), output:"; sed 's/^/    /' "$tmp/out"
        fails=$((fails + 1))
    else
        echo "ok   paiban $* -> $got"
    fi
}

no_file() {
    [ -e "$1" ] && fail "$1 was left behind"
    ls "$1".tmp.* >/dev/null 2>&1 && fail "a temporary file of $1 was left behind"
    return 0
}

src=tests/import
cp "$src/news-simplified.txt" "$tmp/news.txt"

# usage errors: 2
expect 2 "import needs an input" -- import
expect 2 "unknown option --bogus" -- import "$tmp/news.txt" --bogus
expect 2 "needs a file name" -- import "$tmp/news.txt" -o
expect 2 "needs utf-8, utf-16 or gb18030" -- import "$tmp/news.txt" --encoding latin-9
expect 2 "needs a folder" -- import "$tmp/news.txt" --images
"$PAIBAN" --help | grep -q "paiban import" || fail "--help has no import example"

# bad input: 1, the file named, no output
expect 1 "missing\.txt: error: cannot open" -- import "$tmp/missing.txt"
no_file "$tmp/missing.md"
printf 'abc\000def' >"$tmp/binary.txt"
expect 1 "binary\.txt: error: not a text file \(NUL byte at offset 3\)" -- import "$tmp/binary.txt"
no_file "$tmp/binary.md"
: >"$tmp/empty.txt"
expect 1 "empty\.txt: error: empty file" -- import "$tmp/empty.txt"
no_file "$tmp/empty.md"
printf '标题\n\n正文\377\377。\n' >"$tmp/bad.txt"
expect 1 "bad\.txt: error: not valid UTF-8 \(byte offset 14\)" -- import "$tmp/bad.txt"
no_file "$tmp/bad.md"
expect 1 "gb18030\.txt: error: not valid UTF-8 at byte offset" -- import "$src/gb18030.txt" --encoding utf-8 -o "$tmp/gb.md"
no_file "$tmp/gb.md"
expect 1 "overwrite the input" -- import "$tmp/news.txt" -o "$tmp/news.txt"
expect 1 "cannot write" -- import "$tmp/news.txt" -o "$tmp/no-such-dir/x.md"
no_file "$tmp/no-such-dir/x.md"
expect 1 "cannot write" -- import "$tmp/news.txt" -o /dev/full
expect 1 "images folder" -- import "$tmp/news.txt" --images "$tmp/no-photos" -o "$tmp/np.md"
no_file "$tmp/np.md"

# success: INPUT.md by default, the same as the golden file
expect 0 "" -- import "$tmp/news.txt"
cmp -s "$tmp/news.md" "$src/news-simplified.md" || fail "import news.txt differs from $src/news-simplified.md"
expect 0 "" -- import "$src/gb18030.txt" --encoding gb18030 -o "$tmp/gb.md"
cmp -s "$tmp/gb.md" "$src/gb18030.md" || fail "-o gb.md differs from $src/gb18030.md"
expect 0 "" -- import "$src/utf16-japanese.txt" -o "$tmp/ja.md"
grep -q "^lang: ja$" "$tmp/ja.md" || fail "the UTF-16 Japanese article is not lang: ja"

# --explain: one line per input line, what it became
expect 0 "^ +1  dropped: breadcrumb +您现在的位置" -- import "$tmp/news.txt" -o "$tmp/e.md" --explain
for want in "^ +2  title " "^ +3  date\+source " "^ +4  dropped: widget " "^ +7  dropped: repeated title " \
    "^ +13  figure " "^ +14  caption " "^ +16  head \(numbered\) " "^ +24  dropped: related " \
    "^ +28  credit "; do
    grep -Eq -- "$want" "$tmp/out" || fail "--explain has no line matching '$want'"
done
[ "$(grep -cE '^ +[0-9]+  ' "$tmp/out")" -eq 28 ] || fail "--explain does not list all 28 lines"

# -o -: the article on standard output, the explanation on standard error
"$PAIBAN" import "$tmp/news.txt" -o - --explain >"$tmp/stdout" 2>"$tmp/stderr" || fail "import -o - failed"
cmp -s "$tmp/stdout" "$src/news-simplified.md" || fail "import -o - differs from the golden file"
grep -q "dropped: breadcrumb" "$tmp/stderr" || fail "--explain with -o - is not on standard error"

# --images: the photos of the folder, in name order, go to the figures in order
mkdir "$tmp/photos"
cp examples/img/wetland.jpg "$tmp/photos/10.jpg"
cp examples/img/museum.jpg "$tmp/photos/2.jpg"
echo note >"$tmp/photos/readme.txt"
expect 0 "" -- import "$src/gb18030.txt" -o "$tmp/withphotos.md" --images "$tmp/photos"
first=$(grep -o '](.*)' "$tmp/withphotos.md" | head -1)
second=$(grep -o '](.*)' "$tmp/withphotos.md" | sed -n 2p)
[ "$first" = "](photos/2.jpg)" ] && [ "$second" = "](photos/10.jpg)" ] ||
    fail "--images assigned $first $second (want photos/2.jpg then photos/10.jpg)"
expect 0 "2 photos in the folder, 1 figures" -- import "$tmp/news.txt" -o "$tmp/one.md" --images "$tmp/photos"

# render of a .txt imports on the fly
expect 0 "photo1\.jpg.*warning|warning.*photo1\.jpg" -- render "$tmp/news.txt" -o "$tmp/news.pdf"
[ -s "$tmp/news.pdf" ] || fail "render news.txt wrote no PDF"
expect 0 "" -- render "$src/gb18030.txt" --images "$tmp/photos" -o "$tmp/gb.pdf" --trace "$tmp/gb.trace"
grep -q "figure .*2\.jpg" "$tmp/gb.trace" || fail "render --images did not place the photos"
expect 1 "binary\.txt: error: not a text file" -- render "$tmp/binary.txt" -o "$tmp/bin.pdf"
no_file "$tmp/bin.pdf"

# no title line: a warning; --title sets one (import and render); --captions
printf '记者 林泉 文/图\n河湾的早晨，渔船陆续出港，码头上一片忙碌。\n' >"$tmp/notitle.txt"
expect 0 "no title line was found" -- import "$tmp/notitle.txt" -o "$tmp/notitle.md"
grep -q '^title:' "$tmp/notitle.md" && fail "a text with no title line got a title"
expect 0 "" -- import "$tmp/notitle.txt" -o "$tmp/titled.md" --title "河湾晨景"
grep -q '^title: 河湾晨景$' "$tmp/titled.md" || fail "--title did not set the title"
grep -q "no title" "$tmp/out" && fail "--title still warns of no title"
expect 2 "--title needs the title text" -- import "$tmp/notitle.txt" --title
expect 0 "" -- render "$tmp/notitle.txt" --title "河湾晨景" -o "$tmp/titled.pdf" --trace "$tmp/titled.trace"
grep -q "河湾晨景" "$tmp/titled.trace" || fail "render --title did not set the headline"
printf '湿地公园迎来候鸟\n今年入冬以来，湿地公园观测到的候鸟数量明显增加，其中不乏珍稀品种。\n一群白鹭在浅滩上觅食。\n志愿者正在记录鸟类数量。\n' >"$tmp/capts.txt"
expect 0 "looks like a caption" -- import "$tmp/capts.txt" -o "$tmp/capts.md" --explain
grep -q '!\[' "$tmp/capts.md" && fail "caption-like lines became figures without --captions auto"
expect 0 "caption run" -- import "$tmp/capts.txt" -o "$tmp/capts2.md" --explain --captions auto
[ "$(grep -c '^!\[' "$tmp/capts2.md")" -eq 2 ] || fail "--captions auto did not make 2 figures"
expect 2 "--captions needs auto or keep" -- import "$tmp/capts.txt" --captions yes

[ "$fails" -eq 0 ] && echo "all import CLI checks passed"
exit "$fails"
