/*
 * story_docs.c: the story document, made once when a story changes (the ingest calls
 * nd__story_docs_rebuild for the stories a batch touched) and read by every view. Takes the
 * story's stored articles (store_views.h), prepares what a reader should meet, summarises them
 * (nd_summarise) and gives two cJSON documents: the card (headline, summary, when and where,
 * counts, first report) and the page (the card and the sources, people, organisations, places,
 * quotes and shared passages). docs/summarise.md says why each rule is there.
 *
 * What it prepares before summarising:
 *   - Pages with no article text (fewer than MIN_TEXT_WORDS words: a search page, a video stub)
 *     are not sources, unless the story has nothing else.
 *   - Titles lose their outlet's furniture: the prefixes and suffixes an outlet puts on many of
 *     its own titles ("... - KSLA News 12 Shreveport"), learned from its latest titles in the
 *     store, and any end segment that names the outlet. A title cut short by its outlet
 *     ("... left 6-year-old dea") loses the cut word and is not a headline while a whole title
 *     is there; a title many stories share ("This article is outdated ...") is never one.
 *   - Sources are named by outlet: the source the reader gave (a feed's title, a page's site
 *     name), else the url's host.
 *
 * Memory: everything is freed before returning; the documents belong to the caller.
 */
#include "story_docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_views.h"
#include "text.h"
#include "util.h"

#define MIN_TEXT_WORDS 25        /* fewer words of clean text: a page, not a report */
#define MAX_OUTLET_TITLES 60     /* an outlet's latest titles its furniture is learned from */
#define MIN_AFFIX_TITLES 2       /* distinct titles that must carry a prefix or suffix */
#define MAX_AFFIX_WORDS 12       /* a longer end segment is part of the title */
#define MAX_AFFIXES 24           /* kept per outlet */
#define MAX_OUTLETS_KEPT 512     /* outlets whose furniture one rebuild remembers */
#define BOILERPLATE_STORIES 3    /* a title this many stories share is not a headline */
#define HEADLINE_TITLES 64       /* titles (the first by publication) a headline is chosen from */
#define MAX_STRIPS 6             /* end segments taken off one title */
#define MAX_PASSAGES 24
#define MAX_PASSAGE_OUTLETS 12
#define VOCABULARY_BODIES 20     /* bodies a title's last word is looked up in */

static const char *const separators[] = {" - ", " | ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xAB ",
                                         " \xC2\xBB ", " / ", NULL};

/* ---- outlets --------------------------------------------------------------------------------- */
/* The outlet's name: the source, else the url's host without "www.". Into out[cap]; "" when
 * neither is known. */
static void outlet_name(const char *source, const char *url, char *out, size_t cap)
{
    out[0] = '\0';
    if (source && source[0]) {
        snprintf(out, cap, "%s", source);
        return;
    }
    const char *host;
    size_t n = nd__url_host(url ? url : "", &host, 1);
    if (n)
        snprintf(out, cap, "%.*s", (int)n, host);
}

/* What a reader is shown for an article's outlet: its name, else the article's id when a person
 * gave it (a file's name), never a hash ("unknown outlet"). */
static const char *shown_outlet(const char *outlet, const char *id)
{
    if (outlet[0])
        return outlet;
    size_t hex = 0, n = strlen(id);
    for (size_t i = 0; i < n; i++)
        hex += (id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f');
    return n && (n < 16 || hex < n) ? id : "unknown outlet";
}

/* The label that names an outlet inside its titles: "ksla" of "www.ksla.com", "cnn" of
 * "edition.cnn.com", "dailymail" of "www.dailymail.co.uk"; a source that is no host, folded to
 * letters and digits. Into out[cap]; "" when shorter than three bytes. */
static void outlet_label(const char *outlet, char *out, size_t cap)
{
    out[0] = '\0';
    if (!strchr(outlet, '.') || strchr(outlet, ' ')) {
        size_t n = 0;
        for (const char *p = outlet; *p && n + 1 < cap; p++)
            if (nd__is_alpha((unsigned char)*p) || nd__is_digit((unsigned char)*p))
                out[n++] = (char)nd__to_lower((unsigned char)*p);
        out[n] = '\0';
    } else {
        /* The last label that is not a top-level or second-level suffix. */
        const char *end = outlet + strlen(outlet);
        while (end > outlet) {
            const char *start = end;
            while (start > outlet && start[-1] != '.')
                start--;
            size_t n = (size_t)(end - start);
            int suffix = n <= 3 || (n == 4 && (strncmp(start, "info", 4) == 0 || strncmp(start, "news", 4) == 0));
            if (!suffix || start == outlet) {
                if (strncmp(start, "www", n > 3 ? 3 : n) == 0 && n == 3)
                    break;
                size_t k = 0;
                for (size_t i = 0; i < n && k + 1 < cap; i++)
                    out[k++] = (char)nd__to_lower((unsigned char)start[i]);
                out[k] = '\0';
                break;
            }
            end = start > outlet ? start - 1 : outlet;
        }
    }
    if (strlen(out) < 3)
        out[0] = '\0';
}

/* Whether a title segment names the outlet: its letters and digits hold the label. */
static int names_outlet(const char *segment, size_t len, const char *label)
{
    if (!label[0])
        return 0;
    char folded[512];
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < sizeof folded; i++)
        if (nd__is_alpha((unsigned char)segment[i]) || nd__is_digit((unsigned char)segment[i]))
            folded[n++] = (char)nd__to_lower((unsigned char)segment[i]);
    folded[n] = '\0';
    return strstr(folded, label) != NULL;
}

/* ---- an outlet's title furniture, learned from its own titles -------------------------------- */
typedef struct affix {
    char *text;       /* lower case, malloc'd */
    int suffix;       /* else a prefix */
    size_t titles;    /* distinct titles carrying it */
    size_t last;      /* the last title counted (titles are counted once each) */
} affix;

typedef struct furniture {
    char *outlet;     /* malloc'd */
    char label[64];
    affix *affixes;   /* malloc'd, `count` of them, each text malloc'd */
    size_t count;
} furniture;

typedef struct learner {
    nd_store *store;
    nd__vec outlets;  /* furniture */
} learner;

static char *lower_copy(const char *text, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)nd__to_lower((unsigned char)text[i]);
    out[len] = '\0';
    return out;
}

static int equal_ci(const char *a, size_t len, const char *lower)
{
    if (strlen(lower) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if ((char)nd__to_lower((unsigned char)a[i]) != lower[i])
            return 0;
    return 1;
}

typedef struct candidates {
    nd__vec items;    /* affix */
    size_t title;     /* the title being counted, from 1 */
    int status;
} candidates;

static void count_candidate(candidates *c, const char *text, size_t len, int suffix)
{
    while (len && nd__is_space((unsigned char)*text))
        text++, len--;
    while (len && nd__is_space((unsigned char)text[len - 1]))
        len--;
    if (!len || nd__text_count_words(text, len) > MAX_AFFIX_WORDS)
        return;
    affix *items = c->items.items;
    for (size_t i = 0; i < c->items.count; i++)
        if (items[i].suffix == suffix && equal_ci(text, len, items[i].text)) {
            if (items[i].last != c->title)
                items[i].titles++, items[i].last = c->title;
            return;
        }
    affix *a = nd__vec_push(&c->items, sizeof *a);
    char *copy = a ? lower_copy(text, len) : NULL;
    if (!copy) {
        c->status = ND_ENOMEM;
        return;
    }
    *a = (affix){copy, suffix, 1, c->title};
}

/* The end segments of a title: everything after each separator, and before the first one. */
static int take_title(void *user, const char *title)
{
    candidates *c = user;
    c->title++;
    size_t len = strlen(title), first = len;
    for (size_t s = 0; separators[s] && c->status == ND_OK; s++) {
        size_t sep = strlen(separators[s]);
        for (const char *p = strstr(title, separators[s]); p && c->status == ND_OK; p = strstr(p + 1, separators[s])) {
            size_t at = (size_t)(p - title);
            if (at < first)
                first = at;
            count_candidate(c, p + sep, len - at - sep, 1);
        }
    }
    if (first < len && c->status == ND_OK)
        count_candidate(c, title, first, 0);
    return c->status != ND_OK;
}

/* The furniture of an outlet, learned on first use. NULL when out of memory. */
static const furniture *furniture_of(learner *l, const char *outlet, const char *url)
{
    furniture *known = l->outlets.items;
    for (size_t i = 0; i < l->outlets.count; i++)
        if (strcmp(known[i].outlet, outlet) == 0)
            return &known[i];
    if (l->outlets.count >= MAX_OUTLETS_KEPT)
        return NULL;
    candidates c = {{0}, 0, ND_OK};
    const char *host;
    size_t host_len = nd__url_host(url ? url : "", &host, 1);
    char host_text[256];
    snprintf(host_text, sizeof host_text, "%.*s", (int)host_len, host ? host : "");
    int has_source = !(host_len && strcmp(host_text, outlet) == 0);
    int rc = nd__store_outlet_titles(l->store, has_source ? outlet : NULL, host_text, MAX_OUTLET_TITLES, take_title, &c);
    furniture *f = nd__vec_push(&l->outlets, sizeof *f);
    affix *items = c.items.items;
    if (f) {
        memset(f, 0, sizeof *f);
        f->outlet = strdup(outlet);
        outlet_label(outlet, f->label, sizeof f->label);
        f->affixes = calloc(MAX_AFFIXES, sizeof *f->affixes);
    }
    for (size_t i = 0; i < c.items.count; i++) {
        if (rc == ND_OK && f && f->affixes && items[i].titles >= MIN_AFFIX_TITLES && f->count < MAX_AFFIXES)
            f->affixes[f->count++] = items[i];
        else
            free(items[i].text);
    }
    nd__vec_release(&c.items);
    if (!f || !f->outlet || !f->affixes)
        return NULL;
    return f;
}

static void learner_release(learner *l)
{
    furniture *known = l->outlets.items;
    for (size_t i = 0; i < l->outlets.count; i++) {
        for (size_t k = 0; k < known[i].count; k++)
            free(known[i].affixes[k].text);
        free(known[i].affixes);
        free(known[i].outlet);
    }
    nd__vec_release(&l->outlets);
}

static int is_affix(const furniture *f, const char *text, size_t len, int suffix)
{
    while (len && nd__is_space((unsigned char)*text))
        text++, len--;
    while (len && nd__is_space((unsigned char)text[len - 1]))
        len--;
    for (size_t i = 0; f && i < f->count; i++)
        if (f->affixes[i].suffix == suffix && equal_ci(text, len, f->affixes[i].text))
            return 1;
    return 0;
}

/* ---- titles ---------------------------------------------------------------------------------- */
/* Whether `word` (lower case) is written as a whole word in the bodies, and whether a longer word
 * there starts with it. */
static void word_in_bodies(const nd_story_article *articles, size_t count, const char *word, int *whole, int *prefix)
{
    size_t wl = strlen(word);
    *whole = *prefix = 0;
    for (size_t n = 0; n < 2 * count && n < 2 * VOCABULARY_BODIES && !*whole; n++) {
        /* The bodies, and the titles (a title may be the only place a word is written). */
        size_t i = n / 2;
        const char *body = n % 2 ? articles[i].title : articles[i].body;
        size_t len = body ? (n % 2 ? strlen(body) : articles[i].body_len) : 0, from = 0;
        long at;
        while (body && from < len && (at = nd__find_ci(body + from, len - from, word)) >= 0) {
            size_t start = from + (size_t)at, end = start + wl;
            int starts = start == 0 || !nd__is_alpha((unsigned char)body[start - 1]);
            if (starts) {
                /* A title shows prefixes only: a cut title holds its own cut word whole. */
                if (end >= len || !nd__is_alpha((unsigned char)body[end])) {
                    if (n % 2 == 0) {
                        *whole = 1;
                        break;
                    }
                } else
                    *prefix = 1;
            }
            from = start + 1;
        }
    }
}

/* The end of title[start..len) without trailing spaces, separators and dangling punctuation
 * ("... five peo - |"). */
static size_t trim_end(const char *title, size_t start, size_t len)
{
    for (;;) {
        while (len > start && (nd__is_space((unsigned char)title[len - 1]) || title[len - 1] == ',' ||
                               title[len - 1] == '-' || title[len - 1] == ':' || title[len - 1] == '|' ||
                               title[len - 1] == '/'))
            len--;
        /* A dash or guillemet of three or two bytes (– — « » ·). */
        if (len >= start + 3 && (unsigned char)title[len - 3] == 0xE2 && (unsigned char)title[len - 2] == 0x80 &&
            ((unsigned char)title[len - 1] == 0x93 || (unsigned char)title[len - 1] == 0x94))
            len -= 3;
        else if (len >= start + 2 && (unsigned char)title[len - 2] == 0xC2 &&
                 ((unsigned char)title[len - 1] == 0xAB || (unsigned char)title[len - 1] == 0xBB ||
                  (unsigned char)title[len - 1] == 0xB7))
            len -= 2;
        else
            return len;
    }
}

/* Words that name a site rather than say news ("- WOWK 13 Charleston News, Weather, Sports"). */
static const char *const site_words[] = {"news", "weather", "sports", "channel", "tv", "radio", "station",
                                         "online", "coverage", "video", "videos", "newspaper", NULL};

static int is_site_word(const char *w, size_t n)
{
    for (size_t i = 0; site_words[i]; i++)
        if (strlen(site_words[i]) == n && nd__equals_ci(w, n, site_words[i]))
            return 1;
    return 0;
}

/* Where the furniture starts when everything after some separator (the head before it four words
 * or more) names a site: a domain (".com"), or site words among mostly capitalised words. 0 when
 * it does not. */
static size_t site_tail(const char *title, size_t start, size_t len)
{
    for (size_t i = start; i < len; i++) {
        size_t sep = 0;
        for (size_t s = 0; separators[s] && !sep; s++)
            if (i + strlen(separators[s]) <= len && memcmp(title + i, separators[s], strlen(separators[s])) == 0)
                sep = strlen(separators[s]);
        if (!sep || nd__text_count_words(title + start, i - start) < 4)
            continue;
        const char *tail = title + i + sep;
        size_t tail_len = len - i - sep, words = 0, capitals = 0, site = 0;
        if (nd__text_count_words(tail, tail_len) > 2 * MAX_AFFIX_WORDS)
            return 0;
        for (size_t k = 0; k < tail_len;) {
            while (k < tail_len && !nd__is_alpha((unsigned char)tail[k]) && !nd__is_digit((unsigned char)tail[k]))
                k++;
            size_t w = k;
            while (k < tail_len && (nd__is_alpha((unsigned char)tail[k]) || nd__is_digit((unsigned char)tail[k])))
                k++;
            if (k == w)
                break;
            words++;
            capitals += nd__is_upper((unsigned char)tail[w]) || nd__is_digit((unsigned char)tail[w]);
            site += is_site_word(tail + w, k - w);
            if (k + 1 < tail_len && tail[k] == '.' && (nd__equals_ci(tail + k + 1, tail_len - k - 1 < 3 ? tail_len - k - 1 : 3, "com") ||
                                                       nd__equals_ci(tail + k + 1, tail_len - k - 1 < 3 ? tail_len - k - 1 : 3, "net") ||
                                                       nd__equals_ci(tail + k + 1, tail_len - k - 1 < 3 ? tail_len - k - 1 : 3, "org")))
                site += 2;
        }
        if (site && (site >= 2 || 2 * capitals >= words))
            return i;
    }
    return 0;
}

/* Cleans one title into out (room for strlen(title) + 1): furniture off its ends, a trailing
 * ellipsis and the cut word before it off. Returns 1 when the title was cut short by its outlet
 * (it ended in an ellipsis or a cut word). */
static int clean_title(const char *title, const furniture *f, const nd_story_article *articles, size_t count,
                       char *out)
{
    size_t len = strlen(title);
    size_t start = 0;
    len = trim_end(title, start, len);
    for (int round = 0; round < MAX_STRIPS; round++) {
        int cut = 0;
        /* The last separator's tail, then the first separator's head. */
        size_t best = (size_t)-1, best_sep = 0;
        for (size_t s = 0; separators[s]; s++) {
            size_t sep = strlen(separators[s]);
            for (size_t i = start; i + sep <= len; i++)
                if (memcmp(title + i, separators[s], sep) == 0 && (best == (size_t)-1 || i > best))
                    best = i, best_sep = sep;
        }
        if (best != (size_t)-1 && best > start) {
            const char *tail = title + best + best_sep;
            size_t tail_len = len - best - best_sep;
            if (is_affix(f, tail, tail_len, 1) || (f && names_outlet(tail, tail_len, f->label)))
                len = trim_end(title, start, best), cut = 1;
        }
        /* The whole remainder after a separator, when it reads as a site's furniture
         * ("- KRISTV.com | Continuous News Coverage | Corpus Christi"). */
        if (!cut) {
            size_t at = site_tail(title, start, len);
            if (at)
                len = trim_end(title, start, at), cut = 1;
        }
        size_t first = (size_t)-1, first_sep = 0;
        for (size_t s = 0; separators[s]; s++) {
            size_t sep = strlen(separators[s]);
            for (size_t i = start; i + sep <= len; i++)
                if (memcmp(title + i, separators[s], sep) == 0) {
                    if (first == (size_t)-1 || i < first)
                        first = i, first_sep = sep;
                    break;
                }
        }
        if (first != (size_t)-1 && first > start && first + first_sep < len) {
            const char *head = title + start;
            size_t head_len = first - start;
            if (is_affix(f, head, head_len, 0) || (f && names_outlet(head, head_len, f->label) &&
                                                   nd__text_count_words(head, head_len) <= 3))
                start = first + first_sep, cut = 1;
        }
        if (!cut)
            break;
    }
    int shortened = 0;
    /* An ellipsis at the end: the outlet cut the title; its last word may be partial. */
    if (len >= 3 && memcmp(title + len - 3, "\xE2\x80\xA6", 3) == 0)
        len -= 3, shortened = 1;
    else if (len >= 3 && memcmp(title + len - 3, "...", 3) == 0)
        len -= 3, shortened = 1;
    len = trim_end(title, start, len);
    /* The last word: a cut word is not written whole in the story's bodies while a longer word
     * there starts with it ("dea" of "dead"). */
    size_t w = len;
    while (w > start && nd__is_alpha((unsigned char)title[w - 1]))
        w--;
    if (len > w && len - w < 40 && (w == start || title[w - 1] == ' ')) {
        char word[48];
        size_t n = len - w;
        for (size_t i = 0; i < n; i++)
            word[i] = (char)nd__to_lower((unsigned char)title[w + i]);
        word[n] = '\0';
        int whole = 0, prefix = 0;
        /* A capitalised word is a name unless it is short ("Ri" of "River"). */
        if (nd__is_lower((unsigned char)title[w]) || shortened || n <= 3)
            word_in_bodies(articles, count, word, &whole, &prefix);
        if ((shortened && !whole) || (!whole && prefix)) {
            len = w;
            shortened = 1;
        }
    }
    len = trim_end(title, start, len);
    memcpy(out, title + start, len - start);
    out[len - start] = '\0';
    return shortened;
}

/* ---- the document ---------------------------------------------------------------------------- */
typedef struct prepared {
    nd_story_article *articles;  /* the sources: articles with text (all when none has) */
    size_t count;
    nd_story_link *links;        /* re-indexed into `articles` */
    size_t link_count;
    char **titles;               /* display titles (furniture off), parallel to articles */
    char **outlets;              /* outlet names, parallel to articles */
} prepared;

static void prepared_release(prepared *p)
{
    for (size_t i = 0; i < p->count; i++) {
        if (p->titles)
            free(p->titles[i]);
        if (p->outlets)
            free(p->outlets[i]);
    }
    free(p->titles);
    free(p->outlets);
    free(p->articles);
    free(p->links);
}

static int prepare_story(nd_store *store, learner *l, const nd__story_load *load, prepared *p)
{
    memset(p, 0, sizeof *p);
    size_t with_text = 0;
    size_t *index = malloc((load->count + 1) * sizeof *index);
    p->articles = calloc(load->count + 1, sizeof *p->articles);
    p->titles = calloc(load->count + 1, sizeof *p->titles);
    p->outlets = calloc(load->count + 1, sizeof *p->outlets);
    p->links = calloc(load->link_count + 1, sizeof *p->links);
    if (!index || !p->articles || !p->titles || !p->outlets || !p->links) {
        free(index);
        return ND_ENOMEM;
    }
    for (size_t i = 0; i < load->count; i++)
        with_text += nd__text_count_words(load->articles[i].body ? load->articles[i].body : "",
                                          load->articles[i].body_len) >= MIN_TEXT_WORDS;
    for (size_t i = 0; i < load->count; i++) {
        const nd_story_article *a = &load->articles[i];
        index[i] = (size_t)-1;
        if (with_text && nd__text_count_words(a->body ? a->body : "", a->body_len) < MIN_TEXT_WORDS)
            continue;
        index[i] = p->count;
        p->articles[p->count++] = *a;
    }
    for (size_t l_ = 0; l_ < load->link_count; l_++) {
        const nd_story_link *k = &load->links[l_];
        if (index[k->a] != (size_t)-1 && index[k->b] != (size_t)-1) {
            p->links[p->link_count] = *k;
            p->links[p->link_count].a = index[k->a];
            p->links[p->link_count].b = index[k->b];
            p->link_count++;
        }
    }
    free(index);
    /* Titles: furniture off; cut and boilerplate titles are no headline while another is. */
    size_t whole_titles = 0;
    int *cut = calloc(p->count + 1, sizeof *cut);
    if (!cut)
        return ND_ENOMEM;
    int status = ND_OK;
    for (size_t i = 0; i < p->count && status == ND_OK; i++) {
        nd_story_article *a = &p->articles[i];
        char name[256];
        outlet_name(a->source, a->url, name, sizeof name);
        p->outlets[i] = strdup(name);
        const char *title = a->title ? a->title : "";
        p->titles[i] = malloc(strlen(title) + 1);
        if (!p->outlets[i] || !p->titles[i]) {
            status = ND_ENOMEM;
            break;
        }
        const furniture *f = name[0] ? furniture_of(l, name, a->url) : NULL;
        cut[i] = clean_title(title, f, p->articles, p->count, p->titles[i]);
        long long sharing = 0;
        if (i < HEADLINE_TITLES && title[0] && nd__store_title_stories(store, title, &sharing) == ND_OK &&
            sharing >= BOILERPLATE_STORIES)
            cut[i] = 2;
        if (i >= HEADLINE_TITLES)
            cut[i] = 3;
        whole_titles += !cut[i] && p->titles[i][0];
    }
    for (size_t i = 0; i < p->count && status == ND_OK; i++)
        p->articles[i].title = cut[i] == 2 || cut[i] == 3 || (cut[i] && whole_titles) ? NULL : p->titles[i];
    free(cut);
    return status;
}

static void add_string_or_null(cJSON *object, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(object, key, value);
    else
        cJSON_AddNullToObject(object, key);
}

static void add_entities(nd_store *store, cJSON *story, const char *key, const nd_summary_entity *list, size_t count)
{
    cJSON *array = cJSON_AddArrayToObject(story, key);
    for (size_t i = 0; i < count; i++) {
        cJSON *e = cJSON_CreateObject();
        long long row;
        if (nd__store_entity_row(store, list[i].name, nd_entity_type_name(list[i].type), &row) == ND_OK)
            cJSON_AddNumberToObject(e, "id", (double)row);
        else
            cJSON_AddNullToObject(e, "id");
        cJSON_AddStringToObject(e, "name", list[i].name);
        cJSON_AddNumberToObject(e, "articles", (double)list[i].article_count);
        cJSON_AddNumberToObject(e, "mentions", (double)list[i].mention_count);
        cJSON_AddItemToArray(array, e);
    }
}

static cJSON *source_of(const prepared *p, const nd_summary_article *a, int full)
{
    cJSON *o = cJSON_CreateObject();
    size_t i = a->input_index;
    cJSON_AddStringToObject(o, "id", a->id);
    cJSON_AddStringToObject(o, "outlet", shown_outlet(p->outlets[i], a->id));
    cJSON_AddStringToObject(o, "source", a->source);
    cJSON_AddStringToObject(o, "url", a->url);
    cJSON_AddStringToObject(o, "title", p->titles[i]);
    add_string_or_null(o, "published", a->published);
    if (full) {
        add_string_or_null(o, "day", a->day);
        cJSON_AddStringToObject(o, "lead", a->lead);
        add_string_or_null(o, "duplicate_of", a->duplicate_of);
    }
    return o;
}

/* The passages once each, with the outlets that share them, the first publisher first. */
static void add_passages(cJSON *doc, const prepared *p, const nd_summary *s)
{
    cJSON *list = cJSON_AddArrayToObject(doc, "passages");
    size_t *rank = calloc(p->count + 1, sizeof *rank);
    if (!rank)
        return;
    for (size_t k = 0; k < s->source_count; k++)
        rank[s->articles[k].input_index] = k;
    typedef struct group {
        uint64_t key;
        size_t first, words, articles;
        const char *text;
        size_t text_len;
        size_t members[MAX_PASSAGE_OUTLETS];
        size_t member_count;
    } group;
    group *groups = calloc(MAX_PASSAGES, sizeof *groups);
    size_t count = 0;
    for (size_t l = 0; groups && l < p->link_count; l++) {
        const nd_story_link *k = &p->links[l];
        for (size_t q = 0; q < k->passage_count; q++) {
            const nd_passage *pass = &k->passages[q];
            const nd_story_article *x = &p->articles[k->a], *y = &p->articles[k->b];
            if (pass->a_end > x->body_len || pass->b_end > y->body_len || pass->a_start >= pass->a_end)
                continue;
            uint64_t key = nd__text_fold_key(x->body + pass->a_start, pass->a_end - pass->a_start);
            size_t g = 0;
            while (g < count && groups[g].key != key)
                g++;
            if (g == count) {
                if (count == MAX_PASSAGES)
                    continue;
                groups[count++] = (group){.key = key, .first = k->a, .words = pass->words};
            }
            group *gr = &groups[g];
            size_t sides[2] = {k->a, k->b};
            for (int side = 0; side < 2; side++) {
                size_t m = sides[side], seen = 0;
                while (seen < gr->member_count && gr->members[seen] != m)
                    seen++;
                if (seen == gr->member_count) {
                    gr->articles++;
                    if (gr->member_count < MAX_PASSAGE_OUTLETS)
                        gr->members[gr->member_count++] = m;
                }
                if (rank[m] < rank[gr->first])
                    gr->first = m;
            }
        }
    }
    for (size_t g = 0; groups && g < count; g++) {
        group *gr = &groups[g];
        /* The text as the first publisher has it. */
        const char *text = NULL;
        size_t len = 0;
        for (size_t l = 0; l < p->link_count && !text; l++) {
            const nd_story_link *k = &p->links[l];
            for (size_t q = 0; q < k->passage_count && !text; q++) {
                const nd_passage *pass = &k->passages[q];
                const nd_story_article *x = &p->articles[k->a], *y = &p->articles[k->b];
                if (pass->a_end > x->body_len || pass->b_end > y->body_len || pass->a_start >= pass->a_end ||
                    nd__text_fold_key(x->body + pass->a_start, pass->a_end - pass->a_start) != gr->key)
                    continue;
                if (k->a == gr->first)
                    text = x->body + pass->a_start, len = pass->a_end - pass->a_start;
                else if (k->b == gr->first)
                    text = y->body + pass->b_start, len = pass->b_end - pass->b_start;
            }
        }
        if (!text) {
            text = "";
            len = 0;
        }
        cJSON *item = cJSON_CreateObject();
        char *copy = malloc(len + 1);
        if (copy) {
            memcpy(copy, text, len);
            copy[len] = '\0';
            cJSON_AddStringToObject(item, "text", copy);
            free(copy);
        }
        cJSON_AddNumberToObject(item, "words", (double)gr->words);
        cJSON_AddStringToObject(item, "first", shown_outlet(p->outlets[gr->first], p->articles[gr->first].id));
        cJSON_AddStringToObject(item, "first_article", p->articles[gr->first].id);
        cJSON_AddNumberToObject(item, "articles", (double)gr->articles);
        cJSON *outlets = cJSON_AddArrayToObject(item, "outlets");
        /* Outlets in timeline order, each once. */
        for (size_t pass = 0; pass < p->count; pass++)
            for (size_t m = 0; m < gr->member_count; m++) {
                size_t who = gr->members[m];
                if (rank[who] != pass)
                    continue;
                const char *name = shown_outlet(p->outlets[who], p->articles[who].id);
                int dup = 0;
                const cJSON *o;
                cJSON_ArrayForEach(o, outlets) dup |= strcmp(o->valuestring, name) == 0;
                if (!dup)
                    cJSON_AddItemToArray(outlets, cJSON_CreateString(name));
            }
        cJSON_AddItemToArray(list, item);
    }
    free(groups);
    free(rank);
}

static int build_docs(nd_store *store, const nd__story_load *load, const nd__story_row *row, const prepared *p,
                      const nd_summary *s, cJSON **card_out, cJSON **page_out)
{
    cJSON *docs[2] = {cJSON_CreateObject(), cJSON_CreateObject()};
    for (int full = 0; full < 2; full++) {
        cJSON *o = docs[full];
        if (!o)
            continue;
        cJSON_AddNumberToObject(o, "id", (double)load->story);
        cJSON_AddNumberToObject(o, "storyline", (double)load->storyline);
        cJSON_AddStringToObject(o, "headline", s->headline);
        cJSON_AddStringToObject(o, "headline_from", s->headline_from);
        cJSON *summary = cJSON_AddArrayToObject(o, "summary");
        for (size_t i = 0; i < s->sentence_count; i++)
            cJSON_AddItemToArray(summary, cJSON_CreateString(s->sentences[i]));
        add_string_or_null(o, "when", s->when);
        add_string_or_null(o, "when_from", s->when_from);
        add_string_or_null(o, "upcoming", s->upcoming);
        add_string_or_null(o, "where", s->where);
        /* The story's first and last days are the store's, over every article. */
        char first_day[11] = "", last_day[11] = "";
        snprintf(first_day, sizeof first_day, "%.10s", row->first_published);
        snprintf(last_day, sizeof last_day, "%.10s", row->last_published);
        add_string_or_null(o, "first_day", first_day[0] ? first_day : s->first_day);
        add_string_or_null(o, "last_day", last_day[0] ? last_day : s->last_day);
        if (row->last_published[0])
            cJSON_AddStringToObject(o, "last_published", row->last_published);
        cJSON_AddNumberToObject(o, "article_count", (double)load->article_total);
        int whole = (long long)load->count >= load->article_total;
        cJSON_AddNumberToObject(o, "outlet_count", (double)(whole ? (long long)s->outlet_count : load->outlet_total));
        cJSON_AddNumberToObject(o, "copy_count", (double)s->copy_count);
        cJSON_AddItemToObject(o, "first", source_of(p, &s->articles[s->first], 0));
        if (!full)
            continue;
        cJSON *articles = cJSON_AddArrayToObject(o, "articles");
        for (size_t i = 0; i < s->source_count; i++)
            cJSON_AddItemToArray(articles, source_of(p, &s->articles[i], 1));
        add_entities(store, o, "people", s->people, s->people_count);
        add_entities(store, o, "organisations", s->organisations, s->organisation_count);
        add_entities(store, o, "places", s->places, s->place_count);
        cJSON *quotes = cJSON_AddArrayToObject(o, "quotes");
        for (size_t i = 0; i < s->quote_count; i++) {
            const nd_summary_quote *q = &s->quotes[i];
            cJSON *item = cJSON_CreateObject();
            cJSON_AddStringToObject(item, "text", q->text);
            cJSON_AddStringToObject(item, "speaker", q->speaker);
            cJSON_AddStringToObject(item, "article", q->article_id);
            cJSON_AddBoolToObject(item, "direct", q->direct);
            cJSON_AddNumberToObject(item, "articles", (double)q->article_count);
            cJSON_AddItemToArray(quotes, item);
        }
        add_passages(o, p, s);
    }
    if (!docs[0] || !docs[1]) {
        cJSON_Delete(docs[0]);
        cJSON_Delete(docs[1]);
        return ND_ENOMEM;
    }
    *card_out = docs[0];
    *page_out = docs[1];
    return ND_OK;
}

static int build_with(nd_store *store, learner *l, long long id, cJSON **card, cJSON **page)
{
    *card = *page = NULL;
    nd__story_row row;
    int status = nd__store_story_row(store, id, &row);
    if (status != ND_OK)
        return status;
    nd__story_load load;
    status = nd__store_load_story(store, id, ND__DOC_PAGE_ARTICLES, &load);
    if (status == ND_OK && load.count == 0)
        status = ND_ENOTFOUND;
    prepared p = {0};
    nd_summary *s = NULL;
    if (status == ND_OK)
        status = prepare_story(store, l, &load, &p);
    if (status == ND_OK)
        status = nd_summarise(p.articles, p.count, p.links, p.link_count, &s);
    if (status == ND_OK)
        status = build_docs(store, &load, &row, &p, s, card, page);
    nd_summary_free(s);
    prepared_release(&p);
    nd__story_load_release(&load);
    return status;
}

int nd__story_doc_build(nd_store *store, long long id, cJSON **card, cJSON **page)
{
    learner l = {store, {0}};
    int status = build_with(store, &l, id, card, page);
    learner_release(&l);
    return status;
}

static int by_number(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return a < b ? -1 : a > b;
}

int nd__story_docs_rebuild(nd_store *store, const long long *stories, size_t count)
{
    if (count == 0)
        return ND_OK;
    long long *ids = malloc(count * sizeof *ids);
    if (!ids)
        return ND_ENOMEM;
    memcpy(ids, stories, count * sizeof *ids);
    qsort(ids, count, sizeof *ids, by_number);
    learner l = {store, {0}};
    int status = ND_OK;
    for (size_t i = 0; i < count && status == ND_OK; i++) {
        if (i && ids[i] == ids[i - 1])
            continue;
        cJSON *card, *page;
        status = build_with(store, &l, ids[i], &card, &page);
        if (status == ND_ENOTFOUND) {
            status = ND_OK;
            continue;
        }
        char *card_text = status == ND_OK ? cJSON_PrintUnformatted(card) : NULL;
        char *page_text = status == ND_OK ? cJSON_PrintUnformatted(page) : NULL;
        if (status == ND_OK)
            status = card_text && page_text ? nd__store_story_doc_put(store, ids[i], card_text, page_text) : ND_ENOMEM;
        free(card_text);
        free(page_text);
        cJSON_Delete(card);
        cJSON_Delete(page);
    }
    learner_release(&l);
    free(ids);
    return status;
}
