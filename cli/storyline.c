/*
 * storyline.c: `newsdesk storyline ID`, a storyline's stories over time, over the public header:
 * readable text, or the API's JSON with --json.
 */
#include "commands.h"
#include "view_args.h"

const char usage_storyline[] =
    "usage: newsdesk storyline [--db PATH] [--json] ID\n"
    "\n"
    "Prints a storyline (the same actors and theme over time) as a timeline of its stories.\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --json           the API's JSON (GET /api/storylines/ID) instead of text\n"
    "  -h, --help       show this help\n";

int command_storyline(int argc, char **argv, nd_options *options)
{
    (void)options;
    return view_command(argc, argv, usage_storyline, ND_VIEW_STORYLINE, "storyline");
}
