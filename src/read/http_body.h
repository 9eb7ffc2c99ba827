/*
 * http_body.h: an HTTP response body as it was sent, to the bytes of its resource. Takes the
 * body and the response's Transfer-Encoding and Content-Encoding; undoes chunked transfer and
 * gzip, x-gzip or deflate (zlib-wrapped or raw) content coding, within a ceiling. Archives
 * (WARC, ARC) keep responses as the server sent them, so their readers need this; fetch.c has
 * libcurl for it.
 */
#ifndef ND_HTTP_BODY_H
#define ND_HTTP_BODY_H

#include <stddef.h>

#include "util.h"

/* Nonzero when the codings named are ones nd__http_body_decode undoes ("" and "identity"
 * count; "br" and the rest do not). `transfer` and `content` may be NULL. */
int nd__http_body_decodable(const char *transfer, const char *content);

/* Decodes body[0..len) into `out` (reset first; its ceiling bounds the result). Returns ND_OK,
 * ND_EFORMAT (*why says what: bad chunk size, data that does not inflate, a coding not known),
 * ND_ETOOBIG (past the ceiling of `out`) or ND_ENOMEM. A body with no coding is copied. A
 * chunked body cut before its last chunk keeps what arrived (*why notes it, ND_OK). */
int nd__http_body_decode(const char *body, size_t len, const char *transfer, const char *content,
                         nd__buf *out, const char **why);

#endif
