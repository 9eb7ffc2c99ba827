/*
 * pages.c: server-rendered HTML for the desk (front page, story, storyline, entity, search,
 * errors) and the Atom feed of the front page. Takes the JSON documents of views.c and gives
 * whole documents: one inline style sheet sized for phones first, no external assets, no
 * script. Every string from a document goes through nd__escape_html (src/base/text.c); numbers are formatted
 * here; links are built only from ids, which are percent-encoded.
 */
#include "pages.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "newsdesk.h"
#include "text.h"
#include "views.h"

#define PAGE_LIMIT (16u << 20) /* a page larger than this is refused (ND_ETOOBIG) */

static const char style[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1b;"
    "background:#f6f5f1}"
    "header{background:#1d2a3a;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;"
    "align-items:center;justify-content:space-between}"
    "header a{color:#fff;text-decoration:none;font-weight:700;font-size:1.2rem}"
    "header form{display:flex;gap:.3rem;flex:1 1 14rem;max-width:28rem}"
    "header input{flex:1;padding:.35rem .5rem;border:0;border-radius:4px;font-size:1rem;min-width:0}"
    "header button{padding:.35rem .7rem;border:0;border-radius:4px;background:#e9b949;font-size:1rem}"
    "main{max-width:52rem;margin:0 auto;padding:1rem}"
    "article.story{background:#fff;border-radius:6px;padding:.8rem 1rem;margin:0 0 1rem;"
    "box-shadow:0 1px 2px rgba(0,0,0,.08)}"
    "h1{font-size:1.5rem;line-height:1.25;margin:.2rem 0 .6rem}"
    "h2{font-size:1.15rem;line-height:1.3;margin:.1rem 0 .4rem}"
    "h2 a,h1 a{color:#12335e;text-decoration:none}"
    "h3{font-size:1rem;margin:1.2rem 0 .4rem;text-transform:uppercase;letter-spacing:.04em;color:#555}"
    ".meta{color:#5d5d5d;font-size:.9rem;margin:.2rem 0 .5rem}"
    ".hot{background:#c0392b;color:#fff;border-radius:3px;padding:0 .35rem;font-size:.8rem;margin-right:.3rem}"
    ".summary p{margin:.3rem 0}"
    "ol.timeline{list-style:none;padding:0;border-left:3px solid #d6d2c4;margin-left:.4rem}"
    "ol.timeline li{padding:.1rem 0 .6rem .8rem}"
    "ol.timeline time{font-weight:600;color:#333;margin-right:.4rem;white-space:nowrap}"
    ".copy{color:#8a6d00;font-size:.85rem}"
    "blockquote{margin:.4rem 0;padding:.4rem .8rem;border-left:4px solid #e9b949;background:#fffaf0}"
    "blockquote footer{color:#555;font-size:.9rem;margin-top:.2rem}"
    ".pair{display:grid;grid-template-columns:1fr 1fr;gap:.6rem;margin:.5rem 0}"
    ".pair div{background:#f1f4f8;padding:.5rem;border-radius:4px;font-size:.95rem}"
    ".pair b{display:block;font-size:.8rem;color:#555}"
    "@media (max-width:36rem){.pair{grid-template-columns:1fr}}"
    "ul.names{padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.3rem}"
    "ul.names li a,ul.names li span{display:inline-block;background:#e7ecf3;border-radius:12px;"
    "padding:.05rem .6rem;color:#12335e;text-decoration:none;font-size:.9rem}"
    "mark{background:#ffe58a}"
    "nav.pages{display:flex;justify-content:space-between;margin:1rem 0}"
    "footer.site{color:#777;font-size:.8rem;text-align:center;padding:1rem}";

/* ---- a small writer that remembers its first error ------------------------------------------- */
typedef struct writer {
    nd__buf *out;
    int status;
} writer;

static void raw(writer *w, const char *text)
{
    if (w->status == ND_OK && text)
        w->status = nd__buf_append(w->out, text, strlen(text));
}

static void text(writer *w, const char *value)
{
    if (w->status == ND_OK && value)
        w->status = nd__escape_html(w->out, value, strlen(value));
}

/* Formats numbers and fixed markup only: never a string from a document. */
static void fmt(writer *w, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void fmt(writer *w, const char *format, ...)
{
    char buffer[256];
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(buffer, sizeof buffer, format, ap);
    va_end(ap);
    if (n > 0)
        raw(w, buffer);
}

/* A path segment: only unreserved characters pass, everything else is %XX. */
static void id_segment(writer *w, const char *id)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p && w->status == ND_OK; p++) {
        char piece[4];
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '_' || *p == '.' || *p == '~') {
            piece[0] = (char)*p;
            piece[1] = '\0';
        } else {
            piece[0] = '%';
            piece[1] = hex[*p >> 4];
            piece[2] = hex[*p & 15];
            piece[3] = '\0';
        }
        raw(w, piece);
    }
}

static void page_start(writer *w, const char *title, const char *query_text)
{
    raw(w, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>");
    text(w, title);
    raw(w, " · newsdesk</title><link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feed.xml\">"
           "<style>");
    raw(w, style);
    raw(w, "</style></head><body><header><a href=\"/\">newsdesk</a>"
           "<form action=\"/search\" method=\"get\" role=\"search\"><input type=\"search\" name=\"q\" "
           "placeholder=\"Search stories\" aria-label=\"Search stories\" value=\"");
    text(w, query_text ? query_text : "");
    raw(w, "\"><button>Search</button></form></header><main>\n");
}

static void page_end(writer *w)
{
    raw(w, "</main><footer class=\"site\">newsdesk · <a href=\"/feed.xml\">Atom feed</a> · "
           "<a href=\"/api/stories\">JSON API</a></footer></body></html>\n");
}

static void story_meta(writer *w, const cJSON *story)
{
    raw(w, "<p class=\"meta\">");
    if (nd__doc_number(story, "hot") >= 2)
        raw(w, "<span class=\"hot\">hot</span>");
    const char *when = nd__doc_string(story, "when"), *where = nd__doc_string(story, "where");
    if (when) {
        raw(w, "<time>");
        text(w, when);
        raw(w, "</time>");
    }
    if (where) {
        raw(w, when ? " · " : "");
        text(w, where);
    }
    fmt(w, "%s%.0f article%s from %.0f outlet%s", when || where ? " · " : "", nd__doc_number(story, "article_count"),
        nd__doc_number(story, "article_count") == 1 ? "" : "s", nd__doc_number(story, "outlet_count"),
        nd__doc_number(story, "outlet_count") == 1 ? "" : "s");
    const cJSON *first = cJSON_GetObjectItemCaseSensitive(story, "first");
    const char *first_name = first ? nd__doc_string(first, "source") : NULL;
    if (first && (!first_name || !first_name[0]))
        first_name = nd__doc_string(first, "id");
    if (first_name) {
        raw(w, " · first: ");
        text(w, first_name);
    }
    raw(w, "</p>");
}

static void summary_paragraphs(writer *w, const cJSON *story, int at_most)
{
    const cJSON *sentences = nd__doc_array(story, "summary");
    const cJSON *s;
    int n = 0;
    raw(w, "<div class=\"summary\">");
    cJSON_ArrayForEach(s, sentences)
    {
        if (!cJSON_IsString(s) || (at_most && n >= at_most))
            break;
        raw(w, "<p>");
        text(w, s->valuestring);
        raw(w, "</p>");
        n++;
    }
    raw(w, "</div>");
}

static void story_card(writer *w, const cJSON *story)
{
    raw(w, "<article class=\"story\"><h2><a href=\"/stories/");
    fmt(w, "%.0f", nd__doc_number(story, "id"));
    raw(w, "\">");
    text(w, nd__doc_string(story, "headline"));
    raw(w, "</a></h2>");
    story_meta(w, story);
    summary_paragraphs(w, story, 2);
    raw(w, "</article>\n");
}

static int finish(writer *w) { return w->status; }

int nd__page_front(const cJSON *front, const char *query_text, nd__buf *out)
{
    writer w = {out, ND_OK};
    int hot = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(front, "hot"));
    page_start(&w, hot ? "Hot stories" : "Front page", query_text);
    raw(&w, hot ? "<h1>Hot now</h1>" : "<h1>Front page</h1>");
    const cJSON *story;
    size_t n = 0;
    cJSON_ArrayForEach(story, nd__doc_array(front, "stories"))
    {
        story_card(&w, story);
        n++;
    }
    if (n == 0)
        raw(&w, "<p>No stories yet. Ingest some articles: <code>newsdesk ingest PATH</code>.</p>");
    double limit = nd__doc_number(front, "limit"), offset = nd__doc_number(front, "offset");
    raw(&w, "<nav class=\"pages\">");
    if (offset > 0)
        fmt(&w, "<a href=\"/?offset=%.0f&amp;limit=%.0f\">&larr; newer</a>", offset > limit ? offset - limit : 0, limit);
    else
        raw(&w, "<span></span>");
    if ((double)n >= limit && limit > 0)
        fmt(&w, "<a href=\"/?offset=%.0f&amp;limit=%.0f\">older &rarr;</a>", offset + limit, limit);
    raw(&w, "</nav>");
    page_end(&w);
    return finish(&w);
}

static void entity_list(writer *w, const char *heading, const cJSON *list)
{
    if (!list || cJSON_GetArraySize(list) == 0)
        return;
    raw(w, "<h3>");
    raw(w, heading);
    raw(w, "</h3><ul class=\"names\">");
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
        raw(w, "<li>");
        if (cJSON_IsNumber(id)) {
            fmt(w, "<a href=\"/entities/%.0f\">", id->valuedouble);
            text(w, nd__doc_string(e, "name"));
            raw(w, "</a>");
        } else {
            raw(w, "<span>");
            text(w, nd__doc_string(e, "name"));
            raw(w, "</span>");
        }
        raw(w, "</li>");
    }
    raw(w, "</ul>");
}

int nd__page_story(const cJSON *story, nd__buf *out)
{
    writer w = {out, ND_OK};
    page_start(&w, nd__doc_string(story, "headline"), NULL);
    raw(&w, "<article class=\"story\"><h1>");
    text(&w, nd__doc_string(story, "headline"));
    raw(&w, "</h1>");
    story_meta(&w, story);
    summary_paragraphs(&w, story, 0);
    const cJSON *storyline = cJSON_GetObjectItemCaseSensitive(story, "storyline");
    if (cJSON_IsNumber(storyline))
        fmt(&w, "<p class=\"meta\"><a href=\"/storylines/%.0f\">Storyline &rarr;</a></p>", storyline->valuedouble);

    raw(&w, "<h3>Timeline and sources</h3><ol class=\"timeline\" id=\"sources\">");
    const cJSON *a;
    cJSON_ArrayForEach(a, nd__doc_array(story, "articles"))
    {
        raw(&w, "<li class=\"source\"><time>");
        text(&w, nd__doc_string(a, "day") ? nd__doc_string(a, "day") : "undated");
        raw(&w, "</time>");
        const char *url = nd__doc_string(a, "url"), *source = nd__doc_string(a, "source"), *title = nd__doc_string(a, "title");
        const char *name = source && source[0] ? source : nd__doc_string(a, "id");
        int safe_url = url && (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0);
        if (safe_url) {
            raw(&w, "<a rel=\"nofollow noopener\" href=\"");
            text(&w, url);
            raw(&w, "\">");
            text(&w, name);
            raw(&w, "</a>");
        } else
            text(&w, name);
        if (title && title[0]) {
            raw(&w, ": ");
            text(&w, title);
        } else if (nd__doc_string(a, "lead")) {
            raw(&w, ": ");
            text(&w, nd__doc_string(a, "lead"));
        }
        if (nd__doc_string(a, "duplicate_of")) {
            raw(&w, " <span class=\"copy\">copy of ");
            text(&w, nd__doc_string(a, "duplicate_of"));
            raw(&w, "</span>");
        }
        raw(&w, " <a class=\"meta\" href=\"/api/articles/");
        id_segment(&w, nd__doc_string(a, "id"));
        raw(&w, "\">text</a>");
        raw(&w, "</li>");
    }
    raw(&w, "</ol>");

    const cJSON *quotes = nd__doc_array(story, "quotes");
    if (quotes && cJSON_GetArraySize(quotes)) {
        raw(&w, "<h3>Quotes</h3>");
        const cJSON *q;
        cJSON_ArrayForEach(q, quotes)
        {
            raw(&w, "<blockquote class=\"quote\"><p>");
            int direct = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, "direct"));
            raw(&w, direct ? "&ldquo;" : "");
            text(&w, nd__doc_string(q, "text"));
            raw(&w, direct ? "&rdquo;" : "");
            raw(&w, "</p><footer>");
            const char *speaker = nd__doc_string(q, "speaker");
            text(&w, speaker && speaker[0] ? speaker : "unattributed");
            raw(&w, direct ? "" : " (reported)");
            raw(&w, "</footer></blockquote>");
        }
    }
    const cJSON *passages = nd__doc_array(story, "passages");
    if (passages && cJSON_GetArraySize(passages)) {
        raw(&w, "<h3>Shared passages</h3>");
        const cJSON *p;
        cJSON_ArrayForEach(p, passages)
        {
            raw(&w, "<div class=\"pair passage\"><div><b>");
            text(&w, nd__doc_string(p, "a"));
            raw(&w, "</b>");
            text(&w, nd__doc_string(p, "a_text"));
            raw(&w, "</div><div><b>");
            text(&w, nd__doc_string(p, "b"));
            raw(&w, "</b>");
            text(&w, nd__doc_string(p, "b_text"));
            raw(&w, "</div></div>");
        }
    }
    entity_list(&w, "People", nd__doc_array(story, "people"));
    entity_list(&w, "Organisations", nd__doc_array(story, "organisations"));
    entity_list(&w, "Places", nd__doc_array(story, "places"));
    raw(&w, "</article>");
    page_end(&w);
    return finish(&w);
}

/* Stories as a timeline: each card under its day. */
static void story_timeline(writer *w, const cJSON *stories)
{
    raw(w, "<ol class=\"timeline\">");
    const cJSON *story;
    cJSON_ArrayForEach(story, stories)
    {
        raw(w, "<li><time>");
        text(w, nd__doc_string(story, "when") ? nd__doc_string(story, "when") : "undated");
        raw(w, "</time>");
        story_card(w, story);
        raw(w, "</li>");
    }
    raw(w, "</ol>");
}

int nd__page_storyline(const cJSON *storyline, nd__buf *out)
{
    writer w = {out, ND_OK};
    page_start(&w, "Storyline", NULL);
    fmt(&w, "<h1>Storyline %.0f</h1><p class=\"meta\">%.0f stories, %.0f articles</p>", nd__doc_number(storyline, "id"),
        nd__doc_number(storyline, "story_count"), nd__doc_number(storyline, "article_count"));
    story_timeline(&w, nd__doc_array(storyline, "stories"));
    page_end(&w);
    return finish(&w);
}

int nd__page_entity(const cJSON *entity, nd__buf *out)
{
    writer w = {out, ND_OK};
    page_start(&w, nd__doc_string(entity, "name"), NULL);
    raw(&w, "<h1>");
    text(&w, nd__doc_string(entity, "name"));
    raw(&w, "</h1><p class=\"meta\">");
    text(&w, nd__doc_string(entity, "type"));
    fmt(&w, " · named in %.0f articles", nd__doc_number(entity, "article_count"));
    raw(&w, "</p>");
    const cJSON *variants = nd__doc_array(entity, "variants");
    if (variants && cJSON_GetArraySize(variants)) {
        raw(&w, "<h3>Also written</h3><ul class=\"names\">");
        const cJSON *v;
        cJSON_ArrayForEach(v, variants)
        {
            raw(&w, "<li><span>");
            text(&w, cJSON_IsString(v) ? v->valuestring : "");
            raw(&w, "</span></li>");
        }
        raw(&w, "</ul>");
    }
    raw(&w, "<h3>Stories over time</h3>");
    story_timeline(&w, nd__doc_array(entity, "stories"));
    page_end(&w);
    return finish(&w);
}

int nd__page_search(const cJSON *results, const char *query_text, nd__buf *out)
{
    writer w = {out, ND_OK};
    page_start(&w, "Search", query_text);
    raw(&w, "<h1>Search: ");
    text(&w, query_text);
    raw(&w, "</h1>");
    const cJSON *story;
    size_t n = 0;
    cJSON_ArrayForEach(story, nd__doc_array(results, "stories"))
    {
        raw(&w, "<article class=\"story\"><h2><a href=\"/stories/");
        fmt(&w, "%.0f", nd__doc_number(story, "id"));
        raw(&w, "\">");
        text(&w, nd__doc_string(story, "headline"));
        raw(&w, "</a></h2>");
        story_meta(&w, story);
        /* The snippet marks matches with U+2039 and U+203A (views.c); they become <mark>. */
        const char *snippet = nd__doc_string(story, "snippet");
        if (snippet) {
            raw(&w, "<p>");
            char piece[4096];
            const char *p = snippet;
            while (*p && w.status == ND_OK) {
                const char *open = strstr(p, "\xE2\x80\xB9"), *close = strstr(p, "\xE2\x80\xBA");
                const char *next = open && (!close || open < close) ? open : close;
                size_t len = next ? (size_t)(next - p) : strlen(p);
                while (len > 0) {
                    size_t take = len < sizeof piece - 1 ? len : sizeof piece - 1;
                    memcpy(piece, p, take);
                    piece[take] = '\0';
                    text(&w, piece);
                    p += take;
                    len -= take;
                }
                if (!next)
                    break;
                raw(&w, next == open ? "<mark>" : "</mark>");
                p = next + 3;
            }
            raw(&w, "</p>");
        }
        raw(&w, "</article>");
        n++;
    }
    if (n == 0)
        raw(&w, "<p>No story matches.</p>");
    page_end(&w);
    return finish(&w);
}

int nd__page_error(int http_status, const char *message, nd__buf *out)
{
    writer w = {out, ND_OK};
    page_start(&w, "Not here", NULL);
    fmt(&w, "<h1>%d</h1><p>", http_status);
    text(&w, message);
    raw(&w, "</p><p><a href=\"/\">Front page</a></p>");
    page_end(&w);
    return finish(&w);
}

int nd__feed_atom(const cJSON *front, const char *base, nd__buf *out)
{
    writer w = {out, ND_OK};
    raw(&w, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
            "<title>newsdesk front page</title><id>");
    text(&w, base);
    raw(&w, "/</id><link rel=\"self\" href=\"");
    text(&w, base);
    raw(&w, "/feed.xml\"/><link href=\"");
    text(&w, base);
    raw(&w, "/\"/><updated>");
    const char *now = nd__doc_string(front, "now");
    text(&w, now && strlen(now) >= 10 ? now : "1970-01-01");
    raw(&w, now && strlen(now) == 10 ? "T00:00:00Z" : "");
    raw(&w, "</updated>\n");
    const cJSON *story;
    cJSON_ArrayForEach(story, nd__doc_array(front, "stories"))
    {
        raw(&w, "<entry><title>");
        text(&w, nd__doc_string(story, "headline"));
        raw(&w, "</title><id>");
        text(&w, base);
        fmt(&w, "/stories/%.0f</id><link href=\"", nd__doc_number(story, "id"));
        text(&w, base);
        fmt(&w, "/stories/%.0f\"/><updated>", nd__doc_number(story, "id"));
        const char *day = nd__doc_string(story, "last_day") ? nd__doc_string(story, "last_day") : "1970-01-01";
        text(&w, day);
        raw(&w, strlen(day) == 10 ? "T00:00:00Z" : "");
        raw(&w, "</updated><summary>");
        const cJSON *s;
        cJSON_ArrayForEach(s, nd__doc_array(story, "summary"))
        {
            if (cJSON_IsString(s)) {
                text(&w, s->valuestring);
                raw(&w, " ");
            }
        }
        raw(&w, "</summary></entry>\n");
    }
    raw(&w, "</feed>\n");
    return finish(&w);
}
