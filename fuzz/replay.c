/*
 * replay.c: runs a fuzz harness over saved inputs without libFuzzer (after zstd's
 * tests/fuzz/regression_driver.c).
 *
 *     replay_html fuzz/corpus/html [MORE_DIRECTORIES_OR_FILES...]
 *
 * Linked with one harness, it calls LLVMFuzzerTestOneInput once on every regular file of each
 * directory given (in name order, hidden files skipped; not recursive) or on each file given.
 * Each input gets a buffer of exactly its size, so that under AddressSanitizer a read one byte
 * past the input is caught as it would be by the fuzzer. A harness that finds a broken invariant
 * aborts, so an input "passes" when the call returns; an unreadable file or directory, or an
 * argument list that names no input at all, is a failure. Ends with "N passed, N failed".
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int passed, failed;

/* Reads a whole file into a buffer of exactly its size (a 1-byte buffer for an empty file, so
 * that the pointer is never NULL, as with libFuzzer). */
static uint8_t *read_whole(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    uint8_t *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            size_t grown_cap = cap ? cap * 2 : 4096;
            uint8_t *grown = realloc(data, grown_cap);
            if (!grown) {
                free(data);
                fclose(file);
                return NULL;
            }
            data = grown, cap = grown_cap;
        }
        size_t got = fread(data + len, 1, cap - len, file);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(file);
    fclose(file);
    if (bad) {
        free(data);
        return NULL;
    }
    uint8_t *exact = malloc(len ? len : 1);
    if (exact && len)
        memcpy(exact, data, len);
    free(data);
    *size = len;
    return exact;
}

static void run_file(const char *path)
{
    size_t size = 0;
    uint8_t *data = read_whole(path, &size);
    if (!data) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        failed++;
        return;
    }
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    passed++;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_directory(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir) {
        fprintf(stderr, "replay: %s: cannot open directory\n", path);
        failed++;
        return;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        size_t len = strlen(path) + 1 + strlen(entry->d_name) + 1;
        names[count] = malloc(len);
        if (!names[count])
            break;
        snprintf(names[count], len, "%s/%s", path, entry->d_name);
        count++;
    }
    closedir(dir);
    qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            run_file(names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIRECTORY_OR_FILE...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: no such file or directory\n", argv[i]);
            failed++;
        } else if (S_ISDIR(st.st_mode)) {
            run_directory(argv[i]);
        } else {
            run_file(argv[i]);
        }
    }
    if (passed + failed == 0) {
        fprintf(stderr, "replay: no inputs found\n");
        failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
