/*
 * train_ner.c: trains the name tagger (src/stages/tagger.c) and writes its weights file.
 *
 *   train_ner OUT [--epochs N] [--gazetteer places.tsv] [--vocabulary TEXTS]... DOCS SPANS [DOCS SPANS]...
 *
 * DOCS is JSON Lines {id, text}; SPANS is JSON Lines {id, entities: [{start, end, type}]} with
 * byte offsets into text and types person/organisation/place/misc (or PER/ORG/LOC/MISC), the
 * formats of ../shared/data/nlp. Words are cut exactly as extraction cuts them
 * (nd__extract_ner_tokens); a word starting inside a name is tagged B (its first word) or I.
 * The common-word feature counts the lower-case words of the training texts and of any
 * --vocabulary JSON Lines files (their "text" only; annotations are not read).
 * Documents are visited in a fixed pseudo-random order each epoch, so a run is reproducible.
 * scripts/train_ner.sh is the documented command.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "tagger.h"

typedef struct doc {
    char *id, *text;
    nd__ner_token *tokens;
    uint8_t *gold;
    size_t count;
} doc;

static char *read_line(FILE *f)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    int c;
    while (buf && (c = fgetc(f)) != EOF && c != '\n') {
        if (len + 1 >= cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) {
                free(buf);
                return NULL;
            }
            buf = grown;
        }
        buf[len++] = (char)c;
    }
    if (!buf || (len == 0 && c == EOF)) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

static int tag_of(const char *type)
{
    if (!type)
        return -1;
    switch (type[0] | 0x20) {
    case 'p': return type[1] == 'l' || type[1] == 'L' ? ND__TAG_LOC : ND__TAG_PER; /* person/PER, place */
    case 'o': return ND__TAG_ORG;
    case 'l': return ND__TAG_LOC;
    case 'm': return ND__TAG_MISC;
    default: return -1;
    }
}

/* Reads DOCS and SPANS into docs (appending); returns the number read, or -1. */
static long load(nd__extractor *x, const char *docs_path, const char *spans_path, doc **docs, size_t *count, size_t *cap)
{
    FILE *fd = fopen(docs_path, "r"), *fs = fopen(spans_path, "r");
    if (!fd || !fs) {
        fprintf(stderr, "train_ner: cannot open %s\n", !fd ? docs_path : spans_path);
        if (fd)
            fclose(fd);
        if (fs)
            fclose(fs);
        return -1;
    }
    /* spans by id: read all, then match each doc */
    cJSON **spans = NULL;
    size_t span_count = 0, span_cap = 0;
    char *line;
    while ((line = read_line(fs))) {
        cJSON *j = cJSON_Parse(line);
        free(line);
        if (!j)
            continue;
        if (span_count == span_cap) {
            span_cap = span_cap ? span_cap * 2 : 256;
            spans = realloc(spans, span_cap * sizeof *spans);
            if (!spans)
                return -1;
        }
        spans[span_count++] = j;
    }
    long read = 0;
    while ((line = read_line(fd))) {
        cJSON *j = cJSON_Parse(line);
        free(line);
        const char *id = j ? cJSON_GetStringValue(cJSON_GetObjectItem(j, "id")) : NULL;
        const char *text = j ? cJSON_GetStringValue(cJSON_GetObjectItem(j, "text")) : NULL;
        cJSON *sp = NULL;
        for (size_t k = 0; id && k < span_count && !sp; k++) {
            const char *sid = cJSON_GetStringValue(cJSON_GetObjectItem(spans[k], "id"));
            if (sid && strcmp(sid, id) == 0)
                sp = spans[k];
        }
        if (!id || !text || !sp) {
            cJSON_Delete(j);
            continue;
        }
        if (*count == *cap) {
            *cap = *cap ? *cap * 2 : 1024;
            *docs = realloc(*docs, *cap * sizeof **docs);
            if (!*docs)
                return -1;
        }
        doc *d = &(*docs)[(*count)++];
        d->id = strdup(id);
        d->text = strdup(text);
        const nd__ner_token *tokens;
        size_t n;
        if (!d->id || !d->text || nd__extract_ner_tokens(x, d->text, strlen(d->text), &tokens, &n) != ND_OK)
            return -1;
        d->tokens = malloc((n ? n : 1) * sizeof *d->tokens);
        d->gold = calloc(n ? n : 1, 1);
        if (!d->tokens || !d->gold)
            return -1;
        memcpy(d->tokens, tokens, n * sizeof *tokens);
        d->count = n;
        cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(sp, "entities")) {
            if (cJSON_IsTrue(cJSON_GetObjectItem(e, "nested")))
                continue; /* GUM: "Helsinki" inside "University of Helsinki" is tagged with the outer name */
            int tag = tag_of(cJSON_GetStringValue(cJSON_GetObjectItem(e, "type")));
            double s = cJSON_GetNumberValue(cJSON_GetObjectItem(e, "start"));
            double t = cJSON_GetNumberValue(cJSON_GetObjectItem(e, "end"));
            if (tag < 0 || !(s >= 0) || !(t > s))
                continue;
            int begun = 0;
            for (size_t i = 0; i < n; i++) {
                if (d->tokens[i].start >= (uint32_t)s && d->tokens[i].start < (uint32_t)t) {
                    d->gold[i] = (uint8_t)(begun ? tag + 1 : tag);
                    begun = 1;
                }
            }
        }
        cJSON_Delete(j);
        read++;
    }
    for (size_t k = 0; k < span_count; k++)
        cJSON_Delete(spans[k]);
    free(spans);
    fclose(fd);
    fclose(fs);
    return read;
}

/* Counts the lower-case words of every "text" in a JSON Lines file. */
static int count_vocabulary(nd__extractor *x, nd__tagger_model *model, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "train_ner: cannot open %s\n", path);
        return -1;
    }
    char *line;
    long texts = 0;
    while ((line = read_line(f))) {
        cJSON *j = cJSON_Parse(line);
        free(line);
        const char *text = j ? cJSON_GetStringValue(cJSON_GetObjectItem(j, "text")) : NULL;
        const nd__ner_token *tokens;
        size_t n;
        if (text && nd__extract_ner_tokens(x, text, strlen(text), &tokens, &n) == ND_OK) {
            nd__tagger_count_words(model, text, tokens, n);
            texts++;
        }
        cJSON_Delete(j);
    }
    fclose(f);
    fprintf(stderr, "train_ner: vocabulary from %ld texts of %s\n", texts, path);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: train_ner OUT [--epochs N] [--gazetteer FILE] DOCS SPANS [DOCS SPANS]...\n");
        return 2;
    }
    const char *out = argv[1];
    int epochs = 12;
    const char *gazetteer_path = NULL;
    const char *vocabulary[16];
    size_t vocabulary_count = 0;
    int i = 2;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (strcmp(argv[i], "--vocabulary") == 0 && vocabulary_count < 16)
            vocabulary[vocabulary_count++] = argv[i + 1];
        else if (strcmp(argv[i], "--epochs") == 0)
            epochs = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--gazetteer") == 0)
            gazetteer_path = argv[i + 1];
        else {
            fprintf(stderr, "train_ner: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    nd_gazetteer *gazetteer = NULL;
    if (gazetteer_path && nd_gazetteer_load(gazetteer_path, &gazetteer) != ND_OK) {
        fprintf(stderr, "train_ner: cannot load gazetteer %s\n", gazetteer_path);
        return 1;
    }
    nd__extractor *x = nd__extractor_new(gazetteer);
    doc *docs = NULL;
    size_t count = 0, cap = 0;
    for (; i + 1 < argc; i += 2) {
        long n = load(x, argv[i], argv[i + 1], &docs, &count, &cap);
        if (n < 0)
            return 1;
        fprintf(stderr, "train_ner: %ld documents from %s\n", n, argv[i]);
    }
    nd__tagger_model *model = nd__tagger_model_new();
    nd__tagger_scratch scratch = {0};
    size_t *order = malloc((count ? count : 1) * sizeof *order);
    if (!model || !order)
        return 1;
    for (size_t k = 0; k < count; k++)
        nd__tagger_count_words(model, docs[k].text, docs[k].tokens, docs[k].count);
    for (size_t v = 0; v < vocabulary_count; v++)
        if (count_vocabulary(x, model, vocabulary[v]) != 0)
            return 1;
    nd__tagger_vocabulary_done(model, 2);
    for (size_t k = 0; k < count; k++)
        order[k] = k;
    uint64_t seed = 0x2545F4914F6CDD1DULL;
    for (int e = 0; e < epochs; e++) {
        for (size_t k = count; k > 1; k--) { /* Fisher-Yates with xorshift */
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            size_t j = (size_t)(seed % k);
            size_t t = order[k - 1];
            order[k - 1] = order[j];
            order[j] = t;
        }
        size_t wrong = 0, words = 0;
        for (size_t k = 0; k < count; k++) {
            doc *d = &docs[order[k]];
            wrong += nd__tagger_train_doc(model, &scratch, d->text, d->tokens, d->count, d->gold);
            words += d->count;
        }
        fprintf(stderr, "train_ner: epoch %d: %zu of %zu words wrong\n", e + 1, wrong, words);
    }
    int rc = nd__tagger_model_save(model, out);
    if (rc != ND_OK)
        fprintf(stderr, "train_ner: cannot write %s\n", out);
    else
        fprintf(stderr, "train_ner: wrote %s\n", out);
    nd__tagger_scratch_release(&scratch);
    nd__tagger_model_free(model);
    for (size_t k = 0; k < count; k++) {
        free(docs[k].id);
        free(docs[k].text);
        free(docs[k].tokens);
        free(docs[k].gold);
    }
    free(docs);
    free(order);
    nd__extractor_free(x);
    nd_gazetteer_free(gazetteer);
    return rc == ND_OK ? 0 : 1;
}
