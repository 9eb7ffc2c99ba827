/*
 * extract_lexicon.c: the word lists extraction reads text with. Takes nothing but the lists
 * below; gives each extractor a table from a lower-cased word to what it is (a month, a weekday,
 * an organisation word, a verb of saying, a role noun, a name particle, a pronoun, a title's
 * first word, a preposition before a date, a number word, a common word that never starts a
 * name), and matches the longest title phrase ("Maj. Gen.", "Prime Minister") at a token.
 */
#include <string.h>

#include "extract_work.h"

typedef struct lex_entry {
    const char *word;
    uint32_t flags;
    int value;
} lex_entry;

static const lex_entry lexicon_words[] = {
    {"january", L_MONTH, 1}, {"february", L_MONTH, 2}, {"march", L_MONTH, 3}, {"april", L_MONTH, 4},
    {"may", L_MONTH, 5}, {"june", L_MONTH, 6}, {"july", L_MONTH, 7}, {"august", L_MONTH, 8},
    {"september", L_MONTH, 9}, {"october", L_MONTH, 10}, {"november", L_MONTH, 11},
    {"december", L_MONTH, 12}, {"jan.", L_MONTH | L_ABBR, 1}, {"feb.", L_MONTH | L_ABBR, 2},
    {"aug.", L_MONTH | L_ABBR, 8}, {"sept.", L_MONTH | L_ABBR, 9}, {"sep.", L_MONTH | L_ABBR, 9},
    {"oct.", L_MONTH | L_ABBR, 10}, {"nov.", L_MONTH | L_ABBR, 11}, {"dec.", L_MONTH | L_ABBR, 12},
    {"monday", L_DAY, 1}, {"tuesday", L_DAY, 2}, {"wednesday", L_DAY, 3}, {"thursday", L_DAY, 4},
    {"friday", L_DAY, 5}, {"saturday", L_DAY, 6}, {"sunday", L_DAY, 7},
    {"agency", L_ORG, 0}, {"ministry", L_ORG, 0}, {"army", L_ORG, 0}, {"corps", L_ORG, 0},
    {"guards", L_ORG, 0}, {"guard", L_ORG, 0}, {"forces", L_ORG, 0}, {"navy", L_ORG, 0},
    {"press", L_ORG, 0}, {"council", L_ORG, 0}, {"committee", L_ORG, 0}, {"party", L_ORG, 0},
    {"front", L_ORG, 0}, {"university", L_ORG, 0}, {"organization", L_ORG, 0},
    {"organisation", L_ORG, 0}, {"union", L_ORG, 0}, {"bank", L_ORG, 0}, {"company", L_ORG, 0},
    {"corporation", L_ORG, 0}, {"inc.", L_ORG | L_ABBR, 0}, {"group", L_ORG, 0},
    {"network", L_ORG, 0}, {"police", L_ORG, 0}, {"court", L_ORG, 0}, {"parliament", L_ORG, 0},
    {"assembly", L_ORG, 0}, {"institute", L_ORG, 0}, {"association", L_ORG, 0},
    {"foundation", L_ORG, 0}, {"commission", L_ORG, 0}, {"office", L_ORG, 0},
    {"department", L_ORG, 0}, {"movement", L_ORG, 0}, {"brigade", L_ORG, 0},
    {"brigades", L_ORG, 0}, {"federation", L_ORG, 0}, {"authority", L_ORG, 0},
    {"service", L_ORG, 0}, {"times", L_ORG, 0}, {"post", L_ORG, 0}, {"radio", L_ORG, 0},
    {"television", L_ORG, 0}, {"broadcasting", L_ORG, 0}, {"coalition", L_ORG, 0},
    {"alliance", L_ORG, 0}, {"hospital", L_ORG, 0}, {"school", L_ORG, 0}, {"college", L_ORG, 0},
    {"church", L_ORG, 0}, {"airlines", L_ORG, 0}, {"club", L_ORG, 0}, {"league", L_ORG, 0},
    {"senate", L_ORG, 0}, {"congress", L_ORG, 0}, {"cabinet", L_ORG, 0}, {"embassy", L_ORG, 0},
    {"bureau", L_ORG, 0}, {"fund", L_ORG, 0}, {"board", L_ORG, 0}, {"tribunal", L_ORG, 0},
    {"government", L_ORG, 0}, {"agencies", L_ORG, 0}, {"nations", L_ORG, 0},
    {"said", L_SPEECH, 0}, {"says", L_SPEECH, 0}, {"added", L_SPEECH, 0}, {"adds", L_SPEECH, 0},
    {"explained", L_SPEECH, 0}, {"stressed", L_SPEECH, 0}, {"asserted", L_SPEECH, 0},
    {"told", L_SPEECH, 0}, {"noted", L_SPEECH, 0}, {"declared", L_SPEECH, 0},
    {"insisted", L_SPEECH, 0}, {"warned", L_SPEECH, 0}, {"stated", L_SPEECH, 0},
    {"wrote", L_SPEECH, 0}, {"tweeted", L_SPEECH, 0}, {"announced", L_SPEECH, 0},
    {"argued", L_SPEECH, 0}, {"remarked", L_SPEECH, 0}, {"emphasized", L_SPEECH, 0},
    {"emphasised", L_SPEECH, 0}, {"reiterated", L_SPEECH, 0}, {"urged", L_SPEECH, 0},
    {"commented", L_SPEECH, 0}, {"claimed", L_SPEECH, 0}, {"confirmed", L_SPEECH, 0},
    {"replied", L_SPEECH, 0}, {"responded", L_SPEECH, 0}, {"concluded", L_SPEECH, 0},
    {"continued", L_SPEECH, 0}, {"asked", L_SPEECH, 0}, {"acknowledged", L_SPEECH, 0},
    {"called", L_CUE, 0}, {"calling", L_CUE, 0}, {"calls", L_CUE, 0}, {"described", L_CUE, 0},
    {"describes", L_CUE, 0}, {"describing", L_CUE, 0}, {"saying", L_CUE, 0}, {"accused", L_CUE, 0},
    {"accusing", L_CUE, 0}, {"accuses", L_CUE, 0}, {"claiming", L_CUE, 0}, {"claims", L_CUE, 0},
    {"telling", L_CUE, 0}, {"tells", L_CUE, 0}, {"writes", L_CUE, 0}, {"writing", L_CUE, 0},
    {"tweets", L_CUE, 0}, {"tweeting", L_CUE, 0}, {"branded", L_CUE, 0}, {"dubbed", L_CUE, 0},
    {"labeled", L_CUE, 0}, {"labelled", L_CUE, 0}, {"promised", L_CUE, 0}, {"pledged", L_CUE, 0},
    {"vowed", L_CUE, 0}, {"predicted", L_CUE, 0}, {"admitted", L_CUE, 0}, {"admitting", L_CUE, 0},
    {"suggested", L_CUE, 0}, {"suggesting", L_CUE, 0}, {"insists", L_CUE, 0}, {"warns", L_CUE, 0},
    {"argues", L_CUE, 0}, {"notes", L_CUE, 0}, {"adding", L_CUE, 0}, {"noting", L_CUE, 0},
    {"arguing", L_CUE, 0}, {"insisting", L_CUE, 0}, {"warning", L_CUE, 0}, {"explaining", L_CUE, 0},
    {"dismissed", L_CUE, 0}, {"exhorted", L_CUE, 0}, {"demanded", L_CUE, 0}, {"complained", L_CUE, 0},
    {"recalled", L_CUE, 0}, {"boasted", L_CUE, 0}, {"conceded", L_CUE, 0}, {"charged", L_CUE, 0},
    {"mocked", L_CUE, 0}, {"blasted", L_CUE, 0}, {"slammed", L_CUE, 0}, {"praised", L_CUE, 0},
    {"general", L_ROLE, 0}, {"president", L_ROLE, 0}, {"minister", L_ROLE, 0},
    {"commander", L_ROLE, 0}, {"chief", L_ROLE, 0}, {"spokesman", L_ROLE, 0},
    {"spokeswoman", L_ROLE, 0}, {"spokesperson", L_ROLE, 0}, {"leader", L_ROLE, 0},
    {"official", L_ROLE, 0}, {"envoy", L_ROLE, 0}, {"ambassador", L_ROLE, 0},
    {"counterpart", L_ROLE, 0}, {"head", L_ROLE, 0}, {"director", L_ROLE, 0},
    {"secretary", L_ROLE, 0}, {"chairman", L_ROLE, 0}, {"officer", L_ROLE, 0},
    {"governor", L_ROLE, 0}, {"mayor", L_ROLE, 0}, {"lawyer", L_ROLE, 0}, {"attorney", L_ROLE, 0},
    {"prosecutor", L_ROLE, 0}, {"judge", L_ROLE, 0}, {"professor", L_ROLE, 0},
    {"sheriff", L_ROLE, 0}, {"deputy", L_ROLE, 0}, {"senator", L_ROLE, 0},
    {"lawmaker", L_ROLE, 0}, {"diplomat", L_ROLE, 0}, {"adviser", L_ROLE, 0},
    {"advisor", L_ROLE, 0}, {"aide", L_ROLE, 0}, {"founder", L_ROLE, 0}, {"manager", L_ROLE, 0},
    {"executive", L_ROLE, 0}, {"coach", L_ROLE, 0}, {"son", L_ROLE, 0}, {"daughter", L_ROLE, 0},
    {"wife", L_ROLE, 0}, {"husband", L_ROLE, 0}, {"mother", L_ROLE, 0}, {"father", L_ROLE, 0},
    {"brother", L_ROLE, 0}, {"sister", L_ROLE, 0}, {"victim", L_ROLE, 0},
    {"suspect", L_ROLE, 0}, {"witness", L_ROLE, 0}, {"cleric", L_ROLE, 0},
    {"detective", L_ROLE, 0}, {"staff", L_ROLE, 0}, {"analyst", L_ROLE, 0},
    {"al", L_PARTICLE, 0}, {"el", L_PARTICLE, 0}, {"bin", L_PARTICLE, 0}, {"ibn", L_PARTICLE, 0},
    {"bint", L_PARTICLE, 0}, {"van", L_PARTICLE, 0}, {"von", L_PARTICLE, 0},
    {"der", L_PARTICLE, 0}, {"de", L_PARTICLE, 0}, {"da", L_PARTICLE, 0}, {"di", L_PARTICLE, 0},
    {"du", L_PARTICLE, 0}, {"la", L_PARTICLE, 0}, {"le", L_PARTICLE, 0}, {"dos", L_PARTICLE, 0},
    {"he", L_PRONOUN | L_STOP, 0}, {"she", L_PRONOUN | L_STOP, 0},
    {"news", L_MEDIA, 0}, {"tv", L_MEDIA, 0}, {"newspaper", L_MEDIA, 0}, {"daily", L_MEDIA | L_ORG, 0},
    {"herald", L_ORG, 0}, {"gazette", L_ORG, 0}, {"tribune", L_ORG, 0}, {"journal", L_ORG, 0},
    {"telegraph", L_ORG, 0}, {"chronicle", L_ORG, 0}, {"engineer", L_ROLE, 0}, {"reporter", L_ROLE, 0},
    {"website", L_MEDIA, 0}, {"channel", L_MEDIA, 0}, {"reported", L_MEDIA, 0},
    {"quoted", L_MEDIA, 0}, {"reports", L_MEDIA, 0}, {"cited", L_MEDIA, 0},
    {"in", L_PREP | L_STOP, 0}, {"on", L_PREP | L_STOP, 0}, {"since", L_PREP | L_STOP, 0},
    {"until", L_PREP | L_STOP, 0}, {"last", L_PREP | L_STOP, -1}, {"next", L_PREP | L_STOP | L_FUTURE, 1},
    {"this", L_PREP | L_STOP, 0}, {"early", L_PREP, 0}, {"late", L_PREP, 0}, {"mid", L_PREP, 0},
    {"of", L_PREP, 0}, {"by", L_PREP | L_STOP, 0}, {"from", L_PREP | L_STOP, 0},
    {"through", L_PREP | L_STOP, 0}, {"during", L_PREP | L_STOP, 0}, {"back", L_PREP | L_STOP, 0},
    {"before", L_PREP | L_STOP, 0}, {"after", L_PREP | L_STOP, 0}, {"between", L_PREP | L_STOP, 0},
    {"till", L_PREP, 0}, {"will", L_FUTURE, 0}, {"upcoming", L_FUTURE, 0},
    {"scheduled", L_FUTURE, 0},
    {"one", L_NUMBER | L_STOP, 1}, {"two", L_NUMBER | L_STOP, 2}, {"three", L_NUMBER, 3},
    {"four", L_NUMBER, 4}, {"five", L_NUMBER, 5}, {"six", L_NUMBER, 6}, {"seven", L_NUMBER, 7},
    {"eight", L_NUMBER, 8}, {"nine", L_NUMBER, 9}, {"ten", L_NUMBER, 10}, {"a", L_NUMBER | L_STOP, 1},
    {"the", L_STOP, 0}, {"an", L_STOP, 0}, {"at", L_STOP, 0}, {"according", L_STOP, 0},
    {"near", L_STOP, 0}, {"but", L_STOP, 0}, {"and", L_STOP, 0}, {"or", L_STOP, 0},
    {"it", L_STOP, 0}, {"they", L_STOP, 0}, {"we", L_STOP, 0}, {"i", L_STOP, 0},
    {"you", L_STOP, 0}, {"that", L_STOP, 0}, {"these", L_STOP, 0}, {"those", L_STOP, 0},
    {"his", L_STOP, 0}, {"her", L_STOP, 0}, {"its", L_STOP, 0}, {"their", L_STOP, 0},
    {"our", L_STOP, 0}, {"my", L_STOP, 0}, {"as", L_STOP, 0}, {"for", L_STOP, 0},
    {"with", L_STOP, 0}, {"while", L_STOP, 0}, {"when", L_STOP, 0}, {"also", L_STOP, 0},
    {"however", L_STOP, 0}, {"meanwhile", L_STOP, 0}, {"earlier", L_STOP, 0},
    {"later", L_STOP, 0}, {"some", L_STOP, 0}, {"many", L_STOP, 0}, {"several", L_STOP, 0},
    {"both", L_STOP, 0}, {"all", L_STOP, 0}, {"any", L_STOP, 0}, {"if", L_STOP, 0},
    {"to", L_STOP, 0}, {"under", L_STOP, 0}, {"over", L_STOP, 0}, {"despite", L_STOP, 0},
    {"amid", L_STOP, 0}, {"there", L_STOP, 0}, {"here", L_STOP, 0}, {"then", L_STOP, 0},
    {"what", L_STOP, 0}, {"who", L_STOP, 0}, {"which", L_STOP, 0}, {"where", L_STOP, 0},
    {"why", L_STOP, 0}, {"how", L_STOP, 0}, {"no", L_STOP, 0}, {"not", L_STOP, 0},
    {"yet", L_STOP, 0}, {"so", L_STOP, 0}, {"such", L_STOP, 0}, {"each", L_STOP, 0},
    {"every", L_STOP, 0}, {"other", L_STOP, 0}, {"another", L_STOP, 0}, {"more", L_STOP, 0},
    {"most", L_STOP, 0}, {"only", L_STOP, 0}, {"even", L_STOP, 0}, {"still", L_STOP, 0},
    {"now", L_STOP, 0}, {"once", L_STOP, 0}, {"although", L_STOP, 0}, {"though", L_STOP, 0},
    {"because", L_STOP, 0}, {"about", L_STOP, 0}, {"against", L_STOP, 0}, {"among", L_STOP, 0},
    {"into", L_STOP, 0}, {"without", L_STOP, 0}, {"within", L_STOP, 0}, {"across", L_STOP, 0},
    {"following", L_STOP, 0}, {"including", L_STOP, 0}, {"heading", L_STOP, 0},
    {"speaking", L_STOP, 0}, {"is", L_STOP, 0}, {"was", L_STOP, 0}, {"are", L_STOP, 0},
    {"were", L_STOP, 0}, {"be", L_STOP, 0}, {"has", L_STOP, 0}, {"have", L_STOP, 0},
    {"had", L_STOP, 0}, {"do", L_STOP, 0}, {"did", L_STOP, 0}, {"read", L_STOP, 0},
    {"photo", L_STOP, 0}, {"image", L_STOP, 0}, {"video", L_STOP, 0}, {"update", L_STOP, 0},
    {"mr", L_STOP, 0}, {"yes", L_STOP, 0}, {"please", L_STOP, 0}, {"today", L_STOP, 0},
    {"yesterday", L_STOP, 0}, {"tomorrow", L_STOP, 0}, {"police", L_ORG, 0},
    /* plural and common nouns that open sentences before "said", and acronyms that are not
     * organisations */
    {"authorities", L_STOP, 0}, {"officials", L_STOP, 0}, {"investigators", L_STOP, 0},
    {"witnesses", L_STOP, 0}, {"deputies", L_STOP, 0}, {"neighbors", L_STOP, 0},
    {"neighbours", L_STOP, 0}, {"sources", L_STOP, 0}, {"relatives", L_STOP, 0},
    {"detectives", L_STOP, 0}, {"prosecutors", L_STOP, 0}, {"residents", L_STOP, 0},
    {"troopers", L_STOP, 0}, {"firefighters", L_STOP, 0}, {"paramedics", L_STOP, 0},
    {"doctors", L_STOP, 0}, {"students", L_STOP, 0}, {"family", L_STOP, 0}, {"friends", L_STOP, 0},
    {"jr", L_STOP, 0}, {"drive", L_STOP, 0}, {"street", L_STOP, 0}, {"avenue", L_STOP, 0},
    {"road", L_STOP, 0}, {"suv", L_STOP, 0}, {"ceo", L_STOP, 0}, {"ems", L_STOP, 0},
    {"swat", L_STOP, 0}, {"related", L_STOP, 0}, {"dna", L_STOP, 0}, {"gps", L_STOP, 0},
};

/* Titles, as written before a name. The first word carries L_TITLE; the longest match wins. */
static const char *const title_phrases[] = {
    "Maj. Gen.", "Major General", "Lt. Gen.", "Lieutenant General", "Brig. Gen.",
    "Brigadier General", "Gen.", "General", "Col.", "Colonel", "Lt. Col.", "Lieutenant Colonel",
    "Lt.", "Lieutenant", "Capt.", "Captain", "Sgt.", "Sergeant", "Maj.", "Adm.", "Admiral",
    "Rear Admiral", "Vice Admiral", "Commander", "Cmdr.", "Field Marshal", "Marshal", "President",
    "Vice President", "Prime Minister", "Deputy Prime Minister", "Defense Minister",
    "Defence Minister", "Foreign Minister", "Interior Minister", "Finance Minister", "Minister",
    "Deputy Foreign Minister", "Chief of Staff", "Ayatollah", "Grand Ayatollah", "Hojatoleslam",
    "Seyyed", "Sayyed", "Sayed", "Sheikh", "Imam", "King", "Queen", "Prince", "Crown Prince",
    "Princess", "Emir", "Sultan", "Pope", "Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Dr.", "Dr",
    "Prof.", "Professor", "Senator", "Sen.", "Rep.", "Representative", "Gov.", "Governor", "Mayor",
    "Speaker", "Secretary", "Secretary of State", "Secretary-General", "Secretary General",
    "Ambassador", "Spokesman", "Judge", "Justice", "Chancellor", "Supreme Leader", "Leader",
    "Chairman", "Director", "Officer", "Deputy", "Detective", "Det.", "Sheriff", "Chief",
    "Police Chief", "Rabbi", "Reverend", "Rev.", "Attorney General", "District Attorney",
    "Patriarch", "Bishop", "Archbishop", "Cardinal", "Lord", "Sir", "Premier", "Commissioner",
    "Trooper", "Sgt", "Officers", "Cpl.", "Corporal", "Pvt.", "Private", NULL};

_Static_assert(sizeof title_phrases / sizeof title_phrases[0] == ND__TITLE_PHRASES, "ND__TITLE_PHRASES counts title_phrases");

static uint64_t word_hash(const char *w, size_t n) { return nd__hash64(w, n, 0x51ed27u); }

/* The lexicon is the hash map (util.h) as a multimap keyed by the word's hash, each value the
 * word with what it is; a look-up walks the values of the hash and compares the words. */
static int lex_add(nd__extractor *x, const char *word, uint32_t flags, int value)
{
    size_t n = strlen(word);
    uint64_t h = word_hash(word, n);
    lex_slot *entry = NULL;
    for (size_t cursor = 0; (entry = nd__map_next(&x->lex, h, &cursor)) != NULL;)
        if (entry->len == n && memcmp(entry->word, word, n) == 0)
            break;
    if (!entry) {
        entry = nd__map_add(&x->lex, h);
        if (!entry)
            return ND_ENOMEM;
        entry->word = word;
        entry->len = (uint8_t)n;
    }
    entry->flags |= flags;
    if (value)
        entry->value = value;
    return ND_OK;
}

const lex_slot *nd__ex_lex_find(const nd__extractor *x, const char *lower, size_t n)
{
    if (n == 0 || n > 32)
        return NULL;
    uint64_t h = word_hash(lower, n);
    const lex_slot *entry;
    for (size_t cursor = 0; (entry = nd__map_next(&x->lex, h, &cursor)) != NULL;)
        if (entry->len == n && memcmp(entry->word, lower, n) == 0)
            return entry;
    return NULL;
}

int nd__ex_lexicon_init(nd__extractor *x)
{
    nd__map_init_multi(&x->lex, sizeof(lex_slot), LEX_SLOTS, 0);
    for (size_t i = 0; i < sizeof lexicon_words / sizeof lexicon_words[0]; i++)
        if (lex_add(x, lexicon_words[i].word, lexicon_words[i].flags, lexicon_words[i].value))
            return ND_ENOMEM;
    /* The first word of each title, lower-cased, with its full stop: "maj." "president". Kept
     * in the extractor's table of lower-cased copies so the lexicon may point at them (a
     * static table would be written by every thread that makes an extractor). */
    char (*lowered)[24] = x->lowered;
    for (size_t i = 0; title_phrases[i]; i++) {
        const char *p = title_phrases[i];
        size_t n = strcspn(p, " ");
        if (n >= sizeof x->lowered[i])
            continue;
        for (size_t k = 0; k < n; k++)
            lowered[i][k] = (char)nd__to_lower((unsigned char)p[k]);
        lowered[i][n] = '\0';
        if (lex_add(x, lowered[i], L_TITLE | (p[n - 1] == '.' ? L_ABBR : 0), 0))
            return ND_ENOMEM;
    }
    return ND_OK;
}

int nd__ex_match_title(const nd__extractor *x, size_t i)
{
    const token *t = &TOK(i);
    if (!(t->lex & L_TITLE) || !(t->flags & T_CAP))
        return 0;
    int best = 0;
    for (size_t p = 0; title_phrases[p]; p++) {
        const char *phrase = title_phrases[p];
        size_t k = i;
        int words = 0, ok = 1;
        while (*phrase && ok) {
            size_t n = strcspn(phrase, " ");
            if (k >= x->tokens.count || (words > 0 && !(TOK(k).flags & T_SPACE)))
                ok = 0;
            else if (TOK(k).end - TOK(k).start != n || memcmp(x->text + TOK(k).start, phrase, n) != 0)
                ok = 0;
            phrase += n;
            if (*phrase == ' ')
                phrase++;
            k++;
            words++;
        }
        if (ok && words > best)
            best = words;
    }
    return best;
}
