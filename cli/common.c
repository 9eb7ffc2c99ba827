/*
 * common.c: the pieces every command shares (see common.h).
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_read_paths(nd_desk *desk, char **paths, int count)
{
    int status = 0;
    for (int i = 0; i < count; i++) {
        int rc = nd_desk_read_path(desk, paths[i]);
        if (rc == ND_ESKIPPED)
            status = 1;
        else if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: %s: %s\n", paths[i], nd_strerror(rc));
            return 2;
        }
    }
    return status;
}

int cli_usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "newsdesk: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage);
    return 2;
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

int cli_load_gazetteer(const char *explicit_path, const char *command, int report_missing,
                       nd_gazetteer **out)
{
    *out = NULL;
    char *found = NULL;
    const char *path = explicit_path ? explicit_path : getenv("NEWSDESK_GAZETTEER");
    if (!path || !path[0])
        path = found = cli_beside_executable("gazetteer/places.tsv");
    int rc = path ? nd_gazetteer_load(path, out) : ND_EIO;
    int status = 0;
    if (rc != ND_OK && explicit_path) {
        fprintf(stderr, "newsdesk: %s: %s\n", explicit_path, nd_strerror(rc));
        status = 2;
    } else if (rc != ND_OK && report_missing) {
        fprintf(stderr, "newsdesk: %s: no gazetteer at %s (run scripts/gazetteer.sh); places come "
                        "from text cues only\n", command, path ? path : "gazetteer/places.tsv");
    }
    free(found);
    return status;
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
