/*
 * extract.h: the extraction stage's internals. extract.c reads one article's clean text and gives
 * its facts with names as the article spells them; extract_desk.c runs it over a group of articles, makes names
 * canonical across articles, dates undated articles from their story and resolves the dates.
 */
#ifndef ND_EXTRACT_H
#define ND_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"
#include "tagger.h"
#include "newsdesk.h"
#include "util.h"

/* Ceilings per article: anything past them is dropped, never grown without bound. */
#define ND__MAX_ENTITIES 512       /* entities kept per article */
#define ND__MAX_MENTIONS 4096      /* entity mentions per article */
#define ND__MAX_VARIANTS 32        /* spellings kept per entity */
#define ND__MAX_DATES 512
#define ND__MAX_QUOTES 256
#define ND__MAX_CITES 128
#define ND__MAX_NAME_BYTES 160     /* a longer name is not a name */

/* A date expression before resolution: what the text says, relative or absolute. */
enum {
    ND__DATE_ABSOLUTE,   /* year, month, day */
    ND__DATE_MONTH_DAY,  /* month, day; year from the reference */
    ND__DATE_MONTH_YEAR, /* year, month */
    ND__DATE_MONTH,      /* month; year from the reference */
    ND__DATE_YEAR,       /* year */
    ND__DATE_WEEKDAY,    /* weekday 1 (Monday) .. 7 */
    ND__DATE_DAYS,       /* offset days from the reference */
    ND__DATE_WEEKS,      /* offset weeks: the Monday of that week */
    ND__DATE_MONTHS,     /* offset months */
    ND__DATE_YEARS       /* offset years */
};

typedef struct nd__date_expr {
    uint8_t kind;
    int8_t direction;    /* -1 strictly past ("last"), +1 future ("next", "will"), 0 past or same day */
    int year, month, day, weekday, offset;
} nd__date_expr;

/* What extraction keeps beside the public facts of one article, for the run-wide passes. */
typedef struct nd__entity_info {
    uint64_t key;        /* the name folded for transliteration (Baqeri = Bagheri) */
    uint64_t surname;    /* persons: the last name folded the same way */
    int name_words;      /* words in the longest name form, particles not counted */
    uint32_t *variant_counts; /* per variant: how often the article uses it */
    uint8_t *variant_is_name; /* per variant: 1 for a bare name, 0 with a title */
} nd__entity_info;

typedef struct nd__article_facts {
    nd_facts facts;         /* public view; its arrays live in the extraction's arena */
    nd__entity_info *info;  /* parallel to facts.entities */
    nd__date_expr *date_exprs; /* parallel to facts.dates */
    char published[11];     /* "YYYY-MM-DD" or "" */
    char text_date[11];     /* a full date the text gives near its top, or "" */
    char reference[11];
} nd__article_facts;

typedef struct nd__extractor nd__extractor;

/* Word lists and scratch memory for extracting many articles; NULL when out of memory. */
nd__extractor *nd__extractor_new(const nd_gazetteer *gazetteer);
void nd__extractor_free(nd__extractor *extractor);
/* Bytes the extractor holds now (word lists, scratch, the tagger's scratch), as malloc holds
 * them: nd_engine_memory's share of extraction. 0 for NULL. */
size_t nd__extractor_bytes(const nd__extractor *extractor);

/* Extracts the facts of one clean text into `out`, allocating from `arena`. Dates stay
 * unresolved (nd__resolve_dates). ND_OK or ND_ENOMEM. */
int nd__extract_text(nd__extractor *extractor, const char *body, size_t len, const char *dateline,
                     nd__arena *arena, nd__article_facts *out);

/* The tagger's view of a text's words (tools/train_ner.c trains on exactly what extraction tags).
 * *tokens points into the extractor's scratch, valid until its next call. ND_OK or ND_ENOMEM. */
int nd__extract_ner_tokens(nd__extractor *extractor, const char *text, size_t len, const nd__ner_token **tokens,
                           size_t *count);

/* Resolves the article's date expressions against facts.reference_date (values stay NULL when
 * it is NULL and the expression is relative). */
int nd__resolve_dates(nd__article_facts *facts, nd__arena *arena);

/* The facts of a group of articles, with names canonical and undated articles dated across the
 * group (extract_desk.c). Free with nd__extraction_free. */
typedef struct nd__extraction nd__extraction;
int nd__extract_group(nd__extractor *extractor, nd_article *const *articles, size_t count, nd__extraction **out);
size_t nd__extraction_count(const nd__extraction *extraction);
const nd_facts *nd__extraction_facts(const nd__extraction *extraction, size_t index);
void nd__extraction_free(nd__extraction *extraction);

#endif
