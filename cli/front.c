/*
 * front.c: `newsdesk front`, the front page (or the hot stories) of the store, over the public
 * header: readable text, or the API's JSON with --json.
 */
#include "commands.h"
#include "view_args.h"

const char usage_front[] =
    "usage: newsdesk front [--db PATH] [--since DATE] [--until DATE] [--limit N] [--offset N]\n"
    "                      [--hot] [--window HOURS] [--now TIME] [--json]\n"
    "\n"
    "Prints the front page: the stories of the store ranked by coverage (outlets, articles) and\n"
    "recency, each with its headline, when and where, counts, first report and summary.\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --since DATE     only stories with an article published from DATE (YYYY-MM-DD[THH:MM])\n"
    "  --until DATE     only stories that began by DATE\n"
    "  --limit N        stories to show (default 20, at most 1000)\n"
    "  --offset N       skip the first N (for paging)\n"
    "  --hot            only stories whose coverage is rising fastest now, hottest first: outlets\n"
    "                   and articles in the last hours against the story's own earlier rate and\n"
    "                   the desk's usual rate\n"
    "  --window HOURS   the recent window for --hot (default 3)\n"
    "  --now TIME       the desk's clock for --hot (default: the latest publication time stored)\n"
    "  --json           the API's JSON (GET /api/stories) instead of text\n"
    "  -h, --help       show this help\n";

int command_front(int argc, char **argv, nd_options *options)
{
    (void)options;
    return view_command(argc, argv, usage_front, ND_VIEW_FRONT, "front page");
}
