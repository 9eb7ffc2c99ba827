/*
 * feed.c: news feeds in, items out. Takes one document (RSS 2.0 and 0.9x, RSS 1.0, Atom 1.0,
 * or JSON Feed 1.0/1.1), gives the feed's title and its items: guid, link, title, date (UTC),
 * full content when the feed carries it, summary. Also reads and writes OPML subscription lists.
 *
 * XML is parsed by libxml2 with no network access, no DTD loading and no entity substitution;
 * a document whose DOCTYPE declares entities is refused before parsing, so an entity bomb costs
 * one scan of its prolog. Documents over ND_MAX_FEED_BYTES are refused. Malformed XML is
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


/* ---- strings ------------------------------------------------------------------------------ */
/* A malloc'd valid UTF-8 copy of text[0..len), spaces trimmed, cut at `limit` bytes; NULL for
 * empty text. *no_memory is set when allocation fails. */
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
    size_t out_len;
    char *out = nd__buf_take(&buf, &out_len);
    if (out && out_len == 0) {
        free(out);
        return NULL;
    }
    return out;
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

/* Refuses a DOCTYPE whose internal subset declares entities: feeds need none, and entity bombs
 * (billion laughs, quadratic blowup) live nowhere else. Returns 1 when the prolog is safe. */
static int prolog_safe(const char *data, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *lt = memchr(data + i, '<', len - i);
        if (!lt)
            return 1;
        i = (size_t)(lt - data);
        if (i + 1 < len && data[i + 1] != '?' && data[i + 1] != '!')
            return 1; /* the root element: the prolog is over */
        if (i + 9 <= len && memcmp(data + i, "<!DOCTYPE", 9) == 0) {
            const char *open = memchr(data + i, '[', len - i);
            const char *close = memchr(data + i, '>', len - i);
            if (open && (!close || open < close)) {
                /* internal subset: up to "]" followed by ">" */
                size_t end = (size_t)(open - data);
                while (end + 1 < len && !(data[end] == ']' && data[end + 1] == '>'))
                    end++;
                if (nd__find_ci(open, (size_t)(data + end - open), "<!ENTITY") >= 0)
                    return 0;
                i = end + 1;
                continue;
            }
        }
        i++;
    }
    return 1;
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
static void rss_item(xmlNode *node, const char *ns, const char *base, nd__feed_item *item, int *no_memory)
{
    item->title = text_of(child(node, ns, "title"), ND_MAX_FEED_FIELD_BYTES, no_memory);
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
    date = text_of(child(node, NS_DC, "date"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    set_date(item, date, no_memory);
    free(date);
    item->content = text_of(child(node, NS_CONTENT, "encoded"), ND_MAX_FEED_CONTENT_BYTES, no_memory);
    item->summary = text_of(child(node, ns, "description"), ND_MAX_FEED_CONTENT_BYTES, no_memory);
    item->content_is_html = 1; /* RSS carries escaped HTML in both */
}

static void atom_text(xmlDoc *doc, xmlNode *node, char **out, int *is_html, int *no_memory)
{
    if (!node || *out)
        return;
    xmlChar *type = xmlGetProp(node, (const xmlChar *)"type");
    const char *t = type ? (const char *)type : "text";
    if (strcmp(t, "xhtml") == 0) {
        *out = inner_xml(doc, node, ND_MAX_FEED_CONTENT_BYTES, no_memory);
        *is_html = 1;
    } else {
        *out = text_of(node, ND_MAX_FEED_CONTENT_BYTES, no_memory);
        *is_html = strcmp(t, "html") == 0 || strcmp(t, "text/html") == 0;
    }
    if (type)
        xmlFree(type);
}

static void atom_entry(xmlDoc *doc, xmlNode *node, const char *base, nd__feed_item *item, int *no_memory)
{
    int title_html = 0;
    atom_text(doc, child(node, NS_ATOM, "title"), &item->title, &title_html, no_memory);
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
    item->guid = text_of(child(node, NS_ATOM, "id"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    xmlChar *href = NULL;
    for (xmlNode *c = node->children; c; c = c->next) {
        if (!is_element(c, NS_ATOM, "link"))
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
    char *date = text_of(child(node, NS_ATOM, "published"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    set_date(item, date, no_memory);
    free(date);
    date = text_of(child(node, NS_ATOM, "updated"), ND_MAX_FEED_FIELD_BYTES, no_memory);
    set_date(item, date, no_memory);
    free(date);
    int content_html = 0, summary_html = 0;
    xmlNode *content = child(node, NS_ATOM, "content");
    xmlChar *src = content ? xmlGetProp(content, (const xmlChar *)"src") : NULL;
    if (src) /* out-of-line content: the page is fetched instead */
        xmlFree(src);
    else
        atom_text(doc, content, &item->content, &content_html, no_memory);
    atom_text(doc, child(node, NS_ATOM, "summary"), &item->summary, &summary_html, no_memory);
    item->content_is_html = item->content ? content_html : summary_html;
}

static int parse_xml(const char *data, size_t len, const char *base, nd__feed *feed, char *why, size_t why_size)
{
    if (!prolog_safe(data, len)) {
        snprintf(why, why_size, "the document declares XML entities (an entity bomb?); refused");
        return ND_EFORMAT;
    }
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return ND_ENOMEM;
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                  XML_PARSE_RECOVER | XML_PARSE_NOBLANKS;
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, base, NULL, options);
    const xmlError *error = xmlCtxtGetLastError(ctxt);
    char error_text[160] = "";
    if (error && error->message) {
        snprintf(error_text, sizeof error_text, "line %d: %s", error->line, error->message);
        size_t n = strlen(error_text);
        while (n && (error_text[n - 1] == '\n' || error_text[n - 1] == ' '))
            error_text[--n] = '\0';
    }
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    int rc = ND_OK, no_memory = 0;
    size_t cap = 0;
    if (!root) {
        snprintf(why, why_size, "not XML (%s)", error_text[0] ? error_text : "no root element");
        rc = ND_EFORMAT;
    } else if (is_element(root, NULL, "rss")) {
        feed->kind = ND__FEED_RSS2;
        xmlNode *channel = child(root, NULL, "channel");
        feed->title = text_of(child(channel, "", "title"), ND_MAX_FEED_FIELD_BYTES, &no_memory);
        feed->link = text_of(child(channel, "", "link"), ND_MAX_FEED_FIELD_BYTES, &no_memory);
        for (xmlNode *c = channel ? channel->children : NULL; c && !no_memory; c = c->next)
            if (is_element(c, "", "item")) {
                nd__feed_item *item = new_item(feed, &cap, &no_memory);
                if (item)
                    rss_item(c, "", base ? base : feed->link, item, &no_memory);
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
                    rss_item(c, ns, base ? base : feed->link, item, &no_memory);
            }
    } else if (is_element(root, NS_ATOM, "feed")) {
        feed->kind = ND__FEED_ATOM;
        int html = 0;
        atom_text(doc, child(root, NS_ATOM, "title"), &feed->title, &html, &no_memory);
        for (xmlNode *c = root->children; c && !no_memory; c = c->next)
            if (is_element(c, NS_ATOM, "entry")) {
                nd__feed_item *item = new_item(feed, &cap, &no_memory);
                if (item)
                    atom_entry(doc, c, base, item, &no_memory);
            }
    } else {
        snprintf(why, why_size, "not a feed (the root element is <%.40s>)", (const char *)root->name);
        rc = ND_EFORMAT;
    }
    if (rc == ND_OK && error_text[0])
        snprintf(feed->warning, sizeof feed->warning, "XML repaired (%s)", error_text);
    if (doc)
        xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
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
    cJSON_Delete(json);
    return no_memory ? ND_ENOMEM : rc;
}

/* ---- the interface ------------------------------------------------------------------------ */
int nd__feed_parse(const char *data, size_t len, const char *base_url, nd__feed *feed, char *why,
                   size_t why_size)
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
                            : parse_xml(data, len, base_url, feed, why, why_size);
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
    if (!prolog_safe(data, len)) {
        snprintf(why, why_size, "the document declares XML entities; refused");
        return ND_EFORMAT;
    }
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return ND_ENOMEM;
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
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
