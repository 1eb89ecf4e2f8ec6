"""Browser tests of citing (the package's theme/assets/javascripts/cite.js, stylesheets/cite.css).

The real site is built once into a temporary folder (the `site` fixture of
`tests/test_browser.py`) and its pages are opened from `file://` in Debian's Chromium:

- the copy buttons of the "Cite this page" box put the exact citation on the clipboard
  (the real one: Chromium grants `clipboard-read`/`clipboard-write` to `file://` pages),
  by mouse and by keyboard;
- the style chosen in the cite box decides which formatted source every footnote (and its
  tooltip) shows, and the choice survives a reload and carries over to the bibliography;
- a paragraph number opens a pinpoint panel (link and citations of that paragraph, in the
  chosen style), by mouse and by keyboard; Escape closes it and gives focus back;
- the project's sidecars do not say where to find the originals, so no tab or panel offers
  them: the box says where they were first published (tests/test_browser_cite_rich.py has
  articles whose originals are offered);
- the article's `<head>` describes the page as a web page based on an opinion article;
- the bibliography lists every source once, in one visible style, with working "Cited in"
  links to the notes.

Every page makes no request outside `file:` and logs no console error or warning.
Without /usr/bin/chromium the module is skipped, unless `CI` is set (see test_browser.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

import test_browser
from test_browser import Watched, norm, watch
from test_browser import assert_all_clean as assert_clean

# The fixtures of test_browser.py, shared: the site built once, Chromium launched once.
playwright = test_browser.playwright
browser = test_browser.browser
site = test_browser.site

NOTES_ARTICLE = "articles/security-assistance-enhances-kyiv-hard-power/index.html"
AUTHOR_ARTICLE = "articles/should-america-help-ukraine-hit-back/index.html"  # by Ira Straus
PUBLISHED = "Originally published: 1 February 2022, by Ira Straus; where is not known."
BIBLIOGRAPHY = "bibliography/index.html"
SITE_URL = "https://example.org/explainer/"  # mkdocs.yml site_url
STYLES = ("apa", "mla", "chicago-nb", "chicago-ad", "harvard")
LABELS = {
    "apa": "APA 7",
    "mla": "MLA 9",
    "chicago-nb": "Chicago notes",
    "chicago-ad": "Chicago author-date",
    "harvard": "Harvard",
}
CITE_SET = "ex-cite-style"  # radio group of the cite box
BIB_SET = "ex-bib-style"  # radio group of the bibliography page
PIN = ".ex-pin"

Opener = Callable[[str], Watched]


# Pages under watch --------------------------------------------------------------------


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A desktop browser context allowed to use the real clipboard."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def open_page(context: BrowserContext, site: Path) -> Opener:
    """Open a page of the built site, by path, from `file://` under watch."""

    def opener(path: str) -> Watched:
        return watch(context, (site / path).as_uri())

    return opener


# Clipboard ------------------------------------------------------------------------------


def clear_clipboard(page: Page) -> None:
    page.evaluate("() => navigator.clipboard.writeText('')")
    assert clipboard_text(page) == ""


def clipboard_text(page: Page) -> str:
    return str(page.evaluate("() => navigator.clipboard.readText()"))


def clipboard_html(page: Page) -> str:
    return str(
        page.evaluate(
            """async () => {
                for (const item of await navigator.clipboard.read()) {
                    if (item.types.includes('text/html')) {
                        return await (await item.getType('text/html')).text();
                    }
                }
                return '';
            }"""
        )
    )


def copy_button(page: Page, target_id: str) -> Locator:
    return page.locator(f'button.ex-copy[data-ex-copy="{target_id}"]')


def shown_text(page: Page, element_id: str) -> str:
    """The text of a copyable citation as the reader sees it (whitespace collapsed)."""
    return norm(page.locator(f'[id="{element_id}"]').text_content())


def copy_and_read(page: Page, target_id: str) -> str:
    """Click the copy button of `target_id`; wait for "Copied"; the clipboard's text."""
    clear_clipboard(page)
    button = copy_button(page, target_id)
    button.click()
    expect(button).to_have_text("Copied")
    return clipboard_text(page)


# Citation styles --------------------------------------------------------------------------


def checked_style(page: Page, set_name: str) -> str:
    checked = page.locator(f'.ex-style-switch > input[name="{set_name}"]:checked')
    expect(checked).to_have_count(1)
    return str(checked.get_attribute("data-ex-style"))


def choose_style_by_keyboard(page: Page, set_name: str, key: str) -> None:
    """Focus the style tabs' radio group and press the right arrow until `key` is checked
    (native radio behaviour: works without Material's script)."""
    page.locator(f'.ex-style-switch > input[name="{set_name}"]:checked').focus()
    for _ in range(len(STYLES)):
        if checked_style(page, set_name) == key:
            return
        page.keyboard.press("ArrowRight")
    assert checked_style(page, set_name) == key


def visible_styles(container: Locator) -> list[str]:
    """The `data-ex-style` of the `.ex-styled` spans of `container` that are shown."""
    spans = container.locator(".ex-styled")
    return [
        str(spans.nth(i).get_attribute("data-ex-style"))
        for i in range(spans.count())
        if spans.nth(i).is_visible()
    ]


def assert_only_style_shown(page: Page, selector: str, key: str) -> None:
    """Each element matching `selector` has one span per style and shows only `key`'s."""
    containers = page.locator(selector)
    assert containers.count() > 0, f"no {selector} on the page"
    for i in range(containers.count()):
        container = containers.nth(i)
        styles = container.locator(".ex-styled")
        assert [
            styles.nth(j).get_attribute("data-ex-style") for j in range(styles.count())
        ] == list(STYLES)
        assert visible_styles(container) == [key], norm(container.text_content())


def cite_data(page: Page) -> dict:
    return json.loads(page.locator("script#ex-cite-data").text_content() or "")


# Copy buttons -------------------------------------------------------------------------------


def test_copy_button_copies_the_apa_entry_of_the_page(open_page: Opener) -> None:
    """The APA "This explainer page" button copies the entry exactly, as text and HTML."""
    watched = open_page(AUTHOR_ARTICLE)
    page = watched.page
    assert checked_style(page, CITE_SET) == "apa"
    entry = shown_text(page, "cite-apa-page")
    page_url = SITE_URL + "articles/should-america-help-ukraine-hit-back/"
    # A republished work (APA 7, 9.41): the text's author, the team as editor, both dates.
    assert entry.startswith("Straus, I. (2026, November 23).")
    assert "(The explainer team, Ed.; Version 1.0)" in entry
    assert entry.endswith(page_url + " (Original work published 2022)")

    assert copy_and_read(page, "cite-apa-page") == entry
    html = page.locator("#cite-apa-page").inner_html()
    assert "<i>" in html
    assert clipboard_html(page) == html
    expect(page.locator(".ex-live")).to_have_text("Copied to clipboard")
    expect(copy_button(page, "cite-apa-page")).to_have_text("Copy", timeout=5_000)
    assert_clean(watched)


def test_harvard_access_date_is_the_day_of_reading(open_page: Opener) -> None:
    """Harvard's "(Accessed: …)" is the day the reader copies the reference, not the build
    date; the downloads carry no access date at all."""
    watched = open_page(AUTHOR_ARTICLE)
    page = watched.page
    choose_style_by_keyboard(page, CITE_SET, "harvard")
    today = page.evaluate(
        "() => { const d = new Date(); return d.getDate() + ' ' + "
        "d.toLocaleString('en-GB', {month: 'long'}) + ' ' + d.getFullYear(); }"
    )
    entry = shown_text(page, "cite-harvard-page")
    assert f"(Accessed: {today})" in entry, entry
    assert copy_and_read(page, "cite-harvard-page") == entry
    assert "8888" not in page.content()
    assert_clean(watched)


def test_copy_with_the_keyboard(open_page: Opener) -> None:
    """Tab from one copy button to the next and press Enter: the in-text citation is copied."""
    watched = open_page(AUTHOR_ARTICLE)
    page = watched.page
    clear_clipboard(page)
    copy_button(page, "cite-apa-page").focus()
    page.keyboard.press("Tab")
    button = copy_button(page, "cite-apa-page-short")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_text("Copied")
    assert clipboard_text(page) == shown_text(page, "cite-apa-page-short")
    assert clipboard_text(page) == "(Straus, 2022/2026)"
    assert_clean(watched)


def test_copy_the_mla_entry_of_the_page(open_page: Opener) -> None:
    """With MLA chosen, its panel shows and copies the page with the author's full name; the
    original, which nobody could find from what the sidecar gives, only as where it was
    first published."""
    watched = open_page(AUTHOR_ARTICLE)
    page = watched.page
    choose_style_by_keyboard(page, CITE_SET, "mla")
    expect(page.locator("#cite-mla-page")).to_be_visible()
    expect(page.locator("#cite-apa-page")).to_be_hidden()
    copied = copy_and_read(page, "cite-mla-page")
    assert copied == shown_text(page, "cite-mla-page")
    assert copied.startswith("Straus, Ira."), copied
    expect(page.locator('[id$="-original"], [data-ex-role="original"]')).to_have_count(0)
    visible = page.locator(".ex-cite-origin .ex-cite-published").filter(visible=True)
    expect(visible).to_have_text([PUBLISHED])
    assert_clean(watched)


def test_clicking_a_style_name_switches_the_style(
    open_page: Opener,
    site: Path,
) -> None:
    """A click on the "MLA 9" tab label, as a reader does, shows the MLA panel."""
    watched = open_page(AUTHOR_ARTICLE)
    page = watched.page
    label = page.locator(f'label[for="{CITE_SET}-mla"]')
    expect(label).to_have_text(LABELS["mla"])
    label.click()
    expect(page.locator("#cite-mla-page")).to_be_visible()
    assert checked_style(page, CITE_SET) == "mla"
    assert copy_and_read(page, "cite-mla-page").startswith("Straus, Ira.")
    assert_clean(watched)


def test_every_style_panel_is_made_from_the_page_data(open_page: Opener) -> None:
    """Only APA ships as HTML: each other tab shows its own style's citations from the page's
    data, with working, correctly labelled copy buttons (Chicago notes says "Note"); the
    original's row, in every tab, only says where it was first published."""
    watched = open_page(AUTHOR_ARTICLE)
    page = watched.page
    data = page.evaluate("() => window.explainerCite.data()")
    for style in STYLES:
        choose_style_by_keyboard(page, CITE_SET, style)
        assert list(data["citations"][style]) == ["page"]
        forms = data["citations"][style]["page"]
        expect(page.locator(f"#cite-{style}-page")).to_be_visible()
        assert shown_text(page, f"cite-{style}-page") == norm(forms["entry"])
        assert shown_text(page, f"cite-{style}-page-short") == norm(forms["short"])
        panel = page.locator(".ex-cite .tabbed-block").filter(visible=True)
        expect(panel.locator(".ex-cite-item")).to_have_count(1)
        expect(panel.locator(".ex-cite-origin .ex-cite-published")).to_have_text(PUBLISHED)
        expect(panel.locator(".ex-cite-origin button")).to_have_count(0)
        block = page.locator(f"#cite-{style}-page").locator(
            "xpath=ancestor::div[@class='ex-cite-item']"
        )
        kind = "Note:" if style == "chicago-nb" else "In text:"
        expect(block.locator(".ex-cite-short .ex-cite-kind")).to_have_text(kind)
        label = copy_button(page, f"cite-{style}-page-short").get_attribute("aria-label") or ""
        assert label.endswith("note" if style == "chicago-nb" else "in text"), label
    assert page.locator(".ex-cite-noscript").count() == 0
    assert copy_and_read(page, "cite-harvard-page") == shown_text(page, "cite-harvard-page")
    expect(page.locator('[id^="cite-"][id*="-original"]')).to_have_count(0)
    expect(page.locator(".ex-cite-gap")).to_contain_text("Cite this page")
    assert_clean(watched)


def test_without_scripts_the_first_style_still_shows(browser: Browser, site: Path) -> None:
    """With JavaScript off, the APA panel is there and the other tabs say what to do."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / AUTHOR_ARTICLE).as_uri())
        expect(page.locator("#cite-apa-page")).to_be_visible()
        assert norm(page.locator("#cite-apa-page").text_content()).startswith("Straus, I. (2026")
        assert page.locator("#cite-mla-page").count() == 0
        assert page.locator(".ex-cite .ex-cite-noscript").count() == len(STYLES) - 1
    finally:
        context.close()


# Style switching ------------------------------------------------------------------------------


def test_chosen_style_applies_to_footnote_sources(open_page: Opener) -> None:
    """Chicago notes chosen in the cite box: every footnote shows only its Chicago source."""
    watched = open_page(NOTES_ARTICLE)
    page = watched.page
    assert_only_style_shown(page, ".footnote .ex-fn-source", "apa")
    choose_style_by_keyboard(page, CITE_SET, "chicago-nb")
    expect(page.locator("#cite-chicago-nb-page")).to_be_visible()
    expect(page.locator("#cite-apa-page")).to_be_hidden()
    assert_only_style_shown(page, ".footnote .ex-fn-source", "chicago-nb")
    assert_clean(watched)


def test_chosen_style_survives_reload(open_page: Opener, site: Path) -> None:
    """Material's `content.tabs.link` stores the choice: after a reload Chicago notes is
    still chosen, in the cite box and in the footnotes."""
    watched = open_page(NOTES_ARTICLE)
    page = watched.page
    choose_style_by_keyboard(page, CITE_SET, "chicago-nb")
    assert page.evaluate("() => location.hash") == ""  # nothing to restore it from the URL

    page.reload()
    page.wait_for_load_state("load")
    assert checked_style(page, CITE_SET) == "chicago-nb"
    assert_only_style_shown(page, ".footnote .ex-fn-source", "chicago-nb")
    assert_clean(watched)


def test_chosen_style_carries_over_to_other_pages(
    open_page: Opener,
    site: Path,
) -> None:
    """Material's `content.tabs.link` remembers the choice: the bibliography and a freshly
    opened article start with it."""
    watched = open_page(NOTES_ARTICLE)
    page = watched.page
    choose_style_by_keyboard(page, CITE_SET, "chicago-nb")

    page.goto((site / BIBLIOGRAPHY).as_uri())
    expect(page.locator(f"#{BIB_SET}-chicago-nb")).to_be_checked()
    assert_only_style_shown(page, "span.ex-bib-entry", "chicago-nb")

    page.goto((site / AUTHOR_ARTICLE).as_uri())
    expect(page.locator(f"#{CITE_SET}-chicago-nb")).to_be_checked()
    assert_clean(watched)


def test_footnote_tooltip_shows_the_chosen_style(open_page: Opener, site: Path) -> None:
    """Material's footnote tooltip (`content.footnote.tooltips`) copies the note: it too
    shows only the chosen style's source."""
    watched = open_page(NOTES_ARTICLE)
    page = watched.page
    choose_style_by_keyboard(page, CITE_SET, "chicago-nb")
    page.locator(".md-content a.footnote-ref").first.hover()
    tooltip = page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    assert visible_styles(tooltip.locator(".ex-fn-source")) == ["chicago-nb"]
    assert_clean(watched)


# Paragraph pinpoints --------------------------------------------------------------------------


# Pinpoint wording of paragraph 3 by style: APA "para. 3", MLA "par. 3".
PARA_3 = {"apa": "para. 3)", "mla": "par. 3)"}


def pinpoints_of_paragraph_3(page: Page, style: str) -> dict[str, str]:
    """The pinpoint citations of paragraph 3 the panel should show in `style`: the page's
    templates (`{n}`, formatted at build time) with 3 filled in, checked for the style's
    paragraph wording. Only the page's: the original is not offered."""
    forms = cite_data(page)["citations"][style]
    assert list(forms) == ["page"]
    expected = {"page": forms["page"]["one"].replace("{n}", "3")}
    assert expected["page"].endswith(PARA_3[style]), expected
    assert expected["page"].startswith("(Straus, "), expected  # the page is Straus's text
    return expected


def assert_pin_for_paragraph_3(page: Page, style: str) -> None:
    """The panel sits right after paragraph 3 and holds its link and pinpoint citations
    in `style`; focus is on its first button."""
    pin = page.locator(PIN)
    expect(pin).to_have_count(1)
    expect(pin).to_be_visible()
    assert pin.get_attribute("role") == "dialog"
    assert pin.get_attribute("aria-label") == "Cite paragraph 3"
    assert pin.evaluate("e => e.previousElementSibling && e.previousElementSibling.id") == "p-3"
    title = pin.locator(".ex-pin-title")
    assert title.text_content() == f"Cite paragraph 3 ({LABELS[style]})"
    url = shown_text(page, "ex-pin-url")
    assert url == cite_data(page)["url"] + "#p-3"
    assert url == SITE_URL + "articles/should-america-help-ukraine-hit-back/#p-3"
    expected = pinpoints_of_paragraph_3(page, style)
    assert shown_text(page, "ex-pin-page") == expected["page"]
    expect(pin.locator('[id^="ex-pin-original"]')).to_have_count(0)
    assert [norm(label) for label in pin.locator(".ex-pin-label").all_text_contents()] == [
        "Link",
        "This page, in-text citation",
    ]
    assert pin.evaluate("e => e.contains(document.activeElement)")
    expect(copy_button(page, "ex-pin-url")).to_be_focused()


def test_paragraph_number_opens_the_pinpoints(open_page: Opener) -> None:
    """Clicking ¶3 opens the APA pinpoints; they copy; Escape closes and refocuses ¶3."""
    watched = open_page(AUTHOR_ARTICLE)
    page = watched.page
    link = page.locator('a.ex-pnum[href="#p-3"]')
    expect(page.locator(PIN)).to_have_count(0)

    link.click()
    assert_pin_for_paragraph_3(page, "apa")
    assert page.evaluate("() => location.hash") == "#p-3"

    expected = pinpoints_of_paragraph_3(page, "apa")
    assert copy_and_read(page, "ex-pin-url") == shown_text(page, "ex-pin-url")
    assert copy_and_read(page, "ex-pin-page") == expected["page"]
    expect(page.locator(PIN)).to_have_count(1)  # copying does not close it

    page.keyboard.press("Escape")
    expect(page.locator(PIN)).to_have_count(0)
    expect(link).to_be_focused()
    assert page.evaluate("() => location.hash") == "#p-3"
    assert_clean(watched)


def test_paragraph_pinpoints_open_with_the_keyboard(open_page: Opener) -> None:
    """Enter on the focused ¶3 link opens the panel; its Close button closes it."""
    watched = open_page(AUTHOR_ARTICLE)
    page = watched.page
    link = page.locator('a.ex-pnum[href="#p-3"]')
    link.focus()
    page.keyboard.press("Enter")
    assert_pin_for_paragraph_3(page, "apa")
    assert page.evaluate("() => location.hash") == "#p-3"
    clear_clipboard(page)
    page.keyboard.press("Enter")  # on the focused copy button of the link
    expect(copy_button(page, "ex-pin-url")).to_have_text("Copied")
    assert clipboard_text(page) == shown_text(page, "ex-pin-url")

    page.locator(".ex-pin-close").focus()
    page.keyboard.press("Enter")
    expect(page.locator(PIN)).to_have_count(0)
    expect(link).to_be_focused()
    assert_clean(watched)


def test_pinpoints_follow_the_chosen_style(open_page: Opener) -> None:
    """With MLA chosen the pinpoints say "par. 3" (MLA), not APA's "para. 3"."""
    watched = open_page(AUTHOR_ARTICLE)
    page = watched.page
    choose_style_by_keyboard(page, CITE_SET, "mla")
    page.locator('a.ex-pnum[href="#p-3"]').click()
    assert_pin_for_paragraph_3(page, "mla")
    assert shown_text(page, "ex-pin-page") == "(Straus, par. 3)"
    assert "para." not in norm(page.locator(PIN).text_content())
    assert_clean(watched)


# Metadata -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [NOTES_ARTICLE, AUTHOR_ARTICLE])
def test_article_head_describes_a_web_page_based_on_an_opinion_article(
    open_page: Opener, path: str
) -> None:
    """JSON-LD, Dublin Core and Open Graph say "web page"; no Google Scholar title."""
    watched = open_page(path)
    page = watched.page
    scripts = page.locator('head script[type="application/ld+json"]')
    expect(scripts).to_have_count(1)
    data = json.loads(scripts.text_content() or "")
    types = data["@type"] if isinstance(data["@type"], list) else [data["@type"]]
    assert "WebPage" in types
    # The sources name no outlet: the original is an article of unknown kind, as its CSL item says.
    assert data["isBasedOn"]["@type"] == "Article"
    assert data["url"] == cite_data(page)["url"]

    title = page.locator('head meta[name="DC.title"]')
    expect(title).to_have_count(1)
    assert norm(title.get_attribute("content"))
    expect(page.locator('head meta[property="og:type"][content="website"]')).to_have_count(1)
    expect(page.locator('meta[name="citation_title"]')).to_have_count(0)
    assert_clean(watched)


# Bibliography ---------------------------------------------------------------------------------


def cited_in_links(page: Page) -> list[str]:
    """Absolute URLs of the "Cited in" links of the bibliography (each entry has some)."""
    items = page.locator("li:has(> p > span.ex-bib-entry)")
    assert items.count() == page.locator("span.ex-bib-entry").count()
    links: list[str] = []
    for i in range(items.count()):
        hrefs = (
            items.nth(i)
            .locator("a:not(.ex-bib-entry a)")
            .evaluate_all("links => links.map(a => a.href)")
        )
        assert hrefs, f"entry {i + 1} is cited nowhere: {norm(items.nth(i).text_content())}"
        links += [str(href) for href in hrefs]
    return links


def as_file(url: str) -> tuple[str, str]:
    """(`file:` URL of the HTML file, fragment) for a link to a folder or a file."""
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    document = parts._replace(fragment="").geturl()
    if document.endswith("/"):
        document += "index.html"  # use_directory_urls: a server would answer with this file
    return document, unquote(parts.fragment)


def test_bibliography_lists_each_source_once_in_one_style(open_page: Opener) -> None:
    """Entries have `src-` ids, one visible style (the chosen one) and COinS."""
    watched = open_page(BIBLIOGRAPHY)
    page = watched.page
    entries = page.locator("span.ex-bib-entry")
    assert entries.count() > 0
    ids = entries.evaluate_all("spans => spans.map(s => s.id)")
    assert all(i.startswith("src-") for i in ids), ids
    assert len(set(ids)) == len(ids), ids
    coins = page.locator("span.ex-bib-entry + span.Z3988")
    assert coins.count() == entries.count()
    assert all(
        (coins.nth(i).get_attribute("title") or "").startswith("ctx_ver=Z39.88-2004")
        for i in range(coins.count())
    )

    assert checked_style(page, BIB_SET) == "apa"
    assert_only_style_shown(page, "span.ex-bib-entry", "apa")
    choose_style_by_keyboard(page, BIB_SET, "harvard")
    assert_only_style_shown(page, "span.ex-bib-entry", "harvard")
    assert_clean(watched)


def visible_order(page: Page) -> list[str]:
    """The bibliography's entries as the reader sees them, top to bottom."""
    rows = page.locator("ul.ex-bib-list > li").evaluate_all(
        "items => items.map(li => [li.getBoundingClientRect().top, li.innerText])"
    )
    return [text for _, text in sorted(rows)]


def test_bibliography_layout_and_order_follow_the_style(open_page: Opener) -> None:
    """No bullets and a hanging indent; each style's own order: APA, Chicago and Harvard file
    the government page under its body ("US Department of Defense" last); MLA starts that
    entry with its title (the body is author and site) and files "5 Things" as "Five", after
    "Browne" and before "Gould"."""
    watched = open_page(BIBLIOGRAPHY)
    page = watched.page
    item = page.locator("ul.ex-bib-list > li").first
    assert item.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    assert item.evaluate("li => parseFloat(getComputedStyle(li).textIndent)") < 0
    apa = visible_order(page)
    assert apa[-1].startswith("US Department of Defense. (2019"), apa
    for style in ("chicago-nb", "harvard"):
        choose_style_by_keyboard(page, BIB_SET, style)
        order = visible_order(page)
        assert order[-1].startswith("US Department of Defense"), (style, order)
        assert sorted(order) != sorted(apa)  # the style's own wording
    choose_style_by_keyboard(page, BIB_SET, "mla")
    mla = visible_order(page)
    assert mla[0].startswith("Browne") and mla[1].startswith("“5 Things to Know"), mla
    assert len(mla) == len(apa) and mla != apa  # its own order of the same entries
    assert_clean(watched)


def test_bibliography_cited_in_links_reach_the_notes(open_page: Opener) -> None:
    """Every "Cited in" link names a footnote that exists on its article page, and the
    note links back to the entry."""
    watched = open_page(BIBLIOGRAPHY)
    page = watched.page
    entry_ids = set(page.locator("span.ex-bib-entry").evaluate_all("s => s.map(e => e.id)"))
    links = cited_in_links(page)
    assert links, "no Cited in links"
    targets: dict[str, list[str]] = {}
    for url in links:
        document, fragment = as_file(url)
        assert fragment.startswith("fn:"), url
        targets.setdefault(document, []).append(fragment)

    for document, fragments in targets.items():
        page.goto(document)
        missing = [
            f for f in fragments if not page.evaluate("id => !!document.getElementById(id)", f)
        ]
        assert missing == [], f"{document} lacks {missing}"

    # Follow one link to its note. (From file:// the link itself, to the article's folder,
    # shows Chromium's folder listing: see `as_file`.)
    document, fragment = as_file(links[0])
    page.goto(f"{document}#{fragment}")
    note = page.locator(f'[id="{fragment}"]')
    expect(note).to_be_visible()
    assert note.evaluate("e => e.matches(':target') && e.tagName") == "LI"
    expect(note.locator(".ex-fn-source")).to_have_count(1)
    back = note.locator("a.ex-fn-bib").evaluate("a => decodeURIComponent(new URL(a.href).hash)")
    assert back[1:] in entry_ids, back
    assert_clean(watched)
