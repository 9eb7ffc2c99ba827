/*
 * entity.c: `newsdesk entity NAME`, a person, organisation or place and its stories over time,
 * over the public header: readable text, or the API's JSON with --json.
 */
#include "commands.h"
#include "view_args.h"

const char usage_entity[] =
    "usage: newsdesk entity [--db PATH] [--json] NAME\n"
    "\n"
    "Prints a person, organisation or place, found by its name or any variant (Bagheri finds\n"
    "Mohammad Baqeri), with its variants and its stories over time.\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --json           the API's JSON (GET /api/entities?name=NAME) instead of text\n"
    "  -h, --help       show this help\n";

int command_entity(int argc, char **argv, nd_options *options)
{
    (void)options;
    return view_command(argc, argv, usage_entity, ND_VIEW_ENTITY, "entity");
}
