#!/usr/bin/env python3
"""Running heads, dates and head levels, read from the layout trace.

A newspaper layout prints its 版次 line (第N版, the 版名 from front matter
`section`, the date) on every page, page 1 included; no layout prints a
page's number twice; dates are printed as the layout's date_format says
(2025年6月20日 星期五; zh-Hant and ja without the weekday), in the meta row,
the running head and a board's footer band alike, and a date that is no
date is printed as written with a warning naming its line; ## ### #### are
set as head, head2, head3. Usage: folios.py PAIBAN_BINARY."""
import os
import re
import subprocess
import sys
import tempfile

from testlib import check, finish

PAIBAN = sys.argv[1]
NEWSPAPERS = ["a3-news", "tabloid", "broadsheet"]
LAYOUTS = sorted(f[:-5] for f in os.listdir("layouts") if f.endswith(".yaml"))
BOARDS = [l for l in LAYOUTS if l.startswith(("board-", "poster-", "rollup-"))]
LINE = re.compile(r'^p(\d+) (\S+) +(\S+) +x=\S+ y=(\S+) .*"(.*)"$')
PARA = ("城市的街道在清晨醒来，环卫工人已经完成了第一遍清扫，早点铺子飘出热气，"
        "上学的孩子背着书包穿过斑马线，公交车一辆接一辆驶过站台。")


def article(path, front, sections=40, paras=4):
    """An article of `sections` sections under ## ### #### heads."""
    body = []
    for i in range(sections):
        body += [f"{'#' * (2 + i % 3)} 第{i + 1}节的标题", ""]
        body += [PARA * 3, ""] * paras
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\n" + front + "\n---\n\n" + "\n".join(body))
    return path


def render(src, layout, tmp):
    trace = os.path.join(tmp, f"{layout}.trace")
    r = subprocess.run([PAIBAN, "render", src, "-l", layout, "-o", os.path.join(tmp, f"{layout}.pdf"),
                        "--trace", trace], capture_output=True, text=True)
    check(r.returncode == 0, f"{layout}: {os.path.basename(src)} renders ({r.stderr.strip()[-200:]})")
    rows = [m for m in map(LINE.match, open(trace, encoding="utf-8")) if m] if r.returncode == 0 else []
    return rows, r.stderr


def furniture(rows, page):
    return [m.group(5) for m in rows if int(m.group(1)) == page and m.group(3) in ("header", "footer")]


def meta(rows):
    return [m.group(5) for m in rows if m.group(3) == "meta"]


with tempfile.TemporaryDirectory() as tmp:
    DATE = "2025年6月20日 星期五"
    src = article(os.path.join(tmp, "long.md"),
                  "title: 页码与日期\nkicker: 版面试验\ndate: 2025-06-20 07:35:00\nsection: 要闻")

    for layout in LAYOUTS:
        if layout in BOARDS:
            continue
        rows, _ = render(src, layout, tmp)
        pages = max((int(m.group(1)) for m in rows), default=0)
        check(pages >= 3, f"{layout}: the article runs to {pages} pages (3 or more)")
        # no page number printed twice: the furniture of each page, its date
        # taken out, holds the page's number once
        twice = []
        for p in range(1, pages + 1):
            text = " ".join(furniture(rows, p)).replace(DATE, "")
            n = len(re.findall(rf"(?<!\d){p}(?!\d)", text))
            if n != 1:
                twice.append(f"p{p}: {n}× in {text!r}")
        check(pages and not twice, f"{layout}: each of {pages} pages prints its number once {twice[:2]}")
        check(DATE in meta(rows), f"{layout}: the meta row prints the date as {DATE} {meta(rows)[:3]}")
        if layout in NEWSPAPERS:  # the 版次 line on every page, page 1 included
            missing = [p for p in range(1, pages + 1)
                       if not {f"第{p}版", "要闻", DATE} <= set(furniture(rows, p))]
            check(pages and not missing,
                  f"{layout}: a 版次 line (第N版, 要闻, {DATE}) on every page, page 1 included "
                  f"(missing on {missing[:5]}; page 1: {furniture(rows, 1)})")
            top = min((float(m.group(4)) for m in rows if m.group(1) == "1" and m.group(3) != "header"),
                      default=0)
            head = [float(m.group(4)) for m in rows if m.group(1) == "1" and m.group(3) == "header"]
            check(head and max(head) < top, f"{layout}: page 1's folio stands above the headline")
        # ## ### #### in their three styles, in the order written
        levels = [m.group(3) for m in rows if m.group(3).startswith("head") and m.group(3) != "header"]
        check(levels[:6] == ["head", "head2", "head3"] * 2,
              f"{layout}: ## ### #### set as head, head2, head3 ({levels[:6]})")

    # dates the Chinese way in each language; what is no date as written
    for lang, date, want in [("zh-Hans", "2025-06-20 07:35:00", "2025年6月20日 星期五"),
                             ("zh-Hant", "2015/5/28 18:43", "2015年5月28日"),
                             ("ja", "2026-01-05", "2026年1月5日"),
                             ("zh-Hans", "2023年06月26日 08:05", "2023年6月26日 星期一")]:
        short = article(os.path.join(tmp, f"d-{lang}.md"), f"title: 日期\ndate: {date}\nlang: {lang}",
                        sections=2, paras=1)
        rows, _ = render(short, "a3-news", tmp)
        check(want in meta(rows) and want in furniture(rows, 1),
              f"{lang}: {date} is printed {want} in the meta row and the running head "
              f"({meta(rows)}, {furniture(rows, 1)})")
    bad = article(os.path.join(tmp, "bad-date.md"), "title: 日期\ndate: 五月十八日", sections=2, paras=1)
    rows, err = render(bad, "a3-news", tmp)
    check("五月十八日" in meta(rows) and "五月十八日" in furniture(rows, 1),
          f"a date that is no date is printed as written ({meta(rows)}, {furniture(rows, 1)})")
    check(re.search(r"bad-date\.md:3: warning: front matter date \"五月十八日\" is not a date", err),
          f"... with a warning naming its file and line ({err.strip()[:160]})")

    # a board's footer band prints the date as the running heads do
    board = article(os.path.join(tmp, "board.md"),
                    "title: 展板\norganizer: 主办单位\ndate: 2025-06-20 07:35:00", sections=3, paras=1)
    for layout in BOARDS:
        rows, _ = render(board, layout, tmp)
        foot = [m.group(5) for m in rows if m.group(3) == "footer"]
        check(foot and DATE in foot[0] and "2025-06-20" not in foot[0],
              f"{layout}: the footer band prints the date as {DATE} ({foot[:1]})")
finish()
