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
5. `find_replies`, `label_replies`, `make_units`, `link_replies`, `attach_evidence`: each
   concession with the author's reply (a claim of its own), each claim with the evidence
   after it;
6. `main_points`: what a reader sees: a short abstract, the thesis, at most five claims,
   within a fifth of the article's words (`rank_claims`, `in_brief`, `show_claims`,
   `show_concessions`, spending one `WordBudget`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from explainer import argument_cues as cues
from explainer.argument_features import LONG_TEXT_PARAGRAPHS, unit_features
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


def choose_thesis(spans: Sequence[Span], scores: dict[str, list[float]]) -> tuple[int, ...]:
    """Stage 4a: the unit most likely to state the thesis (never a question), and in a long
    text the best one in the other half too, where authors state it again.

    Args:
        spans: The units.
        scores: Role probabilities.

    Returns:
        The thesis units' indexes in text order (none when the text has no statement).
    """
    thesis_scores = scores.get("thesis") or [0.0] * len(spans)
    candidates = [k for k, s in enumerate(spans) if not cues.is_question(s.sentence_text)]
    if not candidates:
        return ()
    best = max(candidates, key=lambda k: (thesis_scores[k], -k))
    paragraphs = spans[-1].paragraph
    if paragraphs < LONG_TEXT_PARAGRAPHS:
        return (best,)
    half = spans[best].paragraph <= paragraphs / 2
    other = [k for k in candidates if (spans[k].paragraph > paragraphs / 2) == half]
    if not other:
        return (best,)
    second = max(other, key=lambda k: (thesis_scores[k], -k))
    return tuple(sorted((best, second)))


def assign_roles(
    spans: Sequence[Span], scores: dict[str, list[float]], thesis: tuple[int, ...], model: Model
) -> list[tuple[UnitType, float, bool] | None]:
    """Stage 4b: each unit's role and confidence, or None for no role.

    Advice to an actor is a recommendation (by rule); other units take the role the ranker
    is surest of, when its probability reaches the role's threshold. Questions take no role.

    Args:
        spans: The units.
        scores: Role probabilities.
        thesis: Indexes of the thesis units.
        model: The ranker (for the thresholds).

    Returns:
        `(role, confidence, advice)` or None, per unit.
    """
    roles: list[tuple[UnitType, float, bool] | None] = []
    for k, span in enumerate(spans):
        advice = cues.is_prescription(span.text)
        if k in thesis:
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
        if _reports(span.text):
            roles.append(("premise", max(0.6, scores.get("premise", [0.6] * len(spans))[k]), False))
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

    def logit(p: float) -> float:
        p = min(max(p, 1e-12), 1 - 1e-12)  # a probability that rounded to 0 or 1
        return math.log(p / (1 - p))

    lead = logit(thesis_scores[chosen]) - max(
        logit(p) for k, p in enumerate(thesis_scores) if k != chosen
    )
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, lead))))


def _grants(spans: Sequence[Span], k: int, thesis: tuple[int, ...]) -> bool:
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
        and k + 1 not in thesis
        and following.paragraph == span.paragraph
        and cues.CONTRAST.match(following.text) is not None
        and not cues.is_prescription(span.text)
    )


_MID_SENTENCE_WHILE = re.compile(r"^(?:while|whilst|whereas)\b", re.IGNORECASE)


def find_replies(
    spans: Sequence[Span], roles: Sequence[tuple[UnitType, float, bool] | None]
) -> dict[int, int]:
    """Stage 5a: the author's reply to each concession, when the text gives one.

    The reply is the rest of the same sentence ("Although X, Y": Y replies to X) or the next
    unit, in the same paragraph or the next, that turns ("But…", "However…").

    Args:
        spans: The units.
        roles: Their roles.

    Returns:
        Index of the reply by index of the concession.
    """
    replies: dict[int, int] = {}
    for k, role in enumerate(roles):
        if role is None or role[0] != "concession":
            continue
        for later in range(k + 1, min(len(spans), k + 4)):
            other = spans[later]
            if other.paragraph not in (spans[k].paragraph, spans[k].paragraph + 1):
                break
            if roles[later] is not None and roles[later][0] == "concession":  # type: ignore[index]
                continue
            if other.sentence == spans[k].sentence or cues.CONTRAST.match(other.text):
                if not cues.is_question(other.sentence_text):
                    replies[k] = later
                break
    return replies


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
    roles = assign_roles(spans, scores, thesis, model)
    replies = find_replies(spans, roles)
    roles = label_replies(keep_strongest(roles), replies, scores)
    units, unit_of = make_units(spans, roles, notes)
    units = attach_evidence(link_replies(units, unit_of, replies))
    return ArgumentSummary(id=id, units=tuple(units), words=words)


def label_replies(
    roles: list[tuple[UnitType, float, bool] | None], replies: dict[int, int], scores: dict[str, list[float]]
) -> list[tuple[UnitType, float, bool] | None]:
    """Stage 5c: a reply to a labelled concession is a claim of the author's, labelled even
    beyond the five main claims.

    Args:
        roles: `(role, confidence, advice)` or None, per unit (after `keep_strongest`).
        replies: Index of the reply by index of the concession.
        scores: Role probabilities.

    Returns:
        The roles, unlabelled replies now claims.
    """
    labelled = list(roles)
    for concession, reply in replies.items():
        if labelled[concession] is not None and labelled[reply] is None:
            labelled[reply] = ("claim", scores.get("claim", [0.5] * len(roles))[reply], False)
    return labelled


def make_units(
    spans: Sequence[Span], roles: Sequence[tuple[UnitType, float, bool] | None], notes: Sequence[Sequence[str]]
) -> tuple[list[Unit], dict[int, int]]:
    """Stage 5d: a [Unit][explainer.argument.Unit] for each span with a role.

    Args:
        spans: The units.
        roles: Their roles.
        notes: For each paragraph, the endnote labels it cites (empty: any marker counts).

    Returns:
        The units in text order, and the index of each among them by the index of its span.
    """
    units: list[Unit] = []
    unit_of: dict[int, int] = {}
    for k, (span, role) in enumerate(zip(spans, roles, strict=True)):
        if role is None:
            continue
        kind, confidence, advice = role
        labels = tuple(
            m.group(2)
            for m in MARKER_RE.finditer(span.text)
            if not notes or m.group(2) in notes[span.paragraph - 1]
        )
        unit_of[k] = len(units)
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
    return units, unit_of


def link_replies(units: list[Unit], unit_of: dict[int, int], replies: dict[int, int]) -> list[Unit]:
    """Stage 5e: each concession that became a unit points to its reply's unit.

    Args:
        units: The units.
        unit_of: Index among the units by index of the span.
        replies: Span index of the reply by span index of the concession.

    Returns:
        The units, concessions with `reply` set.
    """
    linked = list(units)
    for concession, reply in replies.items():
        if concession in unit_of:
            index = unit_of[concession]
            linked[index] = replace(linked[index], reply=unit_of[reply])
    return linked


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


@dataclass
class WordBudget:
    """The words a reader may be shown, and those spent so far (a unit shown twice counts twice)."""

    budget: int
    """Most words shown."""
    used: int = 0
    """Words shown so far."""

    def fits(self, *more: Unit) -> bool:
        """Take the units if their words, counted again where a unit repeats, still fit.

        Examples:
            >>> unit = Unit("claim", "Taxes should fall.", 1, 0, 18, 0.9)
            >>> budget = WordBudget(5)
            >>> budget.fits(unit), budget.fits(unit), budget.used
            (True, False, 3)
        """
        cost = sum(_words(u) for u in more)
        if self.used + cost > self.budget:
            return False
        self.used += cost
        return True


def _confident(summary: ArgumentSummary, kind: UnitType) -> list[Unit]:
    """The units of one role worth showing, strongest first.

    Claims are the units left after thesis, advice, concessions and evidence: they are
    ranked within the text (a long article's sentences all look less like the short
    training texts' claims), the others must reach the confidence floor.
    """
    floor = 0.0 if kind == "claim" else MIN_CONFIDENCE
    return sorted(
        (u for u in summary.of_type(kind) if u.confidence >= floor),
        key=lambda u: (-u.confidence, u.paragraph, u.start),
    )


def _in_order(items: Sequence[Unit]) -> tuple[Unit, ...]:
    """Units in text order."""
    return tuple(sorted(items, key=lambda u: (u.paragraph, u.start)))


def rank_claims(summary: ArgumentSummary, limit: int) -> list[Unit]:
    """Stage 6a: the strongest claims, one per paragraph (the article's points), at most `limit`."""
    ranked: list[Unit] = []
    for claim in _confident(summary, "claim"):
        if all(claim.paragraph != other.paragraph for other in ranked):
            ranked.append(claim)
    return ranked[:limit]


def in_brief(thesis: tuple[Unit, ...], ranked_claims: Sequence[Unit]) -> list[Unit]:
    """Stage 6b: "In brief": the thesis and the two strongest claims (four units at most), in text order."""
    return sorted(
        set(thesis) | set(ranked_claims[: max(0, min(2, 4 - len(thesis)))]),
        key=lambda u: (u.paragraph, u.start),
    )


def show_claims(
    ranked_claims: Sequence[Unit], units: Sequence[Unit], budget: WordBudget
) -> list[tuple[Unit, tuple[Unit, ...]]]:
    """Stage 6c: the claims that fit, each with its strongest evidence when that fits too."""
    chosen: list[tuple[Unit, tuple[Unit, ...]]] = []
    for claim in ranked_claims:
        evidence = sorted((units[i] for i in claim.evidence), key=_evidence_strength, reverse=True)[:1]
        if budget.fits(claim, *evidence):
            chosen.append((claim, tuple(evidence)))
        elif budget.fits(claim):
            chosen.append((claim, ()))
    return chosen


def show_concessions(
    summary: ArgumentSummary, limit: int, budget: WordBudget
) -> list[tuple[Unit, Unit | None]]:
    """Stage 6e: the concessions that fit with their replies, in text order. A concession the
    author answers shows the argument; one left unanswered comes after."""
    chosen: list[tuple[Unit, Unit | None]] = []
    answered = sorted(_confident(summary, "concession"), key=lambda u: u.reply is None)
    for unit in answered[:limit]:
        reply = summary.units[unit.reply] if unit.reply is not None else None
        if reply is not None and budget.fits(unit, reply):
            chosen.append((unit, reply))
        elif reply is None and budget.fits(unit):
            chosen.append((unit, None))
    return sorted(chosen, key=lambda p: (p[0].paragraph, p[0].start))


def main_points(
    summary: ArgumentSummary,
    claims: int = 5,
    concessions: int = 3,
    recommendations: int = 4,
    share: float = SHOWN_SHARE,
) -> MainPoints:
    """Choose what to show: a short, ranked summary within a share of the article's words.

    The thesis always shows. Then, while every word shown (a sentence shown twice counts
    twice) stays within `share` of the article's words: "In brief" (the thesis and the two
    strongest claims, in text order), the strongest claims, one per paragraph, each with its
    strongest evidence, the recommendations, the concessions with their replies. Units under
    `MIN_CONFIDENCE` are left out.

    Args:
        summary: The full summary.
        claims: Most claims to show.
        concessions: Most concessions to show.
        recommendations: Most recommendations to show.
        share: Largest share of the article's words to show.

    Returns:
        The points to show.
    """
    thesis = summary.of_type("thesis")
    budget = WordBudget(max(1, int(share * summary.words)) if summary.words else 10**9)
    budget.used = sum(_words(u) for u in thesis)
    ranked_claims = rank_claims(summary, claims)
    brief = in_brief(thesis, ranked_claims)
    show_brief = len(brief) >= 2 and budget.fits(*brief)
    chosen_claims = show_claims(ranked_claims, summary.units, budget)
    # Stage 6d: the recommendations that fit.
    chosen_recs = [u for u in _confident(summary, "recommendation")[:recommendations] if budget.fits(u)]
    return MainPoints(
        thesis=thesis,
        claims=tuple(chosen_claims),
        concessions=tuple(show_concessions(summary, concessions, budget)),
        recommendations=_in_order(chosen_recs),
        brief=tuple(brief) if show_brief else (),
    )
