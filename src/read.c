/*
 * read.c: the first stage. Takes paths (files, directories walked recursively in name order,
 * "-" for standard input) or buffers, detects each input's format from its content and hands
 * one raw article at a time to the desk: a JSON Lines file gives one per line, an HTML or plain
 * text file gives one. JSON Lines are streamed a line at a time, so a file of any size is read
 * in bounded memory; other files are read whole up to ND_MAX_FILE_BYTES.
 *
 * Nothing here stops a run: an unreadable, empty or binary file, a bad or over-long line is
 * reported through the desk's diagnostic callback and skipped, and reading goes on.
 */
#include "read.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "html.h"
#include "limits.h"

#define SNIFF_BYTES 8192

nd__format nd__detect_format(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && nd__is_space((unsigned char)data[i]))
        i++;
    if (i == len)
        return ND__FORMAT_EMPTY;
    size_t probe = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    size_t controls = 0;
    for (size_t k = 0; k < probe; k++) {
        unsigned char c = (unsigned char)data[k];
        if (c == 0)
            return ND__FORMAT_BINARY;
        if (c < 0x20 && !nd__is_space(c))
            controls++;
    }
    if (controls * 10 > probe)
        return ND__FORMAT_BINARY;
    if (data[i] == '{')
        return ND__FORMAT_JSONL;
    if (nd__html_sniff(data + i, len - i))
        return ND__FORMAT_HTML;
    return ND__FORMAT_TEXT;
}

/* Only running out of memory stops a read; a skipped article has been reported already. */
static int fatal_only(int rc) { return rc == ND_ENOMEM ? rc : ND_OK; }

/* The article id of a file: its base name without the last extension. */
static void id_from_name(const char *name, const char **id, size_t *id_len)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    const char *dot = strrchr(base, '.');
    *id = base;
    *id_len = (dot && dot > base) ? (size_t)(dot - base) : strlen(base);
}

static int is_date(const char *s, size_t len)
{
    static const char shape[] = "dddd-dd-dd";
    if (len < 10)
        return 0;
    for (size_t i = 0; i < 10; i++) {
        if (shape[i] == 'd' ? !nd__is_digit((unsigned char)s[i]) : s[i] != '-')
            return 0;
    }
    return 1;
}

/* A plain text file: an optional " date YYYY-MM-DD" header, then the article. */
static int add_text(nd_desk *desk, const char *name, const char *data, size_t len)
{
    nd__raw_article raw = {0};
    id_from_name(name, &raw.id, &raw.id_len);
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t'))
        i++;
    if (len - i > 5 && memcmp(data + i, "date ", 5) == 0 && is_date(data + i + 5, len - i - 5)) {
        raw.published = data + i + 5;
        raw.published_len = 10;
        i += 15;
        data += i;
        len -= i;
    }
    raw.text = data;
    raw.text_len = len;
    return nd__desk_add(desk, &raw, name, 0);
}

static int add_html(nd_desk *desk, const char *name, const char *data, size_t len)
{
    nd__raw_article raw = {0};
    id_from_name(name, &raw.id, &raw.id_len);
    raw.text = data;
    raw.text_len = len;
    raw.text_is_html = 1;
    return nd__desk_add(desk, &raw, name, 0);
}

static const char *json_string(cJSON *object, const char *key, size_t *len)
{
    cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!cJSON_IsString(item) || !item->valuestring) {
        *len = 0;
        return NULL;
    }
    *len = strlen(item->valuestring);
    return item->valuestring;
}

int nd__parse_json_article(const char *line, size_t len, cJSON **json, nd__raw_article *raw,
                           const char **why)
{
    memset(raw, 0, sizeof *raw);
    *json = cJSON_ParseWithLength(line, len);
    if (!*json) {
        *why = "not valid JSON";
        return ND_EFORMAT;
    }
    if (!cJSON_IsObject(*json)) {
        *why = "not a JSON object";
        return ND_EFORMAT;
    }
    cJSON *id = cJSON_GetObjectItemCaseSensitive(*json, "id");
    if (cJSON_IsNumber(id)) {
        /* Numbers become their decimal text so that ids stay strings everywhere else. */
        char digits[32];
        snprintf(digits, sizeof digits, "%.17g", id->valuedouble);
        cJSON *text_id = cJSON_CreateString(digits);
        if (!text_id || !cJSON_ReplaceItemInObjectCaseSensitive(*json, "id", text_id)) {
            cJSON_Delete(text_id);
            *why = "out of memory";
            return ND_ENOMEM;
        }
    }
    raw->id = json_string(*json, "id", &raw->id_len);
    if (!raw->id || raw->id_len == 0) {
        *why = "missing \"id\"";
        return ND_EFORMAT;
    }
    raw->title = json_string(*json, "title", &raw->title_len);
    raw->published = json_string(*json, "published", &raw->published_len);
    raw->source = json_string(*json, "source", &raw->source_len);
    raw->url = json_string(*json, "url", &raw->url_len);
    raw->text = json_string(*json, "text", &raw->text_len);
    if (!raw->text) {
        raw->text = json_string(*json, "html", &raw->text_len);
        raw->text_is_html = raw->text != NULL;
    }
    return ND_OK;
}

static int add_json_line(nd_desk *desk, const char *name, long line_number, const char *line,
                         size_t len)
{
    size_t i = 0;
    while (i < len && nd__is_space((unsigned char)line[i]))
        i++;
    if (i == len)
        return ND_OK; /* blank lines are allowed */
    cJSON *json = NULL;
    nd__raw_article raw;
    const char *why = NULL;
    int rc = nd__parse_json_article(line, len, &json, &raw, &why);
    if (rc == ND_OK)
        rc = fatal_only(nd__desk_add(desk, &raw, name, line_number));
    else {
        nd__diagnose(desk, name, line_number, rc, "%s; line skipped", why);
        desk->skipped++;
    }
    cJSON_Delete(json);
    return rc == ND_ENOMEM ? rc : ND_OK;
}

/* Splits a JSON Lines buffer into lines; used for buffers and for the streamed reader. */
static int add_json_lines(nd_desk *desk, const char *name, const char *data, size_t len,
                          long *line_number)
{
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(data + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - data) : len;
        ++*line_number;
        if (end - start > ND_MAX_LINE_BYTES) {
            nd__diagnose(desk, name, *line_number, ND_ETOOBIG, "line longer than %u bytes; skipped",
                         ND_MAX_LINE_BYTES);
            desk->skipped++;
        } else {
            int rc = add_json_line(desk, name, *line_number, data + start, end - start);
            if (rc == ND_ENOMEM)
                return rc;
        }
        start = end + 1;
    }
    return ND_OK;
}

static int add_whole(nd_desk *desk, const char *name, const char *data, size_t len)
{
    switch (nd__detect_format(data, len)) {
    case ND__FORMAT_EMPTY:
        nd__diagnose(desk, name, 0, ND_EEMPTY, "empty file; skipped");
        desk->skipped++;
        return ND_OK;
    case ND__FORMAT_BINARY:
        nd__diagnose(desk, name, 0, ND_EBINARY, "binary file; skipped");
        desk->skipped++;
        return ND_OK;
    case ND__FORMAT_JSONL: {
        long line_number = 0;
        return add_json_lines(desk, name, data, len, &line_number);
    }
    case ND__FORMAT_HTML:
        return fatal_only(add_html(desk, name, data, len));
    case ND__FORMAT_TEXT:
        break;
    }
    return fatal_only(add_text(desk, name, data, len));
}

int nd__read_buffer(nd_desk *desk, const char *name, const char *data, size_t len)
{
    return add_whole(desk, name, data, len);
}

/* Reads a JSON Lines stream line by line; `head` holds the bytes already read for sniffing. */
static int stream_json_lines(nd_desk *desk, const char *name, FILE *file, nd__buf *head)
{
    nd__buf line;
    nd__buf_init(&line, ND_MAX_LINE_BYTES);
    long line_number = 0;
    int rc = ND_OK, too_long = 0;
    char chunk[65536];
    const char *data = head->data;
    size_t len = head->len;
    for (;;) {
        size_t start = 0;
        while (start < len && rc != ND_ENOMEM) {
            const char *nl = memchr(data + start, '\n', len - start);
            size_t end = nl ? (size_t)(nl - data) : len;
            if (!too_long) {
                int arc = nd__buf_append(&line, data + start, end - start);
                if (arc == ND_ETOOBIG)
                    too_long = 1;
                else if (arc != ND_OK)
                    rc = arc;
            }
            if (nl) {
                line_number++;
                if (too_long) {
                    nd__diagnose(desk, name, line_number, ND_ETOOBIG,
                                 "line longer than %u bytes; skipped", ND_MAX_LINE_BYTES);
                    desk->skipped++;
                } else if (rc == ND_OK) {
                    rc = add_json_line(desk, name, line_number, line.data ? line.data : "", line.len);
                }
                too_long = 0;
                nd__buf_reset(&line);
            }
            start = end + (nl ? 1 : 0);
        }
        if (rc == ND_ENOMEM)
            break;
        len = fread(chunk, 1, sizeof chunk, file);
        data = chunk;
        if (len == 0)
            break;
    }
    if (rc == ND_OK && (line.len > 0 || too_long)) {
        line_number++;
        if (too_long) {
            nd__diagnose(desk, name, line_number, ND_ETOOBIG, "line longer than %u bytes; skipped",
                         ND_MAX_LINE_BYTES);
            desk->skipped++;
        } else {
            rc = add_json_line(desk, name, line_number, line.data, line.len);
        }
    }
    if (ferror(file)) {
        nd__diagnose(desk, name, line_number, ND_EIO, "read error: %s", strerror(errno));
        desk->skipped++;
    }
    nd__buf_release(&line);
    return rc;
}

static int read_stream(nd_desk *desk, const char *name, FILE *file)
{
    nd__buf head;
    nd__buf_init(&head, ND_MAX_FILE_BYTES);
    char chunk[65536];
    size_t got = fread(chunk, 1, SNIFF_BYTES, file);
    int rc = nd__buf_append(&head, chunk, got);
    if (rc == ND_OK && nd__detect_format(head.data ? head.data : "", head.len) == ND__FORMAT_JSONL) {
        rc = stream_json_lines(desk, name, file, &head);
        nd__buf_release(&head);
        return rc;
    }
    while (rc == ND_OK && (got = fread(chunk, 1, sizeof chunk, file)) > 0)
        rc = nd__buf_append(&head, chunk, got);
    if (rc == ND_ETOOBIG) {
        nd__diagnose(desk, name, 0, rc, "file larger than %u bytes; skipped", ND_MAX_FILE_BYTES);
        desk->skipped++;
        rc = ND_OK;
    } else if (ferror(file)) {
        nd__diagnose(desk, name, 0, ND_EIO, "read error: %s", strerror(errno));
        desk->skipped++;
    } else if (rc == ND_OK) {
        rc = add_whole(desk, name, head.data ? head.data : "", head.len);
    }
    nd__buf_release(&head);
    return rc;
}

static int read_file(nd_desk *desk, const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        nd__diagnose(desk, path, 0, ND_EIO, "cannot open: %s", strerror(errno));
        desk->skipped++;
        return ND_OK;
    }
    int rc = read_stream(desk, path, file);
    fclose(file);
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files a directory walk takes: article formats by extension, and files with none. Others (a
 * gold.json beside the articles, images, archives) are passed over without a word. */
static int wanted_in_directory(const char *name)
{
    static const char *const extensions[] = {"txt", "text", "jsonl", "ndjson", "html", "htm",
                                             "xhtml", "md", NULL};
    if (name[0] == '.')
        return 0;
    const char *dot = strrchr(name, '.');
    if (!dot)
        return 1;
    for (size_t i = 0; extensions[i]; i++)
        if (nd__equals_ci(dot + 1, strlen(dot + 1), extensions[i]))
            return 1;
    return 0;
}

static int read_tree(nd_desk *desk, const char *path, int depth);

static int read_directory(nd_desk *desk, const char *path, int depth)
{
    if (depth > ND_MAX_DIRECTORY_DEPTH) {
        nd__diagnose(desk, path, 0, ND_ETOOBIG, "directories nested deeper than %d; skipped",
                     ND_MAX_DIRECTORY_DEPTH);
        desk->skipped++;
        return ND_OK;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        nd__diagnose(desk, path, 0, ND_EIO, "cannot open directory: %s", strerror(errno));
        desk->skipped++;
        return ND_OK;
    }
    nd__vec names = {0};
    int rc = ND_OK;
    struct dirent *entry;
    while (rc == ND_OK && (entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        char **slot = nd__vec_push(&names, sizeof(char *));
        size_t need = strlen(path) + strlen(entry->d_name) + 2;
        char *full = slot ? malloc(need) : NULL;
        if (!full) {
            if (slot)
                names.count--;
            rc = ND_ENOMEM;
            break;
        }
        snprintf(full, need, "%s/%s", path, entry->d_name);
        *slot = full;
    }
    closedir(dir);
    char **list = names.items;
    if (names.count)
        qsort(list, names.count, sizeof *list, compare_names);
    for (size_t i = 0; i < names.count; i++) {
        if (rc == ND_OK) {
            struct stat st;
            const char *base = strrchr(list[i], '/') + 1;
            if (stat(list[i], &st) == 0 && S_ISDIR(st.st_mode))
                rc = read_tree(desk, list[i], depth + 1);
            else if (wanted_in_directory(base))
                rc = read_file(desk, list[i]);
        }
        free(list[i]);
    }
    nd__vec_release(&names);
    return rc;
}

static int read_tree(nd_desk *desk, const char *path, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        nd__diagnose(desk, path, 0, ND_EIO, "cannot open: %s", strerror(errno));
        desk->skipped++;
        return ND_OK;
    }
    if (S_ISDIR(st.st_mode))
        return read_directory(desk, path, depth);
    return read_file(desk, path);
}

int nd__read_path(nd_desk *desk, const char *path)
{
    if (strcmp(path, "-") == 0)
        return read_stream(desk, "-", stdin);
    return read_tree(desk, path, 0);
}
