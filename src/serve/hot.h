/*
 * hot.h: what is hot, on the views' side (hot.c): the score of a story's recent coverage
 * (nd_hot_score in newsdesk.h) and the scores of the stories with coverage in the recent window
 * of the desk's clock, as the front page and a story's document read them.
 */
#ifndef ND_HOT_H
#define ND_HOT_H

#include <stddef.h>

#include "newsdesk.h"

#define ND__HOT_THRESHOLD 2.0 /* a hot score from which a story counts as hot */

typedef struct nd__hot_story {
    long long story;
    double score;
} nd__hot_story;

typedef struct nd__hot_table {
    nd__hot_story *items; /* malloc'd, hottest first */
    size_t count;
    char now[48];         /* the desk's clock used: query->now or the latest publication */
} nd__hot_table;

/* The hot score of every story with coverage in the window ending at the desk's clock, or of
 * story `only` alone when it is not 0. Free table->items (also after a failure). */
int nd__hot_scores(nd_store *store, const nd_view_query *query, long long only, nd__hot_table *table);
/* A story's score in the table, 0 when it is not there. */
double nd__hot_of(const nd__hot_table *table, long long story);

#endif
