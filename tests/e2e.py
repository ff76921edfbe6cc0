#!/usr/bin/env python3
"""End to end: render the example and read the PDF back with poppler tools.

Checks that every Han character of the article is in the PDF's text, that
every font is embedded, that the page size is the layout's, that the output
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


def render(out, layout):
    r = subprocess.run([PAIBAN, "render", ARTICLE, "-l", layout, "-o", out],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"render {layout} exits 0 ({r.stderr.strip()[:200]})")
    return r


def source_text():
    text = open(ARTICLE, encoding="utf-8").read()
    # image paths are not text; captions (alt text) are
    return re.sub(r"\]\([^)]*\)", "]", text)


SIZES = {"a3-news": (841.89, 1190.55), "a4-handout": (595.28, 841.89),
         "tabloid": (769.61, 1105.51), "broadsheet": (1105.51, 1539.21)}

with tempfile.TemporaryDirectory() as tmp:
    for layout, (w, h) in SIZES.items():
        pdf = os.path.join(tmp, f"{layout}.pdf")
        render(pdf, layout)
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                              text=True).stdout
        want, have = collections.Counter(han(source_text())), collections.Counter(han(text))
        lost = sum((want - have).values())
        check(sum(want.values()) > 2500 and lost == 0,
              f"{layout}: all {sum(want.values())} Han characters extract ({lost} lost: "
              f"{''.join(sorted((want - have).elements()))[:20]})")
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
    line_re = re.compile(r'^p\d+ c\d+ body +x=\S+ y=\S+ w=(\S+) r=\S+( hang)?( end)? "(.*)"$')
    for layout in SIZES:
        trace = os.path.join(tmp, f"{layout}.trace")
        subprocess.run([PAIBAN, "render", ARTICLE, "-l", layout, "-o", os.path.join(tmp, "t.pdf"),
                        "--trace", trace], check=True)
        rows = open(trace, encoding="utf-8").read().splitlines()
        colw = float(re.search(r"column-width ([\d.]+)", rows[0]).group(1))
        body = [m for m in map(line_re.match, rows) if m]
        bad_start = [m.group(4) for m in body if m.group(4)[:1] in NO_START]
        bad_end = [m.group(4) for m in body if m.group(4)[-1:] in NO_END]
        over = [m.group(4) for m in body if float(m.group(1)) > colw + 0.01]
        ragged = [m.group(4) for m in body if not m.group(3) and abs(float(m.group(1)) - colw) > 0.01]
        check(len(body) > 100 and not bad_start and not bad_end,
              f"{layout}: {len(body)} body lines, none starts or ends with a prohibited mark "
              f"{(bad_start + bad_end)[:2]}")
        check(not over, f"{layout}: no body line wider than its column {over[:2]}")
        check(not ragged, f"{layout}: every body line but paragraph ends is flush {ragged[:2]}")

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
