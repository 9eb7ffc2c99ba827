/*
 * article.c: the article desk (article_desk.h) and the public accessors of articles. It takes raw fields
 * from any reader (raw.h) and turns them into an article (UTF-8 repaired, HTML reduced, limits
 * applied, cleaned on its own evidence) and hands it on, one at a time, keeping nothing: an
 * article owns its arena, and every string the public interface hands out lives there until
 * nd_article_free. It never calls a reader: readers call it, through an nd__source.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "clean.h"
#include "date.h"
#include "article_desk.h"
#include "html.h"
#include "limits.h"
#include "text.h"
#include "utf8.h"

void nd__desk_init(nd_desk *desk, const nd_options *options)
{
    memset(desk, 0, sizeof *desk);
    if (options)
        desk->options = *options;
    else
        nd_options_init(&desk->options);
    if (desk->options.min_passage_words < 1)
        desk->options.min_passage_words = 1;
    nd__diagnostics_init(&desk->diagnostics, desk->options.on_diagnostic, desk->options.user);
}

void nd__desk_release(nd_desk *desk)
{
    nd__buf_release(&desk->repaired);
    nd__u64_map_release(&desk->ids);
    nd__diagnostics_release(&desk->diagnostics);
    if (desk->clean)
        nd__clean_scratch_release(desk->clean);
    free(desk->clean);
    memset(desk, 0, sizeof *desk);
}

void nd_article_free(nd_article *article)
{
    if (!article)
        return;
    nd__arena_release(&article->arena);
    free(article);
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

/* The host of a URL, without "www.", as the source when none is given. */
static const char *source_from_url(nd__arena *arena, const char *url)
{
    const char *host;
    if (!nd__url_host(url, &host, 0))
        return "";
    size_t len = strcspn(host, "/:?# \t"); /* the host parser's end, and a space ends it too */
    /* An archived page (web.archive.org/web/TIMESTAMP/URL) is the archived site's: its
     * templates and boilerplate are that site's, not the archive's. */
    if (len == 15 && nd__equals_ci(host, len, "web.archive.org") && strncmp(host + len, "/web/", 5) == 0) {
        const char *inner = strstr(host + len + 5, "://");
        if (inner && (size_t)(inner - (host + len + 5)) < 40 && !memchr(host + len + 5, '?', (size_t)(inner - (host + len + 5))))
            return source_from_url(arena, strchr(host + len + 5, '/') ? strchr(host + len + 5, '/') + 1 : inner);
    }
    if (len > 4 && nd__equals_ci(host, 4, "www."))
        host += 4, len -= 4;
    char *copy = nd__arena_strndup(arena, host, len);
    if (copy)
        for (char *c = copy; *c; c++)
            *c = (char)nd__to_lower((unsigned char)*c);
    return copy;
}

/* Whether an article was read before under `id`: the reader keeps the 64-bit hashes of the ids
 * it handed on (the articles themselves have gone on), so a collision is taken for a repeat. */
static int article_with_id(const nd_desk *desk, const char *id, uint64_t hash)
{
    (void)id;
    return nd__u64_map_find(&desk->ids, hash) != NULL;
}

/* Makes sure no article read before has the article's id, so that an article is never taken
 * for a copy of itself. A repeated id of a file's name becomes the name with its extension, or
 * else its path (d1/a.txt and d2/a.txt are "a" and "d2/a.txt"); any other repeated id refuses
 * the article (ND_EFORMAT). Sets *hash to the hash of the id kept. */
static int unique_id(nd_desk *desk, const nd__raw_article *raw, nd_article *article, uint64_t *hash)
{
    *hash = nd__hash64(article->id, strlen(article->id), 0);
    if (!article_with_id(desk, article->id, *hash))
        return ND_OK;
    if (!raw->path)
        return ND_EFORMAT;
    const char *base = strrchr(raw->path, '/');
    const char *candidates[] = {base ? base + 1 : raw->path, raw->path};
    for (int i = 0; i < 2; i++) {
        if (strlen(candidates[i]) > ND_MAX_FIELD_BYTES)
            continue;
        uint64_t h = nd__hash64(candidates[i], strlen(candidates[i]), 0);
        if (article_with_id(desk, candidates[i], h))
            continue;
        const char *copy = nd__arena_strndup(&article->arena, candidates[i], strlen(candidates[i]));
        if (!copy)
            return ND_ENOMEM;
        article->id = copy;
        *hash = h;
        return ND_OK;
    }
    return ND_EFORMAT;
}

int nd__desk_take(void *desk, const nd__raw_article *raw, const char *where, long line)
{
    return nd__desk_add(desk, raw, where, line);
}

int nd__desk_add(nd_desk *desk, const nd__raw_article *raw, const char *where, long line)
{
    if (raw->text_len > ND_MAX_ARTICLE_BYTES) {
        nd__diagnose(&desk->diagnostics, where, line, ND_ETOOBIG, "article larger than %u bytes; skipped",
                     ND_MAX_ARTICLE_BYTES);
        desk->diagnostics.skipped++;
        return ND_ETOOBIG;
    }
    if (raw->id_len > ND_MAX_FIELD_BYTES) {
        /* Cut, two long ids could become one; the article is refused instead. */
        nd__diagnose_kind(&desk->diagnostics, "ids too long", where, line, ND_ETOOBIG,
                          "\"id\" longer than %u bytes; skipped", ND_MAX_FIELD_BYTES);
        desk->diagnostics.skipped++;
        return ND_ETOOBIG;
    }
    nd__html_doc doc = {0};
    const char *text = raw->text ? raw->text : "";
    size_t text_len = raw->text_len;
    if (raw->text_is_html) {
        int rc = nd__html_extract_charset(text, text_len, raw->charset, &doc);
        if (rc == ND_ENOMEM)
            return rc;
        if (rc != ND_OK) {
            nd__diagnose(&desk->diagnostics, where, line, rc, "no article text found in HTML; skipped");
            desk->diagnostics.skipped++;
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
    /* where it came from, for the store: "FILE:LINE", or "FILE" for a whole file */
    size_t where_len = where ? strlen(where) : 0;
    char *origin = nd__arena_alloc(arena, where_len + 24);
    if (origin) {
        memcpy(origin, where ? where : "", where_len);
        if (line > 0)
            snprintf(origin + where_len, 24, ":%ld", line);
        else
            origin[where_len] = '\0';
    }
    article->origin = origin;
    int rc = ND_OK;
    if (!article->id || !article->title || !article->url || !article->source || !published || !article->origin)
        rc = ND_ENOMEM;
    else if (!article->id[0]) {
        /* an id of only spaces or invisible characters is no id */
        nd__diagnose(&desk->diagnostics, where, line, ND_EFORMAT, "empty \"id\" after repair; skipped");
        desk->diagnostics.skipped++;
        rc = ND_EFORMAT;
    }
    uint64_t id_hash = 0;
    if (rc == ND_OK) {
        const char *named = article->id;
        rc = unique_id(desk, raw, article, &id_hash);
        if (rc == ND_OK && article->id != named)
            nd__diagnose_kind(&desk->diagnostics, "ids made unique", where, line, ND_OK,
                              "id \"%.100s\" was taken by an earlier file; this one is \"%.200s\"", named,
                              article->id);
        if (rc == ND_EFORMAT) {
            nd__diagnose_kind(&desk->diagnostics, "repeated ids", where, line, ND_EFORMAT,
                              "id \"%.100s%s\" was read before; skipped", article->id,
                              strlen(article->id) > 100 ? "..." : "");
            desk->diagnostics.skipped++;
        }
    }
    if (rc == ND_OK) {
        /* Fields longer than the limit are cut; say so. */
        static const char *const names[] = {"title", "url", "source", "published"};
        const size_t lens[] = {raw->title ? raw->title_len : 0, raw->url ? raw->url_len : 0,
                               raw->source ? raw->source_len : 0,
                               raw->published ? raw->published_len : 0};
        for (int f = 0; f < 4; f++)
            if (lens[f] > ND_MAX_FIELD_BYTES)
                nd__diagnose_kind(&desk->diagnostics, "fields cut", where, line, ND_ETOOBIG,
                                  "\"%s\" longer than %u bytes; cut", names[f], ND_MAX_FIELD_BYTES);
    }
    if (rc == ND_OK && !article->source[0] && article->url[0]) {
        article->source = source_from_url(arena, article->url);
        if (!article->source)
            rc = ND_ENOMEM;
    }
    if (rc == ND_OK && published[0]) {
        /* one calendar decides (date.c): ISO dates are kept as written, an RFC 2822 pubDate
         * becomes its ISO day; a day that does not exist ("2017-02-30") is no date */
        int y, m, d;
        char iso[11];
        if (nd__date_parse_iso(published, strlen(published), &y, &m, &d))
            article->published = published;
        else if (nd__date_parse(published, strlen(published), iso) && (published = nd__arena_strndup(arena, iso, 10)))
            article->published = published;
        else if (!published)
            rc = ND_ENOMEM;
        else
            nd__diagnose_kind(&desk->diagnostics, "unrecognised dates", where, line, ND_EFORMAT,
                              "unrecognised date \"%s\"; ignored", published);
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
    if (nd__u64_map_put(&desk->ids, id_hash, desk->made + 1) != ND_OK)
        return ND_ENOMEM; /* the article stays: it is whole, only its id is not remembered */
    if (repaired)
        nd__diagnose_kind(&desk->diagnostics, "articles with invalid UTF-8 repaired", where, line, ND_EFORMAT,
                          "%ld invalid UTF-8 sequence%s repaired", repaired, repaired == 1 ? "" : "s");
    desk->made++;
    if (desk->options.on_progress && desk->made % ND__PROGRESS_EVERY == 0)
        desk->options.on_progress(desk->options.user, "read", desk->made, 0);
    return desk->sink ? desk->sink(desk->sink_user, article) : (nd_article_free(article), ND_OK);
}

const char *nd_article_id(const nd_article *a) { return a->id; }
const char *nd_article_source(const nd_article *a) { return a->source; }
const char *nd_article_url(const nd_article *a) { return a->url; }
const char *nd_article_title(const nd_article *a) { return a->title; }
const char *nd_article_dateline(const nd_article *a) { return a->dateline ? a->dateline : ""; }
const char *nd_article_published(const nd_article *a) { return a->published; }
const char *nd_article_origin(const nd_article *a) { return a->origin ? a->origin : ""; }

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
