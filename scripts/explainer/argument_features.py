"""Features of argumentative units that carry across genres, for the learned ranker.

Each unit of a text gets one vector: where it stands (in the text, its paragraph, its
sentence), what its paragraph is (introduction, conclusion), cue words (stance, concession,
contrast, reason, conclusion, evidence, hedges, prescriptions, first and second person), how
close it is to the title and to the rest of the text, and its length. No feature names a
topic, so a model trained on essays and comments can read op-eds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

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


def unit_features(spans: Sequence[Span], title: str) -> list[list[float]]:
    """The feature vector of every unit of one text.

    Args:
        spans: The units of the text, in order (from `argument_text.unit_spans`).
        title: Title and dek of the text (may be empty).

    Returns:
        One vector per unit, in the order of `FEATURES`.
    """
    if not spans:
        return []
    to_title, centrality = similarities([s.text for s in spans], title)
    best_title = max(to_title) or 1.0
    best_central = max(centrality) or 1.0
    sentences = spans[-1].sentence + 1
    paragraphs = max(s.paragraph for s in spans)
    lengths = [len(_WORD.findall(s.text.lower())) for s in spans]
    mean_length = sum(lengths) / len(lengths) or 1.0
    vectors = []
    for k, span in enumerate(spans):
        text = span.text
        first_paragraph = paragraphs > 1 and span.paragraph == 1
        last_paragraph = paragraphs > 1 and span.paragraph == paragraphs
        first_in_paragraph = span.sentence_in_paragraph == 0
        last_in_paragraph = span.sentence_in_paragraph == span.sentences_in_paragraph - 1
        opinion = cues.OPINION.search(text) is not None
        deontic = cues.DEONTIC.search(text) is not None and not cues.NO_DUTY.search(text)
        concludes = (
            cues.CONCLUSION.match(span.sentence_text) is not None
            and span.index_in_sentence == span.units_in_sentence - 1
        )
        previous = spans[k - 1] if k else None
        values = {
            "bias_text_short": _flag(sentences <= 6),
            "position": span.sentence / (sentences - 1) if sentences > 1 else 0.0,
            "early": _flag(span.sentence <= max(1, sentences // 10)),
            "late": _flag(span.sentence >= sentences - 1 - max(1, sentences // 10)),
            "first_sentence": _flag(span.sentence == 0),
            "last_sentence": _flag(span.sentence == sentences - 1),
            "first_paragraph": _flag(first_paragraph),
            "last_paragraph": _flag(last_paragraph),
            "only_paragraph": _flag(paragraphs == 1),
            "first_in_paragraph": _flag(first_in_paragraph),
            "last_in_paragraph": _flag(last_in_paragraph),
            "intro_last": _flag(first_paragraph and last_in_paragraph),
            "conclusion_first": _flag(last_paragraph and first_in_paragraph),
            "single_sentence_paragraph": _flag(span.sentences_in_paragraph == 1),
            "first_unit": _flag(span.index_in_sentence == 0),
            "later_unit": _flag(span.index_in_sentence > 0),
            "opinion": _flag(opinion),
            "main_point": _flag(cues.MAIN_POINT.search(text)),
            "deontic": _flag(deontic),
            "prescription": _flag(cues.is_prescription(text)),
            "conclusion": _flag(concludes),
            "inference": _flag(cues.INFERENCE.search(text)),
            "concession": _flag(cues.CONCESSION.match(text)),
            "contrast": _flag(cues.CONTRAST.match(text)),
            "reason": _flag(cues.REASON.match(text)),
            "example": _flag(cues.EXAMPLE.search(text)),
            "number": _flag(cues.NUMBER.search(_NOTE_MARKER.sub("", text))),
            "note": _flag(_NOTE_MARKER.search(text)),
            "hedge": _flag(cues.HEDGE.search(text)),
            "value": _flag(cues.VALUE.search(text)),
            "first_singular": _flag(cues.FIRST_SINGULAR.search(text)),
            "first_plural": _flag(cues.FIRST_PLURAL.search(text)),
            "second_person": _flag(cues.SECOND_PERSON.search(text)),
            "question": _flag(cues.is_question(span.sentence_text)),
            "exclamation": _flag(span.sentence_text.rstrip("\"”’') ").endswith("!")),
            "quotation": _flag(re.search(r"[\"“”]", text)),
            "title_similarity": to_title[k],
            "title_rank": to_title[k] / best_title,
            "centrality": centrality[k],
            "centrality_rank": centrality[k] / best_central,
            "length": math.log1p(lengths[k]) / 4.0,
            "relative_length": min(3.0, lengths[k] / mean_length),
            "opinion_in_intro": _flag(opinion and (first_paragraph or span.sentence <= 1)),
            "opinion_in_conclusion": _flag(opinion and (last_paragraph or span.sentence == sentences - 1)),
            "follows_concession": _flag(previous is not None and cues.CONCESSION.match(previous.text)),
        }
        long = paragraphs >= LONG_TEXT_PARAGRAPHS
        for name in FEATURES:
            if name.startswith("long_"):
                base = name[len("long_") :]
                value = (
                    _flag(opinion or deontic or concludes)
                    if base == "stance"
                    else 1.0
                    if base == "text"
                    else values[base]
                )
                values[name] = value if long else 0.0
        vector = [values[name] for name in FEATURES]
        vectors.append(vector)
    return vectors
