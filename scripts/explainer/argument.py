"""Argument summary: thesis, claims with evidence, concessions and recommendations.

An extractive, rule-based summarizer that works on any argumentative text. Each sentence is
cut into units at discourse markers ("but", "although", ";"…); every unit is scored with cues
of stance ("should", "must", "I believe"), concession ("of course", "admittedly", "critics
argue"), reasoning ("because", "for one thing") and evidence (numbers, "for example"), its
position in the text and paragraph, and its TF-IDF similarity to the title and to the rest of
the text. The best-scoring stance sentence is the thesis; the others are sorted into claims,
evidence (premises), concessions and recommendations. No training data, no network.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from explainer.model import Article
from explainer.notes import MARKER_RE

UnitType = Literal["thesis", "claim", "premise", "concession", "recommendation"]
"""The role of a unit in the argument."""

_ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|vs|etc|e\.g|i\.e|U\.S|U\.K|U\.N|No|Gen|Col|Lt|Sen|Rep|Gov|Inc|Ltd|Co|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.$"
)
_SENTENCE_END = re.compile(
    r"[.!?]+[\"”’')\]]*(?:\[[^\]]{1,8}\])*(?=\s+[\"“‘'(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*\s*$"
)

STANCE = re.compile(
    r"\b(?:should|must|ought to|need(?:s)? to|has to|have to|it is (?:time|high time|necessary|essential|imperative|crucial|vital)"
    r"|(?:is|are) (?:essential|necessary|imperative|crucial|vital|wrong|right|a mistake|unacceptable|the (?:right|best|only)\b)"
    r"|i (?:believe|think|am convinced|argue|maintain|hold)|in my (?:view|opinion)|we (?:need|must|should)"
    r"|(?:is|are|would be) (?:better|preferable|far preferable)|cannot be|can no longer"
    r"|therefore|thus|hence|consequently|for these reasons|that is why|this is why)\b",
    re.IGNORECASE,
)
"""Cues that a sentence states a position."""

CONCESSION = re.compile(
    r"^(?:yes|of course|admittedly|granted|true|sure|certainly|naturally|obviously|clearly|it is true|it's true"
    r"|although|though|even (?:if|though)|while|whilst|despite|in spite of|notwithstanding|on the one hand"
    r"|(?:some|many|most|several)(?: \w+)? (?:people |critics |observers |experts )?(?:say|argue|claim|think|believe|feel|object|contend|point out|may say)"
    r"|critics|opponents|skeptics|sceptics|it (?:may|might|could) be (?:argued|said|objected)|one (?:may|might|could) (?:argue|object|say)"
    r"|(?:the|a) (?:common|usual|standard) (?:objection|argument|view)|it is often (?:said|argued|claimed)|proponents|supporters)\b",
    re.IGNORECASE,
)
"""Cues that a unit grants a point to the other side."""

CONTRAST = re.compile(
    r"^(?:but|however|nevertheless|nonetheless|yet|still|even so|on the other hand|that said|all the same|instead|rather)\b",
    re.IGNORECASE,
)
"""Cues that a unit turns against what came before."""

REASON = re.compile(
    r"^(?:because|since|for one thing|for another|first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|moreover|furthermore"
    r"|in addition|additionally|besides|also|after all|above all|what is more|not only|indeed|crucially|importantly|for)\b",
    re.IGNORECASE,
)
"""Cues that a unit gives a reason."""

EVIDENCE = re.compile(
    r"(?:\d|\bfor (?:example|instance)\b|\bsuch as\b|\baccording to\b|\bstud(?:y|ies)\b|\bsurvey|\bdata\b|\bstatistic|\breport(?:s|ed)?\b"
    r"|\bpercent\b|\bper cent\b|\bmillion\b|\bbillion\b|\bin (?:19|20)\d\d\b|\bshows?\b|\bfound\b|\bhistory\b)",
    re.IGNORECASE,
)
"""Cues that a unit reports facts, numbers or examples."""

RECOMMENDATION = re.compile(
    r"\b(?:should|must|ought to|need(?:s)? to|has to|have to|it is imperative|(?:we|i) (?:urge|recommend|call on|propose)"
    r"|(?:is|are) (?:urged|encouraged) to|would do well to|let us|let's)\b",
    re.IGNORECASE,
)
"""Cues that a unit says what should be done."""

NEGATED_DUTY = re.compile(
    r"(?:n[’']t|\bnot|\bnever|\bno longer) (?:have|has|need|needs) to\b", re.IGNORECASE
)
"""`don't have to`: no duty, so no recommendation."""

_SPLIT_BEFORE = re.compile(
    r"(?:;\s+|,\s+(?=(?:but|whereas|although|though|even though|even if|unless|because|since|for|yet|while|so that)\b)"
    r"|\s+(?=(?:but|whereas|although|even though|unless)\b))",
    re.IGNORECASE,
)
_LEADING_SUBORDINATE = re.compile(
    r"^(?:even if|even though|although|though|while|whilst|despite|in spite of|if|unless|because|since|granted|admittedly|of course|yes|true|sure)\b[^,]{3,}?,\s+",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STOP = frozenset(
    """a an and are as at be been but by can could do does for from had has have he her his i if in into is it its
    itself me more most my no not of on or our she so some such than that the their them then there these they this
    those to too us very was we were what when which while who will with would you your""".split()
)


@dataclass(frozen=True)
class Unit:
    """One piece of the argument: a sentence or a clause, with where it stands."""

    type: UnitType
    """Its role."""
    text: str
    """The words, copied verbatim from the paragraph."""
    paragraph: int
    """Paragraph number (1-based)."""
    start: int
    """Offset of the first character in the paragraph text."""
    end: int
    """Offset just after the last character."""
    confidence: float
    """0–1: how sure the rules are of the role."""
    notes: tuple[str, ...] = ()
    """Labels of endnotes cited in the unit."""
    evidence: tuple[int, ...] = ()
    """For a claim: indexes (in the summary's `units`) of the units that support it."""
    agent: str = ""
    """For a recommendation: who should act, when the sentence says so."""


@dataclass(frozen=True)
class ArgumentSummary:
    """The summary of one text's argument."""

    id: str
    """Identifier of the text (article slug or record id)."""
    units: tuple[Unit, ...] = field(default=())
    """Every unit with a role, in text order."""

    def of_type(self, kind: UnitType) -> tuple[Unit, ...]:
        """The units of one role.

        Args:
            kind: The role.

        Returns:
            Those units, in text order.
        """
        return tuple(u for u in self.units if u.type == kind)

    def to_json(self) -> dict[str, object]:
        """The summary in the `explainer summarize --json` schema.

        Returns:
            A JSON-ready dictionary.
        """
        data: dict[str, object] = {"id": self.id}
        for kind, key in (
            ("thesis", "thesis"),
            ("claim", "claims"),
            ("premise", "premises"),
            ("concession", "concessions"),
            ("recommendation", "recommendations"),
        ):
            data[key] = [u.text for u in self.units if u.type == kind]
        data["units"] = [
            {
                "type": u.type,
                "text": u.text,
                "paragraph": u.paragraph,
                "start": u.start,
                "end": u.end,
                "confidence": u.confidence,
                "notes": list(u.notes),
                "evidence": list(u.evidence),
                "agent": u.agent,
            }
            for u in self.units
        ]
        return data


@dataclass
class _Span:
    paragraph: int
    start: int
    end: int
    text: str
    sentence: int
    first_in_sentence: bool
    sentence_text: str


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
        if _ABBREVIATIONS.search(candidate) and end < len(text):
            continue
        if candidate.strip():
            left = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            spans.append((left, start + len(candidate)))
        start = end
    if text[start:].strip():
        left = start + (len(text[start:]) - len(text[start:].lstrip()))
        spans.append((left, len(text.rstrip())))
    return spans


def split_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence into argumentative units at discourse markers.

    Args:
        text: The paragraph text.
        start: Sentence start.
        end: Sentence end.

    Returns:
        `(start, end)` offsets of the units.
    """
    sentence = text[start:end]
    cuts = [0]
    lead = _LEADING_SUBORDINATE.match(sentence)
    if lead and lead.end() < len(sentence) - 10:
        cuts.append(lead.end())
    for match in _SPLIT_BEFORE.finditer(sentence):
        cut = match.start() + (1 if sentence[match.start()] in ",;" else 0)
        if 10 < cut < len(sentence) - 10:
            cuts.append(cut)
    cuts = sorted(set(cuts)) + [len(sentence)]
    units = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = sentence[a:b]
        lstrip = len(piece) - len(piece.lstrip())
        units.append((start + a + lstrip, start + a + len(piece.rstrip())))
    return [u for u in units if u[1] - u[0] > 2]


def _tokens(text: str) -> list[str]:
    return [t for t in _WORD.findall(text.lower()) if t not in _STOP]


def _stance_score(text: str) -> float:
    return min(1.0, 0.6 * len(STANCE.findall(text)))


def _unit_spans(paragraphs: Sequence[str]) -> list[_Span]:
    """Every unit of every sentence, with its sentence numbered densely from 0.

    A sentence too short to hold a unit (a list number `1.`, a one-word line `Go`) gets no
    number, so sentence numbers always index the list of sentences that have units.

    Args:
        paragraphs: The paragraphs, in order.

    Returns:
        The units in text order.
    """
    spans: list[_Span] = []
    sentence_index = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        for s_start, s_end in split_sentences(paragraph):
            units = split_units(paragraph, s_start, s_end)
            for i, (u_start, u_end) in enumerate(units):
                spans.append(
                    _Span(
                        number,
                        u_start,
                        u_end,
                        paragraph[u_start:u_end],
                        sentence_index,
                        i == 0,
                        paragraph[s_start:s_end],
                    )
                )
            if units:
                sentence_index += 1
    return spans


def summarize_paragraphs(
    paragraphs: Sequence[str], *, id: str = "", title: str = "", notes: Sequence[Sequence[str]] = ()
) -> ArgumentSummary:
    """Summarize an argument given as paragraphs of plain text.

    Args:
        paragraphs: The paragraphs, in order (endnote markers may remain in them).
        id: Identifier for the summary.
        title: The title, if any; sentences close to it are more likely the thesis.
        notes: For each paragraph, the endnote labels it cites (optional).

    Returns:
        The summary.
    """
    spans = _unit_spans(paragraphs)
    if not spans:
        return ArgumentSummary(id=id)
    sentences = sorted({s.sentence for s in spans})
    sentence_text = {s.sentence: s.sentence_text for s in spans}
    first_span: dict[int, _Span] = {}
    for span in spans:
        first_span.setdefault(span.sentence, span)
    similarity = _similarities([sentence_text[i] for i in sentences], title)
    total = len(sentences)
    paragraph_count = len(paragraphs)

    # 1. Thesis: the sentence that best states a position, near the start or the end.
    def thesis_score(index: int) -> float:
        text = sentence_text[index]
        first_unit = first_span[index]
        position = (
            0.45 if index == 0 else 0.35 if index == total - 1 else 0.15 if index <= 1 else 0.0
        )
        para = first_unit.paragraph
        if paragraph_count > 2 and para in (1, paragraph_count):
            position += 0.1
        score = (
            position + _stance_score(text) + 0.8 * similarity[0][index] + 0.4 * similarity[1][index]
        )
        if CONCESSION.match(text):
            score -= 0.7
        if text.rstrip().endswith("?"):
            score -= 0.8
        if EVIDENCE.search(text):
            score -= 0.15
        if re.match(
            r"^(?:therefore|thus|hence|so|consequently|in short|in sum|to sum up|all in all|overall)\b",
            text,
            re.I,
        ):
            score += 0.3
        return score

    scores = {i: thesis_score(i) for i in sentences}
    thesis = max(sentences, key=lambda i: (scores[i], -i))
    ranked = sorted(scores.values(), reverse=True)
    margin = ranked[0] - (ranked[1] if len(ranked) > 1 else 0.0)
    thesis_confidence = round(min(0.95, 0.45 + margin), 2)

    # 2. Concessions: granted points, and what precedes a turn ("But…") unless it is the thesis.
    conceded: set[int] = set()
    for k, span in enumerate(spans):
        if span.sentence == thesis and not CONCESSION.match(span.text):
            continue
        if CONCESSION.match(span.text) and not CONTRAST.match(span.text):
            conceded.add(k)
            # "Yes, X. Y. But Z": sentences up to the turn belong to the concession.
            for follower in range(k + 1, len(spans)):
                nxt = spans[follower]
                if (
                    CONTRAST.match(nxt.text)
                    or nxt.sentence == thesis
                    or nxt.paragraph != span.paragraph
                ):
                    break
                if nxt.first_in_sentence and (STANCE.search(nxt.text) or REASON.match(nxt.text)):
                    break
                conceded.add(follower)
        # "X. But Y" and "X, but Y": X is granted before the turn (unless X is the thesis).
        following = spans[k + 1] if k + 1 < len(spans) else None
        if (
            following is not None
            and following.paragraph == span.paragraph
            and CONTRAST.match(following.text)
            and span.sentence != thesis
            and not CONTRAST.match(span.text)
        ):
            conceded.add(k)
    # 3. Roles of the rest.
    units: list[Unit] = []
    spans_by_unit: list[int] = []  # sentence index of each unit
    for k, span in enumerate(spans):
        notes_here = tuple(
            m.group(2)
            for m in MARKER_RE.finditer(span.text)
            if not notes or m.group(2) in notes[span.paragraph - 1]
        )
        text = span.text
        if span.sentence_text.rstrip().endswith("?") and span.sentence != thesis:
            continue  # a question asks; it neither claims nor grants anything
        if span.sentence == thesis:
            kind: UnitType = "concession" if k in conceded else "thesis"
            confidence = 0.6 if kind == "concession" else thesis_confidence
        elif k in conceded:
            kind, confidence = "concession", 0.75 if CONCESSION.match(text) else 0.55
        elif (
            RECOMMENDATION.search(text)
            and not NEGATED_DUTY.search(text)
            and not EVIDENCE.search(text)
        ):
            kind, confidence = "recommendation", 0.7
        elif EVIDENCE.search(text) and not STANCE.search(text):
            kind, confidence = "premise", 0.6
        else:
            kind, confidence = (
                "claim",
                0.5 + (0.2 if REASON.match(text) or STANCE.search(text) else 0.0),
            )
        agent = _agent(text) if kind == "recommendation" else ""
        spans_by_unit.append(span.sentence)
        units.append(
            Unit(
                kind,
                text,
                span.paragraph,
                span.start,
                span.end,
                round(confidence, 2),
                notes_here,
                (),
                agent,
            )
        )
    # A recommendation that is also the main position is a claim for the summary's purposes,
    # but recommendations keep their own list: claims are the reasons for the thesis.
    if units and not any(u.type == "thesis" for u in units):
        # The thesis sentence opened with a concessive word ("Despite X, we must…"): its last
        # unit, the main clause, is still the thesis.
        last = max(i for i in range(len(units)) if spans_by_unit[i] == thesis)
        units[last] = replace(units[last], type="thesis", confidence=thesis_confidence)
    return ArgumentSummary(id=id, units=_attach_evidence(units))


def _attach_evidence(units: list[Unit]) -> tuple[Unit, ...]:
    """Give each claim the premises that follow it in the same paragraph."""
    result = list(units)
    for index, unit in enumerate(units):
        if unit.type not in ("claim", "thesis", "recommendation"):
            continue
        support: list[int] = []
        for later in range(index + 1, len(units)):
            other = units[later]
            if other.paragraph != unit.paragraph or other.type in (
                "claim",
                "thesis",
                "recommendation",
            ):
                break
            if other.type == "premise":
                support.append(later)
        if support:
            result[index] = replace(unit, evidence=tuple(support))
    return tuple(result)


_MODAL = re.compile(r"\b(?:should|must|ought to|needs? to|has to|have to)\b", re.IGNORECASE)
_NOT_AN_AGENT = re.compile(
    r"\b(?:it|this|that|there|which|what|one|they|he|she|would|could|can|will|is|are|was|were|do|does|don[’']t|doesn[’']t)\b",
    re.IGNORECASE,
)


def _agent(text: str) -> str:
    """Who a recommendation addresses: the short noun phrase right before the modal verb."""
    modal = _MODAL.search(text)
    if modal is None:
        return ""
    before = re.split(r"[,;:—–()]", text[: modal.start()])[-1].strip()
    before = re.sub(
        r"^(?:and|but|so|thus|therefore|moreover|however|furthermore|then|also)\s+",
        "",
        before,
        flags=re.I,
    )
    words = before.split()
    if not 1 <= len(words) <= 5 or _NOT_AN_AGENT.search(before):
        return ""
    return before


def _similarities(sentences: Sequence[str], title: str) -> tuple[list[float], list[float]]:
    """TF-IDF cosine of each sentence with the title, and its mean similarity to the others."""
    count = len(sentences)
    if count == 0:
        return [], []
    vocabulary = [set(_tokens(s)) for s in sentences]
    title_tokens = set(_tokens(re.sub(r"[_\-]+", " ", title)))
    document_frequency: dict[str, int] = {}
    for words in vocabulary:
        for word in words:
            document_frequency[word] = document_frequency.get(word, 0) + 1

    def weight(word: str) -> float:
        return math.log((1 + count) / (1 + document_frequency.get(word, 0))) + 1.0

    norms = [math.sqrt(sum(weight(w) ** 2 for w in words)) or 1.0 for words in vocabulary]
    title_norm = math.sqrt(sum(weight(w) ** 2 for w in title_tokens)) or 1.0
    to_title = [
        sum(weight(w) ** 2 for w in words & title_tokens) / (norms[i] * title_norm)
        if title_tokens
        else 0.0
        for i, words in enumerate(vocabulary)
    ]
    # Mean cosine with the others, in linear time: with unit vectors u, the sum over j != i
    # of u_i . u_j is u_i . (S - u_i), where S is the sum of all the unit vectors.
    total_vector: dict[str, float] = {}
    for words, norm in zip(vocabulary, norms, strict=True):
        for word in words:
            total_vector[word] = total_vector.get(word, 0.0) + weight(word) / norm
    centrality = []
    for words, norm in zip(vocabulary, norms, strict=True):
        with_all = sum(weight(w) / norm * total_vector[w] for w in words)
        with_self = sum((weight(w) / norm) ** 2 for w in words)
        centrality.append((with_all - with_self) / (count - 1) if count > 1 else 0.0)
    return to_title, centrality


def summarize_article(article: Article) -> ArgumentSummary:
    """Summarize a parsed article (prose paragraphs only; verse is quoted matter).

    Args:
        article: The article.

    Returns:
        The summary; unit paragraphs are the article's paragraph numbers.
    """
    prose = [p for p in article.paragraphs if p.kind == "prose"]
    summary = summarize_paragraphs(
        [p.text for p in prose],
        id=article.slug,
        title=f"{article.title} {article.dek}",
        notes=[[r.label for r in p.refs] for p in prose],
    )
    numbers = [p.number for p in prose]
    units = tuple(replace(u, paragraph=numbers[u.paragraph - 1]) for u in summary.units)
    return ArgumentSummary(id=summary.id, units=units)


@dataclass(frozen=True)
class MainPoints:
    """The part of a summary worth showing a reader: a few points, each with its place."""

    thesis: tuple[Unit, ...]
    """The thesis units (usually one sentence)."""
    claims: tuple[tuple[Unit, tuple[Unit, ...]], ...]
    """Main claims, each with its evidence."""
    concessions: tuple[Unit, ...]
    """Points the author grants or rebuts."""
    recommendations: tuple[Unit, ...]
    """What the author says should be done."""


def main_points(
    summary: ArgumentSummary, claims: int = 6, concessions: int = 4, recommendations: int = 5
) -> MainPoints:
    """Choose what to show: the thesis and the strongest claims, concessions and recommendations.

    Claims with stance or reasoning cues come first; each keeps the evidence attached to it.
    Everything stays in text order.

    Args:
        summary: The full summary.
        claims: Most claims to show.
        concessions: Most concessions to show.
        recommendations: Most recommendations to show.

    Returns:
        The points to show.
    """

    def strongest(units: Sequence[Unit], limit: int) -> list[Unit]:
        ranked = sorted(units, key=lambda u: (-u.confidence, u.paragraph, u.start))[:limit]
        return sorted(ranked, key=lambda u: (u.paragraph, u.start))

    units = summary.units
    chosen_claims = strongest(summary.of_type("claim"), claims)
    with_evidence = tuple(
        (claim, tuple(units[i] for i in claim.evidence)) for claim in chosen_claims
    )
    return MainPoints(
        thesis=summary.of_type("thesis"),
        claims=with_evidence,
        concessions=tuple(strongest(summary.of_type("concession"), concessions)),
        recommendations=tuple(strongest(summary.of_type("recommendation"), recommendations)),
    )
