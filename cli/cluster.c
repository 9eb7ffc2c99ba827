/*
 * cluster.c: `newsdesk cluster`, over the public header. Takes paths of articles; prints each
 * article's story and storyline as it streams, one JSON line per article, and can save the
 * story state at the end and load it at the start (story_run.c does the reading).
 */
#include "commands.h"
#include "story_run.h"

const char usage_cluster[] =
    "usage: newsdesk cluster [--threshold X] [--load STATE] [--save STATE] PATH...\n"
    "\n"
    "Groups articles into stories (one real-world event) and storylines (the same actors and\n"
    "theme over time), online, in order of publication date (input order where undated).\n"
    "Prints one JSON line per article:\n"
    "  {\"id\", \"story\", \"storyline\"} and \"duplicate_of\" when it is a copy of an earlier one\n"
    "(--dump-features FILE, for tools/train_stories.py, also writes every candidate's features)\n"
    "\n"
    STORY_USAGE_THRESHOLD
    "  --load STATE     continue from a state saved by an earlier run (same options)\n"
    "  --save STATE     save the state at the end, for the next run\n"
    STORY_USAGE_SHARED;

int command_cluster(int argc, char **argv, nd_options *options)
{
    story_arguments args;
    int status = story_parse(argc, argv, options, usage_cluster, &args);
    if (status >= 0)
        return status;
    story_collector col = {0};
    col.print = 1;
    status = story_run(argc, argv, options, &args, &col);
    story_collector_release(&col);
    return status;
}
