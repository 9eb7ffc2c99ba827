/*
 * cluster.h: articles in stream order in, stories and storylines out. The public interface is
 * nd_cluster_* in newsdesk.h; this header holds the limits and the pieces unit tests reach.
 */
#ifndef ND_CLUSTER_H
#define ND_CLUSTER_H

#include <stdint.h>
#include <stdio.h>

#include "article.h"

#define ND__CLUSTER_MAX_TERMS (1u << 21) /* vocabulary ceiling: later new words are ignored */
#define ND__CLUSTER_MAX_SEQ 4294967295ull /* articles one state may count: a saved state claiming
                                            more (or more stories) is refused as damaged */
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

/* Bytes the cluster holds now (stories, vocabulary and its postings, maps, scratch), as malloc
 * holds them: nd_engine_memory's share of the stories. 0 for NULL. */
size_t nd__cluster_bytes(const nd_cluster *cluster);


#endif
