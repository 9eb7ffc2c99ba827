/*
 * story_features.c: an article as the story clusterer sees it. Takes a clean article (title,
 * paragraphs) and, when given, its extracted facts; gives two sparse vectors in the state's
 * scratch, both weighted (1 + log tf) * idf with document frequencies learned from the stream
 * and normalised: terms (stems of title and body, the k-th paragraph counting less) and names
 * (capitalised words not at a sentence start, pairs of them, numbers, and from the facts the
 * event's place, the days the text names and, if asked, every entity); plus the title's own
 * vector. Paragraphs seen in two different stories are boilerplate and left out: this module
 * keeps that paragraph map (nd__story_remember_paragraphs).
 */
#include "cluster_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "extract.h"
#include "utf8.h"

/* Makes room for `count` features in a scratch vector. */
int nd__story_reserve(nd__vec *vec, size_t count)
{
    while (vec->cap < count)
        if (!nd__vec_push(vec, sizeof(feature)))
            return ND_ENOMEM;
    return ND_OK;
}

/* ---- feature extraction ---------------------------------------------------------------------- */
static int is_capitalised(const char *text, const nd__token *t)
{
    unsigned char c = (unsigned char)text[t->start];
    if (c < 0x80)
        return nd__is_upper(c);
    int cp;
    size_t n = nd__utf8_sequence((const unsigned char *)text + t->start, t->end - t->start, &cp);
    return n && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

static int is_number(const char *text, const nd__token *t)
{
    for (uint32_t i = t->start; i < t->end; i++)
        if (!nd__is_digit((unsigned char)text[i]))
            return 0;
    return 1;
}

static void touch(nd_cluster *c, uint32_t id, float weight)
{
    if (id >= STOP_TERM)
        return;
    term_info *t = &c->terms[id];
    if (t->seen != (uint32_t)c->seq) {
        uint32_t *slot = nd__vec_push(&c->touched, sizeof *slot);
        if (!slot)
            return;
        *slot = id;
        t->seen = (uint32_t)c->seq;
        t->acc = 0;
    }
    t->acc += weight;
}

/* Adds the words of text[0..len) to the article's features. */
static int add_text(nd_cluster *c, const char *text, size_t len, float weight, int is_title)
{
    c->tokens.count = 0;
    if (nd__tokenize(text, len, &c->tokens) != ND_OK)
        return ND_ENOMEM;
    const nd__token *tokens = c->tokens.items;
    size_t n = c->tokens.count;
    /* A title in Title Case capitalises every word: its capitals say nothing. */
    int names_allowed = 1;
    if (is_title) {
        size_t words = 0, capitals = 0;
        for (size_t i = 0; i < n; i++) {
            if (is_number(text, &tokens[i]) || nd__map_find(&c->stopwords, tokens[i].hash))
                continue;
            words++;
            capitals += is_capitalised(text, &tokens[i]);
        }
        names_allowed = words < 3 || capitals * 10 < words * 7;
    }
    int previous_name = 0;
    uint64_t previous_hash = 0;
    for (size_t i = 0; i < n; i++) {
        const nd__token *t = &tokens[i];
        const char *surface = text + t->start;
        size_t surface_len = t->end - t->start;
        if (is_number(text, t)) {
            touch(c, nd__story_term_id(c, nd__mix64(t->hash ^ KIND_NUMBER), KIND_NUMBER, surface, surface_len),
                  weight);
            previous_name = 0;
            continue;
        }
        touch(c, nd__story_word_term(c, text, t), weight);
        int name = 0;
        if (names_allowed && surface_len >= 2 && is_capitalised(text, t) &&
            !nd__map_find(&c->not_names, t->hash)) {
            name = !nd__text_word_opens_sentence(text, t->start);
            if (!name && i + 1 < n && tokens[i + 1].start <= t->end + 1 &&
                is_capitalised(text, &tokens[i + 1]) && !nd__map_find(&c->not_names, tokens[i + 1].hash))
                name = 1; /* "Bashar Assad met ..." opens a sentence with a name */
        }
        if (name) {
            touch(c, nd__story_term_id(c, nd__mix64(t->hash ^ KIND_NAME), KIND_NAME, surface, surface_len), weight);
            if (previous_name && t->start <= tokens[i - 1].end + 1) {
                const nd__token *p = &tokens[i - 1];
                touch(c, nd__story_term_id(c, nd__mix64(previous_hash * 31 + t->hash + KIND_PAIR), KIND_PAIR,
                                 text + p->start, t->end - p->start),
                      weight);
            }
            previous_hash = t->hash;
        }
        previous_name = name;
    }
    return ND_OK;
}

int nd__story_by_weight(const void *a, const void *b)
{
    const feature *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

int nd__story_by_id(const void *a, const void *b)
{
    const feature *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Keeps the `max` heaviest of features[0..count), normalised; `top` gets them heaviest first
 * and `out` by id. Returns how many were kept. */
static uint32_t finish_vector(feature *features, size_t count, size_t max, feature *top, feature *out)
{
    qsort(features, count, sizeof *features, nd__story_by_weight);
    if (count > max)
        count = max;
    double norm = 0;
    for (size_t i = 0; i < count; i++)
        norm += (double)features[i].weight * features[i].weight;
    norm = norm > 0 ? sqrt(norm) : 1;
    for (size_t i = 0; i < count; i++) {
        top[i].id = features[i].id;
        top[i].weight = (float)(features[i].weight / norm);
    }
    memcpy(out, top, count * sizeof *out);
    qsort(out, count, sizeof *out, nd__story_by_id);
    return (uint32_t)count;
}

/* The extracted facts as features of the names vector: the place of the event, the days the
 * text names (resolved against the article's own date or one its text gives, never one taken
 * from another article, so that a split run sees the same days) and, when options ask
 * (story_entities 2), every canonical entity, a person by the folded last name so that
 * spellings and full or short forms agree across runs. Keys are folded names, not canonical
 * strings: the canonical choice depends on the whole extraction, which a split run does not
 * see. */
static void add_facts(nd_cluster *c, const nd_facts *f)
{
    char folded[ND__MAX_NAME_BYTES + 8];
    for (size_t i = 0; i < f->entity_count; i++) {
        const nd_entity *e = &f->entities[i];
        const char *name = e->name, *key_text = name;
        if (!name || !*name)
            continue;
        if (e->type == ND_ENTITY_PERSON) {
            const char *space = strrchr(name, ' ');
            if (space && space[1])
                key_text = space + 1;
        }
        size_t n = nd__text_fold_name(key_text, strlen(key_text), folded, sizeof folded);
        if (!n)
            continue;
        uint32_t kind = e->type == ND_ENTITY_PERSON ? KIND_PERSON
                        : e->type == ND_ENTITY_ORGANISATION ? KIND_ORGANISATION : KIND_PLACE;
        size_t mentions = e->mention_count ? e->mention_count : 1;
        if (c->entities >= 2)
            touch(c, nd__story_term_id(c, nd__hash64(folded, n, kind), kind, name, strlen(name)), (float)mentions);
        if ((long)i == f->where)
            touch(c, nd__story_term_id(c, nd__hash64(folded, n, KIND_WHERE), KIND_WHERE, name, strlen(name)), 1.0f);
    }
    if (f->date_source && strcmp(f->date_source, "story") == 0)
        return; /* resolved against another article's date: not the article's own evidence */
    for (size_t i = 0; i < f->date_count; i++) {
        const nd_date *d = &f->dates[i];
        if (!d->value || d->precision != ND_DATE_DAY || strlen(d->value) != 10)
            continue;
        touch(c, nd__story_term_id(c, nd__hash64(d->value, 10, KIND_DATE), KIND_DATE, d->value, 10), 1.0f);
    }
}

/* Builds the article's two vectors from its title and clean body (and its extracted facts when
 * given); counts its document frequencies. */
int nd__story_extract(nd_cluster *c, const nd_article *article, const nd_facts *facts)
{
    c->touched.count = 0;
    c->paragraph_hashes.count = 0;
    if (add_text(c, article->title, strlen(article->title), (float)TITLE_WEIGHT, 1) != ND_OK)
        return ND_ENOMEM;
    size_t title_touched = c->touched.count; /* the title's features come first */
    /* A paragraph already seen in two stories is boilerplate (a consent or paywall page, a
     * newsletter box) that cleaning left: it says nothing about the event. */
    size_t kept = 0;
    for (size_t i = 0; i < article->paragraph_count; i++) {
        const nd__span *span = &article->paragraphs[i];
        if (span->end <= span->start || span->end > article->body_len)
            continue;
        uint64_t hash = nd__hash64(article->body + span->start, span->end - span->start, 0x9a7a);
        uint64_t *slot = nd__vec_push(&c->paragraph_hashes, sizeof *slot);
        if (!slot)
            return ND_ENOMEM;
        *slot = hash;
        const uint32_t *seen = nd__map_find(&c->paragraphs, hash);
        if (seen && *seen == BOILERPLATE)
            continue;
        float weight = (float)(1.0 / (1.0 + PARAGRAPH_DECAY * (double)kept++));
        if (add_text(c, article->body + span->start, span->end - span->start, weight, 0) != ND_OK)
            return ND_ENOMEM;
    }
    if (facts)
        add_facts(c, facts);
    c->documents++;
    const uint32_t *ids = c->touched.items;
    size_t n = c->touched.count;
    /* Terms first in the scratch, names after. */
    if (nd__story_reserve(&c->merge, n) != ND_OK)
        return ND_ENOMEM;
    feature *scratch = c->merge.items;
    size_t terms = 0, names = n;
    double documents = (double)c->documents;
    for (size_t i = 0; i < n; i++) {
        term_info *t = &c->terms[ids[i]];
        t->df++;
        float weight = (float)((1.0 + log(t->acc)) * log((documents + IDF_PRIOR) / t->df));
        if (t->kind == KIND_NUMBER)
            weight *= (float)NUMBER_WEIGHT;
        else if (t->kind == KIND_PERSON)
            weight *= (float)PERSON_WEIGHT;
        feature f = {ids[i], weight};
        if (t->kind == KIND_TERM)
            scratch[terms++] = f;
        else
            scratch[--names] = f;
    }
    c->art_term_count = finish_vector(scratch, terms, ND__CLUSTER_ARTICLE_TERMS, c->top_terms, c->art_terms);
    c->art_name_count = finish_vector(scratch + names, n - names, ND__CLUSTER_ARTICLE_NAMES, c->top_names,
                                      c->art_names);
    /* The title's own vector: its terms weighted by idf alone (a title rarely repeats a word). */
    feature title[ND__CLUSTER_ARTICLE_TERMS], title_top[ND__CLUSTER_ARTICLE_TERMS];
    size_t title_terms = 0;
    for (size_t i = 0; i < title_touched && title_terms < ND__CLUSTER_ARTICLE_TERMS; i++) {
        const term_info *t = &c->terms[ids[i]];
        if (t->kind == KIND_TERM)
            title[title_terms++] = (feature){ids[i], (float)log((documents + IDF_PRIOR) / t->df)};
    }
    c->art_title_count = finish_vector(title, title_terms, ARTICLE_TITLE_TERMS, title_top, c->art_titles);
    /* From here on a feature's `acc` is its weight in the article (0 when not kept), so that a
     * dot product with the article is one pass over the other vector (article_dot). */
    for (size_t i = 0; i < n; i++)
        c->terms[ids[i]].acc = 0;
    for (uint32_t i = 0; i < c->art_term_count; i++)
        c->terms[c->art_terms[i].id].acc = c->art_terms[i].weight;
    c->art_dates = c->art_places = 0;
    for (uint32_t i = 0; i < c->art_name_count; i++) {
        c->terms[c->art_names[i].id].acc = c->art_names[i].weight;
        c->art_dates += c->terms[c->art_names[i].id].kind == KIND_DATE;
        c->art_places += c->terms[c->art_names[i].id].kind == KIND_WHERE;
    }
    return ND_OK;
}


/* Notes the story each of the article's paragraphs was seen in; one seen in two stories is
 * boilerplate from then on. */
void nd__story_remember_paragraphs(nd_cluster *c, uint32_t story_number)
{
    const uint64_t *hashes = c->paragraph_hashes.items;
    for (size_t i = 0; i < c->paragraph_hashes.count; i++) {
        uint32_t *seen = nd__map_find(&c->paragraphs, hashes[i]);
        if (seen) {
            if (*seen != story_number)
                *seen = BOILERPLATE;
        } else if (c->paragraphs.count < ND__CLUSTER_PARAGRAPHS_MAX)
            story_map_set(&c->paragraphs, hashes[i], story_number); /* out of memory: just forgotten */
    }
}

