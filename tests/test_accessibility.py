"""Accessibility checks of the built site in Debian's Chromium (issue 9).

The real site is built once into a temporary folder (the `site` fixture of
`tests/test_browser.py`) and its pages are opened from `file://`, every request outside
`file:` aborted (and none may be made), no console error or warning allowed:

- axe-core (through `axe-playwright-python`, which bundles axe 4.12) finds no violation on
  the whole page, every rule, for the home page, an article with notes, the glossary and
  the bibliography, on a desktop and on a phone-sized screen; and on the article again with
  a glossary popover shown and with a paragraph's pinpoint panel open;
- keyboard only: the Tab order reaches the cite box's chosen style tab, the right arrow
  moves to MLA and shows its panel, the next Tab lands on that panel's copy button and
  Enter copies its citation; Enter on a paragraph number opens its pinpoint panel with the
  focus inside it, and Escape closes it and gives the focus back to the number.

Already covered elsewhere, not repeated here: Tab to a glossary term shows the popover and
sets `aria-describedby`, Escape hides it (test_browser.py); Tab between copy buttons and
Enter copies, Enter on a paragraph number opens the panel, its Close button closes it,
Escape after a click closes it (test_browser_cite.py).

Without /usr/bin/chromium the module is skipped, unless `CI` is set (see test_browser.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

import test_browser
from test_browser import Watched, norm, watch
from test_browser import assert_all_clean as assert_clean

# The fixtures of test_browser.py, shared: the site built once, Chromium launched once.
playwright = test_browser.playwright
browser = test_browser.browser
site = test_browser.site

HOME = "index.html"
ARTICLE = "articles/security-assistance-enhances-kyiv-hard-power/index.html"  # has notes
GLOSSARY = "glossary/index.html"
BIBLIOGRAPHY = "bibliography/index.html"
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 760)}
# axe's preload fetches the stylesheets with XMLHttpRequest, which file:// refuses.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}
TAB_LIMIT = 600  # Tab presses allowed to reach the cite box (header, navigation, text first)
CITE_SET = "ex-cite-style"
PIN = ".ex-pin"

Opener = Callable[[str], Watched]


# Pages under watch ------------------------------------------------------------------------


def new_context(browser: Browser, viewport: str) -> BrowserContext:
    width, height = VIEWPORTS[viewport]
    if viewport == "phone":
        context = browser.new_context(
            viewport={"width": width, "height": height}, has_touch=True, is_mobile=True
        )
    else:
        context = browser.new_context(viewport={"width": width, "height": height})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(params=list(VIEWPORTS))
def any_context(request: pytest.FixtureRequest, browser: Browser) -> Iterator[BrowserContext]:
    """A desktop or a phone-sized browser context."""
    context = new_context(browser, request.param)
    yield context
    context.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A desktop browser context allowed to use the real clipboard."""
    context = new_context(browser, "desktop")
    yield context
    context.close()


def opener_for(context: BrowserContext, site: Path) -> Opener:
    def opener(path: str) -> Watched:
        return watch(context, (site / path).as_uri())

    return opener


@pytest.fixture
def open_any(any_context: BrowserContext, site: Path) -> Opener:
    """Open a page of the built site, by path, from `file://` under watch, on either screen."""
    return opener_for(any_context, site)


@pytest.fixture
def open_page(context: BrowserContext, site: Path) -> Opener:
    """Open a page of the built site, by path, from `file://` under watch, on a desktop."""
    return opener_for(context, site)


def assert_no_violation(page: Page, allowed: tuple[tuple[str, str], ...] = ()) -> None:
    """axe finds nothing on the whole page, every rule, except the `allowed` (rule id, node
    target) pairs: a violation is let through only if each of its nodes is such a pair."""
    axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe_playwright.Axe().run(page, options=AXE_OPTIONS)
    violations = [
        violation
        for violation in results.response["violations"]
        if not all(
            (violation["id"], " ".join(node["target"])) in allowed for node in violation["nodes"]
        )
    ]
    assert violations == [], results.generate_report()


# axe ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [HOME, ARTICLE, GLOSSARY, BIBLIOGRAPHY])
def test_axe_finds_no_violation_on_the_whole_page(open_any: Opener, path: str) -> None:
    watched = open_any(path)
    assert_no_violation(watched.page)
    assert_clean(watched)


def test_axe_finds_no_violation_with_a_popover_shown(open_page: Opener) -> None:
    watched = open_page(ARTICLE)
    page = watched.page
    page.locator(test_browser.TERMS).first.focus()
    expect(page.locator(test_browser.POPOVER)).to_be_visible()
    # The popover lives inside <main>, so it belongs to a landmark (axe's rule "region").
    assert_no_violation(page)
    assert_clean(watched)


def test_axe_finds_no_violation_with_the_pinpoints_open(open_page: Opener) -> None:
    watched = open_page(ARTICLE)
    page = watched.page
    page.locator('a.ex-pnum[href="#p-2"]').click()
    expect(page.locator(PIN)).to_be_visible()
    assert_no_violation(page)
    assert_clean(watched)


# Keyboard only --------------------------------------------------------------------------------


def focused(page: Page, selector: str) -> bool:
    return bool(page.evaluate("s => document.activeElement.matches(s)", selector))


def test_tab_reaches_the_style_tabs_arrow_switches_and_enter_copies(open_page: Opener) -> None:
    """From the top of the page, Tab reaches the chosen (APA) style tab and skips the other
    radios of its group; the right arrow chooses MLA and shows its panel; the next Tab lands
    on the panel's first copy button and Enter copies the MLA entry."""
    watched = open_page(ARTICLE)
    page = watched.page
    radios = f'.ex-style-switch > input[name="{CITE_SET}"]'
    page.evaluate("() => navigator.clipboard.writeText('')")
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if focused(page, radios):
            break
    else:
        pytest.fail(f"no style tab of the cite box reached with {TAB_LIMIT} Tab presses")
    assert focused(page, f'{radios}[data-ex-style="apa"]:checked'), "Tab skipped the chosen tab"
    expect(page.locator("#cite-apa-page")).to_be_visible()

    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#{CITE_SET}-mla")).to_be_focused()
    expect(page.locator(f"#{CITE_SET}-mla")).to_be_checked()
    expect(page.locator("#cite-mla-page")).to_be_visible()
    expect(page.locator("#cite-apa-page")).to_be_hidden()

    page.keyboard.press("Tab")
    button = page.locator('button.ex-copy[data-ex-copy="cite-mla-page"]')
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_text("Copied")
    copied = str(page.evaluate("() => navigator.clipboard.readText()"))
    assert copied == norm(page.locator("#cite-mla-page").text_content())
    assert copied.startswith("“Security Assistance to Ukraine"), copied  # no author: the title first
    assert_clean(watched)


def test_enter_opens_the_pinpoints_and_escape_gives_focus_back(open_page: Opener) -> None:
    """Enter on the focused ¶2 number opens its panel (a dialog, focus inside); Escape closes
    it and the focus is back on the number."""
    watched = open_page(ARTICLE)
    page = watched.page
    link = page.locator('a.ex-pnum[href="#p-2"]')
    link.focus()
    page.keyboard.press("Enter")
    pin = page.locator(f"{PIN}[role=dialog]")
    expect(pin).to_have_count(1)
    expect(pin).to_be_visible()
    assert pin.get_attribute("aria-label") == "Cite paragraph 2"
    assert pin.evaluate("e => e.previousElementSibling && e.previousElementSibling.id") == "p-2"
    assert pin.evaluate("e => e.contains(document.activeElement)"), "focus is not in the panel"

    page.keyboard.press("Escape")
    expect(page.locator(PIN)).to_have_count(0)
    expect(link).to_be_focused()
    assert_clean(watched)
