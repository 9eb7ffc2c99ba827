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
 * "Distinct" is what keeps an outlet's own republications from making templates: distinct reports,
 * not articles, are counted, and one report republished with light edits is one report (issue
 * 7 (a) for exact republications, issue 19 for edited ones). Each counted sighting stores the
 * article's sketch: a small MinHash of the word 3-shingles of its prose (the paragraphs that are
 * not template candidates). An article whose sketch agrees with a stored one in SAME_BINS bins
 * (an estimated Jaccard of about 0.4; an edited copy is far above, two different reports far
 * below) is that report again and does not count; the stored sketch becomes the newer version's,
 * so that a report updated many times, each update edited from the one before, stays one report
 * however far its last version has drifted from its first.
 *
 * The table has a ceiling: when full, entries below the template count go first, then the
 * templates seen least recently, so memory stays flat however long the stream runs. */
#define TEMPLATE_CONTEXTS 4 /* sketches kept per entry; counts beyond need no more */
#define SKETCH_BINS 8       /* bins of an article's sketch */
#define SAME_BINS 3         /* bins two sketches of one report agree in, at least */
#define SHINGLE_WORDS 3     /* words per shingle of the sketch: short, so that edits spare most */

/* An article's sketch: per bin the 16 bits of its smallest shingle hash, 0 for an empty bin. */
typedef struct sketch {
    uint16_t bin[SKETCH_BINS];
} sketch;

/* A (source, paragraph) entry: the value of the table (util.c's map) under the hash of both. */
typedef struct template_entry {
    sketch contexts[TEMPLATE_CONTEXTS]; /* sketches of the reports that counted */
    uint32_t count;     /* distinct articles seen, saturating */
    uint32_t last_seen; /* the table's clock (articles counted) when last met */
} template_entry;

struct nd__templates {
    nd__map table;      /* paragraph_key -> template_entry */
    nd__vec tokens;     /* nd__token: a paragraph's words while the sketch is made */
    nd__vec minima;     /* uint64_t: SKETCH_BINS per paragraph, when an article has no prose */
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

/* Folds the word 3-shingles of paragraph i into per-bin minima (SKETCH_BINS of them). */
static int paragraph_minima(nd__templates *t, const nd_article *a, size_t i, uint64_t *minima)
{
    const nd__span *sp = &a->paragraphs[i];
    t->tokens.count = 0;
    if (nd__tokenize(a->body + sp->start, sp->end - sp->start, &t->tokens) != ND_OK)
        return ND_ENOMEM;
    const nd__token *w = t->tokens.items;
    size_t n = t->tokens.count, k = n < SHINGLE_WORDS ? n : SHINGLE_WORDS;
    for (size_t s = 0; k && s + k <= n; s++) {
        uint64_t h = 0x9e3779b97f4a7c15ULL;
        for (size_t j = 0; j < k; j++)
            h = nd__mix64(h ^ w[s + j].hash);
        size_t bin = (size_t)(h >> 61); /* SKETCH_BINS = 8 */
        uint64_t v = h & ((1ULL << 61) - 1);
        if (v < minima[bin])
            minima[bin] = v;
    }
    return ND_OK;
}

static void sketch_of(const uint64_t *minima, sketch *out)
{
    for (size_t b = 0; b < SKETCH_BINS; b++) {
        uint64_t v = minima[b];
        uint16_t x = (uint16_t)(v ^ (v >> 16) ^ (v >> 32) ^ (v >> 48));
        out->bin[b] = v == UINT64_MAX ? 0 : x ? x : 1;
    }
}

/* The article's sketch, over its prose. An article without prose (every paragraph a candidate)
 * gets one sketch per candidate instead, over its other paragraphs (*per_paragraph set; the
 * minima of each paragraph are then in t->minima): a paragraph must not make the sketch it is
 * counted with, or two different short notices sharing it would look like one report. */
static int article_sketch(nd__templates *t, const nd_article *a, const unsigned char *candidate, sketch *out,
                          int *per_paragraph)
{
    uint64_t minima[SKETCH_BINS];
    for (size_t b = 0; b < SKETCH_BINS; b++)
        minima[b] = UINT64_MAX;
    size_t prose = 0;
    for (size_t i = 0; i < a->paragraph_count; i++)
        if (!candidate[i]) {
            prose++;
            if (paragraph_minima(t, a, i, minima) != ND_OK)
                return ND_ENOMEM;
        }
    *per_paragraph = prose == 0;
    if (prose) {
        sketch_of(minima, out);
        return ND_OK;
    }
    t->minima.count = 0;
    if (nd__vec_reserve(&t->minima, a->paragraph_count * SKETCH_BINS, sizeof(uint64_t)) != ND_OK)
        return ND_ENOMEM;
    uint64_t *m = t->minima.items;
    for (size_t i = 0; i < a->paragraph_count * SKETCH_BINS; i++)
        m[i] = UINT64_MAX;
    for (size_t i = 0; i < a->paragraph_count; i++)
        if (paragraph_minima(t, a, i, m + i * SKETCH_BINS) != ND_OK)
            return ND_ENOMEM;
    t->minima.count = a->paragraph_count * SKETCH_BINS;
    return ND_OK;
}

/* The sketch of an article without prose, for counting paragraph `own`: its other paragraphs. */
static void sketch_without(const nd__templates *t, size_t paragraphs, size_t own, sketch *out)
{
    const uint64_t *m = t->minima.items;
    uint64_t minima[SKETCH_BINS];
    for (size_t b = 0; b < SKETCH_BINS; b++)
        minima[b] = UINT64_MAX;
    for (size_t i = 0; i < paragraphs; i++)
        for (size_t b = 0; i != own && b < SKETCH_BINS; b++)
            if (m[i * SKETCH_BINS + b] < minima[b])
                minima[b] = m[i * SKETCH_BINS + b];
    sketch_of(minima, out);
}

static int same_report(const sketch *x, const sketch *y)
{
    int same = 0;
    for (size_t b = 0; b < SKETCH_BINS; b++)
        same += x->bin[b] && x->bin[b] == y->bin[b];
    return same >= SAME_BINS;
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
    nd__vec_release(&t->tokens);
    nd__vec_release(&t->minima);
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
    uint64_t seed = source_seed(a);
    sketch whole;
    int per_paragraph = 0;
    int rc = article_sketch(t, a, candidate, &whole, &per_paragraph);
    t->clock++;
    for (size_t i = 0; i < a->paragraph_count && rc == ND_OK; i++) {
        if (!candidate[i])
            continue;
        uint64_t key = paragraph_key(a, i, seed);
        keys[i] = key;
        sketch own = whole;
        if (per_paragraph)
            sketch_without(t, a->paragraph_count, i, &own);
        template_entry *slot = table_find(t, key, 1);
        if (!slot) {
            rc = ND_ENOMEM;
            break;
        }
        slot->last_seen = t->clock;
        uint32_t stored = slot->count < TEMPLATE_CONTEXTS ? slot->count : TEMPLATE_CONTEXTS, k = 0;
        while (k < stored && !same_report(&slot->contexts[k], &own))
            k++;
        if (k < stored) {
            slot->contexts[k] = own; /* this report again: its newest version stands for it */
            continue;
        }
        if (stored < TEMPLATE_CONTEXTS)
            slot->contexts[stored] = own;
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
/* A sketch is written as two u64, four bins each, the first bin in the low bits. */
static uint64_t sketch_half(const sketch *x, int half)
{
    uint64_t v = 0;
    for (int b = 3; b >= 0; b--)
        v = v << 16 | x->bin[half * 4 + b];
    return v;
}

static void set_sketch_half(sketch *x, int half, uint64_t v)
{
    for (int b = 0; b < 4; b++, v >>= 16)
        x->bin[half * 4 + b] = (uint16_t)v;
}

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
            for (int half = 0; half < 2 && rc == ND_OK; half++)
                rc = nd__put_u64(out, sketch_half(&e->contexts[k], half));
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
            for (int half = 0; half < 2; half++)
                set_sketch_half(&e.contexts[k], half, nd__get_u64(in));
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
