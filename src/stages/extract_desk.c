/*
 * extract_desk.c: the extraction stage over a group of articles (the engine's batch, or the
 * articles leaving its reorder buffer together). Takes their clean texts and an extractor (with
 * its optional gazetteer); gives an nd__extraction with each article's facts.
 *
 * Three passes after extract.c has read each article on its own:
 *   1. names: a person's entities in different articles are one when their names fold to the same
 *      key (Baqeri = Bagheri, Ayoub = Ayyoub, al-Assad = Al-Assad = al Assad); an entity known by
 *      its surname alone joins the one person of that surname in the run, and none when there
 *      are two. Each group's canonical name is its fullest bare name, the most used of those.
 *   2. story dates: an article with no date of its own (metadata, " date " header or a full date
 *      near its top) takes the date of the dated article it shares the most rare people,
 *      organisations and places with. When story clustering lands, the story's date is the
 *      better source; this pass is its stand-in.
 *   3. dates: every expression resolved against the article's reference date (extract_dates.c).
 * All facts live in one arena owned by the extraction; nothing points into the articles.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "date.h"
#include "extract.h"
#include "text.h"

#define ND__STORY_MAX_DF 200      /* a name in more dated articles than this says nothing of a story */
#define ND__STORY_MIN_SHARED 2    /* names two articles must share to be one story */
#define ND__MAX_CANDIDATES 64     /* spellings weighed per canonical name */

struct nd__extraction {
    nd__arena arena;
    size_t count;
    nd__article_facts *articles;
};

const char *nd_entity_type_name(nd_entity_type type)
{
    switch (type) {
    case ND_ENTITY_PERSON: return "person";
    case ND_ENTITY_ORGANISATION: return "organisation";
    case ND_ENTITY_PLACE: return "place";
    }
    return "unknown";
}

const char *nd_date_precision_name(nd_date_precision precision)
{
    switch (precision) {
    case ND_DATE_DAY: return "day";
    case ND_DATE_WEEK: return "week";
    case ND_DATE_MONTH: return "month";
    case ND_DATE_YEAR: return "year";
    }
    return "unknown";
}

/* ---- dates ---------------------------------------------------------------------------------- */
/* Parses "YYYY-MM-DD" at the start of `text` (a date the desk or the text gave, checked there). */
static int parse_iso(const char *text, int *y, int *m, int *d)
{
    return text && strlen(text) >= 10 && nd__date_parse_iso(text, 10, y, m, d);
}

/* ---- pass 1: names across articles ----------------------------------------------------------- */
typedef struct entity_ref {
    uint64_t group;   /* key of the group: the folded full name, or a surname's one group */
    size_t article, entity;
} entity_ref;

static int compare_refs(const void *a, const void *b)
{
    const entity_ref *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->article != y->article)
        return x->article < y->article ? -1 : 1;
    return (x->entity > y->entity) - (x->entity < y->entity);
}

static int canonical_names(nd__extraction *ex)
{
    size_t total = 0;
    for (size_t i = 0; i < ex->count; i++)
        total += ex->articles[i].facts.entity_count;
    if (total == 0)
        return ND_OK;
    entity_ref *refs = malloc(total * sizeof *refs);
    if (!refs)
        return ND_ENOMEM;
    /* surname -> the full-name group it belongs to (0: none yet; UINT64_MAX: two or more) */
    nd__map surnames;
    nd__map_init(&surnames, sizeof(uint64_t), total * 2, 0);
    /* which full-name groups each surname belongs to */
    for (size_t i = 0; i < ex->count; i++) {
        nd__article_facts *a = &ex->articles[i];
        for (size_t e = 0; e < a->facts.entity_count; e++) {
            const nd__entity_info *in = &a->info[e];
            if (a->facts.entities[e].type != ND_ENTITY_PERSON || in->name_words < 2)
                continue;
            uint64_t *group = nd__map_put(&surnames, in->surname, NULL);
            if (!group) {
                free(refs);
                nd__map_release(&surnames);
                return ND_ENOMEM;
            }
            if (*group == 0)
                *group = in->key;
            else if (*group != in->key)
                *group = UINT64_MAX;
        }
    }
    size_t n = 0;
    for (size_t i = 0; i < ex->count; i++) {
        nd__article_facts *a = &ex->articles[i];
        for (size_t e = 0; e < a->facts.entity_count; e++) {
            const nd__entity_info *in = &a->info[e];
            uint64_t group = in->key;
            if (a->facts.entities[e].type == ND_ENTITY_PERSON && in->name_words < 2) {
                const uint64_t *shared = nd__map_find(&surnames, in->surname);
                if (shared && *shared != UINT64_MAX && *shared)
                    group = *shared;
            }
            refs[n].group = group ? group : 1;
            refs[n].article = i;
            refs[n].entity = e;
            n++;
        }
    }
    qsort(refs, n, sizeof *refs, compare_refs);
    for (size_t g = 0; g < n;) {
        size_t end = g;
        while (end < n && refs[end].group == refs[g].group)
            end++;
        /* weigh the bare spellings of the group: most words first, then most uses */
        const char *names[ND__MAX_CANDIDATES];
        size_t counts[ND__MAX_CANDIDATES], words[ND__MAX_CANDIDATES], candidates = 0;
        for (size_t r = g; r < end; r++) {
            nd__article_facts *a = &ex->articles[refs[r].article];
            const nd_entity *e = &a->facts.entities[refs[r].entity];
            const nd__entity_info *in = &a->info[refs[r].entity];
            if (e->type == ND_ENTITY_PLACE)
                break; /* places already carry the gazetteer's name */
            for (size_t v = 0; v < e->variant_count; v++) {
                if (!in->variant_is_name[v])
                    continue;
                size_t c = 0;
                while (c < candidates && strcmp(names[c], e->variants[v]) != 0)
                    c++;
                if (c == candidates) {
                    if (candidates == ND__MAX_CANDIDATES)
                        continue;
                    char folded[ND__MAX_NAME_BYTES];
                    nd__text_fold_name(e->variants[v], strlen(e->variants[v]), folded, sizeof folded);
                    size_t w = folded[0] ? 1 : 0;
                    for (const char *p = folded; *p; p++)
                        w += *p == ' ';
                    names[c] = e->variants[v];
                    counts[c] = 0;
                    words[c] = w;
                    candidates++;
                }
                counts[c] += in->variant_counts[v];
            }
        }
        size_t best = 0;
        for (size_t c = 1; c < candidates; c++)
            if (words[c] > words[best] || (words[c] == words[best] && counts[c] > counts[best]))
                best = c;
        if (candidates)
            for (size_t r = g; r < end; r++) {
                nd_entity *e = (nd_entity *)&ex->articles[refs[r].article].facts.entities[refs[r].entity];
                e->name = names[best];
            }
        g = end;
    }
    free(refs);
    nd__map_release(&surnames);
    return ND_OK;
}

/* ---- pass 2: dates for undated articles from their story ------------------------------------- */
typedef struct key_ref {
    uint64_t key;
    size_t article;
} key_ref;

static int compare_keys(const void *a, const void *b)
{
    const key_ref *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->article > y->article) - (x->article < y->article);
}

static uint64_t entity_key(const nd_entity *e) { return nd__hash64(e->name, strlen(e->name), (uint64_t)e->type + 11); }

static int story_dates(nd__extraction *ex)
{
    size_t dated_keys = 0, undated = 0;
    for (size_t i = 0; i < ex->count; i++) {
        if (ex->articles[i].reference[0])
            dated_keys += ex->articles[i].facts.entity_count;
        else
            undated++;
    }
    if (!undated || !dated_keys)
        return ND_OK;
    key_ref *keys = malloc(dated_keys * sizeof *keys);
    double *score = calloc(ex->count, sizeof *score);
    size_t *shared = calloc(ex->count, sizeof *shared);
    size_t *touched = malloc(ex->count * sizeof *touched);
    if (!keys || !score || !shared || !touched) {
        free(keys);
        free(score);
        free(shared);
        free(touched);
        return ND_ENOMEM;
    }
    size_t n = 0, dated = 0;
    for (size_t i = 0; i < ex->count; i++) {
        if (!ex->articles[i].reference[0])
            continue;
        dated++;
        for (size_t e = 0; e < ex->articles[i].facts.entity_count; e++) {
            keys[n].key = entity_key(&ex->articles[i].facts.entities[e]);
            keys[n].article = i;
            n++;
        }
    }
    qsort(keys, n, sizeof *keys, compare_keys);
    for (size_t i = 0; i < ex->count; i++) {
        nd__article_facts *a = &ex->articles[i];
        if (a->reference[0])
            continue;
        size_t touched_count = 0;
        for (size_t e = 0; e < a->facts.entity_count; e++) {
            uint64_t key = entity_key(&a->facts.entities[e]);
            size_t lo = 0, hi = n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (keys[mid].key < key)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            size_t end = lo;
            while (end < n && keys[end].key == key)
                end++;
            size_t df = end - lo;
            if (df == 0 || df > ND__STORY_MAX_DF)
                continue;
            double idf = log((double)(dated + 1) / (double)df);
            for (size_t k = lo; k < end; k++) {
                size_t j = keys[k].article;
                if (shared[j] == 0)
                    touched[touched_count++] = j;
                shared[j]++;
                score[j] += idf;
            }
        }
        size_t best = SIZE_MAX;
        for (size_t t = 0; t < touched_count; t++) {
            size_t j = touched[t];
            if (shared[j] >= ND__STORY_MIN_SHARED && (best == SIZE_MAX || score[j] > score[best] + 1e-9))
                best = j;
        }
        if (best != SIZE_MAX) {
            memcpy(a->reference, ex->articles[best].reference, sizeof a->reference);
            a->facts.reference_date = a->reference;
            a->facts.date_source = "story";
        }
        for (size_t t = 0; t < touched_count; t++) {
            score[touched[t]] = 0;
            shared[touched[t]] = 0;
        }
    }
    free(keys);
    free(score);
    free(shared);
    free(touched);
    return ND_OK;
}

/* ---- the public entry ------------------------------------------------------------------------ */
int nd__extract_group(nd__extractor *x, nd_article *const *articles, size_t count, nd__extraction **out)
{
    *out = NULL;
    int rc = ND_OK;
    nd__extraction *ex = calloc(1, sizeof *ex);
    if (!ex)
        return ND_ENOMEM;
    nd__arena_init(&ex->arena);
    ex->articles = calloc(count + 1, sizeof *ex->articles);
    if (!ex->articles) {
        rc = ND_ENOMEM;
        goto fail;
    }
    ex->count = count;
    for (size_t i = 0; i < count; i++) {
        const nd_article *article = articles[i];
        nd__article_facts *a = &ex->articles[i];
        size_t len;
        const char *body = nd_article_body(article, &len);
        const char *dateline = nd_article_dateline(article);
        char *dateline_copy = nd__arena_strndup(&ex->arena, dateline, strlen(dateline));
        if (!dateline_copy) {
            rc = ND_ENOMEM;
            goto fail;
        }
        if ((rc = nd__extract_text(x, body, len, dateline_copy, &ex->arena, a)) != ND_OK)
            goto fail;
        int y, m, d;
        const char *published = nd_article_published(article);
        if (parse_iso(published, &y, &m, &d)) {
            memcpy(a->published, published, 10);
            a->published[10] = '\0';
            memcpy(a->reference, a->published, sizeof a->reference);
            a->facts.published = a->published;
            a->facts.reference_date = a->reference;
            a->facts.date_source = "published";
        } else if (parse_iso(a->text_date, &y, &m, &d)) {
            memcpy(a->reference, a->text_date, sizeof a->reference);
            a->facts.reference_date = a->reference;
            a->facts.date_source = "text";
        }
    }
    if ((rc = canonical_names(ex)) != ND_OK || (rc = story_dates(ex)) != ND_OK)
        goto fail;
    for (size_t i = 0; i < count; i++)
        if ((rc = nd__resolve_dates(&ex->articles[i], &ex->arena)) != ND_OK)
            goto fail;
    *out = ex;
    return ND_OK;
fail:
    nd__extraction_free(ex);
    return rc;
}

size_t nd__extraction_count(const nd__extraction *ex) { return ex ? ex->count : 0; }

const nd_facts *nd__extraction_facts(const nd__extraction *ex, size_t index)
{
    return ex && index < ex->count ? &ex->articles[index].facts : NULL;
}

void nd__extraction_free(nd__extraction *ex)
{
    if (!ex)
        return;
    nd__arena_release(&ex->arena);
    free(ex->articles);
    free(ex);
}
