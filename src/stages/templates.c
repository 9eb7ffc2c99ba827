/*
 * templates.c: templates, the part of cleaning that looks across articles. Takes clean articles
 * (nd__clean_article's paragraphs) with their source; gives, per source, the short paragraphs
 * that recur in template_min_articles or more distinct articles of it (a station's sign-off, a
 * site's newsletter box), and removes them from articles that leave the engine's holding buffer
 * after they became templates. A removal is recorded with the reason "template", like clean.c's.
 */
#include "templates.h"

#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "text.h"

#define TEMPLATE_MAX_WORDS 30
#define TEMPLATE_MAX_BYTES 400 /* no 30-word line of ordinary prose is longer */

/* Online template statistics. For each (source, short paragraph) the table counts the distinct
 * articles it was seen in; once that reaches template_min_articles the paragraph is a template
 * and leaves every article that passes nd__templates_apply afterwards.
 *
 * "Distinct" is what keeps an outlet's own republications from making templates (issue 7 (a)):
 * each counted sighting stores the article's sketch (the two smallest hashes of its paragraphs
 * that are not template candidates, i.e. its prose), and an article whose sketch shares a hash
 * with a stored one is the same article again, updated or not, and does not count.
 *
 * The table has a ceiling: when full, entries below the template count go first, then the
 * templates seen least recently, so memory stays flat however long the stream runs. */
#define TEMPLATE_CONTEXTS 4 /* sketches kept per entry; counts beyond need no more */

/* A (source, paragraph) entry: the value of the table (util.c's map) under the hash of both. */
typedef struct template_entry {
    uint64_t contexts[TEMPLATE_CONTEXTS][2]; /* sketches of the articles that counted */
    uint32_t count;     /* distinct articles seen, saturating */
    uint32_t last_seen; /* the table's clock (articles counted) when last met */
} template_entry;

struct nd__templates {
    nd__map table;      /* paragraph_key -> template_entry */
    size_t max_entries;
    uint32_t needed;
    uint32_t clock;
};

#define FIRST_SLOTS 1024

/* The table is made at its first entry with `slots` slots; its own ceiling is above where
 * table_room starts forgetting, so it is never what stops an insertion. */
static void table_init(nd__templates *t, size_t slots)
{
    nd__map_init(&t->table, sizeof(template_entry), slots, 2 * t->max_entries + FIRST_SLOTS);
}

/* `source_seed` is the hash of the article's source, so equal paragraphs of two sources differ. */
static uint64_t paragraph_key(const nd_article *a, size_t i, uint64_t source_seed)
{
    const nd__span *sp = &a->paragraphs[i];
    uint64_t h = nd__hash64(a->body + sp->start, sp->end - sp->start, source_seed);
    return h ? h : 1;
}

static uint64_t source_seed(const nd_article *a) { return nd__hash64(a->source, strlen(a->source), 7); }

typedef struct forget_rule {
    uint32_t min_count, min_seen;
} forget_rule;

static int kept(void *user, uint64_t key, const void *value)
{
    (void)key;
    const forget_rule *rule = user;
    const template_entry *e = value;
    return e->count >= rule->min_count && e->last_seen >= rule->min_seen;
}

/* Makes room for one more entry before every insertion, as the table's own growth would, but
 * at the ceiling forgets instead of growing (see above): entries below the template count, then,
 * when templates still fill three quarters of it, all but the recently seen ones. */
static int table_room(nd__templates *t)
{
    nd__map *m = &t->table;
    if (!m->capacity || (m->count + 1) * 2 <= m->capacity)
        return ND_OK;
    if (m->count < t->max_entries)
        return nd__map_filter(m, m->capacity * 2, NULL, NULL);
    forget_rule rule = {t->needed, 0};
    int rc = nd__map_filter(m, 0, kept, &rule);
    if (rc == ND_OK && m->count * 4 > t->max_entries * 3) { /* mostly templates: keep the recent half */
        rule.min_seen = t->clock > t->max_entries / 16 ? t->clock - (uint32_t)(t->max_entries / 16) : 0;
        rc = nd__map_filter(m, 0, kept, &rule);
    }
    return rc;
}

static template_entry *table_find(nd__templates *t, uint64_t key, int insert)
{
    if (!insert)
        return nd__map_find(&t->table, key);
    if (table_room(t) != ND_OK)
        return NULL;
    return nd__map_put(&t->table, key, NULL);
}

static int is_template_candidate(const nd_article *a, size_t i)
{
    const nd__span *sp = &a->paragraphs[i];
    /* Template lines are short: a paragraph longer than TEMPLATE_MAX_BYTES is ruled out
     * before its words are counted, and counting stops past TEMPLATE_MAX_WORDS. */
    size_t len = sp->end - sp->start;
    if (a->paragraph_count < 2 || len > TEMPLATE_MAX_BYTES)
        return 0;
    return nd__text_count_word_runs(a->body + sp->start, len, TEMPLATE_MAX_WORDS) <= TEMPLATE_MAX_WORDS;
}

/* The article's sketch: the smallest paragraph hashes of its prose (paragraphs that are not
 * template candidates), or of all its paragraphs when it has no prose; a candidate's own hash
 * is left out of the sketch it is counted with (sketch_without). Copies of one article, even
 * edited ones, almost always share one of the two smallest. */
static void article_sketch(const nd_article *a, const unsigned char *candidate, uint64_t smallest[3])
{
    uint64_t seed = source_seed(a);
    for (int pass = 0; pass < 2; pass++) {
        smallest[0] = smallest[1] = smallest[2] = UINT64_MAX;
        for (size_t i = 0; i < a->paragraph_count; i++) {
            if (pass == 0 && candidate[i])
                continue;
            uint64_t h = paragraph_key(a, i, seed);
            if (h == smallest[0] || h == smallest[1] || h == smallest[2])
                continue;
            if (h < smallest[0])
                smallest[2] = smallest[1], smallest[1] = smallest[0], smallest[0] = h;
            else if (h < smallest[1])
                smallest[2] = smallest[1], smallest[1] = h;
            else if (h < smallest[2])
                smallest[2] = h;
        }
        if (smallest[0] != UINT64_MAX)
            return;
    }
}

static void sketch_without(const uint64_t smallest[3], uint64_t own, uint64_t sketch[2])
{
    size_t n = 0;
    for (size_t i = 0; i < 3 && n < 2; i++)
        if (smallest[i] != own)
            sketch[n++] = smallest[i];
    while (n < 2)
        sketch[n++] = UINT64_MAX;
}

static int same_article(const uint64_t x[2], const uint64_t y[2])
{
    return (x[0] != UINT64_MAX && (x[0] == y[0] || x[0] == y[1])) ||
           (x[1] != UINT64_MAX && (x[1] == y[0] || x[1] == y[1]));
}

nd__templates *nd__templates_new(int min_articles, size_t max_entries)
{
    nd__templates *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->needed = min_articles > 1 ? (uint32_t)min_articles : 2;
    t->max_entries = max_entries ? max_entries : ND__TEMPLATE_ENTRIES;
    table_init(t, FIRST_SLOTS);
    return t;
}

void nd__templates_free(nd__templates *t)
{
    if (!t)
        return;
    nd__map_release(&t->table);
    free(t);
}

size_t nd__templates_bytes(const nd__templates *t) { return t ? nd__map_bytes(&t->table) : 0; }

int nd__templates_count(nd__templates *t, nd_article *a)
{
    a->template_keys = NULL;
    if (!a->source[0] || a->paragraph_count < 2)
        return ND_OK; /* no candidate: is_template_candidate needs two paragraphs */
    uint64_t *keys = nd__arena_alloc(&a->arena, a->paragraph_count * sizeof *keys);
    if (!keys)
        return ND_ENOMEM;
    unsigned char small[64], *candidate = a->paragraph_count <= sizeof small ? small : malloc(a->paragraph_count);
    if (!candidate)
        return ND_ENOMEM;
    for (size_t i = 0; i < a->paragraph_count; i++) {
        candidate[i] = (unsigned char)is_template_candidate(a, i);
        keys[i] = 0;
    }
    uint64_t smallest[3], seed = source_seed(a);
    article_sketch(a, candidate, smallest);
    t->clock++;
    int rc = ND_OK;
    for (size_t i = 0; i < a->paragraph_count && rc == ND_OK; i++) {
        if (!candidate[i])
            continue;
        uint64_t key = paragraph_key(a, i, seed), sketch[2];
        keys[i] = key;
        sketch_without(smallest, key, sketch);
        template_entry *slot = table_find(t, key, 1);
        if (!slot) {
            rc = ND_ENOMEM;
            break;
        }
        slot->last_seen = t->clock;
        uint32_t stored = slot->count < TEMPLATE_CONTEXTS ? slot->count : TEMPLATE_CONTEXTS, k = 0;
        while (k < stored && !same_article(slot->contexts[k], sketch))
            k++;
        if (k < stored)
            continue; /* this article again */
        if (stored < TEMPLATE_CONTEXTS)
            memcpy(slot->contexts[stored], sketch, sizeof sketch);
        if (slot->count < UINT32_MAX)
            slot->count++;
    }
    if (candidate != small)
        free(candidate);
    if (rc == ND_OK)
        a->template_keys = keys;
    return rc;
}

/* Rebuilds an article's body without the paragraphs flagged in `drop`. */
static int drop_paragraphs(nd_article *a, const unsigned char *drop)
{
    size_t extra = 0, keep = 0;
    for (size_t i = 0; i < a->paragraph_count; i++)
        extra += drop[i], keep += !drop[i];
    char *body = nd__arena_alloc(&a->arena, a->body_len + 1);
    nd__span *span = nd__arena_alloc(&a->arena, (keep ? keep : 1) * sizeof *span);
    nd__removed *gone = nd__arena_alloc(&a->arena, (a->removed_count + extra) * sizeof *gone);
    if (!body || !span || !gone)
        return ND_ENOMEM;
    memcpy(gone, a->removed, a->removed_count * sizeof *gone);
    size_t at = 0, s = 0, r = a->removed_count;
    for (size_t i = 0; i < a->paragraph_count; i++) {
        const char *text = a->body + a->paragraphs[i].start;
        size_t len = a->paragraphs[i].end - a->paragraphs[i].start;
        if (drop[i]) {
            gone[r].text = text; /* the old body stays in the arena */
            gone[r].len = len;
            gone[r].reason = "template";
            r++;
            continue;
        }
        if (at)
            memcpy(body + at, "\n\n", 2), at += 2;
        span[s].start = (uint32_t)at;
        memcpy(body + at, text, len);
        at += len;
        span[s].end = (uint32_t)at;
        s++;
    }
    body[at] = '\0';
    a->body = body;
    a->body_len = at;
    a->paragraphs = span;
    a->paragraph_count = s;
    a->removed = gone;
    a->removed_count = r;
    return ND_OK;
}

int nd__templates_apply(nd__templates *t, nd_article *a)
{
    if (!a->source[0] || a->paragraph_count < 2)
        return ND_OK;
    unsigned char small[64], *drop = a->paragraph_count <= sizeof small ? small : malloc(a->paragraph_count);
    if (!drop)
        return ND_ENOMEM;
    uint64_t seed = source_seed(a);
    size_t dropped = 0;
    for (size_t i = 0; i < a->paragraph_count; i++) {
        drop[i] = 0;
        uint64_t key = a->template_keys ? a->template_keys[i] : is_template_candidate(a, i) ? paragraph_key(a, i, seed) : 0;
        if (!key)
            continue;
        const template_entry *slot = table_find(t, key, 0);
        drop[i] = slot && slot->count >= t->needed;
        dropped += drop[i];
    }
    int rc = ND_OK;
    if (dropped && dropped < a->paragraph_count) /* never empties an article */
        rc = drop_paragraphs(a, drop);
    a->template_keys = NULL; /* they were of the paragraphs before the drop */
    if (drop != small)
        free(drop);
    return rc;
}

/* ---- the template table as state ------------------------------------------------------------ */
/* The header gives the table's slots (FIRST_SLOTS before its first entry) and entries; then each
 * entry, in slot order, so that a load lays the table out as it was. */
int nd__templates_save(const nd__templates *t, nd__buf *out)
{
    int rc = ND_OK;
    size_t slots = t->table.capacity ? t->table.capacity : FIRST_SLOTS;
    uint64_t head[] = {t->needed, t->clock, t->max_entries, slots, t->table.count};
    for (size_t i = 0; i < sizeof head / sizeof head[0] && rc == ND_OK; i++)
        rc = nd__put_u64(out, head[i]);
    size_t cursor = 0;
    uint64_t key;
    const template_entry *e;
    while (rc == ND_OK && (e = nd__map_each(&t->table, &cursor, &key))) {
        rc = nd__put_u64(out, key);
        for (int k = 0; k < TEMPLATE_CONTEXTS && rc == ND_OK; k++)
            if ((rc = nd__put_u64(out, e->contexts[k][0])) == ND_OK)
                rc = nd__put_u64(out, e->contexts[k][1]);
        if (rc == ND_OK)
            rc = nd__put_u64(out, (uint64_t)e->count << 32 | e->last_seen);
    }
    return rc;
}

int nd__templates_load(nd__templates *t, nd__cursor *in)
{
    uint64_t needed = nd__get_u64(in), clock = nd__get_u64(in), max_entries = nd__get_u64(in);
    uint64_t cap = nd__get_u64(in), used = nd__get_u64(in);
    if (in->failed || needed != t->needed || max_entries != t->max_entries || cap < FIRST_SLOTS || (cap & (cap - 1)) ||
        cap > 4 * (uint64_t)ND__TEMPLATE_ENTRIES || used * 2 > cap || clock > UINT32_MAX ||
        used > (uint64_t)(in->end - in->at) / (8 * (2 + 2 * TEMPLATE_CONTEXTS)))
        return ND_EFORMAT;
    nd__map_release(&t->table);
    table_init(t, (size_t)cap); /* the entries below fill the table without growing it */
    for (uint64_t n = 0; n < used; n++) {
        uint64_t key = nd__get_u64(in);
        template_entry e = {0};
        for (int k = 0; k < TEMPLATE_CONTEXTS; k++) {
            e.contexts[k][0] = nd__get_u64(in);
            e.contexts[k][1] = nd__get_u64(in);
        }
        uint64_t packed = nd__get_u64(in);
        e.count = (uint32_t)(packed >> 32);
        e.last_seen = (uint32_t)packed;
        if (in->failed || !key || nd__map_find(&t->table, key))
            return ND_EFORMAT;
        template_entry *slot = nd__map_put(&t->table, key, NULL);
        if (!slot)
            return ND_ENOMEM;
        *slot = e;
    }
    t->clock = (uint32_t)clock;
    return ND_OK;
}
