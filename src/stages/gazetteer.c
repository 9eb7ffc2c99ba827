/*
 * gazetteer.c: loads the gazetteer file (one name a line: KEY, KIND, NAME, COUNTRY, LATITUDE,
 * LONGITUDE separated by tabs; see scripts/gazetteer.py) into the hash map (util.h) of folded keys.
 *
 * The file is read whole into one buffer that the entries point into (tabs and line ends become
 * NULs), so loading is one read and one pass. Lines that do not parse are skipped: the file is
 * generated, and a damaged line should cost one name, not the run. The file is capped at
 * ND_MAX_FILE_BYTES and the table at ND__GAZETTEER_MAX_ENTRIES.
 */
#include "gazetteer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "utf8.h"
#include "util.h"

#define ND__GAZETTEER_MAX_ENTRIES (4u << 20)

struct nd_gazetteer {
    char *data;          /* the file, NUL-separated; entries point into it */
    nd__place *places;
    size_t count;
    nd__map first;       /* hash of a key -> index of its first entry (int32_t) */
};

static uint64_t key_hash(const char *key, size_t len) { return nd__hash64(key, len, 0x9a2e7c1du); }

/* Nonzero when the NUL-terminated s is valid UTF-8 without control characters: names go out
 * to users as they are, so a damaged line costs its name rather than the output's validity. */
static int clean_text(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        int cp;
        size_t n = nd__utf8_sequence((const unsigned char *)s + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || cp == 0x7F)
            return 0;
        i += n;
    }
    return 1;
}

static const char *next_field(char **cursor, char *end)
{
    char *start = *cursor, *p = start;
    while (p < end && *p != '\t' && *p != '\n')
        p++;
    if (p < end)
        *p++ = '\0';
    *cursor = p;
    return start;
}

int nd_gazetteer_load(const char *path, nd_gazetteer **out)
{
    if (!path || !out)
        return ND_EINVAL;
    *out = NULL;
    FILE *file = fopen(path, "rb");
    if (!file)
        return ND_EIO;
    nd_gazetteer *g = calloc(1, sizeof *g);
    size_t size = 0;
    int status = ND_OK;
    if (!g) {
        status = ND_ENOMEM;
        goto done;
    }
    if (fseek(file, 0, SEEK_END) != 0 || ftell(file) < 0) {
        status = ND_EIO;
        goto done;
    }
    size = (size_t)ftell(file);
    if (size > ND_MAX_FILE_BYTES) {
        status = ND_ETOOBIG;
        goto done;
    }
    rewind(file);
    g->data = malloc(size + 1);
    if (!g->data) {
        status = ND_ENOMEM;
        goto done;
    }
    if (fread(g->data, 1, size, file) != size) {
        status = ND_EIO;
        goto done;
    }
    g->data[size] = '\0';
    size_t lines = 0;
    for (size_t i = 0; i < size; i++)
        lines += g->data[i] == '\n';
    lines++;
    if (lines > ND__GAZETTEER_MAX_ENTRIES)
        lines = ND__GAZETTEER_MAX_ENTRIES;
    g->places = calloc(lines, sizeof *g->places);
    nd__map_init(&g->first, sizeof(int32_t), lines * 2, ND__GAZETTEER_MAX_ENTRIES);
    if (!g->places) {
        status = ND_ENOMEM;
        goto done;
    }
    char *cursor = g->data, *end = g->data + size;
    while (cursor < end && g->count < lines) {
        char *line_end = memchr(cursor, '\n', (size_t)(end - cursor));
        if (!line_end)
            line_end = end;
        const char *fields[6];
        int n = 0;
        while (n < 6 && cursor < line_end)
            fields[n++] = next_field(&cursor, line_end);
        cursor = line_end + 1;
        if (n < 6 || !fields[0][0] || strlen(fields[0]) > ND__GAZETTEER_MAX_KEY || !clean_text(fields[0]) ||
            !clean_text(fields[2]) || !clean_text(fields[3]))
            continue;
        nd__place *p = &g->places[g->count];
        p->kind = strcmp(fields[1], "country") == 0   ? ND__PLACE_COUNTRY
                  : strcmp(fields[1], "demonym") == 0 ? ND__PLACE_DEMONYM
                                                      : ND__PLACE_CITY;
        p->name = fields[2];
        p->country = fields[3];
        p->latitude = strtod(fields[4], NULL);
        p->longitude = strtod(fields[5], NULL);
        p->next = -1;
        /* keys are told apart by their 64-bit hashes: a collision is not worth a compare */
        int created = 0;
        int32_t *first = nd__map_put(&g->first, key_hash(fields[0], strlen(fields[0])), &created);
        if (!first) {
            status = created;
            goto done;
        }
        if (created) {
            *first = (int32_t)g->count;
        } else {
            int32_t i = *first;
            while (g->places[i].next >= 0)
                i = g->places[i].next;
            g->places[i].next = (int32_t)g->count;
        }
        g->count++;
    }
done:
    fclose(file);
    if (status != ND_OK) {
        nd_gazetteer_free(g);
        return status;
    }
    *out = g;
    return ND_OK;
}

void nd_gazetteer_free(nd_gazetteer *g)
{
    if (!g)
        return;
    free(g->data);
    free(g->places);
    nd__map_release(&g->first);
    free(g);
}

size_t nd_gazetteer_count(const nd_gazetteer *g) { return g ? g->count : 0; }

const nd__place *nd__gazetteer_find(const nd_gazetteer *g, const char *key, size_t len)
{
    if (!g || len == 0 || len > ND__GAZETTEER_MAX_KEY)
        return NULL;
    const int32_t *first = nd__map_find(&g->first, key_hash(key, len));
    return first ? &g->places[*first] : NULL;
}

const nd__place *nd__gazetteer_entry(const nd_gazetteer *g, int32_t index)
{
    return g && index >= 0 && (size_t)index < g->count ? &g->places[index] : NULL;
}
