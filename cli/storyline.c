/*
 * storyline.c: `newsdesk storyline ID`, a storyline's stories over time, over the public header:
 * readable text, or the API's JSON with --json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
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
    view_args args;
    int rc = view_parse_args(argc, argv, usage_storyline, 0, &args);
    if (rc != -1)
        return rc;
    return view_print_numbered(&args, usage_storyline, ND_VIEW_STORYLINE, "storyline");
}
