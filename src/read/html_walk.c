/*
 * html_walk.c: pass 1 of the HTML reader. One walk over libxml2's tree (no recursion: it
 * follows child, sibling and parent pointers) reads the metadata (meta, link, title, JSON-LD,
 * scripts that carry the article) and cuts the visible text into blocks, one per run of text
 * between block-level tags. Block-level elements become entries of a flat array in document
 * order, each knowing its parent and the range of blocks and entries below it. Elements nested
 * deeper than ND_MAX_HTML_DEPTH are flattened into their ancestor at that depth.
 */
#include "html_page.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static void flush_block(nd__html_page *pg)
{
    if (pg->text.length > pg->block_start && !pg->no_memory) {
        int room = nd__html_grow((void **)&pg->blocks, &pg->block_capacity, pg->block_count,
                            sizeof(nd__html_block), ND_MAX_HTML_BLOCKS);
        if (room == -2)
            pg->no_memory = 1;
        if (room == 0) {
            nd__html_block *b = &pg->blocks[pg->block_count++];
            b->offset = pg->block_start;
            b->length = pg->text.length - pg->block_start;
            b->link_length = pg->block_links;
            b->owner = pg->current;
        } else {
            pg->text.length = pg->block_start; /* over the ceiling: drop the text with it */
        }
    }
    pg->block_start = pg->text.length;
    pg->block_links = 0;
    pg->pending_space = 0;
}

/* Appends text with whitespace runs collapsed to one space and no leading space. */
static void add_text(nd__html_page *pg, const char *s)
{
    size_t len = strlen(s);
    if (nd__html_buffer_reserve(&pg->text, len + 1) != 0)
        return;
    char *out = pg->text.data + pg->text.length;
    size_t o = 0, links = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == 0x7f) {
            pg->pending_space = 1;
            continue;
        }
        if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xa0) { /* no-break space */
            i++;
            pg->pending_space = 1;
            continue;
        }
        if (pg->pending_space && pg->text.length + o > pg->block_start)
            out[o++] = ' ';
        pg->pending_space = 0;
        out[o++] = (char)c;
        links++;
    }
    pg->text.length += o;
    pg->text.data[pg->text.length] = '\0';
    if (pg->link_depth > 0)
        pg->block_links += links;
}

static char *node_text(xmlNode *node)
{
    xmlChar *t = xmlNodeGetContent(node);
    if (!t)
        return NULL;
    char *copy = nd__html_field_copy((const char *)t);
    xmlFree(t);
    return copy;
}

/* Metadata from <meta>, <link>, <title> and JSON-LD: read wherever they are. */
/* ---------------------------------------------------------------------------------------------
 * Articles carried in scripts: pages built in the browser (Next.js, Nuxt) ship their text as JSON
 * in a script and none in the markup; many pages also give JSON-LD "articleBody". The longest
 * such text is kept, and used when the markup holds much less (see nd__html_extract_charset).
 * JSON-LD: the "articleBody" strings (in "@graph" too). Application data: the longest string
 * that reads like prose (spaces and sentence ends), 200 bytes or more.
 */

static int prose_like(const char *s, size_t n)
{
    size_t spaces = 0, stops = 0;
    for (size_t i = 0; i < n; i++) {
        spaces += s[i] == ' ';
        stops += (s[i] == '.' || s[i] == '!' || s[i] == '?') && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '<');
    }
    return spaces * 12 > n && stops >= 2;
}

static void longest_string(const cJSON *node, const char *key, const char **best, size_t *best_len)
{
    /* iterative over the tree: the JSON of a page may nest deeply */
    const cJSON *stack[64];
    int top = 0;
    stack[top++] = node;
    while (top > 0) {
        const cJSON *n = stack[--top];
        for (const cJSON *c = n; c; c = c->next) {
            if (cJSON_IsString(c) && c->valuestring && (!key || (c->string && !strcmp(c->string, key)))) {
                size_t len = strlen(c->valuestring);
                if (len > *best_len && len >= 200 && (key || prose_like(c->valuestring, len)))
                    *best = c->valuestring, *best_len = len;
            } else if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && c->child) {
                if (top < 64)
                    stack[top++] = c->child;
            }
        }
    }
}

static void script_body(nd__html_page *pg, const char *json, int jsonld)
{
    size_t len = strlen(json);
    if (len > ND_MAX_HTML_SCRIPT_BYTES || (jsonld && !strstr(json, "\"articleBody\"")))
        return;
    cJSON *tree = cJSON_ParseWithLength(json, len);
    if (!tree)
        return;
    const char *best = NULL;
    size_t best_len = pg->json_body ? strlen(pg->json_body) : 0;
    longest_string(tree, jsonld ? "articleBody" : NULL, &best, &best_len);
    if (best) {
        char *copy = strdup(best);
        if (copy) {
            free(pg->json_body);
            pg->json_body = copy;
        }
    }
    cJSON_Delete(tree);
}

static void read_meta(nd__html_page *pg, xmlNode *node)
{
    const char *name = (const char *)node->name;
    if (!strcmp(name, "meta")) {
        const char *key = nd__html_attr(node, "property");
        if (!key)
            key = nd__html_attr(node, "name");
        if (!key)
            key = nd__html_attr(node, "itemprop");
        const char *content = nd__html_attr(node, "content");
        if (!key || !content)
            return;
        if (!pg->og_title && nd__html_same_ci(key, "og:title"))
            pg->og_title = (char *)content;
        else if (!pg->twitter_title && nd__html_same_ci(key, "twitter:title"))
            pg->twitter_title = (char *)content;
        else if (!pg->og_url && nd__html_same_ci(key, "og:url"))
            pg->og_url = (char *)content;
        else if (!pg->site_name && nd__html_same_ci(key, "og:site_name"))
            pg->site_name = (char *)content;
        else if (!pg->date_meta &&
                 (nd__html_same_ci(key, "article:published_time") ||
                  nd__html_same_ci(key, "og:published_time") || nd__html_same_ci(key, "published_time") ||
                  nd__html_same_ci(key, "datePublished") || nd__html_same_ci(key, "date") ||
                  nd__html_same_ci(key, "pubdate") || nd__html_same_ci(key, "publishdate") ||
                  nd__html_same_ci(key, "publish-date") || nd__html_same_ci(key, "publish_date") ||
                  nd__html_same_ci(key, "DC.date") || nd__html_same_ci(key, "DC.date.issued") ||
                  nd__html_same_ci(key, "dcterms.date") || nd__html_same_ci(key, "dcterms.created") ||
                  nd__html_same_ci(key, "sailthru.date") || nd__html_same_ci(key, "parsely-pub-date") ||
                  nd__html_same_ci(key, "article.published") || nd__html_same_ci(key, "original-publish-date")))
            pg->date_meta = nd__html_normalise_date(content);
    } else if (!strcmp(name, "link")) {
        const char *rel = nd__html_attr(node, "rel"), *href = nd__html_attr(node, "href");
        if (!pg->canonical && rel && href && nd__html_same_ci(rel, "canonical") && *href)
            pg->canonical = (char *)href;
    } else if (!strcmp(name, "title")) {
        if (!pg->title_tag) {
            xmlChar *t = xmlNodeGetContent(node);
            if (t) {
                pg->title_tag = nd__html_field_copy((const char *)t);
                xmlFree(t);
            }
        }
    } else if (!strcmp(name, "script")) {
        const char *type = nd__html_attr(node, "type");
        int jsonld = type && nd__html_contains_ci(type, "ld+json");
        const char *id = nd__html_attr(node, "id");
        int app_data = id && (!strcmp(id, "__NEXT_DATA__") || !strcmp(id, "__NUXT_DATA__"));
        if ((jsonld && (!pg->date_jsonld || !pg->json_body)) || app_data) {
            xmlChar *t = xmlNodeGetContent(node);
            if (t) {
                if (jsonld && !pg->date_jsonld)
                    pg->date_jsonld = nd__html_jsonld_date((const char *)t);
                script_body(pg, (const char *)t, jsonld);
                xmlFree(t);
            }
        }
    }
}

/* Dates in the page itself: itemprop=datePublished anywhere, else a <time datetime>: one marked
 * pubdate, else the first inside an <article>, else the first anywhere (sidebars list the times
 * of other stories, so anywhere comes last). */
static void read_dates(nd__html_page *pg, xmlNode *node, int kind)
{
    if (kind == K_TIME && !pg->time_is_best) {
        const char *dt = nd__html_attr(node, "datetime");
        int current = pg->current;
        int in_article = current >= 0 && (pg->elements[current].kind == K_ARTICLE ||
                                          pg->elements[current].article >= 0);
        int best = nd__html_attr(node, "pubdate") != NULL;
        char *date = dt && (best || in_article || !pg->date_time) ? nd__html_normalise_date(dt) : NULL;
        if (date && (best || (in_article && !pg->time_in_article) || !pg->date_time)) {
            free(pg->date_time);
            pg->date_time = date;
            pg->time_in_article |= in_article;
            pg->time_is_best = best;
        } else {
            free(date);
        }
    }
    if (!pg->date_itemprop) {
        const char *ip = nd__html_attr(node, "itemprop");
        if (ip && nd__html_same_ci(ip, "datePublished")) {
            const char *dt = nd__html_attr(node, "datetime");
            if (!dt)
                dt = nd__html_attr(node, "content");
            if (dt)
                pg->date_itemprop = nd__html_normalise_date(dt);
        }
    }
}

static void enter_block(nd__html_page *pg, xmlNode *node, int kind)
{
    flush_block(pg);
    int depth = pg->current >= 0 ? pg->elements[pg->current].depth + 1 : 0;
    if (depth >= ND_MAX_HTML_DEPTH || pg->no_memory)
        return; /* flattened into the current entry */
    int room = nd__html_grow((void **)&pg->elements, &pg->element_capacity, pg->element_count,
                        sizeof(nd__html_element), ND_MAX_HTML_ELEMENTS);
    if (room == -2)
        pg->no_memory = 1;
    if (room != 0)
        return; /* at the ceiling the rest of the page flattens into its container */
    int index = (int)pg->element_count++;
    nd__html_element *e = &pg->elements[index];
    memset(e, 0, sizeof *e);
    e->parent = pg->current;
    e->kind = (unsigned char)kind;
    e->first_block = e->end_block = (int)pg->block_count;
    e->first_child = e->next_sibling = -1;
    e->depth = depth;
    e->article = pg->current < 0                               ? -1
                 : pg->elements[pg->current].kind == K_ARTICLE ? pg->current
                                                               : pg->elements[pg->current].article;
    nd__html_judge_names(node, kind, &e->flags, &e->class_weight);
    if (pg->current >= 0) {
        nd__html_element *p = &pg->elements[pg->current];
        p->flags |= F_HAS_BLOCK;
        /* Link as the last child: the previous last child is the latest entry whose parent is
         * ours, found through the sibling chain kept in last_child below. */
        if (p->first_child < 0)
            p->first_child = index;
        else
            pg->elements[p->end].next_sibling = index; /* p->end holds the last child for now */
        p->end = index;
    }
    node->_private = (void *)(intptr_t)(index + 1);
    pg->current = index;
}

static void leave_block(nd__html_page *pg, xmlNode *node)
{
    flush_block(pg);
    intptr_t mark = (intptr_t)node->_private;
    if (mark <= 0)
        return;
    int index = (int)(mark - 1);
    nd__html_element *e = &pg->elements[index];
    e->end = (int)pg->element_count;
    e->end_block = (int)pg->block_count;
    pg->current = e->parent;
    node->_private = NULL;
}

void nd__html_walk(nd__html_page *pg, xmlNode *root)
{
    xmlNode *node = root;
    while (node) {
        int descend = 0;
        if (node->type == XML_ELEMENT_NODE && node->name) {
            int kind = nd__html_tag_kind(node);
            if (kind == K_SKIP)
                read_meta(pg, node); /* meta, link, title and script are skipped kinds */
            else
                read_dates(pg, node, kind);
            if (kind == K_SKIP) {
                descend = 0;
            } else if (kind == K_BREAK) {
                flush_block(pg);
            } else if (nd__html_kind_is_block(kind)) {
                if (kind == K_H1) {
                    pg->h1_count++;
                    if (!pg->h1)
                        pg->h1 = node_text(node);
                }
                enter_block(pg, node, kind);
                descend = 1;
            } else {
                /* Inline: skip when named as furniture (share buttons, ad labels), count links. */
                unsigned char flags;
                int weight;
                nd__html_judge_names(node, kind, &flags, &weight);
                if ((flags & (F_STRONG | F_HIDDEN)) && kind != K_LINK) {
                    descend = 0;
                } else {
                    descend = 1;
                    if (kind == K_LINK) {
                        pg->link_depth++;
                        node->_private = (void *)(intptr_t)-1;
                        /* A link's edges separate words the way a browser's copy does. */
                        pg->pending_space = 1;
                    }
                }
            }
        } else if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content)
                add_text(pg, (const char *)node->content);
        }
        if (descend && node->children) {
            node = node->children;
            continue;
        }
        /* Leave this node and every ancestor whose children are done. */
        for (;;) {
            if (node->type == XML_ELEMENT_NODE) {
                intptr_t mark = (intptr_t)node->_private;
                if (mark == -1) {
                    pg->link_depth--;
                    node->_private = NULL;
                    pg->pending_space = 1;
                } else if (mark > 0) {
                    leave_block(pg, node);
                } else if (node->name && nd__html_kind_is_block(nd__html_tag_kind(node))) {
                    flush_block(pg); /* a flattened block still ends its paragraph */
                }
            }
            if (node == root) {
                node = NULL;
                break;
            }
            if (node->next) {
                node = node->next;
                break;
            }
            node = node->parent;
            if (!node)
                break;
        }
    }
    flush_block(pg);
    if (pg->text.failed)
        pg->no_memory = 1;
}
