#!/usr/bin/env python3
"""Write N test articles for bench/batch.sh, made from the project's own
examples (examples/qingshui-river.md, examples/short-notice.md): their front
matter, editor's note, heads, paragraphs (sentences reordered) and figures,
cut to a body length spread evenly over 300-4,000 characters, with 0-3
photos. The photos (examples/img/) are copied once into OUT/img/, which every
article names: the articles lie side by side in OUT (a photo outside an
article's folder is not used, README "Figures"). Article i is the same for
every N (named a00001.md, ...), so the first 1,000 of a 10,000 set are the 1,000 set.

usage: bench/batchgen.py N OUT_DIR
prints one line: articles, body characters (min/median/max), photos."""
import os
import random
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = ["examples/qingshui-river.md", "examples/short-notice.md"]
MIN_CHARS, MAX_CHARS = 300, 4000
FIGURE = re.compile(r'^!\[(.*)\]\((img/[^)\s]+(?:\s+"[^"]*")?)\)$')  # caption, path "options"


def read_example(rel):
    text = open(os.path.join(ROOT, rel), encoding="utf-8").read()
    _, front, body = text.split("---\n", 2)
    blocks = [b.strip() for b in body.split("\n\n") if b.strip()]
    ex = {"front": front, "note": None, "heads": [], "paras": [], "figures": []}
    for b in blocks:
        if b.startswith(">"):
            ex["note"] = b
        elif b.startswith("#"):
            ex["heads"].append(b.lstrip("#").strip())
        elif FIGURE.match(b):
            ex["figures"].append(FIGURE.match(b).groups())
        elif b != "---":
            ex["paras"].append(b)
    return ex


def sentences(para):
    """The sentences of para, cut after 。！？ outside quotation marks."""
    out, start, depth = [], 0, 0
    for i, c in enumerate(para):
        depth += c in "“‘《（" and 1 or (c in "”’》）" and -1 or 0)
        if c in "。！？" and depth <= 0:
            out.append(para[start : i + 1])
            start = i + 1
    if para[start:]:
        out.append(para[start:])
    return out


def front_matter(ex, i, rnd):
    lines = []
    for line in ex["front"].splitlines():
        key = line.split(":", 1)[0]
        if key == "title":
            line = f"{line}（{i + 1}）"
        elif key == "date":
            line = f"date: 2026-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d} 08:30:00"
        lines.append(line)
    return "---\n" + "\n".join(lines) + "\n---\n"


def article(examples, i):
    rnd = random.Random(i)
    ex = examples[i % 4 == 3]  # one in four a notice (a4-handout), the rest news (a3-news)
    target = MIN_CHARS + (i * 2654435761 % 1000) * (MAX_CHARS - MIN_CHARS) // 999
    paras = [p for e in examples for p in e["paras"]]
    figures = [f for e in examples for f in e["figures"]]
    heads = [h for e in examples for h in e["heads"]]
    out, chars, nfig = [], 0, 0
    want_figs = rnd.choice([0, 1, 1, 2, 2, 3])
    if ex["note"] and rnd.random() < 0.4 and target > 1500:
        out.append(ex["note"])
    k = rnd.randrange(len(paras))
    n = 0
    while chars < target:
        s = sentences(paras[k % len(paras)])
        rnd.shuffle(s)
        para = "".join(s)
        if chars + len(para) > target and chars > 0:
            cut = para[: target - chars]
            para = cut[: cut.rfind("。") + 1] or cut
        out.append(para)
        chars += len(para)
        n += 1
        k += 1
        if n % 3 == 1 and nfig < want_figs:
            cap, path = figures[rnd.randrange(len(figures))]
            out.append(f"![{cap}]({path})")
            nfig += 1
        if n % 4 == 0 and chars < target:
            out.append("## " + heads[rnd.randrange(len(heads))])
    return front_matter(ex, i, rnd) + "\n" + "\n\n".join(out) + "\n", chars, nfig


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: bench/batchgen.py N OUT_DIR")
    n, out = int(sys.argv[1]), sys.argv[2]
    examples = [read_example(e) for e in EXAMPLES]
    os.makedirs(os.path.join(out, "img"), exist_ok=True)
    src_img = os.path.join(ROOT, "examples", "img")
    for f in sorted(os.listdir(src_img)):
        shutil.copyfile(os.path.join(src_img, f), os.path.join(out, "img", f))
    lens, figs = [], 0
    for i in range(n):
        text, chars, nfig = article(examples, i)
        with open(os.path.join(out, f"a{i + 1:05d}.md"), "w", encoding="utf-8") as f:
            f.write(text)
        lens.append(chars)
        figs += nfig
    lens.sort()
    print(f"{n} articles in {out}: body {lens[0]}/{lens[len(lens) // 2]}/{lens[-1]} characters "
          f"(min/median/max), {figs} photos")


if __name__ == "__main__":
    main()
