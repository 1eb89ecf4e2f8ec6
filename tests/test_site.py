"""End-to-end tests of the built site: `explainer build` on a copy of the real project.

Builds are slow, so each one runs once per module in a fixture:

- `site`: a strict build of the real sources (most tests read this one);
- `rebuilt_site`: the same copy built again elsewhere, for the determinism test;
- `hostile_site`: a copy with one extra source full of markup, template and Markdown syntax;
- `failed_build`: a strict build of a copy whose extra source cites a note that does not exist,
  into a site folder that already holds a site.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup, Tag

from explainer.pages import load_article

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
EXPLAINER = Path(sys.executable).with_name("explainer")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

SLUGS = sorted(path.stem for path in SOURCES.glob("*.txt"))
FIRST_SEED = "security-assistance-enhances-kyiv-hard-power"
SECOND_SEED = "should-america-help-ukraine-hit-back"

FIRST_SEED_LABELS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
FIRST_SEED_HEADINGS = [
    "Why Ukraine Matters to the United States",
    "A Snapshot of US Security Assistance to Ukraine",
    "Why Defense Cooperation with Ukraine Matters – The ‘Sovereignty’ Dimension",
    "Strengthening Ukraine’s Position at the Negotiating Table",
    "Moving Forward",
]

HOSTILE_SLUG = "hostile-input"
HOSTILE_TITLE = "Hostile <img src=x onerror=alert(2)> {{ config.site_name }} Title"
HOSTILE_FIRST_PARAGRAPH = (
    'This paragraph has <script>alert("x")</script> and <img src=x onerror=alert(1)> in it.'
)
HOSTILE_STRINGS = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    "{{ config }}",
    "{% if %}",
    "*stars*",
    "snake_case_words",
    "# not a heading",
    "Step 1. not a list",
    "see [^1] not a footnote",
]
HOSTILE_SOURCE = "\n\n".join(
    [
        HOSTILE_TITLE,
        HOSTILE_FIRST_PARAGRAPH,
        # Plain-text conventions (`_italics_`, `1.` list items, `[^1] note` lines) are read as
        # such by design; inside a sentence the same characters are only text.
        "Templates such as {{ config }} and {% if %} stay text, and so do *stars* and snake_case_words here.",
        "# not a heading",
        "Step 1. not a list",
        "And see [^1] not a footnote.",
        "A last ordinary paragraph ends the article.",
    ]
)

BROKEN_NAME = "broken-marker.txt"
BROKEN_MARKER_LINE = 3
BROKEN_SOURCE = (
    "Broken Marker Article\n"
    "\n"
    "This paragraph cites a note.[i] It also cites a note that is not there.[iii] The end.\n"
    "\n"
    "[i] Jane Doe, “A Title,” Some News, May 1, 2019.\n"
)


# Helpers ---------------------------------------------------------------------------------


def copy_project(dest: Path) -> Path:
    """Copy what a build needs (the package itself is installed in the venv)."""
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("data", "docs", "sources"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def run_build(
    project: Path, site_dir: Path, *, strict: bool = True
) -> subprocess.CompletedProcess[str]:
    args = [str(EXPLAINER), "build", "--site-dir", str(site_dir), "-f", str(project / "mkdocs.yml")]
    if strict:
        args.append("--strict")
    return subprocess.run(
        args, cwd=project, env=ENV, capture_output=True, text=True, check=False, timeout=600
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@cache
def soup(path: Path) -> BeautifulSoup:
    """The parsed page (cached: treat it as read-only)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_page(site_dir: Path, slug: str) -> Path:
    return site_dir / "articles" / slug / "index.html"


def content(page: Path) -> Tag:
    """The page's main content (Material's `article` element), without the site chrome."""
    article = soup(page).select_one("article.md-content__inner")
    assert article is not None, f"{page} has no content area"
    return article


def norm(text: str) -> str:
    return " ".join(text.split())


def heading_text(tag: Tag) -> str:
    """Text of a heading or link without the `¶` permalink."""
    return norm(tag.get_text()).removesuffix("¶").rstrip()


def link_target(page: Path, href: str) -> Path:
    """The file a relative link on a page leads to (directory URLs → `index.html`)."""
    target = (page.parent / href.split("#", 1)[0]).resolve()
    return target / "index.html" if href.endswith("/") or target.is_dir() else target


def first_line(slug: str) -> str:
    return (SOURCES / f"{slug}.txt").read_text(encoding="utf-8").splitlines()[0].strip()


# Builds ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("site") / "project")


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def rebuilt_site(project: Path, site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("rebuild") / "elsewhere"
    result = run_build(project, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (project / "sources" / f"{HOSTILE_SLUG}.txt").write_text(HOSTILE_SOURCE, encoding="utf-8")
    # Not strict: `[^1]` without a note is rightly reported as a warning.
    result = run_build(project, project / "site", strict=False)
    assert result.returncode == 0, result.stderr
    return project / "site"


@dataclass(frozen=True)
class FailedBuild:
    project: Path
    result: subprocess.CompletedProcess[str]
    before: dict[str, bytes]
    after: dict[str, bytes]


@pytest.fixture(scope="module")
def failed_build(site: Path, tmp_path_factory: pytest.TempPathFactory) -> FailedBuild:
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    (project / "sources" / BROKEN_NAME).write_text(BROKEN_SOURCE, encoding="utf-8")
    shutil.copytree(site, project / "site")  # a previous, good build
    before = snapshot(project / "site")
    result = run_build(project, project / "site")
    return FailedBuild(project, result, before, snapshot(project / "site"))


# Pages and links -------------------------------------------------------------------------


def test_there_are_sources() -> None:
    assert FIRST_SEED in SLUGS and SECOND_SEED in SLUGS


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("listing", ["index.html", "articles/index.html"])
def test_every_article_has_a_page_linked_from_the_listings(
    site: Path, slug: str, listing: str
) -> None:
    page = article_page(site, slug)
    assert page.is_file()
    listing_page = site / listing
    targets = {
        link_target(listing_page, a["href"]) for a in content(listing_page).select("a[href]")
    }
    assert page.resolve() in targets


# Paragraphs ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_paragraphs_are_numbered_consecutively_and_link_to_themselves(
    site: Path, slug: str
) -> None:
    paragraphs = content(article_page(site, slug)).select(".ex-para")
    expected = len(load_article(SOURCES / f"{slug}.txt").paragraphs)
    assert expected > 0
    assert [p.name for p in paragraphs] == ["p"] * expected
    assert [p.get("id") for p in paragraphs] == [f"p-{n}" for n in range(1, expected + 1)]
    for number, paragraph in enumerate(paragraphs, start=1):
        links = paragraph.select("a.ex-pnum")
        assert [(a["href"], a.get_text()) for a in links] == [(f"#p-{number}", str(number))]


@pytest.mark.parametrize("slug", SLUGS)
def test_same_page_links_resolve(site: Path, slug: str) -> None:
    page = soup(article_page(site, slug))
    ids = {tag["id"] for tag in page.find_all(id=True)}
    fragments = [unquote(a["href"][1:]) for a in page.select('a[href^="#"]')]
    assert fragments
    assert [f for f in fragments if f and f not in ids] == []


# Footnotes -------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_footnote_refs_and_backrefs_point_at_each_other(site: Path, slug: str) -> None:
    page = soup(article_page(site, slug))
    notes = load_article(SOURCES / f"{slug}.txt").notes
    assert len(page.select("div.footnote li")) == len(notes)
    for ref in page.select("a.footnote-ref"):
        note = page.find(id=unquote(ref["href"].removeprefix("#")))
        assert note is not None and note.name == "li", ref
        assert note.find_parent("div", class_="footnote") is not None
    for note in page.select("div.footnote li"):
        backrefs = note.select("a.footnote-backref")
        assert backrefs, note.get("id")
        for backref in backrefs:
            anchor = page.find(id=unquote(backref["href"].removeprefix("#")))
            assert anchor is not None, backref["href"]
            assert anchor.select_one(f'a.footnote-ref[href="#{note["id"]}"]') is not None


def test_footnotes_keep_the_labels_of_the_source(site: Path) -> None:
    page = content(article_page(site, FIRST_SEED))
    assert [a.get_text() for a in page.select("a.footnote-ref")] == FIRST_SEED_LABELS
    assert [li.get("data-label") for li in page.select("div.footnote li")] == FIRST_SEED_LABELS


@pytest.mark.parametrize(("note", "repeats"), [("iv", "iii"), ("viii", "vii")])
def test_ibid_links_to_the_note_it_repeats(site: Path, note: str, repeats: str) -> None:
    item = content(article_page(site, FIRST_SEED)).find("li", id=f"fn:{note}")
    assert item is not None
    assert norm(item.get_text()).startswith("Ibid.")
    assert [a.get_text() for a in item.select(f'a[href="#fn:{repeats}"]')] == [repeats]


# Boilerplate, title, headings ------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("needle", ["Leave a Reply", "Akismet"])
def test_web_boilerplate_is_not_published(site: Path, slug: str, needle: str) -> None:
    html = article_page(site, slug).read_text(encoding="utf-8")
    assert needle.lower() not in html.lower()


def test_repeated_title_line_is_only_the_title(site: Path) -> None:
    title = first_line(SECOND_SEED)
    page = article_page(site, SECOND_SEED)
    body = content(page)
    assert [heading_text(h1) for h1 in body.find_all("h1")] == [title]
    text_paragraphs = [p for p in body.find_all("p") if not p.find_parent(class_="ex-cite")]
    assert [p for p in text_paragraphs if title in norm(p.get_text())] == []
    assert soup(page).title is not None and soup(page).title.get_text().startswith(title)


def test_section_headings_are_h2_and_in_the_table_of_contents(site: Path) -> None:
    page = article_page(site, FIRST_SEED)
    h2 = [(heading_text(h), h.get("id")) for h in content(page).find_all("h2")]
    assert [
        text for text, _ in h2 if text not in {"Notes", "Cite this page", "Related articles"}
    ] == FIRST_SEED_HEADINGS
    toc = soup(page).select_one("nav.md-nav--secondary")
    assert toc is not None
    toc_links = {heading_text(a): a["href"] for a in toc.select("a.md-nav__link")}
    for text, anchor in h2:
        assert toc_links.get(text) == f"#{anchor}"


# Hostile input ---------------------------------------------------------------------------


def test_new_source_file_adds_a_page(site: Path, hostile_site: Path) -> None:
    assert not article_page(site, HOSTILE_SLUG).exists()
    page = article_page(hostile_site, HOSTILE_SLUG)
    assert page.is_file()
    index = hostile_site / "articles" / "index.html"
    assert page.resolve() in {
        link_target(index, a["href"]) for a in content(index).select("a[href]")
    }


@pytest.mark.parametrize("text", HOSTILE_STRINGS)
def test_hostile_text_is_shown_literally(hostile_site: Path, text: str) -> None:
    assert text in content(article_page(hostile_site, HOSTILE_SLUG)).get_text()


DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def unsafe_scripts(page: BeautifulSoup) -> list[Tag]:
    """Scripts that carry source text as code, or data scripts that could end early.

    Data scripts (JSON, JSON-LD) may hold source text, but only as valid JSON with no raw
    `<` (so no `</script>` can close them).
    """
    bad = []
    for script in page.find_all("script"):
        text = script.get_text()
        if script.get("type") in DATA_SCRIPT_TYPES:
            json.loads(text)
            if "<" in text:
                bad.append(script)
        elif "alert(" in text:
            bad.append(script)
    return bad


def test_hostile_text_creates_no_markup_in_the_article(hostile_site: Path) -> None:
    body = content(article_page(hostile_site, HOSTILE_SLUG))
    assert unsafe_scripts(body) == []
    assert body.find_all(attrs={"onerror": True}) == []
    for paragraph in body.select(".ex-para"):
        assert paragraph.find_all(["script", "img", "em", "strong", "sup", "ol", "ul"]) == []
    assert not [
        h for h in body.find_all(re.compile(r"^h[1-6]$")) if "not a heading" in h.get_text()
    ]


def test_hostile_markup_is_inert_on_every_page(hostile_site: Path) -> None:
    """Titles and descriptions also reach `<head>`, the navigation and the listings."""
    offenders = [
        path.relative_to(hostile_site).as_posix()
        for path in sorted(hostile_site.rglob("*.html"))
        if soup(path).find_all(attrs={"onerror": True}) or unsafe_scripts(soup(path))
    ]
    assert offenders == []


def test_hostile_title_is_shown_literally(hostile_site: Path) -> None:
    page = article_page(hostile_site, HOSTILE_SLUG)
    assert [heading_text(h1) for h1 in content(page).find_all("h1")] == [HOSTILE_TITLE]
    title = soup(page).title
    assert title is not None and title.get_text().startswith(HOSTILE_TITLE)


def test_hostile_description_is_shown_literally(hostile_site: Path) -> None:
    meta = soup(article_page(hostile_site, HOSTILE_SLUG)).find(
        "meta", attrs={"name": "description"}
    )
    assert meta is not None
    content = str(meta.get("content"))
    assert content.startswith(f"The full text of “{HOSTILE_TITLE}”")
    assert content.endswith(HOSTILE_FIRST_PARAGRAPH)


# Determinism and failure -----------------------------------------------------------------


def test_two_builds_are_byte_identical(site: Path, rebuilt_site: Path) -> None:
    first, second = snapshot(site), snapshot(rebuilt_site)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_strict_build_fails_on_a_marker_without_a_note(failed_build: FailedBuild) -> None:
    assert failed_build.result.returncode != 0
    assert "Traceback" not in failed_build.result.stderr


def test_strict_failure_names_file_and_line(failed_build: FailedBuild) -> None:
    stderr = failed_build.result.stderr
    assert re.search(rf"{re.escape(BROKEN_NAME)}:{BROKEN_MARKER_LINE}\b.*\biii\b", stderr), stderr


def test_strict_failure_leaves_the_previous_site_intact(failed_build: FailedBuild) -> None:
    before, after = failed_build.before, failed_build.after
    assert "index.html" in before
    assert sorted(after) == sorted(before)
    assert [name for name in before if after[name] != before[name]] == []
    # No staging folder (`.site-*`) is left behind; `.cache` holds formatted citations on purpose.
    leftovers = sorted(
        p.name
        for p in failed_build.project.iterdir()
        if p.name.startswith(".") and p.name != ".cache"
    )
    assert leftovers == []


# Glossary and entities --------------------------------------------------------------------


def test_glossary_where_used_points_at_paragraphs_using_the_term(site: Path) -> None:
    """Every "used in" link of the glossary page leads to a paragraph that contains the term."""
    from explainer.glossary import parse_glossary
    from explainer.matching import inflections

    terms, _ = parse_glossary((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"), "g")
    surfaces = {
        t.anchor: [f.lower() for s in (t.term, *t.aliases, *t.forms) for f in inflections(s)]
        for t in terms
    }
    glossary = site / "glossary" / "index.html"
    page = content(glossary)
    checked = 0
    for anchor, forms in surfaces.items():
        heading = page.find(id=anchor)
        assert heading is not None, anchor
        block = []
        for sibling in heading.find_next_siblings():
            if sibling.name in {"h2", "h3"}:
                break
            block.append(sibling)
        pins = [a for el in block for a in el.select("a[href*='#p-']")]
        assert pins, f"{anchor} lists no use"
        for pin in pins:
            target = link_target(glossary, pin["href"])
            paragraph = soup(target).find(id=pin["href"].split("#", 1)[1])
            assert paragraph is not None
            text = " ".join(paragraph.get_text(" ").split()).lower()
            assert any(form in text for form in forms), (anchor, pin["href"])
            checked += 1
    assert checked >= len(surfaces)


def test_term_links_have_definitions_and_glossary_anchors(site: Path) -> None:
    glossary_ids = {el["id"] for el in soup(site / "glossary" / "index.html").select("[id]")}
    page = article_page(site, FIRST_SEED)
    html = soup(page)
    terms = html.select("p.ex-para a.ex-term")
    assert len(terms) >= 10
    for link in terms:
        assert link["href"].split("#", 1)[1] == f"term-{link['data-term']}"
        assert f"term-{link['data-term']}" in glossary_ids
        definition = html.select_one(f"div.ex-defs #def-{link['data-term']}")
        assert definition is not None and definition.get_text(strip=True)
    entities = html.select("p.ex-para a.ex-entity")
    assert entities
    for link in entities:
        target = link_target(page, link["href"])
        assert soup(target).find(id=link["href"].split("#", 1)[1]) is not None
