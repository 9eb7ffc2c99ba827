/*
 * text.c: a view's document as readable text for a terminal, what `newsdesk front`, `story`,
 * `storyline`, `entity` and `search` print: headlines and summaries wrapped at 80 columns
 * (counting bytes, breaking at spaces), one line of when, where and counts per story. Takes the
 * documents of views.c (the same the JSON API sends), so text and JSON always agree.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hot.h"
#include "text.h"
#include "views.h"

typedef struct writer {
    nd__buf *out;
    int status;
} writer;

static void put(writer *w, const char *text, size_t len)
{
    if (w->status == ND_OK)
        w->status = nd__buf_append(w->out, text, len);
}

static void puts_w(writer *w, const char *text) { put(w, text, strlen(text)); }

static void out(writer *w, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void out(writer *w, const char *format, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(small, sizeof small, format, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        put(w, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        w->status = ND_ENOMEM;
        return;
    }
    va_start(ap, format);
    vsnprintf(big, (size_t)n + 1, format, ap);
    va_end(ap);
    put(w, big, (size_t)n);
    free(big);
}

/* Text wrapped at 80 columns: the first line after `first`, the others after `indent` (of the
 * same width). */
static void wrapped_after(writer *w, const char *first, const char *indent, const char *text)
{
    size_t width = 80 - strlen(indent), column = 0;
    const char *p = text;
    puts_w(w, first);
    while (*p) {
        const char *space = strchr(p, ' ');
        size_t word = space ? (size_t)(space - p) : strlen(p);
        if (column && column + 1 + word > width) {
            puts_w(w, "\n");
            puts_w(w, indent);
            column = 0;
        } else if (column) {
            puts_w(w, " ");
            column++;
        }
        put(w, p, word);
        column += word;
        p += word;
        while (*p == ' ')
            p++;
    }
    puts_w(w, "\n");
}

static void wrapped(writer *w, const char *indent, const char *text) { wrapped_after(w, indent, indent, text); }

static void meta_line(writer *w, const char *indent, const cJSON *story)
{
    const char *when = nd__doc_string(story, "when"), *where = nd__doc_string(story, "where");
    const cJSON *first = cJSON_GetObjectItemCaseSensitive(story, "first");
    const char *first_name = first ? nd__doc_string(first, "source") : NULL;
    if (first && (!first_name || !first_name[0]))
        first_name = nd__doc_string(first, "id");
    out(w, "%s%s%s%s%s%s%.0f article%s from %.0f outlet%s", indent,
        nd__doc_number(story, "hot") >= ND__HOT_THRESHOLD ? "HOT · " : "", when ? when : "", when && where ? " · " : "",
        where ? where : "", when || where ? " · " : "", nd__doc_number(story, "article_count"),
        nd__doc_number(story, "article_count") == 1 ? "" : "s", nd__doc_number(story, "outlet_count"),
        nd__doc_number(story, "outlet_count") == 1 ? "" : "s");
    if (first_name)
        out(w, " · first: %s", first_name);
    out(w, " · story %.0f\n", nd__doc_number(story, "id"));
}

static void card(writer *w, int number, const cJSON *story, int sentences)
{
    char indent[16];
    snprintf(indent, sizeof indent, "%*s", number >= 10 ? 5 : 4, "");
    char first[16];
    snprintf(first, sizeof first, "%2d. ", number);
    const char *headline = nd__doc_string(story, "headline");
    wrapped_after(w, first, indent, headline && headline[0] ? headline : "(no headline)");
    meta_line(w, indent, story);
    const cJSON *s;
    int n = 0;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(story, "summary"))
    {
        if (!cJSON_IsString(s) || n++ >= sentences)
            break;
        wrapped(w, indent, s->valuestring);
    }
    puts_w(w, "\n");
}

/* "Label: a, b, c" wrapped, nothing when the list is empty. */
static void names(writer *w, const char *label, const cJSON *list, int objects)
{
    if (cJSON_GetArraySize(list) == 0)
        return;
    char line[4096];
    size_t used = (size_t)snprintf(line, sizeof line, "%s: ", label);
    const cJSON *e;
    int first = 1;
    cJSON_ArrayForEach(e, list)
    {
        const char *name = objects ? nd__doc_string(e, "name") : cJSON_IsString(e) ? e->valuestring : NULL;
        if (name && used < sizeof line)
            used += (size_t)snprintf(line + used, sizeof line - used, "%s%s", first ? "" : ", ", name);
        first = 0;
    }
    wrapped(w, "", line);
}

int nd__text_front(const cJSON *doc, nd__buf *buf)
{
    writer w = {buf, ND_OK};
    const cJSON *stories = cJSON_GetObjectItemCaseSensitive(doc, "stories");
    int hot = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "hot"));
    const char *now = nd__doc_string(doc, "now");
    out(&w, "%s%s%s%s\n\n", hot ? "Hot now" : "Front page", now ? " (desk clock " : "", now ? now : "", now ? ")" : "");
    int n = (int)nd__doc_number(doc, "offset");
    const cJSON *story;
    cJSON_ArrayForEach(story, stories)
    card(&w, ++n, story, 2);
    if (cJSON_GetArraySize(stories) == 0)
        puts_w(&w, hot ? "No story is rising now.\n" : "No stories in the store yet.\n");
    return w.status;
}

int nd__text_story(const cJSON *story, nd__buf *buf)
{
    writer w = {buf, ND_OK};
    const char *headline = nd__doc_string(story, "headline");
    wrapped(&w, "", headline && headline[0] ? headline : "(no headline)");
    meta_line(&w, "", story);
    out(&w, "storyline %.0f · when from the %s\n\n", nd__doc_number(story, "storyline"),
        nd__doc_string(story, "when_from") ? nd__doc_string(story, "when_from") : "(unknown)");
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(story, "summary"))
    if (cJSON_IsString(s))
        wrapped(&w, "  ", s->valuestring);
    puts_w(&w, "\nSources (timeline)\n");
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(story, "articles"))
    {
        const char *source = nd__doc_string(a, "source"), *url = nd__doc_string(a, "url"), *title = nd__doc_string(a, "title");
        const char *day = nd__doc_string(a, "day"), *copy = nd__doc_string(a, "duplicate_of");
        out(&w, "  %-10s  %s%s%s%s%s%s\n", day ? day : "undated", nd__doc_string(a, "id"), source && source[0] ? " · " : "",
            source ? source : "", url && url[0] ? " · " : "", url ? url : "", copy ? " (copy)" : "");
        const char *lead = nd__doc_string(a, "lead");
        if (title && title[0])
            wrapped(&w, "              ", title);
        else if (lead && lead[0])
            wrapped(&w, "              ", lead);
    }
    puts_w(&w, "\n");
    names(&w, "People", cJSON_GetObjectItemCaseSensitive(story, "people"), 1);
    names(&w, "Organisations", cJSON_GetObjectItemCaseSensitive(story, "organisations"), 1);
    names(&w, "Places", cJSON_GetObjectItemCaseSensitive(story, "places"), 1);
    const cJSON *quotes = cJSON_GetObjectItemCaseSensitive(story, "quotes");
    if (cJSON_GetArraySize(quotes)) {
        puts_w(&w, "\nQuotes\n");
        const cJSON *q;
        cJSON_ArrayForEach(q, quotes)
        {
            int direct = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, "direct"));
            const char *speaker = nd__doc_string(q, "speaker");
            char line[8192];
            snprintf(line, sizeof line, "%s%s%s — %s%s", direct ? "\xE2\x80\x9C" : "", nd__doc_string(q, "text"),
                     direct ? "\xE2\x80\x9D" : "", speaker && speaker[0] ? speaker : "unattributed",
                     direct ? "" : " (reported)");
            wrapped(&w, "  ", line);
        }
    }
    const cJSON *passages = cJSON_GetObjectItemCaseSensitive(story, "passages");
    if (cJSON_GetArraySize(passages)) {
        puts_w(&w, "\nShared passages\n");
        const cJSON *p;
        cJSON_ArrayForEach(p, passages)
        {
            out(&w, "  %s and %s, %.0f words:\n", nd__doc_string(p, "a"), nd__doc_string(p, "b"), nd__doc_number(p, "words"));
            wrapped(&w, "    ", nd__doc_string(p, "a_text"));
        }
    }
    return w.status;
}

int nd__text_storyline(const cJSON *doc, nd__buf *buf)
{
    writer w = {buf, ND_OK};
    out(&w, "Storyline %.0f: %.0f stor%s, %.0f article%s\n\n", nd__doc_number(doc, "id"), nd__doc_number(doc, "story_count"),
        nd__doc_number(doc, "story_count") == 1 ? "y" : "ies", nd__doc_number(doc, "article_count"),
        nd__doc_number(doc, "article_count") == 1 ? "" : "s");
    int n = 0;
    const cJSON *story;
    cJSON_ArrayForEach(story, cJSON_GetObjectItemCaseSensitive(doc, "stories"))
    card(&w, ++n, story, 1);
    return w.status;
}

int nd__text_entity(const cJSON *doc, nd__buf *buf)
{
    writer w = {buf, ND_OK};
    out(&w, "%s (%s), named in %.0f articles\n", nd__doc_string(doc, "name"), nd__doc_string(doc, "type"), nd__doc_number(doc, "article_count"));
    names(&w, "Also written", cJSON_GetObjectItemCaseSensitive(doc, "variants"), 0);
    puts_w(&w, "\nStories over time\n\n");
    int n = 0;
    const cJSON *story;
    cJSON_ArrayForEach(story, cJSON_GetObjectItemCaseSensitive(doc, "stories"))
    card(&w, ++n, story, 1);
    return w.status;
}

int nd__text_search(const cJSON *doc, nd__buf *buf)
{
    writer w = {buf, ND_OK};
    out(&w, "Search: %s (%.0f stor%s)\n\n", nd__doc_string(doc, "query"), nd__doc_number(doc, "total"), nd__doc_number(doc, "total") == 1 ? "y" : "ies");
    int n = (int)nd__doc_number(doc, "offset");
    const cJSON *story;
    cJSON_ArrayForEach(story, cJSON_GetObjectItemCaseSensitive(doc, "stories"))
    {
        char first[16];
        snprintf(first, sizeof first, "%2d. ", ++n);
        wrapped_after(&w, first, n >= 10 ? "     " : "    ", nd__doc_string(story, "headline"));
        meta_line(&w, "    ", story);
        /* Matches are marked with U+2039 and U+203A in the document; [ and ] on a terminal. */
        const char *snippet = nd__doc_string(story, "snippet");
        char *text = strdup(snippet ? snippet : "");
        if (!text) {
            w.status = ND_ENOMEM;
            break;
        }
        char *o = text;
        for (const char *p = text; *p;) {
            if (strncmp(p, "\xE2\x80\xB9", 3) == 0 || strncmp(p, "\xE2\x80\xBA", 3) == 0) {
                *o++ = p[2] == '\xB9' ? '[' : ']';
                p += 3;
            } else
                *o++ = *p++;
        }
        *o = '\0';
        wrapped(&w, "    ", text);
        free(text);
        puts_w(&w, "\n");
    }
    if (nd__doc_number(doc, "total") == 0)
        puts_w(&w, "No story matches.\n");
    return w.status;
}

char *nd_json_string(const char *text, size_t len)
{
    nd__buf buf;
    nd__buf_init(&buf, (size_t)-1);
    if (nd__escape_json(&buf, text ? text : "", text ? len : 0) != ND_OK) {
        nd__buf_release(&buf);
        return NULL;
    }
    return nd__buf_take(&buf, NULL);
}
