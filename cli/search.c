/*
 * search.c: `newsdesk search QUERY...`, full-text search of the store's stories, over the public
 * header: readable text, or the API's JSON with --json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "view_args.h"

const char usage_search[] =
    "usage: newsdesk search [--db PATH] [--limit N] [--offset N] [--json] QUERY...\n"
    "\n"
    "Full-text search (SQLite FTS5, ranked by BM25) over titles and clean text: stories whose\n"
    "articles hold every word of QUERY (or, when none does, any word), best first, each with a\n"
    "snippet of its best article, matches marked [like this].\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --limit N        results to show (default 20)\n"
    "  --offset N       skip the first N\n"
    "  --json           the API's JSON (GET /api/search?q=QUERY) instead of text\n"
    "  -h, --help       show this help\n";

int command_search(int argc, char **argv, nd_options *options)
{
    (void)options;
    view_args args;
    int rc = view_parse_args(argc, argv, usage_search, 0, &args);
    if (rc != -1)
        return rc;
    if (args.operand_count == 0)
        return cli_usage_error(usage_search, "%s", "no QUERY given");
    char *text = view_join_operands(&args);
    if (!text)
        return 2;
    rc = view_print(&args, ND_VIEW_SEARCH, text, "search");
    free(text);
    return rc;
}
