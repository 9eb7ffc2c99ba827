/*
 * entity.c: `newsdesk entity NAME`, a person, organisation or place and its stories over time,
 * over the public header: readable text, or the API's JSON with --json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
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
    view_args args;
    int rc = view_parse_args(argc, argv, usage_entity, 0, &args);
    if (rc != -1)
        return rc;
    if (args.operand_count == 0)
        return cli_usage_error(usage_entity, "%s", "no NAME given");
    char *name = view_join_operands(&args);
    if (!name)
        return 2;
    rc = view_print(&args, ND_VIEW_ENTITY, name, "entity");
    free(name);
    return rc;
}
