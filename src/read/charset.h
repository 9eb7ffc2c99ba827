/*
 * charset.h: which encoding a document's bytes are in. Takes the bytes and what the transport
 * and the document declare; gives an encoding name libxml2 (through iconv) knows. The order:
 * the transport's charset (HTTP Content-Type), then a byte-order mark or the document's own
 * declaration, then what the bytes are; and a declaration the bytes plainly contradict (a page
 * "in gb2312" whose bytes are valid UTF-8 with many multi-byte characters) yields to the bytes.
 */
#ifndef ND_CHARSET_H
#define ND_CHARSET_H

#include <stddef.h>

/* The encoding of bytes that declare none, by their statistics: "UTF-8" when they are valid
 * UTF-8 (ASCII included), else "EUC-JP", "SHIFT_JIS", "GB18030", "KOI8-R", "WINDOWS-1251", or
 * "WINDOWS-1252" (Latin-1's superset) when nothing else fits. Reads at most the first 64 KB. */
const char *nd__charset_detect(const char *data, size_t len);

/* Nonzero when the bytes are valid UTF-8 and hold at least `min_multibyte` multi-byte characters
 * (in the first 64 KB): evidence no other encoding leaves by chance. */
int nd__charset_proves_utf8(const char *data, size_t len, size_t min_multibyte);

/* Nonzero when `name` is UTF-8 under one of its spellings ("utf-8", "UTF8"). */
int nd__charset_is_utf8(const char *name);

/* The charset parameter of a Content-Type ("text/xml; charset=\"iso-8859-1\"") into out
 * (NUL-terminated, at most size - 1 bytes of letters, digits, '-', '_', '.', ':'); returns its
 * length, 0 when there is none. */
size_t nd__charset_of_content_type(const char *content_type, char *out, size_t size);

/* The encoding an XML declaration names (<?xml version="1.0" encoding="koi8-r"?>) into out, as
 * above; 0 when there is no declaration or it names none. A byte-order mark before it is
 * skipped. */
size_t nd__charset_of_xml(const char *data, size_t len, char *out, size_t size);

/* Nonzero when the bytes start with a UTF-8, UTF-16 or UTF-32 byte-order mark. */
int nd__charset_has_bom(const char *data, size_t len);

#endif
