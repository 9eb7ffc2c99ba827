/*
 * clean.h: an article's text in, its clean body out (boilerplate removed, with reasons): the
 * article's own evidence here (clean.c), what recurs across a source's articles in templates.h.
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

/* The cross-article half of cleaning, which engine.c reaches through this header. */
#include "templates.h"

#endif
