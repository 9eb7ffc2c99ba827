/*
 * read.c: the first stage. Takes paths (files, directories walked recursively in name order,
 * "-" for standard input) or buffers, detects each input's format from its content and hands
 * one raw article at a time to its taker (an nd__source): a JSON Lines file gives one per line, an HTML or plain
 * text file gives one. JSON Lines are streamed a line at a time, so a file of any size is read
 * in bounded memory; other files are read whole up to ND_MAX_FILE_BYTES.
 *
 * Nothing here stops a run: an unreadable, empty or binary file, a bad or over-long line is
 * reported through the source's diagnostics and skipped, and reading goes on. A walk reads
 * each directory and file once (by device and inode, so symbolic-link loops end), opens only
 * regular files inside directories (never a FIFO, socket or device), and never blocks on open.
 * A .jsonl/.ndjson file is JSON Lines by its name; a line may hold several objects; a NUL byte
 * costs its line only. UTF-16 with a byte-order mark is converted to UTF-8.
 */
#include "read.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "html.h"
#include "limits.h"
#include "text.h"
#include "utf8.h"
#include "warc.h"

#define SNIFF_BYTES 8192

/* ASCII in UTF-16 without a byte-order mark: one byte of each pair is mostly NUL, the other
 * almost never. */
static int looks_like_utf16(const unsigned char *s, size_t len)
{
    size_t pairs = len / 2, zeros[2] = {0, 0};
    for (size_t k = 0; k < 2 * pairs; k++)
        zeros[k & 1] += s[k] == 0;
    return pairs >= 4 && ((zeros[1] * 10 >= pairs * 3 && zeros[0] * 50 <= pairs) ||
                          (zeros[0] * 10 >= pairs * 3 && zeros[1] * 50 <= pairs));
}

nd__format nd__detect_format(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) ||
                     (u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF)))
        return ND__FORMAT_UTF32;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        return ND__FORMAT_UTF16LE;
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        return ND__FORMAT_UTF16BE;
    size_t i = 0;
    if (nd__warc_sniff(data, len))
        return ND__FORMAT_WARC;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && nd__is_space(u[i]))
        i++;
    if (i == len)
        return ND__FORMAT_EMPTY;
    /* JSON Lines before the binary test: a NUL byte in one line costs that line only. */
    if (data[i] == '{')
        return ND__FORMAT_JSONL;
    size_t probe = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    size_t controls = 0;
    for (size_t k = 0; k < probe; k++) {
        unsigned char c = u[k];
        if (c == 0)
            return looks_like_utf16(u, probe) ? ND__FORMAT_UTF16_UNMARKED : ND__FORMAT_BINARY;
        if (c < 0x20 && !nd__is_space(c))
            controls++;
    }
    if (controls * 10 > probe)
        return ND__FORMAT_BINARY;
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
static int add_text(nd__source *src, const char *name, const char *data, size_t len)
{
    nd__raw_article raw = {0};
    id_from_name(name, &raw.id, &raw.id_len);
    raw.path = name;
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
    return src->emit(src->user, &raw, name, 0);
}

static int add_html(nd__source *src, const char *name, const char *data, size_t len)
{
    nd__raw_article raw = {0};
    id_from_name(name, &raw.id, &raw.id_len);
    raw.path = name;
    raw.text = data;
    raw.text_len = len;
    raw.text_is_html = 1;
    return src->emit(src->user, &raw, name, 0);
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
                           const char **why, size_t *consumed)
{
    memset(raw, 0, sizeof *raw);
    const char *end = NULL;
    *json = cJSON_ParseWithLengthOpts(line, len, &end, 0);
    *consumed = end && end >= line && end <= line + len ? (size_t)(end - line) : 0;
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
 * else (another kind of value, an escape in a key, a control byte in a string (a \u0000 was
 * made \uFFFD before), something after the object, an error of any kind) returns 0 and the
 * line goes to cJSON, which gives the same fields, or the same diagnostic, as it always did. */
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
        o += nd__utf8_encode(cp, out + o);
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

/* Scratch of the JSON Lines reader, kept from one line to the next. */
typedef struct json_scratch {
    nd__buf strings; /* the current line's strings, unescaped by fast_parse */
    nd__buf patched; /* the line with each \u0000 turned into \uFFFD */
} json_scratch;

static void json_scratch_init(json_scratch *scratch)
{
    nd__buf_init(&scratch->strings, ND_MAX_LINE_BYTES + 1);
    nd__buf_init(&scratch->patched, ND_MAX_LINE_BYTES + 1);
}

static void json_scratch_release(json_scratch *scratch)
{
    nd__buf_release(&scratch->strings);
    nd__buf_release(&scratch->patched);
}

/* A \u0000 escape would cut a C string short (cJSON keeps strings NUL-terminated), losing the
 * rest of the field without a word. Each one becomes \uFFFD, the replacement character, of the
 * same length. Returns how many were replaced (the line is then in scratch->patched), or -1
 * when out of memory. */
static long patch_nul_escapes(const char **line, size_t len, json_scratch *scratch)
{
    long replaced = 0;
    const char *backslash;
    for (size_t i = 0; i + 6 <= len && (backslash = memchr(*line + i, '\\', len - i - 5)); i += 2) {
        i = (size_t)(backslash - *line);
        if ((*line)[i + 1] == 'u' && memcmp(*line + i + 2, "0000", 4) == 0) {
            if (!replaced) {
                nd__buf_reset(&scratch->patched);
                if (nd__buf_append(&scratch->patched, *line, len) != ND_OK)
                    return -1;
                *line = scratch->patched.data;
            }
            memcpy(scratch->patched.data + i + 2, "FFFD", 4);
            replaced++;
        }
        /* i += 2: the escaped character is not the start of an escape */
    }
    return replaced;
}

static int add_json_line(nd__source *src, const char *name, long line_number, const char *line,
                         size_t len, json_scratch *scratch)
{
    size_t i = 0;
    while (i < len && nd__is_space((unsigned char)line[i]))
        i++;
    if (i == len)
        return ND_OK; /* blank lines are allowed */
    const char *nul = memchr(line, '\0', len);
    if (nul) {
        nd__diagnose_kind(src->diagnostics, "lines with a NUL byte", name, line_number, ND_EFORMAT,
                          "NUL byte at byte %zu of the line; line skipped", (size_t)(nul - line));
        src->diagnostics->skipped++;
        return ND_OK;
    }
    long replaced = patch_nul_escapes(&line, len, scratch);
    if (replaced < 0)
        return ND_ENOMEM;
    if (replaced)
        nd__diagnose_kind(src->diagnostics, "lines with \\u0000", name, line_number, ND_EFORMAT,
                          "\\u0000 (NUL) in a string, kept as U+FFFD");
    nd__raw_article raw;
    if (fast_parse(line, len, &scratch->strings, &raw))
        return fatal_only(src->emit(src->user, &raw, name, line_number));
    /* cJSON, one object after another: a line may hold several. */
    int objects = 0;
    for (;;) {
        while (i < len && json_space((unsigned char)line[i]))
            i++;
        if (i == len)
            return ND_OK;
        if (objects > 0 && line[i] != '{') {
            nd__diagnose_kind(src->diagnostics, "lines with text after the object", name, line_number, ND_EFORMAT,
                              "unexpected text after the JSON object at byte %zu; rest of the line "
                              "ignored", i);
            src->diagnostics->skipped++;
            return ND_OK;
        }
        cJSON *json = NULL;
        const char *why = NULL;
        size_t consumed = 0;
        int rc = nd__parse_json_article(line + i, len - i, &json, &raw, &why, &consumed);
        int parsed = json != NULL;
        if (rc == ND_OK) {
            rc = fatal_only(src->emit(src->user, &raw, name, line_number));
        } else if (rc == ND_EFORMAT && !parsed) {
            nd__diagnose_kind(src->diagnostics, "lines not valid JSON", name, line_number, rc,
                              "not valid JSON at byte %zu; %s skipped", i + consumed,
                              objects ? "rest of the line" : "line");
            src->diagnostics->skipped++;
        } else if (rc == ND_EFORMAT && strcmp(why, "not a JSON object") == 0) {
            nd__diagnose_kind(src->diagnostics, "lines not a JSON object", name, line_number, rc,
                              "not a JSON object at byte %zu; %s skipped", i,
                              objects ? "rest of the line" : "line");
            src->diagnostics->skipped++;
            parsed = 0; /* what follows a stray value is not trusted either */
        } else if (rc == ND_EFORMAT) {
            nd__diagnose_kind(src->diagnostics, "objects without an \"id\"", name, line_number, rc,
                              "%s in the object at byte %zu; object skipped", why, i);
            src->diagnostics->skipped++;
        }
        cJSON_Delete(json);
        if (is_fatal(rc))
            return rc;
        if (!parsed)
            return ND_OK; /* after a syntax error nothing more on the line can be trusted */
        objects++;
        i += consumed;
    }
}

/* Splits a JSON Lines buffer into lines. */
static int add_json_lines(nd__source *src, const char *name, const char *data, size_t len)
{
    json_scratch scratch;
    json_scratch_init(&scratch);
    long line_number = 0;
    size_t start = 0;
    int rc = ND_OK;
    while (start < len && !is_fatal(rc)) {
        const char *nl = memchr(data + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - data) : len;
        ++line_number;
        if (end - start > ND_MAX_LINE_BYTES) {
            nd__diagnose_kind(src->diagnostics, "lines too long", name, line_number, ND_ETOOBIG,
                              "line longer than %u bytes; skipped", ND_MAX_LINE_BYTES);
            src->diagnostics->skipped++;
        } else {
            rc = add_json_line(src, name, line_number, data + start, end - start, &scratch);
        }
        start = end + 1;
    }
    json_scratch_release(&scratch);
    return fatal_only(rc);
}

/* A .jsonl or .ndjson file is JSON Lines whatever its first line holds: each line that is not an
 * object is reported, rather than the whole file taken for one plain-text article. */
static int named_json_lines(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot || strchr(dot, '/'))
        return 0;
    return nd__equals_ci(dot + 1, strlen(dot + 1), "jsonl") ||
           nd__equals_ci(dot + 1, strlen(dot + 1), "ndjson");
}

static nd__format format_of(const char *name, const char *data, size_t len)
{
    nd__format format = nd__detect_format(data, len);
    if (named_json_lines(name) &&
        (format == ND__FORMAT_TEXT || format == ND__FORMAT_HTML || format == ND__FORMAT_BINARY))
        format = ND__FORMAT_JSONL;
    return format;
}

static int add_whole(nd__source *src, const char *name, const char *data, size_t len);

/* UTF-16 with a byte-order mark: converted to UTF-8 and read as any other input, except HTML,
 * whose own bytes go to the HTML reader (libxml2 follows the mark, even where a <meta charset>
 * says otherwise, which our UTF-8 copy would contradict). */
static int add_utf16(nd__source *src, const char *name, const char *data, size_t len, int big_endian)
{
    nd__buf utf8;
    nd__buf_init(&utf8, 2 * (size_t)ND_MAX_FILE_BYTES);
    long repaired = nd__utf16_to_utf8(data + 2, len - 2, big_endian, &utf8);
    int rc = ND_OK;
    if (repaired == ND_ENOMEM) {
        rc = ND_ENOMEM;
    } else if (repaired < 0) {
        nd__diagnose(src->diagnostics, name, 0, (int)repaired, "UTF-16 file too large once in UTF-8; skipped");
        src->diagnostics->skipped++;
    } else {
        if (repaired)
            nd__diagnose(src->diagnostics, name, 0, ND_EFORMAT, "%ld invalid UTF-16 sequence%s repaired", repaired,
                         repaired == 1 ? "" : "s");
        const char *text = utf8.data ? utf8.data : "";
        if (format_of(name, text, utf8.len) == ND__FORMAT_HTML)
            rc = fatal_only(add_html(src, name, data, len));
        else
            rc = add_whole(src, name, text, utf8.len);
    }
    nd__buf_release(&utf8);
    return rc;
}

/* ---- web archives (warc.c) ---------------------------------------------------------------- */
typedef struct memory_source {
    const char *data;
    size_t len, at;
} memory_source;

static long read_memory(void *source, char *buf, size_t cap)
{
    memory_source *m = source;
    size_t n = m->len - m->at < cap ? m->len - m->at : cap;
    memcpy(buf, m->data + m->at, n);
    m->at += n;
    return (long)n;
}

/* Every HTML record of an archive becomes an article; `head` holds the bytes already read. */
static int add_warc(nd__source *src, const char *name, nd__warc_read_fn read, void *source,
                    const char *head, size_t head_len)
{
    nd__warc *warc;
    if (nd__warc_open(&warc, read, source, head, head_len) != ND_OK)
        return ND_ENOMEM;
    nd__warc_record record;
    int rc;
    while ((rc = nd__warc_next(warc, &record)) != ND__WARC_END && rc != ND_ENOMEM) {
        if (rc == ND_OK) {
            /* provenance: the archive and the record's byte offset ("u" when uncompressed) */
            char where[4200];
            snprintf(where, sizeof where, "%.4096s@%s%llu", name, record.offset_uncompressed ? "u" : "",
                     (unsigned long long)record.offset);
            rc = fatal_only(src->emit(src->user, &record.raw, where, 0));
            if (is_fatal(rc))
                break;
        } else {
            nd__diagnose(src->diagnostics, name, 0, rc, "%s", nd__warc_message(warc));
            src->diagnostics->skipped++;
        }
    }
    const nd__warc_stats *stats = nd__warc_stats_of(warc);
    if (rc != ND_ENOMEM && stats->not_html)
        nd__diagnose(src->diagnostics, name, 0, ND_ESKIPPED, "%llu of %llu records not HTML (or not HTTP 2xx); passed over",
                     (unsigned long long)stats->not_html, (unsigned long long)stats->records);
    nd__warc_free(warc);
    return fatal_only(rc);
}

static int add_whole(nd__source *src, const char *name, const char *data, size_t len)
{
    switch (format_of(name, data, len)) {
    case ND__FORMAT_EMPTY:
        nd__diagnose(src->diagnostics, name, 0, ND_EEMPTY, "empty file; skipped");
        src->diagnostics->skipped++;
        return ND_OK;
    case ND__FORMAT_BINARY:
        nd__diagnose(src->diagnostics, name, 0, ND_EBINARY, "binary file; skipped");
        src->diagnostics->skipped++;
        return ND_OK;
    case ND__FORMAT_UTF16_UNMARKED:
        nd__diagnose(src->diagnostics, name, 0, ND_EBINARY,
                     "UTF-16 without a byte-order mark is not supported, convert to UTF-8; skipped");
        src->diagnostics->skipped++;
        return ND_OK;
    case ND__FORMAT_UTF32:
        nd__diagnose(src->diagnostics, name, 0, ND_EBINARY, "UTF-32 is not supported, convert to UTF-8; skipped");
        src->diagnostics->skipped++;
        return ND_OK;
    case ND__FORMAT_UTF16LE:
    case ND__FORMAT_UTF16BE:
        return add_utf16(src, name, data, len, format_of(name, data, len) == ND__FORMAT_UTF16BE);
    case ND__FORMAT_JSONL:
        return add_json_lines(src, name, data, len);
    case ND__FORMAT_HTML:
        return fatal_only(add_html(src, name, data, len));
    case ND__FORMAT_WARC: {
        memory_source source = {data, len, 0};
        return add_warc(src, name, read_memory, &source, NULL, 0);
    }
    case ND__FORMAT_TEXT:
        break;
    }
    return fatal_only(add_text(src, name, data, len));
}

int nd__read_buffer(nd__source *src, const char *name, const char *data, size_t len)
{
    return add_whole(src, name, data, len);
}

/* Reads a JSON Lines stream line by line; `head` holds the bytes already read for sniffing. */
static int stream_json_lines(nd__source *src, const char *name, FILE *file, nd__buf *head)
{
    nd__buf line;
    nd__buf_init(&line, ND_MAX_LINE_BYTES);
    json_scratch scratch;
    json_scratch_init(&scratch);
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
                    nd__diagnose_kind(src->diagnostics, "lines too long", name, line_number, ND_ETOOBIG,
                                      "line longer than %u bytes; skipped", ND_MAX_LINE_BYTES);
                    src->diagnostics->skipped++;
                } else if (rc == ND_OK) {
                    rc = add_json_line(src, name, line_number, line.data ? line.data : "", line.len,
                                       &scratch);
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
            nd__diagnose_kind(src->diagnostics, "lines too long", name, line_number, ND_ETOOBIG,
                              "line longer than %u bytes; skipped", ND_MAX_LINE_BYTES);
            src->diagnostics->skipped++;
        } else {
            rc = add_json_line(src, name, line_number, line.data, line.len, &scratch);
        }
    }
    if (ferror(file)) {
        nd__diagnose(src->diagnostics, name, line_number, ND_EIO, "read error: %s", strerror(errno));
        src->diagnostics->skipped++;
    }
    nd__buf_release(&line);
    json_scratch_release(&scratch);
    return rc;
}

static int read_stream(nd__source *src, const char *name, FILE *file)
{
    nd__buf head;
    nd__buf_init(&head, ND_MAX_FILE_BYTES);
    char chunk[65536];
    size_t got = fread(chunk, 1, SNIFF_BYTES, file);
    int rc = nd__buf_append(&head, chunk, got);
    nd__format format = rc == ND_OK ? format_of(name, head.data ? head.data : "", head.len) : ND__FORMAT_EMPTY;
    if (format == ND__FORMAT_JSONL) {
        rc = stream_json_lines(src, name, file, &head);
        nd__buf_release(&head);
        return rc;
    }
    if (format == ND__FORMAT_WARC) { /* streamed record by record, any size */
        rc = add_warc(src, name, nd__warc_read_file, file, head.data, head.len);
        nd__buf_release(&head);
        return rc;
    }
    while (rc == ND_OK && (got = fread(chunk, 1, sizeof chunk, file)) > 0)
        rc = nd__buf_append(&head, chunk, got);
    if (rc == ND_ETOOBIG) {
        nd__diagnose(src->diagnostics, name, 0, rc, "file larger than %u bytes; skipped", ND_MAX_FILE_BYTES);
        src->diagnostics->skipped++;
        rc = ND_OK;
    } else if (ferror(file)) {
        nd__diagnose(src->diagnostics, name, 0, ND_EIO, "read error: %s", strerror(errno));
        src->diagnostics->skipped++;
    } else if (rc == ND_OK) {
        rc = add_whole(src, name, head.data ? head.data : "", head.len);
    }
    nd__buf_release(&head);
    return rc;
}

/* ---- the walk ------------------------------------------------------------------------------ */
/* One nd__read_path call: the directories and files it has read, by (device, inode), so that a
 * symbolic link back up the tree (or two names of one file) is read once. */
typedef struct walk {
    nd__u64_map seen;
} walk;

/* Nonzero when the file or directory was read before in this walk; else remembers it. */
static int seen_before(walk *w, const struct stat *st, int *rc)
{
    uint64_t identity[2] = {(uint64_t)st->st_dev, (uint64_t)st->st_ino};
    uint64_t key = nd__hash64(identity, sizeof identity, 0);
    if (nd__u64_map_find(&w->seen, key))
        return 1;
    *rc = nd__u64_map_put(&w->seen, key, 1);
    return 0;
}

static const char *file_kind(mode_t mode)
{
    return S_ISFIFO(mode) ? "a FIFO" : S_ISSOCK(mode) ? "a socket" : S_ISCHR(mode) ? "a character device"
         : S_ISBLK(mode) ? "a block device" : S_ISDIR(mode) ? "a directory" : "not a regular file";
}

/* Opens and reads one file. The open does not block (O_NONBLOCK) and fstat checks what was
 * opened: inside a directory only regular files are read (a FIFO there would wait forever for
 * a writer); a FIFO or character device `named` on the command line is read as a stream, as
 * the user asked (`newsdesk clean <(zcat x.gz)`). */
static int read_file(nd__source *src, walk *w, const char *path, int named, int named_fifo)
{
    /* A FIFO named by the user is opened to wait for its writer, as cat does: opened without
     * blocking, it would read as empty until a writer comes. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | (named_fifo ? 0 : O_NONBLOCK));
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        nd__diagnose_kind(src->diagnostics, "files that cannot be opened", path, 0, ND_EIO, "cannot open: %s",
                          strerror(errno));
        src->diagnostics->skipped++;
        if (fd >= 0)
            close(fd);
        return ND_OK;
    }
    int rc = ND_OK;
    if (!S_ISREG(st.st_mode) && !(named_fifo && S_ISFIFO(st.st_mode)) && !(named && S_ISCHR(st.st_mode))) {
        nd__diagnose(src->diagnostics, path, 0, ND_EIO, "%s, not a regular file; skipped", file_kind(st.st_mode));
        src->diagnostics->skipped++;
        close(fd);
        return ND_OK;
    }
    if (S_ISREG(st.st_mode) && seen_before(w, &st, &rc)) {
        nd__diagnose_kind(src->diagnostics, "files read before", path, 0, ND_OK,
                          "same file as one read before (a link); not read again");
        close(fd);
        return ND_OK;
    }
    int flags = fcntl(fd, F_GETFL);
    if (rc != ND_OK || flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        close(fd);
        return rc != ND_OK ? rc : ND_OK;
    }
    FILE *file = fdopen(fd, "rb");
    if (!file) {
        close(fd);
        return ND_ENOMEM;
    }
    rc = read_stream(src, path, file);
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
                                             "xhtml", "md", "warc", "gz", NULL};
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

static int read_tree(nd__source *src, walk *w, const char *path, const struct stat *st, int depth);

static int read_directory(nd__source *src, walk *w, const char *path, const struct stat *st, int depth)
{
    int rc = ND_OK;
    if (seen_before(w, st, &rc)) {
        nd__diagnose_kind(src->diagnostics, "directories read before", path, 0, ND_OK,
                          "directory read before (a symbolic link back into the walk); not read again");
        return ND_OK;
    }
    if (rc != ND_OK)
        return rc;
    if (depth > ND_MAX_DIRECTORY_DEPTH) {
        nd__diagnose(src->diagnostics, path, 0, ND_ETOOBIG, "directories nested deeper than %d; skipped",
                     ND_MAX_DIRECTORY_DEPTH);
        src->diagnostics->skipped++;
        return ND_OK;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        nd__diagnose(src->diagnostics, path, 0, ND_EIO, "cannot open directory: %s", strerror(errno));
        src->diagnostics->skipped++;
        return ND_OK;
    }
    nd__vec names = {0};
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
            struct stat entry_st;
            const char *base = strrchr(list[i], '/') + 1;
            if (stat(list[i], &entry_st) != 0) {
                if (wanted_in_directory(base)) {
                    nd__diagnose_kind(src->diagnostics, "files that cannot be opened", list[i], 0, ND_EIO,
                                      "cannot open: %s", strerror(errno));
                    src->diagnostics->skipped++;
                }
            } else if (S_ISDIR(entry_st.st_mode) || wanted_in_directory(base)) {
                rc = read_tree(src, w, list[i], &entry_st, depth + 1);
            }
        }
        free(list[i]);
    }
    nd__vec_release(&names);
    return rc;
}

static int read_tree(nd__source *src, walk *w, const char *path, const struct stat *st, int depth)
{
    if (S_ISDIR(st->st_mode))
        return read_directory(src, w, path, st, depth);
    if (!S_ISREG(st->st_mode)) {
        /* Never opened: a FIFO would block the walk, a device could be endless. */
        nd__diagnose(src->diagnostics, path, 0, ND_EIO, "%s, not a regular file; skipped", file_kind(st->st_mode));
        src->diagnostics->skipped++;
        return ND_OK;
    }
    return read_file(src, w, path, 0, 0);
}

int nd__read_path(nd__source *src, const char *path)
{
    if (strcmp(path, "-") == 0)
        return read_stream(src, "-", stdin);
    struct stat st;
    if (stat(path, &st) != 0) {
        nd__diagnose(src->diagnostics, path, 0, ND_EIO, "cannot open: %s", strerror(errno));
        src->diagnostics->skipped++;
        return ND_OK;
    }
    walk w = {0};
    int rc = S_ISDIR(st.st_mode) ? read_directory(src, &w, path, &st, 0) : read_file(src, &w, path, 1, S_ISFIFO(st.st_mode));
    nd__u64_map_release(&w.seen);
    return rc;
}
