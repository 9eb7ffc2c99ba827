/*
 * cluster.c: online story clustering, the story lifecycle. Takes clean articles one at a time
 * in stream order (with their extracted facts when the engine has them) and gives each a story
 * (one real-world event) and a storyline (stories with the same actors and theme, possibly
 * years apart). The other modules of the clusterer (cluster_internal.h lists them) make the
 * article's vectors, compare it with a story, explain, and save and load the state; this one
 * opens, joins, closes and forgets stories.
 *
 * Each article becomes two sparse vectors (story_features.c): terms, and names and numbers.
 * A story keeps the sum of its articles' vectors (its strongest features only), a few members'
 * own vectors (its first article and the latest three), its time span and the time of its last
 * article. Candidate stories come from an inverted index (feature -> stories holding it among
 * their strongest), never from a scan. With
 *     sim(t, n) = (W_TERMS * t + W_NAMES * n) * (1 - NAME_PENALTY * (1 - n))
 * for a term cosine t and a name cosine n, the article joins the best candidate when
 *     max(sim(centroid), MEMBER_WEIGHT * sim(best member)) * time_factor(gap)  >=  threshold
 * and opens a new story otherwise (story_match.c); a new story inherits the storyline of the
 * most similar held story (live or closed) when their names and terms agree well enough,
 * however long ago. With learned weights loaded (nd_cluster_load_weights, story_model.c) that
 * hand-tuned score is one feature among others of each candidate: a ranking model picks the
 * best live candidate and a join model decides whether the article joins it.
 *
 * Memory stays flat: a story with no article for story_expire_days closes (it is cut down to a
 * few features, drops its members and only serves storyline links), and is forgotten
 * storyline_days later; the vocabulary and every list have ceilings (cluster.h). Everything is
 * decided by the input and its order (no clocks, no addresses, ties broken by story number), so
 * runs are reproducible, and a state saved and loaded (story_state.c) continues exactly.
 */
#include "cluster_internal.h"
#include "date.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

nd_cluster *nd_cluster_new(const nd_options *options)
{
    nd_cluster *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (options)
        c->options = *options;
    else
        nd_options_init(&c->options);
    c->threshold = c->options.story_threshold > 0 ? c->options.story_threshold : DEFAULT_THRESHOLD;
    /* With a learned model the threshold is the join probability needed (default one half). */
    double p = c->options.story_threshold > 0 ? c->options.story_threshold : 0.5;
    c->join_logit = p >= 1 ? HUGE_VAL : log(p / (1 - p));
    if (!(c->options.story_expire_days > 0))
        c->options.story_expire_days = 365;
    if (c->options.storyline_days < c->options.story_expire_days)
        c->options.storyline_days = c->options.story_expire_days;
    if (c->options.max_stories < 16)
        c->options.max_stories = 16;
    c->next_story = 1;
    c->now = c->swept_day = NO_DAY;
    c->entities = c->options.story_entities < 0 ? 0 : c->options.story_entities >= 2 ? 2 : 1;
    nd__arena_init(&c->strings);
    nd__map_init(&c->terms_by_key, sizeof(uint32_t), MAP_FIRST_SLOTS, 0);
    nd__map_init(&c->word_cache, sizeof(uint32_t), MAP_FIRST_SLOTS, 0);
    nd__map_init(&c->stopwords, 0, MAP_FIRST_SLOTS, 0);
    nd__map_init(&c->not_names, 0, MAP_FIRST_SLOTS, 0);
    nd__map_init(&c->paragraphs, sizeof(uint32_t), MAP_FIRST_SLOTS, 0);
    c->stemmer = sb_stemmer_new("english", NULL);
    if (!c->stemmer || nd__story_reserve(&c->merge, ND__CLUSTER_STORY_TERMS + ND__CLUSTER_ARTICLE_TERMS) != ND_OK ||
        nd__story_vocab_init(c) != ND_OK) {
        nd_cluster_free(c);
        return NULL;
    }
    return c;
}

void nd__story_release(story *s)
{
    free(s->terms);
    free(s->names);
    free(s->posted);
    free(s->titles);
    free(s->exemplars);
    memset(s, 0, sizeof *s);
}

void nd_cluster_free(nd_cluster *c)
{
    if (!c)
        return;
    for (uint32_t i = 0; i < c->story_count; i++)
        nd__story_release(&c->stories[i]);
    free(c->stories);
    for (uint32_t i = 0; i < c->term_count; i++)
        free(c->terms[i].postings.slots);
    free(c->terms);
    nd__map_release(&c->terms_by_key);
    nd__map_release(&c->word_cache);
    nd__map_release(&c->stopwords);
    nd__map_release(&c->not_names);
    nd__map_release(&c->paragraphs);
    nd__arena_release(&c->strings);
    if (c->stemmer)
        sb_stemmer_delete(c->stemmer);
    if (c->dump)
        fclose(c->dump);
    nd__vec_release(&c->free_slots);
    nd__vec_release(&c->tokens);
    nd__vec_release(&c->touched);
    nd__vec_release(&c->candidates);
    nd__vec_release(&c->merge);
    nd__vec_release(&c->contributions);
    nd__vec_release(&c->paragraph_hashes);
    free(c);
}

size_t nd_cluster_live_stories(const nd_cluster *c) { return c ? c->live : 0; }
size_t nd_cluster_held_stories(const nd_cluster *c) { return c ? c->held : 0; }
const char *nd_cluster_load_error(const nd_cluster *c) { return c ? c->load_error : ""; }

/* ---- dates ----------------------------------------------------------------------------------- */
int32_t nd__cluster_day(const char *date)
{
    int y, m, d;
    if (!date || strlen(date) < 10 || !nd__date_parse_iso(date, 10, &y, &m, &d))
        return NO_DAY;
    return (int32_t)nd__days_from_civil(y, m, d);
}


/* Records exemplar k's feature counts and the norms of its terms and names (features already
 * in place in s->exemplars), as adding or loading an exemplar both need. */
void nd__story_exemplar_counts(story *s, uint32_t k, uint32_t nt, uint32_t nn)
{
    const feature *e = s->exemplars + (size_t)k * EX_SIZE;
    double tn = 0, na = 0;
    for (uint32_t i = 0; i < nt; i++)
        tn += (double)e[i].weight * e[i].weight;
    for (uint32_t i = 0; i < nn; i++)
        na += (double)e[EX_TERMS + i].weight * e[EX_TERMS + i].weight;
    s->ex_terms[k] = (uint8_t)nt;
    s->ex_names[k] = (uint8_t)nn;
    s->ex_term_norm[k] = (float)sqrt(tn);
    s->ex_name_norm[k] = (float)sqrt(na);
}
/* Keeps the article's strongest features as a member of story s, which it joins as member
 * number `member` (0 for the first): the first member stays, the later ones take turns. */
static void add_exemplar(nd_cluster *c, story *s, uint32_t member)
{
    if (!s->exemplars)
        return;
    uint32_t k = s->exemplar_count < MAX_EXEMPLARS ? s->exemplar_count++
                                                   : 1 + member % (MAX_EXEMPLARS - 1);
    feature *e = s->exemplars + (size_t)k * EX_SIZE;
    uint32_t nt = c->art_term_count < EX_TERMS ? c->art_term_count : EX_TERMS;
    uint32_t nn = c->art_name_count < EX_NAMES ? c->art_name_count : EX_NAMES;
    memcpy(e, c->top_terms, nt * sizeof *e);
    memcpy(e + EX_TERMS, c->top_names, nn * sizeof *e);
    qsort(e, nt, sizeof *e, nd__story_by_id);
    qsort(e + EX_TERMS, nn, sizeof *e, nd__story_by_id);
    nd__story_exemplar_counts(s, k, nt, nn);
}


/* ---- stories --------------------------------------------------------------------------------- */
void nd__story_norms(story *s)
{
    double t = 0, n = 0, h = 0;
    for (uint32_t i = 0; i < s->title_count; i++)
        h += (double)s->titles[i].weight * s->titles[i].weight;
    s->title_norm = (float)sqrt(h);
    for (uint32_t i = 0; i < s->term_count; i++)
        t += (double)s->terms[i].weight * s->terms[i].weight;
    for (uint32_t i = 0; i < s->name_count; i++)
        n += (double)s->names[i].weight * s->names[i].weight;
    s->term_norm = (float)sqrt(t);
    s->name_norm = (float)sqrt(n);
}

/* story += article, keeping the `max` heaviest features. `merge` is scratch of max + add. */
static void merge_into(feature *into, uint32_t *count, uint32_t max, const feature *add, uint32_t add_count,
                       feature *merge)
{
    uint32_t i = 0, j = 0, k = 0;
    while (i < *count || j < add_count) {
        if (j >= add_count || (i < *count && into[i].id < add[j].id))
            merge[k++] = into[i++];
        else if (i >= *count || add[j].id < into[i].id)
            merge[k++] = add[j++];
        else {
            merge[k] = into[i++];
            merge[k++].weight += add[j++].weight;
        }
    }
    if (k > max) {
        qsort(merge, k, sizeof *merge, nd__story_by_weight);
        k = max;
        qsort(merge, k, sizeof *merge, nd__story_by_id);
    }
    memcpy(into, merge, k * sizeof *merge);
    *count = k;
}

/* Lists the story under its strongest features not listed yet. */
static void story_post(nd_cluster *c, uint32_t slot)
{
    story *s = &c->stories[slot];
    feature top[POST_FEATURES];
    for (int kind = 0; kind < 2; kind++) {
        uint32_t n = (uint32_t)nd__top_k(kind ? s->names : s->terms, kind ? s->name_count : s->term_count, sizeof *top,
                                         top, POST_FEATURES, nd__story_by_weight);
        for (uint32_t i = 0; i < n && s->posted_count < POSTED_MAX; i++) {
            uint32_t id = top[i].id, k;
            for (k = 0; k < s->posted_count && s->posted[k] != id; k++)
                ;
            posting_list *list = &c->terms[id].postings;
            if (k < s->posted_count || list->count >= ND__CLUSTER_POSTING_MAX)
                continue;
            if (list->count == list->cap) {
                uint32_t cap = list->cap ? list->cap * 2 : 4;
                uint32_t *grown = realloc(list->slots, cap * sizeof *grown);
                if (!grown)
                    return;
                list->slots = grown;
                list->cap = cap;
            }
            list->slots[list->count++] = slot;
            s->posted[s->posted_count++] = id;
        }
    }
}

static void story_forget(nd_cluster *c, uint32_t slot)
{
    story *s = &c->stories[slot];
    for (uint32_t k = 0; k < s->posted_count; k++) {
        posting_list *list = &c->terms[s->posted[k]].postings;
        for (uint32_t i = 0; i < list->count; i++)
            if (list->slots[i] == slot) {
                list->slots[i] = list->slots[--list->count];
                break;
            }
    }
    if (s->state == STORY_LIVE)
        c->live--;
    c->held--;
    nd__story_release(s);
    uint32_t *free_slot = nd__vec_push(&c->free_slots, sizeof *free_slot);
    if (free_slot)
        *free_slot = slot; /* else the slot is just not reused */
}

/* A closed story keeps only its strongest features, for storyline links. */
static void story_close(nd_cluster *c, story *s)
{
    feature *scratch = c->merge.items;
    for (int kind = 0; kind < 2; kind++) {
        feature *v = kind ? s->names : s->terms;
        uint32_t *n = kind ? &s->name_count : &s->term_count;
        uint32_t max = kind ? ND__CLUSTER_CLOSED_NAMES : ND__CLUSTER_CLOSED_TERMS;
        if (*n > max) {
            memcpy(scratch, v, *n * sizeof *v);
            qsort(scratch, *n, sizeof *scratch, nd__story_by_weight);
            qsort(scratch, max, sizeof *scratch, nd__story_by_id);
            memcpy(v, scratch, max * sizeof *v);
            *n = max;
        }
    }
    nd__story_norms(s);
    free(s->exemplars);
    s->exemplars = NULL;
    s->exemplar_count = 0;
    s->state = STORY_CLOSED;
    c->live--;
}

/* Closes and forgets stories by age; forgets the least recently updated past max_stories. */
static void sweep(nd_cluster *c)
{
    for (uint32_t slot = 0; slot < c->story_count; slot++) {
        story *s = &c->stories[slot];
        if (s->state == STORY_FREE || c->now == NO_DAY || s->last_day == NO_DAY)
            continue;
        double idle = (double)c->now - s->last_day;
        if (s->state == STORY_CLOSED && idle > c->options.storyline_days)
            story_forget(c, slot);
        else if (s->state == STORY_LIVE && idle > c->options.story_expire_days)
            story_close(c, s);
    }
    while (c->held > (size_t)c->options.max_stories) {
        /* Rare (streams without dates, or bursts): a linear search per story forgotten. */
        uint32_t oldest = UINT32_MAX;
        for (uint32_t slot = 0; slot < c->story_count; slot++)
            if (c->stories[slot].state != STORY_FREE &&
                (oldest == UINT32_MAX || c->stories[slot].last_seq < c->stories[oldest].last_seq))
                oldest = slot;
        story_forget(c, oldest);
    }
}

uint32_t nd__story_new_slot(nd_cluster *c)
{
    if (c->free_slots.count) {
        uint32_t *slots = c->free_slots.items;
        return slots[--c->free_slots.count];
    }
    if (c->story_count == c->story_cap) {
        uint32_t cap = c->story_cap ? c->story_cap * 2 : 256;
        story *grown = realloc(c->stories, cap * sizeof *grown);
        if (!grown)
            return UINT32_MAX;
        memset(grown + c->story_cap, 0, (cap - c->story_cap) * sizeof *grown);
        c->stories = grown;
        c->story_cap = cap;
    }
    return c->story_count++;
}

int nd__story_alloc_vectors(story *s)
{
    s->terms = malloc(ND__CLUSTER_STORY_TERMS * sizeof *s->terms);
    s->names = malloc(ND__CLUSTER_STORY_NAMES * sizeof *s->names);
    s->posted = malloc(POSTED_MAX * sizeof *s->posted);
    s->titles = malloc(STORY_TITLE_TERMS * sizeof *s->titles);
    s->exemplars = malloc(MAX_EXEMPLARS * EX_SIZE * sizeof *s->exemplars);
    return s->terms && s->names && s->posted && s->titles && s->exemplars ? ND_OK : ND_ENOMEM;
}

/* ---- adding an article ----------------------------------------------------------------------- */
typedef struct candidate {
    uint32_t slot;
    float partial;
    long long number;
} candidate;

static int by_promise(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->partial != y->partial)
        return x->partial > y->partial ? -1 : 1;
    return x->number < y->number ? -1 : x->number > y->number;
}

/* Stories sharing one of the article's strongest features, most promising first. */
static size_t lookup(nd_cluster *c)
{
    c->candidates.count = 0;
    for (int kind = 0; kind < 2; kind++) {
        const feature *top = kind ? c->top_names : c->top_terms;
        uint32_t n = kind ? c->art_name_count : c->art_term_count;
        for (uint32_t i = 0; i < n && i < QUERY_FEATURES; i++) {
            const posting_list *list = &c->terms[top[i].id].postings;
            for (uint32_t k = 0; k < list->count; k++) {
                story *s = &c->stories[list->slots[k]];
                if (s->stamp != c->seq) {
                    candidate *cand = nd__vec_push(&c->candidates, sizeof *cand);
                    if (!cand)
                        continue;
                    cand->slot = list->slots[k];
                    cand->number = s->number;
                    s->stamp = c->seq;
                    s->partial = 0;
                }
                s->partial += top[i].weight;
            }
        }
    }
    /* The SCORED_MAX most promising, in by_promise order: the same first SCORED_MAX as sorting
     * them all (by_promise is a total order: numbers are unique), without a sort that grows with
     * the number of stories sharing a common feature. */
    candidate *cands = c->candidates.items;
    for (size_t i = 0; i < c->candidates.count; i++)
        cands[i].partial = c->stories[cands[i].slot].partial;
    candidate best[SCORED_MAX];
    size_t kept = nd__top_k(cands, c->candidates.count, sizeof *cands, best, SCORED_MAX, by_promise);
    if (kept)
        memcpy(cands, best, kept * sizeof *cands);
    return kept;
}

int nd_cluster_add(nd_cluster *c, const nd_article *article, long long original_story,
                   nd_cluster_result *result)
{
    return nd_cluster_add_facts(c, article, NULL, original_story, result);
}

int nd_cluster_add_facts(nd_cluster *c, const nd_article *article, const nd_facts *facts,
                         long long original_story, nd_cluster_result *result)
{
    if (!c->entities)
        facts = NULL;
    memset(result, 0, sizeof *result);
    result->article = article;
    c->seq++;
    int32_t day = nd__cluster_day(article->published);
    if (day != NO_DAY && (c->now == NO_DAY || day > c->now))
        c->now = day;
    if (day == NO_DAY)
        day = c->now;
    /* Sweep every SWEEP_EVERY articles, and when the stream jumps ahead in time. */
    if (c->seq % SWEEP_EVERY == 0 || (c->now != NO_DAY && (c->swept_day == NO_DAY || c->now - c->swept_day >= 7))) {
        sweep(c);
        c->swept_day = c->now;
    }
    if (nd__story_extract(c, article, facts) != ND_OK)
        return ND_ENOMEM;
    for (uint32_t i = 0; i < c->art_term_count && result->term_count < ND_CLUSTER_FEATURES; i++)
        result->terms[result->term_count++] = c->terms[c->top_terms[i].id].text;
    for (uint32_t i = 0; i < c->art_name_count && result->name_count < ND_CLUSTER_FEATURES; i++)
        result->names[result->name_count++] = c->terms[c->top_names[i].id].text;

    /* A copy joins its original's story while that is live. */
    uint32_t chosen = UINT32_MAX;
    match best;
    memset(&best, 0, sizeof best);
    best.time = 1;
    if (original_story > 0) {
        /* Numbers are unique among held stories: the hint, when it holds, is the slot the scan
         * below would find. */
        uint32_t hint = c->slot_hint[(uint64_t)original_story % SLOT_HINTS];
        if (hint < c->story_count && c->stories[hint].number == original_story &&
            c->stories[hint].state == STORY_LIVE) {
            chosen = hint;
            best = nd__story_compare(c, &c->stories[hint], day);
        }
        for (uint32_t slot = 0; chosen == UINT32_MAX && slot < c->story_count; slot++)
            if (c->stories[slot].number == original_story && c->stories[slot].state == STORY_LIVE) {
                chosen = slot;
                best = nd__story_compare(c, &c->stories[slot], day);
                break;
            }
    }
    uint32_t line_slot = UINT32_MAX;
    double line_best = 0;
    if (chosen == UINT32_MAX) {
        size_t scored = lookup(c);
        const candidate *cands = c->candidates.items;
        uint32_t best_slot = UINT32_MAX;
        memset(&best, 0, sizeof best);
        best.time = 1;
        /* Hand-tuned: the highest score. Learned: the highest rank score (the ranking step). */
        double best_key = c->learned ? -HUGE_VAL : 0;
        for (size_t i = 0; i < scored; i++) {
            const story *s = &c->stories[cands[i].slot];
            match m = nd__story_compare(c, s, day);
            if (s->state == STORY_LIVE && c->dump)
                nd__story_dump_candidate(c->dump, (unsigned long long)c->seq, s->number, m.x);
            /* Candidates come in a fixed order; strict comparisons keep the earlier on ties. */
            double key = c->learned ? m.rank : m.score;
            if (s->state == STORY_LIVE && key > best_key)
                best = m, best_slot = cands[i].slot, best_key = key;
            if (m.line > line_best)
                line_best = m.line, line_slot = cands[i].slot;
        }
        /* The join step: the learned model's join score, or the hand-tuned threshold. */
        if (best_slot != UINT32_MAX && (c->learned ? best.join >= c->join_logit : best.score >= c->threshold))
            chosen = best_slot;
        else if (best_slot != UINT32_MAX) {
            nd__story_explain(c, &c->stories[best_slot], result);
            result->score = best.score;
            result->term_similarity = best.terms;
            result->name_similarity = best.names;
            result->time_factor = best.time;
            nd__story_explain_decision(c, &best, result);
        }
    }

    if (chosen != UINT32_MAX) {
        story *s = &c->stories[chosen];
        nd__story_explain(c, s, result);
        result->score = original_story > 0 ? 1.0 : best.score;
        result->term_similarity = best.terms;
        result->name_similarity = best.names;
        result->time_factor = best.time;
        if (original_story <= 0)
            nd__story_explain_decision(c, &best, result);
        if (original_story <= 0) {
            /* Copies add nothing new; counting them twice would only tilt the centroid. */
            feature *merge = c->merge.items; /* reserved for a story plus an article */
            merge_into(s->terms, &s->term_count, ND__CLUSTER_STORY_TERMS, c->art_terms, c->art_term_count, merge);
            merge_into(s->names, &s->name_count, ND__CLUSTER_STORY_NAMES, c->art_names, c->art_name_count, merge);
            merge_into(s->titles, &s->title_count, STORY_TITLE_TERMS, c->art_titles, c->art_title_count, merge);
            nd__story_norms(s);
            story_post(c, chosen);
            add_exemplar(c, s, s->articles);
        }
    } else {
        chosen = nd__story_new_slot(c);
        if (chosen == UINT32_MAX)
            return ND_ENOMEM;
        story *s = &c->stories[chosen];
        memset(s, 0, sizeof *s);
        if (nd__story_alloc_vectors(s) != ND_OK) {
            nd__story_release(s);
            uint32_t *free_slot = nd__vec_push(&c->free_slots, sizeof *free_slot);
            if (free_slot)
                *free_slot = chosen;
            return ND_ENOMEM;
        }
        s->number = c->next_story++;
        c->slot_hint[(uint64_t)s->number % SLOT_HINTS] = chosen;
        s->state = STORY_LIVE;
        s->first_day = s->last_day = NO_DAY;
        memcpy(s->terms, c->art_terms, c->art_term_count * sizeof *s->terms);
        memcpy(s->names, c->art_names, c->art_name_count * sizeof *s->names);
        memcpy(s->titles, c->art_titles, c->art_title_count * sizeof *s->titles);
        s->term_count = c->art_term_count;
        s->name_count = c->art_name_count;
        s->title_count = c->art_title_count;
        nd__story_norms(s);
        add_exemplar(c, s, 0);
        s->storyline = line_slot != UINT32_MAX && line_best >= STORYLINE_THRESHOLD
                           ? c->stories[line_slot].storyline
                           : s->number;
        c->live++;
        c->held++;
        story_post(c, chosen);
        result->opened = 1;
    }
    story *s = &c->stories[chosen];
    s->articles++;
    s->last_seq = c->seq;
    if (day != NO_DAY) {
        if (s->first_day == NO_DAY || day < s->first_day)
            s->first_day = day;
        if (s->last_day == NO_DAY || day > s->last_day)
            s->last_day = day;
        s->day_sum += day;
        s->dated++;
    }
    result->story = s->number;
    result->storyline = s->storyline;
    nd__story_remember_paragraphs(c, (uint32_t)s->number);
    if (c->dump)
        nd__story_dump_decision(c, article, result, original_story > 0);
    return ND_OK;
}


/* The clusterer's whole memory (engine.c's nd_engine_memory): vocabulary, stories, scratch. */
size_t nd__cluster_bytes(const nd_cluster *c)
{
    if (!c)
        return 0;
    size_t bytes = nd__malloc_bytes(sizeof *c) + c->strings.held_bytes;
    bytes += nd__map_bytes(&c->terms_by_key) + nd__map_bytes(&c->word_cache) + nd__map_bytes(&c->stopwords) +
             nd__map_bytes(&c->not_names) + nd__map_bytes(&c->paragraphs);
    bytes += nd__malloc_bytes((size_t)c->term_cap * sizeof *c->terms);
    for (uint32_t i = 0; i < c->term_count; i++)
        bytes += nd__malloc_bytes((size_t)c->terms[i].postings.cap * sizeof(uint32_t));
    bytes += nd__malloc_bytes((size_t)c->story_cap * sizeof *c->stories);
    for (uint32_t i = 0; i < c->story_count; i++) {
        const story *s = &c->stories[i];
        if (s->terms) /* fixed sizes, kept when the story closes */
            bytes += nd__malloc_bytes(ND__CLUSTER_STORY_TERMS * sizeof *s->terms) +
                     nd__malloc_bytes(ND__CLUSTER_STORY_NAMES * sizeof *s->names) +
                     nd__malloc_bytes(POSTED_MAX * sizeof *s->posted) +
                     nd__malloc_bytes(STORY_TITLE_TERMS * sizeof *s->titles);
        if (s->exemplars)
            bytes += nd__malloc_bytes(MAX_EXEMPLARS * EX_SIZE * sizeof *s->exemplars);
    }
    const nd__vec *scratch[] = {&c->free_slots, &c->tokens, &c->touched, &c->candidates, &c->merge,
                                &c->contributions, &c->paragraph_hashes};
    for (size_t i = 0; i < sizeof scratch / sizeof scratch[0]; i++)
        bytes += nd__vec_bytes(scratch[i]);
    return bytes;
}
