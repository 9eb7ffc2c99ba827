/*
 * fuzz_file.h: hands a fuzz input to a loader that takes a path. The bytes go into an anonymous
 * in-memory file (memfd), named by its /proc/self/fd path, so that the loader's own file
 * handling (open, size, read) is what gets fuzzed, with no disk traffic and nothing left behind.
 */
#ifndef ND_FUZZ_FILE_H
#define ND_FUZZ_FILE_H


#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* An in-memory file holding data[0..size), its path in `path`; returns the descriptor (close it
 * when done) or -1. */
static inline int fuzz_file(const void *data, size_t size, char *path, size_t path_size)
{
    int fd = memfd_create("fuzz", 0);
    if (fd < 0)
        return -1;
    const char *p = data;
    size_t left = size;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        p += n;
        left -= (size_t)n;
    }
    snprintf(path, path_size, "/proc/self/fd/%d", fd);
    return fd;
}

/* The whole content of descriptor fd, malloc'd (free it), its length in *size; NULL on error. */
static inline char *fuzz_file_content(int fd, size_t *size)
{
    off_t end = lseek(fd, 0, SEEK_END);
    if (end < 0 || lseek(fd, 0, SEEK_SET) < 0)
        return NULL;
    char *content = malloc((size_t)end + 1);
    size_t got = 0;
    while (content && got < (size_t)end) {
        ssize_t n = read(fd, content + got, (size_t)end - got);
        if (n <= 0) {
            free(content);
            return NULL;
        }
        got += (size_t)n;
    }
    *size = got;
    return content;
}

#endif
