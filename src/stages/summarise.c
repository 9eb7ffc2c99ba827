/*
 * summarise.c: one story's articles in, what a person reads out. Takes the story's articles
 * (clean text, title, source, dates, and the facts extraction found) and the passages they
 * share, and gives an nd_summary: headline, two or three sentences, when and where, counts,
 * first report, sources in timeline order, key people, organisations and places, the strongest
 * quotes with speakers, and the shared passages. Also the hot score of a story's recent coverage.
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
#include "util.h"

#define MAX_SENTENCES_PER_ARTICLE 400 /* sentences looked at per article */
#define MAX_HEADLINE_WORDS 30         /* a lead core longer than this is cut at a clause */
#define MAX_CANDIDATE_POSITION 12   /* sentences of each report a summary may draw from */
#define MAX_SUMMARY_SENTENCES 3
#define MAX_SUMMARY_WORDS 95          /* the summary stops growing past this */
#define MAX_PEOPLE 8
#define MAX_ORGANISATIONS 6
#define MAX_PLACES 8
#define MAX_QUOTES 6
#define MAX_QUOTES_PER_SPEAKER 2
#define MAX_PASSAGES 24
#define MAX_VARIANTS 12
#define REPEAT_JACCARD 0.5            /* content-word overlap at which a sentence repeats one */

typedef struct summary_owner {
    nd_summary pub; /* first: nd_summary_free casts back */
    nd__arena arena;
} summary_owner;

typedef struct span {
    size_t start, end;
} span;

/* Distinct content-word hashes of one article, sorted; and the story's document frequency. */
typedef struct word_count {
    uint64_t hash;
    uint32_t count;
} word_count;

typedef struct context {
    const nd_story_article *articles;
    size_t count;
    nd__arena *arena;
    uint64_t *stop;          /* sorted hashes of function words */
    size_t stop_count;
    word_count *df;          /* sorted by hash */
    size_t df_count;
    size_t reports;          /* articles that are not copies: the denominator of df */
    uint64_t *lower_words;   /* sorted folded hashes of the words the bodies write in lower case */
    size_t lower_count;
    nd__vec tokens;          /* scratch */
} context;

/* ---- small text tools ------------------------------------------------------------------------ */
static const char *empty_if_null(const char *s) { return s ? s : ""; }

static char *dup_text(nd__arena *arena, const char *text, size_t len)
{
    return nd__arena_strndup(arena, text ? text : "", text ? len : 0);
}

static char *dup_cstr(nd__arena *arena, const char *text)
{
    return dup_text(arena, text, text ? strlen(text) : 0);
}

/* qsort that accepts an empty array (NULL items). */
static void sort_items(void *items, size_t count, size_t size, int (*cmp)(const void *, const void *))
{
    if (count > 1)
        qsort(items, count, size, cmp);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

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

/* ---- sentences ------------------------------------------------------------------------------- */
/* Abbreviations that take a full stop inside a sentence. Single capitals ("U.S.", "J.") are
 * caught by length. */
static const char *const abbreviations[] = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Maj", "Lt", "Col", "Capt", "Sgt", "Adm", "Gov", "Sen",
    "Rep", "St", "Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "No", "Mt", "Rev", "Brig", "Cmdr", "Cpl",
    "Pvt", "Det", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec", "vs", "Gens", "Supt", "Insp", "Hon", "Messrs", "approx", "est", "Ave", "Blvd", NULL};

static int is_abbreviation(const char *text, size_t dot)
{
    size_t start = dot;
    while (start > 0 && (nd__is_alpha((unsigned char)text[start - 1]) || text[start - 1] == '.'))
        start--;
    size_t len = dot - start;
    if (len == 0)
        return 0;
    if (len == 1 && nd__is_upper((unsigned char)text[start]))
        return 1;
    if (memchr(text + start, '.', len)) /* "U.S", "e.g" */
        return 1;
    for (size_t i = 0; abbreviations[i]; i++)
        if (strlen(abbreviations[i]) == len && memcmp(abbreviations[i], text + start, len) == 0)
            return 1;
    return 0;
}

/* Bytes of a closing quotation mark or bracket at text[i], or 0. */
static size_t closer_at(const char *text, size_t len, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']')
        return 1;
    /* ” (E2 80 9D) and ’ (E2 80 99) */
    if (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
        ((unsigned char)text[i + 2] == 0x9D || (unsigned char)text[i + 2] == 0x99))
        return 3;
    return 0;
}

/* Whether a sentence may start at text[i]: a capital, a digit, an opening quote or a letter
 * outside ASCII. */
static int opens_sentence(const char *text, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    unsigned char c = (unsigned char)text[i];
    return nd__is_upper(c) || nd__is_digit(c) || c == '"' || c == '\'' || c >= 0x80;
}

/* Splits text into sentences (paragraph breaks always end one). Appends spans to `out` (an
 * nd__vec of span). */
static int split_sentences(const char *text, size_t len, nd__vec *out)
{
    size_t start = 0, i = 0;
    while (i <= len) {
        size_t end = 0, next = 0;
        if (i == len) {
            end = next = len;
        } else if (text[i] == '\n') {
            end = i;
            next = i + 1;
        } else if (text[i] == '.' || text[i] == '!' || text[i] == '?') {
            size_t j = i + 1, k;
            while (j < len && (k = closer_at(text, len, j)) != 0)
                j += k;
            if (j < len && (text[j] == ' ' || text[j] == '\t')) {
                size_t after = j;
                while (after < len && (text[after] == ' ' || text[after] == '\t'))
                    after++;
                if (opens_sentence(text, len, after) && !(text[i] == '.' && is_abbreviation(text, i))) {
                    end = j;
                    next = after;
                }
            } else if (j >= len || text[j] == '\n') {
                end = j;
                next = j;
            }
        }
        if (next) {
            while (start < end && nd__is_space((unsigned char)text[start]))
                start++;
            size_t e = end;
            while (e > start && nd__is_space((unsigned char)text[e - 1]))
                e--;
            if (e > start) {
                span *s = nd__vec_push(out, sizeof *s);
                if (!s)
                    return ND_ENOMEM;
                s->start = start;
                s->end = e;
                if (out->count >= MAX_SENTENCES_PER_ARTICLE)
                    return ND_OK;
            }
            start = i = next;
            if (i == len)
                break;
            continue;
        }
        i++;
    }
    return ND_OK;
}

/* Page furniture a sentence of a summary must not be: links, prompts, credits, licences. */
static const char *const furniture[] = {
    "http", "www.", "@", "\xC2\xA9", "click", "subscribe", "sign up", "signup", "cookie", "newsletter",
    "all rights reserved", "licensed under", "licence", "license", "read more", "follow us",
    "advertisement", "javascript", "copyright", "log in", "login", "download the", "our app",
    "terms of use", "privacy policy", "share this", "comments", "related:", "photo:", "image:",
    "photos:", "file photo", "(ap photo", "getty images", "reporting by", "editing by", "contributed to this",
    "this story has been", "for more", NULL};

static int ends_sentence(const char *text, size_t len)
{
    while (len > 0) {
        size_t k = 0;
        if (len >= 3 && (unsigned char)text[len - 3] == 0xE2 && (unsigned char)text[len - 2] == 0x80 &&
            ((unsigned char)text[len - 1] == 0x9D || (unsigned char)text[len - 1] == 0x99))
            k = 3;
        else if (text[len - 1] == '"' || text[len - 1] == '\'' || text[len - 1] == ')')
            k = 1;
        if (!k)
            break;
        len -= k;
    }
    return len > 0 && (text[len - 1] == '.' || text[len - 1] == '!');
}

static int is_furniture(const char *text, size_t len)
{
    for (size_t i = 0; furniture[i]; i++)
        if (nd__find_ci(text, len, furniture[i]) >= 0)
            return 1;
    return 0;
}

/* Whether a sentence has the shape of one a summary can hold: a whole sentence of ordinary
 * length, not shouting. (Page furniture is checked apart, on the few that get chosen.) */
static int summary_shaped(const char *text, size_t len, size_t words, int relaxed)
{
    if (words < 6 || words > (relaxed ? 80u : 60u))
        return 0;
    unsigned char first = (unsigned char)text[0];
    if (!(nd__is_upper(first) || nd__is_digit(first) || first >= 0x80 || first == '"'))
        return 0;
    if (!relaxed && !ends_sentence(text, len))
        return 0;
    size_t upper = 0, lower = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        upper += nd__is_upper(ch);
        lower += nd__is_lower(ch);
    }
    return lower > upper;
}

/* ---- the lead's core ------------------------------------------------------------------------- */
static int word_starts_upper_or_digit(const char *text, size_t len, size_t i)
{
    return i < len && (nd__is_upper((unsigned char)text[i]) || nd__is_digit((unsigned char)text[i]) ||
                       text[i] == '(' || (unsigned char)text[i] >= 0x80);
}

/* Length of a dateline at the head of a lead ("TEHRAN - ", "Alwaght- ", "PARIS (Reuters) — "),
 * or 0: a few capitalised words before a dash. */
static size_t dateline_length(const char *text, size_t len)
{
    size_t limit = len < 60 ? len : 60;
    for (size_t i = 1; i < limit; i++) {
        size_t dash = 0;
        if (text[i] == '-' && (i + 1 >= len || text[i + 1] == ' ') && text[i - 1] != '-')
            dash = 1;
        else if (i + 2 < len && (unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
                 ((unsigned char)text[i + 2] == 0x93 || (unsigned char)text[i + 2] == 0x94))
            dash = 3;
        if (!dash)
            continue;
        /* Every word before the dash starts with a capital, a digit or a bracket. */
        size_t words = 0;
        for (size_t w = 0; w < i;) {
            while (w < i && text[w] == ' ')
                w++;
            if (w >= i)
                break;
            if (!word_starts_upper_or_digit(text, i, w))
                return 0;
            words++;
            while (w < i && text[w] != ' ')
                w++;
        }
        if (words == 0 || words > 5)
            return 0;
        size_t after = i + dash;
        while (after < len && text[after] == ' ')
            after++;
        return after < len ? after : 0;
    }
    return 0;
}

static const char *const attribution_words[] = {"reported", "said", "says", "told", "according to",
                                                "citing", "quoted", "reports", "announced", NULL};

static int has_attribution(const char *text, size_t len)
{
    for (size_t i = 0; attribution_words[i]; i++) {
        long at = nd__find_ci(text, len, attribution_words[i]);
        if (at >= 0 && (at == 0 || text[at - 1] == ' '))
            return 1;
    }
    return 0;
}

static size_t count_words(const char *text, size_t len)
{
    size_t words = 0;
    int in_word = 0;
    for (size_t i = 0; i < len; i++) {
        int space = nd__is_space((unsigned char)text[i]);
        if (!space && !in_word)
            words++;
        in_word = !space;
    }
    return words;
}

/* The core of a lead sentence, as a headline: written into `out` (NUL-terminated, at most
 * len + 1 bytes). */
static size_t lead_core(const char *text, size_t len, char *out)
{
    size_t skip = dateline_length(text, len);
    text += skip;
    len -= skip;
    /* "According to X, ..." at the head. */
    if (len > 13 && nd__equals_ci(text, 12, "according to")) {
        const char *comma = memchr(text, ',', len);
        if (comma && count_words(text, (size_t)(comma - text)) <= 8) {
            size_t cut = (size_t)(comma - text) + 1;
            while (cut < len && text[cut] == ' ')
                cut++;
            text += cut;
            len -= cut;
        }
    }
    /* Trailing full stop, then trailing attributions: ", X reported", ", citing Y". */
    while (len > 0 && (text[len - 1] == '.' || text[len - 1] == ' '))
        len--;
    for (int round = 0; round < 3; round++) {
        size_t comma = len;
        while (comma > 0 && text[comma - 1] != ',')
            comma--;
        if (comma == 0)
            break;
        const char *tail = text + comma;
        size_t tail_len = len - comma;
        if (count_words(tail, tail_len) > 14 || !has_attribution(tail, tail_len))
            break;
        len = comma - 1;
    }
    /* An appositive after the subject: "X, the chief of staff of Y, met ..." */
    size_t o = 0;
    const char *first_comma = memchr(text, ',', len);
    if (first_comma && count_words(text, (size_t)(first_comma - text)) <= 8) {
        size_t after = (size_t)(first_comma - text) + 1;
        while (after < len && text[after] == ' ')
            after++;
        int starts_article = (len - after > 4 && (memcmp(text + after, "the ", 4) == 0 ||
                                                  memcmp(text + after, "a ", 2) == 0 ||
                                                  memcmp(text + after, "an ", 3) == 0));
        const char *second = starts_article ? memchr(text + after, ',', len - after) : NULL;
        if (second && count_words(text + after, (size_t)(second - (text + after))) <= 14) {
            size_t head = (size_t)(first_comma - text);
            memcpy(out, text, head);
            o = head;
            size_t rest = (size_t)(second - text) + 1;
            memcpy(out + o, text + rest, len - rest);
            o += len - rest;
            out[o] = '\0';
            text = out;
            len = o;
        }
    }
    if (text != out) {
        memmove(out, text, len);
        o = len;
    }
    /* A lead too long for a headline is cut at its last clause boundary within the limit. */
    if (count_words(out, o) > MAX_HEADLINE_WORDS) {
        size_t words = 0, cut = 0;
        for (size_t i = 0; i < o && words <= MAX_HEADLINE_WORDS; i++) {
            if (out[i] == ' ') {
                words++;
                if (i > 0 && out[i - 1] == ',' && words >= 8)
                    cut = i - 1;
            }
        }
        if (!cut) {
            words = 0;
            for (cut = 0; cut < o; cut++)
                if (out[cut] == ' ' && ++words == MAX_HEADLINE_WORDS)
                    break;
        }
        o = cut;
    }
    out[o] = '\0';
    return o;
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
static int collect_lower_words(context *c)
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

static int gather_entities(context *c, nd_summary *s)
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

static int find_when_where(context *c, nd_summary *s, const span *const *leads, const size_t *lead_counts)
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

static uint64_t folded_key(const char *text, size_t len)
{
    char folded[256];
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof folded; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (nd__is_alpha(ch) || nd__is_digit(ch) || ch >= 0x80)
            folded[n++] = (char)nd__to_lower(ch);
    }
    return nd__hash64(folded, n, 0x5155);
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

static int gather_quotes(context *c, nd_summary *s)
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
            size_t words = count_words(text, len);
            if (words < 5)
                continue;
            const char *speaker = "";
            int named = 0;
            if (quote->speaker >= 0 && (size_t)quote->speaker < f->entity_count) {
                speaker = f->entities[quote->speaker].name;
                named = 1;
            } else if (quote->speaker_text && quote->speaker_text[0])
                speaker = quote->speaker_text;
            uint64_t key = folded_key(text, len);
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
static int gather_passages(context *c, nd_summary *s, const nd_story_link *links, size_t link_count,
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
            uint64_t key = folded_key(x->body + pass.a_start, pass.a_end - pass.a_start);
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
    const char *url = a->url ? a->url : "";
    const char *host = strstr(url, "://");
    if (host) {
        host += 3;
        size_t n = strcspn(host, "/?#:");
        if (n > 4 && strncmp(host, "www.", 4) == 0)
            host += 4, n -= 4;
        if (n) {
            char *key = malloc(n + 2);
            if (key) {
                key[0] = 'h';
                memcpy(key + 1, host, n);
                key[n + 1] = '\0';
            }
            return key;
        }
    }
    size_t n = strlen(a->id ? a->id : "");
    char *key = malloc(n + 2);
    if (key) {
        key[0] = '#';
        memcpy(key + 1, a->id ? a->id : "", n + 1);
    }
    return key;
}

static int count_outlets(const context *c, size_t *out)
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
        if (!a->title || count_words(a->title, strlen(a->title)) < 3)
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
    lead_core(a->body + sp.start, sp.end - sp.start, core);
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
            size_t len = sp.end - sp.start, words = count_words(text, len);
            if (!summary_shaped(text, len, words, relaxed))
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
            if (is_furniture(text, len))
                continue;
            uint64_t key = folded_key(text, len);
            int repeats = headline_count && jaccard(cand->words, cand->word_count, headline_words, headline_count) >= 0.8;
            for (size_t k = 0; k < s->sentence_count && !repeats; k++)
                repeats = chosen_keys[k] == key ||
                          jaccard(cand->words, cand->word_count, all[chosen_index[k]].words,
                                  all[chosen_index[k]].word_count) >= REPEAT_JACCARD;
            if (repeats)
                continue;
            size_t words = count_words(text, len);
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
        status = split_sentences(articles[i].body ? articles[i].body : "", articles[i].body ? articles[i].body_len : 0, &v);
        sentences[i] = v.items;
        sentence_counts[i] = v.count;
        /* A dateline is not part of the lead's sentence ("TEHRAN - Syrian President ..."). */
        if (v.count) {
            span *lead = &sentences[i][0];
            lead->start += dateline_length(articles[i].body + lead->start, lead->end - lead->start);
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
        status = count_outlets(&c, &s->outlet_count);
    if (status == ND_OK)
        status = collect_lower_words(&c);
    if (status == ND_OK)
        status = gather_entities(&c, s);
    if (status == ND_OK)
        status = find_when_where(&c, s, (const span *const *)sentences, sentence_counts);
    size_t headline_sentence = (size_t)-1;
    if (status == ND_OK)
        status = choose_headline(&c, s, sentences, sentence_counts, &headline_sentence);
    if (status == ND_OK)
        status = choose_sentences(&c, s, sentences, sentence_counts, headline_sentence, timeline_rank, 0);
    /* Text without sentence punctuation (lists, transcripts): whole lines of ordinary length. */
    if (status == ND_OK && s->sentence_count == 0)
        status = choose_sentences(&c, s, sentences, sentence_counts, headline_sentence, timeline_rank, 1);
    if (status == ND_OK)
        status = gather_quotes(&c, s);
    if (status == ND_OK)
        status = gather_passages(&c, s, links, link_count, timeline_rank);
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

/* ---- hot ------------------------------------------------------------------------------------- */
double nd_hot_score(const nd_hot_counts *counts)
{
    if (!counts || counts->window_hours <= 0)
        return 0;
    double window = counts->window_hours;
    /* The story's own earlier rate, measured over at least one window so that a story a few
     * minutes old is not judged by a rate over nothing. */
    double earlier_hours = counts->earlier_hours > window ? counts->earlier_hours : window;
    double own_rate = counts->earlier_articles > 0 ? counts->earlier_articles / earlier_hours : 0;
    double usual = counts->desk_rate > own_rate ? counts->desk_rate : own_rate;
    double expected = usual * window;
    /* Outlets count fully, further articles from the same outlets a quarter: a story is hot when
     * many newsrooms take it up, not when one outlet updates its page. */
    double extra_articles = counts->recent_articles - counts->recent_outlets;
    double observed = counts->recent_outlets + 0.25 * (extra_articles > 0 ? extra_articles : 0);
    double z = (observed - expected) / sqrt(expected + 1.0);
    return z > 0 ? z : 0;
}
