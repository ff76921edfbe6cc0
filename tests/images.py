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




PAGES_MM = {"A3": 420, "A4": 297, "四开": 390, "对开": 543}  # heights of the shipped layouts' pages


def layout_grid(name):
    """What the fill checks need from a shipped layout's YAML: the grid pitch,
    the body size and the column count in points, and the bottom of the
    column's last grid slot. That slot is found as the engine finds it, in
    its units of 1/1024 pt: a slot fits when it ends at or above the type
    area's foot (a3-news's 72nd line misses the foot by 1/1024 pt and is not
    set: its full columns hold 71 lines)."""
    text = open(f"layouts/{name}.yaml", encoding="utf-8").read()
    def u(v):
        v = v.strip()
        pt = float(v[:-2]) * 72 / 25.4 if v.endswith("mm") else float(v[:-2]) if v.endswith("pt") else float(v)
        return int(pt * 1024 + 0.5)
    named = {"五号": 10.5, "小五": 9.0}
    size = re.search(r"^  body: +\{[^}]*size: ([^,}]+)", text, re.M).group(1).strip()
    margins = re.search(r"margins: \{top: ([^,}]+), bottom: ([^,}]+)", text)
    top, pitch = u(margins.group(1)), u(re.search(r"^  baseline: (\S+)", text, re.M).group(1))
    page = re.search(r"^  size: (\S+)", text, re.M).group(1)
    area = u(f"{PAGES_MM[page]}mm") - top - u(margins.group(2))
    return {"pitch": pitch / 1024, "size": named.get(size) or u(size) / 1024,
            "last": (top + area // pitch * pitch) / 1024,
            "columns": int(re.search(r"^  columns: (\d+)", text, re.M).group(1))}


def slot_bottom(baseline, grid):
    """Where the grid slot of a line on `baseline` ends: the engine centres the
    em box (0.88 em above the baseline) in a slot one pitch high."""
    return baseline + grid["pitch"] / 2 - 0.38 * grid["size"]


def column_use(rows, figs, grid):
    """Per (page, column): the vertical extents taken by its lines (their grid
    slots) and photos (with what hangs under them), in points."""
    use = {}
    for r in rows:
        m = re.match(r"^p(\d+) c(\d+)(?:-(\d+))? +(\S+) +x=\S+ y=(\S+) w=\S+ (h=(\S+))?", r)
        if not m or m.group(4) == "note-box":
            continue
        y = float(m.group(5))
        ext = (y, y + float(m.group(7))) if m.group(7) else (slot_bottom(y, grid) - grid["pitch"], slot_bottom(y, grid))
        for c in range(int(m.group(2)), int(m.group(3) or m.group(2)) + 1):
            use.setdefault((int(m.group(1)), c), []).append(ext)
    return use


def first_role(rows, page, col):
    """The role of the first line of the text poured into column col of page
    (None if none): a photo's caption above it is the photo's, not the text's."""
    for r in rows:
        m = re.match(rf"^p{page} c{col}(?:-\d+)? +(\S+) +x=\S+ y=\S+ w=\S+ r=", r)
        if m and m.group(1) not in ("caption", "missing"):
            return m.group(1)
    return None


def words(pdf):
    """Every word poppler finds: (page, x0, y0, x1, y1, text)."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    out = []
    for page, body in enumerate(html.split("<page ")[1:], 1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body):
            out.append((page,) + tuple(float(v) for v in m.groups()[:4]) + (m.group(5),))
    return out


def overlap(a, b, inset=0.5):
    """Rectangles (x0, y0, x1, y1) overlap by more than `inset` points each way."""
    return min(a[2], b[2]) - max(a[0], b[0]) > inset and min(a[3], b[3]) - max(a[1], b[1]) > inset


def quadrant(pdf, f, qx, qy):
    """The colour at the centre of figure f's quadrant (qx, qy), in a rendering."""
    return pixel(pdf, f["page"], f["x"] + f["w"] * (0.25 + qx / 2), f["y"] + f["h"] * (0.25 + qy / 2))


def colour_name(c):
    r, g, b = c
    if r > 150 and g > 150 and b < 100:
        return "yellow"
    if r > 150 and g < 100 and b < 100:
        return "red"
    if g > 130 and r < 100 and b < 100:
        return "green"
    if b > 150 and r < 100 and g < 100:
        return "blue"
    return str(c)


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

    # a CMYK photo of four colours: each quadrant prints its own (a wrong
    # /Decode or channel order moves or swaps them)
    r, pdf, trace = render(article(tmp, "cmyk4", [("cmyk4.jpg", "span=2")]))
    f = figures(trace)[0]
    want = {(0, 0): ("cyan", lambda c: c[0] < 90 and c[1] > 120 and c[2] > 180),
            (1, 0): ("magenta", lambda c: c[0] > 180 and c[1] < 90 and c[2] > 100),
            (0, 1): ("yellow", lambda c: c[0] > 200 and c[1] > 200 and c[2] < 90),
            (1, 1): ("black", lambda c: max(c) < 80)}
    got = {q: quadrant(pdf, f, *q) for q in want}
    check(r.returncode == 0 and all(ok(got[q]) for q, (_, ok) in want.items()),
          "a four-colour CMYK photo prints cyan, magenta / yellow, black "
          + str({want[q][0]: got[q] for q in want}))

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

    # EXIF orientations 2..8: the photo stands upright 300x200 with red, green
    # / blue, yellow in its quadrants however its pixels are stored
    colours = {(0, 0): "red", (1, 0): "green", (0, 1): "blue", (1, 1): "yellow"}
    for n in range(2, 9):
        r, pdf, trace = render(article(tmp, f"orient{n}", [(f"orient{n}.jpg", "span=1")]))
        f = figures(trace)[0]
        got = {q: colour_name(quadrant(pdf, f, *q)) for q in colours}
        check(r.returncode == 0 and abs(f["w"] / f["h"] - 1.5) < 0.05 and got == colours,
              f"EXIF orientation {n}: placed {f['w']:.0f}x{f['h']:.0f} pt, quadrants {got}")

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
        trace, pdf = os.path.join(tmp, f"example-{layout}.trace"), os.path.join(tmp, f"example-{layout}.pdf")
        subprocess.run([PAIBAN, "render", "examples/qingshui-river.md", "-l", layout, "-o", pdf,
                        "--trace", trace], check=True)
        rows = open(trace, encoding="utf-8").read().splitlines()
        lines = [m for m in map(LINE.match, rows) if m and m.group(3) in ("body", "head", "note", "credits")]
        figs = figures(trace)
        grid = layout_grid(layout)
        pitch = grid["pitch"]

        # no text on a photo: every word's box, as poppler finds it in the PDF,
        # and every text line's box from the trace, against every photo's box
        hits = [f"{w[5]} on {os.path.basename(f['path'])}" for w in words(pdf) for f in figs
                if w[0] == f["page"] and overlap(w[1:5], (f["x"], f["y"], f["x"] + f["w"], f["y"] + f["h"]))]
        hits += [m.group(0) for m in lines for f in figs if int(m.group(1)) == f["page"] and overlap(
            (float(m.group(4)), float(m.group(5)) - 0.7 * pitch, float(m.group(4)) + float(m.group(6)),
             float(m.group(5))), (f["x"], f["y"], f["x"] + f["w"], f["y"] + f["h"]))]
        check(not hits, f"{layout}: no text runs into a photo {hits[:2]}")

        # no holes: inside a column no run of empty grid lines that no photo fills
        pages = max(int(m.group(1)) for m in lines)
        holes = []
        for (p, c), used in column_use(rows, figs, grid).items():
            used.sort()
            for (a0, a1), (b0, b1) in zip(used, used[1:]):
                if b0 - max(a1, a0) > 4 * pitch + 0.5:
                    holes.append(f"p{p} c{c} {a1:.0f}..{b0:.0f}")
        check(not holes, f"{layout}: no column has a hole {holes[:2]}")

        # full columns: every column of a page before the article's last is
        # filled to its last grid line, or one line short of it (a paragraph's
        # first line alone at the foot, or its last line alone at the next
        # column's head, CLR-40/43, moves one line over). More only where the
        # next column opens with a head: the head, its space before and the two
        # lines of its text it is kept with (CLR-41) did not fit, so up to
        # three grid lines stay empty. A photo placed at the foot fills its
        # part of the column like text.
        use = column_use(rows, figs, grid)
        short = []
        for p in range(1, pages):
            last = grid["last"]
            for c in range(1, grid["columns"] + 1):
                end = max((b for _, b in use.get((p, c), [])), default=0)
                empty = (last - end) / pitch
                nxt = (p, c + 1) if c < grid["columns"] else (p + 1, 1)
                allowed = 3 if first_role(rows, *nxt) == "head" else 1
                if empty > allowed + 0.05:
                    short.append(f"p{p} c{c} {empty:.1f} lines short (next opens with {first_role(rows, *nxt)})")
        check(not short, f"{layout}: every column before the last page is full {short[:3]}")
        last = [m for m in lines if int(m.group(1)) == pages]
        ends = {}
        for m in last:
            ends[m.group(2)] = max(ends.get(m.group(2), 0), float(m.group(5)))
        # a photo at the foot of columns ends them with its caption's last
        # line, on the grid as a line of text would be
        for r in rows:
            cap = re.match(rf"^p{pages} c(\d+)(?:-(\d+))? +caption +x=\S+ y=(\S+) ", r)
            for c in range(int(cap.group(1)), int(cap.group(2) or cap.group(1)) + 1) if cap else ():
                if str(c) in ends and ends[str(c)] < float(cap.group(3)):
                    ends[str(c)] = float(cap.group(3))
        spread = (max(ends.values()) - min(ends.values())) / pitch if len(ends) > 1 else 0
        # within a line (a photo at the top of a column may reach below the
        # text's end: it does not hold the other columns down)
        check(spread <= 1.01, f"{layout}: the last page's columns end within a line ({spread:.2f})")

finish()
