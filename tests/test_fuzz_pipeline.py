"""Whole-pipeline fuzzing (issue 14): any document goes through `build_pages` to HTML, never raising.

Generated documents mix what teachers paste: numbered and bulleted lists, one-word lines,
only headings, only notes, text without sentence punctuation, Markdown syntax, and
Gutenberg-shaped text (ALL-CAPS headings, `_italics_`, `--`, `[Footnote 1: …]`, `FOOTNOTES:`).
Each goes through the real stages (parse, glossary and entities from `data/`, related
articles, timeline, argument summary, rendering) and the site's Markdown; citations (Node)
are replaced by a stub to keep the test fast. A stage that raised would leave a
`stage-failed` diagnostic, so none may appear.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer import guard, pages, render
from explainer.cite import Edition, Sources
from explainer.guard import STAGE_FAILED
from explainer.model import Article
from test_hostile import FRONT_MATTER, MD_EXTENSIONS  # the site's Markdown, shared
from test_properties import UNSAFE, to_html

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SETTINGS = settings(
    deadline=None,
    max_examples=25,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

WORD = st.sampled_from(
    "the city should fund buses NATO Ukraine deterrence hard power because 1600 tons "
    "in 1914 since 2014 Putin must we critics say however 1,600 people".split()
)
SENTENCE = st.builds(
    lambda words, end: " ".join(words).capitalize() + end,
    st.lists(WORD, min_size=1, max_size=14),
    st.sampled_from([".", "!", "?", "", ".[1]", "[i].", ";", " --"]),
)
PROSE = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
HEADING = st.one_of(
    st.builds(lambda w: f"# {w.title()}", PROSE.map(lambda t: t[:30])),
    st.builds(lambda w: w.upper(), WORD),
    st.sampled_from(["II.", "CHAPTER VI", "1. Introduction", "Background", "* * * * *"]),
)
LIST = st.builds(
    lambda items, marker: "\n".join(
        f"{n}. {item}" if marker == "1." else f"{marker} {item}" for n, item in enumerate(items, 1)
    ),
    st.lists(SENTENCE, min_size=1, max_size=5),
    st.sampled_from(["1.", "-", "*", "•"]),
)
ONE_WORD = WORD
MARKDOWN = st.sampled_from(
    [
        "**Strong** and *em* and `code` and [a link](https://example.org) and [a name][2].",
        "> A block quote that should fund buses.",
        "```\ncode <script>alert(1)</script>\n```",
        "[2]: https://example.org/ref",
        "<div onclick='x()'>raw html</div>",
        "| a | b |\n|---|---|\n| 1 | 2 |",
    ]
)
GUTENBERG = st.sampled_from(
    [
        "_Italics_ in the text -- with a dash, and a note.[Footnote 1: See the appendix.]",
        "FOOTNOTES:\n\n[1] Blackstone, Commentaries, Vol. I.\n\n[2] Ibid.",
        "MADISON.\n\nTo the People of the State of New York:",
        "PUBLIUS.",
        "     Year      Tons\n     1600      1,600\n     1700      2,000",
        "It was power1; and Blackstone,1 said so.\n\n1 The celebrated Montesquieu.",
    ]
)
NOTES = st.builds(
    lambda labels: (
        "Notes\n\n"
        + "\n".join(f"[{label}] Ann Lee, “Title {label},” The Record, 2019." for label in labels)
    ),
    st.lists(st.sampled_from(["1", "2", "i", "ii", "iv"]), min_size=1, max_size=4),
)
BLOCK = st.one_of(PROSE, PROSE, HEADING, LIST, ONE_WORD, MARKDOWN, GUTENBERG, NOTES)
DOCUMENT = st.one_of(
    st.lists(BLOCK, min_size=1, max_size=12),
    st.lists(HEADING, min_size=1, max_size=5),  # only headings
    st.lists(NOTES, min_size=1, max_size=2),  # only notes
    st.lists(st.lists(WORD, min_size=1, max_size=10).map(" ".join), min_size=1, max_size=5),
).map(lambda blocks: "\n\n".join(blocks) + "\n")


def stub_cite(
    articles: Sequence[Article],
    edition: Edition,
    cache_dir: Path | None = None,
    names: frozenset[str] = frozenset(),
) -> pages.Citations:
    """Citations without Node: an empty box per article."""
    return pages.Citations(
        {}, {a.slug: {} for a in articles}, "# Bibliography\n", {}, {}, Sources()
    )


@pytest.fixture
def no_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "cite_articles", stub_cite)
    monkeypatch.delenv(guard.DEBUG_ENV, raising=False)


def build(folder: Path, texts: dict[str, str]) -> pages.BuildResult:
    """Write the texts into an empty sources folder and build every page."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return pages.build_pages(folder, DATA)


def assert_whole_site_works(result: pages.BuildResult) -> None:
    """No stage failed, and every article page and the compare page become inert HTML."""
    failed = [str(d) for d in result.diagnostics if d.code == STAGE_FAILED]
    assert failed == []
    for article in result.articles:
        html = to_html(result.pages[render.article_uri(article.slug)])
        assert html.find_all(UNSAFE) == []
    assert to_html(result.pages[render.COMPARE_URI]).find_all(UNSAFE) == []
    assert FRONT_MATTER and MD_EXTENSIONS  # the site's Markdown setup is the one used


@pytest.mark.usefixtures("no_node")
@SETTINGS
@given(document=DOCUMENT, suffix=st.sampled_from([".txt", ".md"]), other=PROSE)
def test_any_document_goes_through_the_whole_pipeline(
    tmp_path: Path, document: str, suffix: str, other: str
) -> None:
    texts = {f"doc{suffix}": "A Title\n\n" + document, "other.txt": f"Other Title\n\n{other}\n"}
    result = build(tmp_path / "sources", texts)
    assert_whole_site_works(result)


@pytest.mark.usefixtures("no_node")
@pytest.mark.parametrize("paragraphs", [1, 2000], ids=["one paragraph", "2000 paragraphs"])
def test_one_and_two_thousand_paragraphs(tmp_path: Path, paragraphs: int) -> None:
    body = "\n\n".join(
        f"In {1900 + n % 120} the city should fund buses, because {n} people wait."
        + (f"\n\n{n}. Raise the budget." if n % 50 == 0 else "")
        for n in range(paragraphs)
    )
    result = build(tmp_path / "sources", {"big.txt": f"A Long Text\n\n{body}\n"})
    assert_whole_site_works(result)
    assert len(result.articles) == 1
    assert len(result.articles[0].paragraphs) >= paragraphs
