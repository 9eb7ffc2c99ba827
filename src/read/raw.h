/*
 * raw.h: what every reader gives: an article's fields as found (nd__raw_article), handed one at a
 * time to whoever reads through an nd__source (the article desk, article_desk.h, makes articles of them).
 * Readers know nothing of articles: the flow is reader -> raw fields -> desk -> article.
 */
#ifndef ND_RAW_H
#define ND_RAW_H

#include <stddef.h>

#include "diagnose.h"

/* Fields of an article as a reader found them; strings borrowed, not yet repaired. */
typedef struct nd__raw_article {
    const char *id; size_t id_len;
    const char *source; size_t source_len;
    const char *url; size_t url_len;
    const char *title; size_t title_len;
    const char *published; size_t published_len;
    const char *text; size_t text_len;
    int text_is_html; /* text holds HTML to be reduced */
    const char *path; /* when the id comes from a file's name, the file's path: should that id be
                         taken, the name with its extension, then the path, is the id instead */
    const char *charset; /* NUL-terminated: the HTML's charset as its transport declared it
                            (HTTP Content-Type), or NULL; the page's own declaration otherwise */
} nd__raw_article;

/* Takes one raw article found at `where` (line `line`, 0 for a whole input); the strings are
 * borrowed for the call only. Returns ND_OK, a negative status when the article was skipped
 * (already reported), or ND_ENOMEM / ND_ESTOPPED to stop the read. */
typedef int (*nd__raw_fn)(void *user, const nd__raw_article *raw, const char *where, long line);

/* Where a reader hands its raw articles and reports its trouble. */
typedef struct nd__source {
    nd__raw_fn emit;
    void *user;
    nd__diagnostics *diagnostics; /* shared with the taker: one count of skipped, one cap */
} nd__source;

#endif
