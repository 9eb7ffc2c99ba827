/*
 * warc.c: web archives (WARC 1.0 and 1.1) in, raw HTML articles out, one record at a time.
 *
 * Takes a byte source (a read callback) holding a WARC file, plain or gzip: either one gzip
 * member per record, as CC-NEWS and most crawlers write, or one gzip stream for the whole file.
 * Gives each `response` record whose HTTP status is 2xx and whose body is HTML, and each
 * `resource` record of HTML, as an nd__raw_article: url from WARC-Target-URI, published from
 * WARC-Date, id from WARC-Record-ID, charset from the HTTP Content-Type, text the body with the
 * HTTP headers removed. Other records are counted and passed over.
 *
 * Memory is constant in the archive's length: a compressed input buffer, a decompressed window,
 * the header lines (ND_MAX_WARC_HEADER_BYTES) and one body (ND_MAX_ARTICLE_BYTES). A larger
 * body is streamed past unread.
 *
 * A bad record (a broken header, a wrong Content-Length, a gzip member that does not inflate or
 * ends inside a record) is reported with its byte offset and reading goes on at the next
 * record: the next gzip member, or the next line starting "WARC/1." in a plain or single-stream
 * file. A record that crosses gzip members (not what the WARC standard recommends) is taken
 * for a truncated one.
 */
#include "warc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "html.h"
#include "limits.h"
#include "util.h"

#define IN_CAP (64u << 10)
#define OUT_CAP (256u << 10)

typedef struct field {
    char text[ND_MAX_WARC_FIELD_BYTES];
    size_t len;
} field;

struct nd__warc {
    nd__warc_read_fn read;
    void *source;
    char *head;                /* the sniffed bytes, read first; owned */
    size_t head_len, head_at;
    int source_done, source_error;

    int gzip;                  /* the input is gzip */
    int inflating;             /* z is initialised */
    z_stream z;
    unsigned char in[IN_CAP];  /* compressed input; z.next_in points into it */
    uint64_t in_base;          /* input offset of in[0] */
    size_t in_len;
    int member_ended;          /* the current member is done; its last bytes may be in `out` */
    int member_fresh;          /* nothing of the current member consumed yet */
    uint64_t member_start;     /* input offset of the current member */
    int members;               /* members begun */
    int finished;              /* nothing more will be read */
    int data_error;            /* the current member does not inflate */

    unsigned char out[OUT_CAP]; /* decompressed (or plain) bytes */
    size_t out_len, out_at;
    uint64_t position;         /* uncompressed offset of out[out_at] */

    nd__buf line;              /* one header line */
    nd__buf http;              /* the HTTP status line and headers of a response */
    nd__buf body;              /* the HTML of the record handed out */
    field type, url, date, id, content_type, http_content_type, charset, http_encoding;
    nd__warc_stats stats;
    char message[320];
};

long nd__warc_read_file(void *file, char *buf, size_t cap)
{
    size_t got = fread(buf, 1, cap, (FILE *)file);
    if (got == 0 && ferror((FILE *)file))
        return -1;
    return (long)got;
}

int nd__warc_sniff(const char *data, size_t len)
{
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b)
        return 1;
    return len >= 7 && memcmp(data, "WARC/1.", 7) == 0;
}

int nd__warc_open(nd__warc **out, nd__warc_read_fn read, void *source, const char *head,
                  size_t head_len)
{
    *out = NULL;
    nd__warc *w = calloc(1, sizeof *w);
    if (!w)
        return ND_ENOMEM;
    w->read = read;
    w->source = source;
    if (head_len) {
        w->head = malloc(head_len);
        if (!w->head) {
            free(w);
            return ND_ENOMEM;
        }
        memcpy(w->head, head, head_len);
        w->head_len = head_len;
    }
    nd__buf_init(&w->line, ND_MAX_WARC_HEADER_BYTES);
    nd__buf_init(&w->http, ND_MAX_WARC_HEADER_BYTES);
    nd__buf_init(&w->body, ND_MAX_ARTICLE_BYTES);
    w->gzip = -1; /* decided on the first bytes */
    *out = w;
    return ND_OK;
}

void nd__warc_free(nd__warc *w)
{
    if (!w)
        return;
    if (w->inflating)
        inflateEnd(&w->z);
    nd__buf_release(&w->line);
    nd__buf_release(&w->http);
    nd__buf_release(&w->body);
    free(w->head);
    free(w);
}

const char *nd__warc_message(const nd__warc *w) { return w->message; }
const nd__warc_stats *nd__warc_stats_of(const nd__warc *w) { return &w->stats; }

/* ---- the source: sniffed head first, then the callback ------------------------------------ */
static size_t source_read(nd__warc *w, unsigned char *buf, size_t cap)
{
    if (w->head_at < w->head_len) {
        size_t n = w->head_len - w->head_at;
        if (n > cap)
            n = cap;
        memcpy(buf, w->head + w->head_at, n);
        w->head_at += n;
        return n;
    }
    if (w->source_done)
        return 0;
    long got = w->read(w->source, (char *)buf, cap);
    if (got <= 0) {
        w->source_done = 1;
        w->source_error = got < 0;
        return 0;
    }
    w->stats.compressed_bytes += (uint64_t)got;
    return (size_t)got;
}

/* ---- the compressed layer ----------------------------------------------------------------- */
/* Makes compressed input available; 0 at the end of the input. */
static int input_ready(nd__warc *w)
{
    if (w->z.avail_in > 0)
        return 1;
    w->in_base += w->in_len;
    w->in_len = source_read(w, w->in, IN_CAP);
    w->z.next_in = w->in;
    w->z.avail_in = (uInt)w->in_len;
    return w->in_len > 0;
}

static uint64_t input_offset(const nd__warc *w)
{
    return w->in_base + (uint64_t)(w->z.next_in - w->in);
}

/* Starts the next member at the current input position; 0 when the input is finished. Bytes
 * that are not a gzip header are skipped up to the next one (garbage or a damaged member). */
static int member_begin(nd__warc *w)
{
    for (;;) {
        if (!input_ready(w))
            return 0;
        if (w->z.next_in[0] == 0x1f) {
            /* need two more bytes to be sure; they may be in the next read */
            unsigned char magic[3] = {0x1f, 0, 0};
            size_t have = w->z.avail_in;
            if (have >= 3) {
                memcpy(magic, w->z.next_in, 3);
            } else {
                /* move the tail to the front and top up */
                memmove(w->in, w->z.next_in, have);
                w->in_base = input_offset(w);
                w->in_len = have + source_read(w, w->in + have, IN_CAP - have);
                w->z.next_in = w->in;
                w->z.avail_in = (uInt)w->in_len;
                if (w->in_len < 3) {
                    w->z.next_in += w->z.avail_in;
                    w->z.avail_in = 0;
                    return 0;
                }
                memcpy(magic, w->in, 3);
            }
            if (magic[1] == 0x8b && magic[2] == 0x08)
                break;
        }
        /* not a member: skip to the next 0x1f */
        unsigned char *next = memchr(w->z.next_in + 1, 0x1f, w->z.avail_in - 1);
        size_t skip = next ? (size_t)(next - w->z.next_in) : w->z.avail_in;
        w->z.next_in += skip;
        w->z.avail_in -= (uInt)skip;
    }
    if (inflateReset2(&w->z, 16 + MAX_WBITS) != Z_OK)
        return 0;
    w->member_start = input_offset(w);
    w->member_ended = 0;
    w->member_fresh = 1;
    w->data_error = 0;
    w->members++;
    return 1;
}

/* Refills the window from the current member; 0 when it has nothing more (member end, input
 * end, or a member that does not inflate: w->data_error). */
static size_t fill(nd__warc *w)
{
    if (w->out_at < w->out_len)
        return w->out_len - w->out_at;
    w->out_at = w->out_len = 0;
    if (!w->gzip) {
        w->out_len = source_read(w, w->out, OUT_CAP);
        return w->out_len;
    }
    if (w->member_ended || w->data_error)
        return 0;
    while (w->out_len == 0) {
        if (!input_ready(w))
            return 0; /* the input ends inside a member */
        w->z.next_out = w->out;
        w->z.avail_out = OUT_CAP;
        int zr = inflate(&w->z, Z_NO_FLUSH);
        w->out_len = OUT_CAP - w->z.avail_out;
        if (zr == Z_STREAM_END) {
            w->member_ended = 1;
            break;
        }
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            w->data_error = 1;
            break;
        }
    }
    return w->out_len;
}

/* Moves to the next member when the current one is used up; 0 when there is none. */
static int next_member(nd__warc *w)
{
    if (!w->gzip)
        return 0;
    if (w->member_ended || w->data_error || w->members == 0)
        return member_begin(w);
    return 0;
}

static int peek(nd__warc *w)
{
    if (fill(w) == 0)
        return -1;
    return w->out[w->out_at];
}

static void consume(nd__warc *w, size_t n)
{
    w->out_at += n;
    w->position += n;
    if (n)
        w->member_fresh = 0;
}

/* Appends bytes up to and including the next '\n' to `line` (within its ceiling, the rest of an
 * over-long line is dropped). Returns 1 for a complete line, 0 at the end of the member or
 * input, ND_ETOOBIG, ND_ENOMEM. */
static int read_line(nd__warc *w, nd__buf *line)
{
    int too_long = 0;
    for (;;) {
        size_t avail = fill(w);
        if (avail == 0)
            return too_long ? ND_ETOOBIG : 0;
        unsigned char *at = w->out + w->out_at;
        unsigned char *nl = memchr(at, '\n', avail);
        size_t n = nl ? (size_t)(nl - at) + 1 : avail;
        if (!too_long) {
            int rc = nd__buf_append(line, (const char *)at, n);
            if (rc == ND_ETOOBIG)
                too_long = 1;
            else if (rc != ND_OK)
                return rc;
        }
        consume(w, n);
        if (nl)
            return too_long ? ND_ETOOBIG : 1;
    }
}

/* Reads `n` bytes of the record into `keep` (NULL: discards them). Returns the bytes read, less
 * than `n` when the member or input ends first. */
static uint64_t read_block(nd__warc *w, uint64_t n, nd__buf *keep, int *no_memory)
{
    uint64_t done = 0;
    while (done < n) {
        size_t avail = fill(w);
        if (avail == 0)
            break;
        size_t take = n - done < avail ? (size_t)(n - done) : avail;
        if (keep && nd__buf_append(keep, (const char *)w->out + w->out_at, take) != ND_OK)
            *no_memory = 1;
        consume(w, take);
        done += take;
    }
    return done;
}

/* ---- headers ------------------------------------------------------------------------------ */
static void trim(const char **s, size_t *len)
{
    while (*len && nd__is_space((unsigned char)**s))
        (*s)++, (*len)--;
    while (*len && nd__is_space((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

static void field_set(field *f, const char *s, size_t len)
{
    trim(&s, &len);
    if (len >= ND_MAX_WARC_FIELD_BYTES)
        len = ND_MAX_WARC_FIELD_BYTES - 1;
    memcpy(f->text, s, len);
    f->text[len] = '\0';
    f->len = len;
}

/* Splits "Name: value"; returns 0 when the line has no colon. */
static int header_split(const char *line, size_t len, size_t *name_len, const char **value,
                        size_t *value_len)
{
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return 0;
    *name_len = (size_t)(colon - line);
    *value = colon + 1;
    *value_len = len - *name_len - 1;
    trim(value, value_len);
    return 1;
}

static int parse_length(const char *s, size_t len, uint64_t *value)
{
    trim(&s, &len);
    if (len == 0 || len > 18)
        return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (!nd__is_digit((unsigned char)s[i]))
            return 0;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *value = v;
    return 1;
}

/* The charset parameter of a Content-Type value, into `out` ("" when none). */
static void content_charset(const field *type, field *out)
{
    out->len = 0;
    out->text[0] = '\0';
    long at = nd__find_ci(type->text, type->len, "charset=");
    if (at < 0)
        return;
    const char *s = type->text + at + 8;
    size_t len = strcspn(s, ";, \t");
    if (len && (*s == '"' || *s == '\''))
        s++, len = strcspn(s, "\"';, \t");
    field_set(out, s, len);
}

/* Nonzero when a media type names HTML; an empty one is decided by sniffing the body. */
static int media_is_html(const field *type)
{
    size_t len = strcspn(type->text, "; \t");
    return nd__equals_ci(type->text, len, "text/html") ||
           nd__equals_ci(type->text, len, "application/xhtml+xml");
}

/* ---- records ------------------------------------------------------------------------------ */
static int report(nd__warc *w, uint64_t offset, int uncompressed, int status, const char *what)
{
    snprintf(w->message, sizeof w->message, "record at byte %llu%s: %s",
             (unsigned long long)offset, uncompressed ? " (uncompressed)" : "", what);
    if (status == ND_EFORMAT)
        w->stats.corrupt++;
    return status;
}

/* Skips to where the next record may begin: the next member (or, within a single-stream or
 * plain file, the next line that starts "WARC/1."). */
static void resync(nd__warc *w)
{
    for (;;) {
        if (w->gzip && (w->member_ended || w->data_error) && fill(w) == 0) {
            if (w->data_error) {
                /* start looking for the next member past the damaged member's header */
                if (input_offset(w) == w->member_start && w->z.avail_in) {
                    w->z.next_in++;
                    w->z.avail_in--;
                }
            }
            if (!member_begin(w))
                w->finished = 1; /* no member follows */
            return;
        }
        size_t avail = fill(w);
        if (avail == 0)
            return;
        if (w->member_fresh)
            return;
        unsigned char *at = w->out + w->out_at;
        unsigned char *nl = memchr(at, '\n', avail);
        if (!nl) {
            consume(w, avail);
            continue;
        }
        consume(w, (size_t)(nl - at) + 1);
        /* a "WARC/" line after a newline: a record may start here */
        if (fill(w) && w->out_len - w->out_at >= 5 && memcmp(w->out + w->out_at, "WARC/", 5) == 0)
            return;
        if (fill(w) && w->out_len - w->out_at < 5 && w->out[w->out_at] == 'W')
            return; /* too close to the window's end to tell; the header check decides */
    }
}

static int read_http_headers(nd__warc *w, uint64_t length, uint64_t *used, int *status, int *no_memory)
{
    nd__buf_reset(&w->http);
    w->http_content_type.len = 0, w->http_content_type.text[0] = '\0';
    w->http_encoding.len = 0, w->http_encoding.text[0] = '\0';
    *status = 0;
    *used = 0;
    int first = 1;
    while (*used < length) {
        nd__buf_reset(&w->line);
        size_t before = 0;
        int rc = read_line(w, &w->line);
        if (rc == ND_ENOMEM) {
            *no_memory = 1;
            return 0;
        }
        if (rc != 1)
            return 0;
        before = w->line.len;
        *used += before;
        const char *s = w->line.data;
        size_t len = w->line.len;
        while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
            len--;
        if (first) {
            first = 0;
            if (len < 12 || memcmp(s, "HTTP/", 5) != 0)
                return 0;
            const char *sp = memchr(s, ' ', len);
            if (!sp || (size_t)(s + len - sp) < 4)
                return 0;
            int code = 0;
            for (int k = 1; k <= 3; k++) {
                if (!nd__is_digit((unsigned char)sp[k]))
                    return 0;
                code = code * 10 + (sp[k] - '0');
            }
            *status = code;
            continue;
        }
        if (len == 0)
            return 1;
        size_t name_len, value_len;
        const char *value;
        if (!header_split(s, len, &name_len, &value, &value_len))
            continue;
        if (nd__equals_ci(s, name_len, "Content-Type"))
            field_set(&w->http_content_type, value, value_len);
        else if (nd__equals_ci(s, name_len, "Content-Encoding"))
            field_set(&w->http_encoding, value, value_len);
    }
    return 0;
}

/* The end of a record: the block is followed by CRLF CRLF. 1 when it is there. */
static int record_trailer(nd__warc *w)
{
    int newlines = 0;
    for (int i = 0; i < 4; i++) {
        int c = peek(w);
        if (c == '\n')
            newlines++;
        else if (c != '\r')
            break;
        consume(w, 1);
    }
    return newlines == 2;
}

int nd__warc_next(nd__warc *w, nd__warc_record *record)
{
    memset(record, 0, sizeof *record);
    if (w->finished)
        return ND__WARC_END;
    if (w->gzip < 0) {
        unsigned char probe[2];
        size_t got = 0;
        /* the first two bytes decide; they go back in front of the rest */
        got = source_read(w, probe, 2);
        if (got == 2 && probe[0] == 0x1f && probe[1] == 0x8b) {
            w->gzip = 1;
            if (inflateInit2(&w->z, 16 + MAX_WBITS) != Z_OK)
                return ND_ENOMEM;
            w->inflating = 1;
            memcpy(w->in, probe, 2);
            w->in_len = 2;
            w->z.next_in = w->in;
            w->z.avail_in = 2;
        } else {
            w->gzip = 0;
            memcpy(w->out, probe, got);
            w->out_len = got;
        }
    }
    for (;;) {
        /* between records: blank lines, or the end of a member */
        int c;
        for (;;) {
            c = peek(w);
            if (c == '\r' || c == '\n') {
                consume(w, 1);
                continue;
            }
            if (c >= 0)
                break;
            if (w->gzip && w->data_error) {
                w->stats.records++;
                int rc = report(w, w->member_start, 0, ND_EFORMAT, "gzip data does not inflate; skipped");
                resync(w);
                return rc;
            }
            if (!next_member(w)) {
                w->finished = 1;
                if (w->gzip && w->members && !w->member_ended && !w->member_fresh && ++w->stats.records)
                    return report(w, w->member_start, 0, ND_EFORMAT, "the file ends inside a gzip member");
                if (w->source_error) {
                    w->source_error = 0;
                    snprintf(w->message, sizeof w->message, "read error after byte %llu",
                             (unsigned long long)w->stats.compressed_bytes);
                    return ND_EIO;
                }
                return ND__WARC_END;
            }
        }
        int fresh = w->gzip && w->member_fresh;
        int uncompressed = w->gzip && !fresh;
        uint64_t offset = fresh ? w->member_start : w->position;
        w->stats.records++;

        /* the version line and the named fields */
        nd__buf_reset(&w->line);
        int rc = read_line(w, &w->line);
        if (rc == ND_ENOMEM)
            return rc;
        if (rc != 1 || w->line.len < 8 || memcmp(w->line.data, "WARC/", 5) != 0) {
            if (offset == 0) {
                w->stats.records = 0;
                w->finished = 1;
                snprintf(w->message, sizeof w->message, "not a WARC archive (no \"WARC/1.x\" line)");
                return ND_EFORMAT;
            }
            rc = report(w, offset, uncompressed, ND_EFORMAT, "no \"WARC/1.x\" version line; skipped");
            resync(w);
            return rc;
        }
        w->type.len = w->url.len = w->date.len = w->id.len = w->content_type.len = 0;
        w->type.text[0] = w->url.text[0] = w->date.text[0] = w->id.text[0] = w->content_type.text[0] = '\0';
        uint64_t length = 0;
        int have_length = 0, header_done = 0;
        while (!header_done) {
            nd__buf_reset(&w->line);
            rc = read_line(w, &w->line);
            if (rc == ND_ENOMEM)
                return rc;
            if (rc != 1)
                break;
            const char *s = w->line.data;
            size_t len = w->line.len;
            while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
                len--;
            if (len == 0) {
                header_done = 1;
                break;
            }
            size_t name_len, value_len;
            const char *value;
            if (!header_split(s, len, &name_len, &value, &value_len))
                continue; /* a folded or odd line: WARC readers tolerate them */
            if (nd__equals_ci(s, name_len, "WARC-Type"))
                field_set(&w->type, value, value_len);
            else if (nd__equals_ci(s, name_len, "WARC-Target-URI")) {
                if (value_len >= 2 && value[0] == '<' && value[value_len - 1] == '>')
                    value++, value_len -= 2; /* WARC 1.0 allowed <...> */
                field_set(&w->url, value, value_len);
            } else if (nd__equals_ci(s, name_len, "WARC-Date"))
                field_set(&w->date, value, value_len);
            else if (nd__equals_ci(s, name_len, "WARC-Record-ID"))
                field_set(&w->id, value, value_len);
            else if (nd__equals_ci(s, name_len, "Content-Type"))
                field_set(&w->content_type, value, value_len);
            else if (nd__equals_ci(s, name_len, "Content-Length"))
                have_length = parse_length(value, value_len, &length);
        }
        if (!header_done || !have_length) {
            rc = report(w, offset, uncompressed, ND_EFORMAT,
                        header_done ? "no valid Content-Length; skipped"
                                    : "header cut short or over 64 KB; skipped");
            resync(w);
            return rc;
        }

        int is_response = nd__equals_ci(w->type.text, w->type.len, "response");
        int is_resource = nd__equals_ci(w->type.text, w->type.len, "resource");
        int no_memory = 0, http_status = 0, wanted = 0;
        uint64_t used = 0;
        if (is_response) {
            long at = nd__find_ci(w->content_type.text, w->content_type.len, "application/http");
            if (at >= 0 && read_http_headers(w, length, &used, &http_status, &no_memory)) {
                wanted = http_status >= 200 && http_status < 300 &&
                         (w->http_content_type.len == 0 || media_is_html(&w->http_content_type)) &&
                         (w->http_encoding.len == 0 ||
                          nd__equals_ci(w->http_encoding.text, w->http_encoding.len, "identity"));
                content_charset(&w->http_content_type, &w->charset);
            }
        } else if (is_resource) {
            wanted = w->content_type.len == 0 || media_is_html(&w->content_type);
            content_charset(&w->content_type, &w->charset);
        }
        if (no_memory)
            return ND_ENOMEM;
        if (used > length) {
            rc = report(w, offset, uncompressed, ND_EFORMAT, "HTTP headers longer than the record; skipped");
            resync(w);
            return rc;
        }
        uint64_t rest = length - used;
        int too_big = wanted && rest > ND_MAX_ARTICLE_BYTES;
        nd__buf_reset(&w->body);
        uint64_t got = read_block(w, rest, wanted && !too_big ? &w->body : NULL, &no_memory);
        if (no_memory)
            return ND_ENOMEM;
        if (got < rest) {
            if (!w->gzip || (!w->member_ended && !w->data_error))
                w->finished = 1; /* the input itself ended */
            rc = report(w, offset, uncompressed, ND_EFORMAT,
                        w->gzip && w->data_error ? "gzip data does not inflate; skipped"
                        : w->gzip && w->member_ended ? "record longer than its gzip member (cut short?); skipped"
                                                     : "the file ends inside the record; skipped");
            resync(w);
            return rc;
        }
        if (!record_trailer(w)) {
            rc = report(w, offset, uncompressed, ND_EFORMAT,
                        "block not followed by an empty line (wrong Content-Length?); skipped");
            resync(w);
            return rc;
        }
        if (!is_response && !is_resource) {
            w->stats.other++;
            continue;
        }
        if (wanted && !too_big && w->body.len &&
            (w->http_content_type.len == 0 && w->content_type.len == 0 ? nd__html_sniff(w->body.data, w->body.len) : 1)) {
            /* handed out below */
        } else if (too_big) {
            w->stats.too_big++;
            char what[96];
            snprintf(what, sizeof what, "HTML body over %u bytes; skipped", ND_MAX_ARTICLE_BYTES);
            return report(w, offset, uncompressed, ND_ETOOBIG, what);
        } else {
            w->stats.not_html++;
            continue;
        }
        w->stats.articles++;
        nd__raw_article *raw = &record->raw;
        if (w->id.len) {
            raw->id = w->id.text, raw->id_len = w->id.len;
            if (raw->id_len > 2 && raw->id[0] == '<' && raw->id[raw->id_len - 1] == '>')
                raw->id++, raw->id_len -= 2;
        } else {
            snprintf(w->id.text, ND_MAX_WARC_FIELD_BYTES, "offset-%llu", (unsigned long long)offset);
            raw->id = w->id.text, raw->id_len = strlen(w->id.text);
        }
        if (w->url.len)
            raw->url = w->url.text, raw->url_len = w->url.len;
        if (w->date.len)
            raw->published = w->date.text, raw->published_len = w->date.len;
        raw->text = w->body.data;
        raw->text_len = w->body.len;
        raw->text_is_html = 1;
        raw->charset = w->charset.len ? w->charset.text : NULL;
        record->offset = offset;
        record->offset_uncompressed = uncompressed;
        record->http_status = http_status;
        return ND_OK;
    }
}
