/*
 * analyse.c: the word layer under dedup (and later clustering). Takes clean UTF-8 text and gives
 * its words with offsets and case-folded hashes. ASCII words take a fast path; a word with
 * other characters is decoded and folded with utf8proc, letter by letter, so "Ä" and "ä" hash
 * alike.
 */
#include "analyse.h"

#include <utf8proc.h>

#include "newsdesk.h"
#include "utf8.h"

#define MAX_WORD_BYTES 256 /* longer runs are hashed by their first bytes */

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
    size_t room = tokens->count + len / 2 + 1;
    if (tokens->cap < room) {
        void *grown = realloc(tokens->items, room * sizeof(nd__token));
        if (!grown)
            return ND_ENOMEM;
        tokens->items = grown;
        tokens->cap = room;
    }
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
            n = nd__utf8_sequence(s + i, len - i, &cp);
            if (n == 0 || !is_word_codepoint(cp)) {
                i += n ? n : 1;
                continue;
            }
        }
        size_t start = i, used = 0;
        uint64_t h = FNV_OFFSET;
        /* Fast path for the ASCII letters and digits that make most words: up to the byte
         * limit, one table look-up and one multiply per byte. */
        size_t ascii_end = len - i < MAX_WORD_BYTES ? len : i + MAX_WORD_BYTES;
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
                if (used++ < MAX_WORD_BYTES)
                    h = (h ^ f) * FNV_PRIME;
                i++;
                continue;
            }
            n = nd__utf8_sequence(s + i, len - i, &cp);
            if (n == 0 || !is_word_codepoint(cp))
                break;
            utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_tolower(cp), folded);
            for (utf8proc_ssize_t b = 0; b < k; b++)
                if (used++ < MAX_WORD_BYTES)
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
