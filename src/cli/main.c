/* paiban: the command line. Parses arguments, calls the library, prints its
 * diagnostics and turns them into an exit status: 0 success, 1 bad input,
 * 2 bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/memory.h"
#include "base/outfile.h"
#include "batch.h"
#include "input/encoding.h"
#include "input/format.h"
#include "paiban.h"

static const char USAGE[] =
    "usage: paiban render INPUT.md|.txt|.html|.mhtml [-l LAYOUT] [-o OUT.pdf] [--trace FILE]\n"
    "       paiban import INPUT.txt|.html|.mhtml [-o OUT.md] [--images DIR] [--explain]\n"
    "                     [--encoding ENC] [--from FORMAT] [--title TEXT] [--captions auto|keep]\n"
    "       paiban batch INPUT... -o OUT_DIR [-l LAYOUT] [-j N] [--report FILE] [--shard K/N]\n"
    "                    [--force] [--timeout SEC] [--strict] [--quiet]\n"
    "       paiban layouts\n"
    "       paiban --help | --version\n";

static const char HELP[] =
    "paiban (排版) sets Chinese articles into print-ready multi-column PDF pages.\n"
    "\n"
    "Commands:\n"
    "  render INPUT.md    set an article (Markdown with YAML front matter);\n"
    "  render INPUT.txt   pasted text is imported first, as `import` does;\n"
    "  render PAGE.html   so is a saved web page (.html, .htm, .mhtml)\n"
    "  render INPUT.docx  a Word file too\n"
    "    -l, --layout NAME|PATH  a layout from `paiban layouts` or a YAML file\n"
    "                            (default: the article's `layout:`, else a3-news)\n"
    "    -o, --output OUT.pdf    where to write (default: output/INPUT.pdf)\n"
    "    --trace FILE            write the layout trace (one line per placed line\n"
    "                            and figure; - for standard output)\n"
    "    --images DIR, --encoding ENC, --from FORMAT, --captions auto|keep   as with import\n"
    "    --title TEXT            the title, replacing the article's (or the one a .txt lacks)\n"
    "    --strict                fail (exit 1, no PDF) when a photo is missing or unreadable\n"
    "    --allow-outside         allow photos outside the article's folder\n"
    "    --bleed MM              bleed around the trimmed page (crop marks and TrimBox/BleedBox)\n"
    "    --pages N               end on N pages: photos, crops and (handouts) the body size\n"
    "                            change as the layout's fit section allows (default: end a\n"
    "                            page earlier when the last would be less than half full)\n"
    "    --pinyin keep|ruby|drop pinyin in brackets after Han words, 文明（wénmíng）:\n"
    "                            as written (default), as ruby over them, or left out\n"
    "    --no-overflow           boards: fail when the text does not fit one board\n"
    "    --png DPI               also write a PNG preview of each page (OUT-1.png, ...)\n"
    "    --tile A3|A4            also write OUT-tiles.pdf: each page cut onto sheets\n"
    "    --overlap MM            overlap of the tiles (default 10 mm)\n"
    "  import INPUT.txt   turn text pasted from a web page or WeChat post into an\n"
    "                     article: title, kicker, date, note, heads, figures with\n"
    "                     captions, credits; web furniture dropped\n"
    "  import PAGE.html   the same from a saved web page (.html, .htm, or .mhtml with\n"
    "                     its photos, written to OUT-img/): the article body found,\n"
    "                     title, date and author from its markup, photos from PAGE_files/\n"
    "  import INPUT.docx  a Word file: title, heads, bold and italic, tables, its\n"
    "                     photos (written to INPUT-img/1.jpg, ...) with captions\n"
    "    -o, --output OUT.md     where to write (default: INPUT.md; - for standard output)\n"
    "    --images DIR            photos in DIR (.jpg .jpeg .png .webp, in name order)\n"
    "                            go to the figures in order (default: placeholders\n"
    "                            img/photo1.jpg, … drawn as grey boxes)\n"
    "    --explain               print what each input line became\n"
    "    --encoding ENC          utf-8, utf-16 or gb18030 (default: detected)\n"
    "    --title TEXT            the title, when the text has none or a wrong one\n"
    "    --captions auto|keep    short caption-like lines after the body (photo captions\n"
    "                            whose photos were lost): figures with those captions, or\n"
    "                            kept as body text (default; --explain names them)\n"
    "    --from FORMAT           read INPUT as txt, md, docx, html or mhtml (default: by its\n"
    "                            content: a renamed page or Markdown saved as .txt is found)\n"
    "  batch INPUT... -o OUT_DIR   render many articles in one run, one worker per core;\n"
    "                     INPUT: files, folders (searched for .md, .txt, .docx,\n"
    "                     .html, .htm and .mhtml; a page's _files/ folder passed over) or\n"
    "                     manifests (.csv, .jsonl: input, output, layout, images,\n"
    "                     pages, pinyin, encoding, bleed per row); outputs mirror the\n"
    "                     inputs' folders under OUT_DIR; an output that is up to date\n"
    "                     (its article, photos, layout, fonts, version) is skipped\n"
    "    -l, --layout NAME|PATH  for every article without its own\n"
    "    -j, --jobs N            workers (default: the number of cores)\n"
    "    --report FILE           a report: FILE.jsonl (JSON Lines) or FILE.csv\n"
    "    --shard K/N             only the inputs of shard K of N (1-based); auto reads\n"
    "                            Kubernetes, Slurm or AWS Batch array variables\n"
    "    --force                 render even what is up to date\n"
    "    --timeout SEC           fail an article that takes longer\n"
    "    --memory MB             fail an article whose worker grows past MB (default 2048)\n"
    "    --strict                exit 1, not 3, when there were warnings\n"
    "    --quiet                 print only failures and the summary\n"
    "    --watch IN              a hot folder: render what is dropped into IN, then move\n"
    "                            it to IN/done/ or IN/failed/ (--settle SEC: quiet time)\n"
    "    --merge-reports A.jsonl B.jsonl... [--report OUT]   one report from shard reports\n"
    "                     exit: 0 all ok, 3 warnings, 1 failures, 2 usage, 130 interrupted\n"
    "  layouts            list the shipped layouts\n"
    "\n"
    "Examples:\n"
    "  paiban render examples/qingshui-river.md\n"
    "  paiban render article.md -l broadsheet -o page1.pdf\n"
    "  paiban render article.md -l my-layouts/a3.yaml --trace -\n"
    "  paiban import pasted.txt --images photos/ --explain\n"
    "  paiban render pasted.txt -l a4-handout\n"
    "  paiban import saved-page.html --explain\n"
    "  paiban batch archive/ -o pdf/ --report report.jsonl\n"
    "\n"
    "Exit status: 0 success, 1 bad input (messages name FILE:LINE), 2 bad usage.\n"
    "Environment: PAIBAN_DATADIR (where layouts/ and fonts/ are; default: share/paiban\n"
    "beside the program's bin/, else the source tree; --version names the one used),\n"
    "SOURCE_DATE_EPOCH.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "paiban: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", USAGE);
    return 2;
}

static int finish(pb_diags *d, bool ok)
{
    pb_diags_print(d, stderr);
    pb_diags_fini(d);
    return ok ? 0 : 1;
}

/* A number between lo and hi, optionally followed by "mm" when mm. */
static bool number_arg(const char *s, double lo, double hi, bool mm, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || (*end && !(mm && !strcmp(end, "mm"))) || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

static int cmd_render(int argc, char **argv)
{
    pb_render_opts o = {0};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (!strcmp(a, "-l") || !strcmp(a, "--layout")) {
            if (!has_val)
                return usage_error("%s needs a layout name or path", a);
            o.layout = argv[++i];
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!has_val)
                return usage_error("%s needs a file name", a);
            o.output = argv[++i];
        } else if (!strcmp(a, "--trace")) {
            if (!has_val)
                return usage_error("%s needs a file name (or -)", a);
            o.trace = argv[++i];
        } else if (!strcmp(a, "--images")) {
            if (!has_val)
                return usage_error("%s needs a folder", a);
            o.images = argv[++i];
        } else if (!strcmp(a, "--encoding")) {
            if (!has_val || !pb_encoding_name(argv[i + 1]))
                return usage_error("%s needs utf-8, utf-16 or gb18030", a);
            o.encoding = argv[++i];
        } else if (!strcmp(a, "--title")) {
            if (!has_val || !*argv[i + 1])
                return usage_error("%s needs the title text", a);
            o.title = argv[++i];
        } else if (!strcmp(a, "--captions")) {
            if (!has_val || (strcmp(argv[i + 1], "auto") && strcmp(argv[i + 1], "keep")))
                return usage_error("%s needs auto or keep", a);
            o.captions_auto = !strcmp(argv[++i], "auto");
        } else if (!strcmp(a, "--from")) {
            if (!has_val || !pb_format_from_name(argv[i + 1]))
                return usage_error("%s needs txt, md, docx, html or mhtml", a);
            o.from = argv[++i];
        } else if (!strcmp(a, "--strict")) {
            o.strict = true;
        } else if (!strcmp(a, "--allow-outside")) {
            o.allow_outside = true;
        } else if (!strcmp(a, "--pages")) {
            double n;
            if (!has_val || !number_arg(argv[++i], 1, 999, false, &n) || n != (int)n)
                return usage_error("%s needs a whole number of pages from 1 to 999", a);
            o.pages = (int)n;
        } else if (!strcmp(a, "--pinyin")) {
            if (!has_val || (strcmp(argv[i + 1], "keep") && strcmp(argv[i + 1], "ruby") &&
                             strcmp(argv[i + 1], "drop")))
                return usage_error("%s needs keep, ruby or drop", a);
            o.pinyin = argv[++i];
        } else if (!strcmp(a, "--no-overflow")) {
            o.no_overflow = true;
        } else if (!strcmp(a, "--png")) {
            if (!has_val || !number_arg(argv[++i], 1, 1200, false, &o.png_dpi))
                return usage_error("%s needs a resolution in dpi from 1 to 1200", a);
        } else if (!strcmp(a, "--tile")) {
            if (!has_val || (strcasecmp(argv[i + 1], "A3") && strcasecmp(argv[i + 1], "A4")))
                return usage_error("%s needs A3 or A4", a);
            o.tile = argv[++i];
        } else if (!strcmp(a, "--overlap")) {
            if (!has_val || !number_arg(argv[++i], 1, 100, true, &o.overlap_mm))
                return usage_error("%s needs an overlap in mm from 1 to 100", a);
        } else if (!strcmp(a, "--bleed")) {
            if (!has_val || !number_arg(argv[++i], 0, 50, true, &o.bleed_mm))
                return usage_error("%s needs a bleed in mm from 0 to 50 (e.g. --bleed 3)", a);
            o.set_bleed = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option %s", a);
        } else if (o.input) {
            return usage_error("one input at a time (also got %s)", a);
        } else {
            o.input = a;
        }
    }
    if (!o.input)
        return usage_error("%s", "render needs an input file");
    pb_diags d;
    pb_diags_init(&d);
    bool ok = pb_render(&o, &d);
    return finish(&d, ok);
}

static int cmd_import(int argc, char **argv)
{
    pb_import_opts o = {0};
    bool explain = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!has_val)
                return usage_error("%s needs a file name (or -)", a);
            o.output = argv[++i];
        } else if (!strcmp(a, "--images")) {
            if (!has_val)
                return usage_error("%s needs a folder", a);
            o.images = argv[++i];
        } else if (!strcmp(a, "--encoding")) {
            if (!has_val || !pb_encoding_name(argv[i + 1]))
                return usage_error("%s needs utf-8, utf-16 or gb18030", a);
            o.encoding = argv[++i];
        } else if (!strcmp(a, "--explain")) {
            explain = true;
        } else if (!strcmp(a, "--title")) {
            if (!has_val || !*argv[i + 1])
                return usage_error("%s needs the title text", a);
            o.title = argv[++i];
        } else if (!strcmp(a, "--captions")) {
            if (!has_val || (strcmp(argv[i + 1], "auto") && strcmp(argv[i + 1], "keep")))
                return usage_error("%s needs auto or keep", a);
            o.captions_auto = !strcmp(argv[++i], "auto");
        } else if (!strcmp(a, "--from")) {
            if (!has_val || !pb_format_from_name(argv[i + 1]))
                return usage_error("%s needs txt, md, docx, html or mhtml", a);
            o.from = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option %s", a);
        } else if (o.input) {
            return usage_error("one input at a time (also got %s)", a);
        } else {
            o.input = a;
        }
    }
    if (!o.input)
        return usage_error("%s", "import needs an input file");
    if (explain) /* the article may go to standard output: then the explanation does not */
        o.explain = o.output && !strcmp(o.output, "-") ? stderr : stdout;
    pb_diags d;
    pb_diags_init(&d);
    bool ok = pb_import(&o, &d);
    return finish(&d, ok);
}

int main(int argc, char **argv)
{
    pb_memory_setup();
    pb_outfile_remove_on_signals(); /* no temporary file left by Ctrl-C or kill */
    if (argc < 2)
        return usage_error("%s", "no command given");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(HELP, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        pb_diags d;
        pb_diags_init(&d);
        const char *dir = pb_datadir_find(&d);
        printf("paiban %s\ndata folder: %s\n", PAIBAN_VERSION, dir ? dir : "none found");
        return finish(&d, dir != NULL);
    }
    if (!strcmp(cmd, "render"))
        return cmd_render(argc - 2, argv + 2);
    if (!strcmp(cmd, "import"))
        return cmd_import(argc - 2, argv + 2);
    if (!strcmp(cmd, "batch"))
        return pb_cmd_batch(argc - 2, argv + 2);
    if (!strcmp(cmd, "layouts")) {
        if (argc > 2)
            return usage_error("layouts takes no arguments (got %s)", argv[2]);
        pb_diags d;
        pb_diags_init(&d);
        const char *dir = pb_datadir_find(&d);
        bool ok = dir && pb_list_layouts(dir, stdout, &d);
        return finish(&d, ok);
    }
    return usage_error("unknown command %s", cmd);
}
