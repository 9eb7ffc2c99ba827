/*
 * article_desk.h: the article desk: raw fields in (from any reader, raw.h), articles out. Repairs UTF-8,
 * reduces HTML (html.h), applies the limits, refuses repeated ids, cleans each article on its
 * own evidence (clean.h) and hands it to its sink, one at a time, keeping nothing but the ids'
 * hashes and reusable scratch.
 */
#ifndef ND_ARTICLE_DESK_H
#define ND_ARTICLE_DESK_H

#include "article.h"
#include "diagnose.h"
#include "raw.h"

typedef struct nd_desk {
    nd_options options;
    size_t made;           /* articles made so far */
    nd_article_fn sink;    /* takes each article made (nd__desk_add) */
    void *sink_user;
    nd__diagnostics diagnostics; /* the readers feeding this desk report here too */
    /* Scratch reused from one article to the next (nd__desk_add), never handed out. */
    nd__buf repaired;            /* a field or text after UTF-8 repair */
    struct nd__clean_scratch *clean; /* nd__clean_article's, allocated on first use */
    nd__u64_map ids;             /* hash of an article id -> its index + 1: a repeated id is refused */
} nd_desk;

/* Builds an article from raw fields (repairing UTF-8, reducing HTML, cleaning on its own
 * evidence) and hands it to desk->sink, which owns it from then on. `where`/`line` locate it
 * for diagnostics. Returns ND_OK, a negative status when the article was skipped (reported) or
 * memory ran out, or what the sink returned. */
int nd__desk_add(nd_desk *desk, const nd__raw_article *raw, const char *where, long line);

/* nd__raw_fn over a desk (user = the desk), for an nd__source. */
int nd__desk_take(void *desk, const nd__raw_article *raw, const char *where, long line);

/* A desk: options copied (NULL for the defaults); set `sink` before the first nd__desk_add.
 * Release frees its scratch, never the articles (the sink owns those). */
void nd__desk_init(nd_desk *desk, const nd_options *options);
void nd__desk_release(nd_desk *desk);

#endif
