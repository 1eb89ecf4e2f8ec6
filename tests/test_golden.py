"""Golden files: the rendered Markdown of the seed articles and two corpus texts.

Run `pytest tests/test_golden.py --update-golden` to rewrite them after an intended change,
then review the diff.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from explainer import render
from explainer.model import Article
from explainer.pages import load_article
from explainer.parse import parse_article

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOLDEN = TESTS / "golden"
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def seed(name: str) -> Callable[[], Article]:
    """Load a seed article from sources/, by a path relative to the repository."""
    return lambda: load_article(REPO / "sources" / f"{name}.txt")


def corpus(file: str, record_id: str) -> Callable[[], Article]:
    """Parse one corpus record, with its id as slug."""

    def make() -> Article:
        with (CORPORA / file).open(encoding="utf-8") as handle:
            records = (json.loads(line) for line in handle)
            record = next(r for r in records if r["id"] == record_id)
        return parse_article(record["text"], source=f"{record_id}.txt", slug=record_id)

    return make


CASES = {
    "security-assistance-enhances-kyiv-hard-power": seed(
        "security-assistance-enhances-kyiv-hard-power"
    ),
    "should-america-help-ukraine-hit-back": seed("should-america-help-ukraine-hit-back"),
    "goldman_francisco_ferrer_and_the_modern_school": corpus(
        "endnotes-goldman.jsonl", "goldman_francisco_ferrer_and_the_modern_school"
    ),
    "micro_b001": corpus("microtexts-part1.jsonl", "micro_b001"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, update_golden: bool) -> None:
    """The rendered page equals the golden file (or rewrites it with --update-golden)."""
    article = CASES[name]()
    assert not [d for d in article.diagnostics if d.severity == "error"]
    rendered = render.article_page(article)
    path = GOLDEN / f"{name}.md"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(rendered, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: run pytest with --update-golden"
    assert rendered == path.read_text(encoding="utf-8")
    assert str(REPO) not in rendered
