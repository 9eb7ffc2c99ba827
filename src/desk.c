/*
 * desk.c: the reader's desk and the public accessors of articles. It turns raw fields from
 * read.c into an article (UTF-8 repaired, HTML reduced, limits applied, cleaned on its own
 * evidence) and hands it on, one at a time, keeping nothing: an article owns its arena, and
 * every string the public interface hands out lives there until nd_article_free.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "clean.h"
#include "html.h"
#include "limits.h"
#include "read.h"
#include "utf8.h"

const char *nd_version(void) { return ND_VERSION_STRING; }

const char *nd_strerror(int status)
{
    switch (status) {
#define ND__STATUS_TEXT(name, code, text) \
    case code:                            \
        return text;
        ND_STATUS_MAP(ND__STATUS_TEXT)
#undef ND__STATUS_TEXT
    }
    return "unknown status";
}

void nd_options_init(nd_options *options)
{
    memset(options, 0, sizeof *options);
    options->near_threshold = 0.6;
    options->min_passage_words = 12;
    options->template_min_articles = 3;
    options->story_threshold = 0;   /* 0 = the clusterer's own default */
    options->story_expire_days = 365;
    options->storyline_days = 1500;
    options->max_stories = 100000;
    options->copy_window = 20000;
    options->reorder_window = 4096;
    options->input_order = 0;
    options->stages = ND_STAGE_ALL;
}

struct nd_reader {
    nd_desk desk;
};

nd_reader *nd_reader_new(const nd_options *options)
{
    nd_reader *reader = calloc(1, sizeof *reader);
    if (!reader)
        return NULL;
    nd_desk *desk = &reader->desk;
    if (options)
        desk->options = *options;
    else
        nd_options_init(&desk->options);
    if (desk->options.min_passage_words < 1)
        desk->options.min_passage_words = 1;
    return reader;
}

void nd_reader_free(nd_reader *reader)
{
    if (!reader)
        return;
    nd_desk *desk = &reader->desk;
    nd__buf_release(&desk->repaired);
    if (desk->clean)
        nd__clean_scratch_release(desk->clean);
    free(desk->clean);
    free(reader);
}

void nd_article_free(nd_article *article)
{
    if (!article)
        return;
    nd__arena_release(&article->arena);
    free(article);
}

void nd__diagnose(nd_desk *desk, const char *where, long line, int status, const char *fmt, ...)
{
    if (!desk->options.on_diagnostic)
        return;
    char message[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    desk->options.on_diagnostic(desk->options.user, where, line, status, message);
}

/* Copies a field into the arena as clean UTF-8 on one line, cut at `limit` bytes; counts
 * repairs into *repaired. Returns NULL only when out of memory. */
static const char *field_copy(nd__arena *arena, const char *text, size_t len, size_t limit,
                              long *repaired, nd__buf *scratch)
{
    if (!text)
        return "";
    nd__buf buf = *scratch; /* its memory, reused; handed back below */
    buf.len = 0;
    buf.limit = limit * 4 + 16;
    long rc = nd__utf8_clean(text, len < limit ? len : limit, &buf);
    if (rc < 0) {
        *scratch = buf;
        return NULL;
    }
    *repaired += rc;
    /* Fields live on one line with single spaces. */
    size_t out = 0;
    int space = 1;
    for (size_t i = 0; i < buf.len; i++) {
        char c = buf.data[i];
        if (nd__is_space((unsigned char)c)) {
            if (!space)
                buf.data[out++] = ' ';
            space = 1;
        } else {
            buf.data[out++] = c;
            space = 0;
        }
    }
    while (out > 0 && buf.data[out - 1] == ' ')
        out--;
    const char *copy = nd__arena_strndup(arena, buf.data ? buf.data : "", out);
    *scratch = buf;
    return copy;
}

/* Accepts "YYYY-MM-DD" optionally followed by a time; returns 1 when the date is plausible. */
static int valid_date(const char *s)
{
    size_t len = strlen(s);
    if (len < 10)
        return 0;
    for (int i = 0; i < 10; i++) {
        int digit = nd__is_digit((unsigned char)s[i]);
        if ((i == 4 || i == 7) ? s[i] != '-' : !digit)
            return 0;
    }
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
           (len == 10 || s[10] == 'T' || s[10] == ' ');
}

/* The host of a URL, without "www.", as the source when none is given. */
static const char *source_from_url(nd__arena *arena, const char *url)
{
    const char *host = strstr(url, "://");
    if (!host)
        return "";
    host += 3;
    size_t len = strcspn(host, "/:?# \t");
    if (len > 4 && nd__equals_ci(host, 4, "www."))
        host += 4, len -= 4;
    char *copy = nd__arena_strndup(arena, host, len);
    if (copy)
        for (char *c = copy; *c; c++)
            *c = (char)nd__to_lower((unsigned char)*c);
    return copy;
}

int nd__desk_add(nd_desk *desk, const nd__raw_article *raw, const char *where, long line)
{
    if (raw->text_len > ND_MAX_ARTICLE_BYTES) {
        nd__diagnose(desk, where, line, ND_ETOOBIG, "article larger than %u bytes; skipped",
                     ND_MAX_ARTICLE_BYTES);
        desk->skipped++;
        return ND_ETOOBIG;
    }
    nd__html_doc doc = {0};
    const char *text = raw->text ? raw->text : "";
    size_t text_len = raw->text_len;
    if (raw->text_is_html) {
        int rc = nd__html_extract(text, text_len, &doc);
        if (rc == ND_ENOMEM)
            return rc;
        if (rc != ND_OK) {
            nd__diagnose(desk, where, line, rc, "no article text found in HTML; skipped");
            desk->skipped++;
            return rc;
        }
        text = doc.body;
        text_len = doc.body_len;
    }

    nd_article *article = calloc(1, sizeof *article);
    if (article && nd__arena_reserve(&article->arena, 2 * text_len + 1024) != ND_OK) {
        free(article);
        article = NULL;
    }
    if (!article) {
        nd__html_doc_free(&doc);
        return ND_ENOMEM;
    }
    article->index = desk->made;

    long repaired = 0;
    nd__arena *arena = &article->arena;
#define PICK(field, fallback) \
    (raw->field ? raw->field : (fallback)), (raw->field ? raw->field##_len : ((fallback) ? strlen(fallback) : 0))
    article->id = field_copy(arena, raw->id, raw->id_len, ND_MAX_FIELD_BYTES, &repaired, &desk->repaired);
    article->title = field_copy(arena, PICK(title, doc.title), ND_MAX_FIELD_BYTES, &repaired, &desk->repaired);
    article->url = field_copy(arena, PICK(url, doc.url), ND_MAX_FIELD_BYTES, &repaired, &desk->repaired);
    article->source = field_copy(arena, PICK(source, doc.source), ND_MAX_FIELD_BYTES, &repaired, &desk->repaired);
    const char *published =
        field_copy(arena, PICK(published, doc.published), ND_MAX_FIELD_BYTES, &repaired, &desk->repaired);
#undef PICK
    int rc = ND_OK;
    if (!article->id || !article->title || !article->url || !article->source || !published)
        rc = ND_ENOMEM;
    else if (!article->id[0]) {
        /* an id of only spaces or invisible characters is no id */
        nd__diagnose(desk, where, line, ND_EFORMAT, "empty \"id\" after repair; skipped");
        desk->skipped++;
        rc = ND_EFORMAT;
    }
    if (rc == ND_OK && !article->source[0] && article->url[0]) {
        article->source = source_from_url(arena, article->url);
        if (!article->source)
            rc = ND_ENOMEM;
    }
    if (rc == ND_OK && published[0]) {
        if (valid_date(published))
            article->published = published;
        else
            nd__diagnose(desk, where, line, ND_EFORMAT, "unrecognised date \"%s\"; ignored", published);
    }
    if (rc == ND_OK && !desk->clean && !(desk->clean = calloc(1, sizeof *desk->clean)))
        rc = ND_ENOMEM;
    if (rc == ND_OK) {
        nd__buf *buf = &desk->repaired;
        buf->len = 0;
        buf->limit = ND_MAX_ARTICLE_BYTES * 2;
        long fixed = nd__utf8_clean(text, text_len, buf);
        if (fixed < 0) {
            rc = (int)fixed;
        } else {
            repaired += fixed;
            char *copy = nd__arena_strndup(arena, buf->data ? buf->data : "", buf->len);
            article->text = copy;
            article->text_len = buf->len;
            rc = copy ? nd__clean_article(article, desk->clean) : ND_ENOMEM;
        }
    }
    nd__html_doc_free(&doc);
    if (rc != ND_OK) {
        nd__arena_release(arena);
        free(article);
        return rc;
    }
    if (repaired)
        nd__diagnose(desk, where, line, ND_EFORMAT, "%ld invalid UTF-8 sequence%s repaired", repaired,
                     repaired == 1 ? "" : "s");
    desk->made++;
    if (desk->options.on_progress && desk->made % ND__PROGRESS_EVERY == 0)
        desk->options.on_progress(desk->options.user, "read", desk->made, 0);
    return desk->sink ? desk->sink(desk->sink_user, article) : (nd_article_free(article), ND_OK);
}

int nd_reader_read_path(nd_reader *reader, const char *path, nd_article_fn fn, void *user)
{
    if (!reader || !path || !fn)
        return ND_EINVAL;
    nd_desk *desk = &reader->desk;
    size_t skipped = desk->skipped;
    desk->sink = fn;
    desk->sink_user = user;
    int rc = nd__read_path(desk, path);
    desk->sink = NULL;
    if (rc == ND_OK && desk->skipped > skipped)
        rc = ND_ESKIPPED;
    return rc;
}

int nd_reader_read_buffer(nd_reader *reader, const char *name, const char *data, size_t len, nd_article_fn fn,
                          void *user)
{
    if (!reader || !name || (!data && len) || !fn)
        return ND_EINVAL;
    nd_desk *desk = &reader->desk;
    size_t skipped = desk->skipped;
    desk->sink = fn;
    desk->sink_user = user;
    int rc = nd__read_buffer(desk, name, data ? data : "", len);
    desk->sink = NULL;
    if (rc == ND_OK && desk->skipped > skipped)
        rc = ND_ESKIPPED;
    return rc;
}

size_t nd_reader_skipped(const nd_reader *reader) { return reader ? reader->desk.skipped : 0; }

const char *nd_article_id(const nd_article *a) { return a->id; }
const char *nd_article_source(const nd_article *a) { return a->source; }
const char *nd_article_url(const nd_article *a) { return a->url; }
const char *nd_article_title(const nd_article *a) { return a->title; }
const char *nd_article_dateline(const nd_article *a) { return a->dateline ? a->dateline : ""; }
const char *nd_article_published(const nd_article *a) { return a->published; }

const char *nd_article_text(const nd_article *a, size_t *len)
{
    if (len)
        *len = a->text_len;
    return a->text;
}

const char *nd_article_body(const nd_article *a, size_t *len)
{
    if (len)
        *len = a->body_len;
    return a->body;
}

size_t nd_article_paragraph_count(const nd_article *a) { return a->paragraph_count; }

const char *nd_article_paragraph(const nd_article *a, size_t index, size_t *len)
{
    if (index >= a->paragraph_count) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = a->paragraphs[index].end - a->paragraphs[index].start;
    return a->body + a->paragraphs[index].start;
}

size_t nd_article_removed_count(const nd_article *a) { return a->removed_count; }

const char *nd_article_removed(const nd_article *a, size_t index, size_t *len, const char **reason)
{
    if (index >= a->removed_count)
        return NULL;
    if (len)
        *len = a->removed[index].len;
    if (reason)
        *reason = a->removed[index].reason;
    return a->removed[index].text;
}
