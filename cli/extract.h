/*
 * extract.h: the `newsdesk extract` command (cli/extract.c).
 */
#ifndef ND_CLI_EXTRACT_H
#define ND_CLI_EXTRACT_H

#include "newsdesk.h"

/* argv[0] is "extract". Returns the exit status: 0, 1 (input skipped) or 2 (usage, engine). */
int command_extract(int argc, char **argv, nd_options *options);

#endif
