"""Offline exports: the site zip and the single HTML file (`explainer export`).

The exports are written once per module from the real project; the zip is unpacked and
opened from `file://` in Debian's Chromium with every non-`file:` request aborted, as a
student would open it on a train: search answers, popovers and footnote tooltips work, and
nothing is fetched from the network. The single HTML file is checked the same way.
"""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route

from explainer.errors import ExportError
from explainer.export import export, zip_dir
from test_browser import browser, playwright  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "should-america-help-ukraine-hit-back"
NOTES_ARTICLE = "security-assistance-enhances-kyiv-hard-power"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    written = export(str(ROOT / "mkdocs.yml"), out, ["zip", "html"], progress=lambda _: None)
    assert [p.suffix for p in written] == [".zip", ".html"]
    return out


@pytest.fixture(scope="module")
def unzipped(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    (archive,) = dist.glob("*-offline.zip")
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
    (root,) = folder.iterdir()
    return root


class Offline:
    """A page opened from file:// with every other request aborted and every problem logged."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.aborted: list[str] = []
        self.problems: list[str] = []
        page.route("**/*", self._route)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error.message}"))

    def _route(self, route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.aborted.append(route.request.url)
            route.abort()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def assert_clean(self) -> None:
        assert self.aborted == [], f"network requests: {self.aborted}"
        assert self.problems == []


@pytest.fixture
def offline(browser: Browser) -> Iterator[Offline]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    context.set_default_timeout(10_000)
    yield Offline(context.new_page())
    context.close()


def test_zip_holds_a_site_for_file_urls(unzipped: Path) -> None:
    assert (unzipped / "index.html").is_file()
    assert (unzipped / "articles" / f"{ARTICLE}.html").is_file()  # no directory URLs
    assert (unzipped / "search" / "search_index.js").is_file()
    shim = unzipped / "assets" / "javascripts" / "iframe-worker-shim.js"
    assert shim.read_bytes() == (ROOT / "node_modules/iframe-worker/shim/index.js").read_bytes()
    html = (unzipped / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html and "fonts.googleapis" not in html


def test_citations_in_the_zip_keep_the_published_addresses(unzipped: Path) -> None:
    """The offline copy cites the online pages (`…/articles/x/`), not `x.html`."""
    page = (unzipped / "articles" / f"{ARTICLE}.html").read_text(encoding="utf-8")
    assert f"https://example.org/explainer/articles/{ARTICLE}/" in page
    assert f"articles/{ARTICLE}.html</span>" not in page


def test_zip_is_deterministic(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "x.txt").write_text("x", encoding="utf-8")
    (folder / "b.txt").write_text("b", encoding="utf-8")
    zip_dir(folder, tmp_path / "one.zip", "site", (2026, 11, 23))
    (folder / "b.txt").touch()  # a newer mtime must not matter
    zip_dir(folder, tmp_path / "two.zip", "site", (2026, 11, 23))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as zipped:
        assert zipped.namelist() == ["site/a/x.txt", "site/b.txt"]
        assert {i.date_time for i in zipped.infolist()} == {(2026, 11, 23, 0, 0, 0)}


def test_offline_search_answers_from_file(unzipped: Path, offline: Offline) -> None:
    page = offline.page
    page.goto((unzipped / "articles" / f"{ARTICLE}.html").as_uri())
    page.wait_for_load_state("load")
    page.click("input.md-search__input")
    page.keyboard.type("deterrence", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    assert "matching document" in page.locator(".md-search-result__meta").inner_text()
    assert "Should America Help Ukraine" in page.locator(".md-search-result").inner_text()
    offline.assert_clean()


def test_offline_popovers_and_footnote_tooltips(unzipped: Path, offline: Offline) -> None:
    page = offline.page
    page.goto((unzipped / "articles" / f"{NOTES_ARTICLE}.html").as_uri())
    page.wait_for_load_state("load")
    page.locator("a.ex-term").first.hover()
    popover = page.locator("#ex-popover")
    popover.wait_for(state="visible")
    assert len(popover.inner_text()) > 20
    page.mouse.move(5, 5)
    page.locator("a.footnote-ref").first.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active")
    tooltip.first.wait_for(state="visible")
    assert "Gould" in tooltip.first.inner_text()
    offline.assert_clean()


def test_single_html_is_self_contained(dist: Path) -> None:
    (single,) = dist.glob("*.html")
    text = single.read_text(encoding="utf-8")
    assert '<link rel="stylesheet"' not in text and "<script src=" not in text
    assert 'src="http' not in text and "url(http" not in text
    for title in (
        "Should America Help Ukraine Hit Back Inside Russia?",
        "Glossary",
        "Bibliography",
    ):
        assert title in text


def test_single_html_links_popovers_and_ids(dist: Path, offline: Offline) -> None:
    (single,) = dist.glob("*.html")
    page = offline.page
    page.goto(single.as_uri())
    page.wait_for_load_state("load")
    report = page.evaluate(
        """() => {
          const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
          const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
          const missing = [...document.querySelectorAll('a[href^="#"]')]
            .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
            .filter(id => id && !document.getElementById(id));
          return {dupes: [...new Set(dupes)], missing: [...new Set(missing)], links: ids.length};
        }"""
    )
    assert report["dupes"] == [] and report["missing"] == []
    # Both articles have a paragraph 1, namespaced apart; the contents link to each chapter.
    assert page.locator(f"#a-{ARTICLE}--p-1").count() == 1
    assert page.locator(f"#a-{NOTES_ARTICLE}--p-1").count() == 1
    page.click(f'.ex-book-toc a[href="#a-{NOTES_ARTICLE}"]')
    assert page.evaluate("location.hash") == f"#a-{NOTES_ARTICLE}"
    page.locator(f"#a-{NOTES_ARTICLE} a.ex-term").first.hover()
    page.locator("#ex-popover").wait_for(state="visible")
    offline.assert_clean()


def test_export_rejects_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown format 'docx'"):
        export(str(ROOT / "mkdocs.yml"), tmp_path, ["docx"], progress=lambda _: None)
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "explainer"),
            "export",
            "--dist",
            str(tmp_path),
            "--formats",
            "docx",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert "explainer: error: unknown format 'docx'" in result.stderr
    assert "Traceback" not in result.stderr


def test_print_keeps_definitions_notes_citation_and_numbers(
    unzipped: Path, offline: Offline
) -> None:
    """Printed, a page keeps what a reader needs on paper and drops what only works on screen."""
    page = offline.page
    page.goto((unzipped / "articles" / f"{NOTES_ARTICLE}.html").as_uri())
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    for selector in (".ex-defs", ".footnote", ".ex-cite", ".ex-permalink", "#p-3 .ex-pnum"):
        assert page.locator(selector).first.is_visible(), selector
    assert "https://example.org/explainer/articles/" in page.locator(".ex-permalink").inner_text()
    for selector in (".md-sidebar--primary", ".md-search", ".md-header", "button.ex-copy"):
        assert not page.locator(selector).first.is_visible(), selector
    offline.assert_clean()


def test_two_exports_give_the_same_bytes(dist: Path, tmp_path: Path) -> None:
    again = export(str(ROOT / "mkdocs.yml"), tmp_path, ["zip", "html"], progress=lambda _: None)
    for path in again:
        assert path.read_bytes() == (dist / path.name).read_bytes(), path.name
