#!/usr/bin/env python3
"""Figures and page makeup, end to end.

Writes test photos with tests/mkimages, sets articles that use them and reads
the results back from the trace and with poppler: CMYK JPEGs print in their
colours, EXIF-rotated photos stand upright, low resolution is warned about,
broken images become placeholders (and fail with --strict), and on the
example article no text touches a photo, no column has a hole and the last
page's columns end level. Usage: images.py PAIBAN MKIMAGES (from the repo root)."""
import os
import re
import subprocess
import sys
import tempfile

from testlib import check, finish, pixel

PAIBAN, MKIMAGES = sys.argv[1], sys.argv[2]


def render(article, *args):
    out = os.path.splitext(article)[0] + ".pdf"
    trace = os.path.splitext(article)[0] + ".trace"
    r = subprocess.run([PAIBAN, "render", article, "-o", out, "--trace", trace, *args],
                       capture_output=True, text=True)
    return r, out, trace


def article(tmp, name, figures, body="正文。" * 40):
    path = os.path.join(tmp, name + ".md")
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 图片测试\n---\n\n" + body + "\n\n")
        for src, opts in figures:
            f.write(f'![△说明文字。记者 王某 摄]({src}{" " + chr(34) + opts + chr(34) if opts else ""})\n\n')
        f.write(body + "\n")
    return path


FIG = re.compile(r"^p(\d+) c(\d+)(?:-(\d+))? +figure +x=(\S+) y=(\S+) w=(\S+) h=(\S+) (\S+) (\d+)x(\d+) (\d+)ppi( missing)?")


def figures(trace):
    out = []
    for line in open(trace, encoding="utf-8"):
        m = FIG.match(line)
        if m:
            out.append({"page": int(m.group(1)), "x": float(m.group(4)), "y": float(m.group(5)),
                        "w": float(m.group(6)), "h": float(m.group(7)), "path": m.group(8),
                        "missing": bool(m.group(12))})
    return out




with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([MKIMAGES, tmp], check=True)

    # CMYK JPEG: passed through, with the /Decode that Adobe's inverted CMYK needs
    r, pdf, trace = render(article(tmp, "cmyk", [("cmyk.jpg", "span=2")]))
    data = open(pdf, "rb").read()
    check(r.returncode == 0 and re.search(rb"/Decode\s*\[\s*1 0 1 0 1 0 1 0\s*\]", data),
          "an Adobe CMYK JPEG gets the inverting /Decode array")
    check(open(os.path.join(tmp, "cmyk.jpg"), "rb").read() in data, "the CMYK JPEG is embedded unchanged")
    f = figures(trace)[0]
    rgb = pixel(pdf, f["page"], f["x"] + f["w"] / 2, f["y"] + f["h"] / 2)
    check(rgb[0] < 90 and rgb[1] > 120 and rgb[2] > 180, f"the cyan CMYK photo prints cyan {rgb}")

    # EXIF orientation 6: stored 400x200 left red / right blue, shown 200x400 red on top
    r, pdf, trace = render(article(tmp, "rotated", [("rotated.jpg", "span=1")]))
    f = figures(trace)[0]
    check(f["h"] > f["w"] * 1.9, f"an EXIF-rotated photo is placed upright ({f['w']:.0f}x{f['h']:.0f} pt)")
    top = pixel(pdf, f["page"], f["x"] + f["w"] / 2, f["y"] + f["h"] * 0.25)
    bottom = pixel(pdf, f["page"], f["x"] + f["w"] / 2, f["y"] + f["h"] * 0.75)
    check(top[0] > 150 and top[2] < 90 and bottom[2] > 150 and bottom[0] < 90,
          f"and appears upright in a rendering (top {top}, bottom {bottom})")
    check(open(os.path.join(tmp, "rotated.jpg"), "rb").read() in open(pdf, "rb").read(),
          "the rotated JPEG is embedded unchanged")

    # an animated WebP: its first frame (red), not a blank hole
    r, pdf, trace = render(article(tmp, "animated", [("animated.webp", "span=2")]))
    f = figures(trace)[0]
    rgb = pixel(pdf, f["page"], f["x"] + f["w"] / 2, f["y"] + f["h"] / 2)
    check(r.returncode == 0 and not f["missing"] and "decode" not in r.stderr
          and rgb[0] > 180 and rgb[1] < 80 and rgb[2] < 80,
          f"an animated WebP prints its first frame (red: {rgb})")

    # an SVG figure: drawn into pixels by our own writer, at its placed size
    with open(os.path.join(tmp, "chart.svg"), "w") as fh:
        fh.write('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">'
                 '<rect width="40" height="30" fill="#0000c8"/></svg>')
    r, pdf, trace = render(article(tmp, "svgfig", [("chart.svg", "span=1")]), "--strict")
    f = figures(trace)[0]
    rgb = pixel(pdf, f["page"], f["x"] + f["w"] / 2, f["y"] + f["h"] / 2)
    size = re.search(rb"/Width (\d+) /Height (\d+) /ColorSpace /DeviceRGB", open(pdf, "rb").read())
    want = round(f["w"] / 72 * 600)
    check(r.returncode == 0 and rgb[2] > 150 and rgb[0] < 60 and size
          and abs(int(size.group(1)) - want) <= 1,
          f"an SVG figure is drawn at its placed size at 600 ppi ({size and size.group(1)} px, want {want}; {rgb})")

    # preflight: 120 pixels over one A3 column is about 48 ppi
    r, pdf, trace = render(article(tmp, "lowres", [("lowres.jpg", "span=1")]))
    check(r.returncode == 0 and re.search(r"lowres\.jpg: warning: \d+ ppi at its placed size", r.stderr),
          "a low-resolution photo is warned about")
    check(re.search(r"figure .*lowres\.jpg 120x80 \d+ppi", open(trace, encoding="utf-8").read()),
          "the trace gives each figure's ppi")

    # broken images: a warning naming the file, a placeholder, success; --strict fails
    cases = {"truncated.jpg": "truncated", "notimage.jpg": "not a JPEG, PNG, WebP or SVG",
             "huge.png": "above the limit", "corrupt.png": "not a JPEG, PNG, WebP or SVG",
             "nowhere.jpg": "cannot open", "bitrot.jpg": "damaged", "nohuff.jpg": "damaged",
             "wide.png": "cannot be decoded"}
    for src, why in cases.items():
        r, pdf, trace = render(article(tmp, "bad-" + src.replace(".", "-"), [(src, "")]))
        figs = figures(trace)
        check(r.returncode == 0 and f"{src}: warning: " in r.stderr and why in r.stderr
              and figs and figs[0]["missing"],
              f"{src}: warning ({why}) and a placeholder; the page is still set")
        r, pdf, trace = render(article(tmp, "strict-" + src.replace(".", "-"), [(src, "")]), "--strict")
        check(r.returncode == 1 and not os.path.exists(pdf), f"{src}: --strict fails with no PDF left")

    # images outside the article's folder need --allow-outside
    sub = os.path.join(tmp, "sub")
    os.mkdir(sub)
    r, pdf, trace = render(article(sub, "outside", [("../photo.jpg", "")]))
    check("outside the article's folder" in r.stderr and figures(trace)[0]["missing"],
          "an image outside the article's folder is refused")
    r, pdf, trace = render(article(sub, "outside2", [("../photo.jpg", "")]), "--allow-outside")
    check(r.returncode == 0 and not figures(trace)[0]["missing"], "... and allowed with --allow-outside")

    # makeup on the example article: two span=2 photos and two single ones
    LINE = re.compile(r'^p(\d+) c(\d+) +(\S+) +x=(\S+) y=(\S+) w=(\S+) ')
    for layout in ("a3-news", "broadsheet", "tabloid", "a4-handout"):
        trace = os.path.join(tmp, f"example-{layout}.trace")
        subprocess.run([PAIBAN, "render", "examples/qingshui-river.md", "-l", layout, "-o",
                        os.path.join(tmp, "x.pdf"), "--trace", trace], check=True)
        rows = open(trace, encoding="utf-8").read().splitlines()
        pitch = None
        lines = [m for m in map(LINE.match, rows) if m and m.group(3) in ("body", "head", "note", "credits")]
        figs = figures(trace)
        hits = [m.group(0) for m in lines for f in figs
                if int(m.group(1)) == f["page"] and f["x"] - 1 < float(m.group(4)) < f["x"] + f["w"] - 1
                and f["y"] < float(m.group(5)) < f["y"] + f["h"] + 10]
        check(not hits, f"{layout}: no text line runs into a photo {hits[:1]}")
        pages = max(int(m.group(1)) for m in lines)
        ys = sorted({float(m.group(5)) for m in lines if m.group(3) == "body"})
        pitch = min(b - a for a, b in zip(ys, ys[1:]) if b - a > 1)
        # holes: in each column, more than four empty grid lines between text lines
        holes = []
        for p in range(1, pages + 1):
            for c in {m.group(2) for m in lines if int(m.group(1)) == p}:
                col = sorted(float(m.group(5)) for m in lines if int(m.group(1)) == p and m.group(2) == c)
                x = [m for m in lines if int(m.group(1)) == p and m.group(2) == c][0].group(4)
                spans = [(f["y"], f["y"] + f["h"]) for f in figs if f["page"] == p
                         and f["x"] - 1 <= float(x) <= f["x"] + f["w"]]
                for a, b in zip(col, col[1:]):
                    covered = any(s0 >= a - 1 and s1 <= b + pitch for s0, s1 in spans)
                    if b - a > 5 * pitch and not covered:
                        holes.append(f"p{p} c{c} {a:.0f}..{b:.0f}")
        check(not holes, f"{layout}: no column has a hole {holes[:2]}")
        last = [m for m in lines if int(m.group(1)) == pages]
        ends = {}
        for m in last:
            ends[m.group(2)] = max(ends.get(m.group(2), 0), float(m.group(5)))
        spread = (max(ends.values()) - min(ends.values())) / pitch if len(ends) > 1 else 0
        # within a line (a photo at the top of a column may reach below the
        # text's end: it does not hold the other columns down)
        check(spread <= 1.01, f"{layout}: the last page's columns end within a line ({spread:.2f})")

finish()
