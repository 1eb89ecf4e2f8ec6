"""The parser on real texts: Goldman endnotes against gold offsets, microtexts and CDCP lose nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from explainer.model import Article
from explainer.parse import normalize_text, parse_article

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def load(name: str, limit: int | None = None) -> list[dict[str, Any]]:
    """Records of a JSONL corpus file."""
    with (CORPORA / name).open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return records[:limit]


def parse_record(record: dict[str, Any]) -> Article:
    """Parse a record's text with its id as source and slug."""
    return parse_article(record["text"], source=record["id"], slug=record["id"])


GOLDMAN = load("endnotes-goldman.jsonl")
MICROTEXTS = load("microtexts-part1.jsonl")
CDCP = load("cdcp-train.jsonl", limit=100)


def gold_note_span(text: str, note: dict[str, Any]) -> tuple[int, int]:
    """A gold note span runs to the next note; the parser's ends at the note's last character."""
    start, end = note["start"], note["end"]
    return start, start + len(text[start:end].rstrip())


def marker_spans(
    record: dict[str, Any], article: Article
) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Predicted and gold markers as (id, start, end, label)."""
    predicted = {
        (record["id"], r.start, r.end, r.label) for p in article.paragraphs for r in p.refs
    }
    gold = {(record["id"], g["start"], g["end"], g["marker"]) for g in record["meta"]["note_refs"]}
    return predicted, gold


def note_spans(
    record: dict[str, Any], article: Article
) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Predicted and gold notes as (id, start, end, label)."""
    text = record["text"]
    predicted = {(record["id"], n.start, n.end, n.label) for n in article.notes}
    gold = {(record["id"], *gold_note_span(text, g), g["marker"]) for g in record["meta"]["notes"]}
    return predicted, gold


def precision_recall(predicted: set[Any], gold: set[Any]) -> tuple[float, float]:
    """Exact-match precision and recall."""
    hits = len(predicted & gold)
    return hits / len(predicted) if predicted else 1.0, hits / len(gold) if gold else 1.0


def test_goldman_corpus_shape() -> None:
    """The corpus is the 8 essays, already in the parser's normal form, so offsets agree."""
    assert len(GOLDMAN) == 8
    assert all(normalize_text(r["text"]) == r["text"] for r in GOLDMAN)


@pytest.mark.parametrize("kind", ["markers", "notes"])
def test_goldman_precision_recall(kind: str) -> None:
    """Markers and notes match the gold offsets exactly over all essays."""
    spans = marker_spans if kind == "markers" else note_spans
    predicted: set[Any] = set()
    gold: set[Any] = set()
    for record in GOLDMAN:
        p, g = spans(record, parse_record(record))
        predicted |= p
        gold |= g
    precision, recall = precision_recall(predicted, gold)
    print(f"goldman {kind}: precision {precision:.3f} recall {recall:.3f} ({len(gold)} gold)")
    assert (precision, recall) == (1.0, 1.0), sorted(predicted ^ gold)


@pytest.mark.parametrize("record", GOLDMAN, ids=[r["id"] for r in GOLDMAN])
def test_goldman_essay(record: dict[str, Any]) -> None:
    """Per essay: exact spans, same note texts, nothing left in an error state."""
    article = parse_record(record)
    assert marker_spans(record, article)[0] == marker_spans(record, article)[1]
    assert note_spans(record, article)[0] == note_spans(record, article)[1]
    gold_texts = [(g["marker"], " ".join(g["text"].split())) for g in record["meta"]["notes"]]
    assert [(n.label, " ".join(n.text.split())) for n in article.notes] == gold_texts
    assert not [d for d in article.diagnostics if d.severity == "error"]
    assert not [d for d in article.diagnostics if d.code.startswith("note-")]
    assert all(n.start >= record["meta"]["notes_start"] for n in article.notes)


def assert_nothing_lost(record: dict[str, Any]) -> None:
    """The text parses into plain paragraphs that together are the whole source."""
    article = parse_record(record)
    assert not [d for d in article.diagnostics if d.severity == "error"]
    assert [s.heading for s in article.sections if s.heading] == []
    assert article.notes == ()
    assert article.paragraphs
    joined = " ".join(p.text for p in article.paragraphs)
    # The one change the parser makes to plain text: a double hyphen is a dash.
    assert joined.split() == record["text"].replace("--", "—").split()


@pytest.mark.parametrize("record", MICROTEXTS, ids=[r["id"] for r in MICROTEXTS])
def test_microtext_nothing_lost(record: dict[str, Any]) -> None:
    """A microtext is body text only, with every word kept."""
    assert_nothing_lost(record)


def test_microtexts_count() -> None:
    """All 112 microtexts are tested."""
    assert len(MICROTEXTS) == 112


@pytest.mark.parametrize("record", CDCP, ids=[r["id"] for r in CDCP])
def test_cdcp_nothing_lost(record: dict[str, Any]) -> None:
    """A CDCP comment is body text only, with every word kept."""
    assert_nothing_lost(record)
