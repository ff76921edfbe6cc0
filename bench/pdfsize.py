#!/usr/bin/env python3
"""Split a PDF's size into fonts, images and the rest.

Fonts: font dictionaries, descendant fonts, descriptors, width arrays, ToUnicode
maps and the font programs. Images: image XObjects (with their SMasks). The
rest: pages, content streams, the xref, metadata. Objects are found by their
"N 0 obj" headers (cairo and qpdf write uncompressed object headers unless
object streams are used; objects inside object streams count as the rest).

Usage: bench/pdfsize.py FILE.pdf [...]  -> one line per file"""
import re
import sys

REF = rb"(\d+) 0 R"


def objects(data):
    heads = [(int(m.group(1)), m.start()) for m in re.finditer(rb"(?m)^(\d+) 0 obj\b", data)]
    end = data.rfind(b"xref")
    end = end if end > 0 else len(data)
    out = {}
    for i, (num, start) in enumerate(heads):
        stop = heads[i + 1][1] if i + 1 < len(heads) else end
        out[num] = data[start:stop]
    return out


def dictionary(body):
    """The object's dictionary text (before any stream data)."""
    return body.split(b"stream", 1)[0]


def split(path):
    data = open(path, "rb").read()
    objs = objects(data)
    kind = {}
    for num, body in objs.items():
        d = dictionary(body)
        if re.search(rb"/Subtype\s*/Image\b", d):
            kind[num] = "images"
            for ref in re.findall(rb"/SMask\s+" + REF, d):
                kind[int(ref)] = "images"
    todo = [num for num, body in objs.items()
            if re.search(rb"/Type\s*/(Font|FontDescriptor)\b", dictionary(body))]
    while todo:
        num = todo.pop()
        if kind.get(num) == "fonts" or num not in objs:
            continue
        kind[num] = "fonts"
        d = dictionary(objs[num])
        for key in (rb"/FontFile\d?", rb"/ToUnicode", rb"/FontDescriptor", rb"/W", rb"/CIDSet",
                    rb"/CIDToGIDMap", rb"/Length"):
            todo += [int(r) for r in re.findall(key + rb"\s+" + REF, d)]
        for arr in re.findall(rb"/DescendantFonts\s*\[([^\]]*)\]", d):
            todo += [int(r) for r in re.findall(REF, arr)]
    sizes = {"fonts": 0, "images": 0, "rest": 0}
    for num, body in objs.items():
        sizes[kind.get(num, "rest")] += len(body)
    sizes["rest"] += len(data) - sum(len(b) for b in objs.values())
    sizes["total"] = len(data)
    return sizes


def main():
    for path in sys.argv[1:]:
        s = split(path)
        print(f"{path}: {s['total']} bytes: fonts {s['fonts']}, images {s['images']}, "
              f"rest {s['rest']}")


if __name__ == "__main__":
    main()
