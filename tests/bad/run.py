#!/usr/bin/env python3
"""The bad-input catalogue: every way an input can be wrong that paiban must
survive, one case each, with the exit status and message (a regex) it must
give, and, when it fails, a check that no output file (nor a temporary one)
is left behind; when it succeeds, that a PDF is there.

Usage: run.py PAIBAN MKIMAGES [--quick] [CASE...]   (from any folder)
--quick (under the sanitizers) measures the linear-time cases on smaller
inputs. Cases named on the command line run alone. The cases that pin a
fixed bug are named after it: firstfit_quadratic_long_word,
missing_glyph_flood, rename_over_dev_stdout, previews_beside_a_device,
not_text_characters, temp_link_not_followed, interrupted_runs_leave_nothing,
output_is_an_input, preview_too_large, figure_plan_quadratic,
keep_taller_than_column, photo_wider_than_a_cairo_surface,
decode_fails_when_written. Temporary files are OUT.tmp.XXXXXX (mkstemp):
nothing_left() looks for OUT.tmp.*."""
import base64
import os
import re
import resource
import random
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
import zlib

PAIBAN, MKIMAGES = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
QUICK = "--quick" in sys.argv
ONLY = [a for a in sys.argv[3:] if a and not a.startswith("--")]
# examples/ and layouts/ are read from the source tree wherever this starts:
# PAIBAN_DATADIR (ctest sets it), else the tree this file is in
os.chdir(os.environ.get("PAIBAN_DATADIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
for tool, package in (("pdftotext", "poppler-utils"), ("setpriv", "util-linux")):
    if not shutil.which(tool):
        sys.exit(f"FAIL the catalogue needs {tool}: install the Debian package {package}")
GOOD = os.path.abspath("examples/short-notice.md")
CASES = []
passed = failed = 0


def case(fn):
    CASES.append(fn)
    return fn


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def run(args, env=None, user=None, timeout=300):
    """Run paiban; returns (status, stdout+stderr, CPU seconds of the child)."""
    e = dict(os.environ)
    e.update(env or {})
    cmd = [PAIBAN] + args
    if user is not None:  # drop root so file permissions apply
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(cmd, capture_output=True, text=True, errors="replace", env=e,
                       timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # every render reports its pages in a note (tests/fit.py checks it); the
    # cases here look at what else it says
    out = re.sub(r"(?m)^.*: note: (\d+ pages?, \S+.*|the article fills columns .*|the article.s last page fills columns .*)\n", "", r.stdout + r.stderr)
    return r.returncode, out, cpu


def nothing_left(path):
    d, base = os.path.split(path)
    left = [f for f in os.listdir(d or ".") if f == base or f.startswith(base + ".tmp.")] \
        if os.path.isdir(d or ".") else []
    check(not left, f"left behind: {left}")


def expect(args, status, pattern, out=None, env=None, user=None):
    """Run, check the status and that the output matches pattern; a failed
    run leaves no out, a successful one a PDF there."""
    if out and os.path.isfile(out) and not os.path.islink(out):
        os.unlink(out)
    got, text, cpu = run(args, env, user)
    check(got == status, f"status {got}, want {status}: {text.strip()[:400]}")
    check(re.search(pattern, text), f"no /{pattern}/ in: {text.strip()[:400]}")
    if out and status != 0:
        nothing_left(out)
    if out and status == 0 and not out.endswith(".md"):
        with open(out, "rb") as f:
            check(f.read(5) == b"%PDF-", f"{out} is not a PDF")
    return text, cpu


def write(path, data):
    with open(path, "wb" if isinstance(data, bytes) else "w",
              **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as f:
        f.write(data)
    return path


def article(tmp, name, body, front="title: 测试"):
    return write(os.path.join(tmp, name), f"---\n{front}\n---\n\n{body}\n")


def linear(tmp, name, make, small, ratio=3.0, args=(), env=None):
    """Render inputs of size small and 2*small; the CPU time of the larger
    must be under ratio times the smaller's (2 when linear, 4 when
    quadratic). Each is the better of two runs: the kernel's share (page
    faults, a busy neighbour) varies from run to run by more than the
    difference being measured. Returns the times."""
    times = []
    for n in (small, 2 * small):
        src = write(os.path.join(tmp, f"{name}{n}.md"), make(n))
        out = os.path.join(tmp, f"{name}{n}.pdf")
        times.append(min(expect(["render", src, "-o", out, *args], 0, "", env=env)[1]
                         for _ in range(2)))
    check(times[1] < ratio * max(times[0], 0.05),
          f"not linear: {times[0]:.2f} s for {small}, {times[1]:.2f} s for {2 * small}")
    return f"{times[0]:.2f} s, {times[1]:.2f} s"


def layout(tmp, yaml):
    return write(os.path.join(tmp, "layout.yaml"), "name: bad\n" + yaml)


# ---- what the input file is ---------------------------------------------------

@case
def empty_file(tmp):
    out = os.path.join(tmp, "o.pdf")
    expect(["render", write(os.path.join(tmp, "e.md"), b""), "-o", out], 1,
           r"e\.md: error: empty article", out)
    expect(["render", write(os.path.join(tmp, "e.txt"), b""), "-o", out], 1,
           r"e\.txt: error: empty file", out)
    expect(["render", write(os.path.join(tmp, "b.md"), " \n\u3000\n"), "-o", out], 1,
           r"b\.md: error: empty article", out)


@case
def binary_file(tmp):
    out = os.path.join(tmp, "o.pdf")
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    expect(["render", write(os.path.join(tmp, "bin.md"), data), "-o", out], 1,
           r"bin\.md:\d+: error: not a text file \(NUL byte at offset 8\)", out)
    expect(["render", write(os.path.join(tmp, "bin.txt"), data), "-o", out], 1,
           r"bin\.txt: error: not a text file \(NUL byte at offset 8\)", out)


@case
def invalid_utf8(tmp):
    out = os.path.join(tmp, "o.pdf")
    src = write(os.path.join(tmp, "u.md"), "---\ntitle: 测试\n---\n\n正文".encode() + b"\xff\n")
    expect(["render", src, "-o", out], 1, r"u\.md:5: error: not valid UTF-8 at byte offset 29",
           out)
    # pasted text: neither UTF-8 nor GB 18030, each with its offset
    src = write(os.path.join(tmp, "u.txt"), "正文".encode() + b"\xff\xff\xff\n")
    expect(["render", src, "-o", out], 1,
           r"u\.txt: error: not valid UTF-8 \(byte offset 6\) nor GB 18030 \(byte offset \d+\)",
           out)
    src = write(os.path.join(tmp, "u16.md"), "\ufeff正文".encode("utf-16-le"))
    expect(["render", src, "-o", out], 1, r"u16\.md: error: the article is UTF-16", out)


@case
def bom_and_crlf(tmp):
    out = os.path.join(tmp, "o.pdf")
    text = "---\r\ntitle: 测试\r\ncolour: red\r\n---\r\n\r\n正文第一段。\r\n\r\n正文第二段。\r\n"
    src = write(os.path.join(tmp, "bom.md"), b"\xef\xbb\xbf" + text.encode())
    # accepted, and lines still count right: the unknown key is on line 3
    expect(["render", src, "-o", out], 0, r"bom\.md:3: warning: .*colour", out)
    src = write(os.path.join(tmp, "cr.md"), text.replace("\r\n", "\r").encode())
    expect(["render", src, "-o", out], 0, r"cr\.md:3: warning: .*colour", out)
    src = write(os.path.join(tmp, "bom.txt"),
                b"\xef\xbb\xbf" + "标题\r\n\r\n正文第一段。\r\n正文第二段。\r\n".encode())
    expect(["render", src, "-o", out], 0, r"^$", out)


@case
def input_not_a_file(tmp):
    out = os.path.join(tmp, "o.pdf")
    expect(["render", os.path.join(tmp, "missing.md"), "-o", out], 1,
           r"missing\.md: error: cannot open: No such file", out)
    os.mkdir(os.path.join(tmp, "dir.md"))
    expect(["render", os.path.join(tmp, "dir.md"), "-o", out], 1, r"dir\.md: error: cannot read",
           out)


@case
def front_matter_never_closed(tmp):
    out = os.path.join(tmp, "o.pdf")
    src = write(os.path.join(tmp, "open.md"), "---\ntitle: 测试\n\n正文。\n")
    expect(["render", src, "-o", out], 1, r"open\.md:1: error: .*never closed", out)


# ---- size and shape ----------------------------------------------------------

HAN = "清水河畔的晨练步道上已有许多人，他们在这里散步、跑步和打太极。"


@case
def huge_paragraph(tmp):
    """A 10 MB single paragraph (256 KB under --quick) is set, in time linear
    in its size: 5 MB and 10 MB are compared."""
    size = (128 << 10) if QUICK else 5 << 20
    # measured 2.5x for twice the text (memory traffic grows with one huge
    # paragraph's breaking tables), 3.1x with the other tests running beside
    # it; quadratic would be 4x
    return linear(tmp, "para", lambda n: HAN * (n // len(HAN.encode())) + "\n", size, ratio=3.5)


@case
def firstfit_quadratic_long_word(tmp):
    """A paragraph that is one long Latin word (no break anywhere) is broken
    between letters in linear time; the first-fit fallback of linebreak.c
    summed each line again for every letter and scanned to the paragraph's
    end for a break, so 400 KB took 8 s and 10 MB would take hours."""
    size = 50_000 if QUICK else 400_000
    return linear(tmp, "word", lambda n: "x" * n + "\n", size)


@case
def many_paragraphs(tmp):
    """100,000 one-line paragraphs (5,000 under --quick), compared with half."""
    n0 = 2_500 if QUICK else 50_000
    return linear(tmp, "lines", lambda n: "\n\n".join(f"第{i}段。" for i in range(n)) + "\n", n0)


def figures(n, photo, text=""):
    return "---\ntitle: 测试\n---\n\n" + "".join(
        f"![图{i}]({photo.format(i)})\n\n{text}" for i in range(n))


@case
def figure_plan_quadratic(tmp):
    """Thousands of figures, present or missing, back to back or each with a
    line of text, are planned in linear time and memory: the placeholder's
    name was set again on every planning round (400 missing photos: 618 MB,
    800: 2.4 GB), every round tried every figure met, and every page every
    figure waiting (10,000 present photos: 11 s). 10,000 of each kind in
    under 3 s and 200 MB (not under --quick)."""
    env = {"PAIBAN_MAX_PAGES": "100000"}
    kinds = [("present", "img/lowres.jpg", ""), ("missing", "img/none{}.jpg", ""),
             ("text", "img/lowres.jpg", "这是一段正文，说明这张照片。\n\n")]
    notes = []
    for name, photo, text in kinds:
        times = linear(tmp, name, lambda n: figures(n, photo, text), 250 if QUICK else 2_500,
                       env=env)
        notes.append(f"{name} {times}")
    pasted = write(os.path.join(tmp, "pasted.txt"), "标题\n\n" + "图片\n\n正文一段。\n\n" * 10_000)
    for src in ([] if QUICK else [write(os.path.join(tmp, f"{k}.md"), figures(10_000, p, t))
                                  for k, p, t in kinds] + [pasted]):
        status, text, _, mb, cpu = peak(["render", src, "-o", os.path.join(tmp, "o.pdf")], env)
        check(status == 0, text[-300:])
        check(cpu < 3 and mb < 200, f"{os.path.basename(src)}: {cpu:.2f} s CPU, {mb:.0f} MB")
        notes.append(f"{os.path.basename(src)} 10,000: {cpu:.2f} s CPU {mb:.0f} MB")
    return "; ".join(notes)


@case
def keep_taller_than_column(tmp):
    """A block that must be kept together but is taller than a column (100
    closing credits, 5,000 heads in a row) is broken where a column ends, with
    a warning naming its line; it was set one line per column (33 pages for
    the credits, 1,242 for the heads)."""
    credits = ", ".join(f"编辑{i}：某某某某某某某某某某某某某某某某某某某某" for i in range(100))
    src = write(os.path.join(tmp, "credits.md"), f"---\ntitle: 测试\ncredits: [{credits}]\n"
                                                   "---\n\n正文一段。\n")
    expect(["render", src, "-o", os.path.join(tmp, "c.pdf")], 0,
           r"credits\.md: warning: the credits' lines to be kept together are taller than a "
           r"column: broken where a column ends")
    check(pages_of(src) == 1, f"the credits take {pages_of(src)} pages, not 1")
    n = 1_000 if QUICK else 5_000
    src = article(tmp, "heads.md", "".join(f"## 小标题{i}\n\n" for i in range(n)) + "正文。")
    expect(["render", src, "-o", os.path.join(tmp, "h.pdf")], 0,
           r"heads\.md:\d+: warning: head lines to be kept together are taller than a column")
    pages = pages_of(src)
    check(pages <= n // 125, f"{n} heads take {pages} pages")
    return f"{n} heads: {pages} pages"


@case
def nested_block_quotes(tmp):
    out = os.path.join(tmp, "o.pdf")
    src = write(os.path.join(tmp, "q.md"), "> " * 10_000 + "引用的话。\n\n正文。\n")
    expect(["render", src, "-o", out], 0, r"^$", out)


@case
def nested_lists(tmp):
    out = os.path.join(tmp, "o.pdf")
    src = write(os.path.join(tmp, "l.md"), "- " * 10_000 + "一项\n\n正文。\n")
    expect(["render", src, "-o", out], 0, r"^$", out)
    src = write(os.path.join(tmp, "l2.md"), "".join("  " * min(i, 40) + "1. 项\n"
                                                     for i in range(2_000 if QUICK else 10_000)))
    expect(["render", src, "-o", out], 0, r"^$", out)


BOMB = "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
               for p, k in zip([None] + list("abcdefgh"), "abcdefghi"))


@case
def yaml_alias_bomb(tmp):
    out = os.path.join(tmp, "o.pdf")
    src = write(os.path.join(tmp, "bomb.md"), f"---\n{BOMB}title: *i\n---\n\n正文。\n")
    t0 = time.time()
    expect(["render", src, "-o", out], 1, r"bomb\.md:2: error: .*anchors and aliases", out)
    lay = layout(tmp, BOMB + "description: *i\n")
    expect(["render", GOOD, "-l", lay, "-o", out], 1, r"layout\.yaml:\d+: error: .*anchors", out)
    check(time.time() - t0 < 10, "the alias bomb took long")


@case
def input_too_large(tmp):
    out = os.path.join(tmp, "o.pdf")
    big = os.path.join(tmp, "big.md")
    with open(big, "wb") as f:  # sparse: nothing is written
        f.truncate(17 << 20)
    expect(["render", big, "-o", out], 1,
           r"big\.md: error: the file is 17\.0 MiB, above the input limit of 16 MiB "
           r"\(set PAIBAN_MAX_INPUT_MB", out)
    src = write(os.path.join(tmp, "mid.txt"), ("正文。" * 100 + "\n") * 1200)  # 1.1 MB
    expect(["render", src, "-o", out], 1, r"above the input limit of 1 MiB", out,
           env={"PAIBAN_MAX_INPUT_MB": "1"})


@case
def page_limit(tmp):
    out = os.path.join(tmp, "o.pdf")
    # refused before setting: at least N pages from the characters alone
    src = article(tmp, "long.md", HAN * 3000)
    expect(["render", src, "-o", out], 1,
           r"long\.md: error: the article needs at least \d+ pages in layout a3-news, above the "
           r"limit of 2 pages \(set PAIBAN_MAX_PAGES", out, env={"PAIBAN_MAX_PAGES": "2"})
    # the bound is low for short paragraphs: then the page builder stops
    src = article(tmp, "short.md", "\n\n".join(f"第{i}段。" for i in range(3000)))
    expect(["render", src, "-o", out], 1,
           r"short\.md: error: the article needs more than 3 pages, the limit", out,
           env={"PAIBAN_MAX_PAGES": "3"})
    expect(["render", src, "-o", out], 0, r"^$", out, env={"PAIBAN_MAX_PAGES": "300"})


def pages_of(src, *args):
    r = subprocess.run([PAIBAN, "render", src, "-o", os.devnull, "--trace", "-", *args],
                       capture_output=True, text=True)
    return max(int(m.group(1)) for m in re.finditer(r"^p(\d+) ", r.stdout, re.M))


@case
def page_limit_exact(tmp):
    """The limit is exact and the early refusal never refuses what fits: at
    PAIBAN_MAX_PAGES = the pages an article takes it is set, one fewer fails."""
    long = article(tmp, "long.md", "\n\n".join([HAN * 40] * 60))
    runs = [(os.path.abspath("examples/qingshui-river.md"), "a4-handout"), (long, "a3-news"),
            (long, "broadsheet")][:1 if QUICK else 3]
    seen = []
    for src, lay in runs:
        n = pages_of(src, "-l", lay)
        out = os.path.join(tmp, "o.pdf")
        expect(["render", src, "-l", lay, "-o", out], 0, r"", out, env={"PAIBAN_MAX_PAGES": str(n)})
        expect(["render", src, "-l", lay, "-o", out], 1, r"needs (more than|at least)", out,
               env={"PAIBAN_MAX_PAGES": str(n - 1)})
        seen.append(f"{lay} {n}")
    return ", ".join(seen)


# ---- front matter and layouts -------------------------------------------------

@case
def unknown_keys(tmp):
    out = os.path.join(tmp, "o.pdf")
    src = write(os.path.join(tmp, "k.md"), "---\ntitle: 测试\ncolour: red\n---\n\n正文。\n")
    expect(["render", src, "-o", out], 0, r"k\.md:3: warning: .*colour", out)
    # a layout is a program's input, not an author's: a misspelt key is an error
    lay = layout(tmp, "grid:\n  colums: 3\n")
    expect(["render", GOOD, "-l", lay, "-o", out], 1,
           r"layout\.yaml:3: error: grid\.colums: unknown key; valid keys here are: .*columns",
           out)


BAD_LAYOUTS = [
    ("columns_zero", "grid:\n  columns: 0\n", r":3: error: grid\.columns: must be an integer"),
    ("columns_negative", "grid:\n  columns: -3\n", r":3: error: grid\.columns"),
    ("columns_absurd", "grid:\n  columns: 100000\n", r":3: error: grid\.columns"),
    ("columns_overflow", "grid:\n  columns: 99999999999999999999\n", r":3: error: grid\.columns"),
    ("page_size_zero", "page:\n  size: 0x0 mm\n", r":3: error: page\.size"),
    ("page_size_negative", "page:\n  size: -210x297 mm\n", r":3: error: page\.size"),
    ("page_size_absurd", "page:\n  size: 99999x99999 mm\n", r":3: error: page\.size"),
    ("font_size_zero", "styles:\n  body: {size: 0pt}\n", r":3: error: styles\.body\.size"),
    ("font_size_negative", "styles:\n  body: {size: -3pt}\n", r":3: error: styles\.body\.size"),
    ("font_size_absurd", "styles:\n  body: {size: 5000pt}\n", r":3: error: styles\.body\.size"),
    ("leading_absurd", "styles:\n  body: {leading: 1e9pt}\n", r":3: error: styles\.body\.leading"),
    ("baseline_zero", "grid:\n  baseline: 0pt\n", r":3: error: grid\.baseline"),
    ("gutter_absurd", "grid:\n  gutter: 1000mm\n", r":3: error: grid: .*leave columns"),
    ("margin_negative", "page:\n  margins: {top: -5mm}\n", r":3: error: page\.margins\.top"),
    ("margin_absurd", "page:\n  margins: {top: 1e12mm}\n", r":3: error: page\.margins"),
    ("margins_wider_than_page", "page:\n  margins: {left: 200mm, right: 200mm}\n",
     r":3: error: page\.margins: .*leave no type area"),
    ("margins_taller_than_page", "page:\n  margins: {top: 400mm}\n",
     r":3: error: page\.margins: .*type area lower"),
    # each value legal alone, together placing everything at one point or off the page
    ("font_size_tiny", "styles:\n  body: {size: 0.01pt}\n", r":3: error: styles\.body\.size"),
    ("leading_at_one_point", "styles:\n  body: {leading: 0.001pt}\n",
     r":3: error: styles\.body\.leading: .*less than three quarters of the font size"),
    ("baseline_at_one_point", "grid:\n  baseline: 0.001pt\n",
     r":3: error: grid\.baseline: .*less than three quarters of the body size"),
    ("copyfit_min_above_max", "board:\n  copyfit: {min: 40pt, max: 24pt}\n",
     r":3: error: board\.copyfit: min \"40pt\" is larger than max \"24pt\""),
    ("copyfit_size_tiny", "board:\n  copyfit: {min: 0.01pt, max: 40pt}\n",
     r":3: error: board\.copyfit\.min: a font size must be between 2pt and 500pt"),
    ("copyfit_max_short_below_max", "board:\n  copyfit: {min: 24pt, max: 40pt, max_short: 30pt}\n",
     r":3: error: board\.copyfit\.max_short: \"30pt\" is smaller than the copyfit max \"40pt\""),
    ("copyfit_max_short_absurd", "board:\n  copyfit: {max_short: 1e9pt}\n",
     r":3: error: board\.copyfit\.max_short"),
    ("footer_off_the_page", "footer:\n  offset: 2000mm\n",
     r":3: error: footer\.offset: .*puts the footer off the page"),
    ("header_off_the_page", "header:\n  offset: 900mm\n",
     r":3: error: header\.offset: .*puts the header off the page"),
    ("indent_beyond_the_column", "styles:\n  body: {indent: 200em}\n",
     r":3: error: styles\.body\.indent: .*leaves no room for the first character"),
    ("note_padding_beyond_the_column", "styles:\n  note: {box: {padding: 500mm}}\n",
     r":3: error: styles\.note\.box\.padding: .*leaves no room"),
    ("space_taller_than_the_page", "styles:\n  head: {space_before: 5000mm}\n",
     r":3: error: styles\.head\.space_before: .*taller than the type area"),
    ("bleed_absurd", "page:\n  bleed: 5000mm\n", r":3: error: page\.bleed: .*at most 30mm"),
]


@case
def bad_layout_numbers(tmp):
    """Zero, negative and absurd columns, sizes and margins; margins larger
    than the page: each an error naming the file, line and key."""
    out = os.path.join(tmp, "o.pdf")
    bad = []
    for name, yaml, pattern in BAD_LAYOUTS:
        lay = layout(tmp, yaml)
        try:
            expect(["render", GOOD, "-l", lay, "-o", out], 1, r"layout\.yaml" + pattern, out)
        except Fail as e:
            bad.append(f"{name}: {e}")
    check(not bad, "; ".join(bad))
    return f"{len(BAD_LAYOUTS)} layouts"


@case
def absurd_dates(tmp):
    """A date written as one must be a real day: 9999-99-99, February 30 and
    month 13 were printed in the headline and gave the PDF no date."""
    out = os.path.join(tmp, "o.pdf")
    bad = []
    for date, why in [("9999-99-99", "the year 9999"), ("2026-02-30", "month 2 of 2026 has 28"),
                      ("2026-13-01", "no month 13"), ("2026年4月31日", "month 4 of 2026 has 30")]:
        src = article(tmp, "d.md", "正文。", front=f"title: 测试\ndate: {date}")
        try:
            expect(["render", src, "-o", out], 1,
                   rf"d\.md:3: error: front matter date \"{date}\" is not a real date: .*{why}",
                   out)
        except Fail as e:
            bad.append(f"{date}: {e}")
    check(not bad, "; ".join(bad))


@case
def unknown_font_family(tmp):
    out = os.path.join(tmp, "o.pdf")
    lay = layout(tmp, "styles:\n  body: {family: No Such Font}\n")
    expect(["render", GOOD, "-l", lay, "-o", out], 0,
           r'layout\.yaml: warning: font family "No Such Font" is not installed; a fallback', out)


@case
def characters_in_no_font(tmp):
    """Named with the file and the line of their paragraph."""
    out = os.path.join(tmp, "o.pdf")
    src = article(tmp, "tofu.md", "正文\ue000与\U00013000。\n\n第二段\ue001。")
    expect(["render", src, "-o", out], 0,
           r'tofu\.md:5: warning: no font has the character U\+E000 "\ue000"(.|\n)*U\+13000'
           r'(.|\n)*tofu\.md:7: warning: no font has the character U\+E001', out)


@case
def missing_glyph_flood(tmp):
    """A paragraph of 20,000 characters no font has: each character is named
    once per paragraph, at most eight, not once per occurrence (there were
    20,000 warnings)."""
    out = os.path.join(tmp, "o.pdf")
    chars = "".join(chr(0xE000 + i) for i in range(20))
    src = article(tmp, "flood.md", chars * 1000)
    text, _ = expect(["render", src, "-o", out], 0, r"no font has \d+ more characters", out)
    n = text.count("no font has")
    check(n == 9, f"{n} warnings")


@case
def data_folder_without_fonts_conf(tmp):
    """A data folder (PAIBAN_DATADIR) whose fonts/ has no fonts.conf, or one
    fontconfig cannot read: an error naming the file, exit 1 (a missing one
    crashed in FcConfigDestroy(NULL))."""
    out = os.path.join(tmp, "o.pdf")
    data = os.path.join(tmp, "data")
    shutil.copytree("layouts", os.path.join(data, "layouts"))
    os.mkdir(os.path.join(data, "fonts"))
    env = {"PAIBAN_DATADIR": data}
    expect(["render", GOOD, "-o", out], 1,
           r"data/fonts/fonts\.conf: error: cannot find the fontconfig file: No such file", out,
           env=env)
    write(os.path.join(data, "fonts", "fonts.conf"), "<fontconfig><dir>")
    expect(["render", GOOD, "-o", out], 1, r"data/fonts/fonts\.conf: error: cannot load the "
           r"fontconfig file", out, env=env)


# ---- text that was changed or lost silently ------------------------------------

def trace_of(src, *args):
    r = subprocess.run([PAIBAN, "render", src, "-o", os.devnull, "--trace", "-", *args],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"status {r.returncode}: {r.stderr[:300]}")
    return r.stdout, re.sub(r"(?m)^.*: note: (\d+ pages?, \S+.*|the article fills columns .*|the article.s last page fills columns .*)\n", "", r.stderr)


def trace_text(trace, what=None):
    """The text of the trace's lines (of kind what), joined."""
    line = re.compile(r'^p\d+ c\S+ (\S+) .* r=\S+(?: hang)?(?: end)? "(.*)"$', re.M)
    return "".join(m.group(2) for m in line.finditer(trace)
                   if what is None or m.group(1) == what)


@case
def code_is_verbatim(tmp):
    """Punctuation in code is never normalised: `f(x,y)` became f（x,y）."""
    src = article(tmp, "c.md", "调用函数`f(x,y)`和`a: \"b\"`时，结果为真。\n\n"
                  "```\nprintf(\"甲,乙\");\n```")
    trace, _ = trace_of(src)
    body = trace_text(trace, "body")
    check("f(x,y)" in body and 'a: "b"' in body and 'printf("甲,乙");' in body,
          f"code changed: {body[:120]}")
    check("时，结果" in body, "the text around the code is still normalised")


@case
def footnotes_are_notes(tmp):
    """Footnote definitions [^1]: … vanished (cmark read them as link
    definitions): they are notes at the article's end, the references [1]."""
    src = article(tmp, "f.md", "正文引用[^1]，又见[^src]。\n\n[^1]: 第一条注释。\n"
                  "[^src]: 资料来源：望川县河长办。")
    trace, err = trace_of(src)
    check(not err, f"diagnostics: {err[:200]}")
    check("正文引用[1]，又见[2]。" in trace_text(trace, "body"), "references not numbered")
    notes = trace_text(trace, "footnote")
    check(notes.startswith("注释") and "[1] 第一条注释。" in notes and
          "[2] 资料来源：望川县河长办。" in notes, f"notes: {notes[:120]}")


@case
def tables_as_text(tmp):
    """A GFM table printed as raw | syntax: now a line per row, cells apart
    by a full-width space, with a warning naming its line."""
    src = article(tmp, "t.md", "正文。\n\n| 项目 | 数量 |\n|---|--:|\n| 河长 | 137 |\n"
                  "| 志愿者 | 600 |")
    trace, err = trace_of(src)
    check(re.search(r"t\.md:7: warning: table set as text", err), f"no warning: {err[:200]}")
    rows = trace_text(trace, "table")
    check(rows == "项目\u3000数量河长\u3000137志愿者\u3000600" and "|" not in trace_text(trace),
          f"rows: {rows}")


@case
def long_url_breaks(tmp):
    """A long URL left a line of two characters stretched across the column:
    a URL or address breaks after / . - ? & = _ # now (never inside a word),
    and no line stretches beyond the line breaker's limits."""
    url = ("https://www.example.gov.cn/zwgk/tzgg/2026/05/notice_20260518_abcdef.html?"
           "from=timeline&isappinstalled=0")
    mail = "someone.longname@example-department.gov.cn"
    src = article(tmp, "u.md", f"正文第一段说明，详情请访问{url}查询。联系邮箱{mail}。")
    trace, _ = trace_of(src)
    lines = re.findall(r'^p\d+ c\S+ body .* r=([-\d.]+),[-\d.]+(?: hang)?( end)? "(.*)"$',
                       trace, re.M)
    check(len(lines) > 3, f"{len(lines)} lines")
    worst = max(float(r1) for r1, _, _ in lines)
    check(worst <= 2.16, f"a line stretched {worst}")
    text, at = "", []
    for _, end, t in lines:
        text += t
        at.append(len(text))
    inside = [text[:k] for k in at[:-1]
              if any(0 < k - text.find(w) < len(w) for w in (url, mail))]
    check(url in text and mail in text, "the URL or the address is not whole")
    check(inside and all(t[-1] in "/.-?&=_#" for t in inside),
          f"broken elsewhere: {[t[-12:] for t in inside]}")
    return f"{len(inside)} breaks inside, stretch at most {worst}"


# ---- photos ---------------------------------------------------------------------

def figure_article(tmp, name, src):
    return article(tmp, name, f"正文第一段。\n\n![△说明文字](<{src}>)\n\n正文第二段。")


@case
def image_path_traversal(tmp):
    out = os.path.join(tmp, "o.pdf")
    sub = os.path.join(tmp, "article")
    os.mkdir(sub)
    shutil.copy(os.path.join(tmp, "img", "photo.jpg"), os.path.join(tmp, "outside.jpg"))
    src = figure_article(sub, "a.md", "../outside.jpg")
    expect(["render", src, "-o", out], 0, r"a\.md:7: warning: the image \.\./outside\.jpg is outside the article", out)
    expect(["render", src, "-o", out, "--strict"], 1, r"outside the article", out)
    expect(["render", src, "-o", out, "--allow-outside", "--strict"], 0, r"^$", out)
    src = figure_article(sub, "b.md", "/etc/passwd")
    expect(["render", src, "-o", out, "--strict"], 1, r"passwd.*outside the article", out)


IMAGE_CASES = [
    ("decompression_bomb_png", "huge.png",
     r"huge\.png: warning: image of 50000x50000 pixels is above the limit of 200 million"),
    ("truncated_jpeg", "truncated.jpg", r"truncated\.jpg: warning: the JPEG is truncated"),
    ("not_an_image_named_jpg", "notimage.jpg",
     r"notimage\.jpg: warning: not a JPEG, PNG"),
    ("corrupt_png", "corrupt.png", r"corrupt\.png: warning: "),
]


def placeholder_or_strict(tmp, cases):
    """Each (name, file, warning) as a figure: a warning and a placeholder,
    an error with --strict. Returns what went wrong."""
    out = os.path.join(tmp, "o.pdf")
    bad = []
    for name, file, pattern in cases:
        src = figure_article(os.path.join(tmp, "img"), name + ".md", file)
        try:
            expect(["render", src, "-o", out], 0, pattern, out)
            expect(["render", src, "-o", out, "--strict"], 1, r"could not be used \(--strict\)",
                   out)
        except Fail as e:
            bad.append(f"{name}: {e}")
    return bad


@case
def broken_images(tmp):
    """A decompression-bomb PNG, a truncated JPEG, a text file named .jpg, a
    PNG of noise: a warning and a placeholder; an error with --strict."""
    out = os.path.join(tmp, "o.pdf")
    bad = placeholder_or_strict(tmp, IMAGE_CASES)
    # the pixel limit is a setting
    src = figure_article(os.path.join(tmp, "img"), "limit.md", "lowres.jpg")
    try:
        expect(["render", src, "-o", out, "--strict"], 1, r"lowres\.jpg: warning: image of "
               r"120x80 pixels is above the limit", out, env={"PAIBAN_MAX_IMAGE_PIXELS": "9000"})
    except Fail as e:
        bad.append(f"pixel limit: {e}")
    check(not bad, "; ".join(bad))
    return f"{len(IMAGE_CASES) + 1} images"


# ---- where the output goes ------------------------------------------------------

@case
def unwritable_output_dir(tmp):
    ro = os.path.join(tmp, "ro")
    os.mkdir(ro)
    os.chmod(ro, 0o555)
    os.chmod(tmp, 0o755)
    out = os.path.join(ro, "x.pdf")
    # root writes anywhere: the case runs as nobody when we are root
    user = 65534 if os.geteuid() == 0 else None
    src = write(os.path.join(tmp, "a.md"), open(GOOD, encoding="utf-8").read())
    os.chmod(src, 0o644)
    expect(["render", src, "-o", out], 1, r"x\.pdf: error: cannot write: Permission denied", out,
           user=user)
    txt = write(os.path.join(tmp, "p.txt"), "标题\n\n正文第一段。\n")
    os.chmod(txt, 0o644)
    expect(["import", txt, "-o", os.path.join(ro, "p.md")], 1,
           r"cannot (write|open)", os.path.join(ro, "p.md"), user=user)
    out = os.path.join(tmp, "no-such-dir", "x.pdf")
    expect(["render", GOOD, "-o", out], 1, r"error: cannot write: No such file", None)
    check(not os.path.exists(os.path.dirname(out)), "a directory was made")


@case
def output_to_dev_full(tmp):
    """A device is written directly, never replaced: the write fails, no
    temporary file is left in /dev and /dev/full stays the device."""
    before = set(os.listdir("/dev"))
    expect(["render", GOOD, "-o", "/dev/full"], 1, r"/dev/full: error: cannot write: No space",
           None)
    src = write(os.path.join(tmp, "p.txt"), "标题\n\n正文第一段。\n")
    expect(["import", src, "-o", "/dev/full"], 1, r"/dev/full: error: cannot write", None)
    check(stat.S_ISCHR(os.stat("/dev/full").st_mode), "/dev/full is no longer a device")
    new = [f for f in set(os.listdir("/dev")) - before if f.startswith("full")]
    check(not new, f"left in /dev: {new}")


@case
def rename_over_dev_stdout(tmp):
    """-o /dev/stdout with standard output redirected to a file: stat() sees
    a regular file through the link, and the PDF was written to
    /dev/stdout.tmp.PID and renamed over /dev/stdout, replacing the link in
    /dev with a plain file. A link into /proc is now written in place; the
    case uses a link of its own to /proc/self/fd/1, so a regression breaks
    nothing outside it."""
    link = os.path.join(tmp, "stdout")
    os.symlink("/proc/self/fd/1", link)
    target = os.path.join(tmp, "redirected.pdf")
    with open(target, "wb") as f:
        r = subprocess.run([PAIBAN, "render", GOOD, "-o", link], stdout=f, stderr=subprocess.PIPE)
    check(r.returncode == 0, f"status {r.returncode}: {r.stderr[:300]}")
    check(os.path.islink(link), "the link was replaced by a file")
    with open(target, "rb") as f:
        check(f.read(5) == b"%PDF-", "the PDF did not go to the redirected output")
    check(os.path.islink("/dev/stdout"), "/dev/stdout is no longer a link")
    check(not [f for f in os.listdir(tmp) if ".tmp." in f], "temporary file left")


@case
def output_through_a_link(tmp):
    """A link to a regular file: the file it names is replaced whole, the link stays."""
    real = write(os.path.join(tmp, "real.pdf"), b"old")
    link = os.path.join(tmp, "link.pdf")
    os.symlink(real, link)
    expect(["render", GOOD, "-o", link], 0, r"^$", link)
    check(os.path.islink(link), "the link was replaced by a file")
    with open(real, "rb") as f:
        check(f.read(5) == b"%PDF-", "the linked file was not written")


@case
def previews_beside_a_device(tmp):
    """--png and --tile name files after the PDF: beside /dev/stdout they
    were made in /dev. Refused now, before anything is written."""
    before = set(os.listdir("/dev"))
    expect(["render", GOOD, "-o", "/dev/stdout", "--png", "10"], 1,
           r"/dev/stdout: error: --png and --tile write files beside the PDF", None)
    check(set(os.listdir("/dev")) == before, "files made in /dev")


@case
def output_is_a_directory(tmp):
    expect(["render", GOOD, "-o", tmp], 1, r"error: is a directory", None)


@case
def output_to_stdout_device(tmp):
    """-o /dev/stdout writes through the device, the PDF in full."""
    r = subprocess.run([PAIBAN, "render", GOOD, "-o", "/dev/stdout"], capture_output=True)
    check(r.returncode == 0 and r.stdout[:5] == b"%PDF-" and r.stdout.rstrip().endswith(b"%%EOF"),
          f"status {r.returncode}, {len(r.stdout)} bytes")


# ---- right-to-left text, emoji and rare characters ----------------------------

HE, AR = "שלום עולם", "مرحبا بالعالم"


def extracted(pdf):
    """pdftotext's text without the direction marks it adds (U+202A..E)."""
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    return re.sub("[\u202a-\u202e]", "", text)


def both_writers(tmp, src, name):
    """Render src with paiban's PDF writer and with cairo: exit 0, no
    warning of characters no font has; the two extractions."""
    texts = []
    for how in ("", "cairo"):
        out = os.path.join(tmp, f"{name}-{how or 'own'}.pdf")
        text, _ = expect(["render", src, "-o", out], 0, "", out, env={"PAIBAN_PDF": how})
        check("no font has" not in text, f"{how or 'own'}: {text.strip()[:300]}")
        texts.append(extracted(out))
    return texts


@case
def right_to_left_text(tmp):
    """Hebrew, Arabic, U+202E and U+202B..U+202C embeddings in the title, the
    body and pasted text, and Hebrew words at line breaks, aborted in Pango's
    cluster iterator (SIGABRT); they are set right to left inside the line and
    extract in the text's order."""
    long = "，".join(f"第{i}句中文{HE}" for i in range(60))
    body = (f"中文里有希伯来文{HE}和阿拉伯文{AR}两个词。\n\n"
            f"反向\u202e覆盖一段\u202c之后，嵌入\u202bיש{AR}\u202c结束。\n\n{long}。")
    md = article(tmp, "rtl.md", body, front=f"title: 标题{HE}\nkicker: {AR}")
    txt = write(os.path.join(tmp, "rtl.txt"), f"标题{HE}\n\n{body}\n")
    for src in (md, txt):
        for text in both_writers(tmp, src, os.path.basename(src)):
            for word in ("שלום", "עולם", "مرحبا", "بالعالم", "יש"):
                check(word in text, f"{word} not extracted from {src}: {text[:300]!r}")
            han = set(re.findall("[\u4e00-\u9fff]", body)) - set(text)
            check(not han, f"{''.join(sorted(han))} not extracted from {src}")
            n = len(re.findall("שלום", text))
            check(n >= 62, f"{n} שלום extracted from {src}, want 62 or more")


@case
def emoji_and_rare_ideographs(tmp):
    """Emoji and CJK Extension B-F ideographs printed as boxes of hex digits
    that extracted as the digits ("01F 44D"): they come from Symbola and
    HanaMinB now, with no warning; a character still in no font (Extension
    G, private use) is warned about and drawn as a box that extracts as the
    character, with either PDF writer."""
    have = "👍🎉😀🙂\U0002000b\U0002a700\U0002b740\U0002b820\U0002ceb0"
    src = article(tmp, "emoji.md", f"表情{have[:4]}与扩展汉字{have[4:]}。\n\n*{have}*\n\n**{have}**",
                  front=f"title: 标题{have}")
    for text in both_writers(tmp, src, "emoji"):
        for c in have:
            check(c in text, f"U+{ord(c):04X} not extracted: {text[:200]!r}")
        check(not re.search("0[12][0-9A-F] ?[0-9A-F]{3}", text), f"hex digits: {text[:200]!r}")
    src = article(tmp, "none.md", "扩展G\U00030000与私用\ue000。")
    for how in ("", "cairo"):
        out = os.path.join(tmp, f"none-{how or 'own'}.pdf")
        expect(["render", src, "-o", out], 0, r"no font has the character U\+30000", out,
               env={"PAIBAN_PDF": how})
        text = extracted(out)
        check("\U00030000" in text and "\ue000" in text and "030" not in text,
              f"{how or 'own'}: {text[:200]!r}")


# ---- files written and read: temporary files, outputs that are inputs, text ----

@case
def temp_link_not_followed(tmp):
    """The temporary file was OUT.tmp.PID, opened with fopen: a link planted
    at that name made paiban write through it, over the file it names. It is
    made with mkstemp now (O_CREAT|O_EXCL, a name nobody can know before):
    links at the old names of every output, for each PID the run may get,
    are left alone and the file they point to is untouched."""
    victim = write(os.path.join(tmp, "victim"), b"precious")
    out, trace = os.path.join(tmp, "o.pdf"), os.path.join(tmp, "o.trace")
    names = [out, trace, os.path.join(tmp, "o-1.png"), os.path.join(tmp, "o-tiles.pdf")]
    for _ in range(20):  # until the run's PID is among the planted names (a busy machine
        # may spend more PIDs between the read and the run than are planted)
        with open("/proc/sys/kernel/ns_last_pid") as f:
            last = int(f.read())
        pids = range(last + 1, last + 301)
        links = [f"{n}.tmp.{pid}" for n in names for pid in pids]
        for link in links:
            os.symlink(victim, link)
        p = subprocess.Popen([PAIBAN, "render", GOOD, "-o", out, "--trace", trace, "--png", "10",
                              "--tile", "A4"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = p.communicate(timeout=300)[1].decode(errors="replace")
        with open(victim, "rb") as f:
            check(f.read() == b"precious", "the file a planted link names was overwritten")
        check(all(os.path.islink(link) for link in links), "a planted link was replaced")
        check(p.returncode == 0, f"status {p.returncode}: {err[:300]}")
        for n in names:
            check(os.path.isfile(n) and not os.path.islink(n), f"{n} was not written")
        for link in links:
            os.unlink(link)
        if p.pid in pids:
            return f"PID {p.pid}, {len(links)} links planted"
    raise Fail("the run's PID was never among the planted names")


@case
def interrupted_runs_leave_nothing(tmp):
    """SIGINT or SIGTERM at a random moment of a render that writes a PDF, a
    trace and a preview of each page: the temporary files were left (18 of
    40 runs), and so was part of the output. Now each run dies of its signal
    and leaves no temporary file, and all its outputs or none (40 runs, 20
    under --quick)."""
    src = article(tmp, "long.md", "\n\n".join([HAN * 20] * 60))

    def args(stem):
        return ["render", src, "-l", "a4-handout", "-o", os.path.join(tmp, stem + ".pdf"),
                "--trace", os.path.join(tmp, stem + ".trace"), "--png", "30"]

    t0 = time.time()
    expect(args("full"), 0, r"")
    full = time.time() - t0
    n = len([f for f in os.listdir(tmp) if f.startswith("full")])
    rnd = random.Random(12)
    runs, none, complete = 20 if QUICK else 40, 0, 0
    for i in range(runs):
        p = subprocess.Popen([PAIBAN] + args(f"r{i}"), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        sig = rnd.choice([signal.SIGINT, signal.SIGTERM])
        time.sleep(rnd.uniform(0, full))
        p.send_signal(sig)
        status = p.wait(timeout=300)
        left = [f for f in os.listdir(tmp) if ".tmp." in f]
        check(not left, f"run {i}, {sig.name}: left behind: {left[:3]}")
        check(status in (-sig, 0), f"run {i}: status {status}, want {-sig} ({sig.name})")
        got = len([f for f in os.listdir(tmp) if f.startswith(f"r{i}.") or
                   f.startswith(f"r{i}-")])
        check(got in (0, n), f"run {i}, {sig.name}: {got} of its {n} outputs left")
        none += got == 0
        complete += got == n
    return f"{runs} runs: {none} left nothing, {complete} finished"


@case
def output_is_an_input(tmp):
    """-o a.md replaced the article with the PDF, also through a link to it
    or a hard link. Every output (the PDF, the trace, previews, tiles) is
    checked against every input (the article, the layout, each photo and
    logo) by device and inode before anything is written: exit 1, both
    named, the input untouched."""
    shutil.copy(os.path.join(tmp, "img", "photo.jpg"), os.path.join(tmp, "p.jpg"))
    shutil.copy(os.path.join(tmp, "img", "photo.jpg"), os.path.join(tmp, "logo.jpg"))
    src = article(tmp, "a.md", "正文第一段。\n\n![△说明文字](p.jpg)\n\n正文第二段。",
                  front="title: 测试\norganizer: 馆\nlogos: [logo.jpg]")
    os.symlink("a.md", os.path.join(tmp, "link.md"))
    os.link(src, os.path.join(tmp, "hard.md"))
    lay = layout(tmp, "")
    j = lambda f: os.path.join(tmp, f)
    runs = [(["-o", src], r"a\.md", r"a\.md \(the article\)"),
            (["-o", j("link.md")], r"link\.md", r"a\.md \(the article\)"),
            (["-o", j("hard.md")], r"hard\.md", r"a\.md \(the article\)"),
            (["-o", j("o.pdf"), "--trace", src], r"a\.md", r"a\.md \(the article\)"),
            (["-l", lay, "-o", lay], r"layout\.yaml", r"layout\.yaml \(the layout\)"),
            (["-o", j("p.jpg")], r"p\.jpg", r"p\.jpg \(a photo\)"),
            (["-o", j("p.pdf"), "--png", "10"], None, None),  # p-1.png: no clash
            (["-l", "poster-a1", "-o", j("logo.jpg")], r"logo\.jpg", r"logo\.jpg \(a logo\)")]
    inputs = [src, lay, j("p.jpg"), j("logo.jpg")]
    before = {f: open(f, "rb").read() for f in inputs}
    for extra, out, inp in runs:
        if out is None:
            expect(["render", src] + extra, 0, r"", j("p.pdf"))
            continue
        expect(["render", src] + extra, 1,
               rf"{out}: error: the output would overwrite the input \S*{inp}", None)
        for f in inputs:
            check(open(f, "rb").read() == before[f], f"{f} was changed by {extra}")
        check(not [f for f in os.listdir(tmp) if ".tmp." in f or f == "o.pdf"], "output left")
    check(os.path.islink(j("link.md")), "the link was replaced")
    txt = write(j("p.txt"), "标题\n\n正文第一段。\n")
    os.symlink("p.txt", j("p-link.txt"))
    expect(["import", txt, "-o", j("p-link.txt")], 1,
           r"p-link\.txt: error: the output would overwrite the input \S*p\.txt", None)
    return f"{len(runs) + 1} runs"


@case
def preview_too_large(tmp):
    """--png 700 on an A0 poster: the preview's size was checked after the
    PDF was written, which stayed; a 3 m banner at 300 dpi (taller than
    cairo's 32,767 pixels) failed in cairo, after the PDF too. Both are
    checked before anything is written now."""
    out = os.path.join(tmp, "o.pdf")
    expect(["render", GOOD, "-l", "poster-a0", "-o", out, "--png", "700"], 1,
           r"poster-a0\.yaml: error: a 700 dpi preview of this layout would be 23453 x 33044 "
           r"pixels .* choose a lower --png", out)
    lay = layout(tmp, "page:\n  size: 100x3000 mm\n  margins: {left: 10mm, right: 10mm}\n"
                      "grid:\n  columns: 1\n")
    expect(["render", GOOD, "-l", lay, "-o", out, "--png", "300"], 1,
           r"layout\.yaml: error: a 300 dpi preview .* 1182 x 35434 pixels", out)
    check(not [f for f in os.listdir(tmp) if f.startswith("o")], "a preview was left")


@case
def not_text_characters(tmp):
    """Unicode noncharacters (U+FDD0-U+FDEF, U+xFFFE and U+xFFFF in every
    plane) failed the whole render with "cairo could not make the PDF" and no
    file or line; GB 18030 import makes U+FFFF from 84 31 A4 39. Now they
    become U+FFFD with one warning per line naming it, as do C0 and C1
    controls (U+2028 and U+2029 become a space): in the body, in front matter
    (raw or made by a YAML escape), in pasted text, with either PDF writer. A
    lone surrogate is invalid UTF-8."""
    out = os.path.join(tmp, "o.pdf")
    src = article(tmp, "nc.md", "正文\ufdd0一\U0010ffff段\ufffe。\n\n第二段\x01\x1b\x85\u2028\x7f。",
                  front='title: "标题\\uFFFF"\nbyline: 记者\U0001fffe')
    want = [r"nc\.md:2: warning: U\+FFFF is a Unicode noncharacter, not text; replaced by U\+FFFD",
            r"nc\.md:3: warning: U\+1FFFE is a Unicode noncharacter",
            r"nc\.md:6: warning: U\+FDD0 is a Unicode noncharacter.*\(and 2 more on the line\)",
            r"nc\.md:8: warning: the control character U\+0001 is not text; replaced by U\+FFFD "
            r"\(and 4 more on the line\)"]
    for env in ({}, {"PAIBAN_PDF": "cairo"}):
        text, _ = expect(["render", src, "-o", out], 0, want[0], out, env=env)
        for w in want[1:]:
            check(re.search(w, text), f"no /{w}/ in: {text[:600]}")
        check(len(re.findall(r"warning: .*(not text|as a space)", text)) == 4,
              f"not one warning per line: {text[:600]}")
        check("no font has" not in text, f"a replaced character reached the fonts: {text[:400]}")
    txt = write(os.path.join(tmp, "nc.txt"), "标题\n\n正文\uffff第一段。\n正文第二段\U0010fffe。\n")
    expect(["render", txt, "-o", out], 0,
           r"nc\.txt:3: warning: U\+FFFF (.|\n)*nc\.txt:4: warning: U\+10FFFE", out)
    gb = write(os.path.join(tmp, "gb.txt"), "标题\n\n正文".encode("gb18030") + b"\x84\x31\xa4\x39"
               + "第一段。\n".encode("gb18030"))
    expect(["render", gb, "-o", out], 0, r"gb\.txt:3: warning: U\+FFFF is a Unicode noncharacter",
           out)
    md = os.path.join(tmp, "gb.md")
    expect(["import", gb, "-o", md], 0, r"gb\.txt:3: warning: U\+FFFF", md)
    with open(md, encoding="utf-8") as f:
        check("正文\ufffd第一段" in f.read(), "U+FFFF was not replaced in the import")
    bad = write(os.path.join(tmp, "s.md"), "---\ntitle: 测试\n---\n\n正文".encode() + b"\xed\xa0\x80\n")
    expect(["render", bad, "-o", out], 1, r"s\.md:5: error: not valid UTF-8 at byte offset 29",
           out)


# ---- images: damaged bodies, failures when written, files, SVG budget ------------

DAMAGED_IMAGES = [
    # a sound header over a damaged body went into the PDF as it was
    ("bit_rot_jpeg", "bitrot.jpg",
     r"bitrot\.jpg: warning: the JPEG's data is damaged \(Corrupt JPEG data"),
    ("jpeg_without_huffman_tables", "nohuff.jpg",
     r"nohuff\.jpg: warning: the JPEG's data is damaged \(its Huffman tables are missing\)"),
    # probed well, then failed to decode when written: a hole, exit 0 under --strict
    ("png_wider_than_cairo", "wide.png",
     r"wide\.png: warning: a PNG of 40000x4 pixels cannot be decoded \(at most 32767"),
]


@case
def damaged_images(tmp):
    """A JPEG with bit rot in its body or without Huffman tables (libjpeg
    recovers from both silently), a PNG wider than a cairo surface: a
    warning and a placeholder when probed; an error with --strict."""
    bad = placeholder_or_strict(tmp, DAMAGED_IMAGES)
    check(not bad, "; ".join(bad))
    return f"{len(DAMAGED_IMAGES)} images"


@case
def decode_fails_when_written(tmp):
    """A PNG whose header is sound and whose body is not probes well and
    fails when the page is written: it was a blank hole and exit 0 even
    with --strict. Now a placeholder and a warning, an error under --strict
    (no PDF), in our writer, in cairo's and in the previews."""
    out = os.path.join(tmp, "o.pdf")
    src = figure_article(os.path.join(tmp, "img"), "badbody.md", "badbody.png")
    warning = r"badbody\.png: warning: cannot decode the PNG: its data is damaged"
    for env in ({}, {"PAIBAN_PDF": "cairo"}):
        expect(["render", src, "-o", out], 0, warning, out, env=env)
        expect(["render", src, "-o", out, "--strict"], 1,
               r"badbody\.png: error: cannot decode the PNG.*\(--strict\)", out, env=env)
    expect(["render", src, "-o", out, "--png", "20"], 0, warning, out)
    check(os.path.exists(os.path.join(tmp, "o-1.png")), "no preview")


@case
def photo_wider_than_a_cairo_surface(tmp):
    """--png decoded a 40,000-pixel-wide JPEG into a surface cairo cannot
    make and wrote into it: SIGSEGV. It is decoded scaled down now."""
    out = os.path.join(tmp, "o.pdf")
    src = figure_article(os.path.join(tmp, "img"), "wide.md", "wide.jpg")
    expect(["render", src, "-o", out, "--png", "150", "--strict"], 0, r"^$", out)
    check(os.path.getsize(os.path.join(tmp, "o-1.png")) > 1000, "no preview")


def board(tmp, name, logos, extra=""):
    return article(tmp, name, "正文段落。" * 40,
                   f"title: 展板\norganizer: 文化馆\nlogos: [{', '.join(logos)}]{extra}")


def images_in(pdf):
    with open(pdf, "rb") as f:
        return f.read().count(b"/Subtype /Image")


@case
def fifo_as_image(tmp):
    """A named pipe as a figure, a logo or a title band's photo: open()
    waited for a writer forever. Refused unread now, naming the file."""
    out = os.path.join(tmp, "o.pdf")
    os.mkfifo(os.path.join(tmp, "pipe.jpg"))
    src = figure_article(tmp, "figure.md", "pipe.jpg")
    expect(["render", src, "-o", out], 0, r"pipe\.jpg: warning: the image is a named pipe, not a "
           r"regular file; not used", out)
    expect(["render", src, "-o", out, "--strict"], 1, r"could not be used \(--strict\)", out)
    src = board(tmp, "logo.md", ["pipe.jpg"])
    expect(["render", src, "-l", "poster-a1", "-o", out], 0, r"pipe\.jpg: warning: the image is a "
           r"named pipe", out)
    expect(["render", src, "-l", "poster-a1", "-o", out, "--strict"], 1,
           r"could not be used \(--strict\)", out)
    lay = write(os.path.join(tmp, "band.yaml"),
                open("layouts/poster-a1.yaml", encoding="utf-8").read().replace(
                    'title_band: {height: 120mm,', 'title_band: {image: pipe.jpg, height: 120mm,'))
    src = board(tmp, "band.md", [])
    expect(["render", src, "-l", lay, "-o", out], 0, r"pipe\.jpg: warning: the image is a named "
           r"pipe", out)
    expect(["render", src, "-l", lay, "-o", out, "--strict"], 1, r"could not be used", out)


@case
def logos_outside_the_folder(tmp):
    """logos: [../x.jpg] and /etc/passwd were read even with --strict, and
    /dev/zero 256 MB of it. Logos follow the figures' rule now: inside the
    article's folder unless --allow-outside, regular files only; one file by
    two paths is embedded once; a band photo may lie beside its layout."""
    out = os.path.join(tmp, "o.pdf")
    sub = os.path.join(tmp, "article")
    os.mkdir(sub)
    shutil.copy(os.path.join(tmp, "img", "photo.jpg"), os.path.join(tmp, "outside.jpg"))
    src = board(sub, "a.md", ["../outside.jpg", "/etc/passwd"])
    expect(["render", src, "-l", "poster-a1", "-o", out], 0,
           r"a\.md: warning: the logo \.\./outside\.jpg is outside the article's folder; not used "
           r"\(--allow-outside permits it\)", out)
    text, _ = expect(["render", src, "-l", "poster-a1", "-o", out, "--strict"], 1,
                     r"a\.md: warning: the logo /etc/passwd is outside the article's folder", out)
    check("2 photos could not be used (--strict)" in text, text)
    src = board(sub, "z.md", ["/dev/zero"])
    _, cpu = expect(["render", src, "-l", "poster-a1", "-o", out, "--allow-outside"], 0,
                    r"/dev/zero: warning: the image is a character device, not a regular file", out)
    check(cpu < 5, f"{cpu:.1f} s of CPU: /dev/zero was read")
    # one file, two paths (a link, and ./): one image in the PDF
    shutil.copy(os.path.join(tmp, "img", "photo.jpg"), os.path.join(sub, "logo.jpg"))
    os.symlink("logo.jpg", os.path.join(sub, "same.jpg"))
    src = board(sub, "dup.md", ["logo.jpg", "same.jpg", "./logo.jpg"])
    text, _ = expect(["render", src, "-l", "poster-a1", "-o", out, "--strict"], 0, r"1 board", out)
    check("warning: the logo" not in text and images_in(out) == 1,
          f"{images_in(out)} images for one file: {text}")
    # the band photo: beside its layout, or in the article's folder; nowhere else
    lays = os.path.join(tmp, "layouts")
    os.mkdir(lays)
    shutil.copy(os.path.join(tmp, "img", "photo.jpg"), os.path.join(lays, "band.jpg"))
    base = open("layouts/poster-a1.yaml", encoding="utf-8").read()
    for name, image, status in (("beside.yaml", "band.jpg", 0), ("up.yaml", "../outside.jpg", 1)):
        lay = write(os.path.join(lays, name), base.replace(
            'title_band: {height: 120mm,', f'title_band: {{image: "{image}", height: 120mm,'))
        text, _ = expect(["render", src, "-l", lay, "-o", out, "--strict"], status,
                         r"1 board" if status == 0 else r"the title band image \.\./outside\.jpg "
                         r"is outside the article's folder and the layout's", out)
        check(status or "band image" not in text, text)


def peak(args, env=None, timeout=120):
    """Run paiban in a process of its own that reports the largest resident
    size among its children (paiban and what it starts): (status, output,
    wall seconds, peak MB, CPU seconds)."""
    e = dict(os.environ)
    e.update(env or {})
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True, errors='replace')\n"
             "sys.stderr.write(r.stdout + r.stderr)\n"
             "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print(r.returncode, u.ru_maxrss, u.ru_utime + u.ru_stime)\n")
    t0 = time.time()
    r = subprocess.run([sys.executable, "-c", probe, PAIBAN] + args, capture_output=True,
                       text=True, errors="replace", env=e, timeout=timeout)
    status, kb, cpu = r.stdout.split()
    return int(status), r.stderr, time.time() - t0, int(kb) / 1024, float(cpu)


def blurred(n):
    """An SVG of n large rectangles under a 50-pixel Gaussian blur (16 KB at
    200: it took 54 s and 3.2 GB)."""
    rects = "".join(f'<rect x="{i % 200 * 10}" y="{i % 200 * 5}" width="3000" height="2000" '
                    f'fill="#{i % 256:02x}8040" filter="url(#b)"/>\n' for i in range(n))
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000">'
            '<filter id="b"><feGaussianBlur stdDeviation="50"/></filter>\n' + rects + "</svg>\n")


@case
def svg_filter_bomb(tmp):
    """An SVG's cost follows its drawing, not its size. It is drawn in a
    child process at its placed size, with a wall-time and a memory budget:
    over either, a warning naming the file (an error under --strict)."""
    out = os.path.join(tmp, "o.pdf")
    write(os.path.join(tmp, "blur200.svg"), blurred(200))
    write(os.path.join(tmp, "blur2000.svg"), blurred(2000))
    notes = []
    src = board(tmp, "a.md", ["blur200.svg"])
    status, text, wall, mb, _ = peak(["render", src, "-l", "poster-a1", "-o", out])
    check(status == 0 and wall < 15 and mb < 400,
          f"status {status}, {wall:.1f} s, {mb:.0f} MB: {text[:300]}")
    notes.append(f"200 blurs {wall:.1f} s {mb:.0f} MB")
    src = board(tmp, "b.md", ["blur2000.svg"])
    status, text, wall, mb, _ = peak(["render", src, "-l", "poster-a1", "-o", out],
                                  env={"PAIBAN_SVG_SECONDS": "2"})
    check(status == 0 and re.search(r"blur2000\.svg: warning: the SVG takes longer than 2 s to "
                                    r"draw; not used \(set PAIBAN_SVG_SECONDS", text)
          and wall < 10 and mb < 400, f"status {status}, {wall:.1f} s, {mb:.0f} MB: {text[:300]}")
    notes.append(f"2000 blurs {wall:.1f} s {mb:.0f} MB")
    expect(["render", src, "-l", "poster-a1", "-o", out, "--strict"], 1,
           r"blur2000\.svg: error: the SVG takes longer than 2 s to draw.*\(--strict\)", out,
           env={"PAIBAN_SVG_SECONDS": "2"})
    if not QUICK:  # ASan reserves terabytes: no address-space limit under the sanitizers
        # a 20000x20000 PNG in a data: URI (390 KB): gdk-pixbuf wanted 1.6 GB for it
        rows = zlib.compress(b"\x00" * 20001 * 20000, 9)
        def chunk(t, d):
            return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
        ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
        png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows)
               + chunk(b"IEND", b""))
        write(os.path.join(tmp, "bomb.svg"),
              '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
              'width="400" height="300"><image width="400" height="300" xlink:href="data:image/png;'
              f'base64,{base64.b64encode(png).decode()}"/></svg>')
        src = board(tmp, "c.md", ["bomb.svg"])
        status, text, wall, mb, _ = peak(["render", src, "-l", "poster-a1", "-o", out])
        check(status == 0 and wall < 15 and mb < 400,
              f"status {status}, {wall:.1f} s, {mb:.0f} MB: {text[:300]}")
        notes.append(f"data: bomb {wall:.1f} s {mb:.0f} MB")
    # larger than an SVG may be: refused unread
    write(os.path.join(tmp, "big.svg"), blurred(1) + "<!--" + "x" * (3 << 20) + "-->")
    expect(["render", board(tmp, "d.md", ["big.svg"]), "-l", "poster-a1", "-o", out], 0,
           r"big\.svg: warning: the SVG is larger than the limit of 2097152 bytes", out)
    return "; ".join(notes)


def main():
    global passed, failed
    root = tempfile.mkdtemp(prefix="paiban-bad-")
    os.chmod(root, 0o755)  # unwritable_output_dir runs as nobody
    try:
        img = os.path.join(root, "img")
        os.mkdir(img)
        subprocess.run([MKIMAGES, img], check=True)
        for fn in CASES:
            if ONLY and fn.__name__ not in ONLY:
                continue
            tmp = os.path.join(root, fn.__name__)
            os.mkdir(tmp)
            os.symlink(img, os.path.join(tmp, "img"))
            t0 = time.time()
            try:
                note = fn(tmp)
                passed += 1
                print(f"ok   {fn.__name__} ({time.time() - t0:.1f} s{'; ' + note if note else ''})")
            except (Fail, subprocess.TimeoutExpired) as e:
                failed += 1
                print(f"FAIL {fn.__name__}: {e}")
    finally:
        for d, _, _ in os.walk(root):
            os.chmod(d, 0o755)
        shutil.rmtree(root)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
