/*
 * story.c: `newsdesk story ID`, one story as a person reads it, over the public header: readable
 * text, or the API's JSON with --json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "view_args.h"

const char usage_story[] =
    "usage: newsdesk story [--db PATH] [--json] ID\n"
    "\n"
    "Prints one story as a person reads it: headline, summary, when and where, counts, first\n"
    "report, timeline of its sources with urls, people, organisations and places, its strongest\n"
    "quotes with speakers, and the passages its articles share.\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --json           the API's JSON (GET /api/stories/ID) instead of text\n"
    "  -h, --help       show this help\n";

int command_story(int argc, char **argv, nd_options *options)
{
    (void)options;
    view_args args;
    int rc = view_parse_args(argc, argv, usage_story, 0, &args);
    if (rc != -1)
        return rc;
    return view_print_numbered(&args, usage_story, ND_VIEW_STORY, "story");
}
