/*
 * feed.c: news feeds in, items out. Takes one document (RSS 2.0 and 0.9x in no namespace or a
 * default one, with or without a channel; RSS 1.0; Atom 1.0 and 0.3; CDF; JSON Feed 1.x), gives the feed's title and its items: guid, link, title, date (UTC),
 * full content when the feed carries it, summary. Also reads and writes OPML subscription lists.
 *
 * XML is parsed by libxml2 with no network access and no DTD loading; a document whose DOCTYPE
 * declares entities is read only when they are harmless (plain text, bounded, see
 * entities_safe), so an entity bomb costs one scan of its prolog. A bare '&' ("?id=5&page=2")
 * is escaped before parsing rather than left to the recovery that would eat what follows it.
 * The encoding comes from the transport (HTTP), else the document, else its bytes (charset.h). Documents over ND_MAX_FEED_BYTES are refused. Malformed XML is
 * recovered when libxml2 can (a feed cut short still gives the items before the cut) and the
 * first error is kept as a warning; a document with no feed in it is an error naming the line.
 * Every string handed out is valid UTF-8.
 */
#include "feed.h"

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "date.h"
#include "newsdesk.h"
#include "text.h"
#include "utf8.h"
#include "util.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_MEDIA "http://search.yahoo.com/mrss/"
#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define NS_ATOM03 "http://purl.org/atom/ns#"

/* Internal entities a feed may declare and use: plain text, no entity inside another, no
 * external ones; at most this many, each at most this long. */
#define MAX_ENTITIES 64
#define MAX_ENTITY_VALUE_BYTES 1024


/* ---- strings ------------------------------------------------------------------------------ */
/* A malloc'd valid UTF-8 copy of text[0..len), spaces trimmed, cut at `limit` bytes; NULL for
 * empty text. *no_memory is set when allocation fails. The spaces are trimmed after the repair
 * too: a control character it drops (DEL) may have hidden a space behind it, and a copy read
 * back must be the copy written. */
static char *clean_copy(const char *text, size_t len, size_t limit, int *no_memory)
{
    if (!text)
        return NULL;
    while (len && nd__is_space((unsigned char)*text))
        text++, len--;
    while (len && nd__is_space((unsigned char)text[len - 1]))
        len--;
    if (len == 0)
        return NULL;
    if (len > limit)
        len = limit;
    nd__buf buf;
    nd__buf_init(&buf, 4 * len + 16);
    long rc = nd__utf8_clean(text, len, &buf);
    if (rc < 0 || !buf.data) {
        nd__buf_release(&buf);
        if (rc != 0)
            *no_memory = 1;
        return NULL;
    }
    size_t start = 0, end = buf.len;
    while (start < end && nd__is_space((unsigned char)buf.data[start]))
        start++;
    while (end > start && nd__is_space((unsigned char)buf.data[end - 1]))
        end--;
    if (end == start) {
        nd__buf_release(&buf);
        return NULL;
    }
    memmove(buf.data, buf.data + start, end - start);
    buf.len = end - start;
    buf.data[buf.len] = '\0';
    size_t out_len;
    return nd__buf_take(&buf, &out_len);
}

/* ---- dates -------------------------------------------------------------------------------- */
static int read_number(const char **s, int min_digits, int max_digits, int *value)
{
    int v = 0, n = 0;
    while (n < max_digits && nd__is_digit((unsigned char)**s)) {
        v = v * 10 + (**s - '0');
        (*s)++, n++;
    }
    *value = v;
    return n >= min_digits;
}

static void skip_spaces(const char **s)
{
    while (nd__is_space((unsigned char)**s))
        (*s)++;
}

/* "+hhmm", "+hh:mm", "Z", "GMT", "UT", "UTC", US zones; the offset east of UTC in minutes.
 * Returns 0 for something else (military letters and unknown names count as UTC, RFC 5322). */
static int read_zone(const char **s, int *minutes)
{
    *minutes = 0;
    skip_spaces(s);
    const char *z = *s;
    if (*z == '+' || *z == '-') {
        int sign = *z == '-' ? -1 : 1;
        z++;
        int hh, mm = 0;
        if (!read_number(&z, 2, 2, &hh))
            return 0;
        if (*z == ':')
            z++;
        read_number(&z, 0, 2, &mm);
        if (hh > 23 || mm > 59)
            return 0;
        *minutes = sign * (hh * 60 + mm);
        *s = z;
        return 1;
    }
    static const struct { const char *name; int offset; } zones[] = {
        {"UTC", 0}, {"GMT", 0}, {"UT", 0}, {"Z", 0}, {"EST", -300}, {"EDT", -240}, {"CST", -360},
        {"CDT", -300}, {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420}};
    size_t len = 0;
    while (nd__is_alpha((unsigned char)z[len]))
        len++;
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (nd__equals_ci(z, len, zones[i].name) && strlen(zones[i].name) == len) {
            *minutes = zones[i].offset;
            *s = z + len;
            return 1;
        }
    *s = z + len;
    return 1; /* no zone or an unknown one: UTC */
}

static int write_utc(int y, int mo, int d, int h, int mi, int se, int zone_minutes, char *out)
{
    if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > nd__days_in_month(y, mo) || h > 23 ||
        mi > 59 || se > 60)
        return 0;
    if (se == 60)
        se = 59;
    long long t = nd__seconds_from_civil(y, mo, d, h, mi, se) - zone_minutes * 60LL;
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    long long rest = t - days * 86400;
    nd__civil_from_days((long)days, &y, &mo, &d);
    if (y < 1 || y > 9999)
        return 0;
    char text[64];
    snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, (int)(rest / 3600),
             (int)(rest / 60 % 60), (int)(rest % 60));
    memcpy(out, text, 21);
    return 1;
}

/* RFC 2822 (and RFC 822's two-digit years): "[Day,] D Mon YYYY HH:MM[:SS] [zone]". */
static int rfc2822_date(const char *s, char *out)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    skip_spaces(&s);
    if (nd__is_alpha((unsigned char)*s)) { /* the day name */
        while (nd__is_alpha((unsigned char)*s))
            s++;
        skip_spaces(&s);
        if (*s == ',')
            s++;
        skip_spaces(&s);
    }
    int d, y, h = 0, mi = 0, se = 0, mo = 0;
    if (!read_number(&s, 1, 2, &d))
        return 0;
    skip_spaces(&s);
    for (int i = 0; i < 12; i++)
        if (nd__equals_ci(s, 3, months[i]))
            mo = i + 1;
    if (!mo)
        return 0;
    while (nd__is_alpha((unsigned char)*s)) /* "Jun" or "June" */
        s++;
    skip_spaces(&s);
    const char *year = s;
    if (!read_number(&s, 2, 4, &y))
        return 0;
    if (s - year == 2)
        y += y < 50 ? 2000 : 1900;
    else if (s - year == 3)
        y += 1900;
    skip_spaces(&s);
    int zone = 0;
    if (nd__is_digit((unsigned char)*s)) {
        if (!read_number(&s, 1, 2, &h) || *s++ != ':' || !read_number(&s, 2, 2, &mi))
            return 0;
        if (*s == ':') {
            s++;
            if (!read_number(&s, 2, 2, &se))
                return 0;
        }
        if (!read_zone(&s, &zone))
            return 0;
    }
    return write_utc(y, mo, d, h, mi, se, zone, out);
}

/* ISO 8601 / RFC 3339: "YYYY-MM-DD[Thh:mm[:ss[.frac]][zone]]". A date alone stays a date. */
static int iso_date(const char *s, char *out)
{
    skip_spaces(&s);
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (!read_number(&s, 4, 4, &y) || *s++ != '-' || !read_number(&s, 2, 2, &mo) || *s++ != '-' ||
        !read_number(&s, 2, 2, &d))
        return 0;
    if (*s != 'T' && *s != 't' && *s != ' ') {
        if (mo < 1 || mo > 12 || d < 1 || d > nd__days_in_month(y, mo))
            return 0;
        char text[64];
        snprintf(text, sizeof text, "%04d-%02d-%02d", y, mo, d);
        memcpy(out, text, 11);
        return 1;
    }
    s++;
    if (!read_number(&s, 2, 2, &h) || *s++ != ':' || !read_number(&s, 2, 2, &mi))
        return 0;
    if (*s == ':') {
        s++;
        if (!read_number(&s, 2, 2, &se))
            return 0;
        if (*s == '.' || *s == ',')
            for (s++; nd__is_digit((unsigned char)*s); s++)
                ;
    }
    int zone = 0;
    if (!read_zone(&s, &zone))
        return 0;
    return write_utc(y, mo, d, h, mi, se, zone, out);
}

int nd__feed_date(const char *text, char *out)
{
    if (!text)
        return 0;
    const char *s = text;
    skip_spaces(&s);
    if (nd__is_digit((unsigned char)s[0]) && nd__is_digit((unsigned char)s[1]) &&
        nd__is_digit((unsigned char)s[2]) && nd__is_digit((unsigned char)s[3]) && s[4] == '-')
        return iso_date(s, out);
    return rfc2822_date(s, out);
}

/* ---- XML helpers -------------------------------------------------------------------------- */
static int is_element(const xmlNode *node, const char *ns, const char *name)
{
    if (!node || node->type != XML_ELEMENT_NODE || strcmp((const char *)node->name, name) != 0)
        return 0;
    if (!ns)
        return 1;
    if (strcmp(ns, "") == 0)
        return node->ns == NULL;
    return node->ns && node->ns->href && strcmp((const char *)node->ns->href, ns) == 0;
}

static xmlNode *child(const xmlNode *parent, const char *ns, const char *name)
{
    for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
        if (is_element(c, ns, name))
            return c;
    return NULL;
}

/* The element's text (all text below it) as a clean copy. */
static char *text_of(xmlNode *node, size_t limit, int *no_memory)
{
    if (!node)
        return NULL;
    xmlChar *content = xmlNodeGetContent(node);
    if (!content)
        return NULL;
    char *copy = clean_copy((const char *)content, strlen((const char *)content), limit, no_memory);
    xmlFree(content);
    return copy;
}

/* The XML below a node (Atom type="xhtml"), serialised. */
static char *inner_xml(xmlDoc *doc, xmlNode *node, size_t limit, int *no_memory)
{
    xmlBuffer *buffer = xmlBufferCreate();
    if (!buffer) {
        *no_memory = 1;
        return NULL;
    }
    for (xmlNode *c = node->children; c; c = c->next) {
        xmlNodeDump(buffer, doc, c, 0, 0);
        if ((size_t)xmlBufferLength(buffer) > limit)
            break;
    }
    char *copy = clean_copy((const char *)xmlBufferContent(buffer), (size_t)xmlBufferLength(buffer), limit, no_memory);
    xmlBufferFree(buffer);
    return copy;
}

static char *absolute(const char *link, const char *base, int *no_memory)
{
    if (!link || !base)
        return link ? strdup(link) : NULL;
    xmlChar *built = xmlBuildURI((const xmlChar *)link, (const xmlChar *)base);
    if (!built)
        return strdup(link);
    char *copy = clean_copy((const char *)built, strlen((const char *)built), ND_MAX_FEED_FIELD_BYTES, no_memory);
    xmlFree(built);
    return copy;
}

static void set_date(nd__feed_item *item, const char *text, int *no_memory)
{
    char iso[24];
    if (item->published || !text || !nd__feed_date(text, iso))
        return;
    item->published = strdup(iso);
    if (!item->published)
        *no_memory = 1;
}

/* The internal subset of a DOCTYPE in the prolog: [*start, *end) between "[" and "]>", or 0. */
static int internal_subset(const char *data, size_t len, size_t *start, size_t *end)
{
    size_t i = 0;
    while (i < len) {
        const char *lt = memchr(data + i, '<', len - i);
        if (!lt)
            return 0;
        i = (size_t)(lt - data);
        if (i + 1 < len && data[i + 1] != '?' && data[i + 1] != '!')
            return 0; /* the root element: the prolog is over */
        if (i + 9 <= len && memcmp(data + i, "<!DOCTYPE", 9) == 0) {
            const char *open = memchr(data + i, '[', len - i);
            const char *close = memchr(data + i, '>', len - i);
            if (open && (!close || open < close)) {
                size_t e = (size_t)(open - data);
                while (e + 1 < len && !(data[e] == ']' && data[e + 1] == '>'))
                    e++;
                *start = (size_t)(open - data) + 1;
                *end = e;
                return 1;
            }
            return 0;
        }
        i++;
    }
    return 0;
}

/* Entities. Feeds need none, and entity bombs (billion laughs, quadratic blowup) live nowhere
 * else; but some well-formed feeds declare one or two for their own text. Those are allowed
 * when harmless: internal, general, plain text (no entity inside another, so nothing grows
 * exponentially), at most MAX_ENTITIES of at most MAX_ENTITY_VALUE_BYTES, and every reference
 * in the document together expanding to at most ND_MAX_FEED_BYTES. Returns 1 when the document
 * declares no entity, 2 when it declares only harmless ones (to be substituted), 0 when it is
 * refused (`why` says why). */
static int entities_safe(const char *data, size_t len, char *why, size_t why_size)
{
    size_t start, end;
    if (!internal_subset(data, len, &start, &end) || nd__find_ci(data + start, end - start, "<!ENTITY") < 0)
        return 1;
    struct { const char *name; size_t name_len, value_len; } entities[MAX_ENTITIES];
    size_t count = 0;
    for (size_t i = start; i < end;) {
        long at = nd__find_ci(data + i, end - i, "<!ENTITY");
        if (at < 0)
            break;
        i += (size_t)at + 8;
        while (i < end && nd__is_space((unsigned char)data[i]))
            i++;
        if (i < end && data[i] == '%') {
            snprintf(why, why_size, "the document declares a parameter entity; refused");
            return 0;
        }
        size_t name = i;
        while (i < end && !nd__is_space((unsigned char)data[i]) && data[i] != '"' && data[i] != '\'')
            i++;
        size_t name_len = i - name;
        while (i < end && nd__is_space((unsigned char)data[i]))
            i++;
        if (i >= end || (data[i] != '"' && data[i] != '\'') || name_len == 0) {
            snprintf(why, why_size, "the document declares an external entity; refused");
            return 0;
        }
        char quote = data[i++];
        size_t value = i;
        while (i < end && data[i] != quote)
            i++;
        size_t value_len = i - value;
        if (memchr(data + value, '&', value_len) || memchr(data + value, '%', value_len) ||
            memchr(data + value, '<', value_len)) {
            snprintf(why, why_size, "the document declares an entity made of entities or markup "
                                    "(an entity bomb?); refused");
            return 0;
        }
        if (value_len > MAX_ENTITY_VALUE_BYTES || count == MAX_ENTITIES) {
            snprintf(why, why_size, "the document declares more than %d entities or one longer than "
                                    "%d bytes; refused", MAX_ENTITIES, MAX_ENTITY_VALUE_BYTES);
            return 0;
        }
        entities[count].name = data + name;
        entities[count].name_len = name_len;
        entities[count].value_len = value_len;
        count++;
    }
    /* what the references would expand to, counted before anything is expanded */
    size_t expansion = 0;
    for (size_t i = end; i < len;) {
        const char *amp = memchr(data + i, '&', len - i);
        if (!amp)
            break;
        i = (size_t)(amp - data) + 1;
        for (size_t k = 0; k < count; k++)
            if (i + entities[k].name_len < len && memcmp(data + i, entities[k].name, entities[k].name_len) == 0 &&
                data[i + entities[k].name_len] == ';') {
                expansion += entities[k].value_len;
                break;
            }
        if (expansion > ND_MAX_FEED_BYTES) {
            snprintf(why, why_size, "the document's entities would expand past %u bytes (an entity "
                                    "bomb?); refused", ND_MAX_FEED_BYTES);
            return 0;
        }
    }
    return 2;
}

/* An '&' that starts no reference ("a.php?id=5&page=2", common in real feeds) is an error XML's
 * recovery repairs by dropping the name after it ("id=5=2"). Outside CDATA sections and
 * comments each such '&' becomes "&amp;" in a copy (malloc'd, *out_len bytes); NULL when the
 * document has none (or no memory: *no_memory). */
static int starts_reference(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '#') {
        i++;
        int hex = i < n && (s[i] == 'x' || s[i] == 'X');
        i += hex;
        size_t digits = 0;
        while (i < n && (nd__is_digit((unsigned char)s[i]) ||
                         (hex && ((s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))))
            i++, digits++;
        return digits && i < n && s[i] == ';';
    }
    if (i >= n || !(nd__is_alpha((unsigned char)s[i]) || s[i] == '_' || s[i] == ':' || (unsigned char)s[i] >= 0x80))
        return 0;
    while (i < n && i < 64 && (nd__is_alpha((unsigned char)s[i]) || nd__is_digit((unsigned char)s[i]) || s[i] == '_' ||
                               s[i] == ':' || s[i] == '-' || s[i] == '.' || (unsigned char)s[i] >= 0x80))
        i++;
    return i < n && s[i] == ';';
}

static char *escape_bare_ampersands(const char *data, size_t len, size_t *out_len, int *no_memory)
{
    nd__buf out;
    int any = 0;
    size_t copied = 0;
    for (size_t i = 0; i < len;) {
        char c = data[i];
        if (c == '<' && i + 9 <= len && memcmp(data + i, "<![CDATA[", 9) == 0) {
            const char *close = NULL;
            for (size_t k = i + 9; k + 3 <= len; k++)
                if (data[k] == ']' && data[k + 1] == ']' && data[k + 2] == '>') {
                    close = data + k;
                    break;
                }
            i = close ? (size_t)(close - data) + 3 : len;
            continue;
        }
        if (c == '<' && i + 4 <= len && memcmp(data + i, "<!--", 4) == 0) {
            long at = nd__find_ci(data + i + 4, len - i - 4, "-->");
            i = at < 0 ? len : i + 4 + (size_t)at + 3;
            continue;
        }
        if (c == '&' && !starts_reference(data + i + 1, len - i - 1)) {
            if (!any) {
                nd__buf_init(&out, (size_t)len * 5 + 16);
                any = 1;
            }
            if (nd__buf_append(&out, data + copied, i + 1 - copied) != ND_OK ||
                nd__buf_append(&out, "amp;", 4) != ND_OK) {
                nd__buf_release(&out);
                *no_memory = 1;
                return NULL;
            }
            copied = i + 1;
        }
        i++;
    }
    if (!any)
        return NULL;
    if (nd__buf_append(&out, data + copied, len - copied) != ND_OK) {
        nd__buf_release(&out);
        *no_memory = 1;
        return NULL;
    }
    return nd__buf_take(&out, out_len);
}

/* ---- items -------------------------------------------------------------------------------- */
static nd__feed_item *new_item(nd__feed *feed, size_t *cap, int *no_memory)
{
    if (feed->item_count >= ND_MAX_FEED_ITEMS) {
        feed->items_dropped++;
        return NULL;
    }
    if (feed->item_count == *cap) {
        size_t grown = *cap ? *cap * 2 : 16;
        nd__feed_item *items = realloc(feed->items, grown * sizeof *items);
        if (!items) {
            *no_memory = 1;
            return NULL;
        }
        feed->items = items;
        *cap = grown;
    }
    nd__feed_item *item = &feed->items[feed->item_count++];
    memset(item, 0, sizeof *item);
    return item;
}

/* RSS 2.0 <item> and RSS 1.0 <item> share their fields (namespaces aside). */
/* media:title of an item, in the item, its media:group or a media:content. */
static xmlNode *media_title(const xmlNode *node)
{
    xmlNode *title = child(node, NS_MEDIA, "title");
    for (xmlNode *c = node->children; c && !title; c = c->next)
        if (is_element(c, NS_MEDIA, "group") || is_element(c, NS_MEDIA, "content"))
            title = child(c, NS_MEDIA, "title");
    return title;
}

/* Dublin Core dates (dc:date, dcterms:issued, created, modified, date), for items whose own
 * date element is missing or unreadable; the first readable one wins. */
static void dublin_core_dates(xmlNode *node, nd__feed_item *item, int *no_memory)
{
    static const char *const names[] = {"issued", "created", "date", "modified"};
    char *date = text_of(child(node, NS_DC, "date"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    set_date(item, date, no_memory);
    free(date);
    for (size_t k = 0; k < sizeof names / sizeof names[0] && !item->published; k++) {
        date = text_of(child(node, NS_DCTERMS, names[k]), ND_MAX_FEED_FIELD_BYTES, no_memory);
        set_date(item, date, no_memory);
        free(date);
    }
}

/* A title from Dublin Core or Media RSS when the item's own is missing. */
static void other_titles(xmlNode *node, nd__feed_item *item, int *no_memory)
{
    if (!item->title)
        item->title = text_of(child(node, NS_DC, "title"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    if (!item->title)
        item->title = text_of(child(node, NS_DCTERMS, "title"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    if (!item->title)
        item->title = text_of(media_title(node), ND_MAX_FEED_FIELD_BYTES, no_memory);
}

static void rss_item(xmlDoc *doc, xmlNode *node, const char *ns, const char *base, nd__feed_item *item,
                     int *no_memory)
{
    item->title = text_of(child(node, ns, "title"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    other_titles(node, item, no_memory);
    char *link = text_of(child(node, ns, "link"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    xmlNode *guid = child(node, ns, "guid");
    item->guid = text_of(guid, ND_MAX_FEED_FIELD_BYTES, no_memory);
    if (!item->guid) {
        xmlChar *about = xmlGetNsProp(node, (const xmlChar *)"about", (const xmlChar *)NS_RDF);
        if (about) {
            item->guid = clean_copy((const char *)about, strlen((const char *)about), ND_MAX_FEED_FIELD_BYTES, no_memory);
            xmlFree(about);
        }
    }
    if (!link && guid && item->guid) {
        /* a guid is a permalink unless it says isPermaLink="false" */
        xmlChar *permalink = xmlGetProp(guid, (const xmlChar *)"isPermaLink");
        int is_link = !permalink || strcmp((const char *)permalink, "false") != 0;
        if (permalink)
            xmlFree(permalink);
        if (is_link && (strncmp(item->guid, "http://", 7) == 0 || strncmp(item->guid, "https://", 8) == 0))
            link = strdup(item->guid);
    }
    item->link = absolute(link, base, no_memory);
    free(link);
    char *date = text_of(child(node, ns, "pubDate"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    set_date(item, date, no_memory);
    free(date);
    dublin_core_dates(node, item, no_memory);
    item->content = text_of(child(node, NS_CONTENT, "encoded"), ND_MAX_FEED_CONTENT_BYTES, no_memory);
    xmlNode *body = item->content ? NULL : child(node, NS_XHTML, "body");
    if (body) /* XHTML inline (<body xmlns="http://www.w3.org/1999/xhtml">) */
        item->content = inner_xml(doc, body, ND_MAX_FEED_CONTENT_BYTES, no_memory);
    item->summary = text_of(child(node, ns, "description"), ND_MAX_FEED_CONTENT_BYTES, no_memory);
    item->content_is_html = 1; /* RSS carries escaped HTML in both */
}

/* Base64 text (RFC 4648, spaces and line ends skipped) decoded into a malloc'd copy; NULL when
 * it is not base64 or decodes to nothing. */
static char *base64_decode(const char *text, size_t *out_len)
{
    size_t len = strlen(text);
    char *out = malloc(len / 4 * 3 + 4);
    if (!out)
        return NULL;
    unsigned bits = 0;
    int have = 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26
              : c >= '0' && c <= '9' ? c - '0' + 52 : c == '+' || c == '-' ? 62 : c == '/' || c == '_' ? 63 : -1;
        if (v < 0) {
            if (c == '=')
                break;
            if (nd__is_space(c))
                continue;
            free(out);
            return NULL;
        }
        bits = bits << 6 | (unsigned)v;
        if (++have == 4) {
            out[o++] = (char)(bits >> 16);
            out[o++] = (char)(bits >> 8);
            out[o++] = (char)bits;
            bits = 0, have = 0;
        }
    }
    if (have == 3) {
        out[o++] = (char)(bits >> 10);
        out[o++] = (char)(bits >> 2);
    } else if (have == 2) {
        out[o++] = (char)(bits >> 4);
    }
    out[o] = '\0';
    *out_len = o;
    if (o == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* Atom text constructs. Atom 1.0: type "text", "html", "xhtml", or a media type (text/... as
 * text, XML types inline, anything else base64, RFC 4287 4.1.3.3). Atom 0.3: a media type and a
 * mode, "xml" (inline), "escaped" (text) or "base64". */
static void atom_text(xmlDoc *doc, xmlNode *node, char **out, int *is_html, int *no_memory)
{
    if (!node || *out)
        return;
    xmlChar *type_attr = xmlGetProp(node, (const xmlChar *)"type");
    xmlChar *mode_attr = xmlGetProp(node, (const xmlChar *)"mode");
    const char *type = type_attr ? (const char *)type_attr : "text";
    const char *mode = mode_attr ? (const char *)mode_attr : NULL;
    int html_type = strcmp(type, "html") == 0 || nd__find_ci(type, strlen(type), "html") >= 0;
    int xml_type = strcmp(type, "xhtml") == 0 || nd__find_ci(type, strlen(type), "xml") >= 0;
    int text_type = strcmp(type, "text") == 0 || strncmp(type, "text/", 5) == 0;
    if ((mode && strcmp(mode, "base64") == 0) || (!mode && !html_type && !xml_type && !text_type)) {
        char *encoded = text_of(node, ND_MAX_FEED_CONTENT_BYTES, no_memory);
        size_t decoded_len = 0;
        char *decoded = encoded ? base64_decode(encoded, &decoded_len) : NULL;
        if (decoded) {
            /* text it is, or nothing (a picture is no article) */
            if (nd__utf8_valid(decoded, decoded_len, 0) && !memchr(decoded, '\0', decoded_len))
                *out = clean_copy(decoded, decoded_len, ND_MAX_FEED_CONTENT_BYTES, no_memory);
            free(decoded);
        } else {
            *out = encoded, encoded = NULL; /* not base64 after all: the text as it is */
        }
        free(encoded);
        *is_html = *out && (html_type || xml_type || (*out)[0] == '<');
    } else if ((mode && strcmp(mode, "xml") == 0 && xml_type) || (!mode && xml_type)) {
        *out = inner_xml(doc, node, ND_MAX_FEED_CONTENT_BYTES, no_memory);
        *is_html = 1;
    } else {
        *out = text_of(node, ND_MAX_FEED_CONTENT_BYTES, no_memory);
        *is_html = html_type || (mode && strcmp(mode, "escaped") == 0 && xml_type);
    }
    if (type_attr)
        xmlFree(type_attr);
    if (mode_attr)
        xmlFree(mode_attr);
}

/* An Atom 1.0 or 0.3 entry (`ns` says which; "" for an Atom feed without its namespace). */
static void atom_entry(xmlDoc *doc, xmlNode *node, const char *ns, const char *base, nd__feed_item *item,
                       int *no_memory)
{
    int title_html = 0;
    atom_text(doc, child(node, ns, "title"), &item->title, &title_html, no_memory);
    if (title_html && item->title) {
        /* an HTML title: its text, tags dropped */
        char *s = item->title, *o = s;
        int in_tag = 0;
        for (; *s; s++) {
            if (*s == '<')
                in_tag = 1;
            else if (*s == '>')
                in_tag = 0;
            else if (!in_tag)
                *o++ = *s;
        }
        *o = '\0';
    }
    other_titles(node, item, no_memory);
    item->guid = text_of(child(node, ns, "id"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    xmlChar *href = NULL;
    for (xmlNode *c = node->children; c; c = c->next) {
        if (!is_element(c, ns, "link"))
            continue;
        xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
        int alternate = !rel || strcmp((const char *)rel, "alternate") == 0;
        if (rel)
            xmlFree(rel);
        if (alternate) {
            href = xmlGetProp(c, (const xmlChar *)"href");
            if (href)
                break;
        }
    }
    if (href) {
        xmlChar *entry_base = xmlNodeGetBase(doc, node);
        char *link = clean_copy((const char *)href, strlen((const char *)href), ND_MAX_FEED_FIELD_BYTES, no_memory);
        item->link = absolute(link, entry_base ? (const char *)entry_base : base, no_memory);
        free(link);
        if (entry_base)
            xmlFree(entry_base);
        xmlFree(href);
    }
    /* Atom 1.0: published, updated; Atom 0.3: issued, created, modified */
    static const char *const dates[] = {"published", "issued", "created", "updated", "modified"};
    for (size_t k = 0; k < sizeof dates / sizeof dates[0] && !item->published; k++) {
        char *date = text_of(child(node, ns, dates[k]), ND_MAX_FEED_FIELD_BYTES, no_memory);
        set_date(item, date, no_memory);
        free(date);
    }
    if (!item->published)
        dublin_core_dates(node, item, no_memory);
    int content_html = 0, summary_html = 0;
    xmlNode *content = child(node, ns, "content");
    xmlChar *src = content ? xmlGetProp(content, (const xmlChar *)"src") : NULL;
    if (src) /* out-of-line content: the page is fetched instead */
        xmlFree(src);
    else
        atom_text(doc, content, &item->content, &content_html, no_memory);
    atom_text(doc, child(node, ns, "summary"), &item->summary, &summary_html, no_memory);
    item->content_is_html = item->content ? content_html : summary_html;
}

/* The encoding to read an XML document in (NULL: as libxml2 finds it, from a byte-order mark or
 * the XML declaration, UTF-8 without either); *override when the document's own declaration is
 * to be ignored. The transport's charset first, then the document's mark or declaration, then
 * the bytes; a declaration the bytes contradict (valid UTF-8 with many multi-byte characters)
 * yields to them. */
static const char *xml_encoding(const char *data, size_t len, const char *charset, int *override)
{
    *override = 0;
    char declared[64];
    if (nd__charset_has_bom(data, len))
        return NULL;
    int proves_utf8 = nd__charset_proves_utf8(data, len, 8);
    if (charset && charset[0]) {
        *override = 1;
        return proves_utf8 ? "UTF-8" : charset;
    }
    if (nd__charset_of_xml(data, len, declared, sizeof declared)) {
        if (!nd__charset_is_utf8(declared) && proves_utf8) {
            *override = 1;
            return "UTF-8";
        }
        return NULL;
    }
    const char *detected = nd__charset_detect(data, len);
    if (nd__charset_is_utf8(detected))
        return NULL;
    *override = 1;
    return detected;
}

/* Items that carry text but no guid, link or title are named by a hash of their text, so that
 * they are read once and not again; items with nothing at all are counted. */
static void identify_items(nd__feed *feed, int *no_memory)
{
    for (size_t i = 0; i < feed->item_count && !*no_memory; i++) {
        nd__feed_item *item = &feed->items[i];
        if (item->guid || item->link || item->title)
            continue;
        if (!item->content && !item->summary) {
            feed->items_empty++;
            continue;
        }
        uint64_t h = nd__hash64(item->content ? item->content : "", item->content ? strlen(item->content) : 0, 0);
        if (item->summary)
            h = nd__hash64(item->summary, strlen(item->summary), h);
        char id[40];
        snprintf(id, sizeof id, "hash:%016llx", (unsigned long long)h);
        if (!(item->guid = strdup(id)))
            *no_memory = 1;
        feed->items_hashed++;
    }
}

/* An element's namespace, "" for none. */
static const char *namespace_of(const xmlNode *node)
{
    return node->ns && node->ns->href ? (const char *)node->ns->href : "";
}

static int is_named_ci(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && node->name &&
           nd__equals_ci((const char *)node->name, strlen((const char *)node->name), name);
}

/* CDF (Microsoft's Channel Definition Format): <CHANNEL HREF> with <ITEM HREF LASTMOD>, each
 * with <TITLE> and <ABSTRACT>, channels nested in channels. Names in any case. */
static void cdf_item(xmlNode *node, nd__feed_item *item, const char *base, int *no_memory)
{
    for (xmlNode *c = node->children; c; c = c->next) {
        if (is_named_ci(c, "TITLE") && !item->title)
            item->title = text_of(c, ND_MAX_FEED_FIELD_BYTES, no_memory);
        else if (is_named_ci(c, "ABSTRACT") && !item->summary)
            item->summary = text_of(c, ND_MAX_FEED_CONTENT_BYTES, no_memory);
    }
    for (xmlAttr *a = node->properties; a; a = a->next) {
        xmlChar *v = xmlNodeGetContent((xmlNode *)a);
        if (!v)
            continue;
        size_t name_len = strlen((const char *)a->name);
        if (nd__equals_ci((const char *)a->name, name_len, "HREF") && !item->link) {
            char *link = clean_copy((const char *)v, strlen((const char *)v), ND_MAX_FEED_FIELD_BYTES, no_memory);
            item->link = absolute(link, base, no_memory);
            free(link);
        } else if (nd__equals_ci((const char *)a->name, name_len, "LASTMOD")) {
            set_date(item, (const char *)v, no_memory);
        }
        xmlFree(v);
    }
}

static void cdf_items(xmlNode *root, nd__feed *feed, size_t *cap, const char *base, int *no_memory)
{
    xmlNode *node = root->children;
    while (node && !*no_memory) {
        if (is_named_ci(node, "ITEM")) {
            nd__feed_item *item = new_item(feed, cap, no_memory);
            if (item)
                cdf_item(node, item, base, no_memory);
        } else if (is_named_ci(node, "CHANNEL") && node->children) {
            node = node->children; /* a channel inside: its items too */
            continue;
        }
        while (node && node != root && !node->next)
            node = node->parent;
        node = node && node != root ? node->next : NULL;
    }
}

static int parse_xml(const char *data, size_t len, const char *base, const char *charset, nd__feed *feed,
                     char *why, size_t why_size)
{
    int entities = entities_safe(data, len, why, why_size);
    if (!entities)
        return ND_EFORMAT;
    int no_memory = 0;
    size_t escaped_len = 0;
    char *escaped = escape_bare_ampersands(data, len, &escaped_len, &no_memory);
    if (no_memory)
        return ND_ENOMEM;
    if (escaped)
        data = escaped, len = escaped_len; /* at most 5 times ND_MAX_FEED_BYTES */
    int override = 0;
    const char *encoding = xml_encoding(data, len, charset, &override);
    if (encoding) {
        xmlCharEncodingHandler *handler = xmlFindCharEncodingHandler(encoding);
        if (handler)
            xmlCharEncCloseFunc(handler);
        else
            encoding = NULL, override = 0; /* a name libxml2 does not know: as the document says */
    }
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        free(escaped);
        return ND_ENOMEM;
    }
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                  XML_PARSE_RECOVER | XML_PARSE_NOBLANKS | (entities == 2 ? XML_PARSE_NOENT : 0) |
                  (override ? XML_PARSE_IGNORE_ENC : 0);
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, base, encoding, options);
    const xmlError *error = xmlCtxtGetLastError(ctxt);
    char error_text[160] = "";
    if (error && error->message) {
        snprintf(error_text, sizeof error_text, "line %d: %s", error->line, error->message);
        size_t n = strlen(error_text);
        while (n && (error_text[n - 1] == '\n' || error_text[n - 1] == ' '))
            error_text[--n] = '\0';
    }
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    int rc = ND_OK;
    size_t cap = 0;
    if (!root) {
        snprintf(why, why_size, "not XML (%s)", error_text[0] ? error_text : "no root element");
        rc = ND_EFORMAT;
    } else if (is_element(root, NULL, "rss")) {
        /* RSS 0.9x/2.0, in no namespace or a default one (xmlns="http://backend.userland.com/rss2");
         * items in the channel, or straight under <rss> when there is no channel */
        feed->kind = ND__FEED_RSS2;
        const char *ns = namespace_of(root);
        xmlNode *channel = child(root, ns, "channel");
        feed->title = text_of(child(channel, ns, "title"), ND_MAX_FEED_FIELD_BYTES, &no_memory);
        feed->link = text_of(child(channel, ns, "link"), ND_MAX_FEED_FIELD_BYTES, &no_memory);
        for (int pass = 0; pass < 2; pass++)
            for (xmlNode *c = pass == 0 ? (channel ? channel->children : NULL) : root->children; c && !no_memory;
                 c = c->next)
                if (is_element(c, ns, "item")) {
                    nd__feed_item *item = new_item(feed, &cap, &no_memory);
                    if (item)
                        rss_item(doc, c, ns, base ? base : feed->link, item, &no_memory);
                }
    } else if (is_element(root, NS_RDF, "RDF")) {
        feed->kind = ND__FEED_RSS1;
        const char *ns = NS_RSS1;
        xmlNode *channel = child(root, ns, "channel");
        if (!channel && (channel = child(root, NS_RSS090, "channel")))
            ns = NS_RSS090;
        feed->title = text_of(child(channel, ns, "title"), ND_MAX_FEED_FIELD_BYTES, &no_memory);
        feed->link = text_of(child(channel, ns, "link"), ND_MAX_FEED_FIELD_BYTES, &no_memory);
        for (xmlNode *c = root->children; c && !no_memory; c = c->next)
            if (is_element(c, ns, "item")) {
                nd__feed_item *item = new_item(feed, &cap, &no_memory);
                if (item)
                    rss_item(doc, c, ns, base ? base : feed->link, item, &no_memory);
            }
    } else if (is_element(root, NS_ATOM, "feed") || is_element(root, NS_ATOM03, "feed") ||
               is_element(root, "", "feed")) {
        feed->kind = ND__FEED_ATOM;
        const char *ns = namespace_of(root);
        int html = 0;
        atom_text(doc, child(root, ns, "title"), &feed->title, &html, &no_memory);
        for (xmlNode *c = root->children; c && !no_memory; c = c->next)
            if (is_element(c, ns, "entry")) {
                nd__feed_item *item = new_item(feed, &cap, &no_memory);
                if (item)
                    atom_entry(doc, c, ns, base, item, &no_memory);
            }
    } else if (is_named_ci(root, "CHANNEL") && !root->ns) {
        feed->kind = ND__FEED_CDF;
        for (xmlNode *c = root->children; c; c = c->next)
            if (is_named_ci(c, "TITLE") && !feed->title)
                feed->title = text_of(c, ND_MAX_FEED_FIELD_BYTES, &no_memory);
        cdf_items(root, feed, &cap, base, &no_memory);
    } else {
        snprintf(why, why_size, "not a feed (the root element is <%.40s>)", (const char *)root->name);
        rc = ND_EFORMAT;
    }
    if (rc == ND_OK && error_text[0])
        snprintf(feed->warning, sizeof feed->warning, "XML repaired (%s)", error_text);
    if (rc == ND_OK)
        identify_items(feed, &no_memory);
    if (doc)
        xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    free(escaped);
    return no_memory ? ND_ENOMEM : rc;
}

/* ---- JSON Feed ---------------------------------------------------------------------------- */
static char *json_text(const cJSON *object, const char *key, size_t limit, int *no_memory)
{
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!cJSON_IsString(value) || !value->valuestring)
        return NULL;
    return clean_copy(value->valuestring, strlen(value->valuestring), limit, no_memory);
}

static int parse_json(const char *data, size_t len, const char *base, nd__feed *feed, char *why, size_t why_size)
{
    cJSON *json = cJSON_ParseWithLength(data, len);
    if (!json) {
        const char *at = cJSON_GetErrorPtr();
        long line = 1;
        if (at && at >= data && at <= data + len)
            for (const char *p = data; p < at; p++)
                line += *p == '\n';
        snprintf(why, why_size, "not valid JSON (near line %ld)", line);
        return ND_EFORMAT;
    }
    int rc = ND_OK, no_memory = 0;
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(json, "version");
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(json, "items");
    if (!cJSON_IsString(version) || strncmp(version->valuestring, "https://jsonfeed.org/version/", 29) != 0 ||
        !cJSON_IsArray(items)) {
        snprintf(why, why_size, "not a JSON Feed (no \"version\" https://jsonfeed.org/version/... with \"items\")");
        rc = ND_EFORMAT;
    } else {
        feed->kind = ND__FEED_JSON;
        feed->title = json_text(json, "title", ND_MAX_FEED_FIELD_BYTES, &no_memory);
        feed->link = json_text(json, "home_page_url", ND_MAX_FEED_FIELD_BYTES, &no_memory);
        size_t cap = 0;
        const cJSON *entry;
        cJSON_ArrayForEach(entry, items)
        {
            if (no_memory)
                break;
            if (!cJSON_IsObject(entry))
                continue;
            nd__feed_item *item = new_item(feed, &cap, &no_memory);
            if (!item)
                continue;
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(entry, "id");
            if (cJSON_IsNumber(id)) {
                char digits[32];
                snprintf(digits, sizeof digits, "%.17g", id->valuedouble);
                item->guid = strdup(digits);
            } else {
                item->guid = json_text(entry, "id", ND_MAX_FEED_FIELD_BYTES, &no_memory);
            }
            item->title = json_text(entry, "title", ND_MAX_FEED_FIELD_BYTES, &no_memory);
            char *link = json_text(entry, "url", ND_MAX_FEED_FIELD_BYTES, &no_memory);
            if (!link)
                link = json_text(entry, "external_url", ND_MAX_FEED_FIELD_BYTES, &no_memory);
            item->link = absolute(link, base ? base : feed->link, &no_memory);
            free(link);
            char *date = json_text(entry, "date_published", ND_MAX_FEED_FIELD_BYTES, &no_memory);
            set_date(item, date, &no_memory);
            free(date);
            date = json_text(entry, "date_modified", ND_MAX_FEED_FIELD_BYTES, &no_memory);
            set_date(item, date, &no_memory);
            free(date);
            item->content = json_text(entry, "content_html", ND_MAX_FEED_CONTENT_BYTES, &no_memory);
            item->content_is_html = item->content != NULL;
            if (!item->content)
                item->content = json_text(entry, "content_text", ND_MAX_FEED_CONTENT_BYTES, &no_memory);
            item->summary = json_text(entry, "summary", ND_MAX_FEED_CONTENT_BYTES, &no_memory);
        }
    }
    if (rc == ND_OK)
        identify_items(feed, &no_memory);
    cJSON_Delete(json);
    return no_memory ? ND_ENOMEM : rc;
}

/* ---- the interface ------------------------------------------------------------------------ */
int nd__feed_parse(const char *data, size_t len, const char *base_url, nd__feed *feed, char *why,
                   size_t why_size)
{
    return nd__feed_parse_charset(data, len, base_url, NULL, feed, why, why_size);
}

int nd__feed_parse_charset(const char *data, size_t len, const char *base_url, const char *charset,
                           nd__feed *feed, char *why, size_t why_size)
{
    memset(feed, 0, sizeof *feed);
    if (why_size)
        why[0] = '\0';
    if (len > ND_MAX_FEED_BYTES) {
        snprintf(why, why_size, "feed larger than %u bytes; refused", ND_MAX_FEED_BYTES);
        return ND_ETOOBIG;
    }
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && nd__is_space((unsigned char)data[i]))
        i++;
    if (i == len) {
        snprintf(why, why_size, "empty document");
        return ND_EFORMAT;
    }
    int rc = data[i] == '{' ? parse_json(data + i, len - i, base_url, feed, why, why_size)
                            : parse_xml(data, len, base_url, charset, feed, why, why_size);
    if (rc != ND_OK)
        nd__feed_free(feed);
    return rc;
}

void nd__feed_free(nd__feed *feed)
{
    if (!feed)
        return;
    for (size_t i = 0; i < feed->item_count; i++) {
        nd__feed_item *item = &feed->items[i];
        free(item->guid);
        free(item->link);
        free(item->title);
        free(item->published);
        free(item->content);
        free(item->summary);
    }
    free(feed->items);
    free(feed->title);
    free(feed->link);
    memset(feed, 0, sizeof *feed);
}

/* ---- OPML --------------------------------------------------------------------------------- */

static char *attribute(xmlNode *node, const char *name, int *no_memory)
{
    xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
    if (!value)
        return NULL;
    char *copy = clean_copy((const char *)value, strlen((const char *)value), ND_MAX_FEED_FIELD_BYTES, no_memory);
    xmlFree(value);
    return copy;
}

int nd__opml_parse(const char *data, size_t len, nd__opml_entry **entries, size_t *count, char *why,
                   size_t why_size)
{
    *entries = NULL;
    *count = 0;
    if (len > ND_MAX_FEED_BYTES) {
        snprintf(why, why_size, "OPML larger than %u bytes; refused", ND_MAX_FEED_BYTES);
        return ND_ETOOBIG;
    }
    int entities = entities_safe(data, len, why, why_size);
    if (!entities)
        return ND_EFORMAT;
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return ND_ENOMEM;
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                        (entities == 2 ? XML_PARSE_NOENT : 0));
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || !is_element(root, NULL, "opml")) {
        const xmlError *error = xmlCtxtGetLastError(ctxt);
        if (!root && error && error->message)
            snprintf(why, why_size, "not XML (line %d: %.100s)", error->line, error->message);
        else
            snprintf(why, why_size, "not an OPML document (no <opml> root)");
        size_t n = strlen(why);
        while (n && (why[n - 1] == '\n' || why[n - 1] == ' '))
            why[--n] = '\0';
        if (doc)
            xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return ND_EFORMAT;
    }
    nd__vec list = {0};
    int no_memory = 0;
    /* walk every element without recursion */
    xmlNode *node = root;
    while (node && !no_memory) {
        if (is_element(node, NULL, "outline") && list.count < ND_MAX_OPML_ENTRIES) {
            char *url = attribute(node, "xmlUrl", &no_memory);
            if (!url)
                url = attribute(node, "xmlurl", &no_memory);
            int duplicate = 0;
            for (size_t i = 0; url && i < list.count; i++)
                duplicate |= strcmp(((nd__opml_entry *)list.items)[i].url, url) == 0;
            if (url && !duplicate) {
                nd__opml_entry *entry = nd__vec_push(&list, sizeof *entry);
                if (!entry) {
                    no_memory = 1;
                    free(url);
                } else {
                    entry->url = url;
                    entry->title = attribute(node, "text", &no_memory);
                    if (!entry->title)
                        entry->title = attribute(node, "title", &no_memory);
                }
            } else {
                free(url);
            }
        }
        if (node->children)
            node = node->children;
        else {
            while (node && node != root && !node->next)
                node = node->parent;
            node = node && node != root ? node->next : NULL;
        }
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    *entries = list.items;
    *count = list.count;
    if (no_memory) {
        nd__opml_free(*entries, *count);
        *entries = NULL;
        *count = 0;
        return ND_ENOMEM;
    }
    return ND_OK;
}

void nd__opml_free(nd__opml_entry *entries, size_t count)
{
    for (size_t i = 0; entries && i < count; i++) {
        free(entries[i].url);
        free(entries[i].title);
    }
    free(entries);
}

/* Text for an OPML attribute or element: the one escaper (text.c). */
static int put_escaped(nd__buf *out, const char *s) { return s ? nd__escape_html(out, s, strlen(s)) : ND_OK; }

static int put_text(nd__buf *out, const char *s) { return nd__buf_append(out, s, strlen(s)); }

int nd__opml_write(const nd__opml_entry *entries, size_t count, const char *title, char **out)
{
    nd__buf buf;
    nd__buf_init(&buf, (size_t)-1);
    int rc = put_text(&buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>");
    if (rc == ND_OK)
        rc = put_escaped(&buf, title ? title : "newsdesk feeds");
    if (rc == ND_OK)
        rc = put_text(&buf, "</title></head>\n  <body>\n");
    for (size_t i = 0; i < count && rc == ND_OK; i++) {
        const char *text = entries[i].title ? entries[i].title : entries[i].url;
        rc = put_text(&buf, "    <outline type=\"rss\" text=\"");
        if (rc == ND_OK)
            rc = put_escaped(&buf, text);
        if (rc == ND_OK)
            rc = put_text(&buf, "\" xmlUrl=\"");
        if (rc == ND_OK)
            rc = put_escaped(&buf, entries[i].url);
        if (rc == ND_OK)
            rc = put_text(&buf, "\"/>\n");
    }
    if (rc == ND_OK)
        rc = put_text(&buf, "  </body>\n</opml>\n");
    if (rc != ND_OK) {
        nd__buf_release(&buf);
        *out = NULL;
        return ND_ENOMEM;
    }
    size_t len;
    *out = nd__buf_take(&buf, &len);
    return *out ? ND_OK : ND_ENOMEM;
}
