"""The four kinds of input issue 14 names, built into a site as a teacher would: a
numbered-list op-ed, a double-spaced text, a Markdown post and a Gutenberg chapter with
footnotes. Each must come out as the right page.

The last three are real texts from the wild corpus (tests/corpus/wild, with their gold
files); the op-ed is written here. One build for the module (builds are slow).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

ROOT = Path(__file__).resolve().parents[1]
WILD = Path(__file__).parent / "corpus" / "wild"
EXPLAINER = Path(sys.executable).with_name("explainer")

DOUBLE_SPACED = "gut-mill-liberty-ch1-dblspaced.txt"
MARKDOWN_POST = "mod-balter-paper.md"
GUTENBERG_FOOTNOTES = "gut-mill-utilitarianism-ch2.txt"

LIST_OPED = """Five Ways to Fix the Night Buses

By Ann Lee

March 3, 2024

The night buses in our city are late, crowded and rare. The council can change that this year.

1. Raise the budget for buses.
2. Publish a timetable that riders can trust.
3. Run the last bus after the last train.

- Ask the drivers.
- Ask the riders.

None of this is expensive, and all of it can start before the winter.
"""


def _gold(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WILD / name).with_suffix(".gold.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("real-inputs") / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("data", "docs"):
        shutil.copytree(ROOT / folder, project / folder)
    sources = project / "sources"
    sources.mkdir()
    for name in (DOUBLE_SPACED, MARKDOWN_POST, GUTENBERG_FOOTNOTES):
        shutil.copy2(WILD / name, sources / name)
    (sources / "night-buses.txt").write_text(LIST_OPED, encoding="utf-8")
    result = subprocess.run(
        [str(EXPLAINER), "build", "--site-dir", str(project / "site"), "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return project / "site"


def page(site: Path, source: str) -> Tag:
    path = site / "articles" / Path(source).stem / "index.html"
    found = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article.md-content__inner")
    assert found is not None
    return found


def numbered(article: Tag) -> list[Tag]:
    """The numbered paragraphs, list items included, in order."""
    return [tag for tag in article.select("[id^=p-]") if tag.get("id", "").removeprefix("p-").isdigit()]


def test_numbered_list_oped(site: Path) -> None:
    article = page(site, "night-buses.txt")
    title = article.select_one("h1")
    assert title is not None and "Five Ways to Fix the Night Buses" in title.get_text()
    ordered = article.select("ol > li[id^=p-]")
    assert len(ordered) == 3
    assert "Raise the budget for buses." in ordered[0].get_text()
    assert len(article.select("ul > li[id^=p-]")) == 2
    assert [tag["id"] for tag in numbered(article)] == [f"p-{n}" for n in range(1, 8)]
    assert "By Ann Lee" not in " ".join(p.get_text() for p in numbered(article))


def test_double_spaced_text(site: Path) -> None:
    """Paragraphs are found again: as many as the gold file counts, none a single line."""
    article = page(site, DOUBLE_SPACED)
    paragraphs = numbered(article)
    assert len(paragraphs) == _gold(DOUBLE_SPACED)["paragraphs"]
    assert min(len(p.get_text().split()) for p in paragraphs) > 12


def test_markdown_post(site: Path) -> None:
    """Headings are headings, links are links, list items are list items, no Markdown shows."""
    article = page(site, MARKDOWN_POST)
    gold = _gold(MARKDOWN_POST)
    headings = [h.get_text(" ", strip=True).removesuffix("¶").strip() for h in article.select("h2")]
    assert [h for h in headings if h in gold["headings"]] == gold["headings"]
    assert any(a.get("href", "").startswith("http") for p in numbered(article) for a in p.select("a"))
    assert [len(lst.select(":scope > li")) for lst in article.select("ol, ul") if lst.select(":scope > li[id^=p-]")] == gold["lists"]
    text = " ".join(p.get_text() for p in numbered(article))
    assert "##" not in text and "**" not in text and "](" not in text


def test_gutenberg_chapter_with_footnotes(site: Path) -> None:
    """Every note is linked both ways under its own label; `FOOTNOTES:` is not a paragraph."""
    article = page(site, GUTENBERG_FOOTNOTES)
    labels = [str(n["label"]) for n in _gold(GUTENBERG_FOOTNOTES)["notes"]]
    assert [li.get("data-label") for li in article.select("div.footnote li")] == labels
    assert [a.get_text() for a in article.select("a.footnote-ref")] == labels
    assert all(li.select("a.footnote-backref") for li in article.select("div.footnote li"))
    text = " ".join(p.get_text() for p in numbered(article))
    assert "FOOTNOTES" not in text and "[Footnote" not in text
    assert "_" not in text and "--" not in text
