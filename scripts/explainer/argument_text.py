"""Sentences and argumentative units: the text the argument summarizer works on.

A unit is a sentence, or, where a sentence grants a point and answers it ("Although X, Y",
"X, but Y"), each of its two clauses. A phrase without a verb of its own ("In spite of
rising prices,") is never cut off. All patterns run in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|vs|etc|e\.g|i\.e|U\.S|U\.K|U\.N|No|Gen|Col|Lt|Sen|Rep|Gov|Inc|Ltd|Co|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.$"
)
_SENTENCE_END = re.compile(
    r"[.!?]+[\"”’')\]]*(?:\[[^\]]{1,8}\])*(?=\s+[\"“‘'(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*\s*$"
)
_SPLIT_BEFORE = re.compile(
    r"(?:;\s+|,\s+(?=(?:but|whereas|although|though|even though|even if|because|yet|while)\b)"
    r"|\s+(?=(?:whereas|although|even though)\b))",
    re.IGNORECASE,
)
_LEADING_CLAUSE = re.compile(
    r"^(?:even if|even though|although|though|while|whilst|whereas|because|since)\b[^,]{3,}?,\s+",
    re.IGNORECASE,
)
_GRANTS = re.compile(
    r"^(?:even if|even though|although|though|while|whilst|whereas|admittedly|granted|of course|yes|true|sure|certainly|it is true)\b",
    re.IGNORECASE,
)
"""A piece that grants a point: it may stand apart from the reply that follows."""
_TURNS = re.compile(r"^(?:but|yet|however|nevertheless|nonetheless|still)\b", re.IGNORECASE)
"""A piece that turns against the one before: it stands apart as the reply."""
_WORDS = re.compile(r"\w+")
MIN_UNIT_WORDS = 3
"""A piece shorter than this stays with its neighbour."""


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Cut text into sentences.

    Args:
        text: A paragraph.

    Returns:
        `(start, end)` offsets of each sentence, without surrounding spaces.

    Examples:
        >>> t = "Dr. Smith went to Washington. He said no! Then U.S. aid came."
        >>> [t[s:e] for s, e in split_sentences(t)]
        ['Dr. Smith went to Washington.', 'He said no!', 'Then U.S. aid came.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        candidate = text[start:end].rstrip()
        if end < len(text) and _ABBREVIATIONS.search(candidate[-8:]):
            continue
        if candidate.strip():
            left = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            spans.append((left, start + len(candidate)))
        start = end
    if text[start:].strip():
        left = start + (len(text[start:]) - len(text[start:].lstrip()))
        spans.append((left, len(text.rstrip())))
    return spans


def _word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def split_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence into units: whole, except where it grants a point and then answers it.

    A sentence is one unit unless it holds a concession and the author's reply: "Although
    X, Y", "Admittedly X; but Y", "X, but Y", "X, yet Y". Each piece is a whole clause of at
    least `MIN_UNIT_WORDS` words.

    Args:
        text: The paragraph text.
        start: Sentence start.
        end: Sentence end.

    Returns:
        `(start, end)` offsets of the units, in order; together they cover the sentence.

    Examples:
        >>> s = "Although the plan is costly, the city should adopt it."
        >>> [s[a:b] for a, b in split_units(s, 0, len(s))]
        ['Although the plan is costly,', 'the city should adopt it.']
        >>> s = "Prices rose because wages rose, and nobody minded."
        >>> [s[a:b] for a, b in split_units(s, 0, len(s))]
        ['Prices rose because wages rose, and nobody minded.']
    """
    sentence = text[start:end]
    cuts = [0]
    lead = _LEADING_CLAUSE.match(sentence)
    if lead:
        cuts.append(lead.end())
    for match in _SPLIT_BEFORE.finditer(sentence):
        cuts.append(match.start() + (1 if sentence[match.start()] in ",;" else 0))
    cuts = sorted(set(cuts))
    kept = [0]
    for cut in cuts[1:]:
        before, after = sentence[kept[-1] : cut], sentence[cut:]
        if _word_count(before) < MIN_UNIT_WORDS or _word_count(after) < MIN_UNIT_WORDS:
            continue
        if _GRANTS.match(before.lstrip()) or _TURNS.match(after.lstrip()):
            kept.append(cut)
    kept.append(len(sentence))
    units = []
    for a, b in zip(kept, kept[1:], strict=False):
        piece = sentence[a:b]
        lstrip = len(piece) - len(piece.lstrip())
        units.append((start + a + lstrip, start + a + len(piece.rstrip())))
    return [u for u in units if u[1] > u[0]]


@dataclass(frozen=True)
class Span:
    """One unit of the text, with the sentence and paragraph it stands in."""

    paragraph: int
    """Paragraph number, 1-based."""
    start: int
    """Offset in the paragraph."""
    end: int
    """Offset just after the unit."""
    text: str
    """The unit, verbatim."""
    sentence: int
    """Index of its sentence in the text, 0-based, dense."""
    index_in_sentence: int
    """0 for the first unit of its sentence."""
    units_in_sentence: int
    """How many units its sentence has."""
    sentence_text: str
    """The whole sentence."""
    sentence_in_paragraph: int
    """Index of its sentence in its paragraph, 0-based."""
    sentences_in_paragraph: int
    """How many sentences its paragraph has."""


def unit_spans(paragraphs: Sequence[str]) -> list[Span]:
    """Every unit of every sentence, in text order.

    A sentence with no word (a list number `1.`, a lone dash) gets no units and no number,
    so sentence numbers always index the sentences that have units.

    Args:
        paragraphs: The paragraphs, in order.

    Returns:
        The units.
    """
    spans: list[Span] = []
    sentence_index = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        sentences = [(s, e) for s, e in split_sentences(paragraph) if _WORDS.search(paragraph[s:e])]
        for position, (s_start, s_end) in enumerate(sentences):
            units = split_units(paragraph, s_start, s_end)
            for i, (u_start, u_end) in enumerate(units):
                spans.append(
                    Span(
                        number,
                        u_start,
                        u_end,
                        paragraph[u_start:u_end],
                        sentence_index,
                        i,
                        len(units),
                        paragraph[s_start:s_end],
                        position,
                        len(sentences),
                    )
                )
            if units:
                sentence_index += 1
    return spans
