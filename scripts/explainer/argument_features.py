"""Features of argumentative units that carry across genres, for the learned ranker.

Each unit of a text gets one vector: where it stands (in the text, its paragraph, its
sentence), what its paragraph is (introduction, conclusion), cue words (stance, concession,
contrast, reason, conclusion, evidence, hedges, prescriptions, first and second person), how
close it is to the title and to the rest of the text, and its length. No feature names a
topic, so a model trained on essays and comments can read op-eds.

Computed in stages: [text_facts][explainer.argument_features.text_facts] (the whole
text), [unit_facts][explainer.argument_features.unit_facts] (what several features of a
unit share), the small named functions of
[FEATURE_GROUPS][explainer.argument_features.FEATURE_GROUPS], then the `long_` repeats.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from explainer import argument_cues as cues
from explainer.argument_text import Span

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_NOTE_MARKER = re.compile(r"\[(?:\d{1,4}|[ivxlcdm]{1,8}|[*†‡§])\]|\^\[|\[\^")
_STOP = frozenset(
    """a an and are as at be been but by can could do does for from had has have he her his i if in into is it its
    itself me more most my no not of on or our she so some such than that the their them then there these they this
    those to too us very was we were what when which while who will with would you your""".split()
)

FEATURES = (
    "bias_text_short",
    "position",
    "early",
    "late",
    "first_sentence",
    "last_sentence",
    "first_paragraph",
    "last_paragraph",
    "only_paragraph",
    "first_in_paragraph",
    "last_in_paragraph",
    "intro_last",
    "conclusion_first",
    "single_sentence_paragraph",
    "first_unit",
    "later_unit",
    "opinion",
    "main_point",
    "deontic",
    "prescription",
    "conclusion",
    "inference",
    "concession",
    "contrast",
    "reason",
    "example",
    "number",
    "note",
    "hedge",
    "value",
    "first_singular",
    "first_plural",
    "second_person",
    "question",
    "exclamation",
    "quotation",
    "title_similarity",
    "title_rank",
    "centrality",
    "centrality_rank",
    "length",
    "relative_length",
    "opinion_in_intro",
    "opinion_in_conclusion",
    "follows_concession",
    "long_position",
    "long_first_sentence",
    "long_last_sentence",
    "long_first_paragraph",
    "long_last_paragraph",
    "long_intro_last",
    "long_conclusion_first",
    "long_first_in_paragraph",
    "long_title_rank",
    "long_stance",
    "long_text",
)
"""The names of the features, in vector order. The `long_` features repeat a signal for
texts of several paragraphs (an op-ed, an essay), where the first sentence is often a hook
and the thesis closes the introduction; a short text (a comment, an abstract) reads
differently."""

LONG_TEXT_PARAGRAPHS = 4
"""A text of this many paragraphs or more is long: its `long_` features are set."""


def tokens(text: str) -> list[str]:
    """Content words of a text, lower-cased.

    Args:
        text: Any text.

    Returns:
        Its words, without the most common function words.
    """
    return [t for t in _WORD.findall(text.lower()) if t not in _STOP]


def similarities(texts: Sequence[str], title: str) -> tuple[list[float], list[float]]:
    """TF-IDF cosine of each text with the title, and its mean cosine with the others.

    Sums over word sets use `math.fsum`, whose result does not depend on the (hash-seeded)
    order of a set, so two runs give the same bits.

    Args:
        texts: The units.
        title: Title and dek (may be empty).

    Returns:
        `(to_title, centrality)`, one value per text; linear in the total length.
    """
    count = len(texts)
    if count == 0:
        return [], []
    vocabulary = [set(tokens(s)) for s in texts]
    title_tokens = set(tokens(re.sub(r"[_\-]+", " ", title)))
    document_frequency: dict[str, int] = {}
    for words in vocabulary:
        for word in words:
            document_frequency[word] = document_frequency.get(word, 0) + 1

    def weight(word: str) -> float:
        return math.log((1 + count) / (1 + document_frequency.get(word, 0))) + 1.0

    norms = [math.sqrt(math.fsum(weight(w) ** 2 for w in words)) or 1.0 for words in vocabulary]
    title_norm = math.sqrt(math.fsum(weight(w) ** 2 for w in title_tokens)) or 1.0
    to_title = [
        math.fsum(weight(w) ** 2 for w in words & title_tokens) / (norms[i] * title_norm)
        if title_tokens
        else 0.0
        for i, words in enumerate(vocabulary)
    ]
    # Mean cosine with the others in linear time: with unit vectors u, the sum over j != i
    # of u_i . u_j is u_i . (S - u_i), where S is the sum of all the unit vectors.
    total_vector: dict[str, float] = {}
    for words, norm in zip(vocabulary, norms, strict=True):
        for word in sorted(words):
            total_vector[word] = total_vector.get(word, 0.0) + weight(word) / norm
    centrality = []
    for words, norm in zip(vocabulary, norms, strict=True):
        with_all = math.fsum(weight(w) / norm * total_vector[w] for w in words)
        with_self = math.fsum((weight(w) / norm) ** 2 for w in words)
        centrality.append((with_all - with_self) / (count - 1) if count > 1 else 0.0)
    return to_title, centrality


def _flag(condition: object) -> float:
    return 1.0 if condition else 0.0


@dataclass(frozen=True)
class TextFacts:
    """What the features of every unit need to know about the whole text."""

    spans: Sequence[Span]
    """The units, in order."""
    to_title: list[float]
    """Each unit's similarity to the title."""
    centrality: list[float]
    """Each unit's mean similarity to the others."""
    sentences: int
    """Sentences in the text."""
    paragraphs: int
    """Paragraphs in the text."""
    lengths: list[int]
    """Words in each unit."""
    best_title: float
    """The highest similarity to the title (1.0 when all are 0)."""
    best_central: float
    """The highest centrality (1.0 when all are 0)."""
    mean_length: float
    """Mean words per unit (1.0 when it is 0)."""


def text_facts(spans: Sequence[Span], title: str) -> TextFacts:
    """Stage 1: similarities, counts and lengths over the whole text (at least one unit)."""
    to_title, centrality = similarities([s.text for s in spans], title)
    lengths = [len(_WORD.findall(s.text.lower())) for s in spans]
    return TextFacts(
        spans=spans,
        to_title=to_title,
        centrality=centrality,
        sentences=spans[-1].sentence + 1,
        paragraphs=max(s.paragraph for s in spans),
        lengths=lengths,
        best_title=max(to_title) or 1.0,
        best_central=max(centrality) or 1.0,
        mean_length=sum(lengths) / len(lengths) or 1.0,
    )


@dataclass(frozen=True)
class UnitFacts:
    """One unit, with the facts that several of its features share."""

    k: int
    """Index of the unit in the text."""
    span: Span
    text: TextFacts
    first_paragraph: bool
    """It stands in the first of several paragraphs."""
    last_paragraph: bool
    """It stands in the last of several paragraphs."""
    first_in_paragraph: bool
    last_in_paragraph: bool
    opinion: bool
    """It holds a cue of opinion."""
    deontic: bool
    """It says what ought to be (and not that nothing need be)."""
    concludes: bool
    """Its sentence opens with a cue of conclusion and it is the sentence's last unit."""


def unit_facts(text: TextFacts, k: int) -> UnitFacts:
    """Stage 2: the shared facts of unit `k`."""
    span = text.spans[k]
    paragraphs = text.paragraphs
    return UnitFacts(
        k=k,
        span=span,
        text=text,
        first_paragraph=paragraphs > 1 and span.paragraph == 1,
        last_paragraph=paragraphs > 1 and span.paragraph == paragraphs,
        first_in_paragraph=span.sentence_in_paragraph == 0,
        last_in_paragraph=span.sentence_in_paragraph == span.sentences_in_paragraph - 1,
        opinion=cues.OPINION.search(span.text) is not None,
        deontic=cues.DEONTIC.search(span.text) is not None and not cues.NO_DUTY.search(span.text),
        concludes=(
            cues.CONCLUSION.match(span.sentence_text) is not None
            and span.index_in_sentence == span.units_in_sentence - 1
        ),
    )


def _position_features(unit: UnitFacts) -> dict[str, float]:
    """Where the unit's sentence stands in the text."""
    sentence, sentences = unit.span.sentence, unit.text.sentences
    return {
        "bias_text_short": _flag(sentences <= 6),
        "position": sentence / (sentences - 1) if sentences > 1 else 0.0,
        "early": _flag(sentence <= max(1, sentences // 10)),
        "late": _flag(sentence >= sentences - 1 - max(1, sentences // 10)),
        "first_sentence": _flag(sentence == 0),
        "last_sentence": _flag(sentence == sentences - 1),
    }


def _paragraph_features(unit: UnitFacts) -> dict[str, float]:
    """Where the unit stands in its paragraph and sentence, and which paragraph that is."""
    span = unit.span
    return {
        "first_paragraph": _flag(unit.first_paragraph),
        "last_paragraph": _flag(unit.last_paragraph),
        "only_paragraph": _flag(unit.text.paragraphs == 1),
        "first_in_paragraph": _flag(unit.first_in_paragraph),
        "last_in_paragraph": _flag(unit.last_in_paragraph),
        "intro_last": _flag(unit.first_paragraph and unit.last_in_paragraph),
        "conclusion_first": _flag(unit.last_paragraph and unit.first_in_paragraph),
        "single_sentence_paragraph": _flag(span.sentences_in_paragraph == 1),
        "first_unit": _flag(span.index_in_sentence == 0),
        "later_unit": _flag(span.index_in_sentence > 0),
    }


def _cue_features(unit: UnitFacts) -> dict[str, float]:
    """Cue words: stance, prescription, conclusion, concession, contrast, reason, evidence, hedges."""
    text = unit.span.text
    return {
        "opinion": _flag(unit.opinion),
        "main_point": _flag(cues.MAIN_POINT.search(text)),
        "deontic": _flag(unit.deontic),
        "prescription": _flag(cues.is_prescription(text)),
        "conclusion": _flag(unit.concludes),
        "inference": _flag(cues.INFERENCE.search(text)),
        "concession": _flag(cues.CONCESSION.match(text)),
        "contrast": _flag(cues.CONTRAST.match(text)),
        "reason": _flag(cues.REASON.match(text)),
        "example": _flag(cues.EXAMPLE.search(text)),
        "number": _flag(cues.NUMBER.search(_NOTE_MARKER.sub("", text))),
        "note": _flag(_NOTE_MARKER.search(text)),
        "hedge": _flag(cues.HEDGE.search(text)),
        "value": _flag(cues.VALUE.search(text)),
    }


def _voice_features(unit: UnitFacts) -> dict[str, float]:
    """Who speaks and how: first and second person, questions, exclamations, quotations."""
    text, sentence = unit.span.text, unit.span.sentence_text
    return {
        "first_singular": _flag(cues.FIRST_SINGULAR.search(text)),
        "first_plural": _flag(cues.FIRST_PLURAL.search(text)),
        "second_person": _flag(cues.SECOND_PERSON.search(text)),
        "question": _flag(cues.is_question(sentence)),
        "exclamation": _flag(sentence.rstrip("\"”’') ").endswith("!")),
        "quotation": _flag(re.search(r"[\"“”]", text)),
    }


def _similarity_features(unit: UnitFacts) -> dict[str, float]:
    """How close the unit is to the title and to the rest of the text (and to the closest)."""
    k, text = unit.k, unit.text
    return {
        "title_similarity": text.to_title[k],
        "title_rank": text.to_title[k] / text.best_title,
        "centrality": text.centrality[k],
        "centrality_rank": text.centrality[k] / text.best_central,
    }


def _length_features(unit: UnitFacts) -> dict[str, float]:
    """The unit's length, in words and against the text's mean."""
    length = unit.text.lengths[unit.k]
    return {
        "length": math.log1p(length) / 4.0,
        "relative_length": min(3.0, length / unit.text.mean_length),
    }


def _context_features(unit: UnitFacts) -> dict[str, float]:
    """Signals that combine: opinion in the introduction or the conclusion, a unit after a concession."""
    span, sentences = unit.span, unit.text.sentences
    previous = unit.text.spans[unit.k - 1] if unit.k else None
    return {
        "opinion_in_intro": _flag(unit.opinion and (unit.first_paragraph or span.sentence <= 1)),
        "opinion_in_conclusion": _flag(unit.opinion and (unit.last_paragraph or span.sentence == sentences - 1)),
        "follows_concession": _flag(previous is not None and cues.CONCESSION.match(previous.text)),
    }


FeatureGroup = Callable[[UnitFacts], dict[str, float]]
"""A group of features: the unit's facts → value by feature name."""

FEATURE_GROUPS: dict[str, FeatureGroup] = {
    "position": _position_features,
    "paragraph": _paragraph_features,
    "cues": _cue_features,
    "voice": _voice_features,
    "similarity": _similarity_features,
    "length": _length_features,
    "context": _context_features,
}
"""The feature groups by name; with the `long_` repeats
([long_text_features][explainer.argument_features.long_text_features]) they give every
name in [FEATURES][explainer.argument_features.FEATURES] once."""


def long_text_features(unit: UnitFacts, values: dict[str, float]) -> dict[str, float]:
    """Stage 4: the `long_` features, which repeat a signal of `values` (`long_stance`: opinion,
    duty or conclusion; `long_text`: 1) in a text of several paragraphs, and are 0 otherwise."""
    long = unit.text.paragraphs >= LONG_TEXT_PARAGRAPHS
    repeated: dict[str, float] = {}
    for name in FEATURES:
        if name.startswith("long_"):
            base = name[len("long_") :]
            value = (
                _flag(unit.opinion or unit.deontic or unit.concludes)
                if base == "stance"
                else 1.0
                if base == "text"
                else values[base]
            )
            repeated[name] = value if long else 0.0
    return repeated


def feature_values(unit: UnitFacts) -> dict[str, float]:
    """Stages 3 and 4: every feature of one unit, by name (each group of the table, then the
    `long_` repeats)."""
    values: dict[str, float] = {}
    for group in FEATURE_GROUPS.values():
        values.update(group(unit))
    values.update(long_text_features(unit, values))
    return values


def unit_features(spans: Sequence[Span], title: str) -> list[list[float]]:
    """The feature vector of every unit of one text.

    Args:
        spans: The units of the text, in order (from `argument_text.unit_spans`).
        title: Title and dek of the text (may be empty).

    Returns:
        One vector per unit, in the order of `FEATURES`.

    Examples:
        >>> from explainer.argument_text import unit_spans
        >>> spans = unit_spans(["Taxes should fall. They hurt growth."])
        >>> sorted(feature_values(unit_facts(text_facts(spans, "Taxes"), 0))) == sorted(FEATURES)
        True
        >>> [len(vector) == len(FEATURES) for vector in unit_features(spans, "Taxes")]
        [True, True]
    """
    if not spans:
        return []
    text = text_facts(spans, title)
    vectors = []
    for k in range(len(spans)):
        values = feature_values(unit_facts(text, k))
        vectors.append([values[name] for name in FEATURES])
    return vectors
