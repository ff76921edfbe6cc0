/* importmeta: the meta-line rules of the pasted-text importer.
 *
 * A news page sets what it knows about the article on lines of their own:
 * the date line with the time and the source (时间：2025-06-20 07:35:00
 * 来源：…), the byline (记者 XXX, 文/XXX, a news agency's
 * (中央社記者XXX台北1日電)) and the closing credits (编辑：… 责编：… 审核：…).
 * These rules read such a line as a date and "label：value" fields, or as
 * names after a reporter's word, and take it only when nothing else is on
 * it, so that a sentence mentioning a date or a reporter is not taken for one.
 * They are the "meta" and "byline" steps of pb_importrules_line() in
 * importrules.c, whose widget rule also asks pb_importmeta_date_at() to leave
 * a date line to them; they read the line with the helpers of importlex.h.
 * Like the other line rules they accept half- and full-width forms and both
 * scripts, and each is pinned by rows of tests/test_import.c. */
#include "importlex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/cjkchar.h"

/* ---- dates ---- */

/* After a time "7:35", "07:35:00", "7时35分" at p, or NULL. */
static const char *time_at(const char *p)
{
    size_t h = digits(p, 1, 2);
    if (!h)
        return NULL;
    const char *q = p + h, *e;
    if ((e = after_prefix(q, "时")) || (e = after_prefix(q, "時")) || (e = after_prefix(q, "点"))) {
        size_t m = digits(e, 1, 2);
        if (!m)
            return e;
        const char *f = after_prefix(e + m, "分");
        return f ? f : e + m;
    }
    int adv;
    if (!is_colon(char_at(q, &adv)) || digits(q + adv, 2, 2) != 2)
        return NULL;
    q += adv + 2;
    if (is_colon(char_at(q, &adv)) && digits(q + adv, 2, 2) == 2)
        q += adv + 2;
    return q;
}

static const char *const WEEKDAYS[] = {"星期", "周", "礼拜", "禮拜", NULL};

/* The end of a date at p: 2025-06-20, 2015/5/28, 2024.6.1, 2023年06月26日,
 * then a weekday and a time if they follow; NULL when p holds no date. */
const char *pb_importmeta_date_at(const char *p)
{
    if (digits(p, 4, 4) != 4 || (p[0] != '1' && p[0] != '2'))
        return NULL;
    const char *q = p + 4, *e;
    if (*q == '-' || *q == '/' || *q == '.') {
        char sep = *q;
        size_t m = digits(q + 1, 1, 2);
        if (!m || q[1 + m] != sep)
            return NULL;
        size_t d = digits(q + 2 + m, 1, 2);
        if (!d)
            return NULL;
        q += 2 + m + d;
    } else if ((e = after_prefix(q, "年"))) {
        size_t m = digits(e, 1, 2);
        const char *f = m ? after_prefix(e + m, "月") : NULL;
        size_t d = f ? digits(f, 1, 2) : 0;
        if (!d)
            return NULL;
        q = f + d;
        if ((e = after_prefix(q, "日")) || (e = after_prefix(q, "号")) ||
            (e = after_prefix(q, "號")))
            q = e;
    } else {
        return NULL;
    }
    const char *r = skip_spaces(q);
    if ((e = after_any(r, WEEKDAYS, NULL)) && in_set(first_char(e), "一二三四五六日天")) {
        int adv;
        char_at(e, &adv);
        q = e + adv;
        r = skip_spaces(q);
    }
    if (*r == 'T')
        r++;
    const char *t = time_at(r);
    return t ? t : q;
}

/* ---- meta lines: date, source, byline, credits ---- */

/* F_UPDATED: an update time; F_RECORD: a government page's record table
 * (索引号：… 发布机构：…) and a tag line (关键词：…), furniture. */
typedef enum { F_DATE, F_UPDATED, F_SOURCE, F_BYLINE, F_CREDIT, F_IGNORE, F_RECORD, F_TAGS } field;

static const struct {
    const char *label;
    field f;
} LABELS[] = {
    {"时间", F_DATE},         {"发布时间", F_DATE},    {"发布日期", F_DATE},
    {"日期", F_DATE},         {"更新时间", F_UPDATED}, {"发表时间", F_DATE},
    {"发稿时间", F_DATE},     {"时間", F_DATE},        {"時間", F_DATE},
    {"發布時間", F_DATE},     {"發佈時間", F_DATE},    {"更新時間", F_UPDATED},
    {"發表時間", F_DATE},     {"刊登日期", F_DATE},    {"来源", F_SOURCE},
    {"稿源", F_SOURCE},       {"出处", F_SOURCE},      {"信息来源", F_SOURCE},
    {"文章来源", F_SOURCE},   {"本文来源", F_SOURCE},  {"稿件来源", F_SOURCE},
    {"來源", F_SOURCE},       {"出處", F_SOURCE},      {"记者", F_BYLINE},
    {"作者", F_BYLINE},       {"撰文", F_BYLINE},      {"文", F_BYLINE},
    {"通讯员", F_BYLINE},     {"記者", F_BYLINE},      {"通訊員", F_BYLINE},
    {"本报记者", F_BYLINE},   {"特约记者", F_BYLINE},  {"见习记者", F_BYLINE},
    {"实习记者", F_BYLINE},   {"实习生", F_BYLINE},    {"编辑", F_CREDIT},
    {"责编", F_CREDIT},       {"责任编辑", F_CREDIT},  {"审核", F_CREDIT},
    {"审校", F_CREDIT},       {"校对", F_CREDIT},      {"监制", F_CREDIT},
    {"统筹", F_CREDIT},       {"策划", F_CREDIT},      {"编审", F_CREDIT},
    {"初审", F_CREDIT},       {"复审", F_CREDIT},      {"终审", F_CREDIT},
    {"一审", F_CREDIT},       {"二审", F_CREDIT},      {"三审", F_CREDIT},
    {"摄影", F_CREDIT},       {"摄像", F_CREDIT},      {"视频", F_CREDIT},
    {"海报", F_CREDIT},       {"设计", F_CREDIT},      {"制作", F_CREDIT},
    {"主编", F_CREDIT},       {"值班编辑", F_CREDIT},  {"美编", F_CREDIT},
    {"翻译", F_CREDIT},       {"出品", F_CREDIT},      {"总监制", F_CREDIT},
    {"总策划", F_CREDIT},     {"剪辑", F_CREDIT},      {"编校", F_CREDIT},
    {"签发", F_CREDIT},       {"排版", F_CREDIT},      {"流程编辑", F_CREDIT},
    {"新媒体编辑", F_CREDIT}, {"网络编辑", F_CREDIT},  {"编导", F_CREDIT},
    {"核稿", F_CREDIT},       {"編輯", F_CREDIT},      {"責編", F_CREDIT},
    {"責任編輯", F_CREDIT},   {"審核", F_CREDIT},      {"校對", F_CREDIT},
    {"監製", F_CREDIT},       {"統籌", F_CREDIT},      {"策劃", F_CREDIT},
    {"攝影", F_CREDIT},       {"翻譯", F_CREDIT},      {"浏览次数", F_IGNORE},
    {"浏览", F_IGNORE},       {"阅读", F_IGNORE},      {"阅读量", F_IGNORE},
    {"点击", F_IGNORE},       {"点击数", F_IGNORE},    {"点击量", F_IGNORE},
    {"访问量", F_IGNORE},     {"阅读数", F_IGNORE},    {"瀏覽", F_IGNORE},
    {"瀏覽次數", F_IGNORE},   {"人气", F_IGNORE},      {"字号", F_IGNORE},
    {"字体", F_IGNORE},       {"字號", F_IGNORE},      {"分享到", F_IGNORE},
    {"分享至", F_IGNORE},     {"浏览量", F_IGNORE},    {"视力保护色", F_IGNORE},
    {"最后更新", F_UPDATED},  {"更新于", F_UPDATED},   {"索引号", F_RECORD},
    {"索引號", F_RECORD},     {"发布机构", F_RECORD},  {"發布機構", F_RECORD},
    {"发文机构", F_RECORD},   {"主题分类", F_RECORD},  {"主題分類", F_RECORD},
    {"组配分类", F_RECORD},   {"信息分类", F_RECORD},  {"发文字号", F_RECORD},
    {"文号", F_RECORD},       {"成文日期", F_RECORD},  {"生成日期", F_RECORD},
    {"发文日期", F_RECORD},   {"生效时间", F_RECORD},  {"废止时间", F_RECORD},
    {"有效性", F_RECORD},     {"内容概述", F_RECORD},  {"归档时间", F_RECORD},
    {"公开方式", F_RECORD},   {"公开范围", F_RECORD},  {"关键词", F_TAGS},
    {"关键字", F_TAGS},       {"關鍵詞", F_TAGS},      {"關鍵字", F_TAGS},
    {"标签", F_TAGS},         {"本文标签", F_TAGS},    {"標籤", F_TAGS},
    {"分类标签", F_TAGS},     {"Tags", F_TAGS},        {"TAG", F_TAGS},
    {"Tag", F_TAGS},
};
enum { NLABELS = sizeof LABELS / sizeof LABELS[0] };

/* A field label followed by a colon at p: its index, *value after the colon. */
static int label_at(const char *p, const char **value)
{
    /* the longest label is 5 characters (15 bytes), spaces may follow it */
    size_t k = 0;
    while (k < 24 && p[k] && p[k] != ':' && strncmp(p + k, "：", 3) && strncmp(p + k, "︰", 3))
        k++;
    if (k == 24 || !p[k])
        return -1;
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < NLABELS; i++) {
        size_t n = strlen(LABELS[i].label);
        if (n > best_len && !strncmp(p, LABELS[i].label, n) && after_colon(p + n)) {
            best = i;
            best_len = n;
        }
    }
    if (best >= 0)
        *value = after_colon(p + best_len);
    return best;
}

/* ---- update times ---- */

/* After a date of the year at p, whole (2015/5/28 18:43) or without its year
 * (5/28 19:15, 5月28日 19时15分), or a time alone; NULL when none. */
static const char *when_at(const char *p)
{
    const char *e = pb_importmeta_date_at(p);
    if (e)
        return e;
    size_t m = digits(p, 1, 2);
    if (m && (p[m] == '/' || p[m] == '-')) {
        size_t d = digits(p + m + 1, 1, 2);
        if (d) {
            e = p + m + 1 + d;
            const char *t = time_at(skip_spaces(e));
            return t ? t : e;
        }
    }
    const char *f;
    if (m && (f = after_prefix(p + m, "月"))) {
        size_t d = digits(f, 1, 2);
        const char *g = d ? after_prefix(f + d, "日") : NULL;
        if (g) {
            const char *t = time_at(skip_spaces(g));
            return t ? t : g;
        }
    }
    return time_at(p);
}

static const char *const UPDATE_LEADS[] = {"更新时间", "更新時間", "最后更新", "最後更新",
                                           "更新于",   "更新於",   "更新",     NULL};
static const char *const UPDATE_TAILS[] = {"更新", "更新過", "已更新", NULL};

/* An update time in brackets at p, （5/28 19:15 更新） or (更新时间：…): the
 * end of the bracket, the time in *when (arena copy); NULL when none. */
static const char *update_at(const char *p, pb_arena *a, char **when)
{
    int adv;
    if (!in_set(char_at(p, &adv), "（("))
        return NULL;
    const char *in = p + adv, *close = in;
    for (int k; *close && !in_set(char_at(close, &k), "）)"); close += k)
        ;
    if (!*close)
        return NULL;
    char *seg = pb_arena_strndup(a, in, (size_t)(close - in));
    const char *q = skip_spaces(seg), *lead = after_any(q, UPDATE_LEADS, NULL);
    if (lead)
        q = after_colon(lead) ? after_colon(lead) : skip_spaces(lead);
    const char *e = when_at(q);
    if (!e)
        return NULL;
    const char *r = skip_spaces(e), *tail = after_any(r, UPDATE_TAILS, NULL);
    if ((!lead && !tail) || *skip_spaces(tail ? tail : r))
        return NULL;
    *when = trimmed(q, e, a);
    char_at(close, &adv);
    return close + adv;
}

/* Where the value that starts at v ends: before the next "label：" or an
 * update time in brackets that follows a space, or at the end of the line. */
static const char *value_end(const char *v)
{
    for (const char *p = v; *p;) {
        int adv;
        uint32_t c = char_at(p, &adv);
        if (c == 0x3010 && p > v)
            return p; /* 【编辑：…】 after a date */
        p += adv;
        const char *ignored;
        if ((is_space_c(c) || in_set(c, "|｜")) && label_at(skip_spaces(p), &ignored) >= 0)
            return p - adv;
        if (is_space_c(c) && pb_importmeta_date_at(skip_spaces(p)) &&
            !*skip_spaces(pb_importmeta_date_at(skip_spaces(p))))
            return p - adv;
        if (in_set(first_char(skip_spaces(p)), "（(") && p > v) {
            pb_arena *scratch = pb_arena_new();
            char *when;
            bool upd = update_at(skip_spaces(p), scratch, &when) != NULL;
            pb_arena_free(scratch);
            if (upd)
                return p;
        }
    }
    return v + strlen(v);
}

static bool value_ok(field f, const char *v)
{
    if (f == F_IGNORE)
        return true;
    if (f == F_RECORD || f == F_TAGS)
        return pb_importrules_width(v) <= FURNITURE_MAX && !has_any(v, "。！？!?；");
    if (!*v || pb_importrules_width(v) > FIELD_MAX || has_any(v, "。！？!?；"))
        return false;
    if (f == F_DATE || f == F_UPDATED) {
        const char *e = f == F_DATE ? pb_importmeta_date_at(v) : when_at(v);
        return e && !*skip_spaces(e);
    }
    return true;
}

typedef struct {
    char *date, *source, *updated;
    pb_buf byline;
    char *credits[MAX_CREDITS];
    int ncredits;
    bool any, record, tags;
    bool after_date; /* the last field read was an unlabelled date */
} meta_fields;

static void add_field(meta_fields *m, int label, char *v, pb_arena *a)
{
    const char *name = LABELS[label].label;
    switch (LABELS[label].f) {
    case F_DATE: m->date = v; break;
    case F_UPDATED: m->updated = v; break;
    case F_SOURCE: m->source = v; break;
    case F_BYLINE: pb_buf_addf(&m->byline, "%s%s：%s", m->byline.n ? " " : "", name, v); break;
    case F_CREDIT:
        if (m->ncredits < MAX_CREDITS) {
            char *c = pb_strdupf("%s：%s", name, v);
            m->credits[m->ncredits++] = pb_arena_strdup(a, c);
            free(c);
        }
        break;
    case F_RECORD: m->record = true; break;
    case F_TAGS: m->tags = true; break;
    case F_IGNORE: break;
    }
    m->any = true;
}

static const char *names_at(const char *p);

/* Words after a date that are no names: a time of day, the weather. */
static const char *const NOT_NAMES[] = {"上午", "下午", "晚上", "凌晨", "中午", "早上", "傍晚",
                                        "夜间", "晴",   "阴",   "多云", "雨",   NULL};

/* The author after an unlabelled date (2023年06月26日 周明远, 2017-09-12吴晶,
 * 2024-01-05 记者 王某): the end of the names or byline, or NULL. */
static const char *author_after_date(const char *p, pb_arena *a)
{
    const char *e = value_end(p);
    char *seg = trimmed(p, e, a);
    if (!*seg || equals_any(seg, NOT_NAMES))
        return NULL;
    const char *n = names_at(seg);
    if ((n && !*skip_spaces(n)) || pb_importmeta_byline(seg, a))
        return e;
    return NULL;
}

/* The fields of a line made only of "label：value" fields, an unlabelled
 * date with the author and the update time that may follow it; false when
 * anything else is on it. */
static bool parse_fields(const char *s, meta_fields *m, pb_arena *a)
{
    for (const char *p = skip_spaces(s); *p; p = skip_spaces(p)) {
        while (in_set(first_char(p), "|｜•●◆■▪")) {
            int adv;
            char_at(p, &adv);
            p = skip_spaces(p + adv);
        }
        if (!*p)
            break;
        if (after_prefix(p, "【") && m->any) { /* 发布时间：… 【编辑：XXX】 */
            const char *in = p + strlen("【"), *close = strstr(in, "】");
            if (!close || !parse_fields(pb_arena_strndup(a, in, (size_t)(close - in)), m, a))
                return false;
            p = close + strlen("】");
            continue;
        }
        static const char *const POSTED[] = {"发表于", "发布于", "發表於", "發佈於", NULL};
        const char *posted = after_any(p, POSTED, NULL);
        if (posted && pb_importmeta_date_at(skip_spaces(posted)))
            p = skip_spaces(posted); /* 发表于 2024-08-03 10:20, a forum's post line */
        const char *v, *e = pb_importmeta_date_at(p);
        bool after_date = m->after_date;
        m->after_date = false;
        if (e && !m->date) {
            m->date = trimmed(p, e, a);
            m->any = m->after_date = true;
            p = e;
            continue;
        }
        char *when;
        if (m->date && !m->updated && (e = update_at(p, a, &when))) {
            m->updated = when;
            m->after_date = after_date;
            p = e;
            continue;
        }
        int l = label_at(p, &v);
        if (l < 0) {
            if (after_date && !m->byline.n && (e = author_after_date(p, a))) {
                char *who = trimmed(p, e, a);
                pb_buf_adds(&m->byline, who);
                m->after_date = true; /* an update time may follow */
                p = e;
                continue;
            }
            return false;
        }
        e = value_end(v);
        char *val = trimmed(v, e, a);
        if (!value_ok(LABELS[l].f, val))
            return false;
        add_field(m, l, val, a);
        p = e;
    }
    return m->any;
}

/* A word of an account or author name: 2 to 12 characters of Han, kana,
 * letters and digits, nothing else. */
static bool name_word(const char *w)
{
    int k = 0;
    for (int adv; *w; w += adv, k++) {
        uint32_t c = char_at(w, &adv);
        if (!pb_cjk_is_ideographic(c) && !(c < 0x80 && ((c | 0x20) - 'a' < 26 || c - '0' < 10)))
            return false;
    }
    return k >= 2 && k <= 12;
}

/* A WeChat post's head line: [原创] [author] account date (原创 宋青 望川文旅
 * 2024-04-23 08:30): the account is the source, the author the byline. */
static bool post_head(const char *s, pb_arena *a, meta_fields *m)
{
    const char *p = skip_spaces(s), *q;
    if ((q = after_prefix(p, "原创")) && is_space_c(first_char(q)))
        p = skip_spaces(q);
    char *words[2];
    int n = 0;
    while (*p && !pb_importmeta_date_at(p)) {
        const char *e = p;
        while (*e && !is_space_c(first_char(e))) {
            int adv;
            char_at(e, &adv);
            e += adv;
        }
        if (n == 2 || !*e)
            return false;
        words[n] = pb_arena_strndup(a, p, (size_t)(e - p));
        if (!name_word(words[n++]))
            return false;
        p = skip_spaces(e);
    }
    const char *e = *p ? pb_importmeta_date_at(p) : NULL;
    if (!n || !e || *skip_spaces(e))
        return false;
    m->date = trimmed(p, e, a);
    m->source = words[n - 1];
    if (n == 2)
        pb_buf_adds(&m->byline, words[0]);
    m->any = true;
    return true;
}

/* Rule "meta": a date line (时间：2025-06-20 07:35:00, 2023年06月26日,
 * 2015/5/28 18:43) with what may share it (来源：…, 作者：…, an author's name,
 * an update time in brackets), or a closing credit (记者：… 来源：… 编辑：…
 * 责编：… 审核：… 通讯员：…), also in brackets: 【责任编辑：…】, （編輯：…）1140601
 * (a news agency's serial after it is dropped), or a WeChat post's head line
 * ([原创] [author] account date: source and byline). A line of only a government
 * page's record table (索引号：… 发布机构：…) or tags (关键词：…) is rule
 * "record table" or "tags", with no fields. */
bool pb_importmeta_fields(const char *s, pb_arena *a, pb_line_info *li)
{
    if (pb_importrules_width(s) > META_MAX)
        return false;
    meta_fields m = {0};
    char *in = unbracket(s, a);
    bool ok = parse_fields(s, &m, a), serial = false;
    if (!ok) {
        pb_buf_fini(&m.byline);
        m = (meta_fields){0};
        ok = post_head(s, a, &m);
    }
    if (!ok && !in) { /* （編輯：…）1140601 */
        size_t n = strlen(s);
        while (n > 0 && s[n - 1] >= '0' && s[n - 1] <= '9')
            n--;
        if (n < strlen(s) && strlen(s) - n >= 6)
            in = unbracket(pb_arena_strndup(a, s, n), a);
        serial = in != NULL;
    }
    if (!ok && in) {
        pb_buf_fini(&m.byline);
        m = (meta_fields){0};
        ok = parse_fields(in, &m, a);
    }
    if (ok) {
        if (serial)
            li->rule = "meta, serial dropped";
        if (m.updated && !m.date) { /* 更新时间：… alone is the article's date */
            m.date = m.updated;
            m.updated = NULL;
        }
        bool fields = m.date || m.source || m.byline.n || m.ncredits;
        if (!fields && m.record)
            li->rule = "record table";
        else if (!fields && m.tags)
            li->rule = "tags";
        li->date = m.date;
        li->updated = m.updated;
        li->source = m.source;
        li->byline = m.byline.n ? pb_arena_strndup(a, m.byline.s, m.byline.n) : NULL;
        li->credits = pb_arena_copy(a, m.credits, (size_t)m.ncredits, sizeof(char *));
        li->ncredits = m.ncredits;
    }
    pb_buf_fini(&m.byline);
    return ok;
}

/* ---- bylines ---- */

/* After one or more names (2 to 5 Han or ·, separated by spaces or 、) at p. */
static const char *names_at(const char *p)
{
    const char *end = NULL;
    for (;;) {
        int k = 0, adv;
        const char *q = p;
        uint32_t c;
        while ((c = char_at(q, &adv)) && (pb_cjk_is_han(c) || c == 0xB7 || c == 0x30FB)) {
            q += adv;
            k++;
        }
        if (k < 2 || k > 5)
            return end;
        end = q;
        const char *r = skip_spaces(q);
        if (after_prefix(r, "、"))
            r = skip_spaces(r + strlen("、"));
        if (r == q)
            return end;
        p = r;
    }
}

/* After a reporter's word at s: 记者, and what names whose reporter
 * (本报记者, 新华社记者, 总台记者, 本报 记者: up to six Han before it). */
static const char *reporter_lead(const char *s)
{
    const char *p = s;
    for (int k = 0; k <= 6; k++) {
        const char *r = skip_spaces(p);
        const char *e = after_prefix(r, "记者");
        if (!e)
            e = after_prefix(r, "記者");
        if (e)
            return e;
        int adv;
        uint32_t c = char_at(r, &adv);
        if (!pb_cjk_is_han(c))
            return NULL;
        p = r + adv;
    }
    return NULL;
}

static const char *const BYLINE_TAILS[] = {
    "文/图", "文／图", "文/圖", "图/文",    "文图",   "文",       "图",       "圖",       "报道",
    "報導",  "摄",     "攝",    "摄影报道", "文并摄", "综合报道", "綜合報導", "综合报导", NULL};
static const char *const BYLINE_SLASH_LEADS[] = {"文/图", "文／图", "图/文", "文字", "撰文",
                                                 "文图",  "文",     "作者",  NULL};

/* The line is done at p: nothing, a tail (文/图, /綜合報導, 北京报道), or a
 * place and 电. */
static bool byline_end(const char *p)
{
    const char *r = skip_spaces(p);
    if (!*r)
        return true;
    if (in_set(first_char(r), "/／")) {
        int adv;
        char_at(r, &adv);
        r = skip_spaces(r + adv);
    }
    const char *t = after_any(r, BYLINE_TAILS, NULL);
    if (t && !*skip_spaces(t))
        return true;
    /* 北京报道, 台北1日電: a short place (and day) before 报道 or 电 */
    static const char *const DISPATCH[] = {"报道", "報導", "电", "電", NULL};
    const char *q = r;
    for (int k = 0, adv; *q && k < 8 && !after_any(q, DISPATCH, NULL); k++, q += adv) {
        uint32_t c = char_at(q, &adv);
        if (!pb_cjk_is_han(c) && !(c >= '0' && c <= '9'))
            return false;
    }
    t = after_any(q, DISPATCH, NULL);
    return q > r && t && !*skip_spaces(t);
}

/* A byline not in brackets. */
static bool bare_byline(const char *s)
{
    const char *p = reporter_lead(s);
    if (p) {
        const char *e = names_at(skip_spaces(p));
        while (e) {
            if (byline_end(e))
                return true;
            const char *t =
                after_any(skip_spaces(e), (const char *const[]){"通讯员", "通訊員", NULL}, NULL);
            e = t ? names_at(skip_spaces(t)) : NULL;
        }
        return false;
    }
    p = after_any(s, BYLINE_SLASH_LEADS, NULL);
    if (p) {
        p = skip_spaces(p);
        if (in_set(first_char(p), "/／|｜丨")) {
            int adv;
            char_at(p, &adv);
            const char *e = names_at(skip_spaces(p + adv));
            return e && !*skip_spaces(e);
        }
    }
    const char *e = names_at(s);
    if (e) {
        const char *t = after_any(skip_spaces(e),
                                  (const char *const[]){"文/图", "文／图", "文/圖", NULL}, NULL);
        return t && !*t;
    }
    return false;
}

/* Rule "byline": 记者 XXX, 本报记者 XXX 通讯员 YYY, 记者 XXX 文/图, 记者XXX文/图,
 * 記者XXX/綜合報導, 文/XXX, 文｜XXX, XXX 文/图, and in brackets a news agency's
 * (中央社記者XXX台北1日電) or a reporter's credit (总台记者 XXX). */
bool pb_importmeta_byline(const char *s, pb_arena *a)
{
    if (pb_importrules_width(s) > BYLINE_MAX || pb_importrules_sentence_end(s))
        return false;
    char *in = unbracket(s, a);
    if (in && (strstr(in, "记者") || strstr(in, "記者") || strstr(in, "中央社")) &&
        (ends_with_any(in, (const char *const[]){"电", "電", "报道", "報導", NULL})))
        return true;
    return bare_byline(in ? in : s);
}
