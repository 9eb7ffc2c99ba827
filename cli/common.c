/*
 * common.c: the pieces every command shares (see common.h).
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int cli_read_paths(nd_engine *engine, char **paths, int count)
{
    int status = 0;
    for (int i = 0; i < count; i++) {
        int rc = nd_engine_read_path(engine, paths[i]);
        if (rc == ND_ESKIPPED)
            status = 1;
        else if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: %s: %s\n", paths[i], nd_strerror(rc == ND_ESTOPPED ? ND_ENOMEM : rc));
            return 2;
        }
    }
    int rc = nd_engine_finish(engine);
    if (rc != ND_OK) {
        fprintf(stderr, "newsdesk: %s\n", nd_strerror(rc == ND_ESTOPPED ? ND_ENOMEM : rc));
        return 2;
    }
    return status;
}

/* The command's name in its usage text ("usage: newsdesk NAME ..."), as length and pointer. */
static const char *command_name(const char *usage, int *len)
{
    static const char prefix[] = "usage: newsdesk ";
    const char *name = strncmp(usage, prefix, sizeof prefix - 1) == 0 ? usage + sizeof prefix - 1 : "";
    *len = name[0] == '[' ? 0 : (int)strcspn(name, " \n"); /* the main usage names no command */
    return name;
}

int cli_usage_error(const char *usage, const char *fmt, const char *arg)
{
    int name_len;
    const char *name = command_name(usage, &name_len);
    fprintf(stderr, "newsdesk%s%.*s: ", name_len ? " " : "", name_len, name);
    fprintf(stderr, fmt, arg);
    /* The short usage: the usage text up to its first blank line. */
    const char *blank = strstr(usage, "\n\n");
    int short_len = blank ? (int)(blank - usage) + 1 : (int)strlen(usage);
    fprintf(stderr, "\n%.*sTry 'newsdesk %.*s%s--help' for more information.\n", short_len, usage, name_len,
            name, name_len ? " " : "");
    return 2;
}

void cli_options_begin(void)
{
    optind = 0; /* glibc: 0 starts over, forgetting any half-read group of short options */
    opterr = 0; /* the messages are ours */
}

/* Nonzero when `name` (up to '=' or its end) is a long option that takes no value. */
static int takes_no_value(const struct option *longs, const char *name)
{
    size_t len = strcspn(name, "=");
    for (const struct option *o = longs; o->name; o++)
        if (strncmp(o->name, name, len) == 0 && o->has_arg == no_argument)
            return 1;
    return 0;
}

int cli_next_option(int argc, char **argv, const char *shorts, const struct option *longs,
                    const char *usage, int *status)
{
    char spec[64];
    snprintf(spec, sizeof spec, ":%s", shorts); /* ':' first: a missing value gives ':' */
    int c = getopt_long(argc, argv, spec, longs, NULL);
    const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
    if (c == 'h') {
        fputs(usage, stdout);
        *status = 0;
        return CLI_EXIT;
    }
    if (c == ':') {
        char option[3] = {'-', (char)optopt, '\0'};
        *status = cli_usage_error(usage, "option '%s' needs a value",
                                  strncmp(arg, "--", 2) == 0 || !optopt ? arg : option);
        return CLI_EXIT;
    }
    if (c == '?') {
        char option[3] = {'-', (char)optopt, '\0'};
        if (strncmp(arg, "--", 2) == 0 && strchr(arg, '=') && takes_no_value(longs, arg + 2)) {
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
            *status = cli_usage_error(usage, "option '%s' takes no value", name);
        } else if (strncmp(arg, "--", 2) == 0) {
            *status = cli_usage_error(usage, "unknown option '%s' (or a prefix of more than one)", arg);
        } else {
            *status = cli_usage_error(usage, "unknown option '%s'", option);
        }
        return CLI_EXIT;
    }
    return c;
}

int cli_number(const char *usage, const char *option, const char *text, double min, int above_min,
               double max, double *out)
{
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    if (!end || end == text || *end || errno == ERANGE || !(above_min ? value > min : value >= min) ||
        !(value <= max)) {
        char message[160];
        snprintf(message, sizeof message, "%s takes a number in %c%g, %g], not '%%s'", option,
                 above_min ? '(' : '[', min, max);
        return cli_usage_error(usage, message, text);
    }
    *out = value;
    return 0;
}

int cli_whole(const char *usage, const char *option, const char *text, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (!end || end == text || *end || errno == ERANGE || value < min || value > max) {
        char message[160];
        snprintf(message, sizeof message, "%s takes a whole number from %ld to %ld, not '%%s'", option, min, max);
        return cli_usage_error(usage, message, text);
    }
    *out = value;
    return 0;
}

int cli_check_writable(const char *usage, const char *option, const char *path)
{
    int name_len;
    const char *name = command_name(usage, &name_len);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "newsdesk %.*s: %s %s: is a directory\n", name_len, name, option, path);
        return 2;
    }
    if (stat(path, &st) == 0 && access(path, W_OK) != 0) {
        fprintf(stderr, "newsdesk %.*s: %s %s: cannot write: %s\n", name_len, name, option, path, strerror(errno));
        return 2;
    }
    const char *slash = strrchr(path, '/');
    char directory[4096];
    if (!slash)
        snprintf(directory, sizeof directory, ".");
    else
        snprintf(directory, sizeof directory, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (stat(directory, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "newsdesk %.*s: %s %s: no directory %s\n", name_len, name, option, path, directory);
        return 2;
    }
    if (access(directory, W_OK) != 0) {
        fprintf(stderr, "newsdesk %.*s: %s %s: cannot write in %s: %s\n", name_len, name, option, path, directory,
                strerror(errno));
        return 2;
    }
    return 0;
}

char *cli_beside_executable(const char *relative)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    size_t need = strlen(exe) + 1 + strlen(relative) + 1;
    char *path = malloc(need);
    if (path)
        snprintf(path, need, "%s/%s", exe, relative);
    return path;
}

#ifndef ND_DATA_DIR
#define ND_DATA_DIR "/usr/local/share/newsdesk"
#endif

int cli_load_gazetteer(const char *explicit_path, const char *command, int report_missing,
                       nd_gazetteer **out)
{
    *out = NULL;
    if (explicit_path && strcmp(explicit_path, "none") == 0)
        return 0;
    const char *path = explicit_path ? explicit_path : getenv("NEWSDESK_GAZETTEER");
    int rc = ND_EIO;
    if (path && path[0]) {
        rc = nd_gazetteer_load(path, out);
    } else {
        /* The build's copy beside the executable, then the installed one: beside the executable
         * (a moved installation) and where `make install` put it. */
        char *candidates[3] = {cli_beside_executable("gazetteer/places.tsv"),
                               cli_beside_executable("../share/newsdesk/places.tsv"), NULL};
        const char *installed = ND_DATA_DIR "/places.tsv";
        for (int i = 0; i < 3 && rc != ND_OK; i++) {
            const char *candidate = i < 2 ? candidates[i] : installed;
            if (candidate)
                rc = nd_gazetteer_load(candidate, out);
        }
        free(candidates[0]);
        free(candidates[1]);
    }
    if (rc != ND_OK && explicit_path) {
        fprintf(stderr, "newsdesk %s: --gazetteer %s: %s\n", command, explicit_path, nd_strerror(rc));
        return 2;
    }
    if (rc != ND_OK && path && path[0]) {
        fprintf(stderr, "newsdesk %s: NEWSDESK_GAZETTEER=%s: %s; places come from text cues only\n", command,
                path, nd_strerror(rc));
    } else if (rc != ND_OK && report_missing) {
        fprintf(stderr, "newsdesk %s: no gazetteer found (looked beside the executable and in %s; build "
                        "one with scripts/gazetteer.sh, or give --gazetteer FILE, or --gazetteer none "
                        "to run without); places come from text cues only, and stories may differ\n",
                command, ND_DATA_DIR);
    }
    return 0;
}

/* Loads the learned join decision: --weights, else $NEWSDESK_STORY_WEIGHTS, else
 * story_weights.txt beside the executable (the build copies data/story_weights.txt there), else
 * ../share/newsdesk/story_weights.txt from it (make install). Returns the exit status so far. */
int cli_load_story_weights(nd_cluster *cluster, const char *explicit_path, int hand_tuned, char **used)
{
    if (used)
        *used = NULL;
    if (hand_tuned)
        return 0;
    char *found[2] = {NULL, NULL};
    const char *path = explicit_path ? explicit_path : getenv("NEWSDESK_STORY_WEIGHTS");
    const char *tried = path;
    int rc = ND_EIO;
    size_t line = 0;
    if (path && path[0])
        rc = nd_cluster_load_weights(cluster, path, &line);
    else {
        found[0] = cli_beside_executable("story_weights.txt");
        found[1] = cli_beside_executable("../share/newsdesk/story_weights.txt");
        for (int i = 0; i < 2 && rc == ND_EIO; i++)
            if (found[i]) {
                tried = path = found[i];
                rc = nd_cluster_load_weights(cluster, path, &line);
            }
    }
    int status = 0;
    if (rc == ND_EIO && !(explicit_path || (getenv("NEWSDESK_STORY_WEIGHTS") && getenv("NEWSDESK_STORY_WEIGHTS")[0]))) {
        /* None where the build or `make install` puts them (a copied binary): the hand-tuned
         * rule decides, and the user is told, as for a missing gazetteer. */
        fprintf(stderr, "newsdesk: no story weights found beside the executable or in ../share/newsdesk; "
                        "the hand-tuned rule decides (give --weights FILE, or --hand-tuned to say so)\n");
        free(found[0]);
        free(found[1]);
        return 0;
    }
    if (rc == ND_EFORMAT && line)
        fprintf(stderr, "newsdesk: %s:%zu: damaged story weights (rebuild with 'make train-stories')\n", path, line);
    else if (rc == ND_EFORMAT)
        fprintf(stderr, "newsdesk: %s: damaged story weights: lines missing (rebuild with 'make "
                        "train-stories')\n", path);
    else if (rc != ND_OK)
        fprintf(stderr, "newsdesk: %s: no story weights (%s); give --weights FILE, or --hand-tuned\n",
                tried ? tried : "story_weights.txt", nd_strerror(rc));
    if (rc != ND_OK)
        status = 2;
    if (rc == ND_OK && used && !(*used = strdup(path)))
        status = 2;
    free(found[0]);
    free(found[1]);
    return status;
}

/* ---- the store and progress ------------------------------------------------------------------ */
int cli_store_is_url(const char *db)
{
    return !strncmp(db, "postgresql://", 13) || !strncmp(db, "postgres://", 11);
}

const char *cli_default_db(void)
{
    const char *env = getenv("NEWSDESK_DB");
    return env && *env ? env : ND_STORE_DEFAULT_PATH;
}

int cli_store_exists(const char *db) { return cli_store_is_url(db) || access(db, F_OK) == 0; }


/* ---- output shared by every command ------------------------------------------------------------ */
void cli_print_diagnostic(void *user, const char *where, long line, int status, const char *message)
{
    (void)user;
    (void)status;
    if (line > 0)
        fprintf(stderr, "newsdesk: %s:%ld: %s\n", where, line, message);
    else
        fprintf(stderr, "newsdesk: %s: %s\n", where, message);
}

void cli_progress(void *user, const char *phase, size_t done, size_t total)
{
    (void)user;
    static struct timespec last;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!isatty(STDERR_FILENO) ||
        ((now.tv_sec - last.tv_sec) * 1000000000L + (now.tv_nsec - last.tv_nsec) < 200000000L && done != total))
        return;
    last = now;
    if (!total) {
        fprintf(stderr, "\rnewsdesk: %s %zu articles\033[K", phase, done);
        return;
    }
    enum { WIDTH = 30 };
    int filled = (int)((double)WIDTH * (double)done / (double)total);
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\rnewsdesk: %s [%s] %3d%% %zu/%zu\033[K", phase, bar, (int)(100.0 * done / total), done,
            total);
}

void cli_progress_end(void)
{
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
}

int cli_open_store(const char *path, nd_store **store)
{
    int rc = nd_store_open(path, store);
    if (rc != ND_OK) {
        fprintf(stderr, "newsdesk: %s: %s\n", path,
                rc == ND_EFORMAT ? "not a newsdesk store, or one written by a newer newsdesk" : nd_strerror(rc));
        return 2;
    }
    return 0;
}
