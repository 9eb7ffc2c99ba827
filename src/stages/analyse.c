/*
 * analyse.c: the word layer under the stages. The tokenizer lives in text.c; what is built on
 * it per article is here.
 */
#include "analyse.h"
