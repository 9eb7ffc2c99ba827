/*
 * tagger.c: BIO tags for one article's words from an averaged perceptron (see tagger.h).
 *
 * Features are hashed into 1 << ND__TAGGER_BITS buckets, each holding one weight per tag; a
 * word's tag is the best-scoring tag given its features and the two tags before it (an I tag only
 * after its own B or I). A lower-case word after an O is O without scoring: names start with a
 * capital or a digit (or are "al-Assad"), so most words cost nothing. Document features say how the article writes
 * the word elsewhere (in lower case, or capitalised inside a sentence), which carries a name's
 * reading from a clear context to the sentence starts and headlines.
 *
 * The weights file is "NDNER001", the bucket bits and the tag count (uint32 each, little
 * endian), then int16 weights bucket by bucket. It is compiled into the library (.incbin) when
 * data/ner.weights exists at build time.
 */
#include "tagger.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsdesk.h"
#include "util.h"

#define BUCKETS ((size_t)1 << ND__TAGGER_BITS)
#define MAX_FEATURES 64
#define HEADER_BYTES 16
#define VOCAB_BITS 21 /* the common-word set: 1 << VOCAB_BITS bits */
#define VOCAB_BYTES (((size_t)1 << VOCAB_BITS) / 8)
#define WEIGHT_BYTES (BUCKETS * ND__TAG_COUNT * sizeof(int16_t))

#ifdef ND_NER_WEIGHTS
__asm__(".section .rodata\n"
        ".balign 64\n"
        ".globl nd__ner_blob\n"
        ".hidden nd__ner_blob\n"
        "nd__ner_blob:\n"
        ".incbin \"" ND_NER_WEIGHTS "\"\n"
        ".globl nd__ner_blob_end\n"
        ".hidden nd__ner_blob_end\n"
        "nd__ner_blob_end:\n"
        ".previous\n");
extern const unsigned char nd__ner_blob[], nd__ner_blob_end[];

static const int16_t *embedded_weights(void)
{
    size_t size = (size_t)(nd__ner_blob_end - nd__ner_blob);
    if (size != HEADER_BYTES + WEIGHT_BYTES + VOCAB_BYTES || memcmp(nd__ner_blob, "NDNER002", 8) != 0)
        return NULL;
    uint32_t bits, tags;
    memcpy(&bits, nd__ner_blob + 8, 4);
    memcpy(&tags, nd__ner_blob + 12, 4);
    if (bits != ND__TAGGER_BITS || tags != ND__TAG_COUNT)
        return NULL;
    return (const int16_t *)(const void *)(nd__ner_blob + HEADER_BYTES);
}
static const uint8_t *embedded_vocabulary(void) { return nd__ner_blob + HEADER_BYTES + WEIGHT_BYTES; }
#else
static const int16_t *embedded_weights(void) { return NULL; }
static const uint8_t *embedded_vocabulary(void) { return NULL; }
#endif

/* Nonzero when the training texts write this word (hash) in lower case often: a common word. */
static int common_word(const uint8_t *vocabulary, uint64_t word)
{
    size_t bit = (size_t)(nd__mix64(word) >> (64 - VOCAB_BITS));
    return vocabulary && (vocabulary[bit >> 3] >> (bit & 7)) & 1;
}

int nd__tagger_ready(void) { return embedded_weights() != NULL; }

void nd__tagger_scratch_release(nd__tagger_scratch *s)
{
    nd__map_release(&s->seen);
    free(s->word);
    free(s->shape);
    free(s->gap);
    memset(s, 0, sizeof *s);
}

/* ---- features -------------------------------------------------------------------------------- */
enum { SEEN_LOWER = 1, SEEN_CAP_INSIDE = 2 };

/* FNV-1a over a few bytes, mixed: words are short, and a library call per word costs more. */
static inline uint64_t word_hash(const char *s, size_t n, uint64_t seed)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return nd__mix64(h);
}

static uint64_t feature(uint64_t template_id, uint64_t value) { return nd__mix64(value * 0x9e3779b97f4a7c15ULL + template_id); }

/* The document set: how the article writes its words. Keys lose their lowest bit (key | 1), as
 * they always have, so the weights trained on the set read it the same. */
static int seen_add(nd__tagger_scratch *s, uint64_t key)
{
    int created = 0;
    return nd__map_put(&s->seen, key | 1, &created) ? ND_OK : created;
}

static int seen_has(const nd__tagger_scratch *s, uint64_t key) { return nd__map_find(&s->seen, key | 1) != NULL; }

static uint16_t gap_class(const char *text, uint32_t from, uint32_t to)
{
    uint16_t c = 0;
    for (uint32_t k = from; k < to; k++) {
        unsigned char b = (unsigned char)text[k];
        switch (b) {
        case ' ': break;
        case ',': c |= 1; break;
        case '.': case '!': case '?': c |= 2; break;
        case '(': case '[': c |= 4; break;
        case ')': case ']': c |= 8; break;
        case '"': c |= 16; break;
        case '-': c |= 32; break;
        case '\n': c |= 64; break;
        case ':': case ';': c |= 128; break;
        case 0xE2: /* curly quotes and dashes: E2 80 9x */
            if (k + 2 < to && (unsigned char)text[k + 1] == 0x80) {
                unsigned char t = (unsigned char)text[k + 2];
                c |= t >= 0x98 && t <= 0x9F ? 16 : 32;
                k += 2;
            } else {
                c |= 256;
            }
            break;
        default: c |= 256; break;
        }
    }
    return c;
}

/* Per-word hashes and the document sets; ND_OK or ND_ENOMEM. */
static int prepare(nd__tagger_scratch *s, const char *text, const nd__ner_token *tokens, size_t n)
{
    if (n > s->word_cap) {
        size_t cap = n + n / 2 + 64;
        uint64_t *w = realloc(s->word, cap * sizeof *w);
        if (w)
            s->word = w;
        uint64_t *h = realloc(s->shape, cap * sizeof *h);
        if (h)
            s->shape = h;
        uint16_t *g = realloc(s->gap, cap * sizeof *g);
        if (g)
            s->gap = g;
        if (!w || !h || !g)
            return ND_ENOMEM;
        s->word_cap = cap;
    }
    size_t need = 64;
    while (need < n * 4)
        need <<= 1;
    /* only what this article needs is cleared and probed: a table grown for a long article is
     * given back before a short one */
    if (s->seen.capacity && s->seen.capacity <= need * 2) {
        nd__map_clear(&s->seen);
    } else {
        nd__map_release(&s->seen);
        nd__map_init(&s->seen, 0, need, 0);
    }
    for (size_t i = 0; i < n; i++) {
        const nd__ner_token *t = &tokens[i];
        char lower[48], shape[12];
        size_t ln = 0, sn = 0;
        for (uint32_t k = t->start; k < t->end; k++) {
            unsigned char c = (unsigned char)text[k];
            if (ln < sizeof lower)
                lower[ln++] = (char)nd__to_lower(c);
            char sc = nd__is_upper(c) ? 'X' : nd__is_lower(c) || c >= 0x80 ? 'x' : nd__is_digit(c) ? 'd' : (char)c;
            if (sn < sizeof shape && (sn == 0 || shape[sn - 1] != sc))
                shape[sn++] = sc;
        }
        s->word[i] = word_hash(lower, ln, 0x7a11);
        s->shape[i] = word_hash(shape, sn, 0x5a9e);
        s->gap[i] = i ? gap_class(text, tokens[i - 1].after, t->start) : 64;
        unsigned char first = (unsigned char)text[t->start];
        int rc = ND_OK;
        if (nd__is_lower(first))
            rc = seen_add(s, s->word[i] ^ SEEN_LOWER * 0x100);
        else if (nd__is_upper(first) && !(t->flags & (ND__NER_SENT | ND__NER_PARA)))
            rc = seen_add(s, s->word[i] ^ SEEN_CAP_INSIDE * 0x100);
        if (rc)
            return rc;
    }
    s->prepared = 1;
    return ND_OK;
}

/* The features of word i given the two tags before it; returns how many. */
static size_t features(const nd__tagger_scratch *s, const uint8_t *vocabulary, const char *text,
                       const nd__ner_token *tokens, size_t n, size_t i, int t1, int t2, uint64_t *f)
{
    const nd__ner_token *t = &tokens[i];
    size_t k = 0;
    uint64_t w0 = s->word[i], sh0 = s->shape[i];
    uint64_t wp = i > 0 ? s->word[i - 1] : 1, wn = i + 1 < n ? s->word[i + 1] : 2;
    uint64_t wp2 = i > 1 ? s->word[i - 2] : 1, wn2 = i + 2 < n ? s->word[i + 2] : 2;
    uint64_t shp = i > 0 ? s->shape[i - 1] : 1, shn = i + 1 < n ? s->shape[i + 1] : 2;
    f[k++] = feature(1, 0);
    f[k++] = feature(2, w0);
    f[k++] = feature(3, sh0);
    size_t len = t->end - t->start;
    for (size_t a = 2; a <= 4; a++) {
        if (len < a)
            break;
        char buf[8];
        for (size_t j = 0; j < a; j++)
            buf[j] = (char)nd__to_lower((unsigned char)text[t->start + j]);
        f[k++] = feature(10 + a, word_hash(buf, a, 1));
        for (size_t j = 0; j < a; j++)
            buf[j] = (char)nd__to_lower((unsigned char)text[t->end - a + j]);
        f[k++] = feature(20 + a, word_hash(buf, a, 2));
    }
    f[k++] = feature(30, wp);
    f[k++] = feature(31, wn);
    f[k++] = feature(32, wp2);
    f[k++] = feature(33, wn2);
    f[k++] = feature(34, shp);
    f[k++] = feature(35, shn);
    f[k++] = feature(36, shp * 31 + sh0 * 7 + shn);
    f[k++] = feature(37, wp * 31 + w0);
    f[k++] = feature(38, w0 * 31 + wn);
    f[k++] = feature(40, (uint64_t)t1);
    f[k++] = feature(41, (uint64_t)(t1 * 16 + t2));
    f[k++] = feature(42, w0 * 16 + (uint64_t)t1);
    f[k++] = feature(43, sh0 * 16 + (uint64_t)t1);
    f[k++] = feature(44, wn * 16 + (uint64_t)t1);
    f[k++] = feature(50, s->gap[i]);
    f[k++] = feature(51, i + 1 < n ? s->gap[i + 1] : 64);
    f[k++] = feature(52, sh0 * 1024 + s->gap[i]);
    f[k++] = feature(53, (uint64_t)(t->flags & (ND__NER_SENT | ND__NER_PARA)) * 0x10001 + sh0);
    unsigned char first = (unsigned char)text[t->start];
    if (nd__is_upper(first)) {
        int lower_seen = seen_has(s, w0 ^ SEEN_LOWER * 0x100);
        int cap_inside = seen_has(s, w0 ^ SEEN_CAP_INSIDE * 0x100);
        int at_start = (t->flags & (ND__NER_SENT | ND__NER_PARA)) != 0;
        f[k++] = feature(60, (uint64_t)(lower_seen * 4 + cap_inside * 2 + at_start));
        f[k++] = feature(61, (uint64_t)(lower_seen * 4 + cap_inside * 2 + at_start) * 0x1000 + sh0);
        int common = common_word(vocabulary, w0);
        f[k++] = feature(62, (uint64_t)(common * 2 + at_start));
        f[k++] = feature(63, (uint64_t)(common * 2 + at_start) * 0x1000 + sh0);
        int prev_common = i > 0 && nd__is_upper((unsigned char)text[tokens[i - 1].start]) && common_word(vocabulary, wp);
        int next_common = i + 1 < n && nd__is_upper((unsigned char)text[tokens[i + 1].start]) && common_word(vocabulary, wn);
        f[k++] = feature(64, (uint64_t)(common * 4 + prev_common * 2 + next_common));
    }
    for (int b = 0; b < ND__NER_FLAG_BITS; b++) {
        uint32_t bit = 1u << b;
        if (t->flags & bit)
            f[k++] = feature(70, (uint64_t)b);
        if (i > 0 && (tokens[i - 1].flags & bit))
            f[k++] = feature(71, (uint64_t)b);
        if (i + 1 < n && (tokens[i + 1].flags & bit))
            f[k++] = feature(72, (uint64_t)b);
        if (k + 8 >= MAX_FEATURES)
            break;
    }
    return k;
}

int nd__tagger_weak_start(const nd__tagger_scratch *s, const nd__ner_token *tokens, size_t i)
{
    if (!(tokens[i].flags & (ND__NER_SENT | ND__NER_PARA)) || i >= s->word_cap || !s->prepared)
        return 0;
    return common_word(embedded_vocabulary(), s->word[i]) && !seen_has(s, s->word[i] ^ SEEN_CAP_INSIDE * 0x100);
}

int nd__tagger_common(const nd__tagger_scratch *s, size_t i)
{
    return i < s->word_cap && common_word(embedded_vocabulary(), s->word[i]);
}

static int valid(int tag, int prev)
{
    if (tag == ND__TAG_O || ND__TAG_IS_B(tag))
        return 1;
    return prev == tag || prev == tag - 1;
}

static int skip(const char *text, const nd__ner_token *t, int prev)
{
    return prev == ND__TAG_O && !(t->flags & ND__NER_CAP) && nd__is_lower((unsigned char)text[t->start]);
}

int nd__tagger_tag(nd__tagger_scratch *s, const char *text, const nd__ner_token *tokens, size_t n, uint8_t *tags)
{
    const int16_t *w = embedded_weights();
    if (!w || !n) {
        if (n) /* tags may be NULL when there is nothing to tag */
            memset(tags, ND__TAG_O, n);
        return ND_OK;
    }
    int rc = prepare(s, text, tokens, n);
    if (rc)
        return rc;
    uint64_t f[MAX_FEATURES];
    int t1 = 0, t2 = 0;
    for (size_t i = 0; i < n; i++) {
        int best = ND__TAG_O;
        if (!skip(text, &tokens[i], t1)) {
            size_t nf = features(s, embedded_vocabulary(), text, tokens, n, i, t1, t2, f);
            int32_t score[ND__TAG_COUNT] = {0};
            for (size_t j = 0; j < nf; j++) {
                const int16_t *row = w + (size_t)(f[j] & (BUCKETS - 1)) * ND__TAG_COUNT;
                for (int c = 0; c < ND__TAG_COUNT; c++)
                    score[c] += row[c];
            }
            int32_t top = INT32_MIN;
            for (int c = 0; c < ND__TAG_COUNT; c++)
                if (valid(c, t1) && score[c] > top) {
                    top = score[c];
                    best = c;
                }
        }
        tags[i] = (uint8_t)best;
        t2 = t1;
        t1 = best;
    }
    return ND_OK;
}

/* ---- training -------------------------------------------------------------------------------- */
struct nd__tagger_model {
    float *weights, *totals;
    uint32_t *stamp;
    uint32_t clock;
    uint8_t *counts;     /* per vocabulary bit: lower-case uses seen, saturating */
    uint8_t *vocabulary; /* the bits, once nd__tagger_vocabulary_done */
};

nd__tagger_model *nd__tagger_model_new(void)
{
    nd__tagger_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    size_t cells = BUCKETS * ND__TAG_COUNT;
    m->weights = calloc(cells, sizeof *m->weights);
    m->totals = calloc(cells, sizeof *m->totals);
    m->stamp = calloc(cells, sizeof *m->stamp);
    m->counts = calloc((size_t)1 << VOCAB_BITS, 1);
    m->vocabulary = calloc(VOCAB_BYTES, 1);
    if (!m->weights || !m->totals || !m->stamp || !m->counts || !m->vocabulary) {
        nd__tagger_model_free(m);
        return NULL;
    }
    return m;
}

void nd__tagger_model_free(nd__tagger_model *m)
{
    if (!m)
        return;
    free(m->weights);
    free(m->totals);
    free(m->stamp);
    free(m->counts);
    free(m->vocabulary);
    free(m);
}

void nd__tagger_count_words(nd__tagger_model *m, const char *text, const nd__ner_token *tokens, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const nd__ner_token *t = &tokens[i];
        if (!nd__is_lower((unsigned char)text[t->start]))
            continue;
        char lower[48];
        size_t ln = 0;
        for (uint32_t k = t->start; k < t->end && ln < sizeof lower; k++)
            lower[ln++] = (char)nd__to_lower((unsigned char)text[k]);
        size_t bit = (size_t)(nd__mix64(word_hash(lower, ln, 0x7a11)) >> (64 - VOCAB_BITS));
        if (m->counts[bit] < 255)
            m->counts[bit]++;
    }
}

void nd__tagger_vocabulary_done(nd__tagger_model *m, unsigned min_count)
{
    for (size_t bit = 0; bit < ((size_t)1 << VOCAB_BITS); bit++)
        if (m->counts[bit] >= min_count)
            m->vocabulary[bit >> 3] |= (uint8_t)(1u << (bit & 7));
}

static void update(nd__tagger_model *m, const uint64_t *f, size_t nf, int tag, float delta)
{
    for (size_t j = 0; j < nf; j++) {
        size_t cell = (size_t)(f[j] & (BUCKETS - 1)) * ND__TAG_COUNT + (size_t)tag;
        m->totals[cell] += (float)(m->clock - m->stamp[cell]) * m->weights[cell];
        m->stamp[cell] = m->clock;
        m->weights[cell] += delta;
    }
}

size_t nd__tagger_train_doc(nd__tagger_model *m, nd__tagger_scratch *s, const char *text, const nd__ner_token *tokens,
                            size_t n, const uint8_t *gold)
{
    if (prepare(s, text, tokens, n) != ND_OK)
        return 0;
    uint64_t f[MAX_FEATURES];
    int t1 = 0, t2 = 0;
    size_t wrong = 0;
    for (size_t i = 0; i < n; i++) {
        int best = ND__TAG_O;
        if (!skip(text, &tokens[i], t1)) {
            size_t nf = features(s, m->vocabulary, text, tokens, n, i, t1, t2, f);
            float score[ND__TAG_COUNT] = {0};
            for (size_t j = 0; j < nf; j++) {
                const float *row = m->weights + (size_t)(f[j] & (BUCKETS - 1)) * ND__TAG_COUNT;
                for (int c = 0; c < ND__TAG_COUNT; c++)
                    score[c] += row[c];
            }
            float top = -INFINITY;
            for (int c = 0; c < ND__TAG_COUNT; c++)
                if (valid(c, t1) && score[c] > top) {
                    top = score[c];
                    best = c;
                }
            m->clock++;
            if (best != gold[i] && valid(gold[i], t1)) {
                update(m, f, nf, gold[i], 1.0f);
                update(m, f, nf, best, -1.0f);
                wrong++;
            }
        }
        t2 = t1;
        t1 = best;
    }
    return wrong;
}

int nd__tagger_model_save(nd__tagger_model *m, const char *path)
{
    size_t cells = BUCKETS * ND__TAG_COUNT;
    float top = 0;
    for (size_t c = 0; c < cells; c++) {
        m->totals[c] += (float)(m->clock - m->stamp[c]) * m->weights[c];
        m->stamp[c] = m->clock;
        float avg = m->clock ? m->totals[c] / (float)m->clock : 0;
        m->weights[c] = avg;
        if (fabsf(avg) > top)
            top = fabsf(avg);
    }
    float scale = top > 0 ? 32767.0f / top : 1;
    int16_t *q = malloc(cells * sizeof *q);
    if (!q)
        return ND_ENOMEM;
    for (size_t c = 0; c < cells; c++)
        q[c] = (int16_t)lrintf(m->weights[c] * scale);
    FILE *out = fopen(path, "wb");
    int rc = ND_EIO;
    if (out) {
        uint32_t head[2] = {ND__TAGGER_BITS, ND__TAG_COUNT};
        if (fwrite("NDNER002", 1, 8, out) == 8 && fwrite(head, 4, 2, out) == 2 && fwrite(q, sizeof *q, cells, out) == cells &&
            fwrite(m->vocabulary, 1, VOCAB_BYTES, out) == VOCAB_BYTES)
            rc = ND_OK;
        if (fclose(out) != 0)
            rc = ND_EIO;
    }
    free(q);
    return rc;
}
