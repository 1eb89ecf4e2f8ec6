"""Scoring the argument summarizer against annotated corpora (`explainer eval`).

Thesis accuracy: the predicted thesis overlaps a gold major claim. Claims, premises,
concessions and recommendations: precision, recall and F1 under approximate match (shared
tokens ÷ tokens of the longer unit ≥ 0.5, each gold unit matched at most once). A
first-sentence baseline is scored the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from explainer.argument import ArgumentSummary, Unit, split_sentences, summarize_paragraphs

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Record:
    """One annotated text from a corpus (JSON Lines)."""

    id: str
    """Record identifier."""
    title: str
    """Title (may be empty)."""
    text: str
    """Plain text; paragraphs separated by newlines."""
    gold: dict[str, list[tuple[int, int, str]]]
    """Gold units by role (`major_claims`, `claims`…): `(start, end, text)`."""


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


def read_records(path: Path) -> list[Record]:
    """Read an annotated corpus.

    Args:
        path: A `.jsonl` file in the shared corpus schema.

    Returns:
        The records.
    """
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            gold = {
                role: [
                    (int(u["start"]), int(u["end"]), str(u["text"]))
                    for u in data.get(role, [])
                    if u.get("start") is not None
                ]
                for role in ("major_claims", "claims", "premises", "concessions", "recommendations")
            }
            records.append(Record(str(data["id"]), str(data.get("title") or ""), str(data["text"]), gold))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise CorpusError(f"{path}:{number}: not a record of the corpus schema ({type(error).__name__}: {error})") from None
    return records


class CorpusError(Exception):
    """An annotated corpus file that is not in the schema; the message names file and line."""


def paragraphs_with_offsets(text: str) -> list[tuple[int, str]]:
    """Split text into paragraphs at newlines, keeping each paragraph's offset.

    Args:
        text: Plain text.

    Returns:
        `(offset, paragraph)` for each non-empty line.
    """
    out = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((offset, line))
        offset += len(line) + 1
    return out


def summarize_record(record_id: str, title: str, text: str) -> tuple[ArgumentSummary, list[int]]:
    """Summarize a plain-text record.

    Args:
        record_id: Identifier.
        title: Title (may be empty).
        text: Plain text, paragraphs separated by newlines.

    Returns:
        The summary and the offset of each paragraph in `text` (to map unit offsets back).
    """
    paragraphs = paragraphs_with_offsets(text)
    summary = summarize_paragraphs([p for _, p in paragraphs], id=record_id, title=title)
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


ROLES = (
    ("claim", "claims"),
    ("premise", "premises"),
    ("concession", "concessions"),
    ("recommendation", "recommendations"),
)
"""Roles scored with precision/recall, as (unit type, gold key)."""


def _thesis_span(units: Iterable[Unit], offsets: Sequence[int]) -> tuple[int, int] | None:
    spans = [(offsets[u.paragraph - 1] + u.start, offsets[u.paragraph - 1] + u.end) for u in units]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def first_sentence_baseline(record: Record) -> dict[str, list[str]]:
    """The baseline: the first sentence is the thesis, every other sentence a claim.

    Args:
        record: The record.

    Returns:
        Predicted unit texts by role, plus `thesis_span`.
    """
    sentences = [
        (offset + s, offset + e)
        for offset, p in paragraphs_with_offsets(record.text)
        for s, e in split_sentences(p)
    ]
    texts = [record.text[s:e] for s, e in sentences]
    return {
        "thesis": texts[:1],
        "claims": texts[1:],
        "premises": [],
        "concessions": [],
        "recommendations": [],
    }


def evaluate(records: Sequence[Record]) -> dict[str, object]:
    """Score the summarizer (and the first-sentence baseline) on annotated records.

    Args:
        records: Annotated records.

    Returns:
        A JSON-ready report: record count, thesis accuracy and per-role scores for the
        summarizer and the baseline.
    """
    totals: dict[str, dict[str, list[int]]] = {"summarizer": {}, "baseline": {}}
    thesis_hits = {"summarizer": 0, "baseline": 0}
    with_thesis = 0
    for record in records:
        summary, offsets = summarize_record(record.id, record.title, record.text)
        baseline = first_sentence_baseline(record)
        gold_major = record.gold["major_claims"]
        if gold_major:
            with_thesis += 1
            span = _thesis_span(summary.of_type("thesis"), offsets)
            if span and any(s < span[1] and span[0] < e for s, e, _ in gold_major):
                thesis_hits["summarizer"] += 1
            first = baseline["thesis"][0] if baseline["thesis"] else ""
            start = record.text.find(first)
            if first and any(s < start + len(first) and start < e for s, e, _ in gold_major):
                thesis_hits["baseline"] += 1
        for kind, key in ROLES:
            gold = [t for _, _, t in record.gold[key]]
            predictions = {
                "summarizer": [u.text for u in summary.of_type(kind)],  # type: ignore[arg-type]
                "baseline": baseline[key],
            }
            for system, predicted in predictions.items():
                m, p, g = score_units(predicted, gold)
                bucket = totals[system].setdefault(key, [0, 0, 0])
                bucket[0] += m
                bucket[1] += p
                bucket[2] += g
    report: dict[str, object] = {"records": len(records), "with_thesis": with_thesis}
    for system in ("summarizer", "baseline"):
        report[system] = {
            "thesis_accuracy": round(thesis_hits[system] / with_thesis, 3) if with_thesis else None,
            **{key: _prf(*totals[system][key]).__dict__ for key in totals[system]},
        }
    return report
