/*
 * commands.h: the commands of the newsdesk CLI that live outside main.c, each taking the
 * command's own argv (argv[0] is the command name) and the options main prepared, and giving
 * the exit status (0, 1 when input was skipped, 2 on usage or engine errors).
 */
#ifndef ND_CLI_COMMANDS_H
#define ND_CLI_COMMANDS_H

#include "newsdesk.h"

/* newsdesk cluster: one JSON line per article with its story and storyline. */
int command_cluster(int argc, char **argv, nd_options *options);
/* newsdesk stories: one JSON line per story: members, time span, top features, and why each
 * member joined. */
int command_stories(int argc, char **argv, nd_options *options);
/* newsdesk eval --gold GOLD.jsonl: clusters and scores against gold stories (as score.py). */
int command_eval(int argc, char **argv, nd_options *options);

extern const char usage_cluster[], usage_stories[], usage_eval[];

/* newsdesk ingest: articles into the store (--db), grouped into stories as cluster would. */
int command_ingest(int argc, char **argv, nd_options *options);
/* newsdesk export: one JSON line per stored article with its story, as cluster prints. */
int command_export(int argc, char **argv, nd_options *options);

extern const char usage_ingest[], usage_export[];

#endif
