/*
 * story.c: `newsdesk story ID`, one story as a person reads it, over the public header: readable
 * text, or the API's JSON with --json.
 */
#include "commands.h"
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
    return view_command(argc, argv, usage_story, ND_VIEW_STORY, "story");
}
