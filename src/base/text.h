/*
 * text.h: the one text layer of newsdesk. Takes clean UTF-8 (as utf8.c leaves it) and gives
 * what every stage reads text with: code points, words (tokens with offsets and case-folded
 * hashes), word counts, sentences, folded names, escaped output and the parts of a URL. Each
 * mechanism is defined here once; where several copies existed before, the comment of each
 * function says which copy it is and how the others differed.
 */
#ifndef ND_TEXT_H
#define ND_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* ---- UTF-8 ---------------------------------------------------------------------------------- */
/* Length in bytes of the well-formed UTF-8 sequence at s[0..len) (1 to 4), setting *codepoint;
 * 0 when the bytes there are not one: a stray continuation byte, a lead byte C0, C1 or F5..FF,
 * a sequence cut by the end, an overlong form, a surrogate or a value past U+10FFFF. len > 0.
 * (utf8.c's nd__utf8_sequence and html.c's nd__utf8_sequence accepted exactly the same
 * sequences; html.c's gave no code point.) */
size_t nd__utf8_decode(const unsigned char *s, size_t len, int *codepoint);
/* Writes code point `cp` (0..0x10FFFF, not a surrogate) as UTF-8 into out; returns its length
 * (1 to 4). */
size_t nd__utf8_encode(unsigned cp, char out[4]);
/* Appends code point `cp` to `out` as UTF-8: ND_OK, ND_ETOOBIG or ND_ENOMEM. */
int nd__utf8_put(nd__buf *out, unsigned cp);
/* Nonzero when s[0..len) is all well-formed UTF-8 (nd__utf8_decode's rule). When
 * `cut_end_ok`, a sequence cut short by the end of the bytes counts as valid: a sniffer reading
 * the first kilobytes of a page must not hold the cut against it. (html.c's charset sniff only
 * checked lead and continuation bytes, accepting overlong forms and surrogates; this checks them
 * too.) */
int nd__utf8_valid(const char *s, size_t len, int cut_end_ok);

/* ---- tokens: the one tokenizer ---------------------------------------------------------------- */
/* A word of a text: a run of letters, marks and digits (Unicode categories L, M, N), so
 * "al-Freij" is two words and "don't" two ("don", "t"). ASCII letters fold to lower case and
 * other letters through utf8proc, so "Ä" and "ä" hash alike; a word longer than 256 bytes is
 * hashed by its first 256 folded bytes. */
typedef struct nd__token {
    uint32_t start, end; /* byte offsets in the text, end exclusive */
    uint64_t hash;       /* of the case-folded word (FNV-1a, then nd__mix64) */
} nd__token;

/* Splits text[0..len) into words and appends them to `tokens` (an nd__vec of nd__token). Room
 * for len/2 + 1 more tokens is made up front. ND_OK, ND_ENOMEM or ND_ETOOBIG. */
int nd__tokenize(const char *text, size_t len, nd__vec *tokens);

/* What stands between a token and the next, for a stage that reads compound words (the
 * extractor's "al-Assad", "O'Brien", "Assad's"): */
enum {
    ND__JOIN_NONE = 0,       /* anything else: a space, punctuation, a line break */
    ND__JOIN_HYPHEN = 1,     /* exactly one "-" */
    ND__JOIN_APOSTROPHE = 2, /* exactly one "'" or "’" (U+2019) */
    ND__JOIN_TOUCH = 3       /* nothing: a word character utf8proc does not count (rare) */
};
int nd__token_join(const char *text, const nd__token *a, const nd__token *b);

/* The shape of a token, from its bytes (ASCII rules, as the extractor and the clusterer used): */
enum {
    ND__SHAPE_CAPITAL = 1,   /* first byte an ASCII capital, or a non-ASCII upper-case letter */
    ND__SHAPE_ALLCAPS = 2,   /* two or more ASCII letters, all capitals */
    ND__SHAPE_DIGITS = 4,    /* ASCII digits only */
    ND__SHAPE_ASCII = 8      /* ASCII bytes only */
};
unsigned nd__token_shape(const char *text, const nd__token *t);

/* ---- words ------------------------------------------------------------------------------------ */
/* Words as runs of bytes that are not white space (nd__is_space): "al-Freij," is one word.
 * (summarise.c's count_words; extract.c's counted only ' ' and '\n' as spaces.) */
size_t nd__text_count_words(const char *text, size_t len);
/* Words as runs of ASCII letters and digits and bytes from 0x80 on (so "al-Freij" is two),
 * counted eight bytes at a time; the count stops somewhere above `limit` (SIZE_MAX for all).
 * (clean.c's count_words_upto / nd__count_words, which dedup.c also calls.) */
size_t nd__text_count_word_runs(const char *text, size_t len, size_t limit);

/* ---- sentences -------------------------------------------------------------------------------- */
typedef struct nd__text_span {
    size_t start, end; /* byte offsets, end exclusive */
} nd__text_span;

/* Splits text[0..len) into sentences and appends their spans (white space trimmed, empty ones
 * left out) to `out` (an nd__vec of nd__text_span), at most `max` in all (out->count stops
 * there). A line break always ends a sentence; ".", "!" or "?" ends one when followed (after any
 * closing quotes or brackets) by white space and then a capital, a digit, a quote or a non-ASCII
 * letter, unless the full stop ends an abbreviation ("Mr.", "U.S.", a single capital); at the
 * end of the text or before a line break it always does. ND_OK or ND_ENOMEM. (summarise.c's
 * split_sentences; see nd__text_sentence_start and nd__text_word_opens_sentence for the two
 * other questions stages ask about sentences.) */
int nd__text_sentences(const char *text, size_t len, nd__vec *out, size_t max);
/* Nonzero when the full stop at text[dot] ends an abbreviation: a single capital ("J."), a word
 * with a full stop inside ("U.S."), or one of the titles, months and short forms of a fixed
 * list ("Mr", "Gen", "Sept", "approx"). */
int nd__text_is_abbreviation(const char *text, size_t dot);
/* Where the sentence holding byte `at` starts, looking back for ". ", "! ", "? " or "” ";
 * 0 when none. (clean.c's sentence_start.) */
size_t nd__text_sentence_start(const char *text, size_t at);
/* Nonzero when the word starting at text[at] opens a sentence: what stands before it, skipping
 * spaces, tabs, opening quotes and brackets (and any three-byte E2 character: typographic quotes
 * and dashes), is the start of the text or one of . ! ? : | - * or a line break. (cluster.c's
 * at_sentence_start: there capitals say nothing about names.) */
int nd__text_word_opens_sentence(const char *text, size_t at);

/* ---- names ------------------------------------------------------------------------------------ */
/* Folds a name for comparison across spellings: lower case, particles dropped ("al", "el",
 * "al-"), hyphens as spaces, vowels after the first letter dropped and a first vowel as "a",
 * "h" after the first letter dropped, q = g, gh = g, c = k, kh = k, ph = f, doubled letters
 * once; other bytes dropped. So "Baqeri" = "Bagheri", "Ayoub" = "Ayyoub",
 * "Bashar al-Assad" = "Bashar Al Assad". Writes at most cap - 1 bytes and a NUL into out;
 * returns the length. (extract.c's nd__fold_name.) */
size_t nd__text_fold_name(const char *name, size_t len, char *out, size_t cap);
/* A hash of text[0..len) with everything but letters, digits and non-ASCII bytes left out and
 * ASCII lower-cased (the first 256 such bytes): "Al-Assad" and "al assad" hash alike.
 * (summarise.c's folded_key.) */
uint64_t nd__text_fold_key(const char *text, size_t len);

/* ---- escaping --------------------------------------------------------------------------------- */
/* Appends text[0..len) to out with & < > " ' written as &amp; &lt; &gt; &quot; &#39;: safe in
 * HTML text and in attribute values in either quotes. ND_OK, ND_ETOOBIG or ND_ENOMEM.
 * (pages.c's nd__html_escape; feed.c's OPML writer left ' as it is.) */
int nd__escape_html(nd__buf *out, const char *text, size_t len);
/* Appends text[0..len) to out as a JSON string, quotes included: " and \ escaped, \n \t \r as
 * such, other bytes below 0x20 as \u00XX (lower-case hex), everything else (UTF-8 included)
 * as it is. (cli/json.c's raw_string.) */
int nd__escape_json(nd__buf *out, const char *text, size_t len);

/* ---- URLs ------------------------------------------------------------------------------------- */
/* The authority of a URL ("host", "host:port", "user@host:port"): what follows the first "://"
 * up to "/", "?", "#" or the end. Sets *start and returns its length; returns 0 (and *start
 * NULL) when the URL has no "://". fetch.c's host key is the URL up to the end of it. */
size_t nd__url_authority(const char *url, const char **start);
/* The host of a URL: the authority up to ":" as well (the port left out); with `strip_www`, a
 * leading "www." goes when something follows it. Sets *start and returns the length, 0 when
 * there is none. (summarise.c's outlet key; case is kept.) */
size_t nd__url_host(const char *url, const char **start, int strip_www);
/* The path and query of a URL: from the first "/" or "?" after the authority; "/" when there is
 * neither. (fetch.c's path_of.) */
const char *nd__url_path(const char *url);
/* Nonzero when the URL starts with "http://" or "https://" (case as written). */
int nd__url_is_http(const char *url);

#endif
