"""Argument summary: thesis, claims with evidence, concessions with replies, recommendations.

An extractive summarizer in named stages, each a small function:

1. `argument_text.unit_spans`: sentences, cut into whole clauses (units);
2. `argument_features.unit_features`: features that carry across genres;
3. `score_units`: probabilities of each role from the learned ranker (`argument_model`,
   trained by `argument_train` on annotated corpora);
4. `choose_thesis`, `assign_roles`, `keep_strongest`: one thesis, then each unit's role,
   or none; recommendations are advice to an actor, found by rule
   (`argument_cues.is_prescription`); only the five strongest claims and concessions keep
   their label;
5. `pair_concessions`, `attach_evidence`: each concession with the author's reply, each
   claim with the evidence after it;
6. `main_points`: what a reader sees: a short abstract, the thesis, at most five claims,
   within a fifth of the article's words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from explainer import argument_cues as cues
from explainer.argument_features import unit_features
from explainer.argument_model import Model, default_model
from explainer.argument_text import Span, split_sentences, split_units, unit_spans
from explainer.model import Article
from explainer.notes import MARKER_RE

__all__ = [
    "ArgumentSummary",
    "MainPoints",
    "Unit",
    "main_points",
    "split_sentences",
    "split_units",
    "summarize_article",
    "summarize_paragraphs",
]

UnitType = Literal["thesis", "claim", "premise", "concession", "recommendation"]
"""The role of a unit in the argument."""



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
    """0–1: the ranker's probability of the role."""
    notes: tuple[str, ...] = ()
    """Labels of endnotes cited in the unit."""
    evidence: tuple[int, ...] = ()
    """For a claim: indexes (in the summary's `units`) of the units that support it."""
    agent: str = ""
    """For advice: who should act (a noun phrase), when the sentence says so."""
    reply: int | None = None
    """For a concession: index (in the summary's `units`) of the author's reply."""
    advice: bool = False
    """The unit advises someone to act (a thesis can be advice too)."""


@dataclass(frozen=True)
class ArgumentSummary:
    """The summary of one text's argument."""

    id: str
    """Identifier of the text (article slug or record id)."""
    units: tuple[Unit, ...] = field(default=())
    """Every unit with a role, in text order."""
    words: int = 0
    """Words in the summarized text (for the length limit of what is shown)."""

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
                "reply": u.reply,
                "advice": u.advice,
            }
            for u in self.units
        ]
        return data


_WORDS = re.compile(r"\w+")


def score_units(spans: Sequence[Span], title: str, model: Model) -> dict[str, list[float]]:
    """Stage 3: the probability of each role for each unit.

    Args:
        spans: The units of the text.
        title: Title and dek.
        model: The ranker.

    Returns:
        For each role the model knows, one probability per unit.
    """
    vectors = unit_features(spans, title)
    return {
        role: [role_model.probability(v) for v in vectors]
        for role, role_model in model.roles.items()
    }


def choose_thesis(spans: Sequence[Span], scores: dict[str, list[float]]) -> int | None:
    """Stage 4a: the unit most likely to state the thesis (never a question).

    Args:
        spans: The units.
        scores: Role probabilities.

    Returns:
        Its index, or None when the text has no statement.
    """
    thesis_scores = scores.get("thesis") or [0.0] * len(spans)
    candidates = [k for k, s in enumerate(spans) if not cues.is_question(s.sentence_text)]
    if not candidates:
        return None
    return max(candidates, key=lambda k: (thesis_scores[k], -k))


def assign_roles(
    spans: Sequence[Span], scores: dict[str, list[float]], thesis: int | None, model: Model
) -> list[tuple[UnitType, float, bool] | None]:
    """Stage 4b: each unit's role and confidence, or None for no role.

    Advice to an actor is a recommendation (by rule); other units take the role the ranker
    is surest of, when its probability reaches the role's threshold. Questions take no role.

    Args:
        spans: The units.
        scores: Role probabilities.
        thesis: Index of the thesis unit.
        model: The ranker (for the thresholds).

    Returns:
        `(role, confidence, advice)` or None, per unit.
    """
    roles: list[tuple[UnitType, float, bool] | None] = []
    for k, span in enumerate(spans):
        advice = cues.is_prescription(span.text)
        if k == thesis:
            roles.append(("thesis", _thesis_confidence(scores.get("thesis", []), k), advice))
            continue
        if cues.is_question(span.sentence_text):
            roles.append(None)
            continue
        if _grants(spans, k, thesis):
            roles.append(("concession", max(0.6, scores.get("concession", [0.6] * len(spans))[k]), False))
            continue
        if advice:
            roles.append(("recommendation", max(0.6, scores.get("claim", [0.6] * len(spans))[k]), True))
            continue
        claim = _ratio(scores, model, "claim", k)
        premise = _ratio(scores, model, "premise", k)
        if (premise >= 1.0 and premise > claim) or _reports(span.text):
            roles.append(("premise", scores["premise"][k] if "premise" in scores else 0.6, False))
        else:
            roles.append(("claim", scores.get("claim", [0.5] * len(spans))[k], False))
    return roles


MOST_LABELLED: dict[UnitType, int] = {"claim": 5, "concession": 5}
"""A text's main claims and concessions: at most this many units keep the label."""


def keep_strongest(
    roles: list[tuple[UnitType, float, bool] | None],
) -> list[tuple[UnitType, float, bool] | None]:
    """Stage 4c: only the strongest few claims and concessions keep their label.

    A summary names the main claims, not every sentence that asserts something; the other
    units stay unlabelled.

    Args:
        roles: `(role, confidence, advice)` or None, per unit.

    Returns:
        The same list with the weaker claims and concessions set to None.
    """
    kept = list(roles)
    for kind, limit in MOST_LABELLED.items():
        ranked = sorted(
            (k for k, role in enumerate(roles) if role is not None and role[0] == kind),
            key=lambda k: (-(roles[k] or ("claim", 0.0, False))[1], k),
        )
        for k in ranked[limit:]:
            kept[k] = None
    return kept


def _reports(text: str) -> bool:
    """Whether a unit reports facts (numbers, examples, sources) without taking a stance."""
    bare = MARKER_RE.sub("", text)
    return bool(cues.EXAMPLE.search(bare) or cues.NUMBER.search(bare)) and not (
        cues.OPINION.search(text) or cues.DEONTIC.search(text)
    )


def _thesis_confidence(thesis_scores: Sequence[float], chosen: int) -> float:
    """How clearly the thesis wins: the logistic of its lead over the runner-up's score."""
    if len(thesis_scores) < 2:
        return 0.9
    logit = math.log(thesis_scores[chosen] / (1 - thesis_scores[chosen]))
    others = [math.log(p / (1 - p)) for k, p in enumerate(thesis_scores) if k != chosen]
    return 1.0 / (1.0 + math.exp(-(logit - max(others))))


def _ratio(scores: dict[str, list[float]], model: Model, role: str, k: int) -> float:
    """A unit's probability of a role over the role's threshold (0 when the model lacks it)."""
    if role not in model.roles:
        return 0.0
    return scores[role][k] / model.roles[role].threshold


def _grants(spans: Sequence[Span], k: int, thesis: int | None) -> bool:
    """Whether unit `k` grants a point: it opens with a cue of concession, or the next unit of
    its paragraph turns against it ("X. But Y", "X, but Y")."""
    span = spans[k]
    if cues.CONTRAST.match(span.text):
        return False
    if span.index_in_sentence > 0 and _MID_SENTENCE_WHILE.match(span.text):
        return False  # ", while X" and ", whereas X" set facts side by side; they grant nothing
    if cues.CONCESSION.match(span.text):
        return True
    following = spans[k + 1] if k + 1 < len(spans) else None
    return (
        following is not None
        and k + 1 != thesis
        and following.paragraph == span.paragraph
        and cues.CONTRAST.match(following.text) is not None
        and not cues.is_prescription(span.text)
    )


_MID_SENTENCE_WHILE = re.compile(r"^(?:while|whilst|whereas)\b", re.IGNORECASE)


def pair_concessions(units: list[Unit], sentence_of: list[int]) -> list[Unit]:
    """Stage 5a: give each concession the author's reply, when the text gives one.

    The reply is the next unit of the same paragraph that turns ("But…", "However…") or
    the rest of the same sentence ("Although X, Y": Y replies to X).

    Args:
        units: The units with roles, in text order.
        sentence_of: The sentence index of each unit.

    Returns:
        The units, concessions with `reply` set.
    """
    result = list(units)
    for index, unit in enumerate(units):
        if unit.type != "concession":
            continue
        for later in range(index + 1, min(len(units), index + 4)):
            other = units[later]
            if other.paragraph not in (unit.paragraph, unit.paragraph + 1):
                break
            if other.type == "concession":
                continue
            same_sentence = sentence_of[later] == sentence_of[index]
            if same_sentence or cues.CONTRAST.match(other.text):
                result[index] = replace(unit, reply=later)
                break
    return result


def attach_evidence(units: list[Unit]) -> list[Unit]:
    """Stage 5b: give each claim (thesis, recommendation) the premises after it in its paragraph.

    Args:
        units: The units with roles, in text order.

    Returns:
        The units, claims with `evidence` set.
    """
    result = list(units)
    heads = ("claim", "thesis", "recommendation")
    for index, unit in enumerate(units):
        if unit.type not in heads:
            continue
        support: list[int] = []
        for later in range(index + 1, len(units)):
            other = units[later]
            if other.paragraph != unit.paragraph or other.type in heads:
                break
            if other.type == "premise":
                support.append(later)
        if support:
            result[index] = replace(unit, evidence=tuple(support))
    return result


def summarize_paragraphs(
    paragraphs: Sequence[str],
    *,
    id: str = "",
    title: str = "",
    notes: Sequence[Sequence[str]] = (),
    model: Model | None = None,
) -> ArgumentSummary:
    """Summarize an argument given as paragraphs of plain text.

    Args:
        paragraphs: The paragraphs, in order (endnote markers may remain in them).
        id: Identifier for the summary.
        title: The title (and dek), if any.
        notes: For each paragraph, the endnote labels it cites (optional).
        model: The ranker (default: the committed model).

    Returns:
        The summary.
    """
    model = model or default_model()
    spans = unit_spans(paragraphs)
    words = sum(len(_WORDS.findall(p)) for p in paragraphs)
    if not spans:
        return ArgumentSummary(id=id, words=words)
    scores = score_units(spans, title, model)
    thesis = choose_thesis(spans, scores)
    units: list[Unit] = []
    sentence_of: list[int] = []
    roles = keep_strongest(assign_roles(spans, scores, thesis, model))
    for span, role in zip(spans, roles, strict=True):
        if role is None:
            continue
        kind, confidence, advice = role
        labels = tuple(
            m.group(2)
            for m in MARKER_RE.finditer(span.text)
            if not notes or m.group(2) in notes[span.paragraph - 1]
        )
        units.append(
            Unit(
                kind,
                span.text,
                span.paragraph,
                span.start,
                span.end,
                round(min(1.0, max(0.01, confidence)), 2),
                labels,
                agent=cues.actor(span.text) if advice else "",
                advice=advice,
            )
        )
        sentence_of.append(span.sentence)
    units = attach_evidence(pair_concessions(units, sentence_of))
    return ArgumentSummary(id=id, units=tuple(units), words=words)


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
    return ArgumentSummary(id=summary.id, units=units, words=summary.words)


# Stage 6: what a reader sees ----------------------------------------------------------------

SHOWN_SHARE = 0.2
"""Everything shown (abstract included) stays within this share of the article's words."""
MIN_CONFIDENCE = 0.5
"""Concessions and recommendations the rules are less sure of than this are not shown."""


@dataclass(frozen=True)
class MainPoints:
    """The part of a summary worth showing a reader: a few points, each with its place."""

    thesis: tuple[Unit, ...]
    """The thesis (one unit)."""
    claims: tuple[tuple[Unit, tuple[Unit, ...]], ...]
    """Main claims, strongest first, each with its strongest evidence."""
    concessions: tuple[tuple[Unit, Unit | None], ...]
    """Points the author grants, each with the author's reply when there is one."""
    recommendations: tuple[Unit, ...]
    """Advice to an actor, in text order."""
    brief: tuple[Unit, ...] = ()
    """In brief: two to four sentences (thesis and strongest claims) in text order."""


def _words(unit: Unit) -> int:
    return len(_WORDS.findall(MARKER_RE.sub("", unit.text)))


def _evidence_strength(unit: Unit) -> tuple[int, float]:
    text = unit.text
    return (
        bool(cues.NUMBER.search(MARKER_RE.sub("", text))) + bool(cues.EXAMPLE.search(text)) + bool(unit.notes),
        unit.confidence,
    )


def main_points(
    summary: ArgumentSummary,
    claims: int = 5,
    concessions: int = 3,
    recommendations: int = 4,
    share: float = SHOWN_SHARE,
) -> MainPoints:
    """Choose what to show: a short, ranked summary within a share of the article's words.

    The thesis always shows. Then, while the words shown (each unit counted once) stay within `share` of the
    article: the strongest claims, one per paragraph (each with its strongest evidence), the
    recommendations, the concessions with their replies. Units under `MIN_CONFIDENCE` are
    left out. "In brief" repeats the thesis and up to three claims in text order, when the
    article is long enough for it to fit.

    Args:
        summary: The full summary.
        claims: Most claims to show.
        concessions: Most concessions to show.
        recommendations: Most recommendations to show.
        share: Largest share of the article's words to show.

    Returns:
        The points to show.
    """
    units = summary.units
    budget = max(1, int(share * summary.words)) if summary.words else 10**9
    thesis = summary.of_type("thesis")
    shown: set[Unit] = set(thesis)
    used = sum(_words(u) for u in thesis)

    def fits(*more: Unit) -> bool:
        nonlocal used
        new = set(more) - shown
        cost = sum(_words(u) for u in new)
        if used + cost > budget:
            return False
        used += cost
        shown.update(new)
        return True

    def confident(kind: UnitType) -> list[Unit]:
        # Claims are the units left after thesis, advice, concessions and evidence: they are
        # ranked within the text (a long article's sentences all look less like the short
        # training texts' claims), the others must reach the confidence floor.
        floor = 0.0 if kind == "claim" else MIN_CONFIDENCE
        return sorted(
            (u for u in summary.of_type(kind) if u.confidence >= floor),
            key=lambda u: (-u.confidence, u.paragraph, u.start),
        )

    chosen_claims: list[tuple[Unit, tuple[Unit, ...]]] = []
    claim_paragraphs: set[int] = set()
    for claim in confident("claim"):
        if len(chosen_claims) == claims:
            break
        if claim.paragraph in claim_paragraphs:
            continue  # one main claim per paragraph: the points of an article, not of one passage
        claim_paragraphs.add(claim.paragraph)
        evidence = sorted((units[i] for i in claim.evidence), key=_evidence_strength, reverse=True)[:1]
        if fits(claim, *evidence):
            chosen_claims.append((claim, tuple(evidence)))
        elif fits(claim):
            chosen_claims.append((claim, ()))
    brief = sorted(set(thesis) | {c for c, _ in chosen_claims[:3]}, key=lambda u: (u.paragraph, u.start))
    show_brief = len(brief) >= 2 and fits(*brief)
    chosen_recs = [u for u in confident("recommendation")[:recommendations] if fits(u)]
    chosen_concessions: list[tuple[Unit, Unit | None]] = []
    # A concession the author answers shows the argument; one left unanswered comes after.
    answered = sorted(confident("concession"), key=lambda u: u.reply is None)
    for unit in answered[:concessions]:
        reply = units[unit.reply] if unit.reply is not None else None
        if reply is not None and fits(unit, reply):
            chosen_concessions.append((unit, reply))
        elif reply is None and fits(unit):
            chosen_concessions.append((unit, None))

    def in_order(items: Sequence[Unit]) -> tuple[Unit, ...]:
        return tuple(sorted(items, key=lambda u: (u.paragraph, u.start)))

    return MainPoints(
        thesis=thesis,
        claims=tuple(chosen_claims),
        concessions=tuple(sorted(chosen_concessions, key=lambda p: (p[0].paragraph, p[0].start))),
        recommendations=in_order(chosen_recs),
        brief=tuple(brief) if show_brief else (),
    )
