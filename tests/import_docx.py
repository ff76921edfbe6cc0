#!/usr/bin/env python3
"""Word files (.docx), end to end: import and render.

A .docx made at test time by tests/mkdocx.py (python-docx) with a title,
heads at two levels, a bold and an italic run, four photos with captions
written four ways, a table and a footer is imported: the Markdown must hold
that structure, the photos must be the document's own bytes in
article-img/, --explain must say what each paragraph became and list the
footer as dropped. Rendering the .docx directly must give the same PDF as
rendering the imported Markdown, leave no file behind, and be repeatable.
Bad files (not a zip, no word/document.xml, broken XML, a DOCTYPE, bytes
not in the declared encoding, a zip bomb, a zip cut short) fail with exit 1 and a message naming the file and
what is wrong, leaving no output. Usage: import_docx.py PAIBAN PYTHON_WITH_DOCX."""
import os
import re
import subprocess
import sys
import tempfile
import zipfile

from testlib import check, finish

PAIBAN, PYDOCX = sys.argv[1], sys.argv[2]
MKDOCX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mkdocx.py")


def run(*args, env=None):
    return subprocess.run([PAIBAN, *args], capture_output=True, text=True, env=env)


def files(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder)
                  for d, _, fs in os.walk(folder) for f in fs)


def make(path, *extra):
    subprocess.run([PYDOCX, MKDOCX, path, *extra], check=True)


def import_case(tmp):
    doc = os.path.join(tmp, "article.docx")
    make(doc)
    r = run("import", doc, "--explain")
    check(r.returncode == 0, f"import article.docx exits 0 ({r.stderr.strip()[:200]})")
    md = open(os.path.join(tmp, "article.md"), encoding="utf-8").read()
    front, body = md.split("\n---\n", 1)
    check("title: 老街新生：一条巷子的十年" in front, "the Title style is the title")
    heads = re.findall(r"^(#+) (.*)$", body, re.M)
    check(heads == [("##", "一、老街的来历"), ("###", "巷口的茶馆"), ("##", "二、改造之后")],
          f"three heads at two levels, Heading 1 as ##, Heading 2 as ### ({heads})")
    check("这条巷子还是**全城最窄的老街**，如今" in body, "a bold run is strong")
    check("*简直认不出来*" in body and "**简直" not in body, "an italic run is emphasis")
    check("李师傅说：“变化太大了，" in body,
          "half-width punctuation in Chinese text is normalized as in pasted text")
    figs = re.findall(r"^!\[(.*)\]\((.*)\)$", body, re.M)
    want = [("图1 改造前的巷口，电线横过街面。", "article-img/1.png"),
            ("图2 修缮后的青石板路。", "article-img/2.png"),
            ("新开的茶馆里坐满了客人。", "article-img/3.png"),
            ("（图4）夜晚的老街，灯笼沿街亮起。", "article-img/4.png")]
    check(figs == want, f"four figures in order, each with the caption after it ({figs})")
    check(files(os.path.join(tmp, "article-img")) == ["1.png", "2.png", "3.png", "4.png"],
          "the photos are written to article-img/")
    same = all(open(os.path.join(tmp, "article-img", f"{k + 1}.png"), "rb").read()
               == open(f"{doc}.photo{k}.png", "rb").read() for k in range(4))
    check(same, "each photo file holds the bytes of the photo put in the document, in order")
    order = [m.group(1) for m in re.finditer(r"^(## 一|!\[图1|!\[图2|### |!\[新|!\[（|## 二)", body, re.M)]
    check(order == ["## 一", "![图1", "![图2", "### ", "![新", "![（", "## 二"],
          f"heads and figures keep the document's order ({order})")
    check("| 年份 | 商户 | 客流 |\n| --- | --- | --- |\n| 2014年 | 12家 | — |\n| 2024年 | 86家 | 每日三千人 |"
          in body, "the table is a table in the Markdown, an empty cell as a dash")
    check("第12版" not in md, "the footer is not in the article")
    ex = r.stdout
    check(re.search(r"^ +1  title +老街新生", ex, re.M) is not None, "--explain: the title")
    check(re.search(r"^ +3  head \(outline level 1: ##\) +一、老街的来历", ex, re.M) is not None,
          "--explain: a head and its level")
    check(re.search(r"^ +6  caption \(Caption style\) +图1", ex, re.M) is not None,
          "--explain: a caption and why")
    check(len(re.findall(r"^ +\d+  figure \(word/media/image\d\.png as article-img/\d\.png\)", ex, re.M)) == 4,
          "--explain: four figures and their files")
    check(re.search(r"^ +\d+  row \(table\) +年份", ex, re.M) is not None, "--explain: table rows")
    check(re.search(r"^ +\d+  dropped: word/footer1\.xml +城南社区报 第12版", ex, re.M) is not None,
          "--explain lists the footer as dropped")

    # the Markdown renders; the .docx renders directly to the same PDF
    private = os.path.join(tmp, "private")
    os.mkdir(private)
    env = dict(os.environ, TMPDIR=private)
    a = run("render", os.path.join(tmp, "article.md"), "-o", os.path.join(tmp, "md.pdf"))
    b = run("render", doc, "-o", os.path.join(tmp, "docx.pdf"), env=env)
    c = run("render", doc, "-o", os.path.join(tmp, "docx2.pdf"), env=env)
    check(a.returncode == 0 and b.returncode == 0 and c.returncode == 0,
          f"render of the .md and of the .docx exit 0 ({b.stderr.strip()[-200:]})")
    pdf = open(os.path.join(tmp, "docx.pdf"), "rb").read()
    check(pdf == open(os.path.join(tmp, "md.pdf"), "rb").read(),
          "render article.docx gives the PDF of render article.md")
    check(pdf == open(os.path.join(tmp, "docx2.pdf"), "rb").read(), "render of a .docx is repeatable")
    check(os.listdir(private) == [], "render of a .docx leaves nothing in the temporary folder")
    info = subprocess.run(["pdfinfo", os.path.join(tmp, "docx.pdf")], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    check(pages > 0, f"the PDF has pages ({pages})")
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", os.path.join(tmp, "docx.pdf"), "-"],
                                             capture_output=True, text=True).stdout)
    check(all(s in text for s in ["老街新生：一条巷子的十年", "巷口的茶馆", "修缮后的青石板路",
                                  "每日三千人", "街道办表示"]),
          "the title, a head, a caption, a table cell and the last paragraph are in the PDF")
    pimg = subprocess.run(["pdfimages", "-list", os.path.join(tmp, "docx.pdf")], capture_output=True,
                          text=True).stdout
    check(len(pimg.strip().splitlines()) - 2 == 4, "the PDF holds the four photos")


def bad_cases(tmp):
    doc = os.path.join(tmp, "good.docx")
    make(doc, "--photos", "1")
    src = zipfile.ZipFile(doc)
    parts = {n: src.read(n) for n in src.namelist()}

    def write(name, change, skip=None):
        path = os.path.join(tmp, name)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n, d in parts.items():
                if n != skip:
                    z.writestr(n, change(n, d))
        return path

    cases = []
    p = os.path.join(tmp, "old.docx")  # a Word 97-2003 file renamed
    open(p, "wb").write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)
    cases.append((p, r"a Word 97-2003 document \(\.doc\)"))
    cases.append((write("nodoc.docx", lambda n, d: d, skip="word/document.xml"),
                  "the zip holds no word/document.xml"))
    cases.append((write("broken.docx", lambda n, d: d[:len(d) // 2] if n == "word/document.xml" else d),
                  r"word/document.xml, line \d+: broken XML"))
    cases.append((write("dtd.docx", lambda n, d: d.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY a "a">]>', 1)
                        if n == "word/document.xml" else d), "DOCTYPE"))
    cases.append((write("encoding.docx", lambda n, d: re.sub(rb"encoding=.UTF-8.", b'encoding="EUC-KR"', d, count=1)
                        if n == "word/document.xml" else d), "word/document.xml: broken XML: input conversion failed"))
    cases.append((write("bomb.docx", lambda n, d: d.replace(b"</w:body>", b" " * (20 << 20) + b"</w:body>")
                        if n == "word/document.xml" else d), "would unpack to 20.0 MiB, above the input limit"))
    p = os.path.join(tmp, "cut.docx")
    open(p, "wb").write(open(doc, "rb").read()[:-200])
    cases.append((p, "not a zip archive"))
    check(os.path.getsize(os.path.join(tmp, "bomb.docx")) < 200000, "the zip bomb is small packed")
    for path, msg in cases:
        name = os.path.basename(path)
        stem = name[:-5]
        before = files(tmp)
        r = run("import", path)
        check(r.returncode == 1 and re.search(re.escape(name) + r": error: .*" + msg, r.stderr) is not None,
              f"import {name}: exit 1 naming the file and '{msg}' ({r.returncode}: {r.stderr.strip()[:160]})")
        check(all(line.startswith(path) for line in r.stderr.splitlines()),
              f"import {name}: every message names the file (no library's own output)")
        check(files(tmp) == before and not os.path.exists(os.path.join(tmp, stem + "-img")),
              f"import {name} leaves no file behind")
        r = run("render", path, "-o", os.path.join(tmp, stem + ".pdf"))
        check(r.returncode == 1 and name in r.stderr and files(tmp) == before,
              f"render {name}: exit 1, nothing written")
    # a photo missing from the zip: a warning, the rest imported, its caption kept as text
    doc4 = os.path.join(tmp, "four.docx")
    make(doc4)
    src4 = zipfile.ZipFile(doc4)
    parts4 = {n: src4.read(n) for n in src4.namelist()}
    p = os.path.join(tmp, "nophoto.docx")
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts4.items():
            if n != "word/media/image2.png":
                z.writestr(n, d)
    r = run("import", p)
    md = open(os.path.join(tmp, "nophoto.md"), encoding="utf-8").read() if r.returncode == 0 else ""
    check(r.returncode == 0 and "the photo word/media/image2.png is not in the file" in r.stderr
          and md.count("![") == 3 and "\n图2 修缮后的青石板路。\n" in md,
          f"a photo missing from the zip is warned about, its caption kept as text ({r.stderr.strip()[:160]})")
    # the zip bomb passes once the limit is raised
    r = run("import", os.path.join(tmp, "bomb.docx"), "-o", os.path.join(tmp, "bomb.md"),
            env=dict(os.environ, PAIBAN_MAX_INPUT_MB="64"))
    check(r.returncode == 0, "PAIBAN_MAX_INPUT_MB raises the unpacked size limit")


with tempfile.TemporaryDirectory() as tmp:
    import_case(tmp)
with tempfile.TemporaryDirectory() as tmp:
    bad_cases(tmp)
finish()
