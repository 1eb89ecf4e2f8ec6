"""Hostile and bad input (issue 9): every case gives a diagnostic naming the file and line.

Each case is a folder under `tests/hostile/` holding a tiny `sources/` (and `data/` where the
case is a data file). A problem with one source must not stop the others: the build goes on
with the rest, or (in strict mode) stops before anything is written. No input is ever run as
code or read as HTML, Markdown or Jinja. Large inputs are generated into `tmp_path`.

Most checks use the Python API (fast); `build_pages` runs once over all the cases together,
because formatting the citations starts Node (seconds). Two `explainer build` runs check the
command line end to end.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer import render
from explainer.entities import load_entities
from explainer.glossary import load_glossary
from explainer.model import Diagnostic
from explainer.pages import BuildResult, build_pages, load_article, load_articles
from explainer.parse import parse_article

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).resolve().parent / "hostile"
EXPLAINER = Path(sys.executable).with_name("explainer")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

GOOD_NAME = "good-article.txt"
GOOD_SOURCE = (
    "A Good Article\n"
    "\n"
    "This first paragraph of a good article cites a note.[i]\n"
    "\n"
    "A second paragraph follows here with more words in it.\n"
    "\n"
    "[i] Jane Doe, “A Title,” Some News, May 1, 2019.\n"
)

Expected = tuple[str, str, int, str]
"""A diagnostic as (code, file name, line, severity)."""

# case folder → (expected diagnostics, slugs published from its sources)
CASES: dict[str, tuple[list[Expected], list[str]]] = {
    "empty": ([("empty-source", "empty.txt", 0, "error")], []),
    "whitespace": ([("empty-source", "whitespace.txt", 0, "error")], []),
    "binary": ([("binary-source", "binary.txt", 2, "error")], []),
    "bad-utf8": ([("bad-encoding", "bad-utf8.txt", 3, "warning")], ["bad-utf8"]),
    # Decoded from UTF-16 (the BOM says so); the line numbers are those of the text.
    "utf16-bom": ([("note-missing", "utf16-bom.txt", 5, "warning")], ["utf16-bom"]),
    "crlf": ([("note-missing", "crlf.txt", 5, "warning")], ["crlf"]),
    "lone-cr": ([("note-missing", "lone-cr.txt", 5, "warning")], ["lone-cr"]),
    "html": ([], ["html"]),
    "template": ([], ["template"]),
    # `[^1]` with a `[^1]:` note is read as the source's own note marker, label `1`.
    "footnote-syntax": ([], ["footnote-syntax"]),
    "note-missing": ([("note-missing", "note-missing.txt", 3, "warning")], ["note-missing"]),
    "note-duplicate": (
        [("note-duplicate", "note-duplicate.txt", 7, "warning")],
        ["note-duplicate"],
    ),
    # The first file (in name order) keeps the slug; the second is refused.
    "slug-clash": ([("slug-clash", "a-b.txt", 0, "error")], ["a-b"]),
    "sidecar-type": (
        [
            ("sidecar-type", "sidecar-type.yml", 1, "error"),
            ("sidecar-type", "sidecar-type.yml", 2, "error"),
            ("sidecar-type", "sidecar-type.yml", 3, "error"),
        ],
        [],
    ),
    # Issue 15: an address that is not a web address, a line break in a one-line field.
    "sidecar-url": (
        [
            ("sidecar-url", "sidecar-url.yml", 2, "error"),
            ("sidecar-type", "sidecar-url.yml", 3, "error"),
        ],
        [],
    ),
    "sidecar-breakout": ([("sidecar-url", "sidecar-breakout.yml", 1, "error")], []),
    # PyYAML reports an unclosed `[` where the stream ends.
    "sidecar-yaml": ([("sidecar-yaml", "sidecar-yaml.yml", 3, "error")], []),
    "glossary-yaml": ([("glossary-yaml", "glossary.yml", 4, "error")], []),
    # A Python tag and a `{{ }}` mapping as a key: the entry is refused, the good one kept.
    "glossary-tag": ([("glossary-yaml", "glossary.yml", 4, "error")], []),
    "entities-yaml": (
        [
            ("entities-yaml", "entities.yml", 2, "error"),
            ("entities-yaml", "entities.yml", 3, "error"),
        ],
        [],
    ),
}


def key(diagnostic: Diagnostic) -> Expected:
    return (diagnostic.code, Path(diagnostic.file).name, diagnostic.line, diagnostic.severity)


def assert_names_file_and_line(diagnostic: Diagnostic) -> None:
    text = str(diagnostic)
    assert text.startswith(f"{diagnostic.file}:{diagnostic.line}: {diagnostic.severity}: ")
    assert text.endswith(f"[{diagnostic.code}]")
    assert "Traceback" not in text


def case_diagnostics(case: Path) -> tuple[list[str], list[Diagnostic]]:
    """Published slugs and diagnostics of one case, through the loaders (no Node)."""
    slugs: list[str] = []
    diagnostics: list[Diagnostic] = []
    if (case / "sources").is_dir():
        articles, found = load_articles(case / "sources")
        slugs = [a.slug for a in articles]
        diagnostics += found
    if (case / "data").is_dir():
        diagnostics += load_glossary(case / "data" / "glossary.yml")[1]
        diagnostics += load_entities(case / "data" / "entities.yml")[1]
    return slugs, diagnostics


def test_every_case_folder_is_in_the_table() -> None:
    folders = {p.name for p in HOSTILE.iterdir() if p.is_dir()}
    assert folders == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_gives_its_diagnostics(name: str) -> None:
    expected, published = CASES[name]
    slugs, diagnostics = case_diagnostics(HOSTILE / name)
    found = [key(d) for d in diagnostics]
    for item in expected:
        assert item in found, f"{item} not in {[str(d) for d in diagnostics]}"
    # No error that the table does not expect (warnings such as note-uncited may come too).
    assert sorted(k for k in found if k[3] == "error") == sorted(
        e for e in expected if e[3] == "error"
    )
    for diagnostic in diagnostics:
        assert_names_file_and_line(diagnostic)
    assert sorted(slugs) == sorted(published)


def test_utf16_and_line_endings_are_decoded() -> None:
    for name in ("utf16-bom", "crlf", "lone-cr"):
        article = load_article(HOSTILE / name / "sources" / f"{name}.txt")
        text = "\n".join(p.text for p in article.paragraphs) + article.title
        assert "\r" not in text and "\ufeff" not in text and "\x00" not in text
        assert [n.label for n in article.notes] == ["i"]
    article = load_article(HOSTILE / "utf16-bom" / "sources" / "utf16-bom.txt")
    assert article.title == "UTF16 Title"
    assert "café" in article.paragraphs[0].text


def test_case_insensitive_slug_clash(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Lower\n\nA paragraph.\n", encoding="utf-8")
    try:
        (tmp_path / "A.txt").write_text("Upper\n\nA paragraph.\n", encoding="utf-8")
    except OSError:
        pytest.skip("the file system cannot hold a.txt and A.txt together")
    if len(list(tmp_path.glob("*.txt"))) < 2:
        pytest.skip("the file system folds case")
    articles, diagnostics = load_articles(tmp_path)
    assert [a.slug for a in articles] == ["a"]
    assert [key(d) for d in diagnostics] == [("slug-clash", "a.txt", 0, "error")]
    assert "A.txt" in diagnostics[0].message


# Every case at once, through build_pages -----------------------------------------------------


# The Markdown extensions of mkdocs.yml that touch article text (test_properties uses them too).
MD_EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "tables",
    "footnotes",
    "explainer.markdown_ext",
]
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def to_html(page: str) -> BeautifulSoup:
    """Render a generated page with the project's Markdown extensions (no MkDocs)."""
    body = FRONT_MATTER.sub("", page)
    return BeautifulSoup(markdown.markdown(body, extensions=MD_EXTENSIONS), "html.parser")


def assert_inert(html: BeautifulSoup) -> None:
    """No element from the source: data scripts (the cite box's JSON) must hold no raw `<`."""
    for script in html.find_all("script"):
        assert script.get("type") == "application/json", script
        assert "<" not in script.get_text()
    assert html.find_all(["img", "iframe", "style"]) == []
    assert [t.name for t in html.find_all(True) if any(a.startswith("on") for a in t.attrs)] == []
    assert not any(str(a.get("href", "")).startswith("javascript:") for a in html.find_all("a"))


@pytest.fixture(scope="module")
def combined(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """All the cases in one sources folder (their file names differ), plus a good article."""
    root = tmp_path_factory.mktemp("combined")
    sources, data = root / "sources", root / "data"
    sources.mkdir()
    data.mkdir()
    for case in sorted(HOSTILE.iterdir()):
        for path in sorted(case.glob("sources/*")):
            shutil.copy2(path, sources / path.name)
    shutil.copy2(HOSTILE / "glossary-tag" / "data" / "glossary.yml", data / "glossary.yml")
    shutil.copy2(HOSTILE / "entities-yaml" / "data" / "entities.yml", data / "entities.yml")
    (sources / GOOD_NAME).write_text(GOOD_SOURCE, encoding="utf-8")
    (sources / "long-line.txt").write_text(
        "Long Line Title\n\n" + "word " * 10_000 + "end.[i]\n\n[i] A note.\n", encoding="utf-8"
    )
    return build_pages(sources, data)


def test_build_goes_on_with_the_rest(combined: BuildResult) -> None:
    published = {a.slug for a in combined.articles}
    expected = {slug for _, slugs in CASES.values() for slug in slugs}
    assert published == expected | {"good-article", "long-line"}
    for slug in published:
        assert render.article_uri(slug) in combined.pages
    assert [t.term for t in combined.terms] == ["good"]
    found = {key(d) for d in combined.diagnostics}
    for expected_diags, _ in CASES.values():
        assert set(expected_diags) <= found
    for diagnostic in combined.diagnostics:
        assert_names_file_and_line(diagnostic)


@pytest.mark.parametrize("slug", ["html", "template", "footnote-syntax", "long-line", "crlf"])
def test_generated_pages_render_inert(combined: BuildResult, slug: str) -> None:
    html = to_html(combined.pages[render.article_uri(slug)])
    assert_inert(html)


def test_hostile_text_is_shown_as_written(combined: BuildResult) -> None:
    html = to_html(combined.pages[render.article_uri("html")]).get_text()
    assert '<script>alert("x")</script>' in html
    assert "<img src=x onerror=alert(1)>" in html
    assert "&amp; &lt;" in html
    text = " ".join(to_html(combined.pages[render.article_uri("template")]).get_text().split())
    for literal in [
        "Jinja {{ 7*7 }} and {% if true %}yes{% endif %} and {# comment #} here.",
        '--8<-- "/etc/passwd"',
        "*stars* under `code`",  # Gutenberg's _italics_ are read as emphasis
        "# not a heading",
        "not a list",  # a numbered line is a list item (its number is the list's)
        "| a | b |",
        "<!-- a comment -->",
    ]:
        assert literal in text
    assert "49" not in text


# Large inputs ----------------------------------------------------------------------------------


def test_fifty_thousand_character_line() -> None:
    line = ("x" * 49 + " ") * 1000
    article = parse_article(f"Title\n\n{line}\n", source="long.txt", slug="long")
    assert len(article.paragraphs) == 1
    assert article.paragraphs[0].text == line.strip()
    assert_inert(to_html(render.article_page(article)))


def test_five_megabyte_article(tmp_path: Path) -> None:
    paragraph = "A sentence of an ordinary article repeats here with a few words. " * 16
    body = "\n\n".join(f"{paragraph}Paragraph {n}.[i]" for n in range(5_000))
    path = tmp_path / "huge.txt"
    path.write_text(f"Huge Title\n\n{body}\n\n[i] A note.\n", encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    start = time.perf_counter()
    article = load_article(path)
    page = render.article_page(article)
    elapsed = time.perf_counter() - start
    assert not [d for d in article.diagnostics if d.severity == "error"]
    assert len(article.paragraphs) == 5_000
    assert "Paragraph 4999." in page
    assert elapsed < 60, f"parsing and rendering 5 MB took {elapsed:.1f} s"


# The command line (slow: two full MkDocs builds) ---------------------------------------------


def copy_project(dest: Path, cases: list[str]) -> Path:
    """A project with a good article and the sources of some cases (not the real sources)."""
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("data", "docs"):
        shutil.copytree(ROOT / folder, dest / folder)
    (dest / "sources").mkdir()
    (dest / "sources" / GOOD_NAME).write_text(GOOD_SOURCE, encoding="utf-8")
    for case in cases:
        for path in (HOSTILE / case / "sources").iterdir():
            shutil.copy2(path, dest / "sources" / path.name)
    return dest


def run_build(project: Path, site_dir: Path, *, strict: bool) -> subprocess.CompletedProcess[str]:
    args = [str(EXPLAINER), "build", "--site-dir", str(site_dir), "-f", str(project / "mkdocs.yml")]
    if strict:
        args.append("--strict")
    return subprocess.run(
        args, cwd=project, env=ENV, capture_output=True, text=True, check=False, timeout=600
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def warned_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A build with warnings only: hostile markup, templates and CRLF, not strict."""
    project = copy_project(
        tmp_path_factory.mktemp("warned") / "project", ["html", "template", "crlf"]
    )
    result = run_build(project, project / "site", strict=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return project, project / "site", result.stderr


def test_cli_warnings_name_file_and_line(warned_site: tuple[Path, Path, str]) -> None:
    _, _, stderr = warned_site
    assert re.search(r"sources/crlf\.txt:5: warning: .*\[note-missing\]", stderr), stderr


@pytest.mark.parametrize("slug", ["html", "template"])
def test_cli_hostile_pages_are_inert(warned_site: tuple[Path, Path, str], slug: str) -> None:
    _, site, _ = warned_site
    page = BeautifulSoup(
        (site / "articles" / slug / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    content = page.select_one("article.md-content__inner")
    assert content is not None
    assert_inert(content)
    assert page.find_all(attrs={"onerror": True}) == []
    assert page.find_all(attrs={"onclick": True}) == []
    for script in page.find_all("script"):  # source text only as JSON data, never as code
        if "alert(" in script.get_text():
            assert script.get("type") in ("application/json", "application/ld+json"), script
            assert "<" not in script.get_text()
    text = " ".join(content.get_text().split())
    if slug == "html":
        assert '<script>alert("x")</script>' in text
        assert "<img src=x onerror=alert(1)>" in text
    else:
        assert "Jinja {{ 7*7 }} and {% if true %}yes{% endif %}" in text
        assert '--8<-- "/etc/passwd"' in text
        assert "49" not in text
        assert "root:" not in text


def test_cli_error_leaves_the_previous_site_intact(
    warned_site: tuple[Path, Path, str], tmp_path: Path
) -> None:
    _, good_site, _ = warned_site
    project = copy_project(tmp_path / "project", ["binary", "sidecar-type", "empty"])
    site = project / "site"
    shutil.copytree(good_site, site)
    before = snapshot(site)
    result = run_build(project, site, strict=True)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    for pattern in [
        r"sources/binary\.txt:2: error: .*\[binary-source\]",
        r"sources/sidecar-type\.yml:1: error: .*\[sidecar-type\]",
        r"sources/empty\.txt:0: error: .*\[empty-source\]",
    ]:
        assert re.search(pattern, result.stderr), result.stderr
    assert snapshot(site) == before
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site")]
    assert leftovers == []
