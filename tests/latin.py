#!/usr/bin/env python3
"""Latin text in a Chinese article, read from the PDF and the layout trace.

tests/articles/museum-bilingual.md, in a3-news and a4-handout: a paragraph
that is mostly Latin starts flush after a head and one em in otherwise
(a Chinese paragraph two), its apostrophes keep their words whole
(museum’s, not museum’ s), its lines hyphenate and justify by their word
spaces, none wider than twice the natural space unless the trace marks the
line over; in a column narrower than typography.latin_justify (24 em) they
are set ragged right instead, every word space natural and no line over,
and justified again when the layout lowers the threshold; the Chinese
paragraph with English in it keeps its quarter-em spaces. Without the hyphenation patterns: a warning naming the file and
the package, and English set without hyphens. Usage: latin.py PAIBAN_BINARY."""
import os
import re
import statistics
import subprocess
import sys
import tempfile

from testlib import check, finish

PAIBAN = sys.argv[1]
ARTICLE = "tests/articles/museum-bilingual.md"
LINE = re.compile(r'^p(\d+) (\S+) +(\S+) +x=(\S+) y=(\S+) w=(\S+) r=(\S+),(\S+) ?(.*?) "(.*)"$')
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
LATIN = re.compile(r"[A-Za-z]")
HAN = re.compile(r"[\u3400-\u9fff]")


def render(layout, tmp, env=None):
    name = os.path.basename(layout).replace(".yaml", "")
    pdf, trace = os.path.join(tmp, f"{name}.pdf"), os.path.join(tmp, f"{name}.trace")
    r = subprocess.run([PAIBAN, "render", ARTICLE, "-l", layout, "-o", pdf, "--trace", trace],
                       capture_output=True, text=True, env=env)
    check(r.returncode == 0, f"{layout}: renders ({r.stderr.strip()[-200:]})")
    rows = [m for m in map(LINE.match, open(trace, encoding="utf-8")) if m] if r.returncode == 0 else []
    return pdf, rows, r.stderr


def words(pdf):
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(html)]


def line_words(ws, row):
    """The PDF's words on the trace's line row, left to right."""
    x, y, w = float(row.group(4)), float(row.group(5)), float(row.group(6))
    return sorted((v for v in ws if x - 1 <= v[0] <= x + w + 1 and v[1] < y < v[3] + 1),
                  key=lambda v: v[0])


def latin(text):
    return len(LATIN.findall(text)) > len(HAN.findall(text))


def first_offset(ws, rows, start):
    """How far the first word of the paragraph starting `start` stands in."""
    row = next((r for r in rows if r.group(3) == "body" and r.group(10).startswith(start)), None)
    check(row is not None, f"a body line starts {start!r}")
    lw = line_words(ws, row) if row else []
    check(bool(lw), f"the PDF has the words of the line {start!r}")
    return lw[0][0] - float(row.group(4)) if lw else 0.0


with tempfile.TemporaryDirectory() as tmp:
    for layout in ["a3-news", "a4-handout"]:
        pdf, rows, _ = render(layout, tmp)
        ws = words(pdf)
        # indents: flush after a head, 1 em in a Latin paragraph, 2 em in a Chinese one
        han = first_offset(ws, rows, "馆长林晓岚")
        check(han > 15, f"{layout}: a Chinese paragraph keeps its 2-em indent ({han:.2f} pt)")
        flush = first_offset(ws, rows, "Welcome to")
        check(abs(flush) < 0.5, f"{layout}: a Latin paragraph after a head is flush ({flush:.2f} pt)")
        for start in ["Please do", "The hand-drawn", "Children’s"]:
            d = first_offset(ws, rows, start)
            check(abs(d - han / 2) < 0.3, f"{layout}: {start!r} is indented one em ({d:.2f} pt, "
                  f"the Chinese 2 em is {han:.2f})")
        # apostrophes: the words stay whole
        texts = [w[4] for w in ws]
        for word in ["museum’s", "Children’s", "o’clock"]:
            check(any(t.startswith(word) for t in texts), f"{layout}: {word} is one word in the PDF")
        # hyphenation, and word spaces within twice their natural width
        body = [r for r in rows if r.group(3) == "body" and latin(r.group(10))]
        hyph = [r for r in body if re.search(r"[a-z]-$", r.group(10)) and "large-" not in r.group(10)]
        check(len(hyph) >= 2, f"{layout}: Latin lines hyphenate ({len(hyph)} do)")
        natural, wide = [], []
        for r in body:
            lw = line_words(ws, r)
            gaps = [b[0] - a[2] for a, b in zip(lw, lw[1:])]
            if r.group(9).startswith("end"):
                natural += gaps
            elif "over" not in r.group(9):
                wide.append((max(gaps, default=0), r.group(10)))
        space = statistics.median(natural)
        worst = max(wide)
        check(worst[0] <= 2.05 * space, f"{layout}: no word space past twice the natural "
              f"{space:.2f} pt on a line not marked over (widest {worst[0]:.2f} pt: {worst[1]!r})")
        # the Chinese paragraph with English in it: a quarter em either side
        row = next(r for r in rows if re.search("[\u4e00-\u9fff]English[\u4e00-\u9fff]", r.group(10)))
        lw = line_words(ws, row)
        eng = next((i for i, w in enumerate(lw) if w[4].startswith("English")), None)
        check(eng is not None and 0 < eng < len(lw) - 1, f"{layout}: English stands apart in 有English导览")
        if eng is not None and 0 < eng < len(lw) - 1:
            quarter = han / 2 / 4
            left, right = lw[eng][0] - lw[eng - 1][2], lw[eng + 1][0] - lw[eng][2]
            check(abs(left - quarter) < 0.6 and abs(right - quarter) < 0.6,
                  f"{layout}: a quarter em either side of English ({left:.2f}, {right:.2f} pt, "
                  f"¼ em {quarter:.2f})")
        # a3-news's 17-em column is under latin_justify: the Latin lines are
        # ragged right, none stretched, none over, their ends uneven
        rag = [r for r in body if not r.group(9).startswith("end")]
        check(rag and all(float(r.group(7)) == 0 and float(r.group(8)) == 0 and "over" not in r.group(9)
                          for r in rag), f"{layout}: Latin lines in a narrow column are not stretched "
              f"{[(r.group(7), r.group(8), r.group(10)) for r in rag if float(r.group(7)) or 'over' in r.group(9)][:3]}")
        ends = [max((w[2] for w in line_words(ws, r)), default=0) - float(r.group(4)) for r in rag]
        measure = max((float(r.group(6)) for r in rag), default=0)
        check(ends and max(ends) - min(ends) > han / 2 and all(e <= measure + 0.5 for e in ends),
              f"{layout}: and end ragged within the measure ({min(ends, default=0):.1f}–"
              f"{max(ends, default=0):.1f} pt of {measure:.1f})")
    # with latin_justify lowered under the column, the same lines justify
    src = open("layouts/a3-news.yaml", encoding="utf-8").read()
    wide = os.path.join(tmp, "a3-justify.yaml")
    with open(wide, "w", encoding="utf-8") as f:
        f.write(re.sub(r"(?m)^typography:", "typography:\n  latin_justify: 10em", src, count=1)
                if re.search(r"(?m)^typography:", src) else src + "\ntypography:\n  latin_justify: 10em\n")
    pdf, rows, err = render(wide, tmp)
    body = [r for r in rows if r.group(3) == "body" and latin(r.group(10)) and not r.group(9).startswith("end")]
    check(body and sum(float(r.group(7)) > 0 for r in body) > len(body) / 2,
          f"latin_justify 10em: the Latin lines of a 17-em column are justified ({err.strip()[-200:]})")
    # no patterns: a warning, no hyphens, a PDF all the same
    env = dict(os.environ, PAIBAN_HYPHEN_DIR=os.path.join(tmp, "none"))
    pdf, rows, err = render("a4-handout", tmp, env)
    check(re.search(r"warning: no hyphenation patterns at .*none/hyph_en_US\.dic \(Debian package "
                    r"hyphen-en-us\)", err) is not None, f"missing patterns are warned about ({err.strip()[-300:]})")
    check(err.count("hyphenation patterns") == 1, "the warning is given once")
    hyph = [r for r in rows if r.group(3) == "body" and re.search(r"[a-z]-$", r.group(10))
            and "large-" not in r.group(10)]
    check(not hyph and os.path.getsize(pdf) > 0, f"without patterns no line is hyphenated ({len(hyph)})")
finish()
