#!/usr/bin/env python3
"""Mutation check of the test suite: does each check catch the bug it names?

Each mutation below is a small edit of src/ (or of a golden file) that plants
one bug an audit once slipped past the suite. For each, in a scratch copy of
the working tree (tracked and untracked files, built once, rebuilt
incrementally), the script applies the edit, rebuilds, runs the tests that
own the check, notes which fail, and restores the file. It prints one line
per mutation, `caught by TESTS` or `NOT CAUGHT`, and exits 1 when one is not
caught (or does not apply, or the unmutated tree fails). Slow (minutes), so
not part of ctest.

Usage, from the repository's root: python3 tests/mutate.py [NAME...]
(no names: every mutation; -k keeps the scratch copy; -v names the first
failing checks of each mutation)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# name, file, the text to find (exactly once), what replaces it, ctest regex
# of the tests that own the check, environment for them
MUTATIONS = [
    ("comma-starts-line", "src/text/cjk.c",
     "    pb_cjk_class ka = pb_cjk_class_of(a), kb = pb_cjk_class_of(b);\n",
     "    pb_cjk_class ka = pb_cjk_class_of(a), kb = pb_cjk_class_of(b);\n"
     "    if (b == 0xFF0C && a != 0xFF0C)\n        return true;\n",
     "^(test_para|e2e)$", {}),
    ("line-set-twice", "src/text/linebreak.c",
     "    p->lines = pb_arena_copy(a, lines->v, lines->n, sizeof *lines->v);\n",
     "    if (lines->n >= 8) { /* line 4 again after itself */\n"
     "        PB_PUSH(*lines, lines->v[lines->n - 1]);\n"
     "        memmove(&lines->v[4], &lines->v[3], (lines->n - 4) * sizeof *lines->v);\n"
     "    }\n"
     "    p->lines = pb_arena_copy(a, lines->v, lines->n, sizeof *lines->v);\n",
     "^(e2e|boards)$", {}),
    ("headline-breaks-inside-words", "src/text/items.c",
     "    g.inword = g.brk && x->words && inside_word(x, a, b);\n",
     "    g.inword = g.brk && x->words && inside_word(x, a, b) && !x->words;\n",
     "^test_words$", {}),
    ("photo-over-text", "src/layout/pagebuild.c",
     "    pb_len x = col_x(b, c0) + (span_w(b, f->span) - f->img_w) / 2, y = pf->y;\n",
     "    pb_len x = col_x(b, c0) + (span_w(b, f->span) - f->img_w) / 2 + b->colw / 2, y = pf->y;\n",
     "^images$", {}),
    ("columns-4-lines-short", "src/layout/pagebuild.c",
     "static pb_len bottom(const builder *b) { return b->ay + b->ah; }\n",
     "static pb_len bottom(const builder *b) { return b->ay + b->ah - 4 * b->t->baseline; }\n",
     "^images$", {}),
    ("glyphs-end-short", "src/text/line.c",
     "            append(p, &b, it, x, (pb_len)lround(x + w), &out, a);\n",
     "            append(p, &b, it, x * 0.995, (pb_len)lround((x + w) * 0.995), &out, a);\n",
     "^e2e$", {}),
    ("20-wrong-glyphs", "src/output/cffsubset.c",
     "    free(from), free(to);\n    return ok;\n",
     "    for (int k = 20; ok && k < 40 && k + 1 < n; k++) /* each shows its neighbour's outline */\n"
     "        data[k] = data[k + 1], lens[k] = lens[k + 1];\n"
     "    free(from), free(to);\n    return ok;\n",
     "^fontsubset$", {}),
    ("exif-3-and-8-ignored", "src/output/image.c",
     "    case 3: cairo_matrix_init(m, -1, 0, 0, -1, iw, ih); break;\n",
     "", "^images$", {}),
    ("golden-difference", "tests/golden/example-a3-news.trace",
     "清晨五点半", "清晨六点半", "^test_golden$", {"PAIBAN_UPDATE_GOLDEN": "0"}),
]
# EXIF 8 goes with EXIF 3 (one mutation, two edits)
EXTRA = {"exif-3-and-8-ignored": ("src/output/image.c",
                                  "    case 8: cairo_matrix_init(m, 0, -1, 1, 0, 0, iw); break;\n", "")}
TARGETS = ["paiban", "mkimages", "test_para", "test_golden"]


def run(cmd, cwd, env=None, quiet=True):
    r = subprocess.run(cmd, cwd=cwd, env=dict(os.environ, **(env or {})), text=True,
                       stdout=subprocess.PIPE if quiet else None, stderr=subprocess.STDOUT if quiet else None)
    return r.returncode, r.stdout or ""


def failing(tree, regex, env):
    """The tests matching regex that fail in tree's build (None: none ran)."""
    rc, out = run(["nice", "ctest", "--test-dir", "build", "-R", regex, "-j2", "--output-on-failure"], tree, env)
    if "No tests were found" in out:
        return None
    return [l.split(" - ", 1)[1].rsplit(" (", 1)[0] for l in out.splitlines() if re.match(r"\s+\d+ - ", l)]


def first_failures(tree, regex, env, n=2):
    """The first checks that fail (their FAIL lines or CHECK messages), shortened."""
    out = run(["nice", "ctest", "--test-dir", "build", "-R", regex, "-j1", "--output-on-failure"], tree, env)[1]
    lines = [l for l in out.splitlines() if l.startswith("FAIL ") and not l.startswith("FAIL test_")
             or "CHECK(" in l or "differs at line" in l]
    return ["; ".join(l.strip()[:110] for l in lines[:n])]


def edit(path, old, new):
    text = open(path, encoding="utf-8").read()
    if text.count(old) != 1:
        return False
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new))
    return True


def main():
    keep, verbose = "-k" in sys.argv, "-v" in sys.argv
    names = [a for a in sys.argv[1:] if a not in ("-k", "-v")]
    chosen = [m for m in MUTATIONS if not names or m[0] in names]
    tree = tempfile.mkdtemp(prefix="paiban-mutate-")
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           capture_output=True, check=True).stdout.split(b"\0")
    for f in filter(None, files):
        f = f.decode()
        if os.path.isfile(f):
            os.makedirs(os.path.join(tree, os.path.dirname(f)), exist_ok=True)
            shutil.copy2(f, os.path.join(tree, f))
    bad = 0
    try:
        rc, out = run(["nice", "cmake", "-S", ".", "-B", "build", "-DCMAKE_BUILD_TYPE=Release"], tree)
        rc = rc or run(["nice", "cmake", "--build", "build", "-j2", "--target", *TARGETS], tree)[0]
        if rc:
            print(f"the scratch copy in {tree} does not build")
            return 1
        # every test passes on the unmutated tree first (each mutation's build
        # below also rebuilds what the one before changed back)
        baseline = {regex: failing(tree, regex, {}) for _, _, _, _, regex, _ in chosen}
        for name, path, old, new, regex, env in chosen:
            if baseline[regex] != []:
                print(f"{name:24} the unmutated tree fails {regex} ({baseline[regex]}): no baseline")
                bad += 1
                continue
            edits = [(path, old, new)] + ([EXTRA[name]] if name in EXTRA else [])
            saved = {p: open(os.path.join(tree, p), encoding="utf-8").read() for p, _, _ in edits}
            try:
                if not all(edit(os.path.join(tree, p), o, n) for p, o, n in edits):
                    print(f"{name:24} NOT APPLIED (the text to change is not in {path} once)")
                    bad += 1
                    continue
                if run(["nice", "cmake", "--build", "build", "-j2", "--target", *TARGETS], tree)[0]:
                    print(f"{name:24} does not build")
                    bad += 1
                    continue
                caught = failing(tree, regex, env)
                why = f" [{first_failures(tree, regex, env)[0]}]" if caught and verbose else ""
                print(f"{name:24} " + (f"caught by {', '.join(caught)}{why}" if caught else "NOT CAUGHT"),
                      flush=True)
                bad += not caught
            finally:
                for p, text in saved.items():
                    with open(os.path.join(tree, p), "w", encoding="utf-8") as f:
                        f.write(text)
    finally:
        if keep:
            print(f"scratch copy kept in {tree}")
        else:
            shutil.rmtree(tree, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
