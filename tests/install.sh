#!/bin/sh
# The installed program finds its data folder without the source tree
# (README, "Install"; src/base/datadir.h). Installs BUILD_DIR into a scratch
# prefix, then runs the installed program from another folder with
# PAIBAN_DATADIR unset: it names PREFIX/share/paiban as its data folder, lists
# the layouts from there, and sets an example in a layout that exists only in
# the installed copy, byte for byte as the built program sets it in a
# shipped one. A program copied away from its share/ falls back to the
# source tree; a wrong PAIBAN_DATADIR is an error naming it, with no PDF.
# Usage: install.sh CMAKE BUILD_DIR (from any folder).
CMAKE=$1
BUILD=$(realpath "$2")
SRC=${PAIBAN_DATADIR:-$(dirname "$0")/..}
SRC=$(realpath "$SRC")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

"$CMAKE" --install "$BUILD" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; echo "FAIL cmake --install"; exit 1; }
P=$tmp/prefix/bin/paiban
DATA=$tmp/prefix/share/paiban
[ -x "$P" ] || fail "no program in PREFIX/bin"
for f in fonts/fonts.conf layouts/a3-news.yaml layouts/board-120x90.yaml; do
    cmp -s "$SRC/$f" "$DATA/$f" || fail "$f is not installed as it is in the source tree"
done

# an article with its photos, in a folder of its own, run from elsewhere
mkdir -p "$tmp/work/article" "$tmp/cwd"
cp -r "$SRC/examples/qingshui-river.md" "$SRC/examples/img" "$tmp/work/article/"
cd "$tmp/cwd" || exit 1
unset PAIBAN_DATADIR

"$P" --version >"$tmp/version" 2>&1 || fail "--version: status $?"
grep -qx "data folder: $DATA" "$tmp/version" ||
    { fail "--version does not name $DATA:"; sed 's/^/    /' "$tmp/version"; }

# only the installed copy has this layout: found there, or not at all
sed 's/^name: .*/name: installed-only/' "$DATA/layouts/a4-handout.yaml" >"$DATA/layouts/installed-only.yaml"
"$P" layouts >"$tmp/layouts" 2>&1 || fail "layouts: status $?"
grep -q "^installed-only " "$tmp/layouts" || fail "layouts does not list the installed copy's layouts"
"$P" render "$tmp/work/article/qingshui-river.md" -l installed-only -o "$tmp/installed.pdf" \
    >"$tmp/render.log" 2>&1 || { fail "render with the installed program:"; sed 's/^/    /' "$tmp/render.log"; }
"$BUILD/paiban" render "$tmp/work/article/qingshui-river.md" -l "$SRC/layouts/a4-handout.yaml" \
    -o "$tmp/built.pdf" >/dev/null 2>&1 || fail "render with the built program"
pages=$(pdfinfo "$tmp/installed.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 1 ] || fail "the installed program's PDF has no pages"
pdftotext "$tmp/installed.pdf" - 2>/dev/null | grep -q "清水河" || fail "the installed program's PDF lacks the title"
# the same fonts (fonts/fonts.conf) and layout give the same bytes; only the
# layout's name differs, which the PDF does not print
cmp -s "$tmp/installed.pdf" "$tmp/built.pdf" || fail "the installed and the built program's PDFs differ"

# a wrong PAIBAN_DATADIR: an error naming it, exit 1, no PDF
PAIBAN_DATADIR=$tmp/nowhere "$P" render "$tmp/work/article/qingshui-river.md" -o "$tmp/no.pdf" \
    >"$tmp/err" 2>&1
st=$?
[ $st -eq 1 ] || fail "a wrong PAIBAN_DATADIR: status $st (want 1)"
grep -q "$tmp/nowhere.*PAIBAN_DATADIR" "$tmp/err" || { fail "the error does not name the folder:"; sed 's/^/    /' "$tmp/err"; }
[ -e "$tmp/no.pdf" ] && fail "a PDF was written without a data folder"

# copied away from its share/: the source tree it was built from
mkdir -p "$tmp/moved/bin"
cp "$P" "$tmp/moved/bin/paiban"
"$tmp/moved/bin/paiban" --version 2>&1 | grep -qx "data folder: $SRC" ||
    fail "a program away from its share/ does not fall back to the source tree $SRC"

if [ $fails -ne 0 ]; then echo "$fails failed"; exit 1; fi
echo "install: all passed"
