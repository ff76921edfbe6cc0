#!/usr/bin/env python3
"""Write a paiban article (.md with front matter) as an equivalent Typst
document, for bench/run.sh: the same text, photos, faces and sizes as the
a3-news layout (A3, four columns of 17 characters, 五号 Noto Serif CJK SC body
on 15 pt lines, Noto Sans CJK SC heads, LXGW WenKai captions and note box,
running head with the page number).

Usage: bench/typst.py ARTICLE.md OUT_DIR
Writes OUT_DIR/main.typ; the photos are linked next to it (OUT_DIR/img/...)."""
import os
import re
import sys


def front_matter(text):
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not m:
        return {}, text
    meta, key = {}, None
    for line in m.group(1).splitlines():
        item = re.match(r"\s+-\s+(.*)", line)
        if item and key:
            meta.setdefault(key, []).append(item.group(1).strip())
            continue
        kv = re.match(r"(\w+):\s*(.*)", line)
        if kv:
            key, value = kv.group(1), kv.group(2).strip()
            if value.startswith("[") and value.endswith("]"):
                meta[key] = [v.strip() for v in value[1:-1].split(",") if v.strip()]
            elif value:
                meta[key] = value.strip("\"'")
    return meta, text[m.end():]


def esc(s):
    """Typst markup escapes for plain text."""
    return re.sub(r"([\\#*_`$<>@\[\]~/=+-])", r"\\\1", s)


def inline(s):
    s = esc(s)
    return re.sub(r"\\\*\\\*(.+?)\\\*\\\*", r"#strong[\1]", s)


def figure(alt, path, title, src_dir, out_dir):
    span = 2
    m = re.search(r"span=(\d)", title or "")
    if m:
        span = int(m.group(1))
    src = os.path.normpath(os.path.join(src_dir, path))
    dst = os.path.join(out_dir, "img", os.path.basename(path))
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if not os.path.exists(dst):
        os.symlink(os.path.abspath(src), dst)
    width = "100%" if span == 1 else "100%"
    scope = "column" if span == 1 else "parent"
    return (f'#place(top, float: true, scope: "{scope}", clearance: 8pt)[\n'
            f'  #block(width: {width})[#image("img/{os.path.basename(path)}", width: {"100%" if span == 1 else "50%"})\n'
            f'  #text(font: "LXGW WenKai", size: 9pt, fill: rgb("#333333"))[{inline(alt)}]]]\n')


def body(md, src_dir, out_dir):
    out = []
    for block in re.split(r"\n\s*\n", md.strip()):
        block = block.strip()
        if not block:
            continue
        img = re.fullmatch(r'!\[(.*?)\]\((\S+?)(?:\s+"(.*?)")?\)', block)
        if img:
            out.append(figure(img.group(1), img.group(2), img.group(3), src_dir, out_dir))
        elif block.startswith("## "):
            out.append(f"#heading(level: 2)[{inline(block[3:])}]\n")
        elif block.startswith(">"):
            text = " ".join(l.lstrip("> ").strip() for l in block.splitlines())
            out.append('#block(fill: rgb("#eef1f5"), stroke: 0.5pt + rgb("#9aa5b1"), inset: 6pt, '
                       'width: 100%)[#set text(font: "LXGW WenKai", size: 10pt)\n'
                       f'{inline(text)}]\n')
        elif block == "---":
            out.append("#colbreak()\n")
        else:
            out.append(inline("".join(l.strip() for l in block.splitlines())) + "\n")
    return "\n".join(out)


def main():
    src, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    meta, md = front_matter(open(src, encoding="utf-8").read())
    kicker, title = meta.get("kicker", ""), meta.get("title", "")
    sub = meta.get("subtitle", "")
    line = "　".join(x for x in (meta.get("date", ""), meta.get("byline", ""),
                                meta.get("source", "")) if x)
    credits = "　".join(meta.get("credits", []))
    doc = f"""#set page(paper: "a3", margin: (top: 20mm, bottom: 19mm, x: 15.15mm), columns: 4,
  header: context [#set text(font: "Noto Sans CJK SC", size: 8pt, fill: rgb("#333333"))
    {esc(kicker)} #h(1fr) {esc(meta.get("date", ""))}　第#counter(page).display()版
    #v(-6pt) #line(length: 100%, stroke: 0.5pt)])
#set columns(gutter: 14pt)
#set text(font: "Noto Serif CJK SC", size: 10.5pt, lang: "zh", region: "cn", top-edge: 0.8em, bottom-edge: -0.2em)
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 4.5pt, spacing: 4.5pt)
#show heading: it => block(above: 15pt, below: 4.5pt)[#set text(font: "Noto Sans CJK SC", weight: "bold", size: 12.6pt)
  #it.body]
#place(top, float: true, scope: "parent", clearance: 12pt)[
  #set align(center)
  #text(font: "Noto Sans CJK SC", size: 16pt)[{esc(kicker)}]
  #v(3pt)
  #text(font: "Noto Sans CJK SC", size: 36pt, weight: "bold")[{esc(title)}]
  {f'#v(3pt) #text(font: "Noto Sans CJK SC", size: 16pt)[{esc(sub)}]' if sub else ""}
  #v(6pt) #line(length: 100%, stroke: 0.3pt + rgb("#888888"))
  #text(font: "Noto Sans CJK SC", size: 9pt, fill: rgb("#444444"))[{esc(line)}]
  #line(length: 100%, stroke: 0.8pt)
]
{body(md, os.path.dirname(src), out_dir)}
#align(right)[#text(font: "Noto Sans CJK SC", size: 9pt)[{esc(credits)}]]
"""
    with open(os.path.join(out_dir, "main.typ"), "w", encoding="utf-8") as f:
        f.write(doc)


if __name__ == "__main__":
    main()
