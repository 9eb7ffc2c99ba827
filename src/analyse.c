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

int nd__tokenize(const char *text, size_t len, nd__vec *tokens)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned char folded[8];
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80 && !nd__is_alpha(c) && !nd__is_digit(c)) {
            i++;
            continue;
        }
        int cp = c;
        size_t n = 1;
        if (c >= 0x80) {
            n = nd__utf8_sequence(s + i, len - i, &cp);
            if (n == 0 || !is_word_codepoint(cp)) {
                i += n ? n : 1;
                continue;
            }
        }
        size_t start = i, used = 0;
        uint64_t h = FNV_OFFSET;
        while (i < len) {
            c = s[i];
            if (c < 0x80) {
                if (!nd__is_alpha(c) && !nd__is_digit(c))
                    break;
                if (used++ < MAX_WORD_BYTES)
                    h = (h ^ nd__to_lower(c)) * FNV_PRIME;
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
        nd__token *token = nd__vec_push(tokens, sizeof *token);
        if (!token)
            return ND_ENOMEM;
        token->start = (uint32_t)start;
        token->end = (uint32_t)i;
        token->hash = nd__mix64(h);
    }
    return ND_OK;
}
