#!/usr/bin/env python3
"""Write the Word files the .docx tests read, with python-docx (Debian
package python3-docx). Usage: mkdocx.py OUT.docx [--photos N]

The article (original text): a title in the Title style, a lead with a bold
and an italic run, heads at two levels (Heading 1, Heading 2, Heading 1), four
photos each followed by its caption in one of the ways Word users write them
(the Caption style, a line starting 图, a centred line, (图…), a table of three
rows with an empty cell, a footer (dropped, listed) and half-width punctuation
in Chinese text (normalized). The photos are small PNGs written here, each of
its own colour and size, so a test can tell them apart by their bytes."""
import struct
import sys
import zlib

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

PHOTO_COLOURS = [(200, 40, 40), (40, 160, 60), (40, 70, 200), (220, 180, 30), (120, 40, 160)]


def png(width, height, rgb):
    """A PNG of one colour."""
    raw = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def photo_path(out, k):
    return f"{out}.photo{k}.png"


def main():
    out = sys.argv[1]
    nphotos = int(sys.argv[sys.argv.index("--photos") + 1]) if "--photos" in sys.argv else 4
    d = docx.Document()
    d.add_paragraph("老街新生：一条巷子的十年", style="Title")
    lead = d.add_paragraph("十年前，这条巷子还是")
    lead.add_run("全城最窄的老街").bold = True
    lead.add_run("，如今却成了年轻人周末的去处。住在巷口的李师傅说:\"变化太大了,")
    lead.add_run("简直认不出来").italic = True
    lead.add_run("。\"")
    d.add_heading("一、老街的来历", level=1)
    d.add_paragraph("老街始建于清代，街面铺着青石板，两旁是木结构的铺面。"
                    "上世纪九十年代，住户陆续搬走，铺面多半关了门。")
    captions = [("图1 改造前的巷口，电线横过街面。", "Caption"),
                ("图2 修缮后的青石板路。", None),
                ("新开的茶馆里坐满了客人。", "center"),
                ("（图4）夜晚的老街，灯笼沿街亮起。", "Caption")]
    for k in range(nphotos):
        if k == 2:
            d.add_heading("巷口的茶馆", level=2)
            d.add_paragraph("茶馆的老板是回乡的年轻人，他把祖屋改成了茶馆，保留了原来的梁柱。")
        d.add_picture(photo_path(out, k), width=Cm(4))
        text, how = captions[k % len(captions)]
        if how == "Caption":
            d.add_paragraph(text, style="Caption")
        elif how == "center":
            d.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            d.add_paragraph(text)
    d.add_heading("二、改造之后", level=1)
    d.add_paragraph("改造之后，老街的客流明显增加。下表是街道办提供的数字。")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("年份", "商户", "客流"), ("2014年", "12家", ""), ("2024年", "86家", "每日三千人")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.add_paragraph("街道办表示，下一步将继续修缮沿街的老房子。")
    d.sections[0].footer.paragraphs[0].text = "城南社区报 第12版"
    d.save(out)


if __name__ == "__main__":
    out = sys.argv[1]
    n = int(sys.argv[sys.argv.index("--photos") + 1]) if "--photos" in sys.argv else 4
    for k in range(n):
        with open(photo_path(out, k), "wb") as f:
            f.write(png(40 + 8 * k, 30 + 4 * k, PHOTO_COLOURS[k % len(PHOTO_COLOURS)]))
    main()
