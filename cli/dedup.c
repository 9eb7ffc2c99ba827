/*
 * dedup.c: `newsdesk dedup`: one JSON line per related pair (exact and near copies, shared
 * passages). An engine running the copies stage only, in input order.
 */
#include <stdio.h>

#include "commands.h"
#include "common.h"
#include "json.h"
#include "newsdesk.h"

const char usage_dedup[] =
    "usage: newsdesk dedup [--threshold X] [--min-words N] PATH...\n"
    "\n"
    "Prints one JSON line per related pair of articles:\n"
    "  {\"a\", \"b\", \"relation\": \"exact\"|\"near\"|\"passages\", \"similarity\", \"first\",\n"
    "   \"passages\": [{\"words\", \"a\": [start, end], \"b\": [start, end], \"text\"}]}\n"
    "Offsets are bytes in each article's clean text (see 'newsdesk clean').\n"
    "\n"
    "  --threshold X    estimated Jaccard similarity for near copies (default 0.6)\n"
    "  --min-words N    shortest shared passage, in words (default 12)\n"
    "  -h, --help       show this help\n";

/* ---- dedup ---------------------------------------------------------------------------------- */
static void print_pair(const nd_pair *pair)
{
    json_writer w = {stdout, 0};
    json_begin_object(&w, NULL);
    json_cstring(&w, "a", pair->a);
    json_cstring(&w, "b", pair->b);
    json_cstring(&w, "relation", nd_relation_name(pair->relation));
    json_number(&w, "similarity", pair->similarity);
    json_cstring(&w, "first", pair->first);
    json_begin_array(&w, "passages");
    const char *a_body = pair->a_body;
    for (size_t i = 0; i < pair->passage_count; i++) {
        const nd_passage *p = &pair->passages[i];
        json_begin_object(&w, NULL);
        json_integer(&w, "words", (long long)p->words);
        json_begin_array(&w, "a");
        json_integer(&w, NULL, (long long)p->a_start);
        json_integer(&w, NULL, (long long)p->a_end);
        json_end_array(&w);
        json_begin_array(&w, "b");
        json_integer(&w, NULL, (long long)p->b_start);
        json_integer(&w, NULL, (long long)p->b_end);
        json_end_array(&w);
        json_string(&w, "text", a_body + p->a_start, p->a_end - p->a_start);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    json_end_line(&w);
}

static int print_pairs(void *user, const nd_result *result)
{
    (void)user;
    for (size_t i = 0; i < result->pair_count; i++)
        print_pair(&result->pairs[i]);
    return 0;
}

int command_dedup(int argc, char **argv, nd_options *options)
{
    static const struct option longs[] = {{"threshold", required_argument, NULL, 't'},
                                          {"min-words", required_argument, NULL, 'w'},
                                          CLI_HELP_OPTION, {NULL, 0, NULL, 0}};
    int c, status;
    long words;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", longs, usage_dedup, &status)) != -1) {
        if (c == CLI_EXIT)
            return status;
        if (c == 't' && cli_number(usage_dedup, "--threshold", optarg, 0, 1, 1, &options->near_threshold))
            return 2;
        if (c == 'w' && cli_whole(usage_dedup, "--min-words", optarg, 1, 10000, &words))
            return 2;
        if (c == 'w')
            options->min_passage_words = (int)words;
    }
    int first_path = optind;
    if (first_path >= argc)
        return cli_usage_error(usage_dedup, "%s", "no PATH given");
    /* input order; templates counted over the reorder window around each article */
    options->stages = ND_STAGE_COPIES;
    options->input_order = 1;
    nd_engine *engine = nd_engine_new(options, NULL, print_pairs, NULL);
    if (!engine)
        return cli_usage_error(usage_dedup, "%s", nd_strerror(ND_ENOMEM));
    status = cli_read_paths(engine, argv + first_path, argc - first_path);
    nd_engine_free(engine);
    return status;
}
