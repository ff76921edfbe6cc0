#!/usr/bin/env python3
"""Emphasis dots (docs/clreq.md CLR-45) and pinyin ruby (CLR-48), read back
from the PDF.

A span marked [text]{.dots} or <em class="dots">text</em> gets one dot under
each of its Han characters and none under its punctuation; each dot is
centred under its character's glyph box (pdftotext -bbox), drawn as a filled
circle in the PDF (qpdf uncompresses the page), sits in the gap below the
line, and leaves the lines where they are without it. The trace lists the
same dots. Pinyin in brackets after Han words, with --pinyin ruby (or front
matter pinyin: ruby), leaves the line and is set at half the size over its
characters, a syllable over each; drop removes it, keep (the default) leaves
it; a bracket of English is never taken for pinyin; the lines keep their
pitch. Usage: emphasis.py PAIBAN_BINARY."""
import os
import re
import subprocess
import sys
import tempfile

from testlib import check, finish

PAIBAN = sys.argv[1]
LINE = re.compile(r'^p(\d+) (\S+) +(\S+) +x=(\S+) y=(\S+) w=\S+ r=\S+( [a-z]+)*?(?: dots=(\S+))? "(.*)"$')
NUM = r"(-?[\d.]+)"


def render(tmp, name, body, layout="a4-handout", args=(), front=""):
    src = os.path.join(tmp, name + ".md")
    with open(src, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 着重号\n" + front + "---\n\n" + body + "\n")
    pdf, trace = os.path.join(tmp, name + ".pdf"), os.path.join(tmp, name + ".trace")
    r = subprocess.run([PAIBAN, "render", src, "-l", layout, "-o", pdf, "--trace", trace, *args],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"{name}: renders ({r.stderr.strip()[-200:]})")
    with open(trace, encoding="utf-8") as f:
        return pdf, [m.groups() for m in map(LINE.match, f) if m]


def pdf_dots(tmp, pdf):
    """Centres (x, y from the page top) and radii of the filled circles of page 1."""
    qdf = pdf + ".qdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf], check=True)
    with open(qdf, encoding="latin-1") as f:
        text = f.read()
    box = re.search(r"/MediaBox \[\s*" + r"\s+".join([NUM] * 4), text)
    height = float(box.group(4))
    dots = []
    for m in re.finditer(NUM + " " + NUM + r" m\n((?:(?:-?[\d.]+ ){6}c\n){4})h\n", text):
        x0, y0 = float(m.group(1)), float(m.group(2))
        ends = [list(map(float, l.split()[4:6])) for l in m.group(3).splitlines()]
        xl = ends[1][0]  # the second arc ends on the far side
        dots.append(((x0 + xl) / 2, height - y0, (x0 - xl) / 2))
    return sorted(dots)


def chars(pdf):
    """Every character of page 1 with the centre of its box: the words of
    pdftotext -bbox (full-width text here) cut into equal cells."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"],
                          capture_output=True, text=True).stdout
    out = []
    for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html):
        x0, y0, x1, y1, w = float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)), m.group(5)
        cell = (x1 - x0) / len(w)
        out += [(c, x0 + (i + 0.5) * cell, y0, y1) for i, c in enumerate(w)]
    return out


def main():
    with tempfile.TemporaryDirectory(prefix="paiban-emphasis-") as tmp:
        dots_test(tmp)
        ruby_test(tmp)
    finish()


def words(pdf):
    """The words of page 1 as (text, xMin, yMin, xMax, yMax)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"],
                          capture_output=True, text=True).stdout
    return [(m.group(5), *map(float, m.group(1, 2, 3, 4))) for m in re.finditer(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)]


def ruby_test(tmp):
    han = "我们建设文明城市"
    body = han + "（wénmíngchéngshì）\n\n他说（Hello world）和（hello），再见。"
    english = "（Hello world）"
    out = {}
    for mode, args, front in (("keep", (), ""), ("drop", ("--pinyin", "drop"), ""),
                              ("ruby", ("--pinyin", "ruby"), ""),
                              ("front", (), "pinyin: ruby\n"),
                              ("cli-over-front", ("--pinyin", "keep"), "pinyin: ruby\n")):
        pdf, lines = render(tmp, "ruby-" + mode, body, args=args, front=front)
        out[mode] = (pdf, lines, words(pdf))
    text = {m: "".join(l[7] for l in v[1] if l[2] == "body") for m, v in out.items()}
    check(text["keep"].startswith(han + "（wénmíngchéngshì）"), f"keep: as written: {text['keep'][:30]}")
    check(text["cli-over-front"] == text["keep"], "--pinyin keep wins over front matter pinyin: ruby")
    for m in ("drop", "ruby", "front"):
        check(text[m].startswith(han + "他说"), f"{m}: the bracket is gone from the text: {text[m][:20]}")
    for m in out:
        check(english in text[m] and "（hello）" in text[m], f"{m}: English in brackets stays")
    drop_words = "".join(w[0] for w in out["drop"][2])
    check("wén" not in drop_words, "drop: no pinyin in the PDF")
    ys = {m: [l[4] for l in v[1]] for m, v in out.items()}
    check(ys["ruby"] == ys["drop"], "ruby: the lines keep their places (the grid pitch)")
    check(text["front"] == text["ruby"] and ys["front"] == ys["ruby"], "front matter pinyin: ruby as --pinyin ruby")
    ws = out["ruby"][2]
    line = next(w for w in ws if w[0].startswith("我们"))
    cell = (line[3] - line[1]) / len(line[0])
    centres = [line[1] + (i + 0.5) * cell for i in range(len(line[0]))]
    base = centres[han.index("文"):han.index("文") + 4]
    syl = [w for w in ws if w[0] in ("wén", "míng", "chéng", "shì")]
    check([w[0] for w in syl] == ["wén", "míng", "chéng", "shì"], f"ruby: four syllables in order: {[w[0] for w in syl]}")
    for w, c, ch in zip(syl, base, "文明城市"):
        mid = (w[1] + w[3]) / 2
        nearest = min(range(len(centres)), key=lambda i: abs(centres[i] - mid))
        check(han[nearest] == ch, f"ruby: {w[0]} over {ch} ({mid:.2f}, {ch} at {c:.2f})")
        check(w[4] <= line[2] + 0.3 * cell, f"ruby: {w[0]} above the line (bottom {w[4]:.2f}, line top {line[2]:.2f})")
        ratio = (w[4] - w[2]) / (line[4] - line[2])
        check(abs(ratio - 0.5) < 0.02, f"ruby: {w[0]} at half the body size ({ratio:.3f})")
    group = ((syl[0][1] + syl[-1][3]) / 2, (base[0] + base[-1]) / 2)
    check(abs(group[0] - group[1]) < 0.5, f"ruby: centred over 文明城市 ({group[0]:.2f} over {group[1]:.2f})")
    # a layout whose leading leaves the ruby too little room says so
    for layout, warns in (("a3-news", True), ("a4-handout", False)):
        src = os.path.join(tmp, "ruby-" + layout + ".md")
        with open(src, "w", encoding="utf-8") as f:
            f.write("---\ntitle: 拼音\npinyin: ruby\n---\n\n" + body + "\n")
        r = subprocess.run([PAIBAN, "render", src, "-l", layout, "-o", src[:-3] + ".pdf"],
                           capture_output=True, text=True)
        check(r.returncode == 0 and ("under the 1.5 em ruby needs" in r.stderr) == warns,
              f"{layout}: {'a' if warns else 'no'} warning on the ruby's room")
    r = subprocess.run([PAIBAN, "render", "x.md", "--pinyin", "above"], capture_output=True, text=True)
    check(r.returncode == 2 and "--pinyin needs keep, ruby or drop" in r.stderr,
          f"--pinyin above: a usage error ({r.returncode})")


def dots_test(tmp):
    # spaces between the characters make each a word of its own for pdftotext
    marked = "前文[加 点 文 字 ， 标 点]{.dots}后文，<em class=\"dots\">再 看</em>一下。"
    plain = "前文加 点 文 字 ， 标 点后文，再 看一下。"
    dotted = "加点文字标点再看"
    pdf, lines = render(tmp, "dots", marked)
    body = [l for l in lines if l[2] == "body"]
    trace_dots = [float(x) for l in body if l[6] for x in l[6].split(",")]
    dots = pdf_dots(tmp, pdf)
    check(len(dots) == len(dotted), f"one dot per Han character of the spans: {len(dots)} == {len(dotted)}")
    check(len(trace_dots) == len(dots), f"the trace lists the same dots ({len(trace_dots)})")
    cs = [c for c in chars(pdf) if c[0] != " "]
    # the characters of the body line in order; the marked ones by position in the source
    line_chars = [c for c in cs if c[0] in plain and c[2] > 100]
    text = "".join(c[0] for c in line_chars)
    check(text == plain.replace(" ", ""), f"the body text as written: {text}")
    # 前文[加点文字，标点]后文，[再看]一下。
    want = [line_chars[i] for i in (2, 3, 4, 5, 7, 8, 12, 13)]
    off = dots[0][0] - trace_dots[0] if dots and trace_dots else 0
    worst = max((abs(d[0] - t - off) for d, t in zip(dots, trace_dots)), default=99)
    check(worst < 0.01, f"the trace's dots are the PDF's ({worst:.3f} pt apart at most)")
    for c in want:
        near = [d for d in dots if abs(d[0] - c[1]) < 0.05]
        check(len(near) == 1, f"a dot centred under {c[0]} at x={c[1]:.2f} "
              f"({min((abs(d[0] - c[1]) for d in dots), default=99):.3f} pt off)")
    for c in line_chars:
        if c[0] in "，。":
            check(not [d for d in dots if abs(d[0] - c[1]) < 6], f"no dot under the mark {c[0]} at x={c[1]:.2f}")
    base = float(body[0][4])
    em = line_chars[1][1] - line_chars[0][1]  # 前文: set solid, one em apart
    check(abs(em - 16) < 0.01, f"the body set at a4-handout's short-text size ({em:.2f} pt)")
    for d in dots:
        drop = d[1] - base
        # the em box ends 0.12 em under the baseline; the next line's begins
        # 0.88 em above its baseline, 1.22 em or more below this one
        check(0.12 * em < drop - d[2] and drop + d[2] <= (1.22 - 0.88) * em + 0.01,
              f"dot at x={d[0]:.2f} below the em box, in the line gap ({drop:.2f} pt under the baseline, r={d[2]:.2f})")
    _, lines2 = render(tmp, "plain", plain)
    ys = [(l[2], l[4]) for l in lines]
    ys2 = [(l[2], l[4]) for l in lines2]
    check(ys == ys2, "the lines stand where they stand without the dots")


main()
