"""Suggestions for the editors: glossary terms and named entities the data files do not cover yet.

Pure functions over [Article][explainer.model.Article]s, no I/O, deterministic output.
Nothing here is specific to one article or topic: every rule is about the shape of English text.

* [suggest_terms][explainer.suggest.suggest_terms] proposes lower-case noun phrases of two to
  four words ("balance of power", "minimum wage") found by a heuristic chunker, and rare
  single words ([wordfreq](https://github.com/rspeer/wordfreq) Zipf frequency below
  [RARE_ZIPF][explainer.suggest.RARE_ZIPF]).
* [suggest_entities][explainer.suggest.suggest_entities] proposes capitalised names and
  acronyms, with a light guess at what they are (person, organisation, place).

Only paragraph text is read (not notes, titles or bios), with endnote markers removed.
The chunker has no part-of-speech tagger; it approximates noun phrases with runs of words that
are not in [STOP_WORDS][explainer.suggest.STOP_WORDS], not numbers, not `-ly` adverbs, with
participles (`-ed`, `-ing`) only where they usually act as adjectives or nouns, and at most
one inner "of". Phrases nested in a longer phrase are discounted by their nested occurrences
(the C-value of Frantzi, Ananiadou & Mima, 2000), so a fragment that only ever occurs inside a
longer phrase is not proposed on its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from wordfreq import zipf_frequency

from explainer.model import Article
from explainer.notes import MARKER_RE

CandidateKind = Literal["phrase", "word", "person", "organisation", "place", "name"]
"""What a [Candidate][explainer.suggest.Candidate] is: `phrase` and `word` come from
[suggest_terms][explainer.suggest.suggest_terms], the others from
[suggest_entities][explainer.suggest.suggest_entities]."""

STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above across after afterwards again against ago all almost alone along already also
    although always am amid among amongst an and another any anybody anyone anything anyway
    anywhere are around as at away back be became because become becomes becoming been before
    beforehand behind below beneath beside besides between beyond both but by can cannot
    could did do does doing done down during each either else elsewhere enough especially etc
    even ever every everybody everyone everything everywhere except far few for from further
    furthermore had has have having he hence her here hereby herein hers herself him himself his
    how however i if in indeed inside instead into is it its itself just least less lest like
    many may me meanwhile merely might mine more moreover most mostly much must my myself namely
    near neither never nevertheless no nobody none nor not nothing now nowhere of off often on
    once one onto only or other others otherwise ought our ours ourselves out over own per
    perhaps quite rather same several shall she should since so some somebody someone something
    sometime sometimes somewhat somewhere soon still such than that the their theirs them
    themselves then thence there thereafter thereby therefore therein these they this those
    though through throughout thus till to together too toward towards under underneath unless
    unlike until up upon us very via was we well were what whatever when whence whenever where
    whereas whereby wherever whether which while whither who whoever whole whom whose why will
    with within without would yet you your yours yourself yourselves
    say says said saying get gets got gotten getting make makes made making go goes went gone
    going come comes came coming take takes took taken taking give gives gave given giving know
    knows knew known think thinks see sees saw seen seem seems seemed wanted needed let lets put
    puts keep keeps kept tell tells told ask asks asked feel feels felt find finds found bring
    brings brought begin begins began begun showed shown meant try tries tried called remained
    mr mrs ms dr st vs
    two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty
    seventy eighty ninety hundred thousand million billion trillion dozen
    """.split()
)
"""Function words, very common verbs and number words: never the first or last word of a term.

The only stop word a suggested term may contain is an inner "of" ("sphere of influence").
"""

RARE_ZIPF = 3.5
"""A single word is proposed when its Zipf frequency in English is below this (about 3 uses
per million words: "oligarchy" 2.9 and "photosynthesis" 3.0 are rare, "legislature" 4.2 is not)."""

ORGANISATION_WORDS: frozenset[str] = frozenset(
    """
    academy administration agency alliance assembly association authority bank board bureau
    cabinet center centre church coalition college command commission committee company
    congress corporation corps council court department directorate federation forces
    foundation fund group guard inc institute institution league ltd ministry movement network
    office organisation organization parliament party press secretariat senate service services
    society school trust union university
    """.split()
)
"""Lower-case words that make a capitalised name an organisation (`Department of State`)."""

TITLES: frozenset[str] = frozenset(
    """
    admiral ambassador archbishop bishop capt captain cardinal chancellor chairman chairwoman col
    colonel commissioner comrade congressman congresswoman count countess director dr duke
    emperor empress gen general gov governor judge king lady lord lt madame mayor minister miss
    mr mrs ms pope premier president prince princess prof professor queen rabbi rep rev reverend
    secretary sen senator sgt sir tsar czar
    """.split()
)
"""Honorifics and offices that announce a person's name (`President`, `Dr.`), lower case,
without the abbreviation dot."""

GEO_WORDS: frozenset[str] = frozenset(
    """
    north south east west northern southern eastern western central upper lower new old great
    greater little saint st san santa los las el la le fort port mount lake cape gulf
    """.split()
)
"""First words of two-word place names (`South …`, `New …`), so they are not read as a
person's first and last name."""

PLACE_ACRONYMS: frozenset[str] = frozenset({"us", "usa", "uk", "ussr", "uae", "prc", "dprk"})
"""Acronyms of countries (compared lower case, without dots): a place, not an organisation."""

_LY_NOT_ADVERBS = frozenset(
    """
    belly bully chilly costly cowardly daily deadly early elderly fatherly friendly ghastly godly
    hilly holly homely hourly jelly jolly kindly leisurely lively lonely lovely manly monthly
    motherly neighborly neighbourly nightly orderly rally scholarly sickly silly stately timely
    ugly unfriendly ungodly unruly weekly woolly worldly yearly
    """.split()
)
_DETERMINERS = frozenset(
    "a an the this that these those its their his her our your my no any such each every".split()
)
_VERB_CUES = frozenset(
    "will would can could may might must shall should he she it they we i you".split()
)
_PREPOSITIONS = frozenset(
    "of in for with by from on at about against without into among between under".split()
)
_NOT_NAMES = frozenset(
    """
    january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)
_NOT_PERSON_WORDS = frozenset(
    """
    accord accords act agreement charter convention declaration doctrine memorandum pact plan
    protocol treaty war wars revolution crisis river sea ocean island islands mountains street
    avenue square bridge canal zone strait valley desert coast
    """.split()
)
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ic")
_ENTITY_CONNECTORS = frozenset({"of", "for", "the", "and"})
_PLACE_CUES = frozenset({"in", "to", "from", "of"})
_STRONG_PLACE_CUES = frozenset({"in", "from"})
_SENTENCE_END = frozenset(".!?:")
_OPENERS = frozenset("\"“‘'([")
_MAX_WORDS = 4

_TOKEN_RE = re.compile(
    r"(?P<abbr>(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|Sen|Rep|Gov|Jr|Sr|Rev|Capt|Sgt|Adm)\.)"
    r"|(?P<acronym>(?:[A-Z]\.){2,})"
    r"|(?P<initial>[A-Z]\.(?=\s+[A-Z]))"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*(?:(?:-[^\W_]+|/(?=[A-Z])[^\W\d_]+)(?:['’][^\W\d_]+)*)*)"
    r"|(?P<number>\d+(?:[.,]\d+)*)"
    r"|(?P<punct>[^\w\s])"
)


@dataclass(frozen=True)
class Candidate:
    """A term or a name proposed for the glossary or the entities file."""

    phrase: str
    """The phrase as it most often appears in the text (original case; singular or plural,
    whichever is more frequent)."""
    count: int
    """How many times it occurs in the paragraphs of the articles (plural forms included)."""
    paragraphs: tuple[tuple[str, int], ...]
    """`(article slug, paragraph number)` of every paragraph where it occurs, sorted, unique."""
    score: float
    """Ranking score, higher first; only comparable within one list."""
    kind: CandidateKind
    """`phrase` or `word` for terms; `person`, `organisation`, `place` or `name` for entities."""


@dataclass(frozen=True)
class _Token:
    text: str
    """As written."""
    lower: str
    """Lower case, curly apostrophe made straight, abbreviation dot removed."""
    start: int
    end: int
    kind: Literal["word", "number", "punct"]
    initial: bool = False
    """First word of a sentence (or of a quotation)."""
    abbreviation: bool = False
    """`Dr.`, `U.S.`, `J.`: written with dots."""
    plain: bool = False
    """A word of letters (and inner hyphens): no apostrophe, digit, slash or dot."""
    stem: str = ""
    """For a plain word, the lower-case singular that keys are made of (`policies` → `policy`)."""
    acronym: bool = False
    """Two or more capital letters (`UNESCO`, `U.S.`)."""

    @property
    def capitalised(self) -> bool:
        return self.kind == "word" and self.text[:1].isupper()

    @property
    def possessive(self) -> bool:
        return self.lower.endswith("'s")


def _word_token(raw: str, start: int, end: int, initial: bool, abbreviation: bool) -> _Token:
    lower = raw.lower().replace("’", "'")
    if abbreviation:
        lower = lower.replace(".", "")
    plain = not abbreviation and "'" not in lower and "/" not in lower
    plain = plain and not any(c.isdigit() for c in lower)
    letters = raw.replace(".", "")
    acronym = (
        len(letters) >= 2
        and letters.isalpha()
        and letters.isupper()
        and (abbreviation or raw.isalpha())
    )
    stem = ("of" if lower == "of" else _singular(lower)) if plain else ""
    return _Token(raw, lower, start, end, "word", initial, abbreviation, plain, stem, acronym)


@dataclass(frozen=True)
class _Paragraph:
    slug: str
    number: int
    text: str
    tokens: tuple[_Token, ...]


@dataclass
class _Tally:
    count: int = 0
    surfaces: Counter[str] = field(default_factory=Counter)
    places: set[tuple[str, int]] = field(default_factory=set)
    name_like: int = 0
    lower_case: int = 0
    honorific: bool = False
    cues: Counter[str] = field(default_factory=Counter)
    forms: set[str] = field(default_factory=set)


def strip_markers(text: str) -> str:
    """Remove endnote markers (`[iv]`, `[12]`, `[^3]`) from running text.

    Args:
        text: Paragraph text.

    Returns:
        The text without markers.

    Examples:
        >>> strip_markers("a sphere of influence.[iv] Then")
        'a sphere of influence. Then'
    """
    return MARKER_RE.sub("", text)


@lru_cache(maxsize=4096)
def _tokenize(text: str) -> tuple[_Token, ...]:
    """Cut text into words, numbers and punctuation, marking the first word of each sentence."""
    tokens: list[_Token] = []
    at_start = True
    for match in _TOKEN_RE.finditer(text):
        group = match.lastgroup or "punct"
        raw = match.group()
        if group == "number":
            tokens.append(_Token(raw, raw, match.start(), match.end(), "number"))
            at_start = False
        elif group == "punct":
            tokens.append(_Token(raw, raw, match.start(), match.end(), "punct"))
            if raw in _SENTENCE_END:
                at_start = True
            elif raw in _OPENERS and text[match.end() : match.end() + 1].isalpha():
                at_start = True
        else:
            tokens.append(_word_token(raw, match.start(), match.end(), at_start, group != "word"))
            at_start = False
    return tuple(tokens)


def _paragraphs(articles: Sequence[Article]) -> list[_Paragraph]:
    found: list[_Paragraph] = []
    for article in articles:
        for paragraph in article.paragraphs:
            text = strip_markers(paragraph.text)
            found.append(_Paragraph(article.slug, paragraph.number, text, _tokenize(text)))
    return found


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    return float(zipf_frequency(word, "en"))


@lru_cache(maxsize=65536)
def _singular(word: str) -> str:
    """A simple singular, used only to merge variants (`policies` → `policy`, `boxes` → `box`)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def _is_adverb(word: str) -> bool:
    """An `-ly` adverb: `urgently`, `happily`, `probably`, `truly` (not `family`, `supply`)."""
    if len(word) < 5 or not word.endswith("ly") or word in _LY_NOT_ADVERBS or "-" in word:
        return False
    stem = word[:-2]
    bases = {stem, word[:-1], stem + "e", word[:-1] + "e"}
    if stem.endswith("i"):
        bases.add(stem[:-1] + "y")
    own = _zipf(word)
    return any(_zipf(base) >= max(3.0, own - 0.5) for base in bases if len(base) >= 3)


def _participle(word: str) -> Literal["ed", "ing", ""]:
    """Whether a (non-hyphenated) word looks like a past participle or an `-ing` form."""
    if "-" in word:
        return ""
    if len(word) >= 5 and word.endswith("ed") and not word.endswith("eed"):
        return "ed"
    if len(word) >= 6 and word.endswith("ing"):
        return "ing"
    return ""


def _is_content(token: _Token) -> bool:
    """A word that may be part of a term."""
    return (
        token.plain
        and len(token.lower) >= 2
        and token.lower not in STOP_WORDS
        and not _is_adverb(token.lower)
    )


@dataclass(frozen=True)
class _Usage:
    """What the articles show about how words are used, without a tagger."""

    after_determiner: frozenset[str]
    """Words seen right after a determiner: `-ing`/`-ed` forms used as nouns or adjectives
    (`the training`, `the growing unrest`, `their maimed brother`)."""
    verbs: frozenset[str]
    """Words seen right after a modal or a subject pronoun (`it reinforces`, `would outweigh`)
    and never after a determiner or a preposition: verbs."""
    infinitives: frozenset[str]
    """Words seen right after "to" and never after a determiner or a preposition (`to legislate`);
    weaker evidence, as "to" is also a preposition (`to safety`)."""


def _usage(paragraphs: Sequence[_Paragraph]) -> _Usage:
    after_determiner: set[str] = set()
    nounish: set[str] = set()
    verbish: set[str] = set()
    after_to: set[str] = set()
    for paragraph in paragraphs:
        tokens = paragraph.tokens
        for before, token in zip(tokens, tokens[1:], strict=False):
            if token.kind != "word" or before.kind != "word":
                continue
            if before.lower in _DETERMINERS:
                after_determiner.add(token.lower)
                nounish.add(token.lower)
            elif before.lower in _PREPOSITIONS:
                nounish.add(token.lower)
            elif before.lower == "to":
                after_to.add(token.lower)
            elif before.lower in _VERB_CUES:
                verbish.add(token.lower)
    return _Usage(
        frozenset(after_determiner), frozenset(verbish - nounish), frozenset(after_to - nounish)
    )


def _key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(w if w == "of" else _singular(w) for w in words)


def _text_key(text: str) -> tuple[str, ...]:
    """The comparison key of a phrase given by the caller (a `known` term)."""
    words = [t.lower for t in _tokenize(text) if t.kind in ("word", "number")]
    return _key(words)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def _is_known(key: tuple[str, ...], known: Sequence[tuple[str, ...]]) -> bool:
    return any(_contains(k, key) for k in known if k)


def _surface(text: str, tokens: Sequence[_Token]) -> str:
    """The phrase as written, with the capital of a sentence's first word undone."""
    surface = " ".join(text[tokens[0].start : tokens[-1].end].split())
    first = tokens[0]
    if first.initial and first.text[:1].isupper() and first.text[1:] == first.text[1:].lower():
        surface = surface[:1].lower() + surface[1:]
    return surface


def _grams(run: Sequence[_Token], usage: _Usage) -> Iterator[Sequence[_Token]]:
    """Every 2–4 word sub-run that may be a noun phrase.

    A participle may open a phrase, and an `-ing` form may close one, only if the texts also
    use it after a determiner (`the growing unrest`, `the training`); elsewhere it is
    probably a verb (`protecting small farmers`). Words only ever used as verbs are
    never part of a phrase.
    """
    modifiers = usage.after_determiner
    for size in range(2, _MAX_WORDS + 1):
        for index in range(len(run) - size + 1):
            gram = run[index : index + size]
            words = [t.lower for t in gram]
            if words[0] == "of" or words[-1] == "of" or words.count("of") > 1:
                continue
            if (_participle(words[0]) and words[1] == "of") or usage.verbs.intersection(words):
                continue
            last = len(words) - 1
            if all(
                not (form := _participle(word))
                or (word in modifiers and (position == 0 or (position == last and form == "ing")))
                for position, word in enumerate(words)
            ):
                yield gram


def _runs(tokens: Sequence[_Token]) -> Iterator[list[_Token]]:
    """Maximal runs of content words, with "of" allowed between two of them."""
    run: list[_Token] = []
    for token in tokens:
        if _is_content(token):
            run.append(token)
        elif token.lower == "of" and token.kind == "word" and run and run[-1].lower != "of":
            run.append(token)
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


def _name_like(tokens: Sequence[_Token]) -> bool:
    """Written like a name: a capital not explained by the start of a sentence, or an acronym."""
    for position, token in enumerate(tokens):
        if token.acronym:
            return True
        if token.capitalised and not (position == 0 and token.initial):
            return True
    return False


def _best_surface(surfaces: Counter[str]) -> str:
    return min(surfaces.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]


def _rarity(word: str) -> float:
    """0 for the commonest English words, 1 for words wordfreq hardly knows."""
    return min(1.0, max(0.0, (7.0 - _zipf(word)) / 5.0))


def _weight(frequency: float) -> float:
    return 1.0 + math.log2(frequency) if frequency >= 1 else frequency


def _ranked(candidates: Iterable[Candidate], limit: int) -> list[Candidate]:
    ordered = sorted(candidates, key=lambda c: (-c.score, c.phrase.lower(), c.phrase))
    return ordered[: max(0, limit)]


def suggest_terms(
    articles: Sequence[Article], known: Iterable[str] = (), limit: int = 30
) -> list[Candidate]:
    """Propose glossary terms: lower-case noun phrases and rare words the articles use.

    Multi-word phrases (2–4 words, at most one inner "of") are scored by how often they occur
    outside longer candidate phrases and by how rare their words are in English; single words
    qualify when they are rarer than [RARE_ZIPF][explainer.suggest.RARE_ZIPF] (or are
    hyphenated compounds used at least twice), at least five letters long and written in lower
    case at least once. Phrases written like names (`Modern School`, `Roman law`) are
    left to [suggest_entities][explainer.suggest.suggest_entities]. Singular and plural forms
    are counted together.

    Args:
        articles: The articles to read (paragraph text only).
        known: Terms, aliases and forms already in the glossary. A candidate is dropped when it
            equals one of them (ignoring case and a simple plural) or is part of one.
        limit: Most candidates returned.

    Returns:
        Candidates of kind `phrase` or `word`, best first (ties in alphabetical order).

    Examples:
        >>> from explainer.parse import parse_article
        >>> text = "T\\n\\nA sphere of influence is not a sphere of influence for ever."
        >>> [c.phrase for c in suggest_terms([parse_article(text, source="t", slug="t")])]
        ['sphere of influence']
    """
    known_keys = [_text_key(k) for k in known]
    paragraphs = _paragraphs(articles)
    usage = _usage(paragraphs)
    phrase_keys, word_keys = _term_keys(paragraphs, usage)
    tallies = _occurrences(paragraphs, phrase_keys | word_keys)
    candidates = _phrase_candidates(tallies, phrase_keys, known_keys)
    candidates += _word_candidates(tallies, word_keys, usage, known_keys)
    return _ranked(candidates, limit)


def _term_keys(
    paragraphs: Sequence[_Paragraph], usage: _Usage
) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """Stage 1: the keys of every phrase that may be a noun phrase, and of every content word."""
    phrase_keys: set[tuple[str, ...]] = set()
    word_keys: set[tuple[str, ...]] = set()
    for paragraph in paragraphs:
        for run in _runs(paragraph.tokens):
            word_keys.update((t.stem,) for t in run if t.lower != "of")
            phrase_keys.update(tuple(t.stem for t in gram) for gram in _grams(run, usage))
    return phrase_keys, word_keys


def _nested_counts(
    terms: dict[tuple[str, ...], _Tally],
) -> tuple[Counter[tuple[str, ...]], Counter[tuple[str, ...]]]:
    """For each phrase inside longer ones: the sum of their counts, and how many they are."""
    nested_sum: Counter[tuple[str, ...]] = Counter()
    nested_count: Counter[tuple[str, ...]] = Counter()
    for key, tally in terms.items():
        subs = {
            key[i : i + size] for size in range(2, len(key)) for i in range(len(key) - size + 1)
        }
        for sub in subs & terms.keys():
            nested_sum[sub] += tally.count
            nested_count[sub] += 1
    return nested_sum, nested_count


def _phrase_candidates(
    tallies: dict[tuple[str, ...], _Tally],
    phrase_keys: set[tuple[str, ...]],
    known_keys: Sequence[tuple[str, ...]],
) -> list[Candidate]:
    """Stage 3a: phrases not written like names, scored by how often they occur outside
    longer phrases (less the mean count of those) and by how rare their words are."""
    terms = {
        key: tally
        for key, tally in tallies.items()
        if key in phrase_keys and 2 * tally.name_like < tally.count
    }
    nested_sum, nested_count = _nested_counts(terms)
    candidates: list[Candidate] = []
    for key, tally in terms.items():
        if _is_known(key, known_keys):
            continue
        frequency = float(tally.count)
        if nested_count[key]:
            frequency -= nested_sum[key] / nested_count[key]
        content = [w for w in key if w != "of"]
        rarity = sum(_rarity(w) for w in content) / len(content)
        if frequency > 0 and (
            found := _candidate(tally, _weight(frequency) * (0.5 + rarity), "phrase")
        ):
            candidates.append(found)
    return candidates


def _word_candidates(
    tallies: dict[tuple[str, ...], _Tally],
    word_keys: set[tuple[str, ...]],
    usage: _Usage,
    known_keys: Sequence[tuple[str, ...]],
) -> list[Candidate]:
    """Stage 3b: single words that are rare in English (or hyphenated and used twice)."""
    verbs = usage.verbs | usage.infinitives
    candidates: list[Candidate] = []
    for key in word_keys:
        tally = tallies[key]
        score = _word_score(key[0], tally, usage, verbs)
        if score is not None and not _is_known(key, known_keys) and (found := _candidate(tally, score, "word")):
            candidates.append(found)
    return candidates


def _word_score(word: str, tally: _Tally, usage: _Usage, verbs: frozenset[str]) -> float | None:
    """The score of a single word as a term, or None when it is none: written in lower case
    somewhere, five letters or more, never a verb or a past participle (an `-ing` form only
    after a determiner), and rarer than `RARE_ZIPF` (or a hyphenated compound used twice)."""
    if tally.lower_case == 0 or len(word) < 5:
        return None
    if not word.replace("-", "").isalpha() or verbs.intersection(tally.forms):
        return None
    form = _participle(word)
    if form == "ed" or (form == "ing" and word not in usage.after_determiner):
        return None
    zipf = max(_zipf(spelling) for spelling in tally.forms)
    if zipf < RARE_ZIPF or ("-" in word and tally.count >= 2):
        return _weight(float(tally.count)) * min(1.0, max(0.0, (7.0 - zipf) / 5.0))
    return None


def _occurrences(
    paragraphs: Sequence[_Paragraph], wanted: set[tuple[str, ...]]
) -> dict[tuple[str, ...], _Tally]:
    """Every place where a wanted key occurs as a run of plain words (any case, any plural).

    Counting is done apart from chunking, so that a count is simply the number of times the
    phrase appears in the text, whatever stood around it.
    """
    tallies: dict[tuple[str, ...], _Tally] = defaultdict(_Tally)
    first_words = {key[0] for key in wanted}
    for paragraph in paragraphs:
        tokens = paragraph.tokens
        stems = [t.stem for t in tokens]
        for start in range(len(tokens)):
            if stems[start] not in first_words:
                continue
            for stop in range(start + 1, min(start + _MAX_WORDS, len(tokens)) + 1):
                if not stems[stop - 1]:
                    break
                key = tuple(stems[start:stop])
                if key not in wanted:
                    continue
                gram = tokens[start:stop]
                tally = tallies[key]
                tally.count += 1
                tally.surfaces[_surface(paragraph.text, gram)] += 1
                tally.places.add((paragraph.slug, paragraph.number))
                tally.name_like += _name_like(gram)
                tally.lower_case += all(t.text == t.lower for t in gram)
                tally.forms.add(" ".join(t.lower for t in gram))
    return tallies


def _candidate(tally: _Tally, score: float, kind: CandidateKind) -> Candidate | None:
    """The candidate for a tally, shown in its commonest form.

    A term is shown in its commonest form that neither starts nor ends with a stop word, and
    dropped (`None`) if every form does; names are shown as they are (`Theresa May`).
    """
    surfaces = tally.surfaces
    if kind in ("phrase", "word"):
        surfaces = Counter(
            {
                surface: n
                for surface, n in surfaces.items()
                if surface.split()[0].lower() not in STOP_WORDS
                and surface.split()[-1].lower() not in STOP_WORDS
            }
        )
    if not surfaces:
        return None
    return Candidate(
        phrase=_best_surface(surfaces),
        count=tally.count,
        paragraphs=tuple(sorted(tally.places)),
        score=round(score, 4),
        kind=kind,
    )


# --- entities -------------------------------------------------------------------------------


def _is_name_word(token: _Token) -> bool:
    return token.kind == "word" and token.capitalised and not any(c.isdigit() for c in token.text)


def _entity_runs(tokens: Sequence[_Token]) -> Iterator[tuple[int, int]]:
    """`(first, last)` token indices of runs of capitalised words and inner connectors."""
    start: int | None = None
    last_name = -1
    for index, token in enumerate(tokens):
        if _is_name_word(token):
            if start is None:
                start = index
            last_name = index
            if token.possessive:
                yield start, index
                start = None
            continue
        if start is not None and token.kind == "word" and token.lower in _ENTITY_CONNECTORS:
            continue
        if start is not None:
            yield start, last_name
            start = None
    if start is not None:
        yield start, last_name


def _is_connector(token: _Token) -> bool:
    """A small word inside a name: `of`, `for`, `the`, `and`, or a capitalised stop word."""
    if token.abbreviation or token.acronym:
        return False
    return token.lower in _ENTITY_CONNECTORS or (token.capitalised and token.lower in STOP_WORDS)


def _split_run(run: Sequence[_Token]) -> Iterator[list[_Token]]:
    """Split at connectors that do not belong inside a name, then trim connectors at the edges.

    Inner "of"/"for" are kept (`Center for … Studies`); "the" only after a connector
    (`Secretary of the Navy`); "and" only after an "of" or "for" (`Department of Health and
    Human Services`), so pairs such as `Spain and Portugal` become two names.
    """
    pieces: list[list[_Token]] = [[]]
    for token in run:
        current = pieces[-1]
        lower = token.lower
        if not token.capitalised and lower in _ENTITY_CONNECTORS:
            allowed = (
                lower in ("of", "for")
                or (lower == "the" and bool(current) and _is_connector(current[-1]))
                or (lower == "and" and any(t.lower in ("of", "for") for t in current))
            )
            if not allowed or not current:
                pieces.append([])
                continue
        current.append(token)
    for piece in pieces:
        while piece and _is_connector(piece[0]):
            piece.pop(0)
        while piece and _is_connector(piece[-1]):
            piece.pop()
        if piece:
            yield piece


@dataclass(frozen=True)
class _Evidence:
    """What the whole set of articles says about capitalised words."""

    lower_words: frozenset[str]
    """Words written in lower case somewhere."""
    mid_sentence: frozenset[str]
    """Capitalised words (lower-cased) seen somewhere not at the start of a sentence."""


def _evidence(paragraphs: Sequence[_Paragraph]) -> _Evidence:
    lower: set[str] = set()
    mid: set[str] = set()
    for paragraph in paragraphs:
        for token in paragraph.tokens:
            if token.kind != "word":
                continue
            if not token.capitalised:
                lower.add(token.lower)
            elif not token.initial:
                mid.add(token.lower)
    return _Evidence(frozenset(lower), frozenset(mid))


def _trusted_initial(piece: Sequence[_Token], evidence: _Evidence) -> bool:
    """Whether the capitalised first word of a sentence belongs to the name after it.

    It does when it is a title (`President`), an acronym, capitalised in the middle of a
    sentence somewhere else, or a less common word never written in lower case and followed
    by another capitalised word that is not a title (`Nova Scotia …` at the start of a
    sentence, but not `Yesterday President …`).
    """
    token = piece[0]
    word = token.lower
    if word in TITLES or token.acronym or word in evidence.mid_sentence:
        return True
    if word in STOP_WORDS or word in evidence.lower_words or _is_adverb(word) or _participle(word):
        return False
    followed = len(piece) > 1 and not _is_connector(piece[1]) and piece[1].lower not in TITLES
    return followed and _zipf(word) < 5.0


def _strip_title(piece: list[_Token]) -> tuple[list[_Token], list[_Token], bool]:
    """Split `Finnish President Jane Doe` into prefix, name and whether a title was found."""
    title_at = max(
        (i for i, t in enumerate(piece) if t.lower in TITLES and t.capitalised),
        default=-1,
    )
    if title_at < 0 or title_at == len(piece) - 1:
        return [], piece, False
    name = piece[title_at + 1 :]
    if name[0].lower in _ENTITY_CONNECTORS:  # Secretary of State Jane Doe
        while name and (name[0].lower in _ENTITY_CONNECTORS):
            name = name[1:]
        name = name[1:]
    if not name or any(_is_connector(t) for t in name):
        return [], piece, False
    prefix = piece[:title_at]
    while prefix and _is_connector(prefix[-1]):
        prefix.pop()
    return prefix, name, True


def _entity_key(tokens: Sequence[_Token]) -> tuple[str, ...]:
    return _key(_bare(t) for t in tokens)


def _bare(token: _Token) -> str:
    word = token.lower
    return word[:-2] if word.endswith("'s") else word


def _entity_surface(text: str, tokens: Sequence[_Token]) -> str:
    end = tokens[-1].end - (2 if tokens[-1].possessive else 0)
    return " ".join(text[tokens[0].start : end].split())


def suggest_entities(
    articles: Sequence[Article], known: Iterable[str] = (), limit: int = 30
) -> list[Candidate]:
    """Propose people, organisations and places: capitalised names the articles use.

    A name is a run of capitalised words or acronyms, with inner "of", "for", "the" and "and"
    where names usually have them (`Center for Law/Policy Studies`). A word capitalised only
    because it starts a sentence is ignored unless it is also capitalised elsewhere, or is an
    unusual word the texts never write in lower case. The kind is a guess from light cues:

    * `person`: a title before it (`President`, `Dr.`, `Secretary`), or two words shaped like
      a first and a last name, or the last name of such a person on its own;
    * `organisation`: it contains an organisation word
      ([ORGANISATION_WORDS][explainer.suggest.ORGANISATION_WORDS]) or is an acronym;
    * `place`: a word or two after "in" or "from" (or mostly after "to" or "of");
    * `name`: anything else.

    Args:
        articles: The articles to read (paragraph text only).
        known: Names and aliases already in the entities file. A candidate is dropped when it
            equals one of them (ignoring case and a simple plural) or is part of one.
        limit: Most candidates returned.

    Returns:
        Candidates of kind `person`, `organisation`, `place` or `name`, most frequent first
        (ties in alphabetical order).
    """
    known_keys = [_text_key(k) for k in known]
    paragraphs = _paragraphs(articles)
    evidence = _evidence(paragraphs)
    names = _Names()
    for paragraph in paragraphs:
        for tokens, honorific, cue in _names_in(paragraph, evidence):
            names.record(paragraph, tokens, honorific, cue)
    kinds = _classify(names.tallies, names.token_lists, evidence)
    candidates = [
        _candidate(tally, float(tally.count), kinds[key])
        for key, tally in names.tallies.items()
        if not _is_known(key, known_keys)
    ]
    return _ranked([c for c in candidates if c is not None], limit)


@dataclass
class _Names:
    """Every name found, by key: how often, where, with which cues, and its first tokens."""

    tallies: dict[tuple[str, ...], _Tally] = field(default_factory=lambda: defaultdict(_Tally))
    token_lists: dict[tuple[str, ...], list[_Token]] = field(default_factory=dict)

    def record(self, paragraph: _Paragraph, tokens: list[_Token], honorific: bool, cue: str) -> None:
        """Count one occurrence of a name (a title or a word that names nothing on its own is skipped)."""
        if all(t.lower in TITLES or t.lower in _NOT_NAMES for t in tokens):
            return
        key = _entity_key(tokens)
        tally = self.tallies[key]
        tally.count += 1
        tally.surfaces[_entity_surface(paragraph.text, tokens)] += 1
        tally.places.add((paragraph.slug, paragraph.number))
        tally.honorific = tally.honorific or honorific
        if cue:
            tally.cues[cue] += 1
        self.token_lists.setdefault(key, tokens)


def _names_in(paragraph: _Paragraph, evidence: _Evidence) -> Iterator[tuple[list[_Token], bool, str]]:
    """`(tokens, after a title, cue word before it)` of every name in a paragraph, in order;
    a title's prefix (`Finnish` in `Finnish President Jane Doe`) is a name of its own."""
    tokens = paragraph.tokens
    for first, last in _entity_runs(tokens):
        for piece in _split_run(tokens[first : last + 1]):
            piece = _trust_initial(piece, evidence)
            if not piece:
                continue
            prefix, name, honorific = _strip_title(piece)
            if prefix:
                yield prefix, False, _cue(tokens, prefix[0])
            cue = "" if honorific or name[-1].possessive else _cue(tokens, name[0])
            yield name, honorific, cue


def _trust_initial(piece: list[_Token], evidence: _Evidence) -> list[_Token]:
    """The piece without its first word when only a sentence's start capitalised it (and
    without the connectors that then lead it)."""
    if not piece[0].initial or _trusted_initial(piece, evidence):
        return piece
    piece = piece[1:]
    while piece and _is_connector(piece[0]):
        piece = piece[1:]
    return piece


def _cue(tokens: Sequence[_Token], first: _Token) -> str:
    """The lower-case word right before a name, if it is "in", "to", "from" or "of"."""
    before = next((t for t in reversed(tokens) if t.end <= first.start), None)
    if before is None or before.kind != "word" or before.text not in _PLACE_CUES:
        return ""
    return before.text


def _looks_like_person(tokens: Sequence[_Token], surnames_alone: set[str]) -> bool:
    """Two words shaped like `First Last`."""
    if len(tokens) != 2 or not all(t.text.isalpha() and not t.acronym for t in tokens):
        return False
    first, last = (t.lower for t in tokens)
    if {first, last} & (STOP_WORDS | TITLES | _NOT_PERSON_WORDS) or first in GEO_WORDS:
        return False
    if first.endswith(_DEMONYM_ENDINGS):
        return False
    if last in surnames_alone:
        return True
    return _zipf(first) < 4.6 and _zipf(last) < 4.5


def _is_acronym(token: _Token, evidence: _Evidence) -> bool:
    """`UNESCO`, `U.S.`: short, in capitals, and never written in lower case in the texts."""
    letters = token.lower.replace(".", "")
    return token.acronym and len(letters) <= 5 and letters not in evidence.lower_words


def _classify(
    tallies: dict[tuple[str, ...], _Tally],
    token_lists: dict[tuple[str, ...], list[_Token]],
    evidence: _Evidence,
) -> dict[tuple[str, ...], CandidateKind]:
    singles = {key[0] for key in tallies if len(key) == 1}
    kinds: dict[tuple[str, ...], CandidateKind] = {}
    for key, tally in tallies.items():
        tokens = token_lists[key]
        shouted = len(tokens) > 1 and all(t.text.isupper() for t in tokens if t.capitalised)
        if tally.honorific:
            kinds[key] = "person"
        elif shouted:  # a title written in capitals
            kinds[key] = "name"
        elif set(key) & ORGANISATION_WORDS:
            kinds[key] = "organisation"
        elif len(tokens) == 1 and _is_acronym(tokens[0], evidence):
            bare = tokens[0].lower.replace(".", "")
            kinds[key] = "place" if bare in PLACE_ACRONYMS else "organisation"
        elif _looks_like_person(tokens, singles):
            kinds[key] = "person"
    people_last = {key[-1] for key, kind in kinds.items() if kind == "person" and len(key) > 1}
    for key, tally in tallies.items():
        if key in kinds:
            continue
        short = len(key) == 1 or (len(key) == 2 and key[0] in GEO_WORDS)
        strong = sum(tally.cues[c] for c in _STRONG_PLACE_CUES)
        weak = sum(tally.cues.values()) - strong
        if len(key) == 1 and key[0] in people_last:
            kinds[key] = "person"
        elif short and (strong or (weak >= 2 and 2 * weak > tally.count)):
            kinds[key] = "place"
        else:
            kinds[key] = "name"
    return kinds
