/*
 * http_body.c: chunked transfer and gzip/deflate content decoding of archived HTTP bodies
 * (http_body.h), with zlib, in bounded memory.
 */
#include "http_body.h"

#include <string.h>
#include <zlib.h>

#include "newsdesk.h"

/* Nonzero when a comma-separated list of codings holds `name` (case-insensitive). */
static int names(const char *list, const char *name)
{
    if (!list)
        return 0;
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        size_t k = strcspn(p, ", \t;");
        if (k == n && nd__equals_ci(p, k, name))
            return 1;
        p += k;
        while (*p && *p != ',')
            p++;
    }
    return 0;
}

static int is_none(const char *coding)
{
    return !coding || !coding[0] || nd__equals_ci(coding, strlen(coding), "identity");
}

static int is_gzip(const char *coding) { return names(coding, "gzip") || names(coding, "x-gzip"); }
static int is_deflate(const char *coding) { return names(coding, "deflate"); }

int nd__http_body_decodable(const char *transfer, const char *content)
{
    int transfer_ok = is_none(transfer) || (names(transfer, "chunked") && !is_gzip(transfer) && !is_deflate(transfer)) ||
                      is_gzip(transfer) || is_deflate(transfer);
    int content_ok = is_none(content) || is_gzip(content) || is_deflate(content);
    return transfer_ok && content_ok;
}

/* Undoes chunked transfer coding into `out`. */
static int dechunk(const char *body, size_t len, nd__buf *out, const char **why)
{
    size_t i = 0;
    for (;;) {
        size_t size = 0, digits = 0;
        while (i < len && (nd__is_digit((unsigned char)body[i]) || (body[i] >= 'a' && body[i] <= 'f') ||
                           (body[i] >= 'A' && body[i] <= 'F'))) {
            unsigned char c = (unsigned char)body[i];
            unsigned v = nd__is_digit(c) ? c - '0' : (nd__to_lower(c) - 'a' + 10);
            if (size > ((size_t)1 << 40))
                break;
            size = size * 16 + v;
            i++, digits++;
        }
        if (i >= len) {
            if (out->len) {
                *why = "chunked body cut short; the chunks before the cut kept";
                return ND_OK;
            }
            *why = "chunked body cut short";
            return ND_EFORMAT;
        }
        if (!digits) {
            *why = "bad chunk size in a chunked body";
            return ND_EFORMAT;
        }
        const char *nl = memchr(body + i, '\n', len - i); /* extensions up to the line end */
        if (!nl) {
            *why = out->len ? "chunked body cut short; the chunks before the cut kept" : "chunked body cut short";
            return out->len ? ND_OK : ND_EFORMAT;
        }
        i = (size_t)(nl - body) + 1;
        if (size == 0)
            return ND_OK; /* the last chunk; trailers ignored */
        size_t take = size < len - i ? size : len - i;
        int rc = nd__buf_append(out, body + i, take);
        if (rc != ND_OK)
            return rc;
        if (take < size) {
            *why = "chunked body cut short; the chunks before the cut kept";
            return ND_OK;
        }
        i += size;
        if (i < len && body[i] == '\r')
            i++;
        if (i < len && body[i] == '\n')
            i++;
    }
}

/* Inflates gzip (windowBits 16+), zlib (15) or raw deflate (-15) data into `out`. */
static int inflate_into(const char *data, size_t len, int window_bits, nd__buf *out, const char **why)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, window_bits) != Z_OK)
        return ND_ENOMEM;
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    unsigned char chunk[16384];
    int rc = ND_OK;
    for (;;) {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        int zr = inflate(&z, Z_NO_FLUSH);
        size_t produced = sizeof chunk - z.avail_out;
        if (produced && (rc = nd__buf_append(out, (const char *)chunk, produced)) != ND_OK)
            break;
        if (zr == Z_STREAM_END)
            break;
        if (zr == Z_BUF_ERROR && z.avail_in == 0) {
            *why = "compressed body cut short; what inflated kept";
            if (!out->len) {
                *why = "compressed body cut short";
                rc = ND_EFORMAT;
            }
            break;
        }
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            *why = zr == Z_MEM_ERROR ? "out of memory" : "compressed body does not inflate";
            rc = zr == Z_MEM_ERROR ? ND_ENOMEM : ND_EFORMAT;
            break;
        }
    }
    inflateEnd(&z);
    return rc;
}

int nd__http_body_decode(const char *body, size_t len, const char *transfer, const char *content,
                         nd__buf *out, const char **why)
{
    static const char *none = "";
    *why = none;
    nd__buf_reset(out);
    if (!nd__http_body_decodable(transfer, content)) {
        *why = "a content or transfer coding not supported";
        return ND_EFORMAT;
    }
    nd__buf chunks;
    nd__buf_init(&chunks, out->limit);
    int rc = ND_OK;
    if (names(transfer, "chunked")) {
        rc = dechunk(body, len, &chunks, why);
        body = chunks.data ? chunks.data : "", len = chunks.len;
    }
    /* a coding named in Transfer-Encoding (rare) is undone the same way */
    const char *coding = !is_none(content) ? content : (is_gzip(transfer) || is_deflate(transfer)) ? transfer : NULL;
    if (rc == ND_OK) {
        if (is_gzip(coding)) {
            rc = inflate_into(body, len, 16 + MAX_WBITS, out, why);
        } else if (is_deflate(coding)) {
            /* "deflate" is zlib-wrapped by the standard, raw by many servers: zlib's header says */
            int zlib = len >= 2 && (((unsigned char)body[0] << 8) | (unsigned char)body[1]) % 31 == 0 &&
                       ((unsigned char)body[0] & 0x0F) == 8;
            rc = inflate_into(body, len, zlib ? MAX_WBITS : -MAX_WBITS, out, why);
        } else {
            rc = nd__buf_append(out, body, len);
        }
    }
    nd__buf_release(&chunks);
    if (rc == ND_ETOOBIG)
        *why = "body too large once decoded";
    return rc;
}
