#!/usr/bin/env python3
"""Fonts subset before cairo (src/output/fontsubset.c) draw exactly what
cairo's own subsetting of the whole fonts draws: the example is rendered both
ways (PAIBAN_FONT_SUBSET=cairo is the reference) in two layouts, and the
pages must be the same pixels, the text the same text, every font embedded,
and the fonts much smaller. Usage: fontsubset.py PAIBAN_BINARY (from the repo
root; needs poppler's pdftoppm, pdftotext, pdffonts)."""
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


def font_bytes(pdf):
    """Bytes of the embedded font programs (the FontFile2/FontFile3 streams)."""
    data = open(pdf, "rb").read()
    total = 0
    for ref in set(re.findall(rb"/FontFile[23]? (\d+) 0 R", data)):
        m = re.search(rb"(?m)^" + ref + rb" 0 obj\s*<<.*?>>\s*stream\r?\n", data, re.S)
        if m:
            total += data.index(b"endstream", m.end()) - m.end()
    return total


with tempfile.TemporaryDirectory() as tmp:
    for layout in ("a3-news", "a4-handout"):
        ours, ref = os.path.join(tmp, f"{layout}.pdf"), os.path.join(tmp, f"{layout}-ref.pdf")
        render(ours, layout, {})
        render(ref, layout, {"PAIBAN_FONT_SUBSET": "cairo"})
        a, b = pages(ours, os.path.join(tmp, f"p-{layout}")), pages(ref, os.path.join(tmp, f"r-{layout}"))
        check(len(a) == len(b) and len(a) > 0 and a == b,
              f"{layout}: {len(a)} pages, the same pixels as cairo's own subsetting")
        ta = subprocess.run(["pdftotext", ours, "-"], capture_output=True, text=True).stdout
        tb = subprocess.run(["pdftotext", ref, "-"], capture_output=True, text=True).stdout
        check(ta == tb and len(ta) > 1000, f"{layout}: the same extracted text ({len(ta)} chars)")
        fonts = subprocess.run(["pdffonts", ours], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        check(rows and all(" yes yes yes " in r for r in rows),
              f"{layout}: {len(rows)} fonts, all embedded, subset, with a text map")
        check(all(("CID Type 0C" in r) or ("TrueType" in r) for r in rows),
              f"{layout}: CFF fonts stay CFF, TrueType stays TrueType")
        fa, fb = font_bytes(ours), font_bytes(ref)
        check(0 < fa < fb / 2, f"{layout}: fonts take {fa} bytes, cairo's own subsets {fb}")

finish()
