/*
 * view_args.h: what the view commands (front, story, storyline, entity, search, serve) share:
 * their options, opening an existing store, and printing a view or saying why there is none.
 */
#ifndef ND_CLI_VIEW_ARGS_H
#define ND_CLI_VIEW_ARGS_H

#include "newsdesk.h"

#define MAX_OPERANDS 64

typedef struct view_args {
    const char *db;
    int json;
    nd_view_query query;
    int operand_count;      /* operands (ID, NAME, QUERY words), options may come between them */
    char *operands[MAX_OPERANDS];
} view_args;

/* A whole number option in [min, max]: -1 to go on with *out set, else the exit status after a
 * usage error. */
int view_count(const char *usage, const char *option, const char *value, long long min, long long max,
               long long *out);
/* Returns -1 to go on, else the exit status. `front` options only when `front` is set. Options
 * follow getopt_long conventions (cli_next_option): anywhere, --opt=value, --. */
int view_parse_args(int argc, char **argv, const char *usage, int front, view_args *args);
/* The operands joined by spaces, malloc'd. */
char *view_join_operands(const view_args *args);
/* Writes the view `kind` of `key` from the store at args->db as text or JSON (--json) on
 * standard output; `what` names it in errors ("story"). Returns the exit status: 0, 1 when there
 * is no such item, 2 when the store cannot be read. */
int view_print(const view_args *args, nd_view_kind kind, const char *key, const char *what);

/* As view_print for the one operand ID (a number from 1) of `story` and `storyline`; a usage
 * error when it is missing or not a number. */
int view_print_numbered(const view_args *args, const char *usage, nd_view_kind kind, const char *what);

/* A whole view command: its options, its operands (none for the front page, one ID for a story
 * or storyline, NAME or QUERY words joined by spaces for an entity or a search), then the view
 * printed. Returns the exit status. */
int view_command(int argc, char **argv, const char *usage, nd_view_kind kind, const char *what);

#endif
