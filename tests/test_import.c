/* Tests of import: the line rules one by one (each row names the
 * rule it pins), the shape helpers and the language guess, article shapes
 * (pasted text → the pb_doc dump, each read back through the Markdown writer
 * to the same tree), encodings and their errors, photos from a folder, the
 * per-line report, robustness, and the golden articles of tests/import/
 * (INPUT.txt → INPUT.md and INPUT.explain; regenerate them with
 * PAIBAN_UPDATE_GOLDEN=1 build/tests/test_import and review the diff). All
 * sample text is the project's own. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "check.h"
#include "input/encoding.h"
#include "input/import.h"
#include "input/importrules.h"

/* ---- line rules ---- */

typedef struct {
    const char *rule; /* the rule the row pins */
    const char *in;
    const char *out; /* pb_importrules_describe() */
} line_case;

static const line_case LINES[] = {
    {"blank", "", "blank:blank"},
    {"text", "今天的会议在市政府召开。", "text:text"},
    /* furniture: breadcrumbs */
    {"breadcrumb", "当前位置：首页 > 新闻中心 > 正文", "furniture:breadcrumb"},
    {"breadcrumb", "您现在的位置: 首页 >> 通知公告", "furniture:breadcrumb"},
    {"breadcrumb", "首页 > 本地要闻", "furniture:breadcrumb"},
    {"breadcrumb", "【当前位置】首页", "furniture:breadcrumb"},
    {"breadcrumb", "新闻 > 社会 > 民生", "furniture:breadcrumb"},
    {"breadcrumb", "首頁 > 生活 > 文教", "furniture:breadcrumb"},
    {"breadcrumb", "望川日報 > 地域ニュース", "furniture:breadcrumb"},
    {"breadcrumb: a > in a sentence is text", "气温>35℃时,应减少户外活动。", "text:text"},
    /* furniture: related-news tails */
    {"related", "相关新闻", "related:related"},
    {"related", "【相关阅读】", "related:related"},
    {"related", "延伸閱讀：", "related:related"},
    {"related", "推荐阅读 >>", "related:related"},
    {"related: the words in a sentence are text", "相关新闻报道显示，今年客流创新高。",
     "text:text"},
    /* furniture: copy-link lines */
    {"copy-link", "原文链接：https://example.cn/a/1.html", "furniture:copy-link"},
    {"copy-link", "https://example.cn/news/2", "furniture:copy-link"},
    {"copy-link", "复制链接", "furniture:copy-link"},
    {"copy-link", "本文链接: www.example.cn/n/2", "furniture:copy-link"},
    {"copy-link: a URL in a sentence is text", "详情请访问 https://example.cn 了解。", "text:text"},
    /* furniture: share, font-size, print and counter widgets */
    {"widget", "字号：大 中 小", "furniture:widget"},
    {"widget", "【打印】【关闭】", "furniture:widget"},
    {"widget", "分享到：微信 微博 QQ空间", "furniture:widget"},
    {"widget", "【字体：大 中 小】【打印本页】【关闭窗口】", "furniture:widget"},
    {"widget", "浏览次数：1024", "furniture:widget"},
    {"widget", "上一篇：芦湾镇召开工作会", "furniture:widget"},
    {"widget: the words in a sentence are text", "他把照片分享到朋友圈。", "text:text"},
    {"widget: a date with a counter is a meta line", "2026-03-12 浏览：100",
     "meta:meta date=2026-03-12"},
    /* photos */
    {"placeholder", "图片", "placeholder:placeholder"},
    {"placeholder", "[图片]", "placeholder:placeholder"},
    {"placeholder", "【图片】", "placeholder:placeholder"},
    {"placeholder", "图片2", "placeholder:placeholder"},
    {"placeholder", "[image]", "placeholder:placeholder"},
    {"placeholder", "圖片", "placeholder:placeholder"},
    {"placeholder: a word that begins with 图片 is text", "图片新闻", "text:text"},
    {"caption", "△选手正在宣讲。记者 柯木 摄", "caption:caption"},
    {"caption", "▲游客在老街赏灯", "caption:caption"},
    {"caption", "↑新建的观鸟台", "caption:caption"},
    {"caption", "图：志愿者在清扫街道", "caption:caption"},
    {"caption", "图为工人在检修设备。", "caption:caption"},
    {"caption", "上图：修缮后的老屋", "caption:caption"},
    {"caption", "图1：改造前的河道", "caption:caption"},
    {"caption: 图书馆 is no caption", "图书馆今天正常开放。", "text:text"},
    {"photo credit", "记者 柯木 摄", "photo-credit:photo credit"},
    {"photo credit", "（图/记者林雨青翻攝）", "photo-credit:photo credit"},
    {"photo credit", "(图/县林业站)", "photo-credit:photo credit"},
    {"photo credit", "图/视觉中国", "photo-credit:photo credit"},
    {"photo credit", "（资料图）", "photo-credit:photo credit"},
    {"photo credit", "图片来源：望川融媒", "photo-credit:photo credit"},
    {"photo credit", "（受访者供图）", "photo-credit:photo credit"},
    {"photo credit", "王小川/摄", "photo-credit:photo credit"},
    {"photo credit: 拍摄 is a verb", "他们专门去拍摄", "text:text"},
    /* the editor's note */
    {"note", "编者按", "note:note a=编者按"},
    {"note", "【编者按】", "note:note a=编者按"},
    {"note", "编者按：", "note:note a=编者按"},
    {"note", "编者按：一条河的变迁，见证一座城的成长。",
     "note:note a=编者按： b=一条河的变迁，见证一座城的成长。"},
    {"note", "【开栏语】从今天起，本报推出新栏目。",
     "note:note a=【开栏语】 b=从今天起，本报推出新栏目。"},
    {"note", "导语:今年夏天,我们走访了十个村庄。",
     "note:note a=导语: b=今年夏天,我们走访了十个村庄。"},
    {"note", "编者按 行走在河畔，处处是风景。", "note:note a=编者按 b=行走在河畔，处处是风景。"},
    {"note", "開欄語", "note:note a=開欄語"},
    {"note: the word in a sentence is text", "导语是新闻的开头。", "text:text"},
    /* meta lines: dates with their source, closing credits */
    {"meta", "时间: 2025-06-20 07:35:00", "meta:meta date=2025-06-20 07:35:00"},
    {"meta", "2023年06月26日", "meta:meta date=2023年06月26日"},
    {"meta", "2015/5/28 18:43", "meta:meta date=2015/5/28 18:43"},
    {"meta", "2023年06月26日 星期一", "meta:meta date=2023年06月26日 星期一"},
    {"meta", "发布时间：2023-06-26 10:30 来源：望川日报",
     "meta:meta date=2023-06-26 10:30 source=望川日报"},
    {"meta", "2024-01-05 来源：新华社", "meta:meta date=2024-01-05 source=新华社"},
    {"meta", "来源:镍都金昌客户端", "meta:meta source=镍都金昌客户端"},
    {"meta", "记者:张可乐", "meta:meta byline=记者：张可乐"},
    {"meta", "记者：张三 通讯员：李四", "meta:meta byline=记者：张三 通讯员：李四"},
    {"meta", "编辑:常远", "meta:meta credit=编辑：常远"},
    {"meta", "责编：闫瑾 刘欢欢", "meta:meta credit=责编：闫瑾 刘欢欢"},
    {"meta", "审核：马丰友", "meta:meta credit=审核：马丰友"},
    {"meta", "通讯员：陆小禾", "meta:meta byline=通讯员：陆小禾"},
    {"meta", "【责任编辑：顾远帆】", "meta:meta credit=责任编辑：顾远帆"},
    {"meta", "（編輯：陳美玲）1141115", "meta:meta, serial dropped credit=編輯：陳美玲"},
    {"meta", "发布时间：2026-03-12 09:15 浏览次数：328", "meta:meta date=2026-03-12 09:15"},
    {"meta: a time that is no date is text", "时间：上午九点", "text:text"},
    {"meta: a sentence after the label is text", "来源：据统计，今年全市游客人数再创新高。",
     "text:text"},
    /* bylines */
    {"byline", "记者 杜若 林泉", "byline:byline"},
    {"byline", "本报记者 沈知秋 通讯员 陆小禾", "byline:byline"},
    {"byline", "记者 沈知秋 文/图", "byline:byline"},
    {"byline", "文/顾远帆", "byline:byline"},
    {"byline", "文｜林泉", "byline:byline"},
    {"byline", "（中央社記者林雨青花蓮15日電）", "byline:byline"},
    {"byline", "(中央社記者吳思齊臺北28日專電)", "byline:byline"},
    {"byline", "（记者 张三 北京报道）", "byline:byline"},
    {"byline", "林泉 文/图", "byline:byline"},
    {"byline: a sentence is text", "记者从市教育局获悉，今年新增学位3000个。", "text:text"},
    {"byline: a name and /綜合報導", "記者王美玲/綜合報導", "byline:byline"},
    {"byline: a name and /图, no space", "记者陈立文/图", "byline:byline"},
    {"byline: a name and 综合报道", "记者 邵一帆 综合报道", "byline:byline"},
    {"byline: 本报 记者 with a space", "本报 记者 贺远舟", "byline:byline"},
    {"byline: an agency's reporters", "新华社记者 程远、方可心", "byline:byline"},
    {"byline: a reporter's credit in brackets", "（总台记者 吴晓禾）", "byline:byline"},
    {"byline: a place and 报道", "记者 林泉 江城报道", "byline:byline"},
    {"byline: a long lead is text", "今天上午有关部门负责人记者会上说", "text:text"},
    /* a date line with the author and the update time */
    {"meta: a date and a name", "2023年06月26日  周明远", "meta:meta date=2023年06月26日 byline=周明远"},
    {"meta: a date and a reporter", "2024-03-05 记者 林泉", "meta:meta date=2024-03-05 byline=记者 林泉"},
    {"meta: a date and a name, no space", "2017-09-12吴晶", "meta:meta date=2017-09-12 byline=吴晶"},
    {"meta: a date and two names", "2025年1月8日 宋青 许一鸣",
     "meta:meta date=2025年1月8日 byline=宋青 许一鸣"},
    {"meta: a time of day is no name", "2023年06月26日 上午", "text:text"},
    {"meta: an update time in brackets", "2015/5/28 18:43 （5/28 19:15 更新）",
     "meta:meta date=2015/5/28 18:43 updated=5/28 19:15"},
    {"meta: an update time, labelled", "发布时间：2025-06-20 07:35 更新时间：2025-06-20 09:10",
     "meta:meta date=2025-06-20 07:35 updated=2025-06-20 09:10"},
    {"meta: an update in brackets with a label", "2024年6月1日 10:20(更新时间:6月1日 15:00)",
     "meta:meta date=2024年6月1日 10:20 updated=6月1日 15:00"},
    {"meta: a date, a name and an update", "2022-11-03 08:00 柯木 （11/3 09:30 更新）",
     "meta:meta date=2022-11-03 08:00 updated=11/3 09:30 byline=柯木"},
    {"meta: 更新时间 alone is the date", "更新时间：2026-02-01 10:00", "meta:meta date=2026-02-01 10:00"},
    /* the furniture catalogue (docs/import.md) */
    {"share", "点击右上角微信好友", "furniture:share"},
    {"share", "请使用浏览器分享功能进行分享", "furniture:share"},
    {"share", "朋友圈", "furniture:share"},
    {"follow", "点击蓝字 关注我们", "furniture:follow"},
    {"follow", "关注、星标公众号，直达精彩内容", "furniture:follow"},
    {"follow", "长按二维码识别关注", "furniture:follow"},
    {"follow: the words in a sentence are text", "关注我们的孩子，就是关注未来。", "text:text"},
    {"audio", "听新闻", "furniture:audio"},
    {"audio", "00:00 / 03:25", "furniture:audio"},
    {"audio", "【语音播报】", "furniture:audio"},
    {"reading time", "全文约3200字，阅读约需7分钟", "furniture:reading time"},
    {"reading time", "共 5120字，需浏览 11分钟", "furniture:reading time"},
    {"reading time", "本文约2000字，预计阅读时间5分钟。", "furniture:reading time"},
    {"reading time: a sentence with minutes is text", "他每天花二十分钟练字。", "text:text"},
    {"page counter", "(13/13)", "furniture:page counter"},
    {"page counter", "第3页 共12页", "furniture:page counter"},
    {"page counter", "上一页 1 2 3 下一页", "furniture:page counter"},
    {"page counter", "1/5", "furniture:page counter"},
    {"page counter: a year alone is text", "2024", "text:text"},
    {"gallery", "“← →” 可以实现快速翻页", "furniture:gallery"},
    {"gallery", "上一张", "furniture:gallery"},
    {"gallery", "暂无图片", "furniture:no image"},
    {"separator", "******", "furniture:separator"},
    {"separator", "———", "furniture:separator"},
    {"separator", "= = =", "furniture:separator"},
    {"end mark", "（完）", "furniture:end mark"},
    {"end mark", "-END-", "furniture:end mark"},
    {"end mark", "【全文完】", "furniture:end mark"},
    {"submission", "投稿邮箱：news@example.cn", "furniture:submission"},
    {"submission", "新闻热线：0000-1234567", "furniture:submission"},
    {"submission: the word in a sentence is text", "投稿的读者越来越多。", "text:text"},
    {"original title", "原标题：春风里，去书房坐一坐", "furniture:original title"},
    {"original title", "原標題：漁港的清晨", "furniture:original title"},
    {"now reading", "正在阅读：江城渡口的最后一班渡船", "furniture:now reading"},
    {"copyright", "版权声明：本文为原创，转载请联系授权。", "furniture:copyright"},
    {"copyright", "本网站所刊载信息，不代表本站观点。未经授权禁止转载、摘编、复制。",
     "furniture:copyright"},
    {"copyright", "未經授權，請勿轉載。", "furniture:copyright"},
    {"comments", "发表评论", "furniture:comments"},
    {"app", "打开APP", "furniture:app"},
    {"back link", "【返回】", "furniture:back link"},
    {"record table", "索引号：WC-2024-000517", "meta:record table"},
    {"record table", "• 发布机构：", "meta:record table"},
    {"record table", "主题分类：农业 组配分类：工作动态", "meta:record table"},
    {"tags", "关键词：夏粮 收购 政策宣讲", "meta:tags"},
    {"tags", "标签：读书 社区", "meta:tags"},
    {"tags", "關鍵字：漁港、清晨", "meta:tags"},
    {"image file", "IMG_0231.jpg", "placeholder:image file a=IMG_0231.jpg"},
    {"image file", "未标题-1.jpg", "placeholder:image file a=未标题-1.jpg"},
    {"image file", "3f9a2c7d81e04b6a.PNG", "placeholder:image file a=3f9a2c7d81e04b6a.PNG"},
    {"image file", "10008.jpg (160.33 KB, 下载次数: 6)", "placeholder:image file a=10008.jpg"},
    {"image file: a sentence naming a file is text", "照片保存为 a.jpg。", "text:text"},
    {"caption with credit", "9月14日傍晚，最后一班渡船靠岸。 记者 柯木 摄", "caption:caption with credit"},
    {"caption with credit", "村民在田间插秧。新华社记者 程远 摄", "caption:caption with credit"},
    {"caption with credit", "館方人員整理書架。（中央社記者林雨青攝）", "caption:caption with credit"},
    {"a WeChat head line", "原创 宋青 望川文旅 2024-04-23 08:30",
     "meta:meta date=2024-04-23 08:30 source=望川文旅 byline=宋青"},
    {"a WeChat head line without the author", "望川文旅 2024-04-23",
     "meta:meta date=2024-04-23 source=望川文旅"},
    {"a WeChat head line with a Latin account", "江城Daily 2025年3月2日 07:10",
     "meta:meta date=2025年3月2日 07:10 source=江城Daily"},
    {"a WeChat head line: three words are text", "张三 李四 王五 2024-01-01", "text:text"},
    {"a date line of a forum post", "发表于 2024-08-03 10:20", "meta:meta date=2024-08-03 10:20"},
    /* the headline group */
    {"header label", "引题：我们的节日", "kicker:header label a=我们的节日"},
    {"header label", "主题:粽叶飘香", "title:header label a=粽叶飘香"},
    {"header label", "副题：社区开展活动", "subtitle:header label a=社区开展活动"},
    {"dash subtitle", "——望川县湿地修复纪实", "subtitle:dash subtitle a=——望川县湿地修复纪实"},
    {"kicker | title", "“全国文明城市”系列之三 | 城市更新进行时",
     "kicker-title:kicker | title a=“全国文明城市”系列之三 b=城市更新进行时"},
    {"kicker | title", "视频丨小城故事", "kicker-title:kicker | title a=视频 b=小城故事"},
    {"kicker | title: two bars are text", "甲 | 乙 | 丙", "text:text"},
    /* numbered heads */
    {"numbered head", "一、政府补一点,居民出一点",
     "numbered:numbered head a=一、政府补一点,居民出一点 num=1"},
    {"numbered head", "（二）问自己信不信", "numbered:numbered head a=（二）问自己信不信 num=2"},
    {"numbered head", "(三)读完要用", "numbered:numbered head a=(三)读完要用 num=2"},
    {"numbered head", "1. 先通读", "numbered:numbered head a=1. 先通读 num=3"},
    {"numbered head", "2、边读边问", "numbered:numbered head a=2、边读边问 num=3"},
    {"numbered head", "第一章 总则", "numbered:numbered head a=第一章 总则 num=4"},
    {"numbered head", "①加强组织领导", "numbered:numbered head a=①加强组织领导 num=5"},
    {"numbered head", "（1）看品相", "numbered:numbered head a=（1）看品相 num=6"},
    {"numbered head", "(12)问来历", "numbered:numbered head a=(12)问来历 num=6"},
    {"numbered head: a decimal is text", "1.5亿元资金已经到位", "text:text"},
    {"numbered head: a sentence is text", "一、我们要加强领导。", "text:text"},
};

static void test_line_rules(void)
{
    pb_arena *a = pb_arena_new();
    for (size_t i = 0; i < sizeof LINES / sizeof LINES[0]; i++) {
        const line_case *c = &LINES[i];
        pb_line_info li = pb_importrules_line(c->in, a);
        pb_buf b = {0};
        pb_importrules_describe(&li, &b);
        if (strcmp(b.s, c->out)) {
            fprintf(stderr, "rule %s: \"%s\" is %s, expected %s\n", c->rule, c->in, b.s, c->out);
            check_failures++;
        }
        pb_buf_fini(&b);
    }
    pb_arena_free(a);
}

/* ---- shape helpers and the language ---- */

typedef struct {
    const char *rule, *in;
    bool want;
} shape_case;

static const shape_case HEAD_SHAPES[] = {
    {"head: short, no mark", "思想共铸:从会议室到生产线", true},
    {"head: a list item is short too", "代收快递", true},
    {"head: long with a short lead and colon", "共建共享：一条小河串起三个村的振兴路就从这里开始",
     true},
    {"head: long without a colon",
     "这是一行很长的文字但是没有任何标点所以它一直写下去超过了二十五个字", false},
    {"head: a sentence", "他说。", false},
    {"head: a clause mark at the end", "首先，", false},
    {"head: a sentence mark inside", "好！走吧", false},
};

static const shape_case TITLE_SHAPES[] = {
    {"title: a headline", "金昌：市企融合共绘文明新画卷", true},
    {"title: a question", "孩子们的周末去哪儿了？", true},
    {"title: a full stop", "今天召开了全市大会。", false},
    {"title: a half-width full stop", "读书是一件慢事情,急不得.下面谈几点体会", false},
    {"title: a clause at the end", "据了解，", false},
    {"title: too long",
     "这是一行非常非常长的文字它远远超过了一个标题应有的长度所以不能当作标题来用"
     "这是一行非常非常长的文字它远远超过了一个标题应有的长度所以不能当作标题来用",
     false},
};

static const shape_case SENTENCE_ENDS[] = {
    {"sentence end: 。", "他说。", true},
    {"sentence end: inside quotes", "“好！”", true},
    {"sentence end: …", "还有很多……", true},
    {"sentence end: a Latin full stop", "It ends.", true},
    {"sentence end: a number", "版本3.", false},
    {"sentence end: none", "思想共铸", false},
};

static void run_shapes(const shape_case *c, size_t n, bool (*fn)(const char *))
{
    for (size_t i = 0; i < n; i++)
        if (fn(c[i].in) != c[i].want) {
            fprintf(stderr, "%s: \"%s\" gave %d\n", c[i].rule, c[i].in, !c[i].want);
            check_failures++;
        }
}

static void test_shapes(void)
{
    run_shapes(HEAD_SHAPES, sizeof HEAD_SHAPES / sizeof HEAD_SHAPES[0], pb_importrules_head_shape);
    run_shapes(TITLE_SHAPES, sizeof TITLE_SHAPES / sizeof TITLE_SHAPES[0],
               pb_importrules_title_shape);
    run_shapes(SENTENCE_ENDS, sizeof SENTENCE_ENDS / sizeof SENTENCE_ENDS[0],
               pb_importrules_sentence_end);
    CHECK(pb_importrules_width("金昌AI") == 3.0);
}

static const struct {
    const char *rule, *in, *lang;
} LANGS[] = {
    {"lang: Simplified", "这座城市的文明新画卷正在徐徐展开，市民们说这里越来越美了。", "zh-Hans"},
    {"lang: Traditional", "這座城市的文明新畫卷正在徐徐展開，市民們說這裡越來越美了。", "zh-Hant"},
    {"lang: Japanese", "市は1日、駅前の再開発ビルに新しい図書館を開いた。", "ja"},
    {"lang: a few kana in Chinese",
     "孩子们最喜欢的动画片是《ポケモン》，每到周末都会守在电视机前收看，"
     "家长们对此也表示理解和支持，认为适度观看有益于放松身心。",
     "zh-Hans"},
    {"lang: no CJK", "Plain English text.", "zh-Hans"},
};

static void test_lang(void)
{
    for (size_t i = 0; i < sizeof LANGS / sizeof LANGS[0]; i++) {
        const char *got = pb_importrules_lang(LANGS[i].in, strlen(LANGS[i].in));
        if (strcmp(got, LANGS[i].lang)) {
            fprintf(stderr, "%s: got %s\n", LANGS[i].rule, got);
            check_failures++;
        }
    }
}

/* ---- article shapes ---- */

typedef struct {
    const char *shape, *in, *dump;
} article_case;

static const article_case ARTICLES[] = {
    {"no title: the text starts with a byline (记者 XXX 文/图)",
     "记者 林晓雨 文/图\n春风拂过河湾的早晨，渔民们已经把船推下了水。今年的鱼苗放流比往年提前了十天。\n“水清了，鱼也回来了。”老渔民陈伯一边整理渔网一边说。\n",
     "byline: 记者 林晓雨 文/图\n"
     "lang: zh-Hans\n"
     "PARA 2: 春风拂过河湾的早晨，渔民们已经把船推下了水。今年的鱼苗放流比往年提前了十天。\n"
     "PARA 3: “水清了，鱼也回来了。”老渔民陈伯一边整理渔网一边说。\n"},
    {"no title: the text starts with a reporter and a correspondent",
     "本报记者 宋青 通讯员 许一鸣\n\n今年以来，城北街道为辖区独居老人安装了三百多个烟感报警器。\n\n街道工作人员每月上门检查一次，确保设备正常运转。\n",
     "byline: 本报记者 宋青 通讯员 许一鸣\n"
     "lang: zh-Hans\n"
     "PARA 3: 今年以来，城北街道为辖区独居老人安装了三百多个烟感报警器。\n"
     "PARA 5: 街道工作人员每月上门检查一次，确保设备正常运转。\n"},
    {"no title: the text starts with 文/XXX",
     "文/顾远帆\n秋分时节，平原上的稻田由绿转黄，收割机在田间来回穿梭。\n合作社负责人说，今年亩产比去年多了五十多斤。\n",
     "byline: 文/顾远帆\n"
     "lang: zh-Hans\n"
     "PARA 2: 秋分时节，平原上的稻田由绿转黄，收割机在田间来回穿梭。\n"
     "PARA 3: 合作社负责人说，今年亩产比去年多了五十多斤。\n"},
    {"a byline and a date line between the title and the body",
     "山城夜市重新开张\n记者 周明远\n2023年06月26日\n经过三个月的改造，老城区的夜市于昨晚重新开张。摊位整齐划一，灯光也换成了暖色。\n不少市民专程赶来，一边品尝小吃一边拍照。\n",
     "title: 山城夜市重新开张\n"
     "date: 2023年06月26日\n"
     "byline: 记者 周明远\n"
     "lang: zh-Hans\n"
     "PARA 4: 经过三个月的改造，老城区的夜市于昨晚重新开张。摊位整齐划一，灯光也换成了暖色。\n"
     "PARA 5: 不少市民专程赶来，一边品尝小吃一边拍照。\n"},
    {"a date line with an update time",
     "台风过境后的港口\n2015/5/28 18:43 （5/28 19:15 更新）\n港口管理方面表示，受台风影响停航的渡轮已于今天下午陆续恢复。\n码头工人正在清理被吹落的招牌和杂物。\n",
     "title: 台风过境后的港口\n"
     "date: 2015/5/28 18:43\n"
     "updated: 5/28 19:15\n"
     "lang: zh-Hans\n"
     "PARA 3: 港口管理方面表示，受台风影响停航的渡轮已于今天下午陆续恢复。\n"
     "PARA 4: 码头工人正在清理被吹落的招牌和杂物。\n"},
    {"a date line with the author after it",
     "老城区夜市重新开张\n2023年06月26日  周明远\n经过三个月的改造，老城区的夜市于昨晚重新开张。\n摊位整齐划一，灯光也换成了暖色。\n",
     "title: 老城区夜市重新开张\n"
     "date: 2023年06月26日\n"
     "byline: 周明远\n"
     "lang: zh-Hans\n"
     "PARA 3: 经过三个月的改造，老城区的夜市于昨晚重新开张。\n"
     "PARA 4: 摊位整齐划一，灯光也换成了暖色。\n"},
    {"a date line with a reporter after it",
     "社区運动会落幕\n2024-10-12 记者 林泉\n为期两天的社区运动会昨天落幕，近千名居民参加了十二个项目的比赛。\n获奖选手的名单将在社区公告栏公布。\n",
     "title: 社区運动会落幕\n"
     "date: 2024-10-12\n"
     "byline: 记者 林泉\n"
     "lang: zh-Hans\n"
     "PARA 3: 为期两天的社区运动会昨天落幕，近千名居民参加了十二个项目的比赛。\n"
     "PARA 4: 获奖选手的名单将在社区公告栏公布。\n"},
    {"a byline after the lead (记者XXX文/图)",
     "古镇老街迎来写生季\n美术学院的两百多名学生昨天来到古镇，开始为期两周的写生实践。\n记者陈立文/图\n学生们三五成群，有的坐在石桥边，有的站在屋檐下，认真描绘老街的风貌。\n",
     "title: 古镇老街迎来写生季\n"
     "byline: 记者陈立文/图\n"
     "lang: zh-Hans\n"
     "PARA 2: 美术学院的两百多名学生昨天来到古镇，开始为期两周的写生实践。\n"
     "PARA 4: 学生们三五成群，有的坐在石桥边，有的站在屋檐下，认真描绘老街的风貌。\n"},
    {"a byline after the lead (記者XXX/綜合報導)",
     "社區圖書館延長開放\n市立圖書館宣布，自下月起各分館將延長開放時間至晚間九點，方便上班族借閱。\n記者王美玲/綜合報導\n館方表示，延長時段也會增加志工人力，協助讀者使用自助借書機。\n",
     "title: 社區圖書館延長開放\n"
     "byline: 記者王美玲/綜合報導\n"
     "lang: zh-Hant\n"
     "PARA 2: 市立圖書館宣布，自下月起各分館將延長開放時間至晚間九點，方便上班族借閱。\n"
     "PARA 4: 館方表示，延長時段也會增加志工人力，協助讀者使用自助借書機。\n"},
    {"short news with a byline",
     "城西菜市场完成提升改造\n记者 杜若 "
     "林泉\n2024年3月5日\n\n3月4日,改造后的城西菜市场重新开门迎客,地面换成了防滑地砖,"
     "摊位统一了招牌.\n\n不少老街坊一早就来买菜.\"干净了,亮堂了,买菜也舒心.\"家住附近的王大爷说."
     "\n\n(完)\n",
     "title: 城西菜市场完成提升改造\n"
     "date: 2024年3月5日\n"
     "byline: 记者 杜若 林泉\n"
     "lang: zh-Hans\n"
     "PARA 5: 3月4日，改造后的城西菜市场重新开门迎客，地面换成了防滑地砖，摊位统一了招牌。\n"
     "PARA 7: 不少老街坊一早就来买菜。“干净了，亮堂了，买菜也舒心。”家住附近的王大爷说。\n"},
    {"numbered essay",
     "如何读好一本书\n\n读书是一件慢事情,急不得.下面谈几点体会.\n\n一、先通读,"
     "再精读\n\n第一遍不求甚解,了解全书的脉络;第二遍再逐章细读,做好笔记."
     "\n\n二、边读边问\n\n（一）问作者想说什么\n\n每读完一章,试着用一句话概括它的中心意思."
     "\n\n（二）问自己信不信\n\n对书中的观点,不盲从,也不轻易否定."
     "\n\n三、读完要用\n\n把书中的方法用到工作和生活中去,才算真正读懂了.\n",
     "title: 如何读好一本书\n"
     "lang: zh-Hans\n"
     "PARA 3: 读书是一件慢事情，急不得。下面谈几点体会。\n"
     "HEAD 5 level=2: 一、先通读，再精读\n"
     "PARA 7: 第一遍不求甚解，了解全书的脉络；第二遍再逐章细读，做好笔记。\n"
     "HEAD 9 level=2: 二、边读边问\n"
     "HEAD 11 level=3: （一）问作者想说什么\n"
     "PARA 13: 每读完一章，试着用一句话概括它的中心意思。\n"
     "HEAD 15 level=3: （二）问自己信不信\n"
     "PARA 17: 对书中的观点，不盲从，也不轻易否定。\n"
     "HEAD 19 level=2: 三、读完要用\n"
     "PARA 21: 把书中的方法用到工作和生活中去，才算真正读懂了。\n"},
    {"numbering hierarchy: 一、 over （一） over 1. over （1）",
     "社区食堂开张记\n\n老街社区的食堂开张一个月了,我们请街坊们说说感受.\n\n一、吃得好\n\n"
     "（一）菜价\n\n两荤一素十二元,老人还能再减两元.\n\n1. 早餐\n\n包子馒头豆浆,六点半就开门.\n\n"
     "（1）豆浆\n\n豆浆是现磨的,不加糖也香.\n\n（2）包子\n\n包子一天蒸三笼,到八点就卖完了.\n\n"
     "2. 午餐\n\n午餐有六个菜可选,周五加一道鱼.\n\n二、吃得放心\n\n后厨装了摄像头,街坊们在屏幕上就能看到.\n",
     "title: 社区食堂开张记\n"
     "lang: zh-Hans\n"
     "PARA 3: 老街社区的食堂开张一个月了，我们请街坊们说说感受。\n"
     "HEAD 5 level=2: 一、吃得好\n"
     "HEAD 7 level=3: （一）菜价\n"
     "PARA 9: 两荤一素十二元，老人还能再减两元。\n"
     "HEAD 11 level=4: 1. 早餐\n"
     "PARA 13: 包子馒头豆浆，六点半就开门。\n"
     "HEAD 15 level=4: （1）豆浆\n"
     "PARA 17: 豆浆是现磨的，不加糖也香。\n"
     "HEAD 19 level=4: （2）包子\n"
     "PARA 21: 包子一天蒸三笼，到八点就卖完了。\n"
     "HEAD 23 level=4: 2. 午餐\n"
     "PARA 25: 午餐有六个菜可选，周五加一道鱼。\n"
     "HEAD 27 level=2: 二、吃得放心\n"
     "PARA 29: 后厨装了摄像头，街坊们在屏幕上就能看到。\n"},
    {"a byline after the lead (记者 XXX 综合报道)",
     "河畔绿道全线贯通\n全长十二公里的河畔绿道昨天全线贯通，沿途设置了八处休息驿站。\n记者 邵一帆 综合报道\n绿道串起了沿河的三个公园和两处湿地，骑行一圈约需四十分钟。\n",
     "title: 河畔绿道全线贯通\n"
     "byline: 记者 邵一帆 综合报道\n"
     "lang: zh-Hans\n"
     "PARA 2: 全长十二公里的河畔绿道昨天全线贯通，沿途设置了八处休息驿站。\n"
     "PARA 4: 绿道串起了沿河的三个公园和两处湿地，骑行一圈约需四十分钟。\n"},
    {"numbering hierarchy in a notice: 一、 （一） 1. （1）",
     "关于做好夏季防汛工作的通知\n各单位：\n为切实做好今年防汛工作，现将有关事项通知如下。\n一、总体要求\n坚持预防为主，落实各项责任，确保安全度汛。\n（一）压实责任\n各级负责人要深入一线，掌握实情。\n1. 加强巡查\n对重点部位开展每日巡查，发现隐患及时处理。\n（1）水库巡查\n水库管理人员每天记录水位变化。\n二、保障措施\n做好物资储备，确保关键时刻拿得出、用得上。\n",
     "title: 关于做好夏季防汛工作的通知\n"
     "lang: zh-Hans\n"
     "PARA 2: 各单位：\n"
     "PARA 3: 为切实做好今年防汛工作，现将有关事项通知如下。\n"
     "HEAD 4 level=2: 一、总体要求\n"
     "PARA 5: 坚持预防为主，落实各项责任，确保安全度汛。\n"
     "HEAD 6 level=3: （一）压实责任\n"
     "PARA 7: 各级负责人要深入一线，掌握实情。\n"
     "HEAD 8 level=4: 1. 加强巡查\n"
     "PARA 9: 对重点部位开展每日巡查，发现隐患及时处理。\n"
     "HEAD 10 level=4: （1）水库巡查\n"
     "PARA 11: 水库管理人员每天记录水位变化。\n"
     "HEAD 12 level=2: 二、保障措施\n"
     "PARA 13: 做好物资储备，确保关键时刻拿得出、用得上。\n"},
    {"numbering levels are relative: 1. over （1）",
     "旧书摊的一天\n\n早上七点,老周把书摊支了起来.\n\n1. 收书\n\n(1)看品相\n\n"
     "书脊不裂,内页不缺,才肯收下.\n\n(2)问来历\n\n谁家的藏书,他都要问上两句.\n\n"
     "2. 卖书\n\n熟客来了,不用开口,他就知道该拿哪本.\n",
     "title: 旧书摊的一天\n"
     "lang: zh-Hans\n"
     "PARA 3: 早上七点，老周把书摊支了起来。\n"
     "HEAD 5 level=2: 1. 收书\n"
     "HEAD 7 level=3: （1）看品相\n"
     "PARA 9: 书脊不裂，内页不缺，才肯收下。\n"
     "HEAD 11 level=3: （2）问来历\n"
     "PARA 13: 谁家的藏书，他都要问上两句。\n"
     "HEAD 15 level=2: 2. 卖书\n"
     "PARA 17: 熟客来了，不用开口，他就知道该拿哪本。\n"},
    {"a list of captions after the body",
     "春耕时节田间忙\n\n连日来,各地抓住晴好天气,组织农机下田作业.\n\n在东河村的育秧大棚里,"
     "农技员正在指导村民调试播种机.\n\n图片\n\n图片\n\n▲东河村村民在育秧大棚内查看秧苗长势."
     "\n▲农机手驾驶插秧机在田间作业.\n",
     "title: 春耕时节田间忙\n"
     "lang: zh-Hans\n"
     "PARA 3: 连日来，各地抓住晴好天气，组织农机下田作业。\n"
     "PARA 5: 在东河村的育秧大棚里，农技员正在指导村民调试播种机。\n"
     "FIGURE 7 span=0 place=auto src=img/photo1.jpg: ▲东河村村民在育秧大棚内查看秧苗长势。\n"
     "FIGURE 9 span=0 place=auto src=img/photo2.jpg: ▲农机手驾驶插秧机在田间作业。\n"},
    {"Traditional Chinese with 「」 quotes",
     "臺中舊城區老屋變身社區書房\n（中央社記者吳思齊臺中3日電）\n\n臺中市中區一棟超過60年的老屋,"
     "經過一年整修,3日正式變身為社區書房.\n\n負責規劃的建築師表示:「我們希望保留老屋的記憶,"
     "也讓年輕人願意走進來.」\n\n書房每週開放6天,免費提供閱讀空間與講座活動.\n",
     "title: 臺中舊城區老屋變身社區書房\n"
     "byline: （中央社記者吳思齊臺中3日電）\n"
     "lang: zh-Hant\n"
     "PARA 4: 臺中市中區一棟超過60年的老屋，經過一年整修，3日正式變身為社區書房。\n"
     "PARA 6: 負責規劃的建築師表示：「我們希望保留老屋的記憶，也讓年輕人願意走進來。」\n"
     "PARA 8: 書房每週開放6天，免費提供閱讀空間與講座活動。\n"},
    {"text with ▲ captions and a photo credit line",
     "古镇灯会点亮元宵夜\n\n元宵节当晚,青石镇老街上挂起了3000多盏花灯,吸引游客近5万人次."
     "\n\n▲游客在青石镇老街赏灯.\n记者 范舟 摄\n\n灯会将持续到2月底,每晚18时至22时开放.\n",
     "title: 古镇灯会点亮元宵夜\n"
     "lang: zh-Hans\n"
     "PARA 3: 元宵节当晚，青石镇老街上挂起了3000多盏花灯，吸引游客近5万人次。\n"
     "FIGURE 5 span=0 place=auto src=img/photo1.jpg: ▲游客在青石镇老街赏灯。记者 范舟 摄\n"
     "PARA 8: 灯会将持续到2月底，每晚18时至22时开放。\n"},
    {"text with inline pinyin in brackets",
     "说说“镍”字\n\n镍(niè)是一种银白色金属,常用于制造不锈钢和电池.\n\n在金昌,"
     "人们把这座城市叫作“镍都”,镍(niè)字也就成了孩子们最早认识的字之一.\n",
     "title: 说说“镍”字\n"
     "lang: zh-Hans\n"
     "PARA 3: 镍（niè）是一种银白色金属，常用于制造不锈钢和电池。\n"
     "PARA 5: 在金昌，人们把这座城市叫作“镍都”，镍（niè）字也就成了孩子们最早认识的字之一。\n"},
    {"a Japanese article",
     "駅前に新しい図書館\n2025年10月1日\n\n市は1日、駅前の再開発ビルに新しい図書館を開いた。蔵書は"
     "約8万冊で、夜9時まで利用できる。\n\n初日は多くの家族連れが訪れ、子ども向けのおはなし会も開か"
     "れた。\n",
     "title: 駅前に新しい図書館\n"
     "date: 2025年10月1日\n"
     "lang: ja\n"
     "PARA 4: "
     "市は1日、駅前の再開発ビルに新しい図書館を開いた。蔵書は約8万冊で、夜9時まで利用できる。\n"
     "PARA 6: 初日は多くの家族連れが訪れ、子ども向けのおはなし会も開かれた。\n"},
    {"a hard-wrapped text",
     "山村小学的新操场\n\n在大山深处的石门村小学，孩子们有了第一块塑胶\n操场。过去一到下雨天，泥土"
     "操场就变成一片泥塘\n，体育课只能在教室里上。今年春天，县里把这所\n学校列入改造计划，暑假期间"
     "完成了施工。\n\n开学第一天，孩子们在新操场上跑了一圈又一圈。\n",
     "title: 山村小学的新操场\n"
     "lang: zh-Hans\n"
     "PARA 3: "
     "在大山深处的石门村小学，孩子们有了第一块塑胶操场。过去一到下雨天，泥土操场就变成一片泥塘，体"
     "育课只能在教室里上。今年春天，县里把这所学校列入改造计划，暑假期间完成了施工。\n"
     "PARA 8: 开学第一天，孩子们在新操场上跑了一圈又一圈。\n"},
    {"a text with no structure at all",
     "今年以来,我市持续推进城市更新行动,完成老旧小区改造45个,新建口袋公园12处,"
     "群众的获得感和幸福感不断增强.\n下一步,我市将继续围绕群众急难愁盼问题,谋划实施一批民生项目,"
     "让城市更宜居、更有温度.\n",
     "lang: zh-Hans\n"
     "PARA 1: "
     "今年以来，我市持续推进城市更新行动，完成老旧小区改造45个，新建口袋公园12处，群众的获得感和幸"
     "福感不断增强。\n"
     "PARA 2: "
     "下一步，我市将继续围绕群众急难愁盼问题，谋划实施一批民生项目，让城市更宜居、更有温度。\n"},
    {"an inline note in brackets and labelled headline",
     "引题:我们的节日·端午\n主题:粽叶飘香话端午\n副题:"
     "社区开展传统民俗体验活动\n\n【编者按】端午节是我国重要的传统节日.本期带您走进社区,"
     "感受浓浓的节日氛围.\n\n6月9日,阳光社区活动室里粽香四溢,20多位居民围坐在一起包粽子."
     "\n\n社区工作人员介绍,活动还设置了香囊制作、诗词诵读等环节.\n",
     "title: 粽叶飘香话端午\n"
     "kicker: 我们的节日·端午\n"
     "subtitle: 社区开展传统民俗体验活动\n"
     "lang: zh-Hans\n"
     "NOTE 5\n"
     "  PARA 5: 【[b:编者按]】端午节是我国重要的传统节日。本期带您走进社区，感受浓浓的节日氛围。\n"
     "PARA 7: 6月9日，阳光社区活动室里粽香四溢，20多位居民围坐在一起包粽子。\n"
     "PARA 9: 社区工作人员介绍，活动还设置了香囊制作、诗词诵读等环节。\n"},
    {"short lines in a row are a list, not heads",
     "社区便民服务清单\n\n社区为居民提供以下服务:"
     "\n\n代收快递\n免费量血压\n家电维修\n\n服务时间为每周一至周五上午9时至下午5时.\n",
     "title: 社区便民服务清单\n"
     "lang: zh-Hans\n"
     "PARA 3: 社区为居民提供以下服务：\n"
     "PARA 5: 代收快递\n"
     "PARA 6: 免费量血压\n"
     "PARA 7: 家电维修\n"
     "PARA 9: 服务时间为每周一至周五上午9时至下午5时。\n"},
    {"a related-news tail keeps its credits",
     "河道清淤工程启动\n\n11月2日,城南河道清淤工程正式启动,预计清淤8万立方米."
     "\n\n相关阅读\n城南片区雨污分流改造完成\n\n编辑:韩笑\n",
     "title: 河道清淤工程启动\n"
     "credit: 编辑：韩笑\n"
     "lang: zh-Hans\n"
     "PARA 3: 11月2日，城南河道清淤工程正式启动，预计清淤8万立方米。\n"},
    {"a repeated title and web furniture in the body",
     "当前位置:首页 > "
     "要闻\n秋收正当时\n\n秋收正当时\n\n眼下正是秋收时节,田野里一派繁忙景象.\n\n分享到: 微信 "
     "微博\n原文链接:https://example.cn/news/123.html\n\n今年全县粮食播种面积稳定在60万亩以上.\n",
     "title: 秋收正当时\n"
     "lang: zh-Hans\n"
     "PARA 6: 眼下正是秋收时节，田野里一派繁忙景象。\n"
     "PARA 11: 今年全县粮食播种面积稳定在60万亩以上。\n"},
    {"a placeholder, its caption line and a long paragraph after",
     "湖畔新添观鸟台\n\n图片\n\n新建的观鸟台.\n\n观鸟台位于湖区东岸,高约8米,可同时容纳30人,"
     "配有望远镜和科普展板,向市民免费开放,每天早上6时至晚上7时开放,节假日照常开放.\n",
     "title: 湖畔新添观鸟台\n"
     "lang: zh-Hans\n"
     "FIGURE 3 span=0 place=auto src=img/photo1.jpg: 新建的观鸟台。\n"
     "PARA 7: "
     "观鸟台位于湖区东岸，高约8米，可同时容纳30人，配有望远镜和科普展板，向市民免费开放，每天早上6"
     "时至晚上7时开放，节假日照常开放。\n"},
    {"CRLF and CR line ends", "标题在这里\r\n\r\n第一段正文。\r\n第二段正文。\r第三段正文。\r\n",
     "title: 标题在这里\n"
     "lang: zh-Hans\n"
     "PARA 3: 第一段正文。\n"
     "PARA 4: 第二段正文。\n"
     "PARA 5: 第三段正文。\n"},
};

static char *dump_string(const pb_doc *doc)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    pb_doc_dump(doc, f);
    fclose(f);
    return s;
}

/* The dump without block line numbers ("PARA 12:" → "PARA:"), which differ
 * between the text and its Markdown. Caller frees. */
static char *without_lines(const char *dump)
{
    pb_buf b = {0};
    for (const char *p = dump; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p + 1) : strlen(p);
        size_t lead = strspn(p, " ");
        const char *sp = memchr(p + lead, ' ', n - lead);
        bool block =
            sp && sp > p + lead && strchr("PHNFB", p[lead]) && sp[1] >= '0' && sp[1] <= '9';
        if (block) {
            pb_buf_add(&b, p, (size_t)(sp - p));
            const char *q = sp + 1 + strspn(sp + 1, "0123456789");
            pb_buf_add(&b, q, n - (size_t)(q - p));
        } else {
            pb_buf_add(&b, p, n);
        }
        p += n;
    }
    return b.s ? b.s : pb_xstrdup("");
}

static char *markdown_string(const pb_doc *doc)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    CHECK(pb_mdwrite_doc(doc, f));
    fclose(f);
    return s;
}

/* The Markdown of doc, parsed back, gives the same tree. */
static void check_round_trip(const pb_doc *doc, const char *name)
{
    char *md = markdown_string(doc);
    pb_diags d;
    pb_diags_init(&d);
    char *mdpath = pb_strdupf("%s/t.md", doc->dir);
    pb_doc *back = pb_doc_parse(md, strlen(md), mdpath, &d);
    if (!back) {
        fprintf(stderr, "%s: its Markdown does not parse:\n%s\n", name, md);
        pb_diags_print(&d, stderr);
        check_failures++;
    } else {
        char *x = dump_string(doc), *y = dump_string(back);
        char *x2 = without_lines(x), *y2 = without_lines(y);
        if (strcmp(x2, y2)) {
            fprintf(stderr,
                    "%s: read back differs\n--- imported\n%s--- read back\n%s--- markdown\n%s",
                    name, x2, y2, md);
            check_failures++;
        }
        free(x);
        free(y);
        free(x2);
        free(y2);
        pb_doc_free(back);
    }
    pb_diags_fini(&d);
    free(mdpath);
    free(md);
}

static void test_articles(void)
{
    for (size_t i = 0; i < sizeof ARTICLES / sizeof ARTICLES[0]; i++) {
        const article_case *c = &ARTICLES[i];
        pb_diags d;
        pb_diags_init(&d);
        pb_import_settings s = {.base_dir = "art"};
        pb_doc *doc = pb_import_parse(c->in, strlen(c->in), "art/t.txt", &s, NULL, &d);
        if (!doc) {
            fprintf(stderr, "shape %s: import failed\n", c->shape);
            pb_diags_print(&d, stderr);
            check_failures++;
            pb_diags_fini(&d);
            continue;
        }
        char *got = dump_string(doc);
        if (strcmp(got, c->dump)) {
            fprintf(stderr, "shape %s:\n--- got\n%s--- expected\n%s", c->shape, got, c->dump);
            check_failures++;
        }
        check_round_trip(doc, c->shape);
        free(got);
        pb_doc_free(doc);
        pb_diags_fini(&d);
    }
}

/* ---- structure rules: no title, --title, caption runs, half-width stops ---- */

static pb_doc *import_text(const char *text, const pb_import_settings *s, pb_import_report *rep,
                           pb_diags *d)
{
    pb_doc *doc = pb_import_parse(text, strlen(text), "art/t.txt", s, rep, d);
    CHECK(doc != NULL);
    return doc;
}

static bool has_warning(const pb_diags *d, const char *part)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->v[i].msg, part))
            return true;
    return false;
}

/* A text with no title line gets no title and a warning; --title sets one. */
static void test_no_title(void)
{
    static const char *const TEXTS[] = {
        "记者 沈知秋 文/图\n山脚下的茶园迎来了头茬春茶的采摘期，茶农们天不亮就上了山。\n",
        "今年以来，我市新建口袋公园十二处，市民出门五分钟就能走进绿地。\n"
        "下一步还将结合老旧小区改造，再建一批小微绿地。\n",
        "2024-05-06 来源：望川融媒\n\n五月的江边，晨跑的人多了起来。步道沿线新装了二十盏路灯。\n",
    };
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++) {
        pb_diags d;
        pb_diags_init(&d);
        pb_doc *doc = import_text(TEXTS[i], NULL, NULL, &d);
        if (doc) {
            CHECK(doc->meta.title == NULL);
            CHECK(has_warning(&d, "no title line was found"));
            CHECK(doc->nblocks >= 1);
            pb_doc_free(doc);
        }
        pb_diags_fini(&d);
        pb_diags_init(&d);
        pb_import_settings s = {.title = "江边新景"};
        doc = import_text(TEXTS[i], &s, NULL, &d);
        if (doc) {
            CHECK_EQ_STR(doc->meta.title, "江边新景");
            CHECK(!has_warning(&d, "no title"));
            pb_doc_free(doc);
        }
        pb_diags_fini(&d);
    }
    /* a text with a title: no warning; --title replaces it */
    pb_diags d;
    pb_diags_init(&d);
    pb_import_settings s = {.title = "新题"};
    pb_doc *doc = import_text("旧题\n\n正文第一段，写了一件事。\n", &s, NULL, &d);
    if (doc) {
        CHECK_EQ_STR(doc->meta.title, "新题");
        CHECK_EQ_INT((int)d.n, 0);
        pb_doc_free(doc);
    }
    pb_diags_fini(&d);
}

static const struct {
    const char *shape, *in;
    int first, count; /* the run: its first input line and how many */
} CAPTION_RUNS[] = {
    {"three scenes after the body",
     "湿地公园迎来候鸟\n今年入冬以来，湿地公园观测到的候鸟数量明显增加，其中不乏珍稀品种。\n"
     "保护区工作人员介绍，这得益于近年来持续开展的生态修复工作。\n"
     "一群白鹭在浅滩上觅食。\n志愿者正在记录鸟类数量。\n夕阳下的湿地公园。\n",
     4, 3},
    {"two scenes after the body",
     "老街的早市\n天刚亮，老街两旁的摊位就摆满了新鲜的蔬菜和刚出锅的早点，叫卖声此起彼伏。\n"
     "摊主在整理刚摘下的青菜。\n市民在早点摊前排队。\n",
     3, 2},
    {"scenes without a full stop",
     "漁港的清晨\n天還沒亮，漁船就陸續返港，碼頭上的魚販早已等候多時，開始一天的忙碌。\n"
     "漁民卸下剛捕撈的海鮮\n魚販在碼頭挑選漁獲\n清晨的漁港\n",
     3, 3},
};

/* Short caption-like lines closing a text with no photo: kept as body and
 * named by the report, or with captions_auto figures with those captions. */
static void test_caption_runs(void)
{
    for (size_t i = 0; i < sizeof CAPTION_RUNS / sizeof CAPTION_RUNS[0]; i++) {
        for (int auto_ = 0; auto_ < 2; auto_++) {
            pb_diags d;
            pb_diags_init(&d);
            pb_import_report rep;
            pb_import_settings s = {.base_dir = "art", .captions_auto = auto_};
            pb_doc *doc = import_text(CAPTION_RUNS[i].in, &s, &rep, &d);
            if (!doc) {
                pb_diags_fini(&d);
                continue;
            }
            int first = CAPTION_RUNS[i].first, count = CAPTION_RUNS[i].count, figures = 0;
            for (int b = 0; b < doc->nblocks; b++)
                figures += doc->blocks[b].kind == PB_BLOCK_FIGURE;
            for (int l = 0; l < rep.nlines; l++) {
                bool in_run = rep.lines[l].line >= first && rep.lines[l].line < first + count;
                const char *why = rep.lines[l].why ? rep.lines[l].why : "";
                const char *want = !in_run ? NULL : auto_ ? "caption run" : "looks like a caption";
                if (want ? strcmp(why, want) : !strcmp(why, "looks like a caption")) {
                    fprintf(stderr, "caption run %s (auto %d): line %d is %s (%s)\n",
                            CAPTION_RUNS[i].shape, auto_, rep.lines[l].line, rep.lines[l].role,
                            why);
                    check_failures++;
                }
            }
            CHECK_EQ_INT(figures, auto_ ? count : 0);
            if (auto_)
                CHECK_EQ_STR(doc->blocks[doc->nblocks - count].src, "img/photo1.jpg");
            pb_doc_free(doc);
            pb_diags_fini(&d);
        }
    }
    /* not a run: one short line, or a text that has photos */
    static const char *const NOT_RUNS[] = {
        "题目\n这是一段足够长的正文，讲述了社区里发生的一件暖心小事。\n大家都笑了。\n",
        "题目\n这是一段足够长的正文，讲述了社区里发生的一件暖心小事。\n图片\n"
        "▲居民在社区广场合影。\n孩子们在草地上奔跑。\n老人在树下下棋。\n",
    };
    for (size_t i = 0; i < sizeof NOT_RUNS / sizeof NOT_RUNS[0]; i++) {
        pb_diags d;
        pb_diags_init(&d);
        pb_import_report rep;
        pb_import_settings s = {.base_dir = "art", .captions_auto = true};
        pb_doc *doc = import_text(NOT_RUNS[i], &s, &rep, &d);
        for (int l = 0; doc && l < rep.nlines; l++)
            if (rep.lines[l].why && strstr(rep.lines[l].why, "caption run")) {
                fprintf(stderr, "not a caption run %zu: line %d taken\n", i, rep.lines[l].line);
                check_failures++;
            }
        pb_doc_free(doc);
        pb_diags_fini(&d);
    }
}

/* What a half-width '.' after Han becomes: · between two short words standing
 * alone, 。 after a clause, kept when it could be either. */
static void test_periods(void)
{
    static const struct {
        const char *rule, *in, *want;
    } CASES[] = {
        {"·: a term in quotes", "展覽以「光影.敘事」為題", "展覽以「光影·敘事」為題"},
        {"·: a title's lead before a colon", "光影.敘事：城市攝影展", "光影·敘事：城市攝影展"},
        {"·: a name in brackets", "（約翰.史密斯）", "（約翰·史密斯）"},
        {"·: two words alone", "山水.人家", "山水·人家"},
        {"。: after a clause", "吸引了許多市民前來參觀.現場氣氛熱烈", "吸引了許多市民前來參觀。現場氣氛熱烈"},
        {"。: after a clause mark", "急不得，慢慢来.下面谈体会", "急不得，慢慢来。下面谈体会"},
        {"。: at the end", "大家都笑了.", "大家都笑了。"},
        {"。: before a quote", "他说.“走吧”", "他说。“走吧”"},
        {"kept: a name inside a sentence", "作品。策展人張.文華表示", "作品。策展人張.文華表示"},
        {"kept: short before, long after", "说完.他转身走进了雨里", "说完.他转身走进了雨里"},
        {"kept: a decimal", "增长了3.5个百分点", "增长了3.5个百分点"},
        {"kept: an ellipsis", "等等...", "等等..."},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const char *s = CASES[i].in;
        size_t n = strlen(s);
        pb_buf out = {0};
        for (size_t k = 0; k < n; k++) {
            uint32_t c = s[k] == '.' ? pb_importrules_period(s, n, k) : 0;
            if (c == 0xB7)
                pb_buf_adds(&out, "·");
            else if (c == 0x3002)
                pb_buf_adds(&out, "。");
            else
                pb_buf_add(&out, s + k, 1);
        }
        if (strcmp(out.s, CASES[i].want)) {
            fprintf(stderr, "period %s: \"%s\" gave \"%s\"\n", CASES[i].rule, s, out.s);
            check_failures++;
        }
        pb_buf_fini(&out);
    }
}

/* ---- the Markdown writer: escapes ---- */

static void test_markdown_escapes(void)
{
    static const char *const TEXTS[] = {
        "1. 不是列表", "# 不是标题", "> 不是引文",
        "- 不是列表",  "---",        "a*b*c_d_ [x](y) <b> `c` \\ &amp;",
        "+ 加号",      "= 等号",     "2) 也不是列表",
    };
    pb_arena *a = pb_arena_new();
    pb_doc doc = {.arena = a, .path = "art/t.txt", .dir = "art"};
    doc.meta.lang = "zh-Hans";
    doc.meta.title = "title: \"quoted\" # not a comment";
    doc.meta.kicker = "- dash first";
    doc.meta.credits = (char *[]){"null", "[x]"};
    doc.meta.ncredits = 2;
    size_t n = sizeof TEXTS / sizeof TEXTS[0];
    doc.blocks = PB_NEWN(a, pb_block, n + 2);
    for (size_t i = 0; i < n; i++)
        doc.blocks[i] = (pb_block){.kind = PB_BLOCK_PARA,
                                   .line = (int)i + 1,
                                   .text = {(char *)TEXTS[i], (int)strlen(TEXTS[i]), NULL, 0}};
    doc.blocks[n] = (pb_block){.kind = PB_BLOCK_FIGURE,
                               .line = 50,
                               .src = "my photos/a (1).jpg",
                               .path = "art/my photos/a (1).jpg",
                               .span = 2,
                               .place = PB_PLACE_TOP,
                               .text = {"说明[1]", (int)strlen("说明[1]"), NULL, 0}};
    doc.blocks[n + 1] = (pb_block){.kind = PB_BLOCK_HEAD,
                                   .line = 51,
                                   .level = 2,
                                   .text = {"C# 入门 #", (int)strlen("C# 入门 #"), NULL, 0}};
    doc.nblocks = (int)n + 2;
    check_round_trip(&doc, "markdown escapes");
    pb_arena_free(a);
}

/* ---- encodings ---- */

typedef struct {
    const char *name;
    const char *in;
    size_t len;
    const char *enc;  /* --encoding; NULL: detect */
    const char *out;  /* decoded text; NULL: an error containing err */
    const char *used; /* the encoding reported */
    const char *err;
} enc_case;

static const enc_case ENCODINGS[] = {
    {"UTF-8", "中文\n", 7, NULL, "中文\n", "UTF-8", NULL},
    {"UTF-8 with BOM", "\xEF\xBB\xBF中文", 9, NULL, "中文", "UTF-8 with BOM", NULL},
    {"UTF-16LE with BOM", "\xFF\xFE\x2D\x4E\x87\x65\x0A\x00", 8, NULL, "中文\n",
     "UTF-16LE with BOM", NULL},
    {"UTF-16BE with BOM", "\xFE\xFF\x4E\x2D\x65\x87", 6, NULL, "中文", "UTF-16BE with BOM", NULL},
    {"UTF-16 given, no BOM", "\x2D\x4E\x87\x65\x0A\x00", 6, "utf-16", "中文\n", "UTF-16LE", NULL},
    {"GB18030 detected", "\xD6\xD0\xCE\xC4\x0A", 5, NULL, "中文\n", "GB18030", NULL},
    {"GB18030 given", "\xD6\xD0\xCE\xC4", 4, "gb18030", "中文", "GB18030", NULL},
    {"GBK is GB18030", "\xD6\xD0\xCE\xC4", 4, "GBK", "中文", "GB18030", NULL},
    {"UTF-8 given, GB bytes", "abc\xD6\xD0", 5, "utf-8", NULL, NULL,
     "not valid UTF-8 at byte offset 3"},
    {"neither UTF-8 nor GB18030", "ab\xFF\xFF", 4, NULL, NULL, NULL,
     "not valid UTF-8 (byte offset 2) nor GB 18030 (byte offset 2)"},
    {"a NUL byte", "abc\0def", 7, NULL, NULL, NULL, "not a text file (NUL byte at offset 3)"},
    {"empty", "", 0, NULL, NULL, NULL, "empty file"},
    {"only white space", " \n\xE3\x80\x80\n", 6, NULL, NULL, NULL, "only white space"},
    {"unknown encoding", "abc", 3, "latin-9", NULL, NULL, "unknown encoding"},
};

static void test_encodings(void)
{
    for (size_t i = 0; i < sizeof ENCODINGS / sizeof ENCODINGS[0]; i++) {
        const enc_case *c = &ENCODINGS[i];
        check_current = c->name;
        pb_diags d;
        pb_diags_init(&d);
        size_t n = 0;
        const char *used = NULL;
        char *s = pb_encoding_decode(c->in, c->len, c->enc, "in.txt", &n, &used, &d);
        if (c->out) {
            CHECK(s != NULL);
            if (s) {
                CHECK_EQ_STR(s, c->out);
                CHECK_EQ_INT(n, strlen(c->out));
                CHECK_EQ_STR(used, c->used);
            }
        } else {
            CHECK(s == NULL);
            CHECK(d.n == 1 && d.v[0].sev == PB_DIAG_ERROR && !strcmp(d.v[0].file, "in.txt") &&
                  strstr(d.v[0].msg, c->err));
        }
        free(s);
        pb_diags_fini(&d);
    }
    check_current = "test_encodings";
}

/* Characters that are not text: noncharacters always (GB 18030 maps
 * 84 31 A4 39 to U+FFFF, which failed the PDF), controls and breaks only
 * where asked (pasted text leaves them to the line cleaning); a warning per
 * line, ten lines at most and then a count. */
static void test_not_text(void)
{
    pb_diags d;
    pb_diags_init(&d);
    size_t n = 0;
    const char *used = NULL;
    char *s = pb_encoding_decode("\xD6\xD0\x84\x31\xA4\x39\n\xCE\xC4", 9, "gb18030", "gb.txt", &n,
                                 &used, &d);
    CHECK_EQ_STR(s, "中\xEF\xBF\xBD\n文");
    CHECK(d.n == 1 && d.v[0].sev == PB_DIAG_WARNING && d.v[0].line == 1 &&
          strstr(d.v[0].msg, "U+FFFF is a Unicode noncharacter"));
    free(s);
    pb_diags_fini(&d);

    static const char mixed[] =
        "a\x01\xE2\x80\xA8\xC2\x85\xEF\xB7\xAF\r\nb\x7F\x00\rc\xF0\x9F\xBF\xBF";
    pb_diags_init(&d);
    s = pb_encoding_clean(mixed, sizeof mixed - 1, false, "m", 1, &n, &d);
    CHECK_EQ_STR(s, "a\x01\xE2\x80\xA8\xC2\x85\xEF\xBF\xBD\r\nb\x7F");
    CHECK(n == 20 && !memcmp(s + 14, "\0\rc\xEF\xBF\xBD", 6)); /* past the NUL */
    CHECK(d.n == 2 && d.v[0].line == 1 && d.v[1].line == 3);
    free(s);
    pb_diags_fini(&d);
    pb_diags_init(&d);
    s = pb_encoding_clean(mixed, sizeof mixed - 1, true, "m", 1, &n, &d);
    CHECK(
        n == 23 &&
        !memcmp(s, "a\xEF\xBF\xBD  \xEF\xBF\xBD\r\nb\xEF\xBF\xBD\xEF\xBF\xBD\rc\xEF\xBF\xBD", 23));
    CHECK(d.n == 3 && d.v[0].line == 1 && strstr(d.v[0].msg, "control character U+0001") &&
          strstr(d.v[0].msg, "(and 3 more on the line)") && d.v[1].line == 2 && d.v[2].line == 3);
    free(s);
    pb_diags_fini(&d);

    pb_diags_init(&d);
    CHECK(pb_encoding_clean("ab\tc\nd\xEF\xBF\xBD", 9, true, "m", 1, &n, &d) == NULL);
    CHECK_EQ_INT((int)d.n, 0);
    pb_buf many = {0};
    for (int i = 0; i < 15; i++)
        pb_buf_adds(&many, "x\xEF\xBF\xBF\n");
    s = pb_encoding_clean(many.s, many.n, false, "m", 1, &n, &d);
    CHECK(d.n == 11 && d.v[9].line == 10 && d.v[10].line == 0 &&
          strstr(d.v[10].msg, "5 more lines with characters that are not text"));
    free(s);
    pb_buf_fini(&many);
    pb_diags_fini(&d);
}

/* ---- photos from a folder ---- */

static void touch(const char *dir, const char *name)
{
    char *p = pb_strdupf("%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (f)
        fclose(f);
    free(p);
}

static void test_images(void)
{
    char dir[] = "/tmp/pb-import-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    static const char *const FILES[] = {"10.jpg",    "2.PNG",       "1.jpeg",
                                        "notes.txt", ".hidden.jpg", "3.webp"};
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++)
        touch(dir, FILES[i]);
    const char *text = "标题\n\n正文一段。\n\n▲甲\n▲乙\n▲丙\n\n正文二段。\n\n▲丁\n\n正文三段。\n\n▲"
                       "戊\n\n正文四段。\n";
    pb_diags d;
    pb_diags_init(&d);
    pb_import_settings s = {.images = dir, .base_dir = "art"};
    pb_import_report rep;
    pb_doc *doc = pb_import_parse(text, strlen(text), "art/t.txt", &s, &rep, &d);
    CHECK(doc != NULL);
    if (doc) {
        static const char *const WANT[] = {"1.jpeg", "2.PNG", "3.webp", "10.jpg", NULL};
        int k = 0;
        for (int i = 0; i < doc->nblocks; i++) {
            if (doc->blocks[i].kind != PB_BLOCK_FIGURE)
                continue;
            char *want = WANT[k] ? pb_strdupf("%s/%s", dir, WANT[k]) : pb_xstrdup("img/photo5.jpg");
            CHECK_EQ_STR(doc->blocks[i].src, want);
            free(want);
            k++;
        }
        CHECK_EQ_INT(k, 5);
        CHECK_EQ_INT(rep.nfigures, 5);
        CHECK_EQ_INT(rep.nimages, 4);
        CHECK(d.n == 1 && d.v[0].sev == PB_DIAG_WARNING &&
              strstr(d.v[0].msg, "4 photos in the folder, 5 figures"));
        pb_doc_free(doc);
    }
    pb_diags_fini(&d);
    /* a folder inside the Markdown's folder is written relative to it */
    pb_diags_init(&d);
    char *base = pb_path_dir(dir);
    char *sub = pb_xstrdup(dir + strlen(base) + 1);
    pb_import_settings rel = {.images = dir, .base_dir = base};
    doc = pb_import_parse(text, strlen(text), "art/t.txt", &rel, NULL, &d);
    CHECK(doc != NULL);
    if (doc) {
        char *want = pb_strdupf("%s/1.jpeg", sub);
        CHECK_EQ_STR(doc->blocks[1].src, want);
        free(want);
        pb_doc_free(doc);
    }
    pb_diags_fini(&d);
    free(base);
    free(sub);
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        char *p = pb_strdupf("%s/%s", dir, FILES[i]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
    /* a folder that is not there is an error */
    pb_diags_init(&d);
    pb_import_settings none = {.images = "/nonexistent/photos"};
    CHECK(pb_import_parse(text, strlen(text), "t.txt", &none, NULL, &d) == NULL);
    CHECK(d.n == 1 && d.v[0].sev == PB_DIAG_ERROR && strstr(d.v[0].msg, "images folder"));
    pb_diags_fini(&d);
}

/* ---- the report ---- */

static void test_explain(void)
{
    const char *text =
        "当前位置：首页 > 新闻\n城市书房开门了\n发布时间：2026-01-08 来源：望川融媒\n\n"
        "编者按\n\n书香，让城市更有温度。\n\n1月7日，第十座城市书房开门迎客。\n\n"
        "分享到：微信 微博\n\n图片\n\n";
    pb_diags d;
    pb_diags_init(&d);
    pb_import_report rep;
    pb_doc *doc = pb_import_parse(text, strlen(text), "t.txt", NULL, &rep, &d);
    CHECK(doc != NULL);
    if (!doc)
        return;
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    pb_import_explain(doc, &rep, f);
    fclose(f);
    static const char *const WANT[] = {
        "t.txt: UTF-8, 14 lines, lang zh-Hans, one paragraph per line, 0 figures\n",
        "\n    1  dropped: breadcrumb              当前位置：首页 > 新闻\n",
        "\n    2  title (text)                     城市书房开门了\n",
        "\n    3  date+source (meta)               发布时间：2026-01-08 来源：望川融媒\n",
        "\n    4  blank                            \n",
        "\n    5  note (note label)                编者按\n",
        "\n    7  note (after the label)           书香，让城市更有温度。\n",
        "\n    9  body                             1月7日，第十座城市书房开门迎客。\n",
        "\n   11  dropped: widget                  分享到：微信 微博\n",
        "\n   13  dropped: trailing image          图片\n",
        "\n   14  blank                            \n",
    };
    for (size_t i = 0; i < sizeof WANT / sizeof WANT[0]; i++)
        if (!strstr(s, WANT[i])) {
            fprintf(stderr, "explain lacks \"%s\" in:\n%s", WANT[i], s);
            check_failures++;
        }
    CHECK_EQ_INT(rep.nlines, 14);
    free(s);
    pb_doc_free(doc);
    pb_diags_fini(&d);
}

/* ---- robustness ---- */

/* Arbitrary bytes never crash the importer; it returns a tree or an error. */
static void test_garbage(void)
{
    unsigned x = 12345;
    static const char *const ENCS[] = {NULL, "gb18030", "utf-16", "utf-8"};
    for (int round = 0; round < 400; round++) {
        char buf[300];
        size_t n = (size_t)(x % sizeof buf);
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            unsigned r = (x >> 16) & 0xFF;
            /* lean towards line ends, spaces and the lead bytes of CJK text */
            buf[i] = (char)(r < 40 ? '\n' : r < 60 ? ' ' : r < 200 ? 0xE0 + (r & 0x0F) : r);
        }
        x = x * 1103515245u + 12345u;
        pb_diags d;
        pb_diags_init(&d);
        pb_import_settings s = {.encoding = ENCS[round % 4]};
        pb_doc *doc = pb_import_parse(buf, n, "g.txt", &s, NULL, &d);
        CHECK(doc || pb_diags_failed(&d));
        pb_doc_free(doc);
        pb_diags_fini(&d);
    }
}

/* A long article imports in time linear in its length. */
static void test_long_article(void)
{
    pb_buf b = {0};
    pb_buf_adds(&b, "标题\n\n");
    for (int i = 0; i < 5000; i++)
        pb_buf_addf(&b,
                    "第%d段，市民们说这里越来越美了,街道整洁,绿意盎然.\n\n小标题%d\n\n▲图%d\n\n", i,
                    i, i);
    clock_t t0 = clock();
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *doc = pb_import_parse(b.s, b.n, "long.txt", NULL, NULL, &d);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(doc != NULL);
    CHECK(secs < 20); /* about 0.1 s; generous for sanitizer builds */
    if (doc)
        CHECK_EQ_INT(doc->nblocks, 15000);
    pb_doc_free(doc);
    pb_diags_fini(&d);
    pb_buf_fini(&b);
}

/* ---- golden articles ---- */

static void golden_one(const char *txt)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_import_settings s = {.base_dir = "tests/import"};
    pb_import_report rep;
    pb_doc *doc = pb_import_load(txt, &s, &rep, &d);
    CHECK(doc != NULL);
    if (!doc) {
        pb_diags_print(&d, stderr);
        pb_diags_fini(&d);
        return;
    }
    char *md = markdown_string(doc), *ex = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&ex, &n);
    pb_import_explain(doc, &rep, f);
    fclose(f);
    size_t stem = strlen(txt) - 4;
    char *mdpath = pb_strdupf("%.*s.md", (int)stem, txt);
    char *expath = pb_strdupf("%.*s.explain", (int)stem, txt);
    check_golden(mdpath, md);
    check_golden(expath, ex);
    check_round_trip(doc, txt);
    free(mdpath);
    free(expath);
    free(md);
    free(ex);
    pb_doc_free(doc);
    pb_diags_fini(&d);
}

static void test_golden_articles(void)
{
    DIR *dp = opendir("tests/import");
    CHECK(dp != NULL);
    if (!dp)
        return;
    int k = 0;
    for (struct dirent *e; (e = readdir(dp));) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt"))
            continue;
        char *p = pb_strdupf("tests/import/%s", e->d_name);
        golden_one(p);
        free(p);
        k++;
    }
    closedir(dp);
    CHECK(k >= 5);
}

CHECK_MAIN(T(test_line_rules), T(test_shapes), T(test_lang), T(test_articles),
           T(test_markdown_escapes), T(test_encodings), T(test_not_text), T(test_images),
           T(test_explain), T(test_garbage), T(test_long_article), T(test_golden_articles),
           T(test_no_title), T(test_caption_runs), T(test_periods))
