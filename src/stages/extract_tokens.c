/*
 * extract_tokens.c: one article's text in; its words out, each with byte offsets (with and
 * without a possessive 's), what the lexicon says of it, its shape (capitalised, all capitals,
 * digits, hyphenated, an abbreviation with its full stop) and its sentence. A sentence ends at
 * . ! or ? before a word that is not lower case, and at a new line; a paragraph at a new line.
 * Abbreviations the lexicon lists ("Gen.") and initials ("U.S.") keep their full stops.
 */
#include "extract_work.h"

/* Length of a punctuation sequence at text[i] that is not part of a word (UTF-8 quotes, dashes,
 * no-break space), or 0. */
static size_t punct_len(const char *text, size_t len, size_t i)
{
    const unsigned char *s = (const unsigned char *)text;
    if (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80)
        return 3;
    if (s[i] == 0xC2 && i + 1 < len && (s[i + 1] == 0xA0 || s[i + 1] == 0xAB || s[i + 1] == 0xBB))
        return 2;
    return 0;
}

static int is_word_byte(const char *text, size_t len, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if (nd__is_alpha(c) || nd__is_digit(c))
        return 1;
    return c >= 0x80 && punct_len(text, len, i) == 0;
}

static int is_apostrophe(const char *text, size_t len, size_t i, size_t *n)
{
    if (text[i] == '\'') {
        *n = 1;
        return 1;
    }
    if (i + 2 < len && (unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
        (unsigned char)text[i + 2] == 0x99) {
        *n = 3;
        return 1;
    }
    return 0;
}

static int is_upper_at(const char *text, size_t len, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if (nd__is_upper(c))
        return 1;
    /* Latin-1 capitals: U+00C0..U+00DE, C3 80..C3 9E */
    return c == 0xC3 && i + 1 < len && (unsigned char)text[i + 1] >= 0x80 &&
           (unsigned char)text[i + 1] <= 0x9E;
}

/* Splits the text into words, sentences and paragraphs. */
int nd__ex_tokenize(nd__extractor *x)
{
    const char *text = x->text;
    size_t len = x->len;
    x->tokens.count = 0;
    size_t i = 0, prev_end = 0;
    uint32_t sentence = 0;
    int first = 1;
    while (i < len) {
        if (!is_word_byte(text, len, i)) {
            size_t p = punct_len(text, len, i);
            i += p ? p : 1;
            continue;
        }
        size_t start = i;
        for (;;) {
            while (i < len && is_word_byte(text, len, i))
                i++;
            size_t n;
            if (i + 1 < len && text[i] == '-' && is_word_byte(text, len, i + 1)) {
                i++;
                continue;
            }
            if (i < len && is_apostrophe(text, len, i, &n) && i + n < len && nd__is_alpha((unsigned char)text[i + n])) {
                i += n;
                continue;
            }
            break;
        }
        size_t end = i, name_end = i;
        /* possessive 's / s' */
        for (size_t k = start; k < end; k++) {
            size_t n;
            if (is_apostrophe(text, len, k, &n) && k + n + 1 == end && (text[k + n] == 's' || text[k + n] == 'S')) {
                name_end = k;
                break;
            }
        }
        size_t n;
        if (name_end == end && end < len && is_apostrophe(text, len, end, &n) && end > start && text[end - 1] == 's')
            end += n; /* "Damascus’": the apostrophe belongs to the word; the name stops before it */
        token *t = nd__vec_push(&x->tokens, sizeof *t);
        if (!t)
            return ND_ENOMEM;
        t->start = (uint32_t)start;
        t->end = (uint32_t)end;
        t->name_end = (uint32_t)name_end;
        uint32_t flags = 0;
        if (is_upper_at(text, len, start))
            flags |= T_CAP;
        else if (start + 3 < name_end && (text[start] == 'a' || text[start] == 'e') && text[start + 1] == 'l' &&
                 text[start + 2] == '-' && is_upper_at(text, len, start + 3))
            flags |= T_CAP; /* al-Assad, el-Sisi */
        int letters = 0, uppers = 0, digits = 0, hyphen = 0;
        for (size_t k = start; k < name_end; k++) {
            unsigned char c = (unsigned char)text[k];
            letters += nd__is_alpha(c);
            uppers += nd__is_upper(c);
            digits += nd__is_digit(c);
            hyphen |= c == '-';
        }
        if (letters >= 2 && uppers == letters)
            flags |= T_ALLCAPS;
        if (digits && !letters)
            flags |= T_DIGITS;
        if (hyphen)
            flags |= T_HYPHEN;
        char lower[40];
        size_t ln = lower_copy(text, start, name_end, lower, sizeof lower);
        const lex_slot *entry = NULL;
        /* abbreviations keep their full stop: "Gen." "U.S." */
        if (name_end == end && end < len && text[end] == '.') {
            char with_dot[42];
            memcpy(with_dot, lower, ln);
            with_dot[ln] = '.';
            const lex_slot *abbr = ln + 1 < sizeof with_dot ? nd__ex_lex_find(x, with_dot, ln + 1) : NULL;
            if (abbr && (abbr->flags & L_ABBR)) {
                entry = abbr;
                end = name_end = end + 1;
                flags |= T_ABBR;
            } else if (letters == 1 && uppers == 1 && end - start == 1) {
                /* initials and U.S.: single capitals each with a full stop */
                end++;
                while (end + 1 < len && nd__is_upper((unsigned char)text[end]) && text[end + 1] == '.')
                    end += 2;
                name_end = end;
                flags |= T_ABBR | T_ALLCAPS;
            }
        }
        i = end;
        t->end = (uint32_t)end;
        t->name_end = (uint32_t)name_end;
        if (!entry)
            entry = nd__ex_lex_find(x, lower, ln);
        t->lex = entry ? entry->flags : 0;
        t->lex_value = entry ? entry->value : 0;
        int new_paragraph = first || gap_has(text, prev_end, start, "\n");
        int new_sentence = new_paragraph;
        if (!new_sentence && gap_has(text, prev_end, start, ".!?")) {
            unsigned char c = (unsigned char)text[start];
            new_sentence = !nd__is_lower(c);
        }
        if (new_paragraph)
            flags |= T_PARA;
        if (new_sentence) {
            flags |= T_SENT;
            if (!first)
                sentence++;
        }
        if (!first) {
            int only_space = 1;
            for (size_t k = prev_end; k < start; k++)
                if (text[k] != ' ')
                    only_space = 0;
            if (only_space)
                flags |= T_SPACE;
        }
        t->flags = flags;
        t->sentence = sentence;
        prev_end = end;
        first = 0;
    }
    return ND_OK;
}
