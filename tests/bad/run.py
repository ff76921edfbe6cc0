#!/usr/bin/env python3
"""The bad-input catalogue: every way an input can be wrong that paiban must
survive, one case each, with the exit status and message (a regex) it must
give, and, when it fails, a check that no output file (nor a temporary one)
is left behind; when it succeeds, that a PDF is there.

Usage: run.py PAIBAN MKIMAGES [--quick] [CASE...]   (from the repo root)
--quick (under the sanitizers) measures the linear-time cases on smaller
inputs. Cases named on the command line run alone. The cases that pin a
fixed bug are named after it: firstfit_quadratic_long_word,
missing_glyph_flood, rename_over_dev_stdout, previews_beside_a_device."""
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import time

PAIBAN, MKIMAGES = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
QUICK = "--quick" in sys.argv
ONLY = [a for a in sys.argv[3:] if a and not a.startswith("--")]
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
    return r.returncode, r.stdout + r.stderr, cpu


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


def linear(tmp, name, make, small, ratio=3.0, args=()):
    """Render inputs of size small and 2*small; the CPU time of the larger
    must be under ratio times the smaller's (2 when linear, 4 when
    quadratic). Each is the better of two runs: the kernel's share (page
    faults, a busy neighbour) varies from run to run by more than the
    difference being measured. Returns the times."""
    times = []
    for n in (small, 2 * small):
        src = write(os.path.join(tmp, f"{name}{n}.md"), make(n))
        out = os.path.join(tmp, f"{name}{n}.pdf")
        times.append(min(expect(["render", src, "-o", out, *args], 0, "")[1] for _ in range(2)))
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


# ---- text that was changed or lost silently ------------------------------------

def trace_of(src, *args):
    r = subprocess.run([PAIBAN, "render", src, "-o", os.devnull, "--trace", "-", *args],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"status {r.returncode}: {r.stderr[:300]}")
    return r.stdout, r.stderr


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


@case
def broken_images(tmp):
    """A decompression-bomb PNG, a truncated JPEG, a text file named .jpg, a
    PNG of noise: a warning and a placeholder; an error with --strict."""
    out = os.path.join(tmp, "o.pdf")
    bad = []
    for name, file, pattern in IMAGE_CASES:
        src = figure_article(os.path.join(tmp, "img"), name + ".md", file)
        try:
            expect(["render", src, "-o", out], 0, pattern, out)
            expect(["render", src, "-o", out, "--strict"], 1, r"could not be used \(--strict\)",
                   out)
        except Fail as e:
            bad.append(f"{name}: {e}")
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
