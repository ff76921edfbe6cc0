#!/usr/bin/env python3
"""End to end: render the example and read the PDF back with poppler tools.

Checks that the PDF's text holds exactly the article's Han characters and
those its layout adds (none lost, none set twice), that justified lines end
at the column's edge as measured in the PDF, that every font is embedded, that the page size is the layout's, that the output
is byte-identical across runs, and that the photos are embedded as the
original JPEG bytes. Usage: e2e.py PAIBAN_BINARY (run from the repo root)."""
import collections
import os
import re
import struct
import subprocess
import sys
import tempfile

from testlib import check, finish, han
import zlib

PAIBAN = sys.argv[1]
ARTICLE = "examples/qingshui-river.md"


def render(out, layout, trace=None):
    r = subprocess.run([PAIBAN, "render", ARTICLE, "-l", layout, "-o", out]
                       + (["--trace", trace] if trace else []), capture_output=True, text=True)
    check(r.returncode == 0, f"render {layout} exits 0 ({r.stderr.strip()[:200]})")
    return r


def source_text():
    text = open(ARTICLE, encoding="utf-8").read()
    # image paths are not text; captions (alt text) are
    return re.sub(r"\]\([^)]*\)", "]", text)


def flush_in_pdf(pdf, body, colw):
    """Justified body lines (not a paragraph's last, not hanging) whose last
    glyph, as poppler finds it in the PDF, does not end within 0.05 pt of the
    column's right edge (poppler writes 0.001 pt): the layout's own w= is not taken on trust. A line
    ending in a punctuation mark is left out: its glyph's advance is a full em
    while the line's box holds only the mark's ink (CLR-21), so poppler's box
    ends half an em past the edge. Returns how many lines were measured and
    "page column text (edge)" for each that fails."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    words = [(page, *map(float, m.groups()[:4]))
             for page, part in enumerate(html.split("<page ")[1:], 1)
             for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                  r'yMax="([\d.]+)">', part)]
    left = {}
    for m in body:  # a column's left edge: where its unindented lines start
        key = int(m.group(2))
        left[key] = min(left.get(key, 1e9), float(m.group(3)))
    bad, n = [], 0
    for m in body:
        page, col, x, y, txt = int(m.group(1)), int(m.group(2)), float(m.group(3)), float(m.group(4)), m.group(7)
        if m.group(6) or not (han(txt[-1:]) or txt[-1:].isalnum()):
            continue
        right, n = left[col] + colw, n + 1
        mine = [w for w in words if w[0] == page and w[2] < y - 2 < w[4] and x - 1 < w[3] and w[1] < right + 1]
        edge = max((w[3] for w in mine), default=0)
        if abs(edge - right) > 0.05:
            bad.append(f"p{page} c{col} {txt[-8:]} ({edge:.2f}, not {right:.2f})")
    return n, bad


SIZES = {"a3-news": (841.89, 1190.55), "a4-handout": (595.28, 841.89),
         "tabloid": (769.61, 1105.51), "broadsheet": (1105.51, 1539.21)}

def furniture_han(trace):
    """Han characters a layout adds to the article's own: the running header
    and footer lines (the kicker again, 第N版/第N页, the date), the label 来源
    that the meta line puts before a source that lacks it (pagebuild.c) and
    the date the meta line prints as 2026年5月18日 星期一 (the article writes
    2026-05-18 08:30:00, no Han)."""
    out = []
    for line in open(trace, encoding="utf-8"):
        m = re.match(r'^p\d+ \S+ +(\S+) +x=.* "(.*)"$', line)
        if m and m.group(1) in ("header", "footer"):
            out += han(m.group(2))
        elif m and m.group(1) == "meta" and m.group(2).startswith("来源："):
            out += han("来源")
        elif m and m.group(1) == "meta" and re.match(r"\d{4}年", m.group(2)):
            out += han(m.group(2))
    return out


with tempfile.TemporaryDirectory() as tmp:
    for layout, (w, h) in SIZES.items():
        pdf, trace = os.path.join(tmp, f"{layout}.pdf"), os.path.join(tmp, f"{layout}.trace")
        render(pdf, layout, trace)
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                              text=True).stdout
        # exactly the article's Han characters and what the layout adds: none
        # lost, none set twice
        want = collections.Counter(han(source_text()) + furniture_han(trace))
        have = collections.Counter(han(text))
        lost, extra = want - have, have - want
        check(sum(want.values()) > 2500 and not lost and not extra,
              f"{layout}: the PDF holds exactly the {sum(want.values())} Han characters of the article "
              f"and its furniture ({sum(lost.values())} lost: {''.join(sorted(lost.elements()))[:20]}; "
              f"{sum(extra.values())} extra: {''.join(sorted(extra.elements()))[:20]})")
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
        rows = [l.split() for l in fonts.splitlines()[2:] if l.strip()]
        check(rows and all(r[-5] == "yes" for r in rows),
              f"{layout}: all {len(rows)} fonts embedded")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
        check(m and abs(float(m.group(1)) - w) < 0.5 and abs(float(m.group(2)) - h) < 0.5,
              f"{layout}: page size {m.group(1) if m else '?'} x {m.group(2) if m else '?'}"
              f" is {w} x {h}")

    # CLR-12, CLR-33: in every layout, from the trace: no body line starts with a
    # closing mark or ends with an opening one, none is wider than its column,
    # and all but paragraph ends are flush with it
    NO_START = set("，。、；：？！）」』”’》】")
    NO_END = set("（「『“‘《【")
    line_re = re.compile(r'^p(\d+) c(\d+) body +x=(\S+) y=(\S+) w=(\S+) r=\S+((?: hang)?(?: over)?(?: end)?) "(.*)"$')
    for layout in SIZES:
        trace = os.path.join(tmp, f"{layout}.trace")
        rows = open(trace, encoding="utf-8").read().splitlines()
        colw = float(re.search(r"column-width ([\d.]+)", rows[0]).group(1))
        body = [m for m in map(line_re.match, rows) if m]
        bad_start = [m.group(7) for m in body if m.group(7)[:1] in NO_START]
        bad_end = [m.group(7) for m in body if m.group(7)[-1:] in NO_END]
        over = [m.group(7) for m in body if float(m.group(5)) > colw + 0.01]
        ragged = [m.group(7) for m in body if m.group(6).strip() in ("", "over") and abs(float(m.group(5)) - colw) > 0.01]
        check(len(body) > 100 and not bad_start and not bad_end,
              f"{layout}: {len(body)} body lines, none starts or ends with a prohibited mark "
              f"{(bad_start + bad_end)[:2]}")
        check(not over, f"{layout}: no body line wider than its column {over[:2]}")
        check(not ragged, f"{layout}: every body line but paragraph ends is flush {ragged[:2]}")
        n, short = flush_in_pdf(os.path.join(tmp, f"{layout}.pdf"), body, colw)
        check(n > 50 and not short, f"{layout}: in the PDF, each of {n} justified body lines ending in a "
                                    f"character ends at the column's right edge {short[:2]}")

    # determinism: the same input twice gives the same bytes
    a, b = os.path.join(tmp, "a.pdf"), os.path.join(tmp, "b.pdf")
    render(a, "a3-news")
    render(b, "a3-news")
    check(open(a, "rb").read() == open(b, "rb").read(), "output is byte-identical across runs")

    # JPEG pass-through: each photo's bytes appear unchanged in the PDF
    data = open(a, "rb").read()
    photos = re.findall(r"\]\(([^) ]+\.jpg)", open(ARTICLE, encoding="utf-8").read())
    for p in photos:
        raw = open(os.path.join(os.path.dirname(ARTICLE), p), "rb").read()
        check(raw in data, f"{p} embedded unchanged")
    check(data.count(b"/DCTDecode") == len(set(photos)),
          f"each photo embedded once ({data.count(b'/DCTDecode')} DCT streams)")
    check(b"/Lang (zh-Hans)" in data, "the document says its language (/Lang zh-Hans)")
    r = subprocess.run(["qpdf", "--check", a], capture_output=True, text=True)
    check(r.returncode == 0 and "No syntax or stream encoding errors" in r.stdout,
          f"qpdf --check finds no error ({(r.stdout + r.stderr).strip()[-160:]})")

    # PNG through cairo: a figure from a PNG file is embedded as an image
    def png(path, w, h):
        rows = b"".join(b"\x00" + b"".join(bytes((x * 255 // w, y * 255 // h, 128))
                                             for x in range(w)) for y in range(h))
        def chunk(t, d):
            return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                    + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))

    png(os.path.join(tmp, "chart.png"), 300, 200)
    md = os.path.join(tmp, "png.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 图表\n---\n\n正文。\n\n![△一张图表](chart.png)\n\n正文。\n")
    out = os.path.join(tmp, "png.pdf")
    r = subprocess.run([PAIBAN, "render", md, "-o", out], capture_output=True, text=True)
    check(r.returncode == 0, f"PNG figure renders ({r.stderr.strip()[:200]})")
    # preflight: 300 pixels across two A3 columns is about 58 ppi
    check(re.search(r"chart\.png: warning: 5\d ppi at its placed size .*below the layout's 200 ppi",
                    r.stderr) is not None, "a low-resolution photo is warned about with its ppi")
    imgs = subprocess.run(["pdfimages", "-list", out], capture_output=True, text=True).stdout
    check(re.search(r"^\s*1\s+\d+\s+image\s+300\s+200\s", imgs, re.M) is not None,
          "the PNG is embedded at 300x200 pixels")

finish()
