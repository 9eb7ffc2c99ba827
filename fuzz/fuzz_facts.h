/*
 * fuzz_facts.h: the promises of an extraction (newsdesk.h, "Entities, dates and quotes"),
 * checked for every article of a desk: every span inside the article's clean text and on
 * character boundaries, every string valid UTF-8, every index in range, dates well-formed.
 */
#ifndef ND_FUZZ_FACTS_H
#define ND_FUZZ_FACTS_H

#include "fuzz_check.h"
#include "newsdesk.h"

static inline void fuzz_check_span(const char *body, size_t body_len, nd_span span)
{
    FUZZ_CHECK(span.start <= span.end);
    FUZZ_CHECK(span.end <= body_len);
    FUZZ_CHECK(fuzz_on_boundary(body, body_len, span.start));
    FUZZ_CHECK(fuzz_on_boundary(body, body_len, span.end));
}

static inline void fuzz_check_date_value(const char *value, nd_date_precision precision)
{
    if (!value)
        return;
    size_t len = strlen(value);
    FUZZ_CHECK(len == (precision == ND_DATE_YEAR ? 4u : precision == ND_DATE_MONTH ? 7u : 10u));
    for (size_t i = 0; i < len; i++)
        FUZZ_CHECK(i == 4 || i == 7 ? value[i] == '-' : (value[i] >= '0' && value[i] <= '9'));
}

static inline void fuzz_check_facts(const nd_article *a, const nd_facts *f)
{
    size_t body_len;
    const char *body = nd_article_body(a, &body_len);
    FUZZ_CHECK(f != NULL);
    fuzz_check_field(f->dateline);
    if (f->published)
        FUZZ_CHECK(fuzz_is_date(f->published));
    if (f->reference_date)
        FUZZ_CHECK(fuzz_is_date(f->reference_date));
    for (size_t i = 0; i < f->entity_count; i++) {
        const nd_entity *e = &f->entities[i];
        FUZZ_CHECK(e->type == ND_ENTITY_PERSON || e->type == ND_ENTITY_ORGANISATION || e->type == ND_ENTITY_PLACE);
        fuzz_check_string(e->name);
        FUZZ_CHECK(e->name[0] != '\0');
        fuzz_check_string(e->country);
        for (size_t k = 0; k < e->variant_count; k++)
            fuzz_check_string(e->variants[k]);
        for (size_t k = 0; k < e->mention_count; k++) {
            fuzz_check_span(body, body_len, e->mentions[k]);
            if (k > 0)
                FUZZ_CHECK(e->mentions[k - 1].start <= e->mentions[k].start);
        }
        if (i > 0)
            FUZZ_CHECK(f->entities[i - 1].type <= e->type);
    }
    for (size_t i = 0; i < f->date_count; i++) {
        fuzz_check_span(body, body_len, f->dates[i].span);
        FUZZ_CHECK(f->dates[i].precision <= ND_DATE_YEAR);
        fuzz_check_date_value(f->dates[i].value, f->dates[i].precision);
    }
    for (size_t i = 0; i < f->quote_count; i++) {
        const nd_quote *q = &f->quotes[i];
        fuzz_check_span(body, body_len, q->span);
        FUZZ_CHECK(q->direct == 0 || q->direct == 1);
        FUZZ_CHECK(q->speaker >= -1 && q->speaker < (long)f->entity_count);
        fuzz_check_string(q->speaker_text);
        fuzz_check_span(body, body_len, q->speaker_span);
    }
    for (size_t i = 0; i < f->cite_count; i++) {
        FUZZ_CHECK(f->cites[i].source >= 0 && f->cites[i].source < (long)f->entity_count);
        fuzz_check_span(body, body_len, f->cites[i].span);
    }
    FUZZ_CHECK(f->where >= -1 && f->where < (long)f->entity_count);
    if (f->where >= 0)
        FUZZ_CHECK(f->entities[f->where].type == ND_ENTITY_PLACE);
}

/* Extracts the desk's facts with `gazetteer` (may be NULL) and checks every article's. */
static inline void fuzz_check_extraction(nd_desk *desk, const nd_gazetteer *gazetteer)
{
    nd_extraction *facts = NULL;
    int rc = nd_desk_extract(desk, gazetteer, &facts);
    FUZZ_CHECK(rc == ND_OK || rc == ND_ENOMEM);
    FUZZ_CHECK((rc == ND_OK) == (facts != NULL));
    if (!facts)
        return;
    FUZZ_CHECK(nd_extraction_count(facts) == nd_desk_article_count(desk));
    for (size_t i = 0; i < nd_extraction_count(facts); i++)
        fuzz_check_facts(nd_desk_article(desk, i), nd_extraction_facts(facts, i));
    FUZZ_CHECK(nd_extraction_facts(facts, nd_extraction_count(facts)) == NULL);
    nd_extraction_free(facts);
}

#endif
