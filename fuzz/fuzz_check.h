/*
 * fuzz_check.h: the invariants every fuzz harness checks on what the library hands back.
 *
 * A harness feeds outside bytes in, then walks everything the public interface gives out and
 * calls abort() (through FUZZ_CHECK) when a promise of include/newsdesk.h is broken: strings are
 * NUL-terminated valid UTF-8, a body is its paragraphs joined by "\n\n", every offset lies inside
 * the text it points into. Reading every byte also lets AddressSanitizer see any read past an
 * allocation. The UTF-8 check is written here, not borrowed from src/base/utf8.c, so that the library
 * is not asked to judge its own output.
 *
 * Header-only (all static) so that each harness stays one translation unit plus this file.
 */
#ifndef ND_FUZZ_CHECK_H
#define ND_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsdesk.h"

/* abort() with the broken invariant, so that the fuzzer records a crash and the replay fails. */
#define FUZZ_CHECK(expr)                                                                    \
    do {                                                                                    \
        if (!(expr)) {                                                                      \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #expr);    \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

/* Nonzero when s[0..len) is well-formed UTF-8 (no overlong forms, no surrogates, at most
 * U+10FFFF) without NUL bytes. */
static inline int fuzz_valid_utf8(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1, cp = c & 0x1F, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            need = 2, cp = c & 0x0F, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            need = 3, cp = c & 0x07, min = 0x10000;
        else
            return 0;
        if (len - i - 1 < need)
            return 0;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

/* A NUL-terminated string handed out by the library: readable to its end and valid UTF-8. */
static inline void fuzz_check_string(const char *s)
{
    FUZZ_CHECK(s != NULL);
    FUZZ_CHECK(fuzz_valid_utf8(s, strlen(s)));
}

/* A one-line field (id, source, url): no line breaks, no leading or trailing space. */
static inline void fuzz_check_field(const char *s)
{
    fuzz_check_string(s);
    size_t len = strlen(s);
    FUZZ_CHECK(strchr(s, '\n') == NULL);
    FUZZ_CHECK(len == 0 || (s[0] != ' ' && s[len - 1] != ' '));
}

/* The shape "YYYY-MM-DD" at the start of a publication date. */
static inline int fuzz_is_date(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    for (size_t i = 0; i < 10; i++) {
        unsigned char c = (unsigned char)s[i];
        if (shape[i] == 'd' ? (c < '0' || c > '9') : c != '-')
            return 0; /* also stops at the NUL of a short string */
    }
    return 1;
}

/* Nonzero when `offset` in text[0..len] does not fall inside a UTF-8 sequence. */
static inline int fuzz_on_boundary(const char *text, size_t len, size_t offset)
{
    return offset == len || ((unsigned char)text[offset] & 0xC0) != 0x80;
}

/* Every accessor of one article, with the invariants of newsdesk.h. */
static inline void fuzz_check_article(const nd_article *a)
{
    FUZZ_CHECK(a != NULL);
    fuzz_check_field(nd_article_id(a));
    /* an id of only characters that repair drops ({"id":"\u0001"}) is skipped, never "" */
    FUZZ_CHECK(nd_article_id(a)[0] != '\0');
    fuzz_check_field(nd_article_source(a));
    fuzz_check_field(nd_article_url(a));
    fuzz_check_string(nd_article_title(a));
    fuzz_check_string(nd_article_dateline(a));
    const char *published = nd_article_published(a);
    if (published) {
        fuzz_check_field(published);
        FUZZ_CHECK(fuzz_is_date(published));
    }

    size_t text_len = (size_t)-1;
    const char *text = nd_article_text(a, &text_len);
    FUZZ_CHECK(text != NULL);
    FUZZ_CHECK(text[text_len] == '\0');
    FUZZ_CHECK(fuzz_valid_utf8(text, text_len));

    size_t body_len = (size_t)-1;
    const char *body = nd_article_body(a, &body_len);
    FUZZ_CHECK(body != NULL);
    FUZZ_CHECK(body[body_len] == '\0');
    FUZZ_CHECK(fuzz_valid_utf8(body, body_len));
    FUZZ_CHECK(nd_article_body(a, NULL) == body);

    /* The body is exactly its paragraphs joined by "\n\n", each non-empty, in order. */
    size_t count = nd_article_paragraph_count(a);
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        size_t len = (size_t)-1;
        const char *p = nd_article_paragraph(a, i, &len);
        FUZZ_CHECK(p != NULL);
        FUZZ_CHECK(len > 0);
        if (i > 0) {
            FUZZ_CHECK(at + 2 <= body_len);
            FUZZ_CHECK(memcmp(body + at, "\n\n", 2) == 0);
            at += 2;
        }
        FUZZ_CHECK(p == body + at);
        FUZZ_CHECK(len <= body_len - at);
        FUZZ_CHECK(memchr(p, '\n', len) == NULL);
        at += len;
    }
    FUZZ_CHECK(at == body_len);
    size_t none = 1;
    FUZZ_CHECK(nd_article_paragraph(a, count, &none) == NULL);
    FUZZ_CHECK(none == 0);

    size_t removed = nd_article_removed_count(a);
    for (size_t i = 0; i < removed; i++) {
        size_t len = (size_t)-1;
        const char *reason = NULL;
        const char *r = nd_article_removed(a, i, &len, &reason);
        FUZZ_CHECK(r != NULL);
        FUZZ_CHECK(reason != NULL && reason[0] != '\0');
        FUZZ_CHECK(len == 0 || fuzz_valid_utf8(r, len));
    }
    FUZZ_CHECK(nd_article_removed(a, removed, NULL, NULL) == NULL);
}

/* What the result callback needs to judge an article and its pairs. */
typedef struct fuzz_engine_state {
    size_t min_words;
    size_t articles, pairs;
    unsigned checksum; /* every byte of every passage is read into it */
} fuzz_engine_state;

static fuzz_engine_state fuzz_state; /* one engine at a time in a harness */

static inline void fuzz_check_pair(const nd_pair *pair, const nd_article *b)
{
    FUZZ_CHECK(pair != NULL && pair->a != NULL && pair->b != NULL && pair->first != NULL);
    FUZZ_CHECK(strcmp(pair->b, nd_article_id(b)) == 0);
    FUZZ_CHECK(pair->first == pair->a || pair->first == pair->b);
    FUZZ_CHECK(pair->relation == ND_RELATION_EXACT || pair->relation == ND_RELATION_NEAR ||
               pair->relation == ND_RELATION_PASSAGES);
    fuzz_check_string(nd_relation_name(pair->relation));
    FUZZ_CHECK(pair->similarity >= 0.0 && pair->similarity <= 1.0); /* also false for NaN */
    if (pair->relation == ND_RELATION_PASSAGES)
        FUZZ_CHECK(pair->passage_count > 0);
    FUZZ_CHECK(pair->passage_count == 0 || pair->passages != NULL);

    size_t a_len = pair->a_body_len, b_len;
    const char *a_body = pair->a_body;
    const char *b_body = nd_article_body(b, &b_len);
    FUZZ_CHECK(a_body != NULL && a_body[a_len] == '\0');
    if (pair->relation == ND_RELATION_EXACT)
        FUZZ_CHECK(a_len == b_len && memcmp(a_body, b_body, a_len) == 0);
    for (size_t i = 0; i < pair->passage_count; i++) {
        const nd_passage *p = &pair->passages[i];
        FUZZ_CHECK(p->words >= fuzz_state.min_words);
        FUZZ_CHECK(p->a_start < p->a_end && p->a_end <= a_len);
        FUZZ_CHECK(p->b_start < p->b_end && p->b_end <= b_len);
        FUZZ_CHECK(fuzz_on_boundary(a_body, a_len, p->a_start));
        FUZZ_CHECK(fuzz_on_boundary(a_body, a_len, p->a_end));
        FUZZ_CHECK(fuzz_on_boundary(b_body, b_len, p->b_start));
        FUZZ_CHECK(fuzz_on_boundary(b_body, b_len, p->b_end));
        for (size_t k = p->a_start; k < p->a_end; k++)
            fuzz_state.checksum = fuzz_state.checksum * 31u + (unsigned char)a_body[k];
        for (size_t k = p->b_start; k < p->b_end; k++)
            fuzz_state.checksum = fuzz_state.checksum * 31u + (unsigned char)b_body[k];
    }
    fuzz_state.pairs++;
}

/* Every article the engine hands out, and each of its pairs. */
static inline int fuzz_on_result(void *user, const nd_result *result)
{
    (void)user;
    fuzz_check_article(result->article);
    for (size_t i = 0; i < result->pair_count; i++)
        fuzz_check_pair(&result->pairs[i], result->article);
    fuzz_state.articles++;
    return 0;
}

/* Diagnostics must be well-formed too: a file name, a known status, a readable message. */
static inline void fuzz_on_diagnostic(void *user, const char *where, long line, int status,
                               const char *message)
{
    (void)user;
    FUZZ_CHECK(where != NULL);
    (void)strlen(where);
    FUZZ_CHECK(line >= 0);
    FUZZ_CHECK(status <= 0 && status >= ND_EOPTIONS);
    FUZZ_CHECK(message != NULL);
    (void)strlen(message);
}

/* An engine with the copies stage whose results fuzz_on_result checks. */
static inline nd_engine *fuzz_engine_new(const nd_options *options)
{
    nd_options copy = *options;
    copy.stages = ND_STAGE_COPIES;
    memset(&fuzz_state, 0, sizeof fuzz_state);
    fuzz_state.min_words = (size_t)(copy.min_passage_words < 1 ? 1 : copy.min_passage_words);
    return nd_engine_new(&copy, NULL, fuzz_on_result, NULL);
}

/* A read status the interface allows for a buffer: ND_OK, ND_ESKIPPED (and then the skipped
 * count rose) or ND_ENOMEM. */
static inline void fuzz_check_read_status(const nd_engine *engine, size_t skipped_before, int rc)
{
    if (rc == ND_OK || rc == ND_ENOMEM)
        return;
    FUZZ_CHECK(nd_engine_skipped(engine) > skipped_before);
    FUZZ_CHECK(rc == ND_ESKIPPED);
}

/* nd_engine_read_buffer with the check above. */
static inline void fuzz_read(nd_engine *engine, const char *name, const char *data, size_t len)
{
    size_t skipped = nd_engine_skipped(engine);
    fuzz_check_read_status(engine, skipped, nd_engine_read_buffer(engine, name, data, len));
}

/* Takes everything held through templates and copies; the callback checks each result. */
static inline void fuzz_check_pipeline(nd_engine *engine, size_t min_words)
{
    (void)min_words; /* set by fuzz_engine_new */
    int rc = nd_engine_finish(engine);
    FUZZ_CHECK(rc == ND_OK || rc == ND_ENOMEM);
    FUZZ_CHECK(nd_engine_finish(engine) == ND_OK); /* nothing left */
}

#endif
