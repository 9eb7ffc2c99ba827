/*
 * cluster.h: articles in stream order in, stories and storylines out. The public interface is
 * nd_cluster_* in newsdesk.h; this header holds the limits and the pieces unit tests reach.
 */
#ifndef ND_CLUSTER_H
#define ND_CLUSTER_H

#include <stdint.h>

#include "article.h"

#define ND__CLUSTER_MAX_TERMS (1u << 21) /* vocabulary ceiling: later new words are ignored */
#define ND__CLUSTER_ARTICLE_TERMS 64     /* strongest terms kept per article */
#define ND__CLUSTER_ARTICLE_NAMES 32     /* strongest names and numbers kept per article */
#define ND__CLUSTER_STORY_TERMS 160      /* centroid terms kept per live story */
#define ND__CLUSTER_STORY_NAMES 64       /* centroid names kept per live story */
#define ND__CLUSTER_CLOSED_TERMS 40      /* what a closed story keeps for storyline links */
#define ND__CLUSTER_CLOSED_NAMES 32
#define ND__CLUSTER_POSTING_MAX 4096     /* stories listed under one feature; more is too common */
#define ND__CLUSTER_PARAGRAPHS_MAX (1u << 22) /* paragraphs remembered to tell boilerplate (a
                                                 paragraph seen in two stories); later new
                                                 ones are not remembered */

/* Days since 1970-01-01 of a "YYYY-MM-DD..." date, or INT32_MIN when there is none or it is
 * not a date. */
int32_t nd__cluster_day(const char *date);

/* The desk's stream as nd_desk_cluster takes it (cleaning first): *order maps stream position to
 * article index (by publication day, stable), *root maps each article index to the earliest
 * article in stream order of its group of exact and near copies (itself when none). Every pair
 * dedup finds is also given to `each_pair` (may be NULL; nonzero stops with ND_ESTOPPED).
 * Both arrays hold one entry per article, are malloc'd and the caller's to free; NULL on
 * failure. Returns ND_OK, ND_ESTOPPED or ND_ENOMEM. */
int nd__desk_stream(nd_desk *desk, nd_pair_fn each_pair, void *user, size_t **order, size_t **root);

#endif
