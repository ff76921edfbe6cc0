#!/usr/bin/env python3
"""Exhibition boards end to end: the example article on board-120x90 as a
series with no text lost or set twice, a body size of at least 24 pt, TrimBox/BleedBox,
a clean qpdf check, PNG previews, and tiles whose overlapping strips show the
same picture. Usage: boards.py PAIBAN (from the repo root)."""
import collections
import os
import re
import subprocess
import sys
import tempfile

from testlib import check, finish, han, ppm

PAIBAN = sys.argv[1]


MM = 72 / 25.4
with tempfile.TemporaryDirectory() as tmp:
    pdf, trace = os.path.join(tmp, "board.pdf"), os.path.join(tmp, "board.trace")
    r = subprocess.run([PAIBAN, "render", "examples/qingshui-river.md", "-l", "board-120x90", "-o", pdf,
                        "--trace", trace, "--tile", "A3", "--overlap", "20", "--png", "6"], capture_output=True, text=True)
    check(r.returncode == 0, f"the example renders on board-120x90 ({r.stderr.strip()[-200:]})")
    m = re.search(r"note: (\d+) boards?, body text at ([\d.]+) pt", r.stderr)
    boards, size = (int(m.group(1)), float(m.group(2))) if m else (0, 0)
    check(m and size >= 24, f"copyfit reports the body size ({size} pt on {boards} boards), at least 24 pt")
    info = subprocess.run(["pdfinfo", "-box", pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    check(pages == boards, f"one page per board ({pages})")
    trim = [float(v) for v in re.search(r"TrimBox:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", info).groups()]
    bleed = [float(v) for v in re.search(r"BleedBox:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", info).groups()]
    tw, th = (trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM
    check(abs(tw - 1200) < 0.1 and abs(th - 900) < 0.1, f"TrimBox is 1200 x 900 mm ({tw:.1f} x {th:.1f})")
    grow = [(trim[0] - bleed[0]) / MM, (trim[1] - bleed[1]) / MM, (bleed[2] - trim[2]) / MM,
            (bleed[3] - trim[3]) / MM]
    check(all(abs(g - 5) < 0.05 for g in grow), f"BleedBox is 5 mm larger on each side {[round(g, 2) for g in grow]}")
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    check(q.returncode == 0 and "No syntax or stream encoding errors" in q.stdout, "qpdf --check is clean")
    # exactly the article's Han characters, none lost and none set twice; the
    # band (kicker, title, subtitle, and the footer with source, byline and
    # date) is set again on every board after the first: those copies are the
    # only text a board adds
    band = {}
    for line in open(trace, encoding="utf-8"):
        m = re.match(r'^p(\d+) - +\S+ +x=.* "(.*)"$', line)
        if m:
            band.setdefault(int(m.group(1)), []).append(re.sub(r"\d+/\d+$", "", m.group(2)))
    check(len(band) == boards and all(band[p] == band[1] for p in band),
          f"every board repeats the first one's band ({len(band)} bands)")
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    src = re.sub(r"\]\([^)]*\)", "]", open("examples/qingshui-river.md", encoding="utf-8").read())
    # the footer's date, as date_format prints it (2026年5月18日 星期一), is on the
    # first board too: the article writes it 2026-05-18 08:30:00
    date = re.search(r"\d{4}年\d+月\d+日( 星期.)?", "".join(band[1]))
    want = collections.Counter(han(src) + han("".join(band[1])) * (boards - 1)
                               + han(date.group(0) if date else ""))
    have = collections.Counter(han(text))
    lost, extra = want - have, have - want
    check(not lost and not extra, f"the boards hold exactly the article's {sum(want.values())} Han characters "
          f"with the band's copies ({sum(lost.values())} lost: {''.join(sorted(lost.elements()))[:20]}; "
          f"{sum(extra.values())} extra: {''.join(sorted(extra.elements()))[:20]})")
    pngs = [f for f in os.listdir(tmp) if re.match(r"board-\d+\.png$", f)]
    check(len(pngs) == boards, f"a PNG preview per board ({len(pngs)})")

    # tiles: rows x columns A3 sheets per board, neighbours overlapping exactly
    tiles = os.path.join(tmp, "board-tiles.pdf")
    info = subprocess.run(["pdfinfo", tiles], capture_output=True, text=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    check("(A3)" in info and n % boards == 0 and n // boards == 15,
          f"tiles: {n} A3 pages, {n // max(boards, 1)} per board (3 rows x 5 columns)")
    dpi, m_pt, ovl_pt = 24, 10 * MM, 20 * MM
    # the tile's size on the sheet, from the plan: (1200 - 20) / 5 + 20 mm wide
    tile_w, tile_h = ((1200 - 20) / 5 + 20) * MM, ((900 - 20) / 3 + 20) * MM
    for left in (1, 6):  # neighbours in the first row (title band) and the second (text)
        w1, h1, a = ppm(tiles, left, dpi)
        w2, h2, b = ppm(tiles, left + 1, dpi)
        x_a = int(round((m_pt + tile_w - ovl_pt) * dpi / 72))
        x_b = int(round(m_pt * dpi / 72))
        strip = int(ovl_pt * dpi / 72) - 2
        rows = range(int(m_pt * dpi / 72) + 2, int((m_pt + tile_h) * dpi / 72) - 2)
        diff, count, ink = 0, 0, 0
        for y in rows:
            for dx in range(1, strip):
                for k in range(3):
                    pa, pb = a[(y * w1 + x_a + dx) * 3 + k], b[(y * w2 + x_b + dx) * 3 + k]
                    diff += abs(pa - pb)
                    ink += pa < 128
                    count += 1
        mean = diff / max(count, 1)
        check(ink > 50 and mean < 0.3,
              f"tiles {left} and {left + 1}: their overlapping strips match "
              f"(mean difference {mean:.2f} of 255 over {count // 3} pixels with ink)")

    # logos in the footer band: an SVG (drawn by librsvg, kept vector) and a PNG
    with open(os.path.join(tmp, "logo.svg"), "w") as f:
        f.write('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">'
                '<rect width="120" height="60" fill="#ffffff"/><circle cx="60" cy="30" r="25" fill="#00a000"/></svg>')
    subprocess.run([os.path.join(os.path.dirname(PAIBAN), "tests", "mkimages"), tmp], check=True)
    md = os.path.join(tmp, "logos.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 展板标志\norganizer: 望川县文化馆\nlogos: [logo.svg, photo.jpg]\n---\n\n"
                + "正文段落。" * 30 + "\n")
    out, trace = os.path.join(tmp, "logos.pdf"), os.path.join(tmp, "logos.trace")
    r = subprocess.run([PAIBAN, "render", md, "-l", "poster-a1", "-o", out, "--trace", trace],
                       capture_output=True, text=True)
    logos = [l for l in open(trace, encoding="utf-8") if " logo " in l]
    warnings = [l for l in r.stderr.splitlines() if "warning" in l and "fills only" not in l]
    check(r.returncode == 0 and not warnings and len(logos) == 2
          and "logo.svg" in logos[0] + logos[1], f"SVG and JPEG logos in the footer band ({len(logos)})")
    box = re.search(r"logo +x=(\S+) y=(\S+) w=(\S+) h=(\S+) \S*logo\.svg", "".join(logos))
    if box:
        x, y, w, h = (float(v) for v in box.groups())
        wpx, hpx, px = ppm(out, 1, 30)
        # the page has 5 mm bleed and 10 mm of crop-mark space around the board
        cx, cy = int((x + w / 2 + 15 * MM) * 30 / 72), int((y + h / 2 + 15 * MM) * 30 / 72)
        rgb = tuple(px[(cy * wpx + cx) * 3 + k] for k in range(3))
        check(rgb[1] > 120 and rgb[0] < 80 and rgb[2] < 80, f"the SVG logo is drawn (green at its centre: {rgb})")

finish()
