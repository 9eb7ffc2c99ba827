/*
 * text.c: the text layer (see text.h): UTF-8 code points, the tokenizer, word counts, sentences,
 * folded names, escaping and URL parts. Everything here reads clean UTF-8 and allocates only
 * into the caller's vectors and buffers.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "limits.h"
#include "newsdesk.h"

/* ---- UTF-8 ---------------------------------------------------------------------------------- */
size_t nd__utf8_decode(const unsigned char *s, size_t len, int *codepoint)
{
    unsigned char c = s[0];
    size_t need;
    int cp;
    if (c < 0x80) {
        *codepoint = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* overlong forms, surrogates and values past U+10FFFF are invalid */
    if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *codepoint = cp;
    return need;
}

size_t nd__utf8_encode(unsigned cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6), out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12), out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18), out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F)), out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int nd__utf8_put(nd__buf *out, unsigned cp)
{
    char bytes[4];
    return nd__buf_append(out, bytes, nd__utf8_encode(cp, bytes));
}

int nd__utf8_valid(const char *s, size_t len, int cut_end_ok)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        int cp;
        size_t n = nd__utf8_decode(u + i, len - i, &cp);
        if (n) {
            i += n;
            continue;
        }
        if (!cut_end_ok)
            return 0;
        /* valid when the bytes left are the start of a sequence the end cut */
        unsigned char c = u[i];
        size_t need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        if (!need || len - i >= need)
            return 0;
        for (size_t k = i + 1; k < len; k++)
            if ((u[k] & 0xC0) != 0x80)
                return 0;
        return 1;
    }
    return 1;
}

/* ---- tokens ----------------------------------------------------------------------------------- */

static int is_word_codepoint(int cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* FNV-1a over the folded bytes, finished with a strong mixer: computed while scanning, so a
 * word is read once and never copied. */
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* ASCII letters and digits map to their lower case, everything else below 0x80 to 0, and every
 * byte from 0x80 on to 0x80 (decode further): one look-up and no branch per byte. */
static const unsigned char fold[256] = {
#define D(c) [c] = c
#define U(c) [c] = c + 32
    D('0'), D('1'), D('2'), D('3'), D('4'), D('5'), D('6'), D('7'), D('8'), D('9'),
    D('a'), D('b'), D('c'), D('d'), D('e'), D('f'), D('g'), D('h'), D('i'), D('j'), D('k'),
    D('l'), D('m'), D('n'), D('o'), D('p'), D('q'), D('r'), D('s'), D('t'), D('u'), D('v'),
    D('w'), D('x'), D('y'), D('z'),
    U('A'), U('B'), U('C'), U('D'), U('E'), U('F'), U('G'), U('H'), U('I'), U('J'), U('K'),
    U('L'), U('M'), U('N'), U('O'), U('P'), U('Q'), U('R'), U('S'), U('T'), U('U'), U('V'),
    U('W'), U('X'), U('Y'), U('Z'),
#define R8(x) x, x, x, x, x, x, x, x
    [0x80] = R8(0x80), R8(0x80), R8(0x80), R8(0x80), R8(0x80), R8(0x80), R8(0x80), R8(0x80),
    R8(0x80), R8(0x80), R8(0x80), R8(0x80), R8(0x80), R8(0x80), R8(0x80), R8(0x80),
#undef R8
#undef D
#undef U
};

int nd__tokenize(const char *text, size_t len, nd__vec *tokens)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned char folded[8];
    /* A text of len bytes has at most len/2 + 1 words: room is made once, not per word. */
    int rc = nd__vec_reserve(tokens, tokens->count + len / 2 + 1, sizeof(nd__token));
    if (rc != ND_OK)
        return rc;
    nd__token *out = (nd__token *)tokens->items + tokens->count;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        unsigned char f = fold[c];
        if (!f) {
            i++;
            continue;
        }
        int cp = c;
        size_t n = 1;
        if (f == 0x80) {
            n = nd__utf8_decode(s + i, len - i, &cp);
            if (n == 0 || !is_word_codepoint(cp)) {
                i += n ? n : 1;
                continue;
            }
        }
        size_t start = i, used = 0;
        uint64_t h = FNV_OFFSET;
        /* Fast path for the ASCII letters and digits that make most words: up to the byte
         * limit, one table look-up and one multiply per byte. */
        size_t ascii_end = len - i < ND_MAX_TOKEN_HASH_BYTES ? len : i + ND_MAX_TOKEN_HASH_BYTES;
        while (i < ascii_end) {
            f = fold[s[i]];
            if ((unsigned char)(f - 1) >= 0x7F)
                break;
            h = (h ^ f) * FNV_PRIME;
            i++;
        }
        used = i - start;
        /* An ASCII word that ended at a separator (most words) is done, and so is the
         * separator: only a longer word or another character goes on below. */
        if (i < len && f == 0 && i < ascii_end) {
            out->start = (uint32_t)start;
            out->end = (uint32_t)i;
            out->hash = nd__mix64(h);
            out++;
            i++;
            continue;
        }
        while (i < len) {
            c = s[i];
            f = fold[c];
            if (f == 0)
                break;
            if (f < 0x80) {
                if (used++ < ND_MAX_TOKEN_HASH_BYTES)
                    h = (h ^ f) * FNV_PRIME;
                i++;
                continue;
            }
            n = nd__utf8_decode(s + i, len - i, &cp);
            if (n == 0 || !is_word_codepoint(cp))
                break;
            utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_tolower(cp), folded);
            for (utf8proc_ssize_t b = 0; b < k; b++)
                if (used++ < ND_MAX_TOKEN_HASH_BYTES)
                    h = (h ^ folded[b]) * FNV_PRIME;
            i += n;
        }
        out->start = (uint32_t)start;
        out->end = (uint32_t)i;
        out->hash = nd__mix64(h);
        out++;
    }
    tokens->count = (size_t)(out - (nd__token *)tokens->items);
    return ND_OK;
}

int nd__token_join(const char *text, const nd__token *a, const nd__token *b)
{
    size_t gap = b->start - a->end;
    const char *g = text + a->end;
    if (gap == 0)
        return ND__JOIN_TOUCH;
    if (gap == 1 && g[0] == '-')
        return ND__JOIN_HYPHEN;
    if ((gap == 1 && g[0] == '\'') || (gap == 3 && memcmp(g, "\xE2\x80\x99", 3) == 0))
        return ND__JOIN_APOSTROPHE;
    return ND__JOIN_NONE;
}

unsigned nd__token_shape(const char *text, const nd__token *t)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned shape = ND__SHAPE_ASCII;
    size_t letters = 0, uppers = 0, digits = 0, others = 0;
    for (uint32_t i = t->start; i < t->end; i++) {
        letters += nd__is_alpha(s[i]);
        uppers += nd__is_upper(s[i]);
        digits += nd__is_digit(s[i]);
        if (s[i] >= 0x80) {
            shape &= ~(unsigned)ND__SHAPE_ASCII;
            others++;
        }
    }
    if (t->end > t->start) {
        int cp;
        if (nd__is_upper(s[t->start]))
            shape |= ND__SHAPE_CAPITAL;
        else if (s[t->start] >= 0x80 && nd__utf8_decode(s + t->start, t->end - t->start, &cp) &&
                 utf8proc_category(cp) == UTF8PROC_CATEGORY_LU)
            shape |= ND__SHAPE_CAPITAL;
    }
    if (letters >= 2 && uppers == letters)
        shape |= ND__SHAPE_ALLCAPS;
    if (digits && !letters && !others)
        shape |= ND__SHAPE_DIGITS;
    return shape;
}

/* ---- words ------------------------------------------------------------------------------------ */
size_t nd__text_count_words(const char *text, size_t len)
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

static const unsigned char word_byte[256] = {
#define R8(x) x, x, x, x, x, x, x, x
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
    ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
    ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    [0x80] = R8(1), R8(1), R8(1), R8(1), R8(1), R8(1), R8(1), R8(1),
    R8(1), R8(1), R8(1), R8(1), R8(1), R8(1), R8(1), R8(1),
#undef R8
};

/* Eight bytes at once (SWAR): each function gives 0x80 in the bytes that qualify, exactly. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
#define LOWS7 0x7F7F7F7F7F7F7F7FULL

/* The bytes word_byte[] counts: ASCII letters and digits, and every byte from 0x80 on. */
static inline uint64_t word_bytes(uint64_t x)
{
    uint64_t low = x & LOWS7, folded = low | ONES * 0x20;
    uint64_t alpha = (folded + ONES * (0x80 - 'a')) & ~(folded + ONES * (0x7F - 'z'));
    uint64_t digit = (low + ONES * (0x80 - '0')) & ~(low + ONES * (0x7F - '9'));
    return (alpha | digit | x) & HIGHS;
}

/* Counts words up to `limit`: past it the count stops, somewhere above limit. Eight bytes at a
 * time (a word starts at a word byte after a byte that is not one), then a table per byte. */
size_t nd__text_count_word_runs(const char *text, size_t len, size_t limit)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t words = 0, i = 0;
    uint64_t previous = 0; /* 0x80 when the byte before the block is a word byte */
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t w = word_bytes(x);
        uint64_t starts = w & ~((w << 8) | previous);
        words += (size_t)(((starts >> 7) * ONES) >> 56);
        previous = w >> 56;
        if (words > limit)
            return words;
    }
    unsigned in_word = previous != 0;
    for (; i < len; i++) {
        unsigned w = word_byte[s[i]];
        words += w & ~in_word;
        in_word = w;
        if (words > limit)
            break;
    }
    return words;
}


/* ---- sentences ------------------------------------------------------------------------------ */
/* Abbreviations that take a full stop inside a sentence. Single capitals ("U.S.", "J.") are
 * caught by length. */
static const char *const abbreviations[] = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Maj", "Lt", "Col", "Capt", "Sgt", "Adm", "Gov", "Sen",
    "Rep", "St", "Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "No", "Mt", "Rev", "Brig", "Cmdr", "Cpl",
    "Pvt", "Det", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec", "vs", "Gens", "Supt", "Insp", "Hon", "Messrs", "approx", "est", "Ave", "Blvd", NULL};

int nd__text_is_abbreviation(const char *text, size_t dot)
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

int nd__text_sentences(const char *text, size_t len, nd__vec *out, size_t max)
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
                if (opens_sentence(text, len, after) && !(text[i] == '.' && nd__text_is_abbreviation(text, i))) {
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
                nd__text_span *s = nd__vec_push(out, sizeof *s);
                if (!s)
                    return ND_ENOMEM;
                s->start = start;
                s->end = e;
                if (out->count >= max)
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


size_t nd__text_sentence_start(const char *text, size_t at)
{
    size_t i = at;
    while (i >= 2) {
        char end = text[i - 2];
        if (text[i - 1] == ' ' && (end == '.' || end == '!' || end == '?'))
            return i;
        if (i >= 4 && text[i - 1] == ' ' && memcmp(text + i - 4, "\xE2\x80\x9D", 3) == 0)
            return i;
        i--;
    }
    return 0;
}

int nd__text_word_opens_sentence(const char *text, size_t at)
{
    while (at > 0) {
        unsigned char c = (unsigned char)text[at - 1];
        if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '(' || c == '`' || c == '[')
            at--;
        else if (c >= 0x80 && at >= 3 && (unsigned char)text[at - 3] == 0xE2)
            at -= 3; /* typographic quotes and dashes */
        else
            return c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == '\r' ||
                   c == '|' || c == '-' || c == '*';
    }
    return 1;
}

/* ---- names ------------------------------------------------------------------------------------ */
size_t nd__text_fold_name(const char *name, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    size_t i = 0;
    if (cap == 0)
        return 0;
    while (i < len) {
        while (i < len && (name[i] == ' ' || name[i] == '-'))
            i++;
        size_t start = i;
        while (i < len && name[i] != ' ')
            i++;
        size_t wend = i;
        /* drop particles: al, el, bin and the like, standing alone or as "al-" */
        if (wend - start >= 3 && (name[start] == 'a' || name[start] == 'A' || name[start] == 'e' || name[start] == 'E') &&
            (name[start + 1] == 'l' || name[start + 1] == 'L') && name[start + 2] == '-')
            start += 3;
        size_t wl = wend - start;
        if (wl == 0)
            continue;
        if ((wl == 2 && nd__equals_ci(name + start, 2, "al")) || (wl == 2 && nd__equals_ci(name + start, 2, "el")))
            continue;
        if (n > 0 && n + 1 < cap)
            out[n++] = ' ';
        char last = 0;
        for (size_t k = start; k < wend && n + 1 < cap; k++) {
            char c = (char)nd__to_lower((unsigned char)name[k]);
            if (!nd__is_alpha((unsigned char)c))
                continue;
            int first_letter = k == start;
            char next = k + 1 < wend ? (char)nd__to_lower((unsigned char)name[k + 1]) : 0;
            if (c == 'q' || (c == 'g' && next == 'h'))
                c = 'g';
            else if (c == 'c' || (c == 'k' && next == 'h'))
                c = 'k';
            else if (c == 'p' && next == 'h')
                c = 'f';
            if (c == 'h' && !first_letter)
                continue;
            if (strchr("aeiou", c)) {
                if (!first_letter)
                    continue;
                c = 'a'; /* Osama = Usama */
            }
            if (c == last)
                continue;
            out[n++] = c;
            last = c;
        }
    }
    out[n] = '\0';
    return n;
}


uint64_t nd__text_fold_key(const char *text, size_t len)
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

/* ---- escaping --------------------------------------------------------------------------------- */
int nd__escape_html(nd__buf *out, const char *text, size_t len)
{
    size_t run = 0;
    int rc = ND_OK;
    for (size_t i = 0; i < len && rc == ND_OK; i++) {
        const char *entity;
        switch (text[i]) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: continue;
        }
        rc = nd__buf_append(out, text + run, i - run);
        if (rc == ND_OK)
            rc = nd__buf_append(out, entity, strlen(entity));
        run = i + 1;
    }
    return rc == ND_OK ? nd__buf_append(out, text + run, len - run) : rc;
}

int nd__escape_json(nd__buf *out, const char *text, size_t len)
{
    int rc = nd__buf_putc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < len && rc == ND_OK; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        rc = nd__buf_append(out, text + run, i - run);
        run = i + 1;
        char esc[8];
        const char *e = esc;
        switch (c) {
        case '"': e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\n': e = "\\n"; break;
        case '\t': e = "\\t"; break;
        case '\r': e = "\\r"; break;
        default:
            esc[0] = '\\', esc[1] = 'u', esc[2] = '0', esc[3] = '0';
            esc[4] = "0123456789abcdef"[c >> 4], esc[5] = "0123456789abcdef"[c & 15], esc[6] = '\0';
        }
        if (rc == ND_OK)
            rc = nd__buf_append(out, e, strlen(e));
    }
    if (rc == ND_OK)
        rc = nd__buf_append(out, text + run, len - run);
    return rc == ND_OK ? nd__buf_putc(out, '"') : rc;
}

/* ---- URLs ------------------------------------------------------------------------------------- */
size_t nd__url_authority(const char *url, const char **start)
{
    const char *s = url ? strstr(url, "://") : NULL;
    if (!s) {
        *start = NULL;
        return 0;
    }
    s += 3;
    *start = s;
    return strcspn(s, "/?#");
}

size_t nd__url_host(const char *url, const char **start, int strip_www)
{
    const char *s = url ? strstr(url, "://") : NULL;
    if (!s) {
        *start = NULL;
        return 0;
    }
    s += 3;
    size_t n = strcspn(s, "/?#:");
    if (strip_www && n > 4 && strncmp(s, "www.", 4) == 0)
        s += 4, n -= 4;
    *start = s;
    return n;
}

const char *nd__url_path(const char *url)
{
    const char *s = strstr(url, "://");
    s = s ? s + 3 : url;
    s += strcspn(s, "/?#");
    return *s == '/' || *s == '?' ? s : "/";
}

int nd__url_is_http(const char *url)
{
    return url && (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0);
}
