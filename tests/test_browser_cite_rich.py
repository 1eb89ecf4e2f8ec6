"""Browser tests of rich pinpoints, Chicago's later notes and the My-notes export (issue 17).

A project of two invented articles of The Daily Record, "Rents Rise Again" by Ann Lee
(2019) and the unsigned "A Notice to Tenants" (2025), whose sidecars say where to find the
originals, and a third, "Rents in the Old Town" by Ann Lee (2022), whose sidecar does not
(no outlet, no address), is built once and opened from `file://` in Debian's Chromium,
with the real clipboard:

- an original a reader can find is offered everywhere (every style's tab, the paragraph
  popover, the quote bar's menu, My notes); one nobody can find nowhere: the box says only
  where it was first published, and the page is what is cited;
- the paragraph popover shows a pinpoint with the processor's italics, and its copy button
  puts them on the clipboard's HTML (APA 7 §8.14, §8.15: `(*A Notice to Tenants*,
  2025/2026, para. 6)`), the plain text without them;
- Chicago notes: the cite box has a "Later notes:" row (made by cite.js: only the first
  style's panel comes from the server) and the popover offers the short note for citing the
  paragraph again (Chicago 18 14.29–14.36: `Lee, “Rents Rise Again,” para. 3.`);
- "Copy quote with citation": the HTML flavour carries the `<i>` of the citation (run in and
  as a block, author-date and notes), the text flavour none;
- My notes: an exported quotation runs in with its citation as the quote bar copies it, the
  period after the citation (`“That needs to change” (Lee, 2019, para. 3).`), a ? inside;
  a note style keeps the quotation's own period; the Markdown export keeps the italics as
  `*…*`, the text export is plain;
- HTML from tampered data or an imported note reaches the page only through the allow-list.

Every page makes no request outside `file:` and logs no console error or warning.
Without /usr/bin/chromium the module is skipped, unless `CI` is set (see test_browser.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

import test_browser
from browser_helpers import (
    SELECT_JS,
    Watched,
    build_site,
    clipboard_html,
    copy_project,
    norm,
    wait_for_clipboard,
    watch,
)

# The browser of test_browser.py, shared; the site is this module's own.
playwright = test_browser.playwright
browser = test_browser.browser

RENTS = "articles/rents-rise-again/index.html"  # by Ann Lee, 2019
NOTICE = "articles/a-notice-to-tenants/index.html"  # unsigned, 2025
OLD_TOWN = "articles/rents-in-the-old-town/index.html"  # by Ann Lee, 2022: no outlet, no address
PUBLISHED = "Originally published: 1 February 2022, by Ann Lee; where is not known."
STYLES = ("apa", "mla", "chicago-nb", "chicago-ad", "harvard")
PARAGRAPHS = (
    "Rents in the harbour district rose again this spring, the third rise in as many years.",
    "Tenants told the paper that the new leases came with little warning.",
    "The council says it has no power to cap what landlords ask. That needs to change.",
    "Landlords point to the cost of repairs, which they say has doubled since the floods.",
    "A tenants' group plans a meeting next month to discuss what can be done about it.",
    "The paper will report on the meeting and on what the council says in reply.",
    "Are these the only places where rents rise?",
)
SIDECARS = {
    "rents-rise-again": "authors: [Ann Lee]\ndate: 2019-09-25\npublisher: The Daily Record\n"
    "url: https://example.org/rents\n",
    "a-notice-to-tenants": "date: 2025-03-04\npublisher: The Daily Record\n"
    "url: https://example.org/notice\n",
    "rents-in-the-old-town": "authors: [Ann Lee]\ndate: 2022-02-01\n",
}
TITLES = {
    "rents-rise-again": "Rents Rise Again",
    "a-notice-to-tenants": "A Notice to Tenants",
    "rents-in-the-old-town": "Rents in the Old Town",
}
CHANGE = "That needs to change."
ASKED = PARAGRAPHS[6]
PIN = ".ex-pin"
BAR = ".ex-quote-bar"
MARK = "mark.ex-highlight"
PANEL = "dialog.ex-notes-panel"

Opener = Callable[[str], Watched]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with the two invented articles instead of its own, built once."""
    project = copy_project(tmp_path_factory.mktemp("rich") / "project")
    for path in (project / "sources").iterdir():
        path.unlink()
    for slug, sidecar in SIDECARS.items():
        text = TITLES[slug] + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
        (project / "sources" / f"{slug}.txt").write_text(text, encoding="utf-8")
        (project / "sources" / f"{slug}.yml").write_text(sidecar, encoding="utf-8")
    return build_site(project, project / "site")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A desktop browser context allowed to use the real clipboard (fresh localStorage)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def open_page(context: BrowserContext, site: Path) -> Opener:
    def opener(path: str) -> Watched:
        return watch(context, (site / path).as_uri())

    return opener


def choose(page: Page, style: str) -> None:
    page.locator(f"label[for=ex-cite-style-{style}]").click()
    expect(page.locator(f"#ex-cite-style-{style}")).to_be_checked()


def copied(page: Page, target_id: str) -> tuple[str, str]:
    """Click the copy button of `target_id`; the clipboard's text and HTML."""
    page.evaluate("() => navigator.clipboard.writeText('')")
    button = page.locator(f'button.ex-copy[data-ex-copy="{target_id}"]')
    button.click()
    expect(button).to_have_text("Copied")
    return wait_for_clipboard(page), clipboard_html(page)


def inner_html(page: Page, element_id: str) -> str:
    return page.locator(f'[id="{element_id}"]').inner_html()


def select(page: Page, para: int, start: str, end: str) -> None:
    """Select from `start` to the end of `end` in one paragraph; wait for the quote bar."""
    page.evaluate("() => { window.getSelection().removeAllRanges(); document.activeElement.blur(); }")
    expect(page.locator(BAR)).to_have_count(0)
    page.evaluate(SELECT_JS, [para, start, para, end])
    expect(page.locator(f"#p-{para} + {BAR}")).to_be_visible()


def copy_quote(page: Page) -> tuple[str, str]:
    """Click "Copy quote with citation"; the clipboard's text and HTML."""
    page.evaluate("() => navigator.clipboard.writeText('')")
    button = page.locator(f"{BAR} .ex-quote-copy")
    button.click()
    expect(button).to_have_text("Copied")
    return wait_for_clipboard(page), clipboard_html(page)


def highlight(page: Page, para: int, start: str, end: str, role: str = "page") -> None:
    select(page, para, start, end)
    page.locator(f"{BAR} .ex-quote-role").select_option(role)
    before = page.locator(MARK).count()
    page.locator(f"{BAR} .ex-note-add").click()
    expect(page.locator(MARK)).to_have_count(before + 1)


def stored(page: Page) -> list[dict]:
    raw = page.evaluate("() => localStorage.getItem('explainer-notes-v1')")
    return json.loads(raw) if raw else []


def markdown(page: Page) -> str:
    return str(page.evaluate("() => window.explainerNotes.markdown()"))


# Which references are offered ------------------------------------------------------------


def offered_in_tabs(page: Page) -> dict[str, list[str]]:
    """The roles each style's tab offers (its rows with a reference), each tab chosen in turn
    (the tabs other than APA are made by cite.js)."""
    roles = {}
    for style in STYLES:
        choose(page, style)
        panel = page.locator(".ex-cite .tabbed-block").filter(visible=True)
        expect(panel).to_have_count(1)
        roles[style] = [str(r) for r in panel.locator(".ex-cite-item").evaluate_all("els => els.map(e => e.dataset.exRole)")]
    return roles


def pin_labels(page: Page, para: int) -> list[str]:
    page.locator(f'a.ex-pnum[href="#p-{para}"]').click()
    expect(page.locator(PIN)).to_have_count(1)
    labels = [norm(label) for label in page.locator(f"{PIN} .ex-pin-label").all_text_contents()]
    page.keyboard.press("Escape")
    expect(page.locator(PIN)).to_have_count(0)
    return labels


def test_an_original_nobody_can_find_is_offered_nowhere(open_page: Opener) -> None:
    """No sidecar outlet or address: no tab, popover, quote menu or note offers the original;
    every tab's row for it says where it was first published, and the gap note says to cite
    the page."""
    watched = open_page(OLD_TOWN)
    page = watched.page
    data = page.evaluate("() => window.explainerCite.data()")
    assert all(list(by_role) == ["page"] for by_role in data["citations"].values())
    assert offered_in_tabs(page) == {style: ["page"] for style in STYLES}
    for style in STYLES:
        choose(page, style)
        panel = page.locator(".ex-cite .tabbed-block").filter(visible=True)
        expect(panel.locator(".ex-cite-origin .ex-cite-role")).to_have_text("The original article")
        expect(panel.locator(".ex-cite-origin .ex-cite-published")).to_have_text(PUBLISHED)
    expect(page.locator('[id*="-original"], [data-ex-copy*="original"], [data-ex-role="original"]')).to_have_count(0)
    expect(page.locator(".ex-cite-gap")).to_contain_text("Cite this page, which is what you read")
    expect(page.locator(".ex-cite-downloads")).to_contain_text("Download the reference of this page")

    # The popover: this page only, in an author-date style and in notes (with later notes).
    choose(page, "apa")
    assert pin_labels(page, 3) == ["Link", "This page, in-text citation"]
    choose(page, "chicago-nb")
    assert pin_labels(page, 3) == ["Link", "This page, note", "This page, later notes"]

    # The quote bar: no menu of what to cite; the quote cites this page.
    choose(page, "apa")
    select(page, 3, "That needs", CHANGE)
    expect(page.locator(f"{BAR} .ex-quote-role")).to_have_count(0)
    text, _ = copy_quote(page)
    assert text.split("\n\n")[0] == "“That needs to change” (Lee, 2022/2026, para. 3)."
    assert text.split("\n\n")[1] == data["citations"]["apa"]["page"]["entry"]

    # My notes: the highlight cites this page, in every style; nothing of the original.
    page.locator(f"{BAR} .ex-note-add").click()
    expect(page.locator(MARK)).to_have_count(1)
    [note] = stored(page)
    assert note["role"] == "page"
    assert sorted(note["citation"]) == sorted(STYLES)
    for key in ("citation", "citationHtml", "entry"):
        assert all(list(by_role) == ["page"] for by_role in note[key].values()), key
    assert "> “That needs to change” (Lee, 2022/2026, para. 3).\n" in markdown(page)
    page.locator("button.ex-notes-open").click()
    expect(page.locator(f"{PANEL} .ex-notes-cite")).to_contain_text("(Lee, 2022/2026, para. 3)")
    watched.assert_clean()


def test_an_original_a_reader_can_find_is_offered_everywhere(open_page: Opener) -> None:
    """With the outlet and the address in the sidecar: every tab, the popover, the quote menu
    and My notes offer the original beside the page; no publication-only row."""
    watched = open_page(RENTS)
    page = watched.page
    assert offered_in_tabs(page) == {style: ["page", "original"] for style in STYLES}
    expect(page.locator(".ex-cite-origin, .ex-cite-gap")).to_have_count(0)
    expect(page.locator(".ex-cite-downloads")).to_contain_text("Download both references")
    choose(page, "apa")
    assert pin_labels(page, 3) == ["Link", "Original article, in-text citation", "This page, in-text citation"]
    select(page, 3, "That needs", CHANGE)
    options = page.locator(f"{BAR} .ex-quote-role option")
    expect(options).to_have_text(["Cite this explainer page", "Cite the original article"])
    assert page.evaluate("() => window.explainerCite.roles()") == ["page", "original"]
    highlight(page, 3, "That needs", CHANGE, role="original")
    [note] = stored(page)
    assert note["role"] == "original"
    assert note["citation"]["apa"] == {"original": "(Lee, 2019, para. 3)", "page": "(Lee, 2019/2026, para. 3)"}
    watched.assert_clean()


# The popover --------------------------------------------------------------------------------


def test_popover_pinpoint_keeps_the_italic_title(open_page: Opener) -> None:
    """APA 7 §8.14: an authorless work is cited by its title, italic as in its reference and
    in title case; §8.15 both years of a republished work; §8.28 "para."."""
    watched = open_page(NOTICE)
    page = watched.page
    page.locator('a.ex-pnum[href="#p-6"]').click()
    expect(page.locator(PIN)).to_have_count(1)
    assert inner_html(page, "ex-pin-page") == "(<i>A Notice to Tenants</i>, 2025/2026, para. 6)"
    # The newspaper article's title is in quotation marks, as in its reference.
    assert inner_html(page, "ex-pin-original") == "(“A Notice to Tenants,” 2025, para. 6)"
    text, html = copied(page, "ex-pin-page")
    assert text == "(A Notice to Tenants, 2025/2026, para. 6)"
    assert "(<i>A Notice to Tenants</i>, 2025/2026, para. 6)" in html
    # Not a note style: no later notes.
    expect(page.locator(f'{PIN} [id$="-later"]')).to_have_count(0)
    watched.assert_clean()


def test_chicago_popover_offers_the_short_note(open_page: Opener) -> None:
    """Chicago 18 14.29–14.36: after the first, full note, the surname, the short title and
    the paragraph; an unsigned newspaper article by the paper's name (italic), a page with no
    author by the site that owns it (14.207)."""
    watched = open_page(RENTS)
    page = watched.page
    choose(page, "chicago-nb")
    page.locator('a.ex-pnum[href="#p-3"]').click()
    pin = page.locator(PIN)
    expect(pin.locator(".ex-pin-title")).to_have_text("Cite paragraph 3 (Chicago notes)")
    assert [norm(label) for label in pin.locator(".ex-pin-label").all_text_contents()] == [
        "Link",
        "Original article, note",
        "Original article, later notes",
        "This page, note",
        "This page, later notes",
    ]
    assert norm(page.locator("#ex-pin-original").text_content()).startswith(
        "Ann Lee, “Rents Rise Again,” The Daily Record, September 25, 2019, para. 3,"
    )
    assert inner_html(page, "ex-pin-original-later") == "Lee, “Rents Rise Again,” para. 3."
    assert inner_html(page, "ex-pin-page-later") == "Lee, “Rents Rise Again,” para. 3."
    text, _ = copied(page, "ex-pin-original-later")
    assert text == "Lee, “Rents Rise Again,” para. 3."
    later_button = page.locator('button[data-ex-copy="ex-pin-original-later"]')
    expect(later_button).to_have_attribute("aria-label", "Copy original article, later notes")

    other = open_page(NOTICE)
    page = other.page
    choose(page, "chicago-nb")  # remembered across pages too, but chosen here to be sure
    page.locator('a.ex-pnum[href="#p-6"]').click()
    expect(page.locator(PIN)).to_have_count(1)
    later = "<i>The Daily Record</i>, “A Notice to Tenants,” para. 6."
    assert inner_html(page, "ex-pin-original-later") == later
    assert inner_html(page, "ex-pin-page-later") == "Explainer, “A Notice to Tenants,” para. 6."
    text, html = copied(page, "ex-pin-original-later")
    assert text == "The Daily Record, “A Notice to Tenants,” para. 6."
    assert later in html
    watched.assert_clean()
    other.assert_clean()


# The cite box -------------------------------------------------------------------------------


def test_cite_box_has_later_notes_in_chicago_notes_only(open_page: Opener) -> None:
    """The Chicago notes tab (made by cite.js from the data) has a "Later notes:" row under
    each Note row; no other tab has one."""
    watched = open_page(RENTS)
    page = watched.page
    expect(page.locator(".ex-cite-later")).to_have_count(2)  # the Chicago notes panel only
    choose(page, "chicago-nb")
    for role in ("page", "original"):
        later = page.locator(f"#cite-chicago-nb-{role}-later")
        expect(later).to_be_visible()
        expect(later).to_have_text("Lee, “Rents Rise Again.”")
        row = later.locator("xpath=ancestor::p[1]")
        expect(row).to_have_class("ex-cite-later")
        expect(row.locator(".ex-cite-kind")).to_have_text("Later notes:")
        # Under the full note of the same item.
        assert row.evaluate("p => p.previousElementSibling.className") == "ex-cite-short"
    assert norm(page.locator("#cite-chicago-nb-original-short").text_content()).startswith(
        "Ann Lee, “Rents Rise Again,” The Daily Record, September 25, 2019"
    )
    button = page.locator('button[data-ex-copy="cite-chicago-nb-original-later"]')
    expect(button).to_have_attribute("aria-label", "Copy The original article later notes")
    text, _ = copied(page, "cite-chicago-nb-original-later")
    assert text == "Lee, “Rents Rise Again.”"
    for style in ("apa", "mla", "chicago-ad", "harvard"):
        expect(page.locator(f'[id^="cite-{style}-"][id$="-later"]')).to_have_count(0)
    watched.assert_clean()


# Copy quote with citation -------------------------------------------------------------------


def test_quote_html_carries_the_italics(open_page: Opener) -> None:
    """Run in: `“That needs to change” (*A Notice to Tenants*, 2025/2026, para. 3).`, the
    italics in the HTML flavour only; a block quotation and a Chicago note keep them too."""
    watched = open_page(NOTICE)
    page = watched.page
    select(page, 3, "That needs", CHANGE)
    text, html = copy_quote(page)
    assert text.split("\n\n")[0] == "“That needs to change” (A Notice to Tenants, 2025/2026, para. 3)."
    assert "<p>“That needs to change” (<i>A Notice to Tenants</i>, 2025/2026, para. 3).</p>" in html

    # Chicago notes, the original article: the full note, its newspaper in italics.
    choose(page, "chicago-nb")
    select(page, 3, "That needs", CHANGE)
    page.locator(f"{BAR} .ex-quote-role").select_option("original")
    text, html = copy_quote(page)
    note = "“A Notice to Tenants,” <i>The Daily Record</i>, March 4, 2025, para. 3, https://example.org/notice."
    assert text.split("\n\n")[:2] == ["“That needs to change.”", "Note: " + note.replace("<i>", "").replace("</i>", "")]
    assert f"<p>Note: {note}</p>" in html

    # A block quotation (from 40 words in APA), over two paragraphs.
    block = page.evaluate(
        """() => {
            const first = Array(30).fill('word').join(' ') + '.';
            const second = Array(15).fill('more').join(' ') + '.';
            return window.explainerCite.quoteWithCitation(
                {text: first + ' ' + second, paragraphs: [first, second], first: 4, last: 5}, 'apa', 'page');
        }"""
    )
    assert block["block"] is True
    assert block["html"].startswith("<blockquote><p>word word")
    assert block["html"].split("</blockquote>")[0].endswith(
        "more. (<i>A Notice to Tenants</i>, 2025/2026, paras. 4–5)</p>"
    )
    assert block["citation"] == "(A Notice to Tenants, 2025/2026, paras. 4–5)"
    watched.assert_clean()


def test_tampered_pinpoint_html_goes_through_the_allow_list(open_page: Opener) -> None:
    """Pinpoint HTML that is not citeproc-js' (data changed after the build) is put into the
    popover and the clipboard only as allowed markup."""
    watched = open_page(NOTICE)
    page = watched.page
    page.evaluate(
        """() => {
            const forms = window.explainerCite.data().citations.apa.page;
            forms.oneHtml = '<img src="x" onerror="document.title=1">(<i>T</i>, '
                + '<a href="javascript:alert(1)">{n}</a><script>window.pwned = 1</script>)';
        }"""
    )
    page.locator('a.ex-pnum[href="#p-2"]').click()
    expect(page.locator(PIN)).to_have_count(1)
    assert inner_html(page, "ex-pin-page") == "(<i>T</i>, 2window.pwned = 1)"
    made = page.evaluate(
        "() => window.explainerCite.quoteWithCitation({text: 'Some words.', first: 2, last: 2}, 'apa', 'page')"
    )
    assert "(<i>T</i>, 2window.pwned = 1)." in made["html"]
    assert "<img" not in made["html"] and "<script" not in made["html"] and "<a " not in made["html"]
    assert page.evaluate("() => window.pwned") is None and page.title() != "1"
    watched.assert_clean()


# My notes -----------------------------------------------------------------------------------


def test_my_notes_export_puts_the_period_after_the_citation(open_page: Opener, tmp_path: Path) -> None:
    """As the quote bar copies it: `“That needs to change” (Lee, 2019, para. 3).`; a question
    mark stays inside; in Chicago notes the quotation keeps its period and the note follows."""
    watched = open_page(RENTS)
    page = watched.page
    highlight(page, 3, "That needs", CHANGE, role="original")
    highlight(page, 7, "Are these", ASKED, role="original")
    exported = markdown(page)
    assert "> “That needs to change” (Lee, 2019, para. 3).\n" in exported
    assert "> “Are these the only places where rents rise?” (Lee, 2019, para. 7).\n" in exported
    assert "change.”" not in exported.split("<!--")[0]

    page.locator("button.ex-notes-open").click()
    panel = page.locator(PANEL)
    with page.expect_download() as info:
        panel.get_by_role("button", name="Download text").click()
    saved = tmp_path / "my-notes.txt"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "“That needs to change” (Lee, 2019, para. 3).\n" in text
    assert "“Are these the only places where rents rise?” (Lee, 2019, para. 7).\n" in text
    page.keyboard.press("Escape")

    # Chicago notes: the note comes after the quotation, which keeps its own period.
    choose(page, "chicago-nb")
    exported = markdown(page)
    assert (
        "> “That needs to change.”\n\nNote: Ann Lee, “Rents Rise Again,” *The Daily Record*, "
        "September 25, 2019, para. 3, https://example.org/rents.\n"
    ) in exported
    watched.assert_clean()


def test_my_notes_keep_the_italics(open_page: Opener, tmp_path: Path) -> None:
    """The panel shows the citation's italics, the Markdown export writes them as `*…*`, the
    text export leaves them out."""
    watched = open_page(NOTICE)
    page = watched.page
    highlight(page, 3, "That needs", CHANGE)
    [note] = stored(page)
    assert note["citation"]["apa"]["page"] == "(A Notice to Tenants, 2025/2026, para. 3)"
    assert note["citationHtml"]["apa"]["page"] == "(<i>A Notice to Tenants</i>, 2025/2026, para. 3)"
    assert "> “That needs to change” (*A Notice to Tenants*, 2025/2026, para. 3).\n" in markdown(page)

    page.locator("button.ex-notes-open").click()
    panel = page.locator(PANEL)
    cite = panel.locator(".ex-notes-cite")
    expect(cite.locator("i")).to_have_text("A Notice to Tenants")
    expect(cite).to_contain_text("(A Notice to Tenants, 2025/2026, para. 3)")
    with page.expect_download() as info:
        panel.get_by_role("button", name="Download text").click()
    saved = tmp_path / "my-notes.txt"
    info.value.save_as(saved)
    assert "“That needs to change” (A Notice to Tenants, 2025/2026, para. 3).\n" in saved.read_text(
        encoding="utf-8"
    )
    watched.assert_clean()


def test_a_stored_citations_html_goes_through_the_allow_list(open_page: Opener) -> None:
    """A note's citation HTML from storage or an imported file is shown only as allowed
    markup and exported as Markdown text."""
    watched = open_page(NOTICE)
    page = watched.page
    highlight(page, 3, "That needs", CHANGE)
    page.evaluate(
        """() => {
            const list = JSON.parse(localStorage.getItem('explainer-notes-v1'));
            list[0].citationHtml.apa.page = '<img src="x" onerror="document.title=1"><i>T*</i>, '
                + '<a href="javascript:alert(1)">link</a><b onclick="alert(1)">b</b>';
            localStorage.setItem('explainer-notes-v1', JSON.stringify(list));
        }"""
    )
    page.reload()
    page.wait_for_load_state("load")
    page.locator("button.ex-notes-open").click()
    cite = page.locator(f"{PANEL} .ex-notes-cite-text")
    expect(cite).to_have_text("T*, linkb")
    assert cite.inner_html() == "<i>T*</i>, linkb"
    exported = markdown(page)
    assert "> “That needs to change” *T\\**, linkb.\n" in exported, exported.split("<!--")[0]
    assert page.title() != "1"
    watched.assert_clean()
