/*
 * extract_output.c: the working state to the public facts. Takes the entities, mentions, date
 * expressions, quotes and cites of one article; gives nd_facts allocated from the caller's arena
 * (nothing points into the extractor's scratch): entities ordered people, organisations, places,
 * each by first mention, with mention spans and spellings counted; dates unresolved; quotes in
 * text order with their speaker's entity or words; cites; and where the story happened (a city
 * after "in"/"at" in the lead, else the dateline, else the lead's first city, else its country).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_work.h"

static char *copy(nd__arena *arena, const char *text, size_t len) { return nd__arena_strndup(arena, text, len); }

/* Appends a variant unless the entity has it; counts its uses. */
static int add_variant(nd__arena *arena, const char **variants, uint32_t *counts, uint8_t *is_name, size_t *count,
                       const char *text, size_t len, int name)
{
    for (size_t i = 0; i < *count; i++)
        if (strlen(variants[i]) == len && memcmp(variants[i], text, len) == 0) {
            counts[i]++;
            return ND_OK;
        }
    if (*count >= ND__MAX_VARIANTS || len == 0 || len >= ND__MAX_NAME_BYTES)
        return ND_OK;
    char *v = copy(arena, text, len);
    if (!v)
        return ND_ENOMEM;
    variants[*count] = v;
    counts[*count] = 1;
    is_name[*count] = (uint8_t)name;
    (*count)++;
    return ND_OK;
}

/* An entity's place in the output, sorted without a context pointer (a static one would race
 * between two engines on two threads): type, then first mention, then its number. */
typedef struct entity_order {
    int type, first_mention, entity;
} entity_order;

static int compare_entity_order(const void *a, const void *b)
{
    const entity_order *x = a, *y = b;
    if (x->type != y->type)
        return x->type - y->type;
    if (x->first_mention != y->first_mention)
        return x->first_mention < y->first_mention ? -1 : 1;
    return (x->entity > y->entity) - (x->entity < y->entity);
}

int nd__ex_build_output(nd__extractor *x, const char *dateline, nd__arena *arena, nd__article_facts *out)
{
    size_t ne = x->entities.count, nm = x->mentions.count;
    /* first mention and count per entity */
    for (size_t e = 0; e < ne; e++) {
        ENT(e).first_mention = -1;
        ENT(e).mention_count = 0;
    }
    for (size_t m = 0; m < nm; m++) {
        int e = MEN(m).entity;
        if (e < 0)
            continue;
        if (ENT(e).first_mention < 0)
            ENT(e).first_mention = (int)MEN(m).start;
        ENT(e).mention_count++;
    }
    /* order: people, organisations, places; each by first mention */
    int *order = nd__arena_alloc(arena, (ne + 1) * sizeof *order);
    int *rank = nd__arena_alloc(arena, (ne + 1) * sizeof *rank);
    if (!order || !rank)
        return ND_ENOMEM;
    entity_order *keys = nd__arena_alloc(arena, (ne + 1) * sizeof *keys);
    if (!keys)
        return ND_ENOMEM;
    for (size_t e = 0; e < ne; e++)
        keys[e] = (entity_order){(int)ENT(e).type, ENT(e).first_mention, (int)e};
    qsort(keys, ne, sizeof *keys, compare_entity_order);
    for (size_t e = 0; e < ne; e++)
        order[e] = keys[e].entity;
    for (size_t r = 0; r < ne; r++)
        rank[order[r]] = (int)r;
    nd_entity *entities = nd__arena_alloc(arena, (ne + 1) * sizeof *entities);
    nd__entity_info *info = nd__arena_alloc(arena, (ne + 1) * sizeof *info);
    if (!entities || !info)
        return ND_ENOMEM;
    memset(entities, 0, (ne + 1) * sizeof *entities);
    memset(info, 0, (ne + 1) * sizeof *info);
    for (size_t r = 0; r < ne; r++) {
        work_entity *we = &ENT(order[r]);
        nd_entity *e = &entities[r];
        nd__entity_info *in = &info[r];
        e->type = (nd_entity_type)we->type;
        nd_span *spans = nd__arena_alloc(arena, (we->mention_count + 1) * sizeof *spans);
        const char **variants = nd__arena_alloc(arena, ND__MAX_VARIANTS * sizeof *variants);
        in->variant_counts = nd__arena_alloc(arena, ND__MAX_VARIANTS * sizeof *in->variant_counts);
        in->variant_is_name = nd__arena_alloc(arena, ND__MAX_VARIANTS);
        if (!spans || !variants || !in->variant_counts || !in->variant_is_name)
            return ND_ENOMEM;
        size_t vc = 0, mc = 0;
        if (we->place && we->type == ND_ENTITY_PLACE) {
            /* the gazetteer's spelling when plain ASCII ("Iran" for "Iranian"), else the text's */
            int ascii = 1;
            for (const char *p = we->place->name; *p; p++)
                ascii &= (unsigned char)*p < 0x80;
            if (ascii)
                e->name = copy(arena, we->place->name, strlen(we->place->name));
            else
                e->name = copy(arena, x->text + we->name_start, we->name_end - we->name_start);
            e->country = copy(arena, we->place->country, strlen(we->place->country));
            e->has_coordinates = 1;
            e->latitude = we->place->latitude;
            e->longitude = we->place->longitude;
        } else {
            e->name = copy(arena, x->text + we->name_start, we->name_end - we->name_start);
            e->country = "";
        }
        if (!e->name || !e->country)
            return ND_ENOMEM;
        for (size_t m = 0; m < nm; m++) {
            mention *mm = &MEN(m);
            if (mm->entity != order[r])
                continue;
            spans[mc].start = mm->title_start;
            spans[mc].end = mm->end;
            mc++;
            int rc = add_variant(arena, variants, in->variant_counts, in->variant_is_name, &vc, x->text + mm->start,
                                 mm->end - mm->start, 1);
            if (!rc && mm->title_start < mm->start)
                rc = add_variant(arena, variants, in->variant_counts, in->variant_is_name, &vc, x->text + mm->title_start,
                                 mm->end - mm->title_start, 0);
            if (!rc && mm->first_title_start < mm->title_start)
                rc = add_variant(arena, variants, in->variant_counts, in->variant_is_name, &vc,
                                 x->text + mm->first_title_start, mm->end - mm->first_title_start, 0);
            if (!rc && mm->the && mm->start >= 4 && x->text[mm->start - 4] == 'T')
                rc = add_variant(arena, variants, in->variant_counts, in->variant_is_name, &vc, x->text + mm->start - 4,
                                 mm->end - mm->start + 4, 0);
            if (rc)
                return rc;
        }
        e->mentions = spans;
        e->mention_count = mc;
        e->variants = variants;
        e->variant_count = vc;
        in->key = nd__hash64(we->key, strlen(we->key), (uint64_t)we->type + 1);
        if (we->type == ND_ENTITY_PLACE && we->place)
            in->key = nd__hash64(we->place->name, strlen(we->place->name), (uint64_t)we->type + 1);
        in->surname = we->type == ND_ENTITY_PERSON ? nd__hash64(we->surname, strlen(we->surname), 7) : 0;
        in->name_words = we->words;
    }
    out->facts.entities = entities;
    out->facts.entity_count = ne;
    out->info = info;

    /* dates */
    size_t nd = x->dates.count;
    nd_date *dates = nd__arena_alloc(arena, (nd + 1) * sizeof *dates);
    nd__date_expr *exprs = nd__arena_alloc(arena, (nd + 1) * sizeof *exprs);
    if (!dates || !exprs)
        return ND_ENOMEM;
    for (size_t i = 0; i < nd; i++) {
        date_work *d = &((date_work *)x->dates.items)[i];
        dates[i].span.start = d->start;
        dates[i].span.end = d->end;
        dates[i].value = NULL;
        dates[i].precision = ND_DATE_DAY;
        exprs[i] = d->expr;
        if (!out->text_date[0] && d->expr.kind == ND__DATE_ABSOLUTE && d->start < 400)
        {
            char buf[32];
            snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->expr.year % 10000, d->expr.month % 100, d->expr.day % 100);
            memcpy(out->text_date, buf, 10);
            out->text_date[10] = '\0';
        }
    }
    out->facts.dates = dates;
    out->facts.date_count = nd;
    out->date_exprs = exprs;

    /* quotes, in text order */
    size_t nq = x->quotes.count;
    quote_work *qw = x->quotes.items;
    for (size_t i = 1; i < nq; i++)
        for (size_t j = i; j > 0 && qw[j - 1].text_start > qw[j].text_start; j--) {
            quote_work t = qw[j];
            qw[j] = qw[j - 1];
            qw[j - 1] = t;
        }
    nd_quote *quotes = nd__arena_alloc(arena, (nq + 1) * sizeof *quotes);
    if (!quotes)
        return ND_ENOMEM;
    for (size_t i = 0; i < nq; i++) {
        quote_work *q = &qw[i];
        nd_quote *o = &quotes[i];
        o->span.start = q->text_start;
        o->span.end = q->close2 ? q->end2 : q->text_end;
        size_t first_len = q->text_end - q->text_start, second_len = q->close2 ? q->end2 - q->start2 : 0;
        char *words = nd__arena_alloc(arena, first_len + second_len + 2);
        if (!words)
            return ND_ENOMEM;
        memcpy(words, x->text + q->text_start, first_len);
        if (q->close2) {
            words[first_len] = ' ';
            memcpy(words + first_len + 1, x->text + q->start2, second_len);
            first_len += 1 + second_len;
        }
        words[first_len] = '\0';
        o->text = words;
        o->direct = q->direct;
        o->speaker = q->speaker_mention >= 0 && MEN(q->speaker_mention).entity >= 0
                         ? rank[MEN(q->speaker_mention).entity]
                         : -1;
        o->speaker_text = "";
        if (o->speaker < 0 && q->text_speaker_end > q->text_speaker_start) {
            o->speaker_text = copy(arena, x->text + q->text_speaker_start, q->text_speaker_end - q->text_speaker_start);
            if (!o->speaker_text)
                return ND_ENOMEM;
        }
        o->speaker_span.start = q->speaker_start;
        o->speaker_span.end = q->speaker_end;
    }
    out->facts.quotes = quotes;
    out->facts.quote_count = nq;

    size_t nc = x->cites.count;
    nd_cite *cites = nd__arena_alloc(arena, (nc + 1) * sizeof *cites);
    if (!cites)
        return ND_ENOMEM;
    for (size_t i = 0; i < nc; i++) {
        cite_work *c = &((cite_work *)x->cites.items)[i];
        cites[i].source = rank[MEN(c->mention).entity];
        cites[i].span.start = c->start;
        cites[i].span.end = c->end;
    }
    out->facts.cites = cites;
    out->facts.cite_count = nc;

    /* where: a city after "in"/"at" in the lead, else the dateline, else the lead's first city,
     * else its first country */
    out->facts.where = -1;
    out->facts.where_source = NULL;
    long dateline_place = -1, first_city = -1, first_country = -1;
    uint32_t lead_sentences = 6;
    for (size_t m = 0; m < nm; m++) {
        mention *mm = &MEN(m);
        if (mm->type != ND_ENTITY_PLACE || mm->entity < 0 || TOK(mm->first_token).sentence >= lead_sentences)
            continue;
        long r = rank[mm->entity];
        /* only a city the text places (country named, "in", dateline) says where it happened */
        int is_city = mm->place && mm->place->kind == ND__PLACE_CITY && mm->city_cue;
        if (mm->first_token == 0 && (TOK(0).flags & T_ALLCAPS || (dateline && dateline[0]))) {
            dateline_place = r;
            continue;
        }
        if (is_city && mm->first_token > 0 &&
            (tok_is(x, (size_t)mm->first_token - 1, "in") || tok_is(x, (size_t)mm->first_token - 1, "at")) &&
            out->facts.where < 0) {
            out->facts.where = r;
            out->facts.where_source = "lead";
        }
        if (is_city && first_city < 0)
            first_city = r;
        if (!is_city && first_country < 0 && mm->place && mm->place->kind == ND__PLACE_COUNTRY)
            first_country = r;
    }
    if (out->facts.where < 0 && dateline_place >= 0) {
        out->facts.where = dateline_place;
        out->facts.where_source = "dateline";
    } else if (out->facts.where < 0 && (first_city >= 0 || first_country >= 0)) {
        out->facts.where = first_city >= 0 ? first_city : first_country;
        out->facts.where_source = "lead";
    }
    return ND_OK;
}
