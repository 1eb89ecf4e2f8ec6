"""Scoring the argument summarizer against annotated corpora (`explainer eval`).

Leave-one-corpus-out: for each corpus, the ranker is trained on all the *other* corpora and
scored on this one, so no weight, threshold or learned parameter has seen the texts it is
scored on. Beside it, simple baselines are scored the same way: the first sentence; the last
sentence of the first paragraph; a cue-phrase rule (the first sentence with a cue of stance
or conclusion, and the modal-verb rule for recommendations); the sentence closest to the
title.

Thesis accuracy: the predicted thesis overlaps a gold major claim. Claims, premises,
concessions and recommendations: precision, recall and F1 under approximate match (shared
tokens ÷ tokens of the longer unit ≥ 0.5, each gold unit matched at most once).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from explainer import argument_cues as cues
from explainer.argument import ArgumentSummary, summarize_paragraphs
from explainer.argument_corpus import (
    Record,
    paragraphs_with_offsets,
    read_records,
)
from explainer.argument_features import similarities
from explainer.argument_model import Model, model_from_json
from explainer.argument_text import split_sentences
from explainer.argument_train import fit
from explainer.errors import CorpusError

__all__ = [
    "BASELINES",
    "CorpusError",
    "Record",
    "approximately_equal",
    "evaluate",
    "evaluate_leave_one_out",
    "paragraphs_with_offsets",
    "read_records",
    "score_units",
    "summarize_record",
]

_TOKEN = re.compile(r"\w+")
ROLES = (
    ("claim", "claims"),
    ("premise", "premises"),
    ("concession", "concessions"),
    ("recommendation", "recommendations"),
)
"""Roles scored with precision/recall, as (unit type, gold key)."""

Prediction = dict[str, list[tuple[int, int, str]]]
"""Predicted units by key (`thesis`, `claims`…) as `(start, end, text)` in the record text."""

PREDICTED_KEYS = ("thesis", "claims", "premises", "concessions", "recommendations")
"""The keys of a prediction."""


def empty_prediction() -> Prediction:
    """A prediction with no unit.

    Returns:
        One empty list per key.
    """
    return {key: [] for key in PREDICTED_KEYS}


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one role."""

    precision: float
    """Matched predictions ÷ predictions."""
    recall: float
    """Matched gold units ÷ gold units."""
    f1: float
    """Harmonic mean of the two."""
    predicted: int
    """Number of predicted units."""
    gold: int
    """Number of gold units."""


def summarize_record(
    record_id: str, title: str, text: str, model: Model | None = None
) -> tuple[ArgumentSummary, list[int]]:
    """Summarize a plain-text record.

    Args:
        record_id: Identifier.
        title: Title (may be empty).
        text: Plain text, paragraphs separated by newlines.
        model: The ranker (default: the committed model).

    Returns:
        The summary and the offset of each paragraph in `text` (to map unit offsets back).
    """
    paragraphs = paragraphs_with_offsets(text)
    summary = summarize_paragraphs(
        [p for _, p in paragraphs], id=record_id, title=title, model=model
    )
    return summary, [o for o, _ in paragraphs]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def approximately_equal(a: str, b: str) -> bool:
    """Shared tokens ÷ tokens of the longer unit ≥ 0.5.

    Args:
        a: One unit.
        b: The other.

    Returns:
        Whether they count as the same unit.
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    shared = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
    return shared / max(len(ta), len(tb)) >= 0.5


def score_units(predicted: Sequence[str], gold: Sequence[str]) -> tuple[int, int, int]:
    """Match predictions to gold units one to one.

    Args:
        predicted: Predicted unit texts.
        gold: Gold unit texts.

    Returns:
        `(matches, predicted count, gold count)`.
    """
    free = list(gold)
    matches = 0
    for unit in predicted:
        hit = next((g for g in free if approximately_equal(unit, g)), None)
        if hit is not None:
            free.remove(hit)
            matches += 1
    return matches, len(predicted), len(gold)


def _prf(matches: int, predicted: int, gold: int) -> Score:
    precision = matches / predicted if predicted else 0.0
    recall = matches / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(round(precision, 3), round(recall, 3), round(f1, 3), predicted, gold)


# Systems: each maps a record to predicted units ---------------------------------------------


def _sentences(record: Record) -> list[tuple[int, int, str, int]]:
    """`(start, end, text, paragraph index)` of every sentence of a record."""
    return [
        (offset + s, offset + e, record.text[offset + s : offset + e], number)
        for number, (offset, paragraph) in enumerate(paragraphs_with_offsets(record.text))
        for s, e in split_sentences(paragraph)
    ]


def _rest_are_claims(sentences: Sequence[tuple[int, int, str, int]], thesis: int | None) -> Prediction:
    """A baseline's prediction: one thesis sentence, every other sentence a claim."""
    out = empty_prediction()
    out["thesis"] = [sentences[thesis][:3]] if thesis is not None and sentences else []
    out["claims"] = [s[:3] for i, s in enumerate(sentences) if i != thesis]
    return out


def first_sentence(record: Record) -> Prediction:
    """Baseline: the first sentence is the thesis, every other sentence a claim.

    Args:
        record: The record.

    Returns:
        Predicted units.
    """
    return _rest_are_claims(_sentences(record), 0)


def last_of_first_paragraph(record: Record) -> Prediction:
    """Baseline: the last sentence of the first paragraph is the thesis.

    Args:
        record: The record.

    Returns:
        Predicted units.
    """
    sentences = _sentences(record)
    in_first = [i for i, s in enumerate(sentences) if s[3] == 0]
    return _rest_are_claims(sentences, in_first[-1] if in_first else None)


def cue_phrases(record: Record) -> Prediction:
    """Baseline: the first sentence with a cue of stance or conclusion is the thesis; the
    modal-verb rule finds recommendations; concession and evidence cues the rest.

    Args:
        record: The record.

    Returns:
        Predicted units.
    """
    sentences = _sentences(record)
    stance = [
        i
        for i, s in enumerate(sentences)
        if cues.OPINION.search(s[2]) or cues.CONCLUSION.match(s[2]) or cues.DEONTIC.search(s[2])
    ]
    thesis = stance[0] if stance else (0 if sentences else None)
    out = empty_prediction()
    for i, (start, end, text, _) in enumerate(sentences):
        key = (
            "thesis"
            if i == thesis
            else "recommendations"
            if cues.DEONTIC.search(text)
            else "concessions"
            if cues.CONCESSION.match(text)
            else "premises"
            if cues.EXAMPLE.search(text) or cues.NUMBER.search(text)
            else "claims"
        )
        out[key].append((start, end, text))
        if key == "thesis" and cues.DEONTIC.search(text):
            out["recommendations"].append((start, end, text))  # the modal-verb rule sees every sentence
    return out


def closest_to_title(record: Record) -> Prediction:
    """Baseline: the sentence most similar to the title (the first, without a title).

    Args:
        record: The record.

    Returns:
        Predicted units.
    """
    sentences = _sentences(record)
    if not sentences:
        return _rest_are_claims(sentences, None)
    to_title, _ = similarities([s[2] for s in sentences], record.title)
    best = max(range(len(sentences)), key=lambda i: (to_title[i], -i))
    return _rest_are_claims(sentences, best)


BASELINES: dict[str, Callable[[Record], Prediction]] = {
    "first sentence": first_sentence,
    "last sentence of first paragraph": last_of_first_paragraph,
    "cue phrases": cue_phrases,
    "closest to title": closest_to_title,
}
"""The simple baselines, by name."""


def summarizer(model: Model | None) -> Callable[[Record], Prediction]:
    """The summarizer as a system; a prescriptive thesis counts as a recommendation too.

    Args:
        model: The ranker to use (None: the committed model).

    Returns:
        A function from record to predicted units.
    """

    def predict(record: Record) -> Prediction:
        summary, offsets = summarize_record(record.id, record.title, record.text, model)
        out = empty_prediction()
        keys = {"thesis": "thesis", "claim": "claims", "premise": "premises", "concession": "concessions", "recommendation": "recommendations"}
        for unit in summary.units:
            start = offsets[unit.paragraph - 1] + unit.start
            item = (start, start + len(unit.text), unit.text)
            out[keys[unit.type]].append(item)
            if unit.type == "thesis" and unit.advice:
                out["recommendations"].append(item)
        return out

    return predict


def score_system(records: Sequence[Record], system: Callable[[Record], Prediction]) -> dict[str, object]:
    """Score one system on records.

    Args:
        records: Annotated records.
        system: Record → predicted units.

    Returns:
        Thesis accuracy (over records with a gold major claim; None without any) and
        precision/recall/F1 per role.
    """
    hits = with_thesis = 0
    totals = {key: [0, 0, 0] for _, key in ROLES}
    for record in records:
        predicted = system(record)
        gold_major = record.gold["major_claims"]
        if gold_major:
            with_thesis += 1
            if any(s < pe and ps < e for ps, pe, _ in predicted["thesis"] for s, e, _ in gold_major):
                hits += 1
        for _, key in ROLES:
            m, p, g = score_units([t for _, _, t in predicted[key]], [t for _, _, t in record.gold[key]])
            totals[key][0] += m
            totals[key][1] += p
            totals[key][2] += g
    return {
        "thesis_accuracy": round(hits / with_thesis, 3) if with_thesis else None,
        **{key: _prf(*totals[key]).__dict__ for _, key in ROLES},
    }


def evaluate(records: Sequence[Record], model: Model | None = None) -> dict[str, object]:
    """Score the summarizer (with one model) and every baseline on records.

    Args:
        records: Annotated records.
        model: The ranker (None: the committed model).

    Returns:
        A JSON-ready report: record count, texts with a gold thesis, and the scores of the
        summarizer and of each baseline.
    """
    return {
        "records": len(records),
        "with_thesis": sum(1 for r in records if r.gold["major_claims"]),
        "summarizer": score_system(records, summarizer(model)),
        "baselines": {name: score_system(records, system) for name, system in BASELINES.items()},
    }


def evaluate_leave_one_out(corpora: Mapping[str, Sequence[Record]]) -> dict[str, object]:
    """Leave-one-corpus-out: score each corpus with a model trained on the others only.

    Args:
        corpora: Records by corpus name (at least two corpora).

    Returns:
        A JSON-ready report by corpus name; each says which corpora its model was trained on.
    """
    report: dict[str, object] = {}
    for name in sorted(corpora):
        others = {other: records for other, records in corpora.items() if other != name}
        model = model_from_json(fit(others).to_json())
        report[name] = {"trained_on": sorted(others), **evaluate(corpora[name], model)}
    return report
