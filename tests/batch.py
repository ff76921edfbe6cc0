#!/usr/bin/env python3
"""paiban batch end to end: outputs mirroring the inputs and byte-identical
to `paiban render`, the collision error, the report (JSON Lines and CSV,
escaping, SHA-256), progress on a terminal and off it, exit statuses,
resume after SIGKILL, a corrupt, a crashing and a runaway article failing
alone, SIGINT, manifests, the hot folder, shards and merged reports.

usage: batch.py PAIBAN"""
import csv
import hashlib
import io
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from testlib import check, finish

PAIBAN = sys.argv[1]
TMP = tempfile.mkdtemp(prefix="paiban-batch-")
SEED = open("examples/short-notice.md", encoding="utf-8").read()
HEAD, _, BODY = SEED.partition("\n---\n")
PARAS = [p for p in BODY.split("\n\n") if p.strip() and not p.startswith("![")]


def article(path, n=3, title=None, extra=""):
    """A small article: the notice's front matter and its first n paragraphs."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    head = HEAD if title is None else re.sub(r"(?m)^title:.*$", "title: " + title, HEAD)
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + "\n---\n" + "\n\n".join(PARAS[:n]) + "\n" + extra)


def batch(*args, env=None, **kw):
    e = dict(os.environ, **(env or {}))
    return subprocess.run([PAIBAN, "batch", *args], capture_output=True, text=True, env=e, **kw)


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def files(root, hidden=False):
    """Every file under root, relative, sorted (stamps only when hidden)."""
    out = []
    for d, _, names in os.walk(root):
        for n in names:
            if hidden or not n.startswith("."):
                out.append(os.path.relpath(os.path.join(d, n), root))
    return sorted(out)


def records(path):
    lines = [json.loads(ln) for ln in open(path, encoding="utf-8")]
    return [r for r in lines if not r.get("summary")], [r for r in lines if r.get("summary")]


def complete_pdf(path):
    data = open(path, "rb").read()
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def render(src, out, *args):
    subprocess.run([PAIBAN, "render", src, "-o", out, *args], capture_output=True, check=True)


# --- a tree of articles: outputs mirror it, bytes equal `paiban render` ---
IN = os.path.join(TMP, "in")
article(f"{IN}/a001/article.md", 2)
article(f"{IN}/a002/article.md", 4)
os.makedirs(f"{IN}/a003")
shutil.copy("examples/qingshui-river.md", f"{IN}/a003/river.md")
shutil.copytree("examples/img", f"{IN}/a003/img")
with open(f"{IN}/pasted.txt", "w", encoding="utf-8") as f:  # pasted text, imported on the way
    f.write("河边的清晨\n\n" + "\n\n".join(PARAS[:3]) + "\n")
OUT = os.path.join(TMP, "out")
r = batch(IN, "-o", OUT, "-j", "2", "--report", f"{TMP}/r.jsonl", "-l", "a4-handout")
check(r.returncode == 0, f"a tree of articles renders: exit {r.returncode}" +
      ("" if r.returncode == 0 else "\n" + r.stderr[-500:]))
want = ["a001/article.pdf", "a002/article.pdf", "a003/river.pdf", "pasted.pdf"]
check(files(OUT) == want, f"outputs mirror the input tree: {files(OUT)}")
same = True
for rel in want:
    src = [p for p in files(IN) if os.path.splitext(p)[0] == os.path.splitext(rel)[0]][0]
    render(f"{IN}/{src}", f"{TMP}/ref.pdf", "-l", "a4-handout")
    same = same and open(f"{TMP}/ref.pdf", "rb").read() == open(f"{OUT}/{rel}", "rb").read()
check(same, "every output is byte-identical to `paiban render` of the same article")

# --- the report: fields, SHA-256, pages, summary ---
recs, sums = records(f"{TMP}/r.jsonl")
check(len(recs) == 4 and len(sums) == 1, "the report has one record per article and one summary")
ok = all(set(x) >= {"input", "output", "status", "pages", "warnings", "errors", "ms", "bytes",
                    "sha256"} for x in recs)
check(ok, "each record has input, output, status, pages, warnings, errors, ms, bytes, sha256")
check(all(x["sha256"] == sha(x["output"]) and x["bytes"] == os.path.getsize(x["output"])
          for x in recs), "each record's sha256 and bytes are its PDF's")
pages = {x["output"]: int(re.search(r"Pages:\s+(\d+)",
                                    subprocess.run(["pdfinfo", x["output"]], capture_output=True,
                                                   text=True).stdout).group(1)) for x in recs}
check(all(pages[x["output"]] == x["pages"] for x in recs), "each record's pages are its PDF's")
s = sums[0]
check(s["total"] == 4 and s["ok"] + s["warnings"] == 4 and s["failed"] == 0 and
      s["pages"] == sum(x["pages"] for x in recs), f"the summary adds up: {s}")

# --- up to date: skipped; a changed photo or article renders only that one ---
r = batch(IN, "-o", OUT, "-l", "a4-handout", "--report", f"{TMP}/r2.jsonl")
recs2, _ = records(f"{TMP}/r2.jsonl")
check(all(x["skipped"] for x in recs2) and
      {x["sha256"] for x in recs2} == {x["sha256"] for x in recs},
      "a second run skips every up-to-date output and reports the same SHA-256")
with open(f"{IN}/a003/img/museum.jpg", "ab") as f:
    f.write(b"\0")
article(f"{IN}/a001/article.md", 3)
r = batch(IN, "-o", OUT, "-l", "a4-handout", "--report", f"{TMP}/r3.jsonl")
redone = sorted(os.path.relpath(x["input"], IN) for x in records(f"{TMP}/r3.jsonl")[0]
                if not x["skipped"])
check(redone == ["a001/article.md", "a003/river.md"],
      f"a changed article and a changed photo render again, nothing else: {redone}")
r = batch(IN, "-o", OUT, "-l", "a4-handout", "--force", "--report", f"{TMP}/r4.jsonl")
check(not any(x["skipped"] for x in records(f"{TMP}/r4.jsonl")[0]), "--force renders everything")
r = batch(IN, "-o", OUT, "--report", f"{TMP}/r5.jsonl")
check(not any(x["skipped"] for x in records(f"{TMP}/r5.jsonl")[0]),
      "another layout makes every output stale")

# --- the collision error: nothing written ---
COL = os.path.join(TMP, "col")
article(f"{COL}/a001/article.md")
article(f"{COL}/a001/article.txt")
article(f"{COL}/a002/article.md")
r = batch(COL, "-o", f"{TMP}/colout", "--report", f"{TMP}/col.jsonl")
check(r.returncode == 1 and "a001/article.md" in r.stderr and "a001/article.txt" in r.stderr
      and "a001/article.pdf" in r.stderr, f"two inputs with one output: exit 1 naming both ({r.stderr.strip()})")
check(not os.path.exists(f"{TMP}/colout") and not os.path.exists(f"{TMP}/col.jsonl"),
      "after the collision error nothing is written (no folder, no PDF, no report)")

# --- report escaping, failures alone, CSV ---
ESC = os.path.join(TMP, "esc")
odd = 'q"uote,comma\\back\nline\x01 文.md'
article(f"{ESC}/{odd}")
article(f"{ESC}/warn.md", extra="\n![photo](img/none.jpg)\n")
with open(f"{ESC}/corrupt.md", "wb") as f:
    f.write(b"---\ntitle: [unclosed\n---\n\xff\xfe\x00garbage\n")
article(f"{ESC}/crashme.md")
article(f"{ESC}/fine.md")
for rep in ("e.jsonl", "e.csv"):
    r = batch(ESC, "-o", f"{TMP}/escout", "--force", "--report", f"{TMP}/{rep}",
              env={"PAIBAN_TEST_CRASH_ON": "crashme"})
    check(r.returncode == 1, f"failed articles: exit 1 ({rep})")
recs, sums = records(f"{TMP}/e.jsonl")
by = {os.path.basename(x["input"]): x for x in recs}
check(odd in by and by[odd]["status"] == "ok" and by[odd]["sha256"] == sha(by[odd]["output"]),
      "a name with quote, comma, backslash, newline, control and Han characters round-trips "
      "through the JSON report")
raw = open(f"{TMP}/e.jsonl", encoding="utf-8").read()
check('\\"uote' in raw and "\\n" in raw and "\\u0001" in raw and "\\\\back" in raw
      and len(raw.splitlines()) == 6, "the JSON escapes quote, backslash, newline and U+0001; "
      "one line per record")
check(by["corrupt.md"]["status"] == "failed" and
      any(re.match(r".*corrupt\.md:\d+: ", e) for e in by["corrupt.md"]["errors"]),
      f"a corrupt article fails with FILE:LINE: {by['corrupt.md']['errors']}")
# (under AddressSanitizer the SIGSEGV is its report and exit 1: "stopped (status 1)")
check(by["crashme.md"]["status"] == "failed" and
      re.search(r"worker rendering it (died of signal 11|stopped \(status 1\))",
                " ".join(by["crashme.md"]["errors"]))
      and by["crashme.md"]["sha256"] is None, f"a crashing worker fails its article: {by['crashme.md']['errors']}")
check(by["fine.md"]["status"] == "ok" and by[odd]["status"] == "ok",
      "the articles beside the corrupt and the crashing one are set")
check(by["warn.md"]["status"] == "warning" and
      any("none.jpg" in w for w in by["warn.md"]["warnings"]), "a missing photo is a warning")
check(sums[0]["failed"] == 2 and sums[0]["warnings"] == 1 and sums[0]["ok"] == 2,
      f"the summary counts them: {sums[0]}")
rows = list(csv.DictReader(open(f"{TMP}/e.csv", encoding="utf-8", newline="")))
cby = {os.path.basename(x["input"]): x for x in rows if x["status"] != "summary"}
check(set(cby) == set(by) and all(cby[k]["sha256"] == (by[k]["sha256"] or "") and
                                  cby[k]["status"] == by[k]["status"] and
                                  int(cby[k]["pages"]) == by[k]["pages"] for k in by),
      "the CSV report holds the same records (names with quotes, commas and newlines intact)")
check(cby["corrupt.md"]["errors"] == "\n".join(by["corrupt.md"]["errors"]) and
      rows[-1]["status"] == "summary" and rows[-1]["errors"] == "2",
      "the CSV report's messages and summary row")
check(not [f for f in files(f"{TMP}/escout", True) if ".tmp." in f],
      "no temporary file is left beside the outputs")

# --- a runaway article is stopped by --timeout; the others are set ---
RUN = os.path.join(TMP, "run")
article(f"{RUN}/small.md")
with open(f"{RUN}/huge.md", "w", encoding="utf-8") as f:
    f.write(HEAD + "\n---\n")
    for i in range(20000):
        f.write(f"第{i}段。" + PARAS[i % len(PARAS)] + f"（{i * 7919 % 100003}）\n\n")
# the small one alone first: the timeout is ten times what it takes (sanitizer builds are slower)
r = batch(f"{RUN}/small.md", "-o", f"{TMP}/runsmall", "--report", f"{TMP}/small.jsonl")
limit = max(1.5, 10 * records(f"{TMP}/small.jsonl")[0][0]["ms"] / 1000)
t = time.time()
r = batch(RUN, "-o", f"{TMP}/runout", "--timeout", f"{limit:.2f}", "--report", f"{TMP}/t.jsonl",
          "-j", "2")
by = {os.path.basename(x["input"]): x for x in records(f"{TMP}/t.jsonl")[0]}
check(r.returncode == 1 and by["huge.md"]["status"] == "failed" and
      "--timeout" in " ".join(by["huge.md"]["errors"]) and by["small.md"]["status"] == "ok",
      f"--timeout {limit:.2f} stops a runaway article alone ({time.time() - t:.1f} s)")
check(files(f"{TMP}/runout", True) == [".small.pdf.paiban", "small.pdf"],
      f"the stopped article leaves no file: {files(f'{TMP}/runout', True)}")

# --- progress: one line per article off a terminal, a live line on one, --quiet ---
PRO = os.path.join(TMP, "pro")
for i in range(6):
    article(f"{PRO}/p{i}.md", 1 + i % 3)
r = batch(PRO, "-o", f"{TMP}/proout", "-j", "2")
lines = r.stderr.splitlines()
check(len([ln for ln in lines if re.match(r"\[\d/6\] ok .*p\d\.md -> .*\.pdf \(1 page", ln)]) == 6
      and re.match(r"paiban batch: 6 articles: 6 ok, 0 with warnings, 0 failed", lines[-1]),
      "off a terminal: one line per finished article, then the summary")
r = batch(PRO, "-o", f"{TMP}/proout", "-j", "2", "--quiet", "--force")
check(r.stderr.count("\n") == 1 and "6 ok" in r.stderr, "--quiet: only the summary when all is well")
pid, fd = pty.fork()
if pid == 0:
    os.execv(PAIBAN, [PAIBAN, "batch", PRO, "-o", f"{TMP}/proout", "-j", "1", "--force"])
out = b""
while True:
    try:
        if select.select([fd], [], [], 60)[0]:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            out += chunk
        else:
            break
    except OSError:
        break
_, status = os.waitpid(pid, 0)
text = out.decode("utf-8", "replace")
live = re.findall(r"\r\x1b\[K\[(\d)/6\] 0 failed, [\d.]+/s, ETA [-\d:]+", text)
check(os.waitstatus_to_exitcode(status) == 0 and live and live[-1] == "6" and
      "\n[1/6] ok" not in text and "paiban batch: 6 articles: 6 ok" in text,
      f"on a terminal: one live line redrawn in place ({len(live)} draws) and the summary")
check(re.search(r"ETA [-\d:]+, \S*p\d\.md", text) is not None,
      "the live line names the article being set")

# --- resume after SIGKILL of the whole batch ---
RES = os.path.join(TMP, "res")
for i in range(24):
    article(f"{RES}/k{i:02d}.md", 1 + i % 4, title=f"第{i}篇")
REF = os.path.join(TMP, "resref")
batch(RES, "-o", REF, "-j", "2")
RO = os.path.join(TMP, "resout")
p = subprocess.Popen([PAIBAN, "batch", RES, "-o", RO, "-j", "2"], stderr=subprocess.DEVNULL,
                     start_new_session=True)
deadline = time.time() + 60
while time.time() < deadline and len([f for f in files(RO) if f.endswith(".pdf")]) < 4:
    time.sleep(0.01)
os.killpg(p.pid, signal.SIGKILL)
p.wait()
time.sleep(0.2)
made = [f for f in files(RO) if f.endswith(".pdf")]
check(4 <= len(made) < 24, f"SIGKILL mid-batch: {len(made)} of 24 written")
check(all(complete_pdf(f"{RO}/{f}") and sha(f"{RO}/{f}") == sha(f"{REF}/{f}") for f in made),
      "every PDF left by SIGKILL is whole (no partial PDF under an output's name)")
stamped = [f for f in made if os.path.exists(f"{RO}/.{f}.paiban")]
r = batch(RES, "-o", RO, "-j", "2", "--report", f"{TMP}/res.jsonl")
recs, _ = records(f"{TMP}/res.jsonl")
rendered = sorted(os.path.basename(x["output"]) for x in recs if not x["skipped"])
check(r.returncode == 0 and sorted(set(f"k{i:02d}.pdf" for i in range(24)) - set(stamped)) == rendered,
      f"the rerun renders only what was missing ({len(rendered)} of 24)")
check(files(RO) == files(REF) and all(sha(f"{RO}/{f}") == sha(f"{REF}/{f}") for f in files(REF)),
      "after the rerun every output equals an uninterrupted run's, byte for byte")
check(not [f for f in files(RO, True) if ".tmp." in f], "the rerun removed the killed run's temporary files")

# --- SIGINT: the articles in flight finish, the report is written, exit 130 ---
IO = os.path.join(TMP, "intout")
p = subprocess.Popen([PAIBAN, "batch", RES, "-o", IO, "-j", "1", "--report", f"{TMP}/int.jsonl"],
                     stderr=subprocess.PIPE, text=True, start_new_session=True)
first = p.stderr.readline()
os.killpg(p.pid, signal.SIGINT)  # as Ctrl-C: the whole process group
err = p.stderr.read()
rc = p.wait()
recs, sums = records(f"{TMP}/int.jsonl") if os.path.exists(f"{TMP}/int.jsonl") else ([], [{}])
check(rc == 130 and sums[0].get("interrupted") is True and 0 < len(recs) < 24 and
      sums[0]["pending"] == 24 - len(recs), f"SIGINT: exit {rc}, a report of {len(recs)} done and "
      f"{sums[0].get('pending')} pending")
check(all(x["status"] == "ok" and x["sha256"] == sha(x["output"]) for x in recs) and
      len([f for f in files(IO) if f.endswith(".pdf")]) == len(recs) and
      not [f for f in files(IO, True) if ".tmp." in f],
      "the articles in flight at SIGINT were finished whole; nothing half-written")

# --- manifests ---
MAN = os.path.join(TMP, "man")
article(f"{MAN}/x/one.md")
article(f"{MAN}/y/two.md", 2)
with open(f"{MAN}/list.csv", "w", encoding="utf-8") as f:
    f.write("\ufeffinput,output,layout,pages\r\nx/one.md,\"first, one.pdf\",a4-handout,\r\n"
            "y/two.md,,a3-news,1\r\n")
r = batch(f"{MAN}/list.csv", "-o", f"{TMP}/manout")
check(r.returncode == 0 and files(f"{TMP}/manout") == ["first, one.pdf", "y/two.pdf"],
      f"a CSV manifest: its output column, else the mirrored path ({files(f'{TMP}/manout')})")
render(f"{MAN}/x/one.md", f"{TMP}/ref.pdf", "-l", "a4-handout")
check(sha(f"{TMP}/ref.pdf") == sha(f"{TMP}/manout/first, one.pdf"), "a manifest row's layout is used")
with open(f"{MAN}/list.jsonl", "w", encoding="utf-8") as f:
    f.write('{"input": "x/one.md", "layout": "a4-handout"}\n\n{"input": "y/two.md", "pages": 1}\n')
r = batch(f"{MAN}/list.jsonl", "-o", f"{TMP}/manout2")
check(r.returncode == 0 and files(f"{TMP}/manout2") == ["x/one.pdf", "y/two.pdf"] and
      sha(f"{TMP}/manout2/x/one.pdf") == sha(f"{TMP}/ref.pdf"), "a JSON Lines manifest")
with open(f"{MAN}/bad.jsonl", "w", encoding="utf-8") as f:
    f.write('{"input": "x/one.md"}\n{"input": "y/two.md", "colour": "red"}\n')
r = batch(f"{MAN}/bad.jsonl", "-o", f"{TMP}/manbad")
check(r.returncode == 1 and re.search(r"bad\.jsonl:2: .*colour", r.stderr) and
      not os.path.exists(f"{TMP}/manbad"), f"a bad manifest row: FILE:LINE, nothing written ({r.stderr.strip()})")
with open(f"{MAN}/bad.csv", "w", encoding="utf-8") as f:
    f.write('input,pages\nx/one.md,"2\n')
r = batch(f"{MAN}/bad.csv", "-o", f"{TMP}/manbad")
check(r.returncode == 1 and "bad.csv:2: " in r.stderr, f"an unclosed CSV quote: {r.stderr.strip()}")

# --- usage ---
for args in ([IN], [IN, "-o"], [IN, "-o", TMP, "-j", "0"], [IN, "-o", TMP, "--shard", "4/3"],
             [IN, "-o", TMP, "--bogus"], ["--merge-reports"]):
    r = batch(*args)
    check(r.returncode == 2 and "usage:" in r.stderr, f"usage error exits 2: batch {' '.join(args[1:])}")
r = batch(IN, "-o", f"{TMP}/x", "--shard", "auto", env={"JOB_COMPLETION_INDEX": "", "SLURM_ARRAY_TASK_ID": ""})
check(r.returncode == 2 and "JOB_COMPLETION_INDEX" in r.stderr, "--shard auto without a job runner: exit 2")

os.makedirs(f"{TMP}/empty")
r = batch(f"{TMP}/empty", "-o", f"{TMP}/emptyout", "--report", f"{TMP}/empty.jsonl")
check(r.returncode == 0 and "no article" in r.stderr and
      records(f"{TMP}/empty.jsonl") == ([], [dict(records(f"{TMP}/empty.jsonl")[1][0], total=0)]),
      "a folder without articles: said so, exit 0, a report with an empty summary")

# --- shards: N processes together give exactly the single run's outputs ---
SH = os.path.join(TMP, "sh")
for i in range(9):
    article(f"{SH}/d{i % 3}/s{i}.md", 1 + i % 3, title=f"分片{i}")
batch(SH, "-o", f"{TMP}/shref", "-j", "2", "--report", f"{TMP}/shref.jsonl")
ref = {f: sha(f"{TMP}/shref/{f}") for f in files(f"{TMP}/shref")}
ENVS = {
    "K/N": [({}, ["--shard", f"{k}/3"]) for k in (1, 2, 3)],
    "Kubernetes": [({"JOB_COMPLETION_INDEX": str(k), "JOB_COMPLETIONS": "3"}, ["--shard", "auto"])
                   for k in range(3)],
    "Slurm": [({"SLURM_ARRAY_TASK_ID": str(k), "SLURM_ARRAY_TASK_MIN": "1",
                "SLURM_ARRAY_TASK_COUNT": "3"}, ["--shard", "auto"]) for k in (1, 2, 3)],
    "AWS Batch": [({"AWS_BATCH_JOB_ARRAY_INDEX": str(k)}, ["--shard", "auto/3"]) for k in range(3)],
}
clear = {"JOB_COMPLETION_INDEX": "", "JOB_COMPLETIONS": "", "SLURM_ARRAY_TASK_ID": "",
         "SLURM_ARRAY_TASK_MIN": "", "SLURM_ARRAY_TASK_COUNT": "", "AWS_BATCH_JOB_ARRAY_INDEX": ""}
for name, runs in ENVS.items():
    seen, overlap, reports = {}, [], []
    procs = []
    for k, (env, args) in enumerate(runs):
        out = f"{TMP}/sh-{name[0]}{k}"
        reports.append(f"{out}.jsonl")
        procs.append((out, subprocess.Popen([PAIBAN, "batch", SH, "-o", out, "-j", "1", *args,
                                             "--report", f"{out}.jsonl"],
                                            env={**os.environ, **clear, **env},
                                            stderr=subprocess.DEVNULL)))
    for out, pr in procs:
        pr.wait()
        for f in files(out):
            overlap += [f] if f in seen else []
            seen[f] = sha(f"{out}/{f}")
    check(seen == ref and not overlap and all(files(o) for o, _ in procs),
          f"shards by {name}: their union is the single run's outputs, byte for byte, no overlap")
    if name == "K/N":
        r = batch("--merge-reports", *reports, "--report", f"{TMP}/merged.jsonl")
        mrecs, msums = records(f"{TMP}/merged.jsonl")
        rrecs, rsums = records(f"{TMP}/shref.jsonl")
        key = lambda x: (x["input"], x["status"], x["pages"], x["sha256"])
        check(r.returncode == 0 and sorted(map(key, mrecs)) == sorted(map(key, rrecs)) and
              len(msums) == 1 and msums[0]["total"] == 9 and msums[0]["ok"] == 9 and
              msums[0]["pages"] == rsums[0]["pages"],
              "--merge-reports: the shards' records, one summary adding them up")
        r = batch("--merge-reports", reports[0], reports[0])
        check(r.returncode == 1 and "more than one report" in r.stderr,
              "--merge-reports refuses overlapping shards")
        r = batch("--merge-reports", *reports, "--report", f"{TMP}/merged.csv")
        rows = list(csv.DictReader(open(f"{TMP}/merged.csv", encoding="utf-8", newline="")))
        check(r.returncode == 0 and len(rows) == 10 and rows[-1]["status"] == "summary",
              "--merge-reports writes CSV too")

# --- the hot folder ---
HOT = os.path.join(TMP, "hot")
HOUT = os.path.join(HOT, "pdf")  # the outputs inside the hot folder: never taken as an entry
os.makedirs(HOT)
article(f"{HOT}/early.md")  # there before the watch starts
w = subprocess.Popen([PAIBAN, "batch", "--watch", HOT, "-o", HOUT, "--settle", "0.3", "-j", "1"],
                     stderr=subprocess.PIPE, text=True)


def wait_for(path, seconds=60):
    end = time.time() + seconds
    while time.time() < end and not os.path.exists(path):
        time.sleep(0.05)
    return os.path.exists(path)


check(wait_for(f"{HOT}/done/early.md"), "the hot folder takes what was there when it started")
article(f"{TMP}/stage/dropped.md", 2)
os.rename(f"{TMP}/stage/dropped.md", f"{HOT}/dropped.md")
os.makedirs(f"{TMP}/stage/pkg")
shutil.copy("examples/qingshui-river.md", f"{TMP}/stage/pkg/story.md")
shutil.copytree("examples/img", f"{TMP}/stage/pkg/img")
os.rename(f"{TMP}/stage/pkg", f"{HOT}/pkg")
with open(f"{HOT}/broken.md", "w", encoding="utf-8") as f:  # written in place, in two goes
    f.write("---\ntitle: [unclosed\n")
    f.flush()
    time.sleep(0.1)
    f.write("---\nbody\n")
check(wait_for(f"{HOT}/done/dropped.md") and wait_for(f"{HOT}/done/pkg/story.md"),
      "a dropped article and a dropped folder with its photos are moved to done/")
check(wait_for(f"{HOT}/failed/broken.md.error.txt") and os.path.exists(f"{HOT}/failed/broken.md"),
      "a failing article is moved to failed/ with NAME.error.txt")
err_text = open(f"{HOT}/failed/broken.md.error.txt", encoding="utf-8").read() \
    if os.path.exists(f"{HOT}/failed/broken.md.error.txt") else ""
check(re.search(r"broken\.md:2: ", err_text) is not None, f"the error file names FILE:LINE: {err_text.strip()}")
render(f"{HOT}/done/pkg/story.md", f"{TMP}/ref.pdf")
check(files(HOUT) == ["dropped.pdf", "early.pdf", "pkg/story.pdf"] and
      sha(f"{TMP}/ref.pdf") == sha(f"{HOUT}/pkg/story.pdf"),
      f"the hot folder's outputs mirror what was dropped ({files(HOUT)})")
check(sorted(os.listdir(HOT)) == ["done", "failed", "pdf"],
      f"nothing is left in the hot folder but its output folder: {sorted(os.listdir(HOT))}")
w.send_signal(signal.SIGTERM)
try:
    rc = w.wait(30)
except subprocess.TimeoutExpired:
    w.kill()
    rc = -1
check(rc == 0, f"the hot folder stops on SIGTERM with exit 0 (got {rc})")

shutil.rmtree(TMP)
# --- a folder holding a saved page: the page is an article, its _files/ not ---
PAGES = os.path.join(TMP, "pages")
os.makedirs(f"{PAGES}/notice_files", exist_ok=True)
shutil.copy("tests/html/notice.html", f"{PAGES}/notice.html")
with open(f"{PAGES}/notice_files/frame.html", "w", encoding="utf-8") as f:
    f.write("<html><body><p>一个嵌入框架，不是文章。</p></body></html>\n")
r = batch(PAGES, "-o", f"{TMP}/pages-out", "-l", "a4-handout")
check(r.returncode in (0, 3) and files(f"{TMP}/pages-out") == ["notice.pdf"],
      f"a saved page in a folder is rendered, its _files/ folder passed over: "
      f"{files(f'{TMP}/pages-out')} (exit {r.returncode}) {r.stderr[-300:]}")

finish()
