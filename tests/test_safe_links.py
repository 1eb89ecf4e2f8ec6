"""One policy for user-supplied addresses and Markdown (issue 15, findings 2 and 4): a link
is made only to a web address (or a page of the site); raw HTML and attribute lists from a
data file are shown as text; a value cannot break out of the link it is written into."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer import render
from explainer.glossary import Term
from explainer.model import Sidecar
from explainer.parse import parse_article
from explainer.safe import safe_markdown, site_url_problem, web_address
from explainer.sources import parse_sidecar

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "footnotes", "tables"]

HOSTILE_DEFINITIONS = [
    "A term. <img src=x onerror=alert(1)>",
    "A term. <script>alert(1)</script>",
    "See [this](javascript:alert(1)).",
    "See [this][x].\n\n[x]: javascript:alert(1)",
    "An image ![x](https://example.org/x.png).",
    "Attributes { onclick=\"alert(1)\" }",
    "A term.\n{ #id onclick=alert(1) }",
    "See <javascript:alert(1)> and <https://example.org>.",
    'See [x](data:text/html,<script>alert(1)</script>).',
]


def to_html(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.Markdown(extensions=EXTENSIONS).convert(text), "html.parser")


def assert_inert(soup: BeautifulSoup) -> None:
    assert not soup.find_all(["script", "img", "iframe", "object", "embed"])
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            if name in {"href", "src"}:
                address = value if isinstance(value, str) else " ".join(value)
                assert address.startswith(("https://", "http://", "#", "../", "./")) or "://" not in address and ":" not in address, tag


@pytest.mark.parametrize("definition", HOSTILE_DEFINITIONS)
def test_glossary_definitions_and_sources_are_inert(definition: str) -> None:
    term = Term(term="Hard power", definition=definition, line=1, source=definition)
    page = render.glossary_page([term], {}, {})
    assert_inert(to_html(page))
    assert_inert(to_html(render.definitions_block([term], "../glossary/")))


def test_safe_links_and_emphasis_stay() -> None:
    html = to_html(safe_markdown("A *term* from [the text](https://example.org/a) and [a page](../glossary/#x)."))
    assert [a["href"] for a in html.find_all("a")] == ["https://example.org/a", "../glossary/#x"]
    assert html.find("em") is not None


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,x", False),
        ("//example.org/a", False),
        ("https://example.org/>)<img src=x onerror=alert(1)>", False),
        ("https://example.org/a b", False),
        ("https://", False),
        ("https://example.org/" + "a" * 3000, False),
    ],
)
def test_web_address_policy(value: str, ok: bool) -> None:
    assert (web_address(value) is not None) is ok


@pytest.mark.parametrize(
    ("yaml", "code", "line"),
    [
        ('url: "javascript:alert(1)"\n', "sidecar-url", 1),
        ('title: T\nurl: "https://example.org/>)<img src=x onerror=alert(1)>"\n', "sidecar-url", 2),
        ('title: "A\\nTY  - JOUR"\n', "sidecar-type", 1),
        ('publisher: "P\\u0007"\n', "sidecar-type", 1),
        ('authors: ["Ann\\nLee"]\n', "sidecar-type", 1),
    ],
)
def test_sidecar_values_are_checked_with_file_and_line(yaml: str, code: str, line: int) -> None:
    sidecar, diagnostics = parse_sidecar(yaml, "a.yml")
    assert [(d.code, d.file, d.line, d.severity) for d in diagnostics] == [(code, "a.yml", line, "error")]


def test_the_source_box_links_only_a_web_address() -> None:
    article = parse_article("A Title\n\nSome text here.", source="a.txt", slug="a", sidecar=Sidecar(url="javascript:alert(1)"))
    assert_inert(to_html(render.source_box(article)))
    assert "javascript" not in str(to_html(render.source_box(article)).find_all("a"))
    good = parse_article("A Title\n\nSome text here.", source="a.txt", slug="a", sidecar=Sidecar(url="https://example.org/a"))
    assert [a["href"] for a in to_html(render.source_box(good)).find_all("a")] == ["https://example.org/a"]


@pytest.mark.parametrize(
    ("url", "bad"),
    [
        ("https://example.org/explainer/", True),
        ("https://www.example.com/", True),
        ("http://localhost:8000/", True),
        ("https://site.test/", True),
        ("", True),
        ("not a url", True),
        ("https://teacher.school.edu/explainer/", False),
        ("https://explainer.github.io/", False),
    ],
)
def test_site_url_placeholder(url: str, bad: bool) -> None:
    """A missing or stand-in site_url is named (citations of pages need a real address)."""
    assert bool(site_url_problem(url)) is bad


def test_check_warns_about_a_placeholder_site_url(tmp_path: Path) -> None:
    """`explainer check` names mkdocs.yml and the line of a placeholder site_url."""
    config = tmp_path / "mkdocs.yml"
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("A Title\n\nOne paragraph of text.\n", encoding="utf-8")
    (tmp_path / "data").mkdir()

    def check(site_url: str) -> str:
        config.write_text(f"site_name: X\nsite_url: {site_url}\n", encoding="utf-8")
        command = [str(Path(sys.executable).with_name("explainer")), "check", "-f", str(config)]
        command += ["--sources", str(sources), "--data", str(tmp_path / "data")]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run(command, capture_output=True, text=True, check=False, env=env).stdout

    assert f"{config}:2: warning: site_url is a placeholder (example.org)" in check("https://example.org/x/")
    assert "site-url" not in check("https://teacher.school.edu/x/")
