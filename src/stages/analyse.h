/*
 * analyse.h: clean text in, words out: each with its byte offsets and a hash of its case-folded
 * form, so later stages compare words without copying them.
 */
#ifndef ND_ANALYSE_H
#define ND_ANALYSE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct nd__token {
    uint32_t start, end; /* byte offsets in the text, end exclusive */
    uint64_t hash;       /* of the case-folded word */
} nd__token;

/* Splits text[0..len) into words (runs of letters and digits; "al-Freij" is two words) and
 * appends them to `tokens` (an nd__vec of nd__token). Returns ND_OK or ND_ENOMEM. */
int nd__tokenize(const char *text, size_t len, nd__vec *tokens);

#endif
