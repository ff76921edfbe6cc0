#!/usr/bin/env python3
"""Boards that look full: generated articles of 200 to 6000
characters with 0-3 photos (made by tests/mkimages), and the examples, set on
every board layout; every board is filled to at least 60 % of its columns'
height (copyfit's note reports pb_layout_fill per board), a 600-character
article on board-90x120 to at least 85 %. Usage: boardfill.py PAIBAN MKIMAGES
[--quick] (--quick: fewer articles, for the sanitizer builds)."""
import os
import re
import subprocess
import sys
import tempfile

from testlib import check, finish

PAIBAN, MKIMAGES = sys.argv[1], sys.argv[2]
QUICK = "--quick" in sys.argv
LAYOUTS = ["board-90x120", "board-120x90", "rollup-80x200", "poster-a0", "poster-a1"]
LENGTHS = [200, 1500, 6000] if QUICK else [200, 600, 1500, 3000, 6000]
PHOTOS = [0, 3] if QUICK else [0, 1, 2, 3]
# photos of three shapes: landscape, portrait (EXIF-turned), 4:3
IMAGES = ["photo.jpg", "rotated.jpg", "cmyk4.jpg"]
HAN = "河水清澈两岸绿意盎然志愿者巡河记录水质春天里柳树发芽鸟儿归来村民们沿着堤岸散步孩子在草地上放风筝"


def article(chars, photos):
    """About `chars` Han characters in paragraphs of 120, a head every four,
    the photos spread through the text."""
    out = ["---", "kicker: 望川县文化馆", "title: 清水河生态展", "organizer: 望川县文化馆",
           "date: 2026-12-07", "---", ""]
    paras = (chars + 119) // 120
    fig = 0
    for p in range(paras):
        if p and p % 4 == 0:
            out.append(f"## 第{p // 4 + 1}部分\n")
        n = min(120, chars - 120 * p)
        out.append("".join(HAN[(p * 7 + i) % len(HAN)] for i in range(n - 1)) + "。\n")
        while fig < photos and (p + 1) * photos >= (fig + 1) * paras:
            out.append(f"![图{fig + 1}　巡河的志愿者]({IMAGES[fig % 3]})\n")
            fig += 1
    return "\n".join(out)


def fills(md, layout, tmp):
    """The fill of each board, in %, from copyfit's note."""
    out = os.path.join(tmp, "out.pdf")
    r = subprocess.run([PAIBAN, "render", md, "-l", layout, "-o", out], capture_output=True, text=True)
    m = re.search(r"filled ([\d% ]+)", r.stderr)
    if r.returncode != 0 or not m:
        return None, r.stderr.strip()[-200:]
    return [int(v) for v in re.findall(r"\d+", m.group(1))], ""


with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([MKIMAGES, tmp], check=True, capture_output=True)
    cases = []
    for n in LENGTHS:
        for k in PHOTOS:
            path = os.path.join(tmp, f"a{n}-{k}.md")
            with open(path, "w", encoding="utf-8") as f:
                f.write(article(n, k))
            cases.append((f"{n} characters, {k} photos", path))
    cases += [(f"examples/{e}", os.path.abspath(f"examples/{e}"))
              for e in sorted(os.listdir("examples")) if e.endswith(".md")]
    for layout in LAYOUTS:
        low = []
        for name, path in cases:
            got, err = fills(path, layout, tmp)
            if got is None:
                low.append(f"{name}: failed ({err})")
            elif min(got) < 60:
                low.append(f"{name}: {got}")
        check(not low, f"{layout}: every board of {len(cases)} articles filled to 60 % or more "
              f"{'; '.join(low)}")
    path = os.path.join(tmp, "a600.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(article(600, 0))
    got, err = fills(path, "board-90x120", tmp)
    check(got is not None and len(got) == 1 and got[0] >= 85,
          f"a 600-character article fills board-90x120 to 85 % or more ({got} {err})")

finish()
