/*
 * summary_facts.c: the facts part of nd_summarise: the story's people, organisations and places
 * (gathered from every article's facts, generic one-word names left out), the event's day and
 * place by vote, the strongest quotes with speakers, the shared passages once each, and the
 * number of outlets. Takes the summary's context, fills the summary's fields in its arena.
 */
#include <math.h>

#include "analyse.h"
#include "summarise.h"
#include "text.h"

/* ---- entities -------------------------------------------------------------------------------- */
typedef struct entity_row {
    const char *name;
    nd_entity_type type;
    size_t article;
    const nd_entity *entity;
} entity_row;

static int cmp_entity_row(const void *pa, const void *pb)
{
    const entity_row *x = pa, *y = pb;
    if (x->type != y->type)
        return (int)x->type - (int)y->type;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->article < y->article ? -1 : x->article > y->article;
}

static int cmp_summary_entity(const void *pa, const void *pb)
{
    const nd_summary_entity *x = pa, *y = pb;
    if (x->article_count != y->article_count)
        return x->article_count > y->article_count ? -1 : 1;
    if (x->mention_count != y->mention_count)
        return x->mention_count > y->mention_count ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Role words that are never an entity on their own ("President", "General"). */
static const char *const role_words[] = {
    "President", "General", "Minister", "Chief", "Leader", "Government", "Police", "Army",
    "Officials", "Official", "Spokesman", "Spokeswoman", "Commander", "Director", "Secretary",
    "Governor", "Mayor", "Senator", "King", "Queen", "Prince", "Sheriff", "Officer", "State",
    "Ministry", "Council", "Parliament", "Court", "Committee", "Agency", "Department", NULL};

/* The words the story's bodies write starting in lower case, as folded hashes: a one-word name
 * among them ("general", "president") is a common noun capitalised by position or title. */
int nd__summary_lower_words(context *c)
{
    nd__vec all = {0};
    for (size_t i = 0; i < c->count; i++) {
        const nd_story_article *a = &c->articles[i];
        c->tokens.count = 0;
        if (a->body && nd__tokenize(a->body, a->body_len, &c->tokens) != ND_OK) {
            nd__vec_release(&all);
            return ND_ENOMEM;
        }
        const nd__token *t = c->tokens.items;
        for (size_t k = 0; k < c->tokens.count; k++) {
            if (!nd__is_lower((unsigned char)a->body[t[k].start]))
                continue;
            uint64_t *slot = nd__vec_push(&all, sizeof *slot);
            if (!slot) {
                nd__vec_release(&all);
                return ND_ENOMEM;
            }
            *slot = t[k].hash;
        }
    }
    uint64_t *words = all.items;
    sort_items(words, all.count, sizeof *words, cmp_u64);
    size_t n = 0;
    for (size_t i = 0; i < all.count; i++)
        if (n == 0 || words[n - 1] != words[i])
            words[n++] = words[i];
    c->lower_words = words;
    c->lower_count = n;
    return ND_OK;
}

static int generic_name(context *c, const char *name)
{
    if (strchr(name, ' '))
        return 0;
    for (size_t i = 0; role_words[i]; i++)
        if (strcmp(role_words[i], name) == 0)
            return 1;
    if (nd__is_lower((unsigned char)name[0]))
        return 0;
    c->tokens.count = 0;
    if (nd__tokenize(name, strlen(name), &c->tokens) != ND_OK || c->tokens.count != 1)
        return 0;
    uint64_t hash = ((const nd__token *)c->tokens.items)[0].hash;
    return c->lower_count && bsearch(&hash, c->lower_words, c->lower_count, sizeof hash, cmp_u64) != NULL;
}

int nd__summary_entities(context *c, nd_summary *s)
{
    size_t rows_count = 0;
    for (size_t i = 0; i < c->count; i++)
        if (c->articles[i].facts)
            rows_count += c->articles[i].facts->entity_count;
    if (rows_count == 0)
        return ND_OK;
    entity_row *rows = malloc(rows_count * sizeof *rows);
    if (!rows)
        return ND_ENOMEM;
    size_t r = 0;
    for (size_t i = 0; i < c->count; i++) {
        const nd_facts *f = c->articles[i].facts;
        for (size_t e = 0; f && e < f->entity_count; e++)
            rows[r++] = (entity_row){f->entities[e].name ? f->entities[e].name : "", f->entities[e].type, i,
                                     &f->entities[e]};
    }
    sort_items(rows, rows_count, sizeof *rows, cmp_entity_row);
    nd_summary_entity *all = nd__arena_alloc(c->arena, rows_count * sizeof *all);
    if (!all) {
        free(rows);
        return ND_ENOMEM;
    }
    size_t distinct = 0;
    for (size_t i = 0; i < rows_count;) {
        size_t j = i;
        while (j < rows_count && rows[j].type == rows[i].type && strcmp(rows[j].name, rows[i].name) == 0)
            j++;
        if (rows[i].name[0] && !generic_name(c, rows[i].name)) {
            nd_summary_entity *e = &all[distinct++];
            memset(e, 0, sizeof *e);
            e->name = dup_cstr(c->arena, rows[i].name);
            e->type = rows[i].type;
            const char **variants = nd__arena_alloc(c->arena, MAX_VARIANTS * sizeof *variants);
            if (!e->name || !variants) {
                free(rows);
                return ND_ENOMEM;
            }
            size_t last_article = (size_t)-1;
            for (size_t k = i; k < j; k++) {
                if (rows[k].article != last_article)
                    e->article_count++;
                last_article = rows[k].article;
                e->mention_count += rows[k].entity->mention_count;
                for (size_t v = 0; v < rows[k].entity->variant_count && e->variant_count < MAX_VARIANTS; v++) {
                    const char *variant = rows[k].entity->variants[v];
                    size_t seen = 0;
                    while (seen < e->variant_count && strcmp(variants[seen], variant) != 0)
                        seen++;
                    if (seen == e->variant_count && strcmp(variant, e->name) != 0) {
                        variants[e->variant_count] = dup_cstr(c->arena, variant);
                        if (!variants[e->variant_count]) {
                            free(rows);
                            return ND_ENOMEM;
                        }
                        e->variant_count++;
                    }
                }
            }
            e->variants = variants;
        }
        i = j;
    }
    free(rows);
    sort_items(all, distinct, sizeof *all, cmp_summary_entity);
    /* Split by type, strongest first within each. */
    nd_summary_entity *people = nd__arena_alloc(c->arena, MAX_PEOPLE * sizeof *people);
    nd_summary_entity *orgs = nd__arena_alloc(c->arena, MAX_ORGANISATIONS * sizeof *orgs);
    nd_summary_entity *places = nd__arena_alloc(c->arena, MAX_PLACES * sizeof *places);
    if (!people || !orgs || !places)
        return ND_ENOMEM;
    for (size_t i = 0; i < distinct; i++) {
        if (all[i].type == ND_ENTITY_PERSON && s->people_count < MAX_PEOPLE)
            people[s->people_count++] = all[i];
        else if (all[i].type == ND_ENTITY_ORGANISATION && s->organisation_count < MAX_ORGANISATIONS)
            orgs[s->organisation_count++] = all[i];
        else if (all[i].type == ND_ENTITY_PLACE && s->place_count < MAX_PLACES)
            places[s->place_count++] = all[i];
    }
    s->people = people;
    s->organisations = orgs;
    s->places = places;
    return ND_OK;
}

/* ---- when and where -------------------------------------------------------------------------- */
typedef struct vote {
    const char *value;
    double weight;
} vote;

static void add_vote(vote *votes, size_t *count, size_t cap, const char *value, double weight)
{
    for (size_t i = 0; i < *count; i++)
        if (strcmp(votes[i].value, value) == 0) {
            votes[i].weight += weight;
            return;
        }
    if (*count < cap)
        votes[(*count)++] = (vote){value, weight};
}

/* The winner: most weight, then the earliest value (dates) or the first seen. */
static const char *winner(const vote *votes, size_t count, int earliest)
{
    const vote *best = NULL;
    for (size_t i = 0; i < count; i++) {
        if (!best || votes[i].weight > best->weight + 1e-9 ||
            (earliest && fabs(votes[i].weight - best->weight) <= 1e-9 && strcmp(votes[i].value, best->value) < 0))
            best = &votes[i];
    }
    return best ? best->value : NULL;
}

#define MAX_VOTES 256

int nd__summary_when_where(context *c, nd_summary *s, const span *const *leads, const size_t *lead_counts)
{
    vote days[MAX_VOTES], places[MAX_VOTES];
    size_t day_count = 0, place_count = 0;
    for (size_t i = 0; i < c->count; i++) {
        const nd_story_article *a = &c->articles[i];
        const nd_facts *f = a->facts;
        if (!f || a->duplicate_of)
            continue;
        /* The lead: its first two sentences. */
        size_t lead_end = lead_counts[i] ? leads[i][lead_counts[i] > 1 ? 1 : 0].end : 0;
        size_t rank = 0;
        for (size_t d = 0; d < f->date_count; d++) {
            const nd_date *date = &f->dates[d];
            if (!date->value || date->precision != ND_DATE_DAY)
                continue;
            double weight = 1.0 / (double)(1 + rank++);
            if (date->span.start < lead_end)
                weight *= 2;
            /* A day after the report's own date is a plan, not the event. */
            const char *own = a->published ? a->published : f->reference_date;
            if (own && strncmp(date->value, own, 10) > 0)
                weight *= 0.3;
            add_vote(days, &day_count, MAX_VOTES, date->value, weight);
        }
        if (f->where >= 0 && (size_t)f->where < f->entity_count) {
            int dateline = f->where_source && strcmp(f->where_source, "dateline") == 0;
            add_vote(places, &place_count, MAX_VOTES, f->entities[f->where].name, dateline ? 0.5 : 1.0);
        }
    }
    const char *when = winner(days, day_count, 1);
    if (when) {
        s->when = dup_text(c->arena, when, strlen(when) > 10 ? 10 : strlen(when));
        s->when_from = "text";
    } else if (s->first_day) {
        s->when = s->first_day;
        s->when_from = "published";
    }
    if (when && !s->when)
        return ND_ENOMEM;
    const char *where = winner(places, place_count, 0);
    if (where && !(s->where = dup_cstr(c->arena, where)))
        return ND_ENOMEM;
    /* A place known only from a dateline in capitals ("PORT ADLER") reads as a name. */
    int lower = 0;
    for (const char *p = s->where; p && *p; p++)
        lower |= nd__is_lower((unsigned char)*p) || (unsigned char)*p >= 0x80;
    if (s->where && !lower) {
        char *name = (char *)s->where;
        for (size_t i = 1; name[i]; i++)
            if (nd__is_alpha((unsigned char)name[i - 1]) || name[i - 1] == '\'')
                name[i] = (char)nd__to_lower((unsigned char)name[i]);
    }
    return ND_OK;
}

/* ---- quotes ---------------------------------------------------------------------------------- */
typedef struct quote_row {
    nd_summary_quote quote;
    uint64_t key;       /* of its folded words: the same quote in two reports */
    double strength;
} quote_row;

static int cmp_quote_strength(const void *pa, const void *pb)
{
    const quote_row *x = pa, *y = pb;
    if (x->strength != y->strength)
        return x->strength > y->strength ? -1 : 1;
    return 0;
}

static size_t entity_article_count(const nd_summary *s, const char *name)
{
    for (size_t i = 0; i < s->people_count; i++)
        if (strcmp(s->people[i].name, name) == 0)
            return s->people[i].article_count;
    for (size_t i = 0; i < s->organisation_count; i++)
        if (strcmp(s->organisations[i].name, name) == 0)
            return s->organisations[i].article_count;
    return 0;
}

int nd__summary_quotes(context *c, nd_summary *s)
{
    nd__vec rows = {0};
    for (size_t i = 0; i < c->count; i++) {
        const nd_story_article *a = &c->articles[i];
        const nd_facts *f = a->facts;
        for (size_t q = 0; f && q < f->quote_count; q++) {
            const nd_quote *quote = &f->quotes[q];
            if (quote->span.end > a->body_len || quote->span.start >= quote->span.end)
                continue;
            const char *text = quote->text ? quote->text : a->body + quote->span.start; /* parts joined */
            size_t len = quote->text ? strlen(quote->text) : quote->span.end - quote->span.start;
            size_t words = nd__summary_words(text, len);
            if (words < 5)
                continue;
            const char *speaker = "";
            int named = 0;
            if (quote->speaker >= 0 && (size_t)quote->speaker < f->entity_count) {
                speaker = f->entities[quote->speaker].name;
                named = 1;
            } else if (quote->speaker_text && quote->speaker_text[0])
                speaker = quote->speaker_text;
            uint64_t key = nd__summary_key(text, len);
            quote_row *seen = NULL;
            for (size_t k = 0; k < rows.count; k++)
                if (((quote_row *)rows.items)[k].key == key)
                    seen = &((quote_row *)rows.items)[k];
            if (seen) {
                seen->quote.article_count++;
                seen->strength += 0.25;
                continue;
            }
            quote_row *row = nd__vec_push(&rows, sizeof *row);
            if (!row) {
                nd__vec_release(&rows);
                return ND_ENOMEM;
            }
            row->key = key;
            row->quote.text = dup_text(c->arena, text, len);
            row->quote.speaker = dup_cstr(c->arena, speaker);
            row->quote.article_id = dup_cstr(c->arena, a->id);
            row->quote.direct = quote->direct;
            row->quote.article_count = 1;
            if (!row->quote.text || !row->quote.speaker || !row->quote.article_id) {
                nd__vec_release(&rows);
                return ND_ENOMEM;
            }
            double key_speaker = named && c->reports ? (double)entity_article_count(s, speaker) / (double)c->reports : 0;
            row->strength = (quote->direct ? 1.0 : 0.4) + (named ? 1.0 : speaker[0] ? 0.3 : 0.0) + key_speaker +
                            0.5 * (words > 30 ? 1.0 : (double)words / 30.0) - (words > 70 ? 0.5 : 0.0);
        }
    }
    quote_row *all = rows.items;
    sort_items(all, rows.count, sizeof *all, cmp_quote_strength);
    nd_summary_quote *out = nd__arena_alloc(c->arena, MAX_QUOTES * sizeof *out);
    if (!out) {
        nd__vec_release(&rows);
        return ND_ENOMEM;
    }
    /* Strongest first, at most a few per speaker so that each voice is heard. */
    for (size_t i = 0; i < rows.count && s->quote_count < MAX_QUOTES; i++) {
        size_t same = 0;
        for (size_t k = 0; k < s->quote_count; k++)
            same += strcmp(out[k].speaker, all[i].quote.speaker) == 0;
        if (same < MAX_QUOTES_PER_SPEAKER)
            out[s->quote_count++] = all[i].quote;
    }
    s->quotes = out;
    nd__vec_release(&rows);
    return ND_OK;
}

/* ---- passages -------------------------------------------------------------------------------- */
int nd__summary_passages(context *c, nd_summary *s, const nd_story_link *links, size_t link_count,
                           const size_t *timeline_rank)
{
    size_t total = 0;
    for (size_t l = 0; l < link_count; l++)
        total += links[l].passage_count;
    if (total == 0)
        return ND_OK;
    size_t cap = total < MAX_PASSAGES ? total : MAX_PASSAGES;
    nd_summary_passage *out = nd__arena_alloc(c->arena, cap * sizeof *out);
    uint64_t *keys = malloc(cap * sizeof *keys);
    if (!out || !keys) {
        free(keys);
        return ND_ENOMEM;
    }
    for (size_t l = 0; l < link_count && s->passage_count < cap; l++) {
        size_t a = links[l].a, b = links[l].b;
        int swap = timeline_rank[b] < timeline_rank[a];
        for (size_t p = 0; p < links[l].passage_count && s->passage_count < cap; p++) {
            nd_passage pass = links[l].passages[p];
            const nd_story_article *x = &c->articles[a], *y = &c->articles[b];
            if (pass.a_end > x->body_len || pass.b_end > y->body_len || pass.a_start >= pass.a_end ||
                pass.b_start >= pass.b_end)
                continue;
            uint64_t key = nd__summary_key(x->body + pass.a_start, pass.a_end - pass.a_start);
            size_t seen = 0;
            while (seen < s->passage_count && keys[seen] != key)
                seen++;
            if (seen < s->passage_count)
                continue;
            keys[s->passage_count] = key;
            nd_summary_passage *o = &out[s->passage_count++];
            const char *a_text = x->body + pass.a_start, *b_text = y->body + pass.b_start;
            size_t a_len = pass.a_end - pass.a_start, b_len = pass.b_end - pass.b_start;
            o->words = pass.words;
            o->a_id = dup_cstr(c->arena, swap ? y->id : x->id);
            o->b_id = dup_cstr(c->arena, swap ? x->id : y->id);
            o->a_text = dup_text(c->arena, swap ? b_text : a_text, swap ? b_len : a_len);
            o->b_text = dup_text(c->arena, swap ? a_text : b_text, swap ? a_len : b_len);
            if (!o->a_id || !o->b_id || !o->a_text || !o->b_text) {
                free(keys);
                return ND_ENOMEM;
            }
        }
    }
    free(keys);
    s->passages = out;
    return ND_OK;
}

/* ---- outlets --------------------------------------------------------------------------------- */
static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The outlet of an article: its source, else its url's host, else the article alone. */
static char *outlet_key(const nd_story_article *a)
{
    if (a->source && a->source[0])
        return strdup(a->source);
    const char *host;
    size_t n = nd__url_host(a->url ? a->url : "", &host, 1);
    if (n) {
        char *key = malloc(n + 2);
        if (key) {
            key[0] = 'h';
            memcpy(key + 1, host, n);
            key[n + 1] = '\0';
        }
        return key;
    }
    n = strlen(a->id ? a->id : "");
    char *key = malloc(n + 2);
    if (key) {
        key[0] = '#';
        memcpy(key + 1, a->id ? a->id : "", n + 1);
    }
    return key;
}

int nd__summary_outlets(const context *c, size_t *out)
{
    char **keys = calloc(c->count, sizeof *keys);
    if (!keys)
        return ND_ENOMEM;
    int status = ND_OK;
    for (size_t i = 0; i < c->count && status == ND_OK; i++)
        if (!(keys[i] = outlet_key(&c->articles[i])))
            status = ND_ENOMEM;
    if (status == ND_OK) {
        sort_items(keys, c->count, sizeof *keys, cmp_cstr);
        *out = 0;
        for (size_t i = 0; i < c->count; i++)
            *out += i == 0 || strcmp(keys[i], keys[i - 1]) != 0;
    }
    for (size_t i = 0; i < c->count; i++)
        free(keys[i]);
    free(keys);
    return status;
}

