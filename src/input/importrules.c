/* importrules: the line rules of the pasted-text importer.
 *
 * A web page copied into a text file keeps the page's furniture (the
 * breadcrumb, share and font-size widgets, "related news" links), its header
 * (kicker | title, the date line with its source), the editor's note label,
 * a word such as 图片 where each photo stood, the photo captions, bylines and
 * the closing credits. Most of these show by the line alone: a fixed word at
 * its start (当前位置, 编者按, 来源：), a mark (△ for a caption), a pattern
 * (a date, 记者 NAME 摄). Each such rule is one function, tried in the order
 * pb_importrules_line() lists, the first that fits deciding; each is pinned
 * by rows of tests/test_import.c. The rules of the date line, the credits
 * and the byline are in importmeta.c, the others below; both files read the
 * line with the helpers of importlex.h. What needs the neighbouring lines
 * (is this short line a head? which top line is the title?) is decided by
 * import.c with the shape helpers at the end of this file.
 *
 * The rules accept half- and full-width forms alike (: and ：, ( and （),
 * since they run before the punctuation is normalized, and Simplified and
 * Traditional spellings of their fixed words. They are strict about length:
 * a widget word inside a sentence (他把照片分享到朋友圈。) leaves the line
 * body text, for the importer must never drop article text. */
#include "importrules.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/cjkchar.h"
#include "importlex.h"

/* ---- characters ---- */

static bool is_kana(uint32_t c)
{
    return (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA);
}

static bool is_digit_c(uint32_t c)
{
    return c >= '0' && c <= '9';
}

double pb_importrules_width(const char *s)
{
    double w = 0;
    for (int adv; *s; s += adv)
        w += pb_cjk_is_text(char_at(s, &adv)) ? 1 : 0.5;
    return w;
}

/* ---- brackets and ends ---- */

static const char CLOSING_QUOTES[] = "”’」』）)】》〉\"'";

/* The last character that is not a closing quote or bracket; 0 when none. */
static uint32_t last_significant(const char *s, size_t *at)
{
    size_t n = strlen(s);
    while (n > 0) {
        size_t st;
        uint32_t c = char_before(s, n, &st);
        if (!in_set(c, CLOSING_QUOTES) && !is_space_c(c)) {
            if (at)
                *at = st;
            return c;
        }
        n = st;
    }
    return 0;
}

bool pb_importrules_sentence_end(const char *s)
{
    size_t at;
    uint32_t c = last_significant(s, &at);
    if (in_set(c, "。！？…；!?;．"))
        return true;
    if (c != '.' || at == 0)
        return false;
    size_t st;
    uint32_t p = char_before(s, at, &st);
    return !is_digit_c(p) && p != '.';
}

static bool clause_end(const char *s)
{
    return in_set(last_significant(s, NULL), "，、：,:");
}

/* ---- furniture ---- */

static const char *const BREADCRUMB_LABELS[] = {
    "当前位置", "您现在的位置", "你现在的位置", "您的位置",     "你的位置",
    "所在位置", "现在位置",     "目前位置",     "您当前的位置", "当前的位置",
    "當前位置", "您現在的位置", "目前位置",     "現在位置",     NULL};
static const char *const HOME_WORDS[] = {"首页", "首頁", "主页", "网站首页",
                                         "Home", "HOME", "home", NULL};
static const char HOME_SEPS[] = ">＞»›→/-";
static const char BREADCRUMB_SEPS[] = ">＞»›";

/* Words between > marks: at least two, each short and without punctuation. */
static bool crumbs(const char *s)
{
    int words = 0, seps = 0;
    pb_buf w = {0};
    bool ok = true;
    for (const char *p = s;;) {
        int adv;
        uint32_t c = char_at(p, &adv);
        if (!c || in_set(c, BREADCRUMB_SEPS)) {
            char *t = pb_xstrndup(w.s ? w.s : "", w.n);
            char *lo = t + strspn(t, " ");
            for (size_t n = strlen(lo); n > 0 && lo[n - 1] == ' '; n--)
                lo[n - 1] = 0;
            if (*lo) {
                words++;
                ok &=
                    pb_importrules_width(lo) <= 12 && !has_any(lo, "，。、；：？！,.;:?!（）()“”");
            }
            free(t);
            w.n = 0;
            if (!c)
                break;
            seps++;
        } else {
            pb_buf_add(&w, p, (size_t)adv);
        }
        p += adv;
    }
    pb_buf_fini(&w);
    return ok && seps >= 1 && words >= 2;
}

/* Rule "breadcrumb": 当前位置：首页 > 新闻, 您现在的位置, 首页 > …, or two or
 * more > between short words. */
static bool rule_breadcrumb(const char *s)
{
    if (pb_importrules_width(s) > FURNITURE_MAX)
        return false;
    const char *p = s;
    if (in_set(first_char(p), "【[")) {
        int adv;
        char_at(p, &adv);
        p += adv;
    }
    if (after_any(p, BREADCRUMB_LABELS, NULL))
        return true;
    const char *e = after_any(s, HOME_WORDS, NULL);
    if (e) {
        e = skip_spaces(e);
        if (in_set(first_char(e), HOME_SEPS))
            return true;
    }
    return pb_importrules_width(s) <= 60 && !strstr(s, "://") && crumbs(s);
}

static const char *const RELATED_WORDS[] = {
    "相关新闻", "相关阅读", "相关链接", "相关文章",     "相关报道", "延伸阅读",
    "推荐阅读", "猜你喜欢", "热门推荐", "更多精彩",     "往期回顾", "往期推荐",
    "精彩推荐", "热点新闻", "更多新闻", "相關新聞",     "相關閱讀", "相關報導",
    "延伸閱讀", "推薦閱讀", "更多新聞", "你可能也想看", "關聯新聞", NULL};

/* The line without decoration: brackets, spaces, colons, arrows. Arena copy. */
static char *bare(const char *s, pb_arena *a)
{
    pb_buf b = {0};
    for (int adv; *s; s += adv) {
        uint32_t c = char_at(s, &adv);
        if (!is_space_c(c) && !is_colon(c) && !in_set(c, "【】[]〔〕<>《》「」■□●◆▶►>＞-—·•|｜"))
            pb_buf_add(&b, s, (size_t)adv);
    }
    char *r = pb_arena_strndup(a, b.s ? b.s : "", b.n);
    pb_buf_fini(&b);
    return r;
}

/* Rule "related": 相关新闻, 【相关阅读】, 延伸阅读： alone on a line. */
static bool rule_related(const char *s, pb_arena *a)
{
    return pb_importrules_width(s) <= 12 && equals_any(bare(s, a), RELATED_WORDS);
}

static const char *const LINK_LABELS[] = {
    "本文链接",     "原文链接",     "文章链接",   "分享链接", "网页链接", "链接",     "网址",
    "原文地址",     "本文地址",     "文章地址",   "本文網址", "原文網址", "連結",     "复制链接",
    "复制本文链接", "点击复制链接", "链接已复制", "复制网址", "一键复制", "複製連結", NULL};

/* Rule "copy-link": a bare URL, a link label with a URL (原文链接：https://…),
 * or 复制链接 alone. */
static bool rule_copy_link(const char *s, pb_arena *a)
{
    const char *u = strstr(s, "http://");
    if (!u)
        u = strstr(s, "https://");
    if (!u)
        u = strstr(s, "www.");
    if (!u)
        return pb_importrules_width(s) <= 10 && equals_any(bare(s, a), LINK_LABELS);
    size_t end = (size_t)(u - s);
    while (s[end] && s[end] != ' ' && (unsigned char)s[end] < 0x80)
        end++;
    if (*skip_spaces(s + end))
        return false;
    char *lead = bare(pb_arena_strndup(a, s, (size_t)(u - s)), a);
    return !*lead || equals_any(lead, LINK_LABELS);
}

/* Widget words: anchors show a widget, fillers may stand with them. */
static const char *const WIDGET_ANCHORS[] = {
    "分享到",   "分享至",   "分享",     "字号",       "字體",     "字号大小", "字体",
    "打印",     "关闭",     "打印本页", "关闭窗口",   "收藏",     "收藏本页", "纠错",
    "我要纠错", "返回顶部", "扫一扫",   "微信扫一扫", "扫码",     "二维码",   "点赞",
    "在看",     "转发",     "评论",     "举报",       "阅读原文", "浏览次数", "浏览量",
    "浏览",     "阅读量",   "阅读数",   "点击数",     "点击量",   "访问量",   "列印",
    "關閉",     "分享本文", "字級",     "放大",       "缩小",     "打印文章", "推荐给朋友",
    "我要分享", "加入收藏", NULL};
static const char *const WIDGET_FILLERS[] = {
    "大",       "中",       "小",      "默认",    "标准", "微信",   "微博", "新浪微博",
    "腾讯微博", "QQ空间",   "QQ",      "朋友圈",  "豆瓣", "人人网", "抖音", "今日头条",
    "Facebook", "facebook", "Twitter", "twitter", "LINE", "Line",   "复制", "链接",
    "本页",     "窗口",     "好友",    "次",      "人",   "條",     "条",   "x",
    "X",        "Ｘ",       "A",       "A+",      "A-",   "臉書",   "推特", NULL};
static const char WIDGET_SEPS[] = " \t　:：|｜/／·•【】[]()（）<>《》-—+＋,，、";

/* Rule "widget": a line made only of share, font-size, print and counter
 * words (分享到：微信 微博, 字号：大 中 小, 【打印】【关闭】, 浏览次数：1024),
 * or a previous/next link (上一篇：…). */
static bool rule_widget(const char *s)
{
    if (pb_importrules_width(s) > FURNITURE_MAX)
        return false;
    static const char *const PREV_NEXT[] = {"上一篇", "下一篇", "上一則", "下一則", NULL};
    const char *e = after_any(s, PREV_NEXT, NULL);
    if (e && (!*e || is_colon(first_char(e)) || is_space_c(first_char(e))))
        return true;
    for (const char *p = s; *p; p++)
        if (pb_importmeta_date_at(p))
            return false; /* a date line with widgets is a meta line */
    bool anchor = false;
    for (const char *p = s; *p;) {
        int adv;
        uint32_t c = char_at(p, &adv);
        if (in_set(c, WIDGET_SEPS) || is_digit_c(c) || is_space_c(c)) {
            p += adv;
            continue;
        }
        const char *a = after_any(p, WIDGET_ANCHORS, NULL), *f = after_any(p, WIDGET_FILLERS, NULL);
        if (!a && !f)
            return false;
        anchor |= a && (!f || a >= f);
        p = a && (!f || a >= f) ? a : f;
    }
    return anchor;
}

/* ---- the catalogue of page furniture (docs/import.md) ---- */

/* Brackets, dashes, bullets, stars and arrows around furniture words. */
static bool decoration(uint32_t c)
{
    static const uint32_t WIDE[] = {0x3010, 0x3011, 0x3014, 0x3015, 0x300A, 0x300B, 0x300C,
                                    0x300D, 0xFF08, 0xFF09, 0x25A0, 0x25A1, 0x25CF, 0x25C6,
                                    0x25B6, 0x25BA, 0xFF1E, 0x2014, 0x2013, 0xB7,   0x2022,
                                    0xFF5C, 0xFF0A, 0xFF5E, 0x3000, 0xA0};
    if (c < 0x80)
        return c && strchr(" \t[]<>()-|*~=_", (int)c) != NULL;
    for (size_t i = 0; i < sizeof WIDE / sizeof WIDE[0]; i++)
        if (c == WIDE[i])
            return true;
    return false;
}

/* The line without brackets, dashes, bullets, stars, arrows and spaces. */
static char *core(const char *s, pb_arena *a)
{
    pb_buf b = {0};
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, n - i, &adv);
        if (!decoration(c))
            pb_buf_add(&b, s + i, (size_t)adv);
        i += (size_t)adv;
    }
    char *r = pb_arena_strndup(a, b.s ? b.s : "", b.n);
    pb_buf_fini(&b);
    return r;
}

typedef enum { M_EXACT, M_PREFIX, M_LABEL, M_CONTAINS } match_mode;

static const struct {
    const char *words;
    match_mode mode;
    const char *why;
} CATALOGUE[] = {
    /* share and follow prompts of news apps and WeChat */
    {"朋友圈", M_EXACT, "share"},
    {"微信好友", M_EXACT, "share"},
    {"点击右上角", M_PREFIX, "share"},
    {"请使用浏览器分享", M_PREFIX, "share"},
    {"分享文章到微信", M_PREFIX, "share"},
    {"一键分享", M_PREFIX, "share"},
    {"一鍵分享", M_PREFIX, "share"},
    {"关注我们", M_EXACT, "follow"},
    {"点击蓝字", M_PREFIX, "follow"},
    {"点击上方蓝字", M_PREFIX, "follow"},
    {"关注、星标", M_PREFIX, "follow"},
    {"关注+星标", M_PREFIX, "follow"},
    {"星标公众号", M_PREFIX, "follow"},
    {"设为星标", M_PREFIX, "follow"},
    {"长按二维码", M_PREFIX, "follow"},
    {"长按识别二维码", M_PREFIX, "follow"},
    {"扫码关注", M_PREFIX, "follow"},
    {"扫一扫关注", M_PREFIX, "follow"},
    {"关注官方公众号", M_PREFIX, "follow"},
    {"查看原文", M_EXACT, "original link"},
    {"点击阅读原文", M_EXACT, "original link"},
    {"返回", M_EXACT, "back link"},
    {"返回列表", M_EXACT, "back link"},
    {"返回首页", M_EXACT, "back link"},
    {"發表評論", M_EXACT, "comments"},
    {"发表评论", M_EXACT, "comments"},
    {"我要评论", M_EXACT, "comments"},
    {"打开APP", M_EXACT, "app"},
    {"下载APP", M_EXACT, "app"},
    {"APP下载", M_EXACT, "app"},
    {"下载客户端", M_EXACT, "app"},
    /* audio players */
    {"听新闻", M_EXACT, "audio"},
    {"听全文", M_EXACT, "audio"},
    {"语音播报", M_EXACT, "audio"},
    {"點擊收聽", M_EXACT, "audio"},
    {"点击收听", M_EXACT, "audio"},
    {"点击播放", M_EXACT, "audio"},
    /* galleries */
    {"快速翻页", M_CONTAINS, "gallery"},
    {"点击图片进入下一页", M_PREFIX, "gallery"},
    {"滑动查看更多", M_EXACT, "gallery"},
    {"左右滑动查看更多", M_EXACT, "gallery"},
    {"上一张", M_EXACT, "gallery"},
    {"下一张", M_EXACT, "gallery"},
    {"暂无图片", M_EXACT, "no image"},
    {"暫無圖片", M_EXACT, "no image"},
    {"图片加载失败", M_EXACT, "no image"},
    /* the end mark */
    {"完", M_EXACT, "end mark"},
    {"全文完", M_EXACT, "end mark"},
    {"END", M_EXACT, "end mark"},
    {"End", M_EXACT, "end mark"},
    /* labels of page furniture */
    {"投稿邮箱", M_LABEL, "submission"},
    {"投稿信箱", M_LABEL, "submission"},
    {"投稿", M_LABEL, "submission"},
    {"新闻热线", M_LABEL, "submission"},
    {"报料热线", M_LABEL, "submission"},
    {"爆料热线", M_LABEL, "submission"},
    {"原标题", M_LABEL, "original title"},
    {"原標題", M_LABEL, "original title"},
    {"正在阅读", M_LABEL, "now reading"},
    {"正在閱讀", M_LABEL, "now reading"},
    /* copyright notices */
    {"版权声明", M_PREFIX, "copyright"},
    {"版權聲明", M_PREFIX, "copyright"},
    {"版权所有", M_PREFIX, "copyright"},
    {"版權所有", M_PREFIX, "copyright"},
    {"免责声明", M_PREFIX, "copyright"},
    {"免責聲明", M_PREFIX, "copyright"},
    {"本网站所刊载", M_PREFIX, "copyright"},
    {"本網站所刊載", M_PREFIX, "copyright"},
    {"本网所刊载", M_PREFIX, "copyright"},
    {"未经授权禁止", M_PREFIX, "copyright"},
    {"未經授權", M_PREFIX, "copyright"},
    {"转载请注明", M_PREFIX, "copyright"},
    {"轉載請註明", M_PREFIX, "copyright"},
    {"如需转载", M_PREFIX, "copyright"},
    {"如有侵权", M_PREFIX, "copyright"},
};

/* Rule "catalogue": the fixed words of page templates (docs/import.md):
 * share, follow, audio and app prompts, galleries, the end mark, copyright
 * notices, 投稿邮箱：…, 原标题：…; the reason in *why. A copyright notice may
 * be a long sentence; the other prompts are short lines. */
static bool rule_catalogue(const char *s, pb_arena *a, const char **why)
{
    size_t bytes = strlen(s);
    if (bytes > 160 * 4)
        return false;
    double w = bytes <= 40 ? 40 : pb_importrules_width(s);
    if (w > 160)
        return false;
    if (w > 40) { /* only a copyright notice is long: look for its first words */
        const char *p = s;
        if (in_set(first_char(p), "【[（("))
            p += strlen(p) > 0 && (unsigned char)*p >= 0x80 ? 3 : 1;
        bool start = false;
        for (size_t i = 0; i < sizeof CATALOGUE / sizeof CATALOGUE[0] && !start; i++)
            start = !strcmp(CATALOGUE[i].why, "copyright") && after_prefix(p, CATALOGUE[i].words);
        if (!start)
            return false;
    }
    char *c = core(s, a);
    for (size_t i = 0; i < sizeof CATALOGUE / sizeof CATALOGUE[0]; i++) {
        const char *word = CATALOGUE[i].words;
        bool copyright = !strcmp(CATALOGUE[i].why, "copyright");
        if (!copyright && w > 40)
            continue;
        const char *e;
        bool hit = false;
        switch (CATALOGUE[i].mode) {
        case M_EXACT: hit = !strcmp(c, word); break;
        case M_PREFIX: hit = after_prefix(c, word) != NULL; break;
        case M_CONTAINS: hit = strstr(c, word) != NULL; break;
        case M_LABEL:
            e = after_prefix(skip_spaces(s), word);
            hit = e && after_colon(e);
            break;
        }
        if (hit) {
            *why = CATALOGUE[i].why;
            return true;
        }
    }
    return false;
}

/* Rule "reading time": 全文约3000字，阅读约需6分钟 and 共 9926字，需浏览 20分钟. */
static bool rule_reading_time(const char *s)
{
    static const char *const LEADS[] = {"全文", "本文", "共",   "阅读", "閱讀",
                                        "读完", "預計", "预计", NULL};
    if (!strstr(s, "字") || !(strstr(s, "分钟") || strstr(s, "分鐘")) ||
        pb_importrules_width(s) > 40)
        return false;
    for (size_t i = 0; LEADS[i]; i++)
        if (strstr(s, LEADS[i]))
            return true;
    return false;
}

/* Rule "page counter": (13/13), 1/5, 第2页 共5页, 上一页 1 2 3 下一页. */
static bool rule_page_counter(const char *s, pb_arena *a)
{
    static const char *const WORDS[] = {
        "上一页", "下一页", "上一頁", "下一頁", "首页", "尾页", "末页", "上页", "下页", "第",
        "共",     "页",     "頁",     "«",      "»",    "‹",    "›",    "…",    NULL};
    if (strlen(s) > 120 || pb_importrules_width(s) > 40 ||
        !(strpbrk(s, "0123456789") || strstr(s, "页") || strstr(s, "頁")))
        return false;
    const char *c = core(s, a);
    bool digit = false, slash = false, page = false;
    for (const char *p = c; *p;) {
        if (*p >= '0' && *p <= '9') {
            digit = true;
            p++;
        } else if (*p == '/') {
            slash = digit;
            p++;
        } else {
            size_t which = 0;
            const char *e = after_any(p, WORDS, &which);
            if (!e)
                return false;
            page |= which <= 8 || which == 11 || which == 12; /* 第 共 « » alone are no pages */
            p = e;
        }
    }
    return page || (digit && slash);
}

/* Rule "separator": a line of stars, dashes or equal signs (******, ———). */
static bool rule_separator(const char *s)
{
    int n = 0;
    for (int adv; *s; s += adv, n++)
        if (!in_set(char_at(s, &adv), "*＊-—–=＝_~～·• "))
            return false;
    return n >= 3;
}

/* Rule "audio": a player's time, 00:00 / 03:25. */
static bool rule_audio_time(const char *s)
{
    int colons = 0, slash = 0;
    for (const char *p = s; *p; p++) {
        if (*p == ':')
            colons++;
        else if (*p == '/')
            slash++;
        else if (!(*p >= '0' && *p <= '9') && *p != ' ')
            return false;
    }
    return colons == 2 && slash == 1;
}

/* ---- photos ---- */

static const char *const IMAGE_EXTS[] = {".jpg", ".jpeg", ".png",  ".gif",  ".webp",
                                         ".bmp", ".tif",  ".tiff", ".heic", NULL};

/* Rule "image file": a photo's file name where the photo stood: IMG_0231.jpg,
 * a hash .jpg, 未标题-1.jpg, also with its size after it (10008.jpg (160.33
 * KB, 下载次数: 6)). The name goes to a. */
static bool rule_image_file(const char *s, pb_arena *a, pb_line_info *li)
{
    size_t n = strlen(s);
    if (n > 160 || !strchr(s, '.'))
        return false;
    const char *open = NULL;
    for (const char *p = s; *p; p++)
        if (*p == '(' || !strncmp(p, "（", 3))
            open = p;
    if (open && open > s && (strstr(open, "KB") || strstr(open, "MB") || strstr(open, "下载")))
        n = (size_t)(open - s);
    char *name = trimmed(s, s + n, a);
    size_t m = strlen(name);
    if (!m || m > 100 || strchr(name, ' ') || has_any(name, "，。；：！？,;!?"))
        return false;
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name)
        return false;
    char ext[8] = {0};
    size_t k = strlen(dot);
    if (k >= sizeof ext)
        return false;
    for (size_t i = 0; i < k; i++)
        ext[i] = (char)(dot[i] >= 'A' && dot[i] <= 'Z' ? dot[i] + 32 : dot[i]);
    if (!equals_any(ext, IMAGE_EXTS))
        return false;
    li->a = name;
    return true;
}

static const char *const PLACEHOLDER_WORDS[] = {
    "图片",    "图",    "圖片",       "圖",           "照片", "图像",  "配图",  "插图",
    "image",   "Image", "IMAGE",      "img",          "IMG",  "photo", "Photo", "picture",
    "Picture", "pic",   "图片加载中", "点击查看大图", "写真", "視頻",  NULL};

/* Rule "placeholder": 图片, [图片], 【图片】, 图片1, [image] alone on a line. */
static bool rule_placeholder(const char *s, pb_arena *a)
{
    char *b = bare(s, a);
    size_t n = strlen(b);
    while (n > 0 && b[n - 1] >= '0' && b[n - 1] <= '9')
        b[--n] = 0;
    return equals_any(b, PLACEHOLDER_WORDS);
}

static const char CAPTION_MARKS[] = "△▲↑↓▼▽";
static const char *const CAPTION_LEADS[] = {
    "图为",   "圖為", "图片为", "上图", "下图", "左图", "右图", "左上图", "右上图", "左下图",
    "右下图", "组图", "上圖",   "下圖", "左圖", "右圖", "图",   "圖",     "写真",   NULL};

/* Rule "caption": a line starting with △ ▲ ↑ ▼, or 图：, 图为, 上图：, 图1 …. */
static bool rule_caption(const char *s)
{
    if (pb_importrules_width(s) > CAPTION_MAX)
        return false;
    if (in_set(first_char(s), CAPTION_MARKS))
        return true;
    size_t which = 0;
    const char *e = after_any(s, CAPTION_LEADS, &which);
    if (!e || !*e)
        return false;
    if (!strcmp(CAPTION_LEADS[which], "图为") || !strcmp(CAPTION_LEADS[which], "圖為") ||
        !strcmp(CAPTION_LEADS[which], "图片为"))
        return true;
    size_t k = digits(e, 1, 2);
    if (!k && in_set(first_char(e), "一二三四五六七八九十")) {
        int adv;
        char_at(e, &adv);
        k = (size_t)adv;
    }
    e += k;
    return after_colon(e) && *after_colon(e);
}

static const char *const CREDIT_TAILS[] = {"摄",   "攝",     "摄影",     "攝影",   "供图",
                                           "供圖", "资料图", "资料图片", "資料圖", "資料照",
                                           "翻摄", "翻攝",   NULL};
static const char *const CREDIT_LEADS[] = {"图片来源", "圖片來源", "图源",
                                           "圖源",     "图片提供", NULL};

/* Rule "photo credit": a credit alone: 记者 XXX 摄, XXX/摄, (图/记者XXX翻攝),
 * 图/XXX, (资料图), 图片来源：XXX. */
static bool rule_photo_credit(const char *s, pb_arena *a)
{
    if (pb_importrules_width(s) > BYLINE_MAX || pb_importrules_sentence_end(s))
        return false;
    char *in = unbracket(s, a);
    const char *t = in ? in : s;
    static const char *const PIC[] = {"图片", "圖片", "图", "圖", "摄影", "攝影", NULL};
    const char *e = after_any(t, PIC, NULL);
    if (e) {
        e = skip_spaces(e);
        if (in_set(first_char(e), "/／|｜") || (after_colon(e) && in))
            return true;
    }
    if (after_any(t, CREDIT_LEADS, NULL))
        return true;
    return ends_with_any(t, CREDIT_TAILS) && !has_any(t, "，。；") &&
           !ends_with_any(t, (const char *const[]){"拍摄", "拍攝", NULL});
}

/* Rule "caption with credit": a scene and its photo credit on one line, as
 * news pages print a photo's caption: …在田间作业。 记者 柯木 摄. */
static bool rule_caption_credit(const char *s, pb_arena *a)
{
    size_t n = strlen(s), st;
    if (!n || !in_set(char_before(s, n, &st), "摄攝）)") || pb_importrules_width(s) > CAPTION_MAX)
        return false;
    for (size_t i = n; i > 0; i = st) {
        uint32_t c = char_before(s, i, &st);
        if (i == n || (c != 0x3002 && !is_space_c(c)))
            continue;
        const char *rest = skip_spaces(s + i);
        if (pb_importrules_width(rest) > BYLINE_MAX)
            return false;
        if (st > 0 && rule_photo_credit(rest, a))
            return true;
    }
    return false;
}

/* ---- the editor's note ---- */

static const char *const NOTE_LABELS[] = {
    "编者按", "编者的话", "编前语", "编后语",   "编后",   "开栏语", "开篇语", "导语", "编按",
    "引言",   "卷首语",   "編者按", "編者的話", "編前語", "編後語", "開欄語", "導語", NULL};

/* Rule "note": 编者按 (开栏语, 导语…) alone, with brackets or a colon, or in
 * front of the note's text (编者按：…, 【编者按】…, 编者按 …). */
static bool rule_note(const char *s, pb_arena *a, pb_line_info *li)
{
    const char *p = s;
    int adv;
    uint32_t o = char_at(p, &adv);
    bool bracket = in_set(o, "【[〔(（");
    if (bracket)
        p += adv;
    size_t which = 0;
    const char *e = after_any(p, NOTE_LABELS, &which);
    if (!e)
        return false;
    const char *q = e;
    if (bracket) {
        if (!in_set(char_at(q, &adv), "】]〕)）"))
            return false;
        q += adv;
    }
    const char *c = after_colon(q);
    const char *rest = c ? c : skip_spaces(q);
    if (!*rest) {
        li->a = pb_arena_strdup(a, NOTE_LABELS[which]);
        return true;
    }
    /* Inline: needs a bracket, a colon, or (编者按 only) a space before the text. */
    bool spaced = rest > q &&
                  (!strcmp(NOTE_LABELS[which], "编者按") || !strcmp(NOTE_LABELS[which], "編者按"));
    if (!bracket && !c && !spaced)
        return false;
    const char *label_end = c ? rest : (bracket ? q : e);
    li->a = pb_arena_strndup(a, s, (size_t)(label_end - s));
    size_t n = strlen(li->a); /* "编者按：  " keeps its colon, not its spaces */
    while (n > 0 && li->a[n - 1] == ' ')
        li->a[--n] = 0;
    li->b = pb_arena_strdup(a, rest);
    return true;
}

/* ---- the header ---- */

static const struct {
    const char *label;
    pb_line_kind kind;
} HEADER_LABELS[] = {
    {"引题", PB_LINE_KICKER},     {"肩题", PB_LINE_KICKER},     {"眉题", PB_LINE_KICKER},
    {"引題", PB_LINE_KICKER},     {"主题", PB_LINE_TITLE},      {"标题", PB_LINE_TITLE},
    {"主標題", PB_LINE_TITLE},    {"標題", PB_LINE_TITLE},      {"副题", PB_LINE_SUBTITLE},
    {"副标题", PB_LINE_SUBTITLE}, {"副標題", PB_LINE_SUBTITLE}, {"副題", PB_LINE_SUBTITLE},
};

/* Rule "header label": 引题：…, 主题：…, 副题：… (also in 【】). */
static bool rule_header_label(const char *s, pb_arena *a, pb_line_info *li)
{
    for (size_t i = 0; i < sizeof HEADER_LABELS / sizeof HEADER_LABELS[0]; i++) {
        const char *p = after_prefix(s, HEADER_LABELS[i].label);
        if (!p)
            continue;
        const char *v = after_colon(p);
        if (!v || !*v || pb_importrules_width(v) > TITLE_MAX)
            continue;
        li->kind = HEADER_LABELS[i].kind;
        li->a = pb_arena_strdup(a, v);
        return true;
    }
    return false;
}

/* Rule "dash subtitle": ——记…, —— 写在…之际 (a subtitle when at the top). */
static bool rule_dash(const char *s, pb_arena *a, pb_line_info *li)
{
    const char *p = after_prefix(s, "——");
    if (!p)
        p = after_prefix(s, "--");
    if (!p)
        p = after_prefix(s, "—");
    if (!p || !*skip_spaces(p) || pb_importrules_width(s) > TITLE_MAX)
        return false;
    li->a = pb_arena_strdup(a, s);
    return true;
}

static const char *const TITLE_BARS[] = {" | ", " ｜ ", "｜", "|", "丨", NULL};

/* Rule "kicker | title": “…”系列报道之三 | 标题 — one bar between two short
 * parts, the left one the kicker. */
static bool rule_kicker_title(const char *s, pb_arena *a, pb_line_info *li)
{
    for (size_t i = 0; TITLE_BARS[i]; i++) {
        const char *bar = strstr(s, TITLE_BARS[i]);
        if (!bar || bar == s)
            continue;
        const char *rest = bar + strlen(TITLE_BARS[i]);
        for (size_t j = 0; TITLE_BARS[j]; j++)
            if (strstr(rest, TITLE_BARS[j]))
                return false;
        char *k = trimmed(s, bar, a), *t = trimmed(rest, rest + strlen(rest), a);
        if (!*k || !*t || pb_importrules_width(k) > TITLE_MAX ||
            pb_importrules_width(t) > TITLE_MAX || pb_importrules_sentence_end(k))
            return false;
        li->a = k;
        li->b = t;
        return true;
    }
    return false;
}

/* ---- numbered heads ---- */

static const char HAN_NUMERALS[] = "一二三四五六七八九十百零";

static const char *han_number(const char *p)
{
    const char *q = p;
    for (int adv; in_set(char_at(q, &adv), HAN_NUMERALS);)
        q += adv;
    return q > p ? q : NULL;
}

/* The numbering family at s (1 一、 2 （一） 3 1. 1、 4 第一… 5 ① 6 （1）) and the text
 * after it. */
static int numbering(const char *s, const char **rest)
{
    const char *p, *q;
    int adv, close;
    size_t k;
    if ((q = han_number(s)) && (p = after_prefix(q, "、"))) {
        *rest = p;
        return 1;
    }
    if (in_set(first_char(s), "（(") && (char_at(s, &adv), (q = han_number(s + adv))) &&
        in_set(char_at(q, &adv), "）)")) {
        *rest = q + adv;
        return 2;
    }
    if (in_set(first_char(s), "（(") && (char_at(s, &adv), (k = digits(s + adv, 1, 2))) &&
        in_set(char_at(s + adv + k, &close), "）)")) {
        *rest = s + adv + k + close;
        return 6;
    }
    if ((k = digits(s, 1, 2))) {
        uint32_t c = char_at(s + k, &adv);
        if ((c == '.' || c == 0x3001 || c == 0xFF0E) && !is_digit_c(first_char(s + k + adv))) {
            *rest = s + k + adv;
            return 3;
        }
    }
    if ((p = after_prefix(s, "第")) && (q = han_number(p))) {
        const char *r =
            after_any(q, (const char *const[]){"章", "节", "部分", "篇", "節", NULL}, NULL);
        r = r ? r : q;
        if (is_space_c(first_char(r)) || after_prefix(r, "、") || after_colon(r)) {
            *rest = r;
            return 4;
        }
    }
    uint32_t c = first_char(s);
    if (c >= 0x2460 && c <= 0x2473) {
        char_at(s, &adv);
        *rest = s + adv;
        return 5;
    }
    return 0;
}

/* Rule "numbered head": 一、…, （一）…, 1. …, 1、…, 第一章 …, ① …, （1）… — short, no
 * sentence mark; a head when import.c finds a paragraph after it. */
static bool rule_numbered(const char *s, pb_arena *a, pb_line_info *li)
{
    const char *rest;
    int fam = numbering(s, &rest);
    if (!fam || !*skip_spaces(rest) || pb_importrules_width(s) > NUMBERED_MAX ||
        has_any(s, "。！？；!?;") || clause_end(s))
        return false;
    li->num = fam;
    li->a = pb_arena_strdup(a, s);
    return true;
}

/* ---- shapes for the context rules ---- */

bool pb_importrules_head_shape(const char *s)
{
    if (!*s || pb_importrules_sentence_end(s) || clause_end(s) || has_any(s, "。！？；!?;"))
        return false;
    double w = pb_importrules_width(s);
    if (w <= HEAD_MAX)
        return true;
    const char *c = s;
    for (int adv; *c && !is_colon(char_at(c, &adv)); c += adv)
        ;
    if (!*c || w > COLON_HEAD_MAX)
        return false;
    char *lead = pb_xstrndup(s, (size_t)(c - s));
    double lw = pb_importrules_width(lead);
    free(lead);
    return lw >= 2 && lw <= COLON_LEAD_MAX;
}

/* ---- a half-width '.' after CJK ---- */

static bool period_side(uint32_t c)
{
    return pb_cjk_is_text(c) || c == 0x201D || c == 0x2019;
}

/* A character of a word or phrase: Han, kana, a letter or a digit. */
static bool phrase_char(uint32_t c)
{
    return pb_cjk_is_ideographic(c) || (c < 0x80 && ((c | 0x20) - 'a' < 26 || c - '0' < 10));
}

/* Characters of the phrase that ends at s + i (backwards) or starts there;
 * *open: what bounds it on the far side is the line's end, a space, a colon
 * or a quote or bracket (opening before, closing after); *clause: a clause
 * mark (，、；) bounds it, the phrase ending a clause begun before. */
static int phrase_len(const char *s, size_t n, size_t i, bool back, bool *open, bool *clause)
{
    int k = 0;
    uint32_t c = 0;
    while (back ? i > 0 : i < n) {
        size_t st = 0;
        int adv = 0;
        c = back ? char_before(s, i, &st) : pb_utf8_decode(s + i, n - i, &adv);
        if (!phrase_char(c))
            break;
        k++;
        i = back ? st : i + (size_t)adv;
    }
    bool edge = back ? i == 0 : i >= n;
    *open = edge || is_space_c(c) || is_colon(c) ||
            in_set(c, back ? "“‘「『（(《〈【[" : "”’」』）)》〉】]");
    *clause = !edge && in_set(c, "，、；,;");
    return k;
}

uint32_t pb_importrules_period(const char *s, size_t n, size_t i)
{
    if (i >= n || s[i] != '.' || i == 0)
        return 0;
    size_t st;
    uint32_t prev = char_before(s, i, &st), next = 0;
    if (!period_side(prev) || (i + 1 < n && s[i + 1] == '.'))
        return 0;
    int adv = 0;
    if (i + 1 < n)
        next = pb_utf8_decode(s + i + 1, n - i - 1, &adv);
    if (!next || next == 0x201C || next == 0x2018 || next == 0xFF08)
        return 0x3002;
    if (!period_side(next))
        return 0;
    if (!pb_cjk_is_han(prev) || !pb_cjk_is_han(next))
        return 0x3002;
    bool lopen, ropen, lclause, rclause;
    int l = phrase_len(s, n, i, true, &lopen, &lclause),
        r = phrase_len(s, n, i + 1, false, &ropen, &rclause);
    if (l >= 5 || lclause)
        return 0x3002; /* after a clause: a sentence ends */
    if (l <= 4 && r <= 4 && lopen && ropen)
        return 0xB7; /* between two short words standing alone: 光影·敘事 */
    return 0;        /* ambiguous: kept as typed */
}

/* A '.' that reads as a full stop typed half-width. */
static bool has_cjk_period(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' && pb_importrules_period(s, n, i) == 0x3002)
            return true;
    return false;
}

bool pb_importrules_title_shape(const char *s)
{
    uint32_t last = last_significant(s, NULL);
    return *s && pb_importrules_width(s) <= TITLE_MAX && !clause_end(s) && !has_any(s, "。；;") &&
           !has_cjk_period(s) && (!pb_importrules_sentence_end(s) || in_set(last, "！？!?"));
}

/* ---- the classifier ---- */

pb_line_info pb_importrules_line(const char *s, pb_arena *a)
{
    pb_line_info li = {.kind = PB_LINE_TEXT, .rule = "text"};
#define RULE(k, name, cond)                                                                        \
    if (cond) {                                                                                    \
        li.kind = (k);                                                                             \
        if (!strcmp(li.rule, "text"))                                                              \
            li.rule = (name);                                                                      \
        return li;                                                                                 \
    }
    RULE(PB_LINE_BLANK, "blank", !*s);
    RULE(PB_LINE_FURNITURE, "breadcrumb", rule_breadcrumb(s));
    RULE(PB_LINE_RELATED, "related", rule_related(s, a));
    RULE(PB_LINE_FURNITURE, "copy-link", rule_copy_link(s, a));
    const char *why = NULL;
    if (rule_catalogue(s, a, &why)) {
        li.kind = PB_LINE_FURNITURE;
        li.rule = why;
        return li;
    }
    RULE(PB_LINE_FURNITURE, "reading time", rule_reading_time(s));
    RULE(PB_LINE_FURNITURE, "page counter", rule_page_counter(s, a));
    RULE(PB_LINE_FURNITURE, "separator", rule_separator(s));
    RULE(PB_LINE_FURNITURE, "audio", rule_audio_time(s));
    RULE(PB_LINE_FURNITURE, "widget", rule_widget(s));
    RULE(PB_LINE_PLACEHOLDER, "placeholder", rule_placeholder(s, a));
    RULE(PB_LINE_PLACEHOLDER, "image file", rule_image_file(s, a, &li));
    RULE(PB_LINE_NOTE, "note", rule_note(s, a, &li));
    RULE(PB_LINE_CAPTION, "caption", rule_caption(s));
    RULE(PB_LINE_PHOTO_CREDIT, "photo credit", rule_photo_credit(s, a));
    RULE(PB_LINE_CAPTION, "caption with credit", rule_caption_credit(s, a));
    RULE(PB_LINE_META, "meta", pb_importmeta_fields(s, a, &li));
    RULE(PB_LINE_BYLINE, "byline", pb_importmeta_byline(s, a));
    if (rule_header_label(s, a, &li)) {
        li.rule = "header label";
        return li;
    }
    RULE(PB_LINE_SUBTITLE, "dash subtitle", rule_dash(s, a, &li));
    RULE(PB_LINE_KICKER_TITLE, "kicker | title", rule_kicker_title(s, a, &li));
    RULE(PB_LINE_NUMBERED, "numbered head", rule_numbered(s, a, &li));
#undef RULE
    li.a = li.b = NULL;
    return li;
}

static const char *const KIND_NAMES[] = {"text",         "blank",    "furniture",    "related",
                                         "meta",         "note",     "placeholder",  "caption",
                                         "photo-credit", "byline",   "kicker-title", "kicker",
                                         "title",        "subtitle", "numbered"};

void pb_importrules_describe(const pb_line_info *li, pb_buf *out)
{
    pb_buf_addf(out, "%s:%s", KIND_NAMES[li->kind], li->rule);
    if (li->a)
        pb_buf_addf(out, " a=%s", li->a);
    if (li->b)
        pb_buf_addf(out, " b=%s", li->b);
    if (li->num)
        pb_buf_addf(out, " num=%d", li->num);
    if (li->date)
        pb_buf_addf(out, " date=%s", li->date);
    if (li->updated)
        pb_buf_addf(out, " updated=%s", li->updated);
    if (li->source)
        pb_buf_addf(out, " source=%s", li->source);
    if (li->byline)
        pb_buf_addf(out, " byline=%s", li->byline);
    for (int i = 0; i < li->ncredits; i++)
        pb_buf_addf(out, " credit=%s", li->credits[i]);
}

/* ---- language ---- */

/* Pairs of a traditional-only character and its simplified form, among the
 * most frequent in news text; a character in neither script's column (台,
 * 后, 里) would count for both and is left out. */
static const char TRAD_SIMP[] =
    "們们這这個个來来說说時时為为會会國国對对學学過过還还發发與与經经當当實实現现機机動动開开"
    "關关問问題题體体點点數数書书長长門门見见車车東东電电話话變变認认讓让應应該该業业產产從从"
    "場场區区結结將将種种進进員员總总報报間间處处頭头義义務务師师給给統统條条號号質质錢钱讀读"
    "寫写聽听買买賣卖議议選选舉举邊边黨党導导萬万華华陸陆廣广轉转歲岁藝艺園园圖图傳传達达運运"
    "遠远連连鄉乡縣县氣气節节際际難难雙双歡欢觀观視视親亲記记訪访設设計计許许語语論论證证識识"
    "護护負负財财費费資资購购賽赛軍军農农辦办隊队陽阳隨随頁页項项順顺領领風风飛飞館馆馬马驗验"
    "魚鱼鳥鸟麗丽齊齐龍龙樂乐標标權权歷历殺杀溫温滿满灣湾無无環环療疗盡尽確确禮礼積积穩稳競竞"
    "筆笔簡简紀纪約约紅红級级細细終终組组絕绝綠绿線线緊紧練练續续網网聯联聲声職职興兴舊旧藥药"
    "蘇苏衛卫補补貴贵顏颜類类險险";

enum { MAX_PAIRS = 256 };

typedef struct {
    uint32_t trad[MAX_PAIRS], simp[MAX_PAIRS];
    int n;
} script_table;

static void script_table_init(script_table *t)
{
    t->n = 0;
    for (const char *p = TRAD_SIMP; *p && t->n < MAX_PAIRS; t->n++) {
        int adv;
        t->trad[t->n] = char_at(p, &adv);
        p += adv;
        t->simp[t->n] = char_at(p, &adv);
        p += adv;
    }
}

/* 1 traditional-only, -1 simplified-only, 0 either or neither. */
static int script_of(const script_table *t, uint32_t c)
{
    for (int i = 0; i < t->n; i++) {
        if (c == t->trad[i])
            return 1;
        if (c == t->simp[i])
            return -1;
    }
    return 0;
}

const char *pb_importrules_lang(const char *s, size_t n)
{
    long han = 0, kana = 0, trad = 0, simp = 0;
    script_table t;
    script_table_init(&t);
    for (size_t i = 0; i < n;) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, n - i, &adv);
        i += (size_t)adv;
        if (is_kana(c)) {
            kana++;
        } else if (pb_cjk_is_han(c)) {
            han++;
            int k = script_of(&t, c);
            trad += k > 0;
            simp += k < 0;
        }
    }
    if (kana > 0 && kana * 6 >= han + kana)
        return "ja";
    if (trad > simp && trad >= 3)
        return "zh-Hant";
    return "zh-Hans";
}
