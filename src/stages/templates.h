/*
 * templates.h: a source's clean articles in, one at a time; its templates out (paragraphs that
 * recur across its articles), and removed from articles that leave the engine after they became
 * templates (templates.c).
 */
#ifndef ND_TEMPLATES_H
#define ND_TEMPLATES_H

#include <stddef.h>

#include "article.h"

/* Templates: paragraphs repeated across template_min_articles or more distinct articles of one
 * source, counted online (see templates.c). An article is counted when it arrives and has the
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

#endif
