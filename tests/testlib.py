"""What the end-to-end test scripts share: ok/FAIL lines, the exit status,
counting Han characters and reading pixels back from a PDF with pdftoppm.
Importing it checks the tools they run and enters the source tree."""
import os
import re
import shutil
import subprocess
import sys

_failures = 0

# The tools the scripts run, by Debian package: a missing one fails the test
# by name rather than skipping what it checks.
TOOLS = {"pdftotext": "poppler-utils", "pdfinfo": "poppler-utils", "pdffonts": "poppler-utils",
         "pdfimages": "poppler-utils", "pdftoppm": "poppler-utils", "qpdf": "qpdf"}
_missing = [f"{t} (Debian package {p})" for t, p in TOOLS.items() if not shutil.which(t)]
if _missing:
    sys.exit("FAIL the tests need " + ", ".join(_missing) + ": see scripts/install-deps")

# The scripts name examples/, layouts/ and tests/ files relative to the source
# tree: PAIBAN_DATADIR (ctest sets it), else the tree this file is in. They
# run there wherever they are started, once their arguments are made absolute.
ROOT = os.environ.get("PAIBAN_DATADIR") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.argv[1:] = [os.path.abspath(a) if os.path.exists(a) else a for a in sys.argv[1:]]
os.chdir(ROOT)


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
