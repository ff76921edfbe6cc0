#!/usr/bin/env python3
"""Page fitting end to end: an article made to end on fewer pages, or on the
number asked for, by the changes its layout's fit section allows, and every
render saying what it made.

usage: fit.py PAIBAN"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from testlib import check, finish

PAIBAN = sys.argv[1]
LINE = re.compile(r"^p(\d+) c(\d+)(?:-(\d+))? +(\S+) +x=([\d.]+) y=([\d.]+) w=([\d.]+)(?: h=([\d.]+))?")

PARA = ("清晨五点半，薄雾还没散尽，退休教师沿着河岸走完每天的巡河路线，记下水色、漂浮物和排污口的情况，"
        "再把照片发到志愿者群里。十年前，这条河还是镇上人人绕着走的臭水沟；如今白鹭回来了，孩子们又能在岸边"
        "捉蜻蜓。镇里先截污纳管，再清淤疏浚，最后请村民一起守护，每一步都走得扎实。")


OUT = tempfile.mkdtemp()


def render(md, *args, layout="a3-news"):
    out = os.path.join(OUT, os.path.basename(md)[:-3] + "-" + os.path.basename(layout).replace(".yaml", "") + ".pdf")
    trace = out[:-4] + ".trace"
    r = subprocess.run([PAIBAN, "render", md, "-l", layout, "-o", out, "--trace", trace, *args],
                       capture_output=True, text=True)
    pages = []
    if r.returncode == 0:
        for ln in open(trace, encoding="utf-8"):
            m = LINE.match(ln)
            if not m:
                continue
            p, c0 = int(m.group(1)), int(m.group(2))
            c1 = int(m.group(3) or c0)
            y, h = float(m.group(6)), float(m.group(8) or 0)
            while len(pages) < p:
                pages.append({})
            for c in range(c0, c1 + 1):
                pages[p - 1][c] = max(pages[p - 1].get(c, 0), y + h)
    return r, pages, out


def last_fill(pages, columns):
    """How far down the last page its columns reach, against page 1's deepest."""
    full = max(pages[0].values())
    top = 0
    ends = [pages[-1].get(c, top) for c in range(1, columns + 1)]
    return sum(ends) / len(ends) / full


def article(tmp, name, paras, photos=0, span=2, front=""):
    """An article of paras paragraphs with photos spread through it."""
    img = os.path.join(tmp, "img")
    if not os.path.exists(img):
        os.makedirs(img)
        shutil.copy("examples/img/wetland.jpg", img)
    body, n = [], 0
    for i in range(paras):
        body.append(PARA)
        if n < photos and i % max(1, paras // photos) == 1:
            n += 1
            body.append(f"![△第{n}张照片，河岸的早晨。记者 某某 摄](img/wetland.jpg \"span={span}\")")
    path = os.path.join(tmp, name + ".md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"---\ntitle: 清水河的早晨\n{front}---\n\n" + "\n\n".join(body) + "\n")
    return path


def heads(tmp, n):
    """An article of n/2 sections, each a head and a paragraph."""
    md = os.path.join(tmp, f"heads{n}.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 清水河\n---\n\n" +
                "\n\n".join(f"## 第{i}节\n\n{PARA}" for i in range(n // 2)) + "\n")
    return md


def spilling(articles, layout, below):
    """The first of the articles that, on layout (four columns), takes two
    pages with the second filled less than below; None if none does."""
    for md in articles:
        _, pages, _ = render(md, layout=layout)
        if len(pages) == 2 and last_fill(pages, 4) < below:
            return md
    return None


def layout_without_fit(tmp, name):
    """The shipped layout with page fitting off."""
    src = open(os.path.join("layouts", name + ".yaml"), encoding="utf-8").read()
    src = re.sub(r"^fit:.*\n(?:[ \t]+.*\n)*", "", src, flags=re.M) + "\nfit: {order: none}\n"
    path = os.path.join(tmp, name + "-nofit.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(src)
    return path


with tempfile.TemporaryDirectory() as tmp:
    work = tmp
    if True:
        # every newspaper render reports its pages and what fitting changed
        r, pages, _ = render("examples/qingshui-river.md", layout="a4-handout")
        check(r.returncode == 0 and re.search(r"qingshui-river\.md: note: \d+ pages?, a4-handout", r.stderr),
              f"a render says how many pages it made ({r.stderr.strip()[-200:]})")
        # the handout ends on whole pages: its last page nearly full
        check(pages and last_fill(pages, 2) >= 0.85,
              f"a4-handout: the example's last page is filled ({pages and last_fill(pages, 2):.2f})")
        # a handout changes its body size, within 9–12 pt, where that ends it
        # on fewer pages or fills its last one better than as written
        hnofit = layout_without_fit(tmp, "a4-handout")
        sized = []
        for n in range(6, 40, 3):
            md = article(work, f"hand{n}", n, photos=2, span=1)
            r, pages, _ = render(md, layout="a4-handout")
            m = re.search(r"body ([\d.]+) pt", r.stderr)
            if m and "short:" not in r.stderr:
                _, p0, _ = render(md, layout=hnofit)
                sized.append((float(m.group(1)), len(pages), last_fill(pages, 2), len(p0), last_fill(p0, 2)))
        check(sized and all(9 <= b <= 12 and b != 10.5 for b, *_ in sized),
              f"a4-handout: body sizes chosen within 9–12 pt ({[x[0] for x in sized]})")
        check(sized and all(p < p0 or (p == p0 and f >= f0 - 0.01) for _, p, f, p0, f0 in sized)
              and any(p < p0 or f > f0 + 0.01 for _, p, f, p0, f0 in sized),
              f"a4-handout: each ends on no more pages nor emptier than as written, some on fewer "
              f"or fuller {[(b, p0, p, round(f0, 2), round(f, 2)) for b, p, f, p0, f0 in sized]}")
        # a text too short to fill a handout page even at 12 pt is set as a
        # notice: in one column across the page, the body within 14-16 pt,
        # reaching further down the page than in two columns; a text that
        # fills its page stays in two
        notices = []
        for n in (3, 4, 5):
            md = article(work, f"notice{n}", n)
            r, pages, out = render(md, layout="a4-handout")
            m = re.search(r"short: in 1 column \(body ([\d.]+) pt\)", r.stderr)
            _, p0, _ = render(md, layout=hnofit)
            cols = {c for pg in pages for c in pg}
            deep, deep0 = (max(pg.values()) if pg else 0 for pg in (pages[0], p0[0]))
            notices.append((n, m and float(m.group(1)), sorted(cols), round(deep), round(deep0)))
            # the page it leaves free is reported, as a module's is (unless
            # it fills the page to fit.fill, 85 %)
            free = re.search(r"note: the text fills the top (\d+) % of the page; (\d+) % of it is free",
                             r.stderr)
            check((free or n > 3) and
                  (not free or int(free.group(1)) + int(free.group(2)) == 100 and int(free.group(1)) < 85),
                  f"a4-handout: a notice says how much of its page is free ({r.stderr.strip()[-160:]})")
        check(all(b and 14 <= b <= 16 and cols == [1] and deep > deep0 for _, b, cols, deep, deep0 in notices),
              f"a4-handout: a short text set in one column at 14-16 pt, deeper on the page {notices}")
        r, pages, _ = render(article(work, "handout-long", 12), layout="a4-handout")
        check("short:" not in r.stderr and "of the page" not in r.stderr
              and {c for pg in pages for c in pg} == {1, 2},
              f"a4-handout: a text that fills its page stays in two columns ({r.stderr.strip()[-120:]})")

        # an article that spills a few lines onto page 2 is brought back to one
        # page by narrowing photos; with fitting off it takes two
        nofit = layout_without_fit(tmp, "a3-news")
        spill = spilling((article(work, f"spill{n}", n, photos=4) for n in range(20, 60, 2)),
                         nofit, 0.3)
        check(spill is not None, "an article that spills onto a second page is made")
        if spill:
            r, pages, out = render(spill)
            check(len(pages) == 1, f"a3-news: page fitting ends it on one page ({len(pages)})")
            check(re.search(r"note: 1 page, a3-news \(photos? [\d, ]+ at 1 column", r.stderr) is not None,
                  f"the report names the photos narrowed ({r.stderr.strip()[-160:]})")
            again = out[:-4] + "-again.pdf"
            subprocess.run([PAIBAN, "render", spill, "-o", again], capture_output=True)
            check(open(out, "rb").read() == open(again, "rb").read(), "the fitted PDF is the same twice")
            # asked for two pages, it keeps two
            r2, p2, _ = render(spill, "--pages", "2")
            check(r2.returncode == 0 and len(p2) == 2, f"--pages 2 keeps two pages ({len(p2)})")
            # front matter pages: as --pages
            text = open(spill, encoding="utf-8").read().replace("---\ntitle", "---\npages: 2\ntitle", 1)
            fm = spill[:-3] + "-fm.md"
            open(fm, "w", encoding="utf-8").write(text)
            r3, p3, _ = render(fm)
            check(r3.returncode == 0 and len(p3) == 2, f"front matter pages: 2 keeps two pages ({len(p3)})")

        # a short article on a large page is set in a module of its first
        # columns, headline included, and the render says how much is free
        short = os.path.join(work, "short.md")
        with open(short, "w", encoding="utf-8") as f:
            f.write("---\ntitle: 清水河边的巡河人\nkicker: 身边的河长\n---\n\n" + "\n\n".join([PARA] * 6) + "\n")
        r, pages, out = render(short)
        cols = {c for p in pages for c in p}
        check(r.returncode == 0 and len(pages) == 1 and cols == {1, 2},
              f"a3-news: a 600-character article fills columns 1–2 only ({sorted(cols)})")
        check(re.search(r"note: 1 page, a3-news in 2 of its 4 columns", r.stderr) and
              re.search(r"note: the article fills columns 1–2; \d+ % of the page is free", r.stderr),
              f"the module is reported ({r.stderr.strip()[-200:]})")
        title = [ln for ln in open(out[:-4] + ".trace", encoding="utf-8") if " title " in ln]
        check(title and all(ln.startswith("p1 c1-2 ") for ln in title),
              f"the headline spans the module's columns ({title[:1]})")

        # when keep rules leave no module whose columns end within a line,
        # one two lines uneven is still better than the whole page: the
        # Traditional article (850 characters, no photos) takes 2 columns
        r, pages, out = render("tests/articles/zh-hant-news.md")
        cols = {c for p in pages for c in p}
        check(re.search(r"note: 1 page, a3-news in 2 of its 4 columns", r.stderr) and cols == {1, 2},
              f"a3-news: a short text is a module even when its columns end two lines apart "
              f"({r.stderr.strip()[-160:]}; columns {sorted(cols)})")
        # a module's headline is sized to its columns: in 2 of a3-news's 4
        # its lines stand closer than the page title's 36 pt × 1.2 leading
        ys = [float(m.group(1)) for m in re.finditer(r"^p1 \S+ +title +x=\S+ y=(\S+)",
                                                       open(out[:-4] + ".trace", encoding="utf-8").read(), re.M)]
        check(len(ys) >= 2 and all(b - a < 36 for a, b in zip(ys, ys[1:])),
              f"a3-news: a 2-column module's headline is smaller than the page's (line steps {ys})")
        # and a quoted name in it is not parted across its lines
        r, pages, out = render("tests/articles/zh-hant-news.md", layout="broadsheet")
        title = [m.group(1) for m in re.finditer(r'^p1 \S+ +title .*"(.*)"$',
                                                 open(out[:-4] + ".trace", encoding="utf-8").read(), re.M)]
        check(title and all(t.count("「") == t.count("」") for t in title),
              f"broadsheet: the module's headline keeps 「共享廚房」 whole ({title})")

        # a longer article's last page, a shallow strip across every column,
        # is set in a module of its first columns instead
        r, pages, out = render("examples/qingshui-river.md")
        m = re.search(r"2 pages, a3-news, the last in (\d) of its columns", r.stderr)
        check(m is not None and len(pages) == 2 and max(pages[1]) == int(m.group(1)) < 4,
              f"a3-news: the example's last page is a module ({r.stderr.strip()[-200:]}; "
              f"columns {sorted(pages[1]) if len(pages) > 1 else None})")

        # space around heads shrinks, in whole grid lines, when that is the
        # change the layout allows
        src = open("layouts/a3-news.yaml", encoding="utf-8").read()
        src = re.sub(r"(  head: +\{[^}]*space_before: )1line", r"\g<1>3line", src)
        spaced = os.path.join(tmp, "spaced.yaml")
        with open(spaced, "w", encoding="utf-8") as f:
            f.write(src + "\nfit: {order: space, space: 0.34}\n")
        nospace = os.path.join(tmp, "nospace.yaml")
        with open(nospace, "w", encoding="utf-8") as f:
            f.write(src + "\nfit: {order: none}\n")
        found = spilling((heads(work, n) for n in range(40, 90, 2)), nospace, 0.2)
        check(found is not None, "an article of many heads that spills onto a second page is made")
        if found:
            r, pages, _ = render(found, layout=spaced)
            check(len(pages) == 1 and "space around heads at 34 %" in r.stderr,
                  f"less space around heads ends it on one page ({len(pages)}; {r.stderr.strip()[-120:]})")

        # on a wide page the photos are spread over the columns, not stacked:
        # no photo stands right under another in a column they share (text
        # runs between them); on broadsheet the example's note box is one
        # piece and its photos keep their order: none stands above an earlier
        # one in the same or earlier columns, nor left of one beside it
        for layout in ("tabloid", "broadsheet"):
            r, pages, out = render("examples/qingshui-river.md", layout=layout)
            rows = [m for m in map(LINE.match, open(out[:-4] + ".trace", encoding="utf-8")) if m]
            figs = [(int(m.group(1)), int(m.group(2)), int(m.group(3) or m.group(2)),
                     float(m.group(6)), float(m.group(6)) + float(m.group(8)))
                    for m in rows if m.group(4) == "figure"]
            text = [(int(m.group(1)), int(m.group(2)), float(m.group(6)))
                    for m in rows if m.group(4) == "body"]
            stacked = [(a, b) for a in figs for b in figs
                       if a != b and a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2] and a[4] <= b[3] and
                       not any(p == a[0] and max(a[1], b[1]) <= c <= min(a[2], b[2]) and
                               a[4] < y < b[3] for p, c, y in text)]
            check(len(figs) == 4 and not stacked, f"{layout}: no photo right under another {stacked[:2]}")
            if layout == "broadsheet":
                notes = [m for m in rows if m.group(4) == "note-box"]
                after = [a[0] < b[0] or not ((b[4] <= a[3] and b[1] <= a[1]) or
                                             (b[4] > a[3] and b[3] < a[4] and b[2] < a[1]))
                         for a, b in zip(figs, figs[1:])]
                check(len(pages) == 1 and len(notes) == 1 and all(after),
                      f"broadsheet: the example on one page, its note one box ({len(notes)}), "
                      f"photos in reading order {[(f[0], f[1], round(f[3])) for f in figs]}")

        # a photo with no room at a column's top sits across the middle of
        # the columns under its paragraph, the text going on below it, and no
        # line runs into it
        mids, into = [], []
        for n in range(20, 64, 4):
            md = article(work, f"mid{n}", n, photos=4, span=2)
            _, pages, out = render(md, layout="tabloid")
            rows = [LINE.match(ln) for ln in open(out[:-4] + ".trace", encoding="utf-8")]
            rows = [m for m in rows if m]
            for f in (m for m in rows if m.group(4) == "figure"):
                p, c0, c1 = f.group(1), int(f.group(2)), int(f.group(3) or f.group(2))
                y0, y1 = float(f.group(6)), float(f.group(6)) + float(f.group(8))
                text = [(int(m.group(2)), float(m.group(6))) for m in rows
                        if m.group(1) == p and m.group(4) == "body" and c0 <= int(m.group(2)) <= c1]
                if any(y < y0 for _, y in text) and any(y > y1 for _, y in text):
                    mids.append(os.path.basename(md))
                into += [f"{os.path.basename(md)} p{p}" for _, y in text if y0 - 2 < y < y1 + 8]
        check(mids, f"tabloid: photos across the middle of columns under their text ({sorted(set(mids))[:4]})")
        check(not into, f"no line runs into such a photo {into[:3]}")

        # a page count that cannot be met is a warning that says so
        r4, p4, _ = render("examples/qingshui-river.md", "--pages", "1", layout="a4-handout")
        check(r4.returncode == 0 and len(p4) > 1 and "cannot end on 1 page" in r4.stderr,
              f"an impossible --pages is a warning ({r4.stderr.strip()[-160:]})")

        # fitting never makes an article longer nor its last page emptier
        # than as written, over articles of many lengths in every layout
        worse = []
        for layout, cols in (("a3-news", 4), ("a4-handout", 2), ("tabloid", 5), ("broadsheet", 6)):
            nf = layout_without_fit(tmp, layout)
            for n in (3, 8, 14, 22, 31, 45):
                md = article(work, f"len{n}", n, photos=min(4, n // 4), span=2)
                ra, pa, _ = render(md, layout=layout)
                rb, pb, _ = render(md, layout=nf)
                if ra.returncode or rb.returncode or not pa or not pb:
                    worse.append(f"{layout} {n}: render failed")
                elif len(pa) > len(pb) or (len(pa) == len(pb) > 1
                                           and last_fill(pa, cols) < last_fill(pb, cols) - 0.02):
                    worse.append(f"{layout} {n}: {len(pb)}→{len(pa)} pages, "
                                 f"{last_fill(pb, cols):.2f}→{last_fill(pa, cols):.2f}")
        check(not worse, f"fitting never lengthens an article or empties its last page {worse[:3]}")

        # the layout's fit section is checked like every other key
        bad = [("fit: {order: figures shrink}", '"shrink" is not a move'),
               ("fit: {order: crop crop}", 'names "crop" twice'),
               ("fit: {body: {min: 9pt}}", "min and max must both be given"),
               ("fit: {body: {min: 11pt, max: 12pt}}", "enclose the body size"),
               ("fit: {crop: 1.5}", "fit.crop"),
               ("fit: {extra: 1}", "unknown key")]
        for yaml, msg in bad:
            src = open("layouts/a3-news.yaml", encoding="utf-8").read() + "\n" + yaml + "\n"
            path = os.path.join(tmp, "bad.yaml")
            open(path, "w", encoding="utf-8").write(src)
            r = subprocess.run([PAIBAN, "render", "examples/short-notice.md", "-l", path, "-o",
                                os.path.join(tmp, "bad.pdf")], capture_output=True, text=True)
            check(r.returncode == 1 and re.search(r"bad\.yaml:\d+: error: .*" + re.escape(msg), r.stderr)
                  and not os.path.exists(os.path.join(tmp, "bad.pdf")),
                  f"layout {yaml!r}: an error naming the line ({r.stderr.strip()[:160]})")
        r = subprocess.run([PAIBAN, "render", "examples/short-notice.md", "--pages", "0"],
                           capture_output=True, text=True)
        check(r.returncode == 2 and "--pages needs a whole number" in r.stderr, "--pages 0 is a usage error")
shutil.rmtree(OUT)
finish()
