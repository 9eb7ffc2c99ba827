/*
 * summary_text.c: the sentence tools of nd_summarise: sentences split at full stops that are not
 * abbreviations, the shape and furniture tests a summary sentence must pass, the dateline at the
 * head of a lead, and the core of a lead cut down to a headline. Takes text spans, gives spans
 * and lengths; allocates only into the caller's vectors.
 */
#include <math.h>

#include "summarise.h"
#include "text.h"

/* ---- sentences ------------------------------------------------------------------------------- */
int nd__summary_sentences(const char *text, size_t len, nd__vec *out)
{
    return nd__text_sentences(text, len, out, MAX_SENTENCES_PER_ARTICLE);
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

int nd__summary_furniture(const char *text, size_t len)
{
    for (size_t i = 0; furniture[i]; i++)
        if (nd__find_ci(text, len, furniture[i]) >= 0)
            return 1;
    return 0;
}

/* Whether a sentence has the shape of one a summary can hold: a whole sentence of ordinary
 * length, not shouting. (Page furniture is checked apart, on the few that get chosen.) */
int nd__summary_shaped(const char *text, size_t len, size_t words, int relaxed)
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
size_t nd__summary_dateline(const char *text, size_t len)
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

size_t nd__summary_words(const char *text, size_t len) { return nd__text_count_words(text, len); }

/* The core of a lead sentence, as a headline: written into `out` (NUL-terminated, at most
 * len + 1 bytes). */
size_t nd__summary_lead_core(const char *text, size_t len, char *out)
{
    size_t skip = nd__summary_dateline(text, len);
    text += skip;
    len -= skip;
    /* "According to X, ..." at the head. */
    if (len > 13 && nd__equals_ci(text, 12, "according to")) {
        const char *comma = memchr(text, ',', len);
        if (comma && nd__summary_words(text, (size_t)(comma - text)) <= 8) {
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
        if (nd__summary_words(tail, tail_len) > 14 || !has_attribution(tail, tail_len))
            break;
        len = comma - 1;
    }
    /* An appositive after the subject: "X, the chief of staff of Y, met ..." */
    size_t o = 0;
    const char *first_comma = memchr(text, ',', len);
    if (first_comma && nd__summary_words(text, (size_t)(first_comma - text)) <= 8) {
        size_t after = (size_t)(first_comma - text) + 1;
        while (after < len && text[after] == ' ')
            after++;
        int starts_article = (len - after > 4 && (memcmp(text + after, "the ", 4) == 0 ||
                                                  memcmp(text + after, "a ", 2) == 0 ||
                                                  memcmp(text + after, "an ", 3) == 0));
        const char *second = starts_article ? memchr(text + after, ',', len - after) : NULL;
        if (second && nd__summary_words(text + after, (size_t)(second - (text + after))) <= 14) {
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
    if (nd__summary_words(out, o) > MAX_HEADLINE_WORDS) {
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


uint64_t nd__summary_key(const char *text, size_t len) { return nd__text_fold_key(text, len); }
