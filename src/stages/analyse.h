/*
 * analyse.h: clean text in, words out. The tokenizer itself is text.c's (nd__tokenize, one for
 * all of newsdesk); this header is where stages that need an article's words include it from.
 */
#ifndef ND_ANALYSE_H
#define ND_ANALYSE_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"
#include "util.h"

#endif
