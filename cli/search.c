/*
 * search.c: `newsdesk search QUERY...`, full-text search of the store's stories, over the public
 * header: readable text, or the API's JSON with --json.
 */
#include "commands.h"
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
    return view_command(argc, argv, usage_search, ND_VIEW_SEARCH, "search");
}
