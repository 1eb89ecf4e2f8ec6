"""Browser tests of the glossary popovers (theme/assets/javascripts/glossary.js in the package).

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
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from browser_helpers import CHROMIUM, Watched, build_site, copy_project, launch, norm, watch

__all__ = ["Watched", "norm", "watch"]  # other browser modules still take these from here

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


# Build and browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once into a temporary folder."""
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    return build_site(project, project / "site")


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"CI is set but Chromium is missing at {CHROMIUM}: .ci/run installs it")
    browser = launch(playwright)
    yield browser
    browser.close()


def assert_all_clean(watched: Watched) -> None:
    """No request left `file:` and no page visited logged a problem (unlike
    `Watched.assert_page_clean`, which only counts the first page)."""
    watched.assert_clean()


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
    desktop.assert_page_clean()


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
    desktop.assert_page_clean()


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
    desktop.assert_page_clean()


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
    phone.assert_page_clean()

    with page.expect_navigation():
        term.tap()
    assert page.url == target
    assert "/glossary/" in page.url
    phone.assert_page_clean()


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
    desktop.assert_page_clean()
