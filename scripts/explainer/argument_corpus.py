"""Annotated argument corpora (JSON Lines): reading them, and labelling units by their gold.

The schema is the one of `../shared/corpora/README.md`: each record has `id`, `title`,
`text` (paragraphs separated by newlines) and gold units by role with character offsets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from explainer.argument_text import Span, unit_spans
from explainer.errors import CorpusError

GOLD_KEYS = ("major_claims", "claims", "premises", "concessions", "recommendations")
"""The roles of the schema."""

ROLE_OF_KEY = {
    "major_claims": "thesis",
    "claims": "claim",
    "premises": "premise",
    "concessions": "concession",
    "recommendations": "recommendation",
}
"""The summarizer's name for each role of the schema."""


TRAINING_CORPORA = (
    "../shared/corpora/microtexts-part1.jsonl",
    "../shared/corpora/cdcp-train.jsonl",
    "tests/corpus/argument/abstrct-sample.jsonl",
    "tests/corpus/argument/essays.jsonl",
)
"""The corpora the committed model is trained on and `explainer eval` scores by default,
relative to the repository root."""


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


def read_records(path: Path) -> list[Record]:
    """Read an annotated corpus.

    Args:
        path: A `.jsonl` file in the shared corpus schema.

    Returns:
        The records.

    Raises:
        CorpusError: A line is not a record of the schema (the message names file and line).
    """
    records = []
    for number, line in enumerate(
        path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1
    ):
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
                for role in GOLD_KEYS
            }
            records.append(
                Record(str(data["id"]), str(data.get("title") or ""), str(data["text"]), gold)
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise CorpusError(
                f"{path}:{number}: not a record of the corpus schema ({type(error).__name__}: {error})"
            ) from None
    return records


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


def record_spans(record: Record) -> tuple[list[Span], list[int]]:
    """The units of a record and the offset of each paragraph in its text.

    Args:
        record: The record.

    Returns:
        `(units, paragraph offsets)`.
    """
    paragraphs = paragraphs_with_offsets(record.text)
    return unit_spans([p for _, p in paragraphs]), [o for o, _ in paragraphs]


def gold_roles(record: Record, spans: list[Span], offsets: list[int]) -> list[set[str]]:
    """The gold roles of each unit: those of the gold units it mostly overlaps.

    A unit takes a role when the overlap covers half of the unit or half of the gold unit.

    Args:
        record: The record.
        spans: Its units.
        offsets: Paragraph offsets.

    Returns:
        One set of role names per unit (empty: no role).
    """
    out = []
    for span in spans:
        a = offsets[span.paragraph - 1] + span.start
        b = offsets[span.paragraph - 1] + span.end
        roles = set()
        for key, units in record.gold.items():
            for s, e, _ in units:
                overlap = min(b, e) - max(a, s)
                if overlap > 0 and (2 * overlap >= b - a or 2 * overlap >= e - s):
                    roles.add(ROLE_OF_KEY[key])
        out.append(roles)
    return out
