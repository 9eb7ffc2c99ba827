/*
 * article.h: the article as every stage sees it (made from a reader's raw fields by the desk in article.c).
 * Each article owns one arena; every string and array of the article lives in it, so freeing an
 * article is one arena release. Offsets (paragraphs, removed pieces) are bytes into `body` or
 * `text`.
 */
#ifndef ND_ARTICLE_H
#define ND_ARTICLE_H

#include <stdint.h>

#include "newsdesk.h"
#include "text.h"
#include "util.h"

#define ND__PROGRESS_EVERY 4096 /* articles between two progress callbacks */

typedef struct nd__span {
    uint32_t start, end; /* byte offsets, end exclusive */
} nd__span;

typedef struct nd__removed {
    const char *text; /* into the article's arena; `len` bytes, not NUL-terminated */
    size_t len;
    const char *reason;  /* static string */
} nd__removed;

/* The words of an article: one token stream, made once (nd__analyse, analyse.c) when the body is
 * final and read by every stage that needs words, so that a body is tokenized once. Everything
 * lives in the article's arena. */
typedef struct nd__words {
    const nd__token *body;           /* the body's words; offsets into body */
    size_t body_count;
    const uint32_t *paragraph_first; /* paragraph_count + 1 entries: the words of paragraph p are
                                        body[paragraph_first[p] .. paragraph_first[p + 1]) */
    const nd__token *title;          /* the title's words; offsets into title */
    size_t title_count;
} nd__words;

struct nd_article {
    nd__arena arena;
    size_t index;          /* position in input order among the articles its reader made */
    const char *id;
    const char *source;    /* "" when unknown */
    const char *url;
    const char *title;
    const char *dateline;
    const char *published; /* NULL when unknown */
    const char *origin;    /* where it was read: "FILE:LINE", "FILE" for a whole file */
    const char *text;      /* as read, HTML reduced to text */
    size_t text_len;
    const char *body;      /* clean text, paragraphs joined by "\n\n" */
    size_t body_len;
    nd__span *paragraphs;  /* into body */
    size_t paragraph_count;
    nd__removed *removed;
    size_t removed_count;
    uint64_t *template_keys; /* per paragraph: its template key, 0 when no candidate; set when
                                its templates are counted (clean.c), so that removing them
                                later need not hash again */
    const nd__words *words;  /* NULL until nd__analyse; the engine analyses each article once its
                                templates are removed, before copies, facts and stories */
};

#endif
