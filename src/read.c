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
#include <stdint.h>
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

/* Only running out of memory, or the sink asking to stop, stops a read; a skipped article has
 * been reported already. */
static int is_fatal(int rc) { return rc == ND_ENOMEM || rc == ND_ESTOPPED; }
static int fatal_only(int rc) { return is_fatal(rc) ? rc : ND_OK; }

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

/* ---- the common line, read without cJSON ------------------------------------------------- */
/* Most lines are one flat object of string values. fast_parse reads such a line in one pass,
 * unescaping each string into `strings` (NUL-terminated, never longer than its JSON form), and
 * finds the six known keys. It takes a line only when it is sure of cJSON's answer; anything
 * else (another kind of value, an escape in a key, a control byte or \u0000 in a string,
 * something after the object, an error of any kind) returns 0 and the line goes to cJSON,
 * which gives the same fields, or the same diagnostic, as it always did. */
typedef struct fast_field {
    const char *key;
    size_t key_len;
} fast_field;

enum { FIELD_ID, FIELD_TITLE, FIELD_PUBLISHED, FIELD_SOURCE, FIELD_URL, FIELD_TEXT, FIELD_HTML, FIELD_COUNT };

static int json_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int hex4(const unsigned char *s, unsigned *value)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return 0;
        v = v << 4 | d;
    }
    *value = v;
    return 1;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
/* Nonzero when one of the 8 bytes of x is '"', '\\' or below 0x20. */
static inline uint64_t special_bytes(uint64_t x)
{
    uint64_t quote = x ^ (ONES * '"'), backslash = x ^ (ONES * '\\');
    return ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - ONES * 0x20) & ~x);
}

/* Reads the string whose opening quote is at s[*at - 1] into out (NUL-terminated); moves *at past
 * the closing quote. Returns the output length, or -1 when cJSON should have the line. */
static long fast_string(const unsigned char *s, size_t len, size_t *at, char *out)
{
    size_t i = *at, o = 0;
    for (;;) {
        while (i + 8 <= len) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (special_bytes(x) & HIGHS)
                break;
            memcpy(out + o, &x, 8);
            i += 8, o += 8;
        }
        if (i >= len)
            return -1;
        unsigned char c = s[i];
        if (c == '"')
            break;
        if (c < 0x20)
            return -1;
        if (c != '\\') {
            out[o++] = (char)c;
            i++;
            continue;
        }
        if (i + 1 >= len)
            return -1;
        unsigned char e = s[i + 1];
        i += 2;
        switch (e) {
        case '"': case '\\': case '/': out[o++] = (char)e; continue;
        case 'b': out[o++] = '\b'; continue;
        case 'f': out[o++] = '\f'; continue;
        case 'n': out[o++] = '\n'; continue;
        case 'r': out[o++] = '\r'; continue;
        case 't': out[o++] = '\t'; continue;
        case 'u': break;
        default: return -1;
        }
        unsigned cp, low;
        if (i + 4 > len || !hex4(s + i, &cp))
            return -1;
        i += 4;
        if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
            return -1;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 6 > len || s[i] != '\\' || s[i + 1] != 'u' || !hex4(s + i + 2, &low) ||
                low < 0xDC00 || low > 0xDFFF)
                return -1;
            i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (cp < 0x80) {
            out[o++] = (char)cp;
        } else if (cp < 0x800) {
            out[o++] = (char)(0xC0 | cp >> 6);
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[o++] = (char)(0xE0 | cp >> 12);
            out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | cp >> 18);
            out[o++] = (char)(0x80 | (cp >> 12 & 0x3F));
            out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[o] = '\0';
    *at = i + 1;
    return (long)o;
}

static int fast_parse(const char *line, size_t len, nd__buf *strings, nd__raw_article *raw)
{
    static const fast_field fields[FIELD_COUNT] = {
        {"id", 2}, {"title", 5}, {"published", 9}, {"source", 6}, {"url", 3}, {"text", 4}, {"html", 4}};
    const unsigned char *s = (const unsigned char *)line;
    /* Unescaped strings are no longer than their JSON text, plus a NUL each (a string takes
     * at least its two quotes), so len + 1 bytes always suffice. */
    if (strings->cap < len + 1) {
        size_t cap = len + 1 > 4096 ? len + 1 : 4096;
        char *grown = realloc(strings->data, cap);
        if (!grown)
            return 0;
        strings->data = grown;
        strings->cap = cap;
    }
    char *out = strings->data;
    size_t used = 0;
    const char *value[FIELD_COUNT] = {0};
    size_t value_len[FIELD_COUNT] = {0};
    size_t i = 0;
    while (i < len && json_space(s[i]))
        i++;
    if (i == len || s[i] != '{')
        return 0;
    i++;
    while (i < len && json_space(s[i]))
        i++;
    if (i < len && s[i] == '}') {
        return 0; /* no id: cJSON says so */
    }
    for (;;) {
        /* key */
        if (i >= len || s[i] != '"')
            return 0;
        size_t key = ++i;
        while (i < len && s[i] != '"' && s[i] != '\\' && s[i] >= 0x20)
            i++;
        if (i >= len || s[i] != '"')
            return 0;
        size_t key_len = i - key;
        i++;
        while (i < len && json_space(s[i]))
            i++;
        if (i >= len || s[i] != ':')
            return 0;
        i++;
        while (i < len && json_space(s[i]))
            i++;
        if (i >= len || s[i] != '"')
            return 0; /* not a string: cJSON decides */
        i++;
        long n = fast_string(s, len, &i, out + used);
        if (n < 0)
            return 0;
        for (int f = 0; f < FIELD_COUNT; f++) {
            if (fields[f].key_len == key_len && memcmp(fields[f].key, s + key, key_len) == 0) {
                if (!value[f]) /* the first of equal keys, as cJSON_GetObjectItem */
                    value[f] = out + used, value_len[f] = (size_t)n;
                break;
            }
        }
        used += (size_t)n + 1;
        while (i < len && json_space(s[i]))
            i++;
        if (i >= len)
            return 0;
        if (s[i] == ',') {
            i++;
            while (i < len && json_space(s[i]))
                i++;
            continue;
        }
        if (s[i] != '}')
            return 0;
        i++;
        break;
    }
    while (i < len && json_space(s[i]))
        i++;
    if (i != len || !value[FIELD_ID] || value_len[FIELD_ID] == 0)
        return 0;
    memset(raw, 0, sizeof *raw);
    raw->id = value[FIELD_ID], raw->id_len = value_len[FIELD_ID];
    raw->title = value[FIELD_TITLE], raw->title_len = value_len[FIELD_TITLE];
    raw->published = value[FIELD_PUBLISHED], raw->published_len = value_len[FIELD_PUBLISHED];
    raw->source = value[FIELD_SOURCE], raw->source_len = value_len[FIELD_SOURCE];
    raw->url = value[FIELD_URL], raw->url_len = value_len[FIELD_URL];
    raw->text = value[FIELD_TEXT], raw->text_len = value_len[FIELD_TEXT];
    if (!raw->text) {
        raw->text = value[FIELD_HTML], raw->text_len = value_len[FIELD_HTML];
        raw->text_is_html = raw->text != NULL;
    }
    return 1;
}

static int add_json_line(nd_desk *desk, const char *name, long line_number, const char *line,
                         size_t len, nd__buf *strings)
{
    size_t i = 0;
    while (i < len && nd__is_space((unsigned char)line[i]))
        i++;
    if (i == len)
        return ND_OK; /* blank lines are allowed */
    nd__raw_article raw;
    if (fast_parse(line, len, strings, &raw))
        return fatal_only(nd__desk_add(desk, &raw, name, line_number));
    cJSON *json = NULL;
    const char *why = NULL;
    int rc = nd__parse_json_article(line, len, &json, &raw, &why);
    if (rc == ND_OK)
        rc = fatal_only(nd__desk_add(desk, &raw, name, line_number));
    else {
        nd__diagnose(desk, name, line_number, rc, "%s; line skipped", why);
        desk->skipped++;
    }
    cJSON_Delete(json);
    return fatal_only(rc);
}

/* Splits a JSON Lines buffer into lines; used for buffers and for the streamed reader. */
static int add_json_lines(nd_desk *desk, const char *name, const char *data, size_t len,
                          long *line_number)
{
    nd__buf strings; /* the current line's strings, unescaped */
    nd__buf_init(&strings, ND_MAX_LINE_BYTES + 1);
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
            int rc = add_json_line(desk, name, *line_number, data + start, end - start, &strings);
            if (is_fatal(rc)) {
                nd__buf_release(&strings);
                return rc;
            }
        }
        start = end + 1;
    }
    nd__buf_release(&strings);
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
    nd__buf line, strings; /* strings: the line's, unescaped */
    nd__buf_init(&line, ND_MAX_LINE_BYTES);
    nd__buf_init(&strings, ND_MAX_LINE_BYTES + 1);
    long line_number = 0;
    int rc = ND_OK, too_long = 0;
    char chunk[65536];
    const char *data = head->data;
    size_t len = head->len;
    for (;;) {
        size_t start = 0;
        while (start < len && !is_fatal(rc)) {
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
                    rc = add_json_line(desk, name, line_number, line.data ? line.data : "", line.len, &strings);
                }
                too_long = 0;
                nd__buf_reset(&line);
            }
            start = end + (nl ? 1 : 0);
        }
        if (is_fatal(rc))
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
            rc = add_json_line(desk, name, line_number, line.data, line.len, &strings);
        }
    }
    if (ferror(file)) {
        nd__diagnose(desk, name, line_number, ND_EIO, "read error: %s", strerror(errno));
        desk->skipped++;
    }
    nd__buf_release(&line);
    nd__buf_release(&strings);
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
