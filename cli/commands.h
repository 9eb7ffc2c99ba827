/*
 * commands.h: the commands of the newsdesk CLI, one file each (main.c dispatches), each taking
 * the command's own argv (argv[0] is the command name) and the options main prepared, and giving
 * the exit status (0, 1 when input was skipped, 2 on usage or engine errors). Each command's
 * usage_NAME text is what --help prints.
 */
#ifndef ND_CLI_COMMANDS_H
#define ND_CLI_COMMANDS_H

#include "newsdesk.h"

/* newsdesk clean (cli/clean.c): each article's clean text. */
int command_clean(int argc, char **argv, nd_options *options);
/* newsdesk dedup (cli/dedup.c): one JSON line per related pair. */
int command_dedup(int argc, char **argv, nd_options *options);
extern const char usage_clean[], usage_dedup[];

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

/* newsdesk watch: follows feeds into the store; newsdesk feeds: the feed list (cli/watch.c). */
int command_watch(int argc, char **argv, nd_options *options);
int command_feeds(int argc, char **argv, nd_options *options);
extern const char usage_watch[], usage_feeds[];
/* The views of the store (cli/front.c, story.c, storyline.c, entity.c, search.c): readable
 * text, or the API's JSON with --json. */
int command_front(int argc, char **argv, nd_options *options);
int command_story(int argc, char **argv, nd_options *options);
int command_storyline(int argc, char **argv, nd_options *options);
int command_entity(int argc, char **argv, nd_options *options);
int command_search(int argc, char **argv, nd_options *options);
/* newsdesk serve: the HTTP server (JSON API, pages, Atom feed) over the store. */
int command_serve(int argc, char **argv, nd_options *options);

extern const char usage_front[], usage_story[], usage_storyline[], usage_entity[], usage_search[], usage_serve[];

#endif
