/*
 * summarise.h: what the three parts of nd_summarise share (summarise.c chooses the headline and
 * sentences and assembles the summary; summary_text.c holds the sentence tools; summary_facts.c
 * gathers the entities, when and where, quotes, passages and outlets). Internal to them.
 */
#ifndef ND_SUMMARISE_H
#define ND_SUMMARISE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsdesk.h"
#include "text.h"
#include "util.h"

#define MAX_SENTENCES_PER_ARTICLE 400 /* sentences looked at per article */
#define MAX_HEADLINE_WORDS 30         /* a lead core longer than this is cut at a clause */
#define MAX_CANDIDATE_POSITION 12   /* sentences of each report a summary may draw from */
#define MAX_SUMMARY_SENTENCES 3
#define MAX_SUMMARY_WORDS 95          /* the summary stops growing past this */
#define MAX_PEOPLE 8
#define MAX_ORGANISATIONS 6
#define MAX_PLACES 8
#define MAX_QUOTES 6
#define MAX_QUOTES_PER_SPEAKER 2
#define MAX_PASSAGES 24
#define MAX_VARIANTS 12
#define REPEAT_JACCARD 0.5            /* content-word overlap at which a sentence repeats one */

typedef nd__text_span span;

/* Distinct content-word hashes of one article, sorted; and the story's document frequency. */
typedef struct word_count {
    uint64_t hash;
    uint32_t count;
} word_count;

typedef struct context {
    const nd_story_article *articles;
    size_t count;
    nd__arena *arena;
    uint64_t *stop;          /* sorted hashes of function words */
    size_t stop_count;
    word_count *df;          /* sorted by hash */
    size_t df_count;
    size_t reports;          /* articles that are not copies: the denominator of df */
    uint64_t *lower_words;   /* sorted folded hashes of the words the bodies write in lower case */
    size_t lower_count;
    nd__vec tokens;          /* scratch */
} context;

static inline char *dup_text(nd__arena *arena, const char *text, size_t len)
{
    return nd__arena_strndup(arena, text ? text : "", text ? len : 0);
}

static inline char *dup_cstr(nd__arena *arena, const char *text)
{
    return dup_text(arena, text, text ? strlen(text) : 0);
}

/* qsort that accepts an empty array (NULL items). */
static inline void sort_items(void *items, size_t count, size_t size, int (*cmp)(const void *, const void *))
{
    if (count > 1)
        qsort(items, count, size, cmp);
}

static inline int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- summary_text.c ---- */
/* Splits text into sentences (paragraph breaks always end one), at most
 * MAX_SENTENCES_PER_ARTICLE. Appends spans to `out` (an nd__vec of span). */
int nd__summary_sentences(const char *text, size_t len, nd__vec *out);
/* Page furniture a summary sentence must not be: links, prompts, credits, licences. */
int nd__summary_furniture(const char *text, size_t len);
/* Whether a sentence has the shape of one a summary can hold (`relaxed`: lines without
 * sentence punctuation). */
int nd__summary_shaped(const char *text, size_t len, size_t words, int relaxed);
/* Length of a dateline at the head of a lead ("TEHRAN - "), or 0. */
size_t nd__summary_dateline(const char *text, size_t len);
/* Words separated by white space. */
size_t nd__summary_words(const char *text, size_t len);
/* The core of a lead sentence, as a headline, into out (len + 1 bytes). */
size_t nd__summary_lead_core(const char *text, size_t len, char *out);
/* A hash of the folded letters and digits: the same sentence or quote in two reports. */
uint64_t nd__summary_key(const char *text, size_t len);

/* ---- summary_facts.c ---- */
int nd__summary_lower_words(context *c);
int nd__summary_entities(context *c, nd_summary *s);
int nd__summary_when_where(context *c, nd_summary *s, const span *const *leads, const size_t *lead_counts);
int nd__summary_quotes(context *c, nd_summary *s);
int nd__summary_passages(context *c, nd_summary *s, const nd_story_link *links, size_t link_count,
                         const size_t *timeline_rank);
int nd__summary_outlets(const context *c, size_t *out);

#endif
