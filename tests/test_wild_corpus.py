"""The parser scored per field on the wild corpus (tests/corpus/wild): real texts as users paste them.

Each text has a hand-written gold file (schema in tests/corpus/wild/README.md). The test
prints a table of the share of texts (or notes, or apparatus lines) that the parser gets
exactly right per field, and fails when any field is below the gate. The parser's rules are
developed on this corpus; test_heldout_corpus.py measures them on texts they were not.

Run `pytest tests/test_wild_corpus.py -s` to see the table and the misses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_score import sources, table

WILD = Path(__file__).parent / "corpus" / "wild"
GATE = 0.95
"""Share of texts each field must get right: the target of issue 14."""

FLOOR = {
    "title": 64 / 64,
    "subtitle": 62 / 64,
    "authors": 62 / 64,
    "date": 64 / 64,
    "publication": 63 / 64,
    "salutation": 64 / 64,
    "signature": 63 / 64,
    "paragraphs": 55 / 64,
    "headings": 60 / 64,
    "lists": 64 / 64,
    "notes": 59 / 64,
    "apparatus": 73 / 97,
}
"""What the parser scores today, per field: a regression below it fails. Raise these as the
parser improves; the 95 % gate (GATE) is the target and is tested as a strict xfail."""


def test_corpus_is_large_and_varied() -> None:
    """At least 40 texts, each with a gold file and a recorded source."""
    texts = sources(WILD)
    assert len(texts) >= 40
    recorded = " ".join(p.read_text(encoding="utf-8") for p in WILD.glob("SOURCES*.md"))
    for path in texts:
        assert path.with_suffix(".gold.yml").exists(), path
        assert path.name in recorded, f"{path.name} has no row in SOURCES*.md"


def test_parser_keeps_its_scores(capsys: pytest.CaptureFixture[str]) -> None:
    """No field falls below what the parser scored when the floor was last raised."""
    with capsys.disabled():
        shares, misses = table(WILD, FLOOR)
    low = {name: share for name, share in shares.items() if share < FLOOR[name] - 1e-9}
    assert not low, f"below the floor: {low}\n" + "\n".join(misses)


@pytest.mark.xfail(strict=True, reason="issue 14's 95 % per-field gate is not met yet")
def test_parser_meets_the_gate() -> None:
    """Every field right on at least 95 % of the corpus (notes and apparatus: of all items)."""
    shares, misses = table(WILD)
    low = {name: share for name, share in shares.items() if share < GATE}
    assert not low, f"below {GATE:.0%}: {low}\n" + "\n".join(misses)
