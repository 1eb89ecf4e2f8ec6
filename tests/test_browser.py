"""Browser tests of the glossary popovers (overrides/assets/javascripts/glossary.js).

The real site is built once into a temporary folder and an article page is opened from
`file://` in Debian's Chromium through Playwright, as a reader would open an unzipped copy:

- hovering a term shows its definition in `#ex-popover`, moving away hides it;
- keyboard focus shows it and links it to the term with `aria-describedby`; Escape hides it;
- on a touch screen the first tap shows it without leaving the page, the second tap follows
  the link to the glossary;
- print shows the page's definitions as a "Terms on this page" block;
- the page makes no request outside `file:` and logs no console error or warning.

Without /usr/bin/chromium the module is skipped, unless the `CI` environment variable is set:
then a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Frame,
    Locator,
    Page,
    Playwright,
    Route,
    expect,
    sync_playwright,
)

ROOT = Path(__file__).resolve().parents[1]
EXPLAINER = Path(sys.executable).with_name("explainer")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTICLE = "security-assistance-enhances-kyiv-hard-power"
# Terms in the article text (the definitions block at the end holds more `a.ex-term` links).
TERMS = ".md-content__inner a.ex-term:not(.ex-defs a)"
POPOVER = "#ex-popover"
TAB_LIMIT = 400  # Tab presses allowed to reach the first term (header, navigation, toc first)

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
        "skipped outside CI",
        allow_module_level=True,
    )


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


# Build and browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once into a temporary folder."""
    project = tmp_path_factory.mktemp("browser") / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "overrides", "sources", "data"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, project / folder)
    site_dir = project / "site"
    result = subprocess.run(
        [str(EXPLAINER), "build", "--site-dir", str(site_dir), "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"CI is set but Chromium is missing at {CHROMIUM}: .ci/run installs it")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


# One page under watch --------------------------------------------------------------------


@dataclass
class Watched:
    """A page opened from file://, with what it tried to fetch and what it logged."""

    page: Page
    url: str
    aborted: list[str] = field(default_factory=list)
    # (URL of the document at the time, description) for console errors/warnings, page errors
    problems: list[tuple[str, str]] = field(default_factory=list)
    document: str = ""

    def on_route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.aborted.append(url)
            route.abort()

    def on_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.document = frame.url.split("#", 1)[0]

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type not in ("error", "warning"):
            return
        source = str(message.location.get("url", ""))
        self.problems.append((self.document, f"console {message.type}: {message.text} ({source})"))

    def on_page_error(self, error: Error) -> None:
        self.problems.append((self.document, f"page error: {error.message}\n{error.stack}"))

    def assert_clean(self) -> None:
        """No request left `file:`, and the article page logged nothing. (Messages of a page
        navigated to afterwards, such as Chromium's own directory listing, do not count.)"""
        assert self.aborted == [], f"requests outside file: {self.aborted}"
        article = self.url.split("#", 1)[0]
        problems = [text for document, text in self.problems if document == article]
        assert problems == [], "\n".join(problems)


def watch(context: BrowserContext, url: str) -> Watched:
    """Open `url` in a new page that aborts every non-file request and logs every problem."""
    page = context.new_page()
    watched = Watched(page, url)
    page.route("**/*", watched.on_route)
    page.on("console", watched.on_console)
    page.on("pageerror", watched.on_page_error)
    page.on("framenavigated", watched.on_navigated)
    watched.document = url
    page.goto(url)
    page.wait_for_load_state("load")
    return watched


def assert_all_clean(watched: Watched) -> None:
    """No request left `file:` and no page visited logged a problem (unlike
    `Watched.assert_clean`, which only counts the first page)."""
    assert watched.aborted == [], f"requests outside file: {watched.aborted}"
    assert watched.problems == [], "\n".join(f"{doc}: {text}" for doc, text in watched.problems)


def open_article(context: BrowserContext, site: Path) -> Watched:
    context.set_default_timeout(10_000)
    return watch(context, (site / "articles" / ARTICLE / "index.html").as_uri())


@pytest.fixture
def desktop(browser: Browser, site: Path) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield open_article(context, site)
    context.close()


@pytest.fixture
def phone(browser: Browser, site: Path) -> Iterator[Watched]:
    context = browser.new_context(
        viewport={"width": 390, "height": 760}, has_touch=True, is_mobile=True
    )
    yield open_article(context, site)
    context.close()


def first_term(page: Page) -> Locator:
    terms = page.locator(TERMS)
    assert terms.count() > 0, "the article has no a.ex-term links (glossary not applied yet?)"
    return terms.first


def definition_text(page: Page, key: str) -> str:
    defs = page.locator(f'.ex-defs .ex-def[data-term="{key}"]')
    assert defs.count() == 1, f"no single .ex-def for data-term={key!r}"
    text = norm(defs.first.text_content())
    assert text, f"the definition of {key!r} is empty"
    return text


def term_key(term: Locator) -> str:
    key = term.get_attribute("data-term")
    assert key, "a.ex-term without data-term"
    return str(key)


# Tests -----------------------------------------------------------------------------------


def test_article_has_terms_with_definitions(desktop: Watched) -> None:
    page = desktop.page
    first_term(page)
    terms = page.locator(TERMS)
    keys = {term_key(terms.nth(i)) for i in range(terms.count())}
    for key in sorted(keys):
        definition_text(page, key)
    assert page.locator(".ex-defs").count() == 1
    assert page.locator(".ex-defs").is_hidden()
    # Created lazily, on the first hover, focus or tap.
    assert page.locator(POPOVER).count() == 0
    # Terms look different from ordinary links.
    style = first_term(page).evaluate("a => getComputedStyle(a).textDecorationStyle")
    assert style == "dotted"
    desktop.assert_clean()


def test_hover_shows_the_definition_and_leaving_hides_it(desktop: Watched) -> None:
    page = desktop.page
    term = first_term(page)
    key = term_key(term)
    popover = page.locator(POPOVER)

    term.hover()
    expect(popover).to_be_visible()
    assert popover.get_attribute("role") == "tooltip"
    assert norm(popover.text_content()) == definition_text(page, key)
    assert "ex-popover" in (term.get_attribute("aria-describedby") or "").split()
    # Inside the viewport.
    box = popover.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800

    page.mouse.move(5, 795)  # far from the term and the popover
    expect(popover).to_be_hidden()
    assert "ex-popover" not in (term.get_attribute("aria-describedby") or "").split()
    desktop.assert_clean()


def test_keyboard_focus_shows_it_and_escape_hides_it(desktop: Watched) -> None:
    page = desktop.page
    popover = page.locator(POPOVER)
    first_term(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('a.ex-term')"):
            break
    else:
        pytest.fail(f"no a.ex-term reached with {TAB_LIMIT} Tab presses")
    term = page.locator("a.ex-term:focus")
    key = term_key(term)

    expect(popover).to_be_visible()
    assert norm(popover.text_content()) == definition_text(page, key)
    assert "ex-popover" in (term.get_attribute("aria-describedby") or "").split()

    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    assert "ex-popover" not in (term.get_attribute("aria-describedby") or "").split()
    assert page.evaluate("() => document.activeElement.matches('a.ex-term')"), "focus was lost"
    desktop.assert_clean()


def test_first_tap_shows_it_second_tap_follows_the_link(phone: Watched) -> None:
    page = phone.page
    popover = page.locator(POPOVER)
    term = first_term(page)
    key = term_key(term)
    target = term.evaluate("a => a.href")
    page.evaluate("() => { window.__stillHere = true; }")

    term.tap()
    expect(popover).to_be_visible()
    assert norm(popover.text_content()) == definition_text(page, key)
    page.wait_for_timeout(300)  # a navigation, if one had started, would have committed
    assert page.url == phone.url
    assert page.evaluate("() => window.__stillHere === true")
    box = popover.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    phone.assert_clean()

    with page.expect_navigation():
        term.tap()
    assert page.url == target
    assert "/glossary/" in page.url
    phone.assert_clean()


def test_print_lists_the_terms_on_the_page(desktop: Watched) -> None:
    page = desktop.page
    first_term(page).hover()
    expect(page.locator(POPOVER)).to_be_visible()
    page.emulate_media(media="print")
    assert page.locator(POPOVER).evaluate("e => getComputedStyle(e).display") == "none"
    defs = page.locator(".ex-defs")
    expect(defs).to_be_visible()
    heading = defs.evaluate("e => getComputedStyle(e, '::before').content")
    assert "Terms on this page" in heading
    expect(defs.locator(".ex-def").first).to_be_visible()
    desktop.assert_clean()
