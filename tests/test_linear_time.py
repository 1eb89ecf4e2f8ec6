"""No input makes a stage take time that grows faster than its length (issue 15, findings 3
and 7): adversarial texts of 100 KB or more through the parser, the notes reader, the
argument summary, the timeline and tag splitting.

Each case takes well under a second with linear code; the bound is 30 s, so a loaded machine
never fails it, while the patterns this replaced took minutes or never ended on the same
inputs (the capitalised-title pattern was exponential; others were quadratic or cubic).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from explainer.argument import summarize_article
from explainer.notes import parse_reference
from explainer.parse import parse_article
from explainer.related import dated_mentions
from explainer.textutil import split_run_together

N = 100_000
BOUND = 30.0
"""Seconds: linear code takes under one; exponential or quadratic code takes minutes or more."""

TEXTS = {
    "caps-title-note": "Title\n\nText.[i]\n\n[i] " + "A-" * (N // 2) + "Ab",
    "acronym-run-note": "Title\n\nText.[i]\n\n[i] " + "NATO-EU-US-" * (N // 11),
    "comma-caps-note": "Title\n\nText.[1]\n\n[1] " + "A, " * (N // 3) + "b",
    "spaces-in-note": "Title\n\nText.[1]\n\n[1] Smith" + " " * N + "x",
    "ibid-spaces": "Title\n\nText.[1]\n\n[1] Ibid" + " " * N + ",",
    "dots": "Title\n\nA" + "." * N,
    "one-long-word": "Title\n\n" + "a" * N,
    "tags-line": "Title\n\nTags: " + "Ab" * (N // 2) + "\n\nBody text here.",
    "dates": "Title\n\n" + "In 1999 on March 3, 2001 and 1600 tons. " * (N // 40),
    "brackets": "Title\n\n" + "[" * N,
    "parentheses": "Title\n\n" + "(" * N,
    "quotes": "Title\n\n" + "“" * N,
    "underscores": "Title\n\n" + "_a" * (N // 2),
    "stars": "Title\n\n" + "* " * (N // 2),
    "hyphens": "Title\n\n" + "-" * N,
    "open-footnote": "Title\n\n[Footnote 1: " + "[" * N,
    "underlines": "Title\n\n" + "x\n===\n" * (N // 6),
    "field-lines": "A: b\n" * (N // 5),
    "list-items": "Title\n\n" + "1. a\n" * (N // 5),
    "glued-digits": "Title\n\n" + "word1 " * (N // 6),
    "markdown-emphasis": "# T\n\n" + "**a** " * (N // 6),
}


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_stages_are_linear_on_adversarial_text(name: str) -> None:
    text = TEXTS[name]
    holder: list[object] = []
    seconds = timed(lambda: holder.append(parse_article(text, source=f"{name}.txt", slug=name)))
    article = holder[0]
    seconds += timed(lambda: summarize_article(article))  # type: ignore[arg-type]
    seconds += timed(lambda: dated_mentions(article))  # type: ignore[arg-type]
    assert seconds < BOUND, f"{name}: {seconds:.1f} s"


@pytest.mark.parametrize(
    "note",
    [
        "A-" * (N // 2) + "Ab",
        "Smith" + " " * N + ", op. cit.",
        "Ibid" + " " * N,
        "“" * N,
        "(" * N + "vol. 1",
        "See " * (N // 4),
        "x.--" * (N // 4),
    ],
    ids=["caps", "opcit-spaces", "ibid-spaces", "open-quotes", "parens", "see", "dashes"],
)
def test_notes_are_read_in_linear_time(note: str) -> None:
    assert timed(lambda: parse_reference(note)) < BOUND


def test_tag_splitting_is_linear() -> None:
    assert timed(lambda: split_run_together("Ab" * N, known=("Ab Ab",))) < BOUND
