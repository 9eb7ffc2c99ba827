/*
 * options.c: what belongs to the library as a whole: its version, the text of each status code
 * (from the one list in newsdesk.h) and the default options.
 */
#include <string.h>

#include "newsdesk.h"

const char *nd_version(void) { return ND_VERSION_STRING; }

const char *nd_strerror(int status)
{
    switch (status) {
#define ND__STATUS_TEXT(name, code, text) \
    case code:                            \
        return text;
        ND_STATUS_MAP(ND__STATUS_TEXT)
#undef ND__STATUS_TEXT
    }
    return "unknown status";
}

void nd_options_init(nd_options *options)
{
    memset(options, 0, sizeof *options);
    options->near_threshold = 0.6;
    options->min_passage_words = 12;
    options->template_min_articles = 3;
    options->story_threshold = 0;   /* 0 = the clusterer's own default */
    options->story_expire_days = 365;
    options->storyline_days = 1500;
    options->max_stories = 100000;
    options->copy_window = 20000;
    options->reorder_window = 4096;
    options->input_order = 0;
    options->stages = ND_STAGE_ALL;
}
