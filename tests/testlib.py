"""What the end-to-end test scripts share: ok/FAIL lines, the exit status,
counting Han characters and reading pixels back from a PDF with pdftoppm."""
import re
import subprocess
import sys

_failures = 0


def check(cond, what):
    """Print ok/FAIL for one assertion and count failures."""
    global _failures
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        _failures += 1


def finish():
    """Exit 1 when any check failed."""
    sys.exit(1 if _failures else 0)


def han(text):
    """The Han characters of text, sorted (compare with collections or counts)."""
    return sorted(c for c in text if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")


def ppm(pdf, page, dpi):
    """Page `page` of pdf rendered by pdftoppm: (width, height, RGB bytes)."""
    out = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), pdf],
                         capture_output=True).stdout
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", out)
    return int(m.group(1)), int(m.group(2)), out[m.end():]


def pixel(pdf, page, x, y, dpi=36):
    """RGB of the point (x, y), in points from the page's top left."""
    w, _, data = ppm(pdf, page, dpi)
    i = (int(y * dpi / 72) * w + int(x * dpi / 72)) * 3
    return tuple(data[i:i + 3])
