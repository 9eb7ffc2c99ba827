/*
 * summarise.c: one story's articles in, what a person reads out. Takes the story's articles
 * (clean text, title, source, dates, and the facts extraction found) and the passages they
 * share, and gives an nd_summary: headline, two or three sentences, when and where, counts,
 * first report, sources in timeline order, key people, organisations and places, the strongest
 * quotes with speakers, and the shared passages.
 *
 * How it chooses (docs/summarise.md says why):
 *   - Representative means shared: a word weighs by the share of the story's own reports (copies
 *     left out) that use it, so a title or sentence made of the story's common words is central.
 *   - The headline is the most central title; with no titles, the most central lead sentence cut
 *     to its core (dateline, appositive after the subject and trailing attribution removed).
 *   - Summary sentences are the most central sentences with a lead bonus, each new one only if it
 *     does not repeat one chosen (same words or most of the same content words), never a
 *     sentence that looks like page furniture (links, prompts, licence lines, fragments).
 *   - The event's day is voted by the day-precise dates in the articles' leads; the place by the
 *     facts' event places (datelines count half: a dateline says where the report was written).
 *
 * Memory: everything the summary holds lives in one arena it owns; scratch is freed before
 * returning. Inputs are only read during the call.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "newsdesk.h"
#include "summarise.h"
#include "util.h"

typedef struct summary_owner {
    nd_summary pub; /* first: nd_summary_free casts back */
    nd__arena arena;
} summary_owner;

/* ---- small text tools ------------------------------------------------------------------------ */
static const char *empty_if_null(const char *s) { return s ? s : ""; }

static int is_stop(const context *c, uint64_t hash)
{
    return bsearch(&hash, c->stop, c->stop_count, sizeof *c->stop, cmp_u64) != NULL;
}

/* Common English function words: weighing them by how many reports use them would make every
 * sentence look central. */
static const char stop_words[] =
    "the a an and or but of to in on at by for from with about as into over after before than "
    "then that this these those there here it its he she his her him they them their we our us "
    "you your i me my is are was were be been being has have had do does did will would can "
    "could should may might must shall not no yes also said says say told just more most very "
    "which who whom whose what when where why how all any both each other some such only own "
    "same so too while during between against through under up down out off again further once "
    "one two new mr mrs ms";

static int load_stop_words(context *c)
{
    nd__vec tokens = {0};
    if (nd__tokenize(stop_words, sizeof stop_words - 1, &tokens) != ND_OK)
        return ND_ENOMEM;
    c->stop = malloc((tokens.count + 1) * sizeof *c->stop);
    if (!c->stop) {
        nd__vec_release(&tokens);
        return ND_ENOMEM;
    }
    const nd__token *t = tokens.items;
    for (size_t i = 0; i < tokens.count; i++)
        c->stop[i] = t[i].hash;
    c->stop_count = tokens.count;
    sort_items(c->stop, c->stop_count, sizeof *c->stop, cmp_u64);
    nd__vec_release(&tokens);
    return ND_OK;
}

/* The distinct content words of text[0..len) (sorted hashes, into *out, malloc'd) and how many
 * words it has in all. ND_OK or ND_ENOMEM. */
static int content_words(context *c, const char *text, size_t len, uint64_t **out, size_t *out_count,
                         size_t *all_words)
{
    c->tokens.count = 0;
    *out = NULL;
    *out_count = 0;
    if (nd__tokenize(text, len, &c->tokens) != ND_OK)
        return ND_ENOMEM;
    const nd__token *t = c->tokens.items;
    if (all_words)
        *all_words = c->tokens.count;
    if (c->tokens.count == 0)
        return ND_OK;
    uint64_t *words = malloc(c->tokens.count * sizeof *words);
    if (!words)
        return ND_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < c->tokens.count; i++)
        if (t[i].end - t[i].start > 2 && !is_stop(c, t[i].hash))
            words[n++] = t[i].hash;
    sort_items(words, n, sizeof *words, cmp_u64);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (distinct == 0 || words[distinct - 1] != words[i])
            words[distinct++] = words[i];
    *out = words;
    *out_count = distinct;
    return ND_OK;
}

static int cmp_word_count(const void *a, const void *b)
{
    uint64_t x = ((const word_count *)a)->hash, y = ((const word_count *)b)->hash;
    return x < y ? -1 : x > y;
}

static double share_of_reports(const context *c, uint64_t hash)
{
    word_count key = {hash, 0};
    const word_count *found = bsearch(&key, c->df, c->df_count, sizeof *c->df, cmp_word_count);
    return found && c->reports ? (double)found->count / (double)c->reports : 0.0;
}

/* How central a set of distinct content words is: the mean share of reports using them, scaled
 * so that a short fragment of two common words does not beat a sentence. */
static double centrality_of(const context *c, const uint64_t *words, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += share_of_reports(c, words[i]);
    return n ? sum / sqrt((double)(n > 6 ? n : 6)) : 0;
}

static double centrality(context *c, const char *text, size_t len, size_t *all_words, int *status)
{
    uint64_t *words;
    size_t n, total = 0;
    *status = content_words(c, text, len, &words, &n, &total);
    if (all_words)
        *all_words = total;
    double score = *status == ND_OK ? centrality_of(c, words, n) : 0;
    free(words);
    return score;
}

static double jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, both = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j])
            both++, i++, j++;
        else if (a[i] < b[j])
            i++;
        else
            j++;
    }
    size_t either = na + nb - both;
    return either ? (double)both / (double)either : 0.0;
}

/* ---- articles in timeline order -------------------------------------------------------------- */
static const char *article_day(const nd_story_article *a)
{
    if (a->published && strlen(a->published) >= 10)
        return a->published;
    if (a->facts && a->facts->reference_date)
        return a->facts->reference_date;
    return NULL;
}

typedef struct ordered {
    const nd_story_article *article;
    size_t index;
} ordered;

static int cmp_timeline(const void *pa, const void *pb)
{
    const ordered *x = pa, *y = pb;
    const char *dx = article_day(x->article), *dy = article_day(y->article);
    if (!dx != !dy)
        return dx ? -1 : 1;
    if (dx) {
        int c = strncmp(dx, dy, 10);
        if (c)
            return c;
        /* The same day: an article with its own date before one dated from its story, then by
         * time of day when given. */
        int ox = x->article->published != NULL, oy = y->article->published != NULL;
        if (ox != oy)
            return ox ? -1 : 1;
        if (ox && (c = strcmp(x->article->published, y->article->published)) != 0)
            return c;
    }
    return x->index < y->index ? -1 : x->index > y->index;
}

/* ---- headline and sentences ------------------------------------------------------------------ */
typedef struct candidate {
    size_t article, sentence;
    double score;
    uint64_t *words;     /* distinct content words, sorted */
    size_t word_count;
} candidate;

static int cmp_candidate(const void *pa, const void *pb)
{
    const candidate *x = pa, *y = pb;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->article != y->article)
        return x->article < y->article ? -1 : 1;
    return x->sentence < y->sentence ? -1 : x->sentence > y->sentence;
}

/* How many of the story's key names (its strongest people and its place) the span mentions. */
static double key_name_bonus(const nd_story_article *a, span sp, const nd_summary *s)
{
    const nd_facts *f = a->facts;
    if (!f)
        return 0;
    double bonus = 0;
    for (size_t e = 0; e < f->entity_count; e++) {
        const nd_entity *entity = &f->entities[e];
        int key = s->where && strcmp(entity->name, s->where) == 0;
        for (size_t p = 0; !key && p < s->people_count && p < 3; p++)
            key = strcmp(entity->name, s->people[p].name) == 0;
        if (!key)
            continue;
        for (size_t m = 0; m < entity->mention_count; m++)
            if (entity->mentions[m].start >= sp.start && entity->mentions[m].end <= sp.end) {
                bonus += 0.12;
                break;
            }
    }
    return bonus;
}

/* Sets *headline_sentence to article * MAX_SENTENCES_PER_ARTICLE + sentence when the headline
 * is a lead's core (the summary then leaves that sentence out), else to (size_t)-1. */
static int choose_headline(context *c, nd_summary *s, span **sentences, const size_t *sentence_counts,
                           size_t *headline_sentence)
{
    double best = -1;
    const nd_story_article *best_title = NULL;
    int status = ND_OK;
    for (size_t i = 0; i < c->count; i++) {
        const nd_story_article *a = &c->articles[i];
        if (!a->title || nd__summary_words(a->title, strlen(a->title)) < 3)
            continue;
        double score = centrality(c, a->title, strlen(a->title), NULL, &status);
        if (status != ND_OK)
            return status;
        if (score > best + 1e-12) {
            best = score;
            best_title = a;
        }
    }
    *headline_sentence = (size_t)-1;
    if (best_title) {
        const char *t = best_title->title;
        size_t len = strlen(t);
        while (len > 0 && nd__is_space((unsigned char)t[len - 1]))
            len--;
        s->headline = dup_text(c->arena, t, len);
        s->headline_from = "title";
        return s->headline ? ND_OK : ND_ENOMEM;
    }
    /* No titles: the most central lead (first worthy sentence of each report). */
    size_t best_article = (size_t)-1, best_sentence = 0;
    for (size_t i = 0; i < c->count; i++) {
        const nd_story_article *a = &c->articles[i];
        if (a->duplicate_of && c->reports < c->count && c->reports > 0)
            continue;
        for (size_t k = 0; k < sentence_counts[i] && k < 3; k++) {
            span sp = sentences[i][k];
            size_t words;
            double score = centrality(c, a->body + sp.start, sp.end - sp.start, &words, &status);
            if (status != ND_OK)
                return status;
            if (words < 5)
                continue;
            score = score * (k == 0 ? 1.0 : 0.8) + key_name_bonus(a, sp, s);
            if (score > best + 1e-12) {
                best = score;
                best_article = i;
                best_sentence = k;
            }
            break; /* the first sentence of five words or more is the lead */
        }
    }
    if (best_article == (size_t)-1) {
        s->headline = "";
        s->headline_from = "lead";
        return ND_OK;
    }
    span sp = sentences[best_article][best_sentence];
    const nd_story_article *a = &c->articles[best_article];
    char *core = nd__arena_alloc(c->arena, sp.end - sp.start + 1);
    if (!core)
        return ND_ENOMEM;
    nd__summary_lead_core(a->body + sp.start, sp.end - sp.start, core);
    s->headline = core;
    s->headline_from = "lead";
    *headline_sentence = best_article * MAX_SENTENCES_PER_ARTICLE + best_sentence;
    return ND_OK;
}

static int choose_sentences(context *c, nd_summary *s, span **sentences, const size_t *sentence_counts,
                            size_t headline_sentence, const size_t *timeline_rank, int relaxed)
{
    nd__vec candidates = {0};
    int status = ND_OK;
    for (size_t i = 0; i < c->count && status == ND_OK; i++) {
        const nd_story_article *a = &c->articles[i];
        if (a->duplicate_of)
            continue;
        for (size_t k = 0; k < sentence_counts[i]; k++) {
            if (i * MAX_SENTENCES_PER_ARTICLE + k == headline_sentence)
                continue;
            /* A summary comes from the top of the reports: later sentences are not looked at. */
            if (k >= MAX_CANDIDATE_POSITION)
                break;
            span sp = sentences[i][k];
            const char *text = a->body + sp.start;
            size_t len = sp.end - sp.start, words = nd__summary_words(text, len);
            if (!nd__summary_shaped(text, len, words, relaxed))
                continue;
            candidate *cand = nd__vec_push(&candidates, sizeof *cand);
            if (!cand) {
                status = ND_ENOMEM;
                break;
            }
            status = content_words(c, text, len, &cand->words, &cand->word_count, NULL);
            double position = k < 5 ? 1.0 - 0.1 * (double)k : 0.5;
            cand->article = i;
            cand->sentence = k;
            cand->score = centrality_of(c, cand->words, cand->word_count) * position + key_name_bonus(a, sp, s);
            if ((unsigned char)text[0] == '"' || (unsigned char)text[0] == 0xE2)
                cand->score *= 0.7; /* a quote reads better among the quotes */
        }
    }
    candidate *all = candidates.items;
    if (status == ND_OK) {
        sort_items(all, candidates.count, sizeof *all, cmp_candidate);
        /* The headline's own words count as said: a sentence repeating it adds nothing. */
        uint64_t *headline_words = NULL;
        size_t headline_count = 0;
        status = content_words(c, s->headline, strlen(s->headline), &headline_words, &headline_count, NULL);
        const char **chosen = nd__arena_alloc(c->arena, MAX_SUMMARY_SENTENCES * sizeof *chosen);
        size_t chosen_index[MAX_SUMMARY_SENTENCES], total_words = 0;
        uint64_t chosen_keys[MAX_SUMMARY_SENTENCES];
        if (!chosen)
            status = ND_ENOMEM;
        for (size_t i = 0; status == ND_OK && i < candidates.count && s->sentence_count < MAX_SUMMARY_SENTENCES; i++) {
            const candidate *cand = &all[i];
            span sp = sentences[cand->article][cand->sentence];
            const char *text = c->articles[cand->article].body + sp.start;
            size_t len = sp.end - sp.start;
            if (nd__summary_furniture(text, len))
                continue;
            uint64_t key = nd__summary_key(text, len);
            int repeats = headline_count && jaccard(cand->words, cand->word_count, headline_words, headline_count) >= 0.8;
            for (size_t k = 0; k < s->sentence_count && !repeats; k++)
                repeats = chosen_keys[k] == key ||
                          jaccard(cand->words, cand->word_count, all[chosen_index[k]].words,
                                  all[chosen_index[k]].word_count) >= REPEAT_JACCARD;
            if (repeats)
                continue;
            size_t words = nd__summary_words(text, len);
            if (s->sentence_count >= 2 && total_words + words > MAX_SUMMARY_WORDS)
                continue;
            chosen[s->sentence_count] = dup_text(c->arena, text, len);
            if (!chosen[s->sentence_count])
                status = ND_ENOMEM;
            chosen_keys[s->sentence_count] = key;
            chosen_index[s->sentence_count++] = i;
            total_words += words;
        }
        free(headline_words);
        /* Told in the order the reports came: earlier report first, then by place in it. */
        for (size_t i = 1; status == ND_OK && i < s->sentence_count; i++)
            for (size_t k = i; k > 0; k--) {
                const candidate *x = &all[chosen_index[k - 1]], *y = &all[chosen_index[k]];
                if (timeline_rank[x->article] < timeline_rank[y->article] ||
                    (x->article == y->article && x->sentence < y->sentence))
                    break;
                const char *t = chosen[k - 1];
                chosen[k - 1] = chosen[k];
                chosen[k] = t;
                size_t ti = chosen_index[k - 1];
                chosen_index[k - 1] = chosen_index[k];
                chosen_index[k] = ti;
            }
        s->sentences = chosen;
    }
    for (size_t i = 0; i < candidates.count; i++)
        free(all[i].words);
    nd__vec_release(&candidates);
    return status;
}

/* ---- the whole summary ----------------------------------------------------------------------- */
static int build_document_frequency(context *c)
{
    nd__vec all = {0};
    for (size_t i = 0; i < c->count; i++) {
        const nd_story_article *a = &c->articles[i];
        if (a->duplicate_of && c->reports < c->count)
            continue;
        uint64_t *words;
        size_t n;
        /* The title counts as part of the report. */
        nd__buf text;
        nd__buf_init(&text, (size_t)-1);
        if (nd__buf_append(&text, empty_if_null(a->title), strlen(empty_if_null(a->title))) != ND_OK ||
            nd__buf_append(&text, "\n", 1) != ND_OK || nd__buf_append(&text, a->body ? a->body : "", a->body_len) != ND_OK) {
            nd__buf_release(&text);
            nd__vec_release(&all);
            return ND_ENOMEM;
        }
        int status = content_words(c, text.data, text.len, &words, &n, NULL);
        nd__buf_release(&text);
        if (status != ND_OK) {
            nd__vec_release(&all);
            return status;
        }
        for (size_t k = 0; k < n; k++) {
            uint64_t *slot = nd__vec_push(&all, sizeof *slot);
            if (!slot) {
                free(words);
                nd__vec_release(&all);
                return ND_ENOMEM;
            }
            *slot = words[k];
        }
        free(words);
    }
    uint64_t *hashes = all.items;
    sort_items(hashes, all.count, sizeof *hashes, cmp_u64);
    c->df = malloc((all.count + 1) * sizeof *c->df);
    if (!c->df) {
        nd__vec_release(&all);
        return ND_ENOMEM;
    }
    for (size_t i = 0; i < all.count; i++) {
        if (c->df_count && c->df[c->df_count - 1].hash == hashes[i])
            c->df[c->df_count - 1].count++;
        else
            c->df[c->df_count++] = (word_count){hashes[i], 1};
    }
    nd__vec_release(&all);
    return ND_OK;
}

static int fill_articles(context *c, nd_summary *s, const ordered *order, span **sentences, const size_t *sentence_counts)
{
    nd_summary_article *out = nd__arena_alloc(c->arena, c->count * sizeof *out);
    if (!out)
        return ND_ENOMEM;
    for (size_t k = 0; k < c->count; k++) {
        const nd_story_article *a = order[k].article;
        nd_summary_article *o = &out[k];
        const char *day = article_day(a);
        o->id = dup_cstr(c->arena, a->id);
        o->source = dup_cstr(c->arena, a->source);
        o->url = dup_cstr(c->arena, a->url);
        o->title = dup_cstr(c->arena, a->title);
        o->published = a->published ? dup_cstr(c->arena, a->published) : NULL;
        o->day = day ? dup_text(c->arena, day, strlen(day) > 10 ? 10 : strlen(day)) : NULL;
        size_t i = order[k].index;
        span lead = sentence_counts[i] ? sentences[i][0] : (span){0, 0};
        o->lead = dup_text(c->arena, a->body ? a->body + lead.start : "", lead.end - lead.start);
        o->duplicate_of = a->duplicate_of ? dup_cstr(c->arena, a->duplicate_of) : NULL;
        o->input_index = i;
        if (!o->id || !o->source || !o->url || !o->title || (a->published && !o->published) || (day && !o->day) ||
            !o->lead || (a->duplicate_of && !o->duplicate_of))
            return ND_ENOMEM;
        if (a->duplicate_of)
            s->copy_count++;
    }
    s->articles = out;
    s->source_count = c->count;
    s->first = 0;
    for (size_t k = 0; k < c->count; k++)
        if (out[k].day) {
            if (!s->first_day)
                s->first_day = out[k].day;
            s->last_day = out[k].day;
        }
    /* The last day is the latest, which the timeline order gives among dated articles. */
    return ND_OK;
}

int nd_summarise(const nd_story_article *articles, size_t count, const nd_story_link *links, size_t link_count,
                 nd_summary **out)
{
    if (!out)
        return ND_EINVAL;
    *out = NULL;
    if (!articles || count == 0 || (link_count && !links))
        return ND_EINVAL;
    for (size_t l = 0; l < link_count; l++)
        if (links[l].a >= count || links[l].b >= count || (links[l].passage_count && !links[l].passages))
            return ND_EINVAL;
    summary_owner *owner = calloc(1, sizeof *owner);
    if (!owner)
        return ND_ENOMEM;
    nd__arena_init(&owner->arena);
    nd_summary *s = &owner->pub;
    context c = {.articles = articles, .count = count, .arena = &owner->arena};
    span **sentences = calloc(count, sizeof *sentences);
    size_t *sentence_counts = calloc(count, sizeof *sentence_counts);
    ordered *order = calloc(count, sizeof *order);
    size_t *timeline_rank = calloc(count, sizeof *timeline_rank);
    int status = sentences && sentence_counts && order && timeline_rank ? load_stop_words(&c) : ND_ENOMEM;
    for (size_t i = 0; i < count; i++)
        c.reports += articles[i].duplicate_of == NULL;
    if (c.reports == 0)
        c.reports = count; /* every article a copy of one outside the story: count them all */
    for (size_t i = 0; i < count && status == ND_OK; i++) {
        nd__vec v = {0};
        status = nd__summary_sentences(articles[i].body ? articles[i].body : "", articles[i].body ? articles[i].body_len : 0, &v);
        sentences[i] = v.items;
        sentence_counts[i] = v.count;
        /* A dateline is not part of the lead's sentence ("TEHRAN - Syrian President ..."). */
        if (v.count) {
            span *lead = &sentences[i][0];
            lead->start += nd__summary_dateline(articles[i].body + lead->start, lead->end - lead->start);
        }
    }
    if (status == ND_OK)
        status = build_document_frequency(&c);
    if (status == ND_OK) {
        for (size_t i = 0; i < count; i++)
            order[i] = (ordered){&articles[i], i};
        sort_items(order, count, sizeof *order, cmp_timeline);
        for (size_t k = 0; k < count; k++)
            timeline_rank[order[k].index] = k;
        s->article_count = count;
        status = fill_articles(&c, s, order, sentences, sentence_counts);
    }
    if (status == ND_OK)
        status = nd__summary_outlets(&c, &s->outlet_count);
    if (status == ND_OK)
        status = nd__summary_lower_words(&c);
    if (status == ND_OK)
        status = nd__summary_entities(&c, s);
    if (status == ND_OK)
        status = nd__summary_when_where(&c, s, (const span *const *)sentences, sentence_counts);
    size_t headline_sentence = (size_t)-1;
    if (status == ND_OK)
        status = choose_headline(&c, s, sentences, sentence_counts, &headline_sentence);
    if (status == ND_OK)
        status = choose_sentences(&c, s, sentences, sentence_counts, headline_sentence, timeline_rank, 0);
    /* Text without sentence punctuation (lists, transcripts): whole lines of ordinary length. */
    if (status == ND_OK && s->sentence_count == 0)
        status = choose_sentences(&c, s, sentences, sentence_counts, headline_sentence, timeline_rank, 1);
    if (status == ND_OK)
        status = nd__summary_quotes(&c, s);
    if (status == ND_OK)
        status = nd__summary_passages(&c, s, links, link_count, timeline_rank);
    for (size_t i = 0; sentences && i < count; i++)
        free(sentences[i]);
    free(sentences);
    free(sentence_counts);
    free(order);
    free(timeline_rank);
    free(c.stop);
    free(c.df);
    free(c.lower_words);
    nd__vec_release(&c.tokens);
    if (status != ND_OK) {
        nd_summary_free(s);
        return status;
    }
    *out = s;
    return ND_OK;
}

void nd_summary_free(nd_summary *summary)
{
    if (!summary)
        return;
    summary_owner *owner = (summary_owner *)summary;
    nd__arena_release(&owner->arena);
    free(owner);
}

