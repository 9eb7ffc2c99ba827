/*
 * clean.h: an article's text in, its clean body out (boilerplate removed, with reasons).
 */
#ifndef ND_CLEAN_H
#define ND_CLEAN_H

#include "article.h"

/* Scratch memory of nd__clean_article, kept from one article to the next (the desk holds one)
 * so that cleaning an article allocates only in the article's arena. */
typedef struct nd__clean_scratch {
    char *text;       /* the paragraphs, whitespace collapsed */
    size_t text_cap;
    nd__vec paragraphs;
} nd__clean_scratch;

void nd__clean_scratch_release(nd__clean_scratch *scratch);

/* Splits article->text into paragraphs, removes what is boilerplate on the article's own
 * evidence, and sets body, paragraphs, removed, and title and dateline when found. `scratch`
 * (zeroed before its first use) may be NULL: the call then allocates its own. */
int nd__clean_article(nd_article *article, nd__clean_scratch *scratch);

/* Templates: paragraphs repeated across template_min_articles or more distinct articles of one
 * source, counted online (see clean.c). An article is counted when it arrives and has the
 * templates known by then removed when it leaves the engine's holding buffer. */
#define ND__TEMPLATE_ENTRIES (1u << 19) /* ceiling on (source, paragraph) entries held */
typedef struct nd__templates nd__templates;
nd__templates *nd__templates_new(int min_articles, size_t max_entries); /* 0: the ceiling above */
void nd__templates_free(nd__templates *templates);
int nd__templates_count(nd__templates *templates, nd_article *article); /* sets template_keys */
int nd__templates_apply(nd__templates *templates, nd_article *article);
size_t nd__templates_bytes(const nd__templates *templates);
/* The table as state (engine.c's blob): load into a table just made with the same options;
 * ND_OK, ND_EFORMAT or ND_ENOMEM. */
int nd__templates_save(const nd__templates *templates, nd__buf *out);
int nd__templates_load(nd__templates *templates, nd__cursor *in);

/* Number of words (runs of letters or digits) in text[0..len). */
size_t nd__count_words(const char *text, size_t len);

#endif
