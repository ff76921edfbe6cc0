#!/usr/bin/env python3
"""The speed benchmark: whole `paiban render` processes, measured
as medians of several runs, with their peak memory and the make-up of the
PDFs; and, when Typst is installed, the same documents set by Typst in the
same run, with the ratios.

Cases (layout a3-news):
  article  each article given (default: examples/qingshui-river.md, a
           seed-shaped article: headline group, note, heads, four photos)
  x20      the first article's body twenty times over, as one document
  batch    BATCH copies of the first article into as many PDFs, two
           `paiban render` processes at a time (xargs -P2): articles per
           second, start-up included

Usage: bench/run.py [--runs N] [--batch N] [--article FILE.md]... [--paiban BIN]
                    [--typst DIR] [--typst-batch N]
Run from the source tree, after a Release build (bench/run.sh does both).
Typst: DIR holds node_modules/@myriaddreamin/typst-ts-node-compiler (npm
install it into a temporary directory; bench/run.sh --install-typst does);
without it the Typst columns are left out. Node and npm are needed for it."""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pdfsize  # noqa: E402
import typst as typst_doc  # noqa: E402


def run_once(cmd, env=None):
    """Wall seconds and peak RSS (KiB) of one process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}): {err[:500]}")
    return wall, usage.ru_maxrss


def measure(cmd, runs):
    run_once(cmd)  # warm the caches
    results = [run_once(cmd) for _ in range(runs)]
    walls = sorted(r[0] for r in results)
    return {"median": statistics.median(walls), "min": walls[0], "max": walls[-1],
            "rss": statistics.median(r[1] for r in results)}


def pages(pdf):
    data = open(pdf, "rb").read()
    m = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)
    return int(m[0]) if m else len(re.findall(rb"/Type\s*/Page\b", data))


def link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def link_images(src_article, dest_dir):
    """The article's folders (its photos) next to a copy in dest_dir: copied
    (hard links where possible), since photos outside an article's folder are
    refused."""
    src_dir = os.path.dirname(os.path.abspath(src_article))
    for name in os.listdir(src_dir):
        path = os.path.join(src_dir, name)
        if os.path.isdir(path) and not os.path.exists(os.path.join(dest_dir, name)):
            shutil.copytree(path, os.path.join(dest_dir, name), copy_function=link_or_copy)


def times20(article, dest_dir):
    """The article with its body twenty times over, as one document."""
    text = open(article, encoding="utf-8").read()
    m = re.match(r"---\n.*?\n---\n", text, re.S)
    front, body = (m.group(0), text[m.end():]) if m else ("", text)
    os.makedirs(dest_dir, exist_ok=True)
    link_images(article, dest_dir)
    out = os.path.join(dest_dir, "x20.md")
    with open(out, "w", encoding="utf-8") as f:
        f.write(front + "\n".join([body.strip() + "\n"] * 20))
    return out


def batch_dir(article, dest_dir, n):
    os.makedirs(dest_dir, exist_ok=True)
    link_images(article, dest_dir)
    text = open(article, encoding="utf-8").read()
    files = []
    for i in range(n):
        path = os.path.join(dest_dir, f"a{i:04d}.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        files.append(path)
    return files


def batch(files, render_cmd):
    """Wall seconds for all files, two processes at a time (xargs -P2)."""
    listing = "\n".join(files) + "\n"
    t0 = time.perf_counter()
    subprocess.run(["xargs", "-P2", "-I{}"] + render_cmd, input=listing.encode(), check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


class Typst:
    """Typst through @myriaddreamin/typst-ts-node-compiler, one node process per document."""

    def __init__(self, modules):
        self.node = shutil.which("node")
        self.env = dict(os.environ, NODE_PATH=os.path.join(modules, "node_modules"))
        self.script = os.path.join(HERE, "typst-run.js")

    def document(self, article, dest_dir):
        os.makedirs(dest_dir, exist_ok=True)
        sys.argv = ["typst.py", article, dest_dir]
        typst_doc.main()
        return os.path.join(dest_dir, "main.typ")

    def cmd(self, main, out):
        return [self.node, self.script, main, out]

    def measure(self, main, runs):
        out = main[:-4] + ".pdf"
        cmd = self.cmd(main, out)
        run_once(cmd, self.env)
        res = [run_once(cmd, self.env) for _ in range(runs)]
        walls = sorted(r[0] for r in res)
        return {"median": statistics.median(walls), "min": walls[0], "max": walls[-1],
                "rss": statistics.median(r[1] for r in res), "pdf": out}

    def batch(self, main, n):
        outs = [f"{main[:-4]}-{i:04d}.pdf" for i in range(n)]
        listing = "\n".join(outs) + "\n"
        t0 = time.perf_counter()
        subprocess.run(["xargs", "-P2", "-I{}", self.node, self.script, main, "{}"],
                       input=listing.encode(), check=True, env=self.env,
                       stdout=subprocess.DEVNULL)
        return time.perf_counter() - t0


def cpu_check():
    """How much of two cores this machine gives now: a busy loop alone, then
    two at once (on a free 2-core machine both take as long as one alone)."""
    loop = [sys.executable, "-c", "for i in range(4_000_000): pass"]
    t0 = time.perf_counter()
    subprocess.run(loop, check=True)
    one = time.perf_counter() - t0
    t0 = time.perf_counter()
    ps = [subprocess.Popen(loop) for _ in range(2)]
    for p in ps:
        p.wait()
    two = time.perf_counter() - t0
    return one, two


def mb(n):
    return f"{n / 1e6:.2f} MB"


def mb_mib(n):
    return f"{n / 1e6:.2f} MB ({n / 2**20:.2f} MiB)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--article", action="append")
    ap.add_argument("--paiban", default="build/paiban")
    ap.add_argument("--typst", help="directory with node_modules/@myriaddreamin/typst-ts-node-compiler")
    ap.add_argument("--typst-batch", type=int, default=20)
    a = ap.parse_args()
    articles = a.article or ["examples/qingshui-river.md"]
    paiban = os.path.abspath(a.paiban)
    typst = None
    if a.typst and shutil.which("node") and os.path.isdir(
            os.path.join(a.typst, "node_modules", "@myriaddreamin", "typst-ts-node-compiler")):
        typst = Typst(os.path.abspath(a.typst))
    rows = []
    cpu = cpu_check()
    with tempfile.TemporaryDirectory(prefix="paiban-bench-") as tmp:
        cases = [(os.path.basename(p), os.path.abspath(p)) for p in articles]
        cases.append(("×20 of " + cases[0][0], times20(cases[0][1], os.path.join(tmp, "x20"))))
        for i, (name, path) in enumerate(cases):
            out = os.path.join(tmp, f"case{i}.pdf")
            r = measure([paiban, "render", path, "-l", "a3-news", "-o", out], a.runs)
            r.update(name=name, pages=pages(out), size=pdfsize.split(out))
            if typst:
                main_typ = typst.document(path, os.path.join(tmp, f"typst{i}"))
                t = typst.measure(main_typ, a.runs)
                t.update(pages=pages(t["pdf"]), size=pdfsize.split(t["pdf"]))
                r["typst"] = t
            rows.append(r)
        bwall = []
        for i, (name, path) in enumerate(cases[:-1]):  # every article, not the ×20 document
            files = batch_dir(path, os.path.join(tmp, f"batch{i}"), a.batch)
            bwall.append((name, batch(files, [paiban, "render", "{}", "-l", "a3-news", "-o",
                                              "{}.pdf"])))
        tb = None
        if typst:
            tb = (typst.batch(typst.document(cases[0][1], os.path.join(tmp, "typst-batch")),
                              a.typst_batch), a.typst_batch)
    report(rows, a, bwall, tb, cpu)


def report(rows, a, bwall, tb, cpu):
    print(f"machine: a busy loop takes {cpu[0]:.2f} s alone, {cpu[1]:.2f} s two at once "
          f"(two free cores: the same)")
    print(f"paiban: median of {a.runs} whole-process runs after one warm-up, layout a3-news\n")
    head = "| case | pages | median | min–max | peak RSS | PDF | fonts | images | rest |"
    if any("typst" in r for r in rows):
        head += " Typst median | Typst RSS | Typst PDF | paiban / Typst time |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for r in rows:
        s = r["size"]
        line = (f"| {r['name']} | {r['pages']} | {r['median'] * 1e3:.0f} ms | "
                f"{r['min'] * 1e3:.0f}–{r['max'] * 1e3:.0f} ms | {r['rss'] / 1024:.0f} MiB | "
                f"{mb_mib(s['total'])} | {mb(s['fonts'])} | {mb(s['images'])} | {mb(s['rest'])} |")
        if "typst" in r:
            t = r["typst"]
            line += (f" {t['median'] * 1e3:.0f} ms | {t['rss'] / 1024:.0f} MiB | "
                     f"{mb(t['size']['total'])} | 1/{t['median'] / r['median']:.1f} |")
        print(line)
    print()
    for name, wall in bwall:
        rate = a.batch / wall
        print(f"batch: {a.batch} copies of {name} into {a.batch} PDFs, two `paiban render` at "
              f"a time: {wall:.2f} s, {rate:.1f} articles/s")
    if tb:
        rate = a.batch / bwall[0][1]
        trate = tb[1] / tb[0]
        print(f"Typst: {tb[1]} documents, two processes at a time: {tb[0]:.2f} s, "
              f"{trate:.2f} documents/s (paiban {rate / trate:.0f}× as many)")


if __name__ == "__main__":
    main()
