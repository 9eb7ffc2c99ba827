/*
 * clean.c: the second stage. Takes an article's text (valid UTF-8, "\n" line ends) and gives its
 * clean body: one paragraph per non-empty line, whitespace collapsed, paragraphs joined by
 * "\n\n", with boilerplate removed and every removal recorded with its reason.
 *
 * Boilerplate is recognised from the article's own evidence: its shape (short labels and
 * caption lines above the first sentence, sign-offs below the last), its vocabulary (licence,
 * disclaimer, share prompts, lists of other headlines with relative times), and, across the
 * articles of one source, paragraphs that repeat in many of them (templates). A rule never
 * empties an article: when everything would go, the text is kept.
 *
 * The title of a plain-text article without one is its first short line without a full stop;
 * it moves to the title and leaves the body. A dateline ("TEHRAN -", "Alwaght-") is noted and
 * stays in the body: it is part of the report.
 */
#include "clean.h"

#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "text.h"
#include "utf8.h"

typedef struct paragraph {
    const char *text;   /* whitespace-collapsed copy, in a scratch buffer */
    size_t len;
    size_t keep;        /* bytes kept from the start; len when whole, 0 when removed */
    const char *reason; /* why (part of) it was removed, or NULL */
    size_t words;
} paragraph;

/* Eight bytes at once (SWAR): byte_is gives 0x80 in the bytes that qualify, exactly. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
#define LOWS7 0x7F7F7F7F7F7F7F7FULL

static inline uint64_t byte_is(uint64_t x, unsigned char c)
{
    uint64_t v = x ^ (ONES * c);
    return ~(((v & LOWS7) + LOWS7) | v | LOWS7);
}

/* Nonzero when some byte is below `limit` (<= 0x80); says whether, not which. */
static inline uint64_t has_byte_below(uint64_t x, unsigned char limit)
{
    return (x - ONES * limit) & ~x & HIGHS;
}

/* Characters of scripts written without spaces (CJK, kana, Hangul: UTF-8 lead bytes E3 to ED),
 * each of which counts as a word: a line of Japanese is one run of bytes without a space, and
 * counted as one word it would pass for a short label. Only paragraphs with unusually many
 * bytes per word are looked at. */
static size_t cjk_characters(const char *text, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        count += c >= 0xE3 && c <= 0xED;
    }
    return count;
}

static int ends_sentence(const paragraph *p)
{
    if (p->len == 0)
        return 0;
    unsigned char last = (unsigned char)p->text[p->len - 1];
    if (last == '.' || last == '!' || last == '?' || last == ':' || last == '"' || last == '\'' ||
        last == ')')
        return 1;
    /* closing quotes, the ellipsis, and the CJK full stop, exclamation and question marks:
     * U+201D, U+2019, U+2026, U+3002, U+FF01, U+FF1F */
    static const char *const closers[] = {"\xE2\x80\x9D", "\xE2\x80\x99", "\xE2\x80\xA6",
                                          "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F", NULL};
    for (size_t i = 0; closers[i]; i++)
        if (p->len >= 3 && memcmp(p->text + p->len - 3, closers[i], 3) == 0)
            return 1;
    return 0;
}

static int equals_any(const char *text, size_t len, const char *const *words)
{
    while (len > 0 && (text[len - 1] == ':' || text[len - 1] == ' '))
        len--;
    for (size_t i = 0; words[i]; i++)
        if (nd__equals_ci(text, len, words[i]))
            return 1;
    return 0;
}

static int starts_with_any(const char *text, size_t len, const char *const *prefixes)
{
    for (size_t i = 0; prefixes[i]; i++) {
        const char *prefix = prefixes[i];
        size_t k = 0;
        while (k < len && prefix[k] && nd__to_lower((unsigned char)text[k]) == nd__to_lower((unsigned char)prefix[k]))
            k++;
        if (!prefix[k])
            return 1;
    }
    return 0;
}

/* Headings that introduce a list of other articles. */
static const char *const related_headings[] = {
    "recent posts", "related posts", "related articles", "related stories", "related news",
    "related content", "related coverage", "read more", "more stories", "more news", "most popular",
    "most read", "most viewed", "popular posts", "popular stories", "trending", "trending now",
    "you may also like", "you might also like", "recommended", "recommended for you",
    "latest news", "latest posts", "latest stories", "top stories", "also read", "see also",
    "editor's picks", "more from this section", "what to read next", NULL};

/* A paragraph that is only these is a disclaimer and goes whole. */
static const char *const disclaimer_phrases[] = {
    "do not necessarily reflect", "does not necessarily reflect", "views expressed",
    "opinions expressed", "for informational purposes only", "not necessarily those of", NULL};

/* From the sentence holding one of these to the end of the paragraph is a licence line. */
static const char *const licence_phrases[] = {
    "licensed under", "creative commons", "all rights reserved", "\xC2\xA9", "copyright (c)",
    "may not be published, broadcast", "may not be reproduced", "may not be redistributed",
    "reproduction in whole or in part", NULL};

/* Short paragraphs with these are prompts to share, subscribe, comment or pass a check. */
static const char *const prompt_phrases[] = {
    "share this", "share on facebook", "share on twitter", "click here", "subscribe to",
    "subscribe now", "sign up for", "sign up to", "follow us on", "like us on facebook",
    "our newsletter", "email this", "print this", "you must enter the characters",
    "a friend wanted you to see", "join the conversation", "leave a comment", "post a comment",
    "skip to main content", "enable javascript", "accept cookies", "uses cookies",
    "download our app", "get the app", NULL};

/* The three phrase lists searched in one pass over a paragraph, without a lower-case copy: a
 * bitmap of the phrases' first two bytes (folded to lower case) says at which positions a phrase
 * may start, and only there are the phrases that start with these two bytes compared (a chain
 * per hash bucket of the prefix, lengths stored). Searching each phrase in turn cost more than
 * the rest of cleaning together; so did walking every phrase at each hit of pairs as common as
 * "re" or "co", and scanning one paragraph once per list. */
enum { PHRASE_PROMPT, PHRASE_DISCLAIMER, PHRASE_LICENCE, PHRASE_LISTS };
#define PHRASE_MAX 64     /* phrases in the three lists together */
#define PHRASE_BUCKETS 64 /* chains by two-byte prefix, a power of two */

#define PHRASE_WINDOW 10 /* phrases at least this long are found by the skipping scan */

typedef struct phrase_index {
    unsigned char starts[65536 / 8];
    unsigned char shift[65536]; /* by the folded pair of bytes ending a window: how far to skip */
    const char *text[PHRASE_MAX]; /* lower case, at least two bytes */
    size_t length[PHRASE_MAX];
    uint16_t key[PHRASE_MAX];       /* the first two bytes */
    unsigned char list[PHRASE_MAX]; /* PHRASE_PROMPT, ... */
    signed char next[PHRASE_MAX];   /* the next phrase of the same chain, -1 at the end */
    signed char first[PHRASE_BUCKETS];
    size_t short_count;             /* phrases shorter than PHRASE_WINDOW, searched apart */
    const char *short_text[PHRASE_MAX];
    unsigned char short_list[PHRASE_MAX];
} phrase_index;

static phrase_index phrases;
static pthread_once_t phrases_once = PTHREAD_ONCE_INIT;

static inline unsigned phrase_bucket(unsigned key) { return (key * 40503u >> 10) & (PHRASE_BUCKETS - 1); }

static void build_phrase_index(void)
{
    const char *const *lists[PHRASE_LISTS] = {prompt_phrases, disclaimer_phrases, licence_phrases};
    size_t n = 0;
    memset(phrases.first, -1, sizeof phrases.first);
    memset(phrases.shift, PHRASE_WINDOW - 1, sizeof phrases.shift);
    for (size_t l = 0; l < PHRASE_LISTS; l++) {
        for (size_t i = 0; lists[l][i]; i++) {
            const unsigned char *p = (const unsigned char *)lists[l][i];
            size_t length = strlen(lists[l][i]);
            if (length < PHRASE_WINDOW) {
                phrases.short_text[phrases.short_count] = lists[l][i];
                phrases.short_list[phrases.short_count++] = (unsigned char)l;
                continue;
            }
            assert(n < PHRASE_MAX);
            unsigned key = (unsigned)p[0] << 8 | p[1];
            phrases.starts[key >> 3] |= (unsigned char)(1u << (key & 7));
            phrases.text[n] = lists[l][i];
            phrases.length[n] = length;
            phrases.key[n] = (uint16_t)key;
            phrases.list[n] = (unsigned char)l;
            phrases.next[n] = phrases.first[phrase_bucket(key)];
            phrases.first[phrase_bucket(key)] = (signed char)n;
            /* Wu-Manber: a pair at q in the phrase's first PHRASE_WINDOW bytes lets a scan
             * whose window ends with it move on by no more than PHRASE_WINDOW - 2 - q. */
            for (size_t q = 0; q + 1 < PHRASE_WINDOW; q++) {
                unsigned pair = (unsigned)p[q] << 8 | p[q + 1];
                if (phrases.shift[pair] > PHRASE_WINDOW - 2 - q)
                    phrases.shift[pair] = (unsigned char)(PHRASE_WINDOW - 2 - q);
            }
            n++;
        }
    }
}

/* nd__find_ci for a phrase that starts with a byte without case ("\xC2\xA9"): memchr finds
 * the places where it may start. */
static long find_short_phrase(const char *text, size_t len, const char *phrase)
{
    unsigned char first = (unsigned char)phrase[0];
    if (nd__is_alpha(first))
        return nd__find_ci(text, len, phrase);
    size_t n = strlen(phrase);
    for (size_t i = 0; i + n <= len;) {
        const char *hit = memchr(text + i, first, len - n + 1 - i);
        if (!hit)
            return -1;
        i = (size_t)(hit - text);
        size_t k = 1;
        while (k < n && nd__to_lower((unsigned char)text[i + k]) == nd__to_lower((unsigned char)phrase[k]))
            k++;
        if (k == n)
            return (long)i;
        i++;
    }
    return -1;
}

/* Sets found[l] to the offset in text[0..len) where a phrase of list l first starts, or -1,
 * comparing without regard to ASCII case. A window of PHRASE_WINDOW bytes slides over the text;
 * the folded pair of bytes at its end says how far no phrase can start (Wu and Manber 1994), so
 * most of the text is stepped over nine bytes at a time, and only where it cannot be are the
 * phrases starting with the window's first two bytes compared. */
static void find_phrases(const char *text, size_t len, long found[PHRASE_LISTS])
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t l = 0; l < PHRASE_LISTS; l++)
        found[l] = -1;
    for (size_t pos = PHRASE_WINDOW - 2; pos + 1 < len;) {
        unsigned pair = (unsigned)nd__to_lower(s[pos]) << 8 | nd__to_lower(s[pos + 1]);
        unsigned skip = phrases.shift[pair];
        if (skip) {
            pos += skip;
            continue;
        }
        size_t i = pos - (PHRASE_WINDOW - 2);
        pos++;
        unsigned key = (unsigned)nd__to_lower(s[i]) << 8 | nd__to_lower(s[i + 1]);
        if (!(phrases.starts[key >> 3] & (1u << (key & 7))))
            continue;
        for (int k = phrases.first[phrase_bucket(key)]; k >= 0; k = phrases.next[k]) {
            size_t n = phrases.length[k];
            if (phrases.key[k] != key || found[phrases.list[k]] >= 0 || i + n > len)
                continue;
            size_t same = 2;
            while (same < n && nd__to_lower(s[i + same]) == (unsigned char)phrases.text[k][same])
                same++;
            if (same == n)
                found[phrases.list[k]] = (long)i;
        }
    }
    for (size_t k = 0; k < phrases.short_count; k++) {
        long at = find_short_phrase(text, len, phrases.short_text[k]);
        long *f = &found[phrases.short_list[k]];
        if (at >= 0 && (*f < 0 || at < *f))
            *f = at;
    }
}

static const char *const prompt_exact[] = {"advertisement", "share", "tweet", "email", "print",
                                           "comments", "related", NULL};

static const char *const signoff_prefixes[] = {
    "(reporting by", "reporting by", "(editing by", "editing by", "(writing by", "writing by",
    "compiled by", "additional reporting by", "-- ends", "-ends-", "###", NULL};

static const char *const caption_prefixes[] = {"photo:", "photo by", "photos:", "image:",
                                               "picture:", "credit:", "photograph:", "file photo",
                                               "(photo", "(image", NULL};

static const char *const timestamp_prefixes[] = {"updated:", "updated ", "published:",
                                                 "posted:", "last updated", "posted on", NULL};

/* "4 hours ago", "about a minute ago", "just now". */
static int is_relative_time(const paragraph *p)
{
    if (p->words > 6)
        return 0;
    if (nd__equals_ci(p->text, p->len, "just now"))
        return 1;
    return p->len > 4 && nd__equals_ci(p->text + p->len - 4, 4, " ago");
}

/* "NA/PA", "AM/JR/SS": desk initials at the foot of agency copy. */
static int is_initials_signoff(const paragraph *p)
{
    size_t i = 0, groups = 0;
    while (i < p->len) {
        size_t run = 0;
        while (i < p->len && nd__is_upper((unsigned char)p->text[i]))
            i++, run++;
        if (run < 1 || run > 5)
            return 0;
        groups++;
        if (i == p->len)
            break;
        if (p->text[i] != '/')
            return 0;
        i++;
    }
    return groups >= 2 && i == p->len;
}

/* A caption whose photo credit is glued on: "Bashar Al-AssadReuters". */
static int has_glued_credit(const paragraph *p)
{
    static const char *const agencies[] = {"Reuters", "AFP", "Getty Images", "EPA", "Shutterstock",
                                           "AP Photo", "AP", NULL};
    if (ends_sentence(p) || p->words > 15)
        return 0;
    for (size_t i = 0; agencies[i]; i++) {
        size_t n = strlen(agencies[i]);
        if (p->len > n && memcmp(p->text + p->len - n, agencies[i], n) == 0) {
            unsigned char before = (unsigned char)p->text[p->len - n - 1];
            if (nd__is_lower(before) || before == '/' || before == '|')
                return 1;
        }
    }
    return 0;
}

/* A short line without a sentence's end: a label, a caption, a section name. */
static int is_short_label(const paragraph *p)
{
    return p->words >= 1 && p->words <= 4 && !ends_sentence(p);
}

static void remove_whole(paragraph *p, const char *reason)
{
    p->keep = 0;
    p->reason = reason;
}

/* Rules that look at one paragraph alone. Licence and disclaimer phrases are sought only
 * where such lines stand, near the edges of the article or in short paragraphs: scanning every
 * long paragraph for them would be the costliest step of cleaning. */
static void classify(paragraph *p, int near_edge)
{
    /* One search finds the phrases of all three lists; only a paragraph that can reach one of
     * the phrase rules is searched (a long one away from the edges returns before them). */
    long found[PHRASE_LISTS] = {-1, -1, -1};
    int searched = 0;
#define SEARCH() (searched ? 0 : (find_phrases(p->text, p->len, found), searched = 1))
    if (is_relative_time(p)) {
        remove_whole(p, "relative-time");
    } else if (is_initials_signoff(p) ||
               (p->words <= 25 && starts_with_any(p->text, p->len, signoff_prefixes))) {
        remove_whole(p, "sign-off");
    } else if (p->words <= 30 && starts_with_any(p->text, p->len, caption_prefixes)) {
        remove_whole(p, "caption");
    } else if (has_glued_credit(p)) {
        remove_whole(p, "caption");
    } else if (p->words <= 12 && starts_with_any(p->text, p->len, timestamp_prefixes)) {
        remove_whole(p, "timestamp");
    } else if (p->words <= 25 && (SEARCH(), found[PHRASE_PROMPT] >= 0 ||
                                  equals_any(p->text, p->len, prompt_exact))) {
        remove_whole(p, "share-prompt");
    } else if (!near_edge && p->words > 40) {
        return;
    } else if (p->words <= 120 && (SEARCH(), found[PHRASE_DISCLAIMER] >= 0)) {
        remove_whole(p, "disclaimer");
    } else if ((SEARCH(), found[PHRASE_LICENCE] >= 0)) {
        size_t start = nd__text_sentence_start(p->text, (size_t)found[PHRASE_LICENCE]);
        while (start > 0 && p->text[start - 1] == ' ')
            start--;
        p->keep = start;
        p->reason = "licence";
    }
#undef SEARCH
}

/* A heading for a list of other articles: everything from it to the end goes, when what
 * follows it looks like such a list (mostly short lines). */
static void cut_related_list(paragraph *ps, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        if (ps[i].words > 5 || !equals_any(ps[i].text, ps[i].len, related_headings))
            continue;
        size_t short_lines = 0, rest = n - i - 1;
        for (size_t k = i + 1; k < n; k++)
            short_lines += ps[k].words <= 30;
        if (rest == 0 || short_lines * 10 >= rest * 6) {
            for (size_t k = i; k < n; k++)
                if (ps[k].keep)
                    remove_whole(&ps[k], is_relative_time(&ps[k]) ? "relative-time" : "related-list");
            return;
        }
    }
}

/* Bytes that separate words inside a line: collapsed to one space. */
static const unsigned char line_space[256] = {[' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1};

/* Splits text into whitespace-collapsed paragraphs, one per non-empty line, counting their
 * words on the way (whitespace is never part of a word, so the count of the collapsed text is
 * that of the line). The paragraphs' text lives in scratch->text. */
static int split_paragraphs(nd_article *article, nd__clean_scratch *scratch)
{
    nd__vec *list = &scratch->paragraphs;
    list->count = 0;
    const unsigned char *text = (const unsigned char *)article->text;
    size_t len = article->text_len, i = 0;
    if (scratch->text_cap < len + 1) {
        char *grown = realloc(scratch->text, len + 1);
        if (!grown)
            return ND_ENOMEM;
        scratch->text = grown;
        scratch->text_cap = len + 1;
    }
    char *out = scratch->text;
    size_t used = 0;
    while (i < len) {
        const unsigned char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t start = used;
        size_t k = i;
        while (k < end && line_space[text[k]])
            k++;
        /* Eight bytes at a time while they hold no control byte and no space after a space:
         * then they are copied as they are. */
        while (k + 8 <= end) {
            uint64_t x;
            memcpy(&x, text + k, 8);
            uint64_t spaces = byte_is(x, ' ');
            uint64_t after = (spaces << 8) | (used > start && out[used - 1] == ' ' ? 0x80 : 0);
            if (has_byte_below(x, 0x20) || (spaces & after))
                break;
            memcpy(out + used, &x, 8);
            used += 8;
            k += 8;
        }
        if (used > start && out[used - 1] == ' ') {
            /* the fast copy stopped after a space: go on as the byte loop would */
            used--;
            while (k < end && line_space[text[k]])
                k++;
            if (k < end)
                out[used++] = ' ';
        }
        while (k < end) {
            /* a run of non-space bytes, then one space for the run of spaces after it */
            unsigned char c;
            while (k < end && !line_space[c = text[k]]) {
                out[used++] = (char)c;
                k++;
            }
            while (k < end && line_space[text[k]])
                k++;
            if (k < end)
                out[used++] = ' ';
        }
        if (used > start && list->count < ND_MAX_PARAGRAPHS) {
            out[used] = '\0'; /* each paragraph ends in NUL, so its text is a C string */
            paragraph *p = nd__vec_push(list, sizeof *p);
            if (!p)
                return ND_ENOMEM;
            p->text = out + start;
            p->len = p->keep = used - start;
            /* the words of the copy are those of the line: only white space was collapsed */
            p->words = nd__text_count_word_runs(p->text, p->len, SIZE_MAX);
            if (p->len > 8 * p->words + 16)
                p->words += cjk_characters(p->text, p->len);
            used++;
        } else {
            used = start;
        }
        i = end + 1;
    }
    return ND_OK;
}

void nd__clean_scratch_release(nd__clean_scratch *scratch)
{
    free(scratch->text);
    nd__vec_release(&scratch->paragraphs);
    memset(scratch, 0, sizeof *scratch);
}

/* "TEHRAN -", "BEIJING --", "Alwaght-", "LONDON (Reuters) -": up to four capitalised words and
 * an optional agency in brackets, then a dash and a space. Returns the dateline's length. */
static size_t dateline_length(const char *text, size_t len)
{
    size_t i = 0, words = 0;
    while (i < len && words < 4) {
        if (!nd__is_upper((unsigned char)text[i]))
            break;
        while (i < len && (nd__is_alpha((unsigned char)text[i]) || text[i] == '.' || text[i] == '\''))
            i++;
        words++;
        if (i < len && text[i] == ',' && i + 1 < len && text[i + 1] == ' ')
            i += 2;
        else if (i < len && text[i] == ' ' && i + 1 < len && nd__is_upper((unsigned char)text[i + 1]))
            i++;
        else
            break;
    }
    if (words == 0)
        return 0;
    size_t name_end = i;
    while (name_end > 0 && (text[name_end - 1] == ' ' || text[name_end - 1] == ','))
        name_end--; /* "TEHRAN, -": the name without its comma (found by fuzz_extract) */
    if (i + 1 < len && text[i] == ' ' && text[i + 1] == '(') {
        const char *close = memchr(text + i, ')', len - i < 24 ? len - i : 24);
        if (close)
            i = (size_t)(close - text) + 1;
    }
    if (i < len && text[i] == ' ')
        i++;
    static const char *const dashes[] = {"--", "-", "\xE2\x80\x93", "\xE2\x80\x94", NULL};
    for (size_t d = 0; dashes[d]; d++) {
        size_t n = strlen(dashes[d]);
        if (i + n < len && memcmp(text + i, dashes[d], n) == 0 && text[i + n] == ' ')
            return name_end;
    }
    return 0;
}

static int clean_article(nd_article *article, nd__clean_scratch *scratch)
{
    int rc = split_paragraphs(article, scratch);
    if (rc != ND_OK)
        return rc;
    paragraph *ps = scratch->paragraphs.items;
    size_t n = scratch->paragraphs.count;

    /* Lists of other headlines go first, so that "near the end" means the article's end. */
    cut_related_list(ps, n);
    size_t end = n;
    while (end > 0 && !ps[end - 1].keep)
        end--;
    pthread_once(&phrases_once, build_phrase_index);
    for (size_t i = 0; i < n; i++)
        if (ps[i].keep)
            classify(&ps[i], i < 2 || i + 4 > end);

    /* Above the first sentence: short labels and captions; then perhaps the title. */
    size_t first = 0;
    while (first < n && (!ps[first].keep || is_short_label(&ps[first]))) {
        if (ps[first].keep && first + 1 < n)
            remove_whole(&ps[first], nd__equals_ci(ps[first].text, ps[first].len, article->title) ? "title" : "label");
        first++;
    }
    /* Undo when that took every paragraph: a text of short lines is still a text. */
    if (first >= n) {
        for (size_t i = 0; i < n; i++)
            if (ps[i].reason && strcmp(ps[i].reason, "label") == 0)
                ps[i].keep = ps[i].len, ps[i].reason = NULL;
        first = 0;
        while (first < n && !ps[first].keep)
            first++;
    }
    /* The title: the short line right above the first sentence, or a first line without a
     * full stop. A line that repeats a known title goes as "title". */
    paragraph *above = first > 0 && ps[first - 1].reason && strcmp(ps[first - 1].reason, "label") == 0
                           ? &ps[first - 1] : NULL;
    paragraph *heading = above;
    if (first + 1 < n && ps[first].words <= 20 && !ends_sentence(&ps[first]))
        heading = &ps[first];
    if (heading && !article->title[0]) {
        article->title = nd__arena_strndup(&article->arena, heading->text, heading->len);
        if (!article->title)
            return ND_ENOMEM;
        heading->keep = 0;
        heading->reason = NULL; /* moved, not removed */
    } else if (heading && nd__equals_ci(heading->text, heading->len, article->title)) {
        remove_whole(heading, "title");
    }

    /* Below the last sentence: sign-offs and labels such as "IFP Media Wire". */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        kept += ps[i].keep > 0;
    for (size_t i = n; i-- > 0 && kept > 1;) {
        if (!ps[i].keep)
            continue;
        if (!is_short_label(&ps[i]))
            break;
        remove_whole(&ps[i], "sign-off");
        kept--;
    }

    /* Never empty an article: keep everything when nothing would be left. */
    if (kept == 0) {
        for (size_t i = 0; i < n; i++)
            if (ps[i].reason)
                ps[i].keep = ps[i].len, ps[i].reason = NULL;
    }

    /* Assemble body, paragraph spans and the removed list. */
    size_t body_len = 0, spans = 0, removed = 0;
    for (size_t i = 0; i < n; i++) {
        body_len += ps[i].keep + 2;
        spans += ps[i].keep > 0;
        removed += ps[i].reason != NULL;
    }
    char *body = nd__arena_alloc(&article->arena, body_len + 1);
    nd__span *span = nd__arena_alloc(&article->arena, (spans ? spans : 1) * sizeof *span);
    nd__removed *gone = nd__arena_alloc(&article->arena, (removed ? removed : 1) * sizeof *gone);
    if (!body || !span || !gone)
        return ND_ENOMEM;
    size_t at = 0, s = 0, r = 0;
    for (size_t i = 0; i < n; i++) {
        if (ps[i].keep) {
            if (at)
                memcpy(body + at, "\n\n", 2), at += 2;
            span[s].start = (uint32_t)at;
            memcpy(body + at, ps[i].text, ps[i].keep);
            at += ps[i].keep;
            while (at > span[s].start && body[at - 1] == ' ')
                at--;
            span[s].end = (uint32_t)at;
            s++;
        }
        if (ps[i].reason) {
            size_t from = ps[i].keep;
            while (from < ps[i].len && ps[i].text[from] == ' ')
                from++;
            gone[r].len = ps[i].len - from;
            gone[r].text = nd__arena_strndup(&article->arena, ps[i].text + from, gone[r].len);
            if (!gone[r].text)
                rc = ND_ENOMEM;
            gone[r].reason = ps[i].reason;
            r++;
        }
    }
    body[at] = '\0';
    article->body = body;
    article->body_len = at;
    article->paragraphs = span;
    article->paragraph_count = s;
    article->removed = gone;
    article->removed_count = r;
    if (rc == ND_OK && s > 0) {
        size_t d = dateline_length(body + span[0].start, span[0].end - span[0].start);
        if (d) {
            article->dateline = nd__arena_strndup(&article->arena, body + span[0].start, d);
            if (!article->dateline)
                rc = ND_ENOMEM;
        }
    }
    return rc;
}

int nd__clean_article(nd_article *article, nd__clean_scratch *scratch)
{
    if (scratch)
        return clean_article(article, scratch);
    nd__clean_scratch local = {0};
    int rc = clean_article(article, &local);
    nd__clean_scratch_release(&local);
    return rc;
}
