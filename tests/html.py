"""Saved web pages and formats by content: tests/html/wechat.html (a
WeChat article: #js_content, data-src photos, share/QR/阅读原文/赞/在看 furniture)
and tests/html/gov-news.html (a government news page in GB 2312: breadcrumb,
发布时间/来源/浏览次数, 字号 大 中 小, 打印本页 关闭窗口, 上一篇/下一篇, photos
in a gov-news_files folder) import to their title, date, byline, body, heads and
figures, the furniture listed as dropped by --explain; an .mhtml (made here from
the WeChat page, its photos inside) imports with its photos written beside the
Markdown and renders without leaving a file; a page, Markdown, pasted text or
a Word file under the wrong name is read as what it is, --from forces it; bad
pages fail with a message naming the file and leave nothing.
Usage: html.py PAIBAN MKIMAGES"""
import base64
import os
import quopri
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from testlib import check, finish

PAIBAN, MKIMAGES = sys.argv[1], sys.argv[2]
SRC = "tests/html"


def run(*args, cwd=None):
    r = subprocess.run([PAIBAN, *args], capture_output=True, text=True, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


def front(md):
    """The front matter of a Markdown article as a dict of its scalar keys."""
    m = re.match(r"---\n(.*?)\n---\n", md, re.S)
    out = {}
    for line in (m.group(1).splitlines() if m else []):
        k, _, v = line.partition(": ")
        if v and not line.startswith(" "):
            out[k] = v
    return out


def figures(md):
    return re.findall(r"^!\[(.*)\]\((.*?)\)$", md, re.M)


def explain_roles(text):
    """{first characters of the line: role} from --explain."""
    out = {}
    for line in text.splitlines()[1:]:
        m = re.match(r"\s*\d+  (.{32}) (.*)", line)
        if m:
            out[m.group(2)] = m.group(1).strip()
    return out


def dropped(roles, start):
    return any(k.startswith(start) and v.startswith("dropped") for k, v in roles.items())


tmp = tempfile.mkdtemp(prefix="paiban-html-")
try:
    subprocess.run([MKIMAGES, tmp], check=True, capture_output=True)
    photo = os.path.join(tmp, "photo.jpg")
    lowres = os.path.join(tmp, "lowres.jpg")

    # ---- the WeChat page, its photos where a browser saves them ----
    wd = os.path.join(tmp, "wechat")
    os.makedirs(os.path.join(wd, "wechat_files"))
    shutil.copy(os.path.join(SRC, "wechat.html"), wd)
    for name in ("640.jpeg", "641.jpeg", "642.jpeg"):
        shutil.copy(photo, os.path.join(wd, "wechat_files", name))
    st, out, err = run("import", "wechat.html", "--explain", cwd=wd)
    check(st == 0, f"wechat.html imports (status {st}: {err.strip()[:200]})")
    md = open(os.path.join(wd, "wechat.md"), encoding="utf-8").read()
    fm = front(md)
    check(fm.get("title") == "山间邮路二十年：一位乡村邮递员的日常", f"wechat: title from the page: {fm.get('title')}")
    check(fm.get("date") == "2026-04-12 07:45", f"wechat: date from #publish_time: {fm.get('date')}")
    check(fm.get("byline") == "林晓禾", f"wechat: byline from og:article:author: {fm.get('byline')}")
    check(fm.get("source") == "青川融媒", f"wechat: source from #js_name: {fm.get('source')}")
    check("  - 编辑：唐小雨" in md and "  - 审核：何川" in md, "wechat: the credits at the end")
    heads = re.findall(r"^## (.*)$", md, re.M)
    check(heads == ["一条路，串起七个村", "从送信到“带货”"], f"wechat: bold paragraphs are heads: {heads}")
    figs = figures(md)
    check([f[1] for f in figs] == ["wechat_files/640.jpeg", "wechat_files/641.jpeg", "wechat_files/642.jpeg"],
          f"wechat: data-src photos found in wechat_files/: {[f[1] for f in figs]}")
    check([f[0] for f in figs] == ["▲清晨六点，老周把当天的邮件装上摩托车。", "▲老周在半山腰的农户家门口递送包裹。", ""],
          f"wechat: captions; a plain paragraph after a photo is not one: {[f[0] for f in figs]}")
    paras = [p.strip() for p in md.split("---\n", 2)[2].split("\n\n")]
    paras = [p for p in paras if p and not p.startswith(("#", "!"))]
    check(len(paras) == 8, f"wechat: 8 body paragraphs ({len(paras)})")
    check(paras[0].startswith("每天清晨六点") and paras[-1].startswith("今年春天"), "wechat: body from first to last paragraph")
    for furniture in ("阅读原文", "在看", "赞", "分享", "微信扫一扫", "关注该公众号", "写留言", "老周辛苦了", "原创"):
        check(furniture not in md.split("---\n", 2)[2], f"wechat: {furniture} not in the article")
    roles = explain_roles(out)
    for start in ("阅读原文", "阅读 3021", "赞 在看 分享", "微信扫一扫", "关注该公众号", "写留言"):
        check(dropped(roles, start), f"wechat: --explain lists {start} as dropped")
    # the post's head line ([原创] author account date) is its meta, not furniture
    head = md.split("---\n", 2)[1]
    check("byline: 林晓禾" in head and "source: 青川融媒" in head and "date: 2026-04-12" in head,
          f"wechat: the head line gives byline, source and date ({head!r})")
    check(roles.get("“以前是我把外面的消息带进来，现在是把山里的好东西带出去。”…", "").startswith("body"),
          "wechat: --explain says the paragraph after the third photo stays body")
    check(out.startswith("wechat.html: HTML page UTF-8") and "body #js_content" in out,
          "wechat: --explain names the charset and where the body was found")
    check("warning" not in err, f"wechat: no warning with every photo there ({err.strip()[:200]})")
    # the same page renders, its photos on the page
    st, _, err = run("render", "wechat.html", "-o", "w.pdf", cwd=wd)
    check(st == 0, f"wechat.html renders ({err.strip()[:200]})")
    imgs = subprocess.run(["pdfimages", "-list", os.path.join(wd, "w.pdf")], capture_output=True, text=True).stdout
    check(len(imgs.splitlines()) - 2 == 3, "wechat: the 3 photos on the page")

    # ---- the government page: GB 2312, a _files folder, one photo missing ----
    gd = os.path.join(tmp, "gov")
    os.makedirs(os.path.join(gd, "gov-news_files"))
    os.makedirs(os.path.join(gd, "out"))
    shutil.copy(os.path.join(SRC, "gov-news.html"), gd)
    shutil.copy(photo, os.path.join(gd, "gov-news_files", "W020260309412.jpg"))
    shutil.copy(lowres, os.path.join(gd, "gov-news_files", "W020260309413.jpg"))
    st, out, err = run("import", "gov-news.html", "-o", "out/gov.md", "--explain", cwd=gd)
    check(st == 0, f"gov-news.html imports (status {st}: {err.strip()[:200]})")
    md = open(os.path.join(gd, "out", "gov.md"), encoding="utf-8").read()
    fm = front(md)
    check(fm.get("title") == "望川县举办2026年春季农民工专场招聘会", f"gov: title from <h1>: {fm.get('title')}")
    check(fm.get("date") == "2026-03-09 16:20", f"gov: date from the 发布时间 line: {fm.get('date')}")
    check(fm.get("source") == "县人力资源和社会保障局", f"gov: source: {fm.get('source')}")
    check(fm.get("byline") == "记者 周岚 通讯员 许文博", f"gov: byline: {fm.get('byline')}")
    check("  - 责任编辑：韩雪" in md, "gov: the editor's credit after the body")
    heads = re.findall(r"^## (.*)$", md, re.M)
    check(heads == ["一、岗位数量多、类型全", "二、线上线下同步对接"], f"gov: numbered bold heads: {heads}")
    figs = figures(md)
    check([f[1] for f in figs] == ["../gov-news_files/W020260309412.jpg", "../gov-news_files/W020260309413.jpg",
                                   "../gov-news_files/W020260309414.jpg"],
          f"gov: photos from gov-news_files/, relative to the Markdown: {[f[1] for f in figs]}")
    check([f[0] for f in figs] == ["招聘会现场，求职者在展位前咨询岗位信息。", "工作人员为返乡人员讲解技能培训补贴政策。",
                                   "志愿者帮助老年求职者填写求职登记表。"], "gov: the centred captions")
    check("photo 3 (gov-news_files/W020260309414.jpg) is not in the page's folder" in err,
          f"gov: the missing photo is a warning ({err.strip()[:200]})")
    body = md.split("---\n", 2)[2]
    check(body.count("\n\n") >= 8 and "3月8日上午" in body and "据统计" in body, "gov: the body paragraphs")
    for furniture in ("当前位置", "浏览次数", "字号", "打印本页", "关闭窗口", "上一篇", "下一篇", "主办单位", "走进望川"):
        check(furniture not in md, f"gov: {furniture} not in the article")
    roles = explain_roles(out)
    for start in ("当前位置", "字号：大 中 小", "【打印本页】", "上一篇", "下一篇", "主办单位", "走进望川"):
        check(dropped(roles, start), f"gov: --explain lists {start} as dropped")
    check("GB18030 (the page's charset)" in out, "gov: --explain names the page's charset")

    # ---- <article>, <h2>/<h3>, <figure>, meta tags, a comment section ----
    ad = os.path.join(tmp, "article")
    os.makedirs(os.path.join(ad, "pics"))
    shutil.copy(photo, os.path.join(ad, "pics", "bridge.jpg"))
    with open(os.path.join(ad, "story.htm"), "w", encoding="utf-8") as f:
        f.write("""<!doctype html><html lang="zh"><head><meta charset="utf-8">
<meta property="og:title" content="古桥修缮记">
<meta property="article:published_time" content="2026-05-18T08:30:00+08:00">
<meta name="author" content="沈知秋">
<title>古桥修缮记 | 望川晚报</title></head><body>
<header><a href="/">望川晚报</a> <a href="/news">新闻</a> <a href="/culture">文化</a></header>
<article><h1>古桥修缮记</h1>
<p>城南的永安桥建于清代，是一座三孔石拱桥。去年夏天的一场大水之后，桥面出现了几道裂缝。</p>
<h2>先查病因</h2>
<p>文物部门请来了修缮团队，他们先用三个月时间给古桥做了一次全面“体检”，记录下每一块石头的位置。</p>
<h3>一块一块编号</h3>
<p>拆下的石料都编了号，能用的原样放回，碎裂的才用同一山场的石材补配。</p>
<figure><img src="pics/bridge.jpg" alt=""><figcaption>修缮后的永安桥。</figcaption></figure>
<h2>再请老匠人</h2>
<p>砌筑用的是传统的糯米灰浆，七十岁的老石匠每天都到工地上看一看。</p>
</article>
<section class="comments"><h3>网友评论</h3><p>小时候天天从这座桥上走过，修好了真好，一定要去看看。</p></section>
<footer>望川晚报版权所有，未经授权不得转载。</footer>
</body></html>""")
    st, out, err = run("import", "story.htm", "-o", "-", cwd=ad)
    fm = front(out)
    check(st == 0 and fm.get("title") == "古桥修缮记" and fm.get("date") == "2026-05-18 08:30"
          and fm.get("byline") == "沈知秋", f"article page: title, date and author from meta tags: {fm}")
    check(re.findall(r"^(#+) (.*)$", out, re.M) == [("##", "先查病因"), ("###", "一块一块编号"), ("##", "再请老匠人")],
          f"article page: <h2>/<h3> heads at their levels: {re.findall(r'^#+ .*$', out, re.M)}")
    check(figures(out) == [("修缮后的永安桥。", "pics/bridge.jpg")], f"article page: figure with its figcaption: {figures(out)}")
    check("网友评论" not in out and "小时候" not in out and "版权所有" not in out and "望川晚报" not in out,
          "article page: comments, header and footer left out")

    # ---- a notice: text in a <div> with <br>, its title the heading opening the body ----
    st, out, err = run("import", os.path.abspath(os.path.join(SRC, "notice.html")), "-o", "-", cwd=tmp)
    check(st == 0 and front(out).get("title") == "关于开展春季植树活动的通知", f"notice: the title: {front(out)}")
    paras = [p for p in out.split("---\n", 2)[2].split("\n\n") if p.strip()]
    check([p.strip()[:6] for p in paras] == ["各社区、各单", "为改善城区生", "活动当天请自", "特此通知。"],
          f"notice: one paragraph per <br> run: {[p.strip()[:6] for p in paras]}")
    check("首页" not in out and "最新通知" not in out and "版权所有" not in out, "notice: menus and footer left out")

    # ---- .mhtml: the WeChat page with its photos inside ----
    page = open(os.path.join(SRC, "wechat.html"), "rb").read()
    jpeg = open(photo, "rb").read()
    parts = [b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://mp.weixin.qq.com/s/abc\r\n"
             b"Subject: =?utf-8?Q?test?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n"
             b"\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--x1y2z3----\"\r\n\r\n\r\n",
             b"------MultipartBoundary--x1y2z3----\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
             b"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: https://mp.weixin.qq.com/s/abc\r\n\r\n"
             + quopri.encodestring(page).replace(b"\n", b"\r\n") + b"\r\n"]
    for n in (640, 641, 642):
        parts.append(b"------MultipartBoundary--x1y2z3----\r\nContent-Type: image/jpeg\r\n"
                     b"Content-Transfer-Encoding: base64\r\nContent-Location: https://mmbiz.qpic.cn/mmbiz_jpg/Xq7bLm2/"
                     + str(n).encode() + b"?wx_fmt=jpeg\r\n\r\n" + base64.encodebytes(jpeg).replace(b"\n", b"\r\n"))
    parts.append(b"------MultipartBoundary--x1y2z3------\r\n")
    md_dir = os.path.join(tmp, "mhtml")
    os.makedirs(md_dir)
    with open(os.path.join(md_dir, "post.mhtml"), "wb") as f:
        f.write(b"".join(parts))
    st, out, err = run("import", "post.mhtml", "--explain", cwd=md_dir)
    check(st == 0, f"post.mhtml imports ({err.strip()[:200]})")
    md = open(os.path.join(md_dir, "post.md"), encoding="utf-8").read()
    check(front(md).get("title") == "山间邮路二十年：一位乡村邮递员的日常", "mhtml: the title")
    check([f[1] for f in figures(md)] == ["post-img/1.jpg", "post-img/2.jpg", "post-img/3.jpg"],
          f"mhtml: photos written beside the Markdown: {[f[1] for f in figures(md)]}")
    check(all(open(os.path.join(md_dir, "post-img", f"{k}.jpg"), "rb").read() == jpeg for k in (1, 2, 3)),
          "mhtml: the photos byte for byte, decoded from base64")
    check("MHTML page" in out, "mhtml: --explain says what was read")
    before = sorted(os.listdir(md_dir))
    st, _, err = run("render", "post.mhtml", "-o", "post.pdf", cwd=md_dir)
    check(st == 0, f"post.mhtml renders ({err.strip()[:200]})")
    imgs = subprocess.run(["pdfimages", "-list", os.path.join(md_dir, "post.pdf")], capture_output=True, text=True).stdout
    check(len(imgs.splitlines()) - 2 >= 1, "mhtml: its photos reach the page")
    check(sorted(os.listdir(md_dir)) == sorted(before + ["post.pdf"]), f"mhtml: render leaves no other file: {os.listdir(md_dir)}")
    # a relative src is resolved against the page's Content-Location
    rel = ("<html><head><meta charset='utf-8'><title>河畔新绿 - 某某网</title></head><body><article><p>"
           "春分过后，河畔的柳树一夜之间绿了，晨练的人们沿着步道慢慢走着。</p><p><img src='../img/willow.jpg'></p>"
           "<p style='text-align:center'>河畔的柳树。</p><p>到了周末，来河边放风筝的孩子也多了起来，笑声传得很远。</p>"
           "</article></body></html>").encode()
    with open(os.path.join(md_dir, "rel.mhtml"), "wb") as f:
        f.write(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"QQ\"\r\n\r\n"
                b"--QQ\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
                b"Content-Location: https://news.example.invalid/a/2026/page.html\r\n\r\n" + quopri.encodestring(rel)
                + b"\r\n--QQ\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n"
                b"Content-Location: https://news.example.invalid/a/img/willow.jpg\r\n\r\n" + base64.encodebytes(jpeg)
                + b"--QQ--\r\n")
    st, out, err = run("import", "rel.mhtml", "-o", "-", cwd=md_dir)
    check(st == 0 and "![河畔的柳树。](rel-img/1.jpg)" in out and "title: 河畔新绿" in out,
          f"mhtml: a relative src found by the page's location, the title less the site's name ({err.strip()[:200]})")
    shutil.rmtree(os.path.join(md_dir, "post-img"))
    st, out, err = run("import", "post.mhtml", "-o", "-", cwd=md_dir)
    check(st == 0 and "](post-img/1.jpg)" in out and sorted(os.listdir(os.path.join(md_dir, "post-img"))) == ["1.jpg", "2.jpg", "3.jpg"],
          f"mhtml: -o - writes the photos beside the page, no temporary file left ({err.strip()[:100]})")
    st, _, err = run("import", "post.mhtml", "-o", "again.md", "--images", "nowhere", cwd=md_dir)
    check(st == 1 and not os.path.exists(os.path.join(md_dir, "again.md"))
          and not os.path.exists(os.path.join(md_dir, "again-img")),
          "mhtml: a failed import leaves neither the Markdown nor its photos")

    # ---- formats by content ----
    fd = os.path.join(tmp, "formats")
    os.makedirs(fd)
    shutil.copy(os.path.join(SRC, "wechat.html"), os.path.join(fd, "page.txt"))
    st, _, err = run("import", "page.txt", "-o", "-", cwd=fd)
    check(st == 0 and "page.txt: note: read as html, not txt" in err, f"a page saved as .txt is read as HTML ({err.strip()[:200]})")
    shutil.copy(os.path.join(SRC, "wechat.html"), os.path.join(fd, "page.md"))
    st, out, err = run("import", "page.md", "-o", "page-out.md", cwd=fd)
    check(st == 0 and "read as html, not md" in err, "a page saved as .md is read as HTML")
    shutil.copy("examples/qingshui-river.md", os.path.join(fd, "article.txt"))
    st, out, err = run("import", "article.txt", "-o", "-", cwd=fd)
    check(st == 0 and "read as md, not txt: it opens with front matter" in err and "title: 清水河" in out,
          f"Markdown saved as .txt is read as Markdown ({err.strip()[:200]})")
    with open(os.path.join(fd, "heads.txt"), "w", encoding="utf-8") as f:
        f.write("# 小标题一\n\n正文一段。\n\n# 小标题二\n\n正文又一段。\n")
    st, out, err = run("import", "heads.txt", "-o", "-", cwd=fd)
    check(st == 0 and "it has Markdown # heads" in err and "# 小标题一" in out, "a .txt with # heads is Markdown")
    shutil.copy("tests/import/news-simplified.txt", os.path.join(fd, "pasted.md"))
    st, out, err = run("import", "pasted.md", "-o", "pasted-out.md", cwd=fd)
    check(st == 0 and "read as txt, not md: no Markdown, and web page furniture" in err,
          f"pasted web text saved as .md is imported ({err.strip()[:200]})")
    st, out, err = run("render", "pasted.md", "-o", "pasted.pdf", cwd=fd)
    check(st == 0 and "read as txt, not md" in err, "render reads it as pasted text too")
    with zipfile.ZipFile(os.path.join(fd, "report.txt"), "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    st, _, err = run("import", "report.txt", cwd=fd)
    check(st == 1 and "read as docx, not txt" in err and "report.txt: error: not a Word document" in err
          and not os.path.exists(os.path.join(fd, "report.md")), f"a Word file named .txt is recognised ({err.strip()[:200]})")
    shutil.copy("tests/import/news-simplified.txt", os.path.join(fd, "notes.docx"))
    st, _, err = run("import", "notes.docx", "-o", "notes.md", cwd=fd)
    check(st == 0 and "read as txt, not docx: the content is text" in err
          and os.path.exists(os.path.join(fd, "notes.md")), f"pasted text named .docx is imported as text ({err.strip()[:200]})")
    page16 = "<html><body><article><p>清晨六点，卷帘门拉起，一天的邮件分好类。</p></article></body></html>"
    with open(os.path.join(fd, "u16.html"), "wb") as f:
        f.write(b"\xff\xfe" + page16.encode("utf-16-le"))
    st, out, err = run("import", "u16.html", "-o", "-", cwd=fd)
    check(st == 0 and "清晨六点，卷帘门拉起" in out and "read as" not in err, f"a page in UTF-16 named .html ({err.strip()[:200]})")
    big5 = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=big5'><title>光影敘事 - 新聞網</title></head>"
            "<body><div id='main'><h1>光影敘事</h1><p>展覽今天開幕，展出三十幅攝影作品，記錄城市的變遷與人們的日常。</p>"
            "<p><b>老街</b> <b>記憶</b></p><p>第一展區以老街為主題，照片中的騎樓與招牌，如今都已不復存在。</p></div></body></html>")
    with open(os.path.join(fd, "big5.html"), "wb") as f:
        f.write(big5.encode("big5"))
    st, out, err = run("import", "big5.html", "-o", "-", cwd=fd)
    check(st == 0 and "title: 光影敘事" in out and "lang: zh-Hant" in out and "城市的變遷與人們的日常" in out
          and "## 老街 記憶" in out, f"a Big5 page, its bold words a head ({err.strip()[:200]})")
    # --from forces
    st, out, err = run("import", "article.txt", "--from", "txt", "-o", "-", cwd=fd)
    check(st == 0 and "read as" not in err and "kicker: “美丽河湖" not in out, "--from txt reads Markdown as pasted text")
    st, out, err = run("import", "pasted.md", "--from", "md", "-o", "forced.md", cwd=fd)
    check(st == 0 and "read as" not in err, "--from md keeps a .md Markdown")
    st, out, err = run("render", "page.txt", "--from", "html", "-o", "p.pdf", cwd=fd)
    check(st == 0 and "read as" not in err, f"render --from html ({err.strip()[:200]})")
    st, _, err = run("import", "page.txt", "--from", "pdf", cwd=fd)
    check(st == 2 and "--from needs txt, md, docx, html or mhtml" in err, "--from pdf is a usage error")
    st, _, err = run("render", "page.txt", "--from", cwd=fd)
    check(st == 2, "--from without a format is a usage error")

    # ---- bad pages: exit 1, the file named, nothing written ----
    bd = os.path.join(tmp, "bad")
    os.makedirs(bd)
    cases = {"empty.html": (b"", r"empty\.html: error: empty file"),
             "binary.html": (b"<html>\x00\x01\x02\xff", r"binary\.html: error: not a text file \(NUL byte at offset 6\)"),
             "menu.html": ("<html><body><nav><a href='/'>首页</a><a href='/a'>新闻</a></nav><div class='footer'>版权所有</div></body></html>".encode(),
                           r"menu\.html: error: no article body found in the page"),
             "nobody.mhtml": (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\nxx\r\n--b--\r\n",
                              r"nobody\.mhtml: error: not a web page saved as \.mhtml: it holds no text/html part")}
    for name, (data, pattern) in cases.items():
        with open(os.path.join(bd, name), "wb") as f:
            f.write(data)
        for cmd in ("import", "render"):
            st, _, err = run(cmd, name, "-o", "out." + ("md" if cmd == "import" else "pdf"), cwd=bd)
            check(st == 1 and re.search(pattern, err), f"{cmd} {name}: status {st}, {err.strip()[:160]}")
        check(sorted(os.listdir(bd)) == sorted(list(cases)[:list(cases).index(name) + 1]), f"{name}: no output left")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
finish()
