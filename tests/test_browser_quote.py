"""Browser tests of quoting and "My notes" (cite.js's quote bar, notes.js, notes.css).

The real site is built once into a temporary folder (the `site` fixture of
`tests/test_browser.py`) and an article by Ira Straus (2022) is opened from `file://` in
Debian's Chromium, with the real clipboard:

- selecting text in the article's numbered paragraphs shows a bar whose "Copy quote with
  citation" copies `“quote” (pinpoint)` and the reference entry, in the chosen style, for the
  explainer page (the project's sidecars do not say where to find the original, so the bar
  offers no choice of it: tests/test_browser_cite_rich.py quotes an original that is
  offered); by mouse and with Alt+Shift+Q; a plain Control+C still copies only the selected
  text;
- "Highlight" keeps the selection and a note in localStorage: the highlight comes back after
  a reload, the "My notes" dialog lists it with its citation and note, exports it as Markdown
  (with a References section and a machine-readable block that "Import" reads back), and
  "Clear all" (confirmed) removes everything;
- axe-core finds no violation in the article content and the open panel.

Every page makes no request outside `file:` and logs no console error or warning.
Without /usr/bin/chromium the module is skipped, unless `CI` is set (see test_browser.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

import browser_helpers
import test_browser
from test_browser import Watched, norm, watch
from test_browser import assert_all_clean as assert_clean

# The fixtures of test_browser.py, shared: the site built once, Chromium launched once.
playwright = test_browser.playwright
browser = test_browser.browser
site = test_browser.site

ARTICLE = "articles/should-america-help-ukraine-hit-back/index.html"  # by Ira Straus, 2022
SENTENCE = (
    "In fact, the old international balance of power was a geopolitical nightmare "
    "and Americans always wanted out of it."
)
SENTENCE_RUN_IN = SENTENCE.removesuffix(".")  # the citation's period ends the sentence
APA_PAGE_ENTRY = "Straus, I. (2026, November 23)."  # this page, a republished edition
MLA_ENTRY = "Straus, Ira."
BAR = ".ex-quote-bar"
MARK = "mark.ex-highlight"
PANEL = "dialog.ex-notes-panel"
NOTE = "Compare with the Concert of Europe."

Opener = Callable[[str], Watched]


# Pages under watch --------------------------------------------------------------------


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
    """Open a page of the built site, by path, from `file://` under watch."""

    def opener(path: str) -> Watched:
        return watch(context, (site / path).as_uri())

    return opener


# Selecting and copying -------------------------------------------------------------------

SELECT_JS = browser_helpers.SELECT_JS


def select(page: Page, start_para: int, start: str, end_para: int, end: str) -> str:
    """Select from the text `start` in one paragraph to the end of `end` in another; wait for
    the quote bar under the last paragraph (a bar left from before is gone first)."""
    page.evaluate(
        "() => { window.getSelection().removeAllRanges(); document.activeElement.blur(); }"
    )
    expect(page.locator(BAR)).to_have_count(0)
    selected = str(page.evaluate(SELECT_JS, [start_para, start, end_para, end]))
    expect(page.locator(f"#p-{end_para} + {BAR}")).to_be_visible()
    return selected


def select_sentence(page: Page) -> None:
    select(page, 3, "In fact,", 3, "wanted out of it.")


def clear_clipboard(page: Page) -> None:
    page.evaluate("() => navigator.clipboard.writeText('')")


clipboard_text = browser_helpers.clipboard_text
wait_for_clipboard = browser_helpers.wait_for_clipboard


def copy_quote(page: Page) -> str:
    """Click "Copy quote with citation"; wait for "Copied"; the clipboard's text."""
    clear_clipboard(page)
    button = page.locator(f"{BAR} .ex-quote-copy")
    button.click()
    expect(button).to_have_text("Copied")
    return wait_for_clipboard(page)


def test_copy_quote_with_citation_in_apa_and_mla(open_page: Opener) -> None:
    watched = open_page(ARTICLE)
    page = watched.page
    select_sentence(page)
    bar = page.locator(BAR)
    expect(bar).to_have_attribute("role", "toolbar")
    # By default the page the reader consulted is cited (APA 7, 8.6), as a republished work;
    # the sentence's own period gives way to the one after the citation.
    text = copy_quote(page)
    quote, entry = text.split("\n\n")
    assert quote == f"“{SENTENCE_RUN_IN}” (Straus, 2022/2026, para. 3)."
    assert entry.startswith(APA_PAGE_ENTRY)

    # The cite box's style decides; the selection is still there after the click.
    page.locator("label[for=ex-cite-style-mla]").click()
    select_sentence(page)
    text = copy_quote(page)
    assert "” (Straus, par. 3)." in text
    assert text.split("\n\n")[1].startswith(MLA_ENTRY)

    # The original is not offered (nobody could find it from its reference): no menu to
    # choose it, and asking for it anyway gets this page's citation.
    page.locator("label[for=ex-cite-style-apa]").click()
    select_sentence(page)
    expect(page.locator(f"{BAR} .ex-quote-role")).to_have_count(0)
    text = copy_quote(page)
    data = page.evaluate("() => window.explainerCite.data()")
    cited = data["citations"]["apa"]["page"]
    assert text == f"“{SENTENCE_RUN_IN}” " + cited["one"].replace("{n}", "3") + ".\n\n" + cited["entry"]
    asked = page.evaluate(
        "() => window.explainerCite.quoteWithCitation({text: 'Words.', first: 3, last: 3}, 'apa', 'original')"
    )
    assert asked["citation"] == "(Straus, 2022/2026, para. 3)"
    assert page.evaluate("() => window.explainerCite.roles()") == ["page"]
    assert_clean(watched)


def test_quote_punctuation_and_blocks(open_page: Opener) -> None:
    """A ? or ! stays inside the quotation marks; Chicago notes keep the period inside; from
    40 words (APA) a quotation is a block without marks that keeps its paragraph break."""
    watched = open_page(ARTICLE)
    page = watched.page

    def made(info: str, style: str) -> dict[str, object]:
        return dict(page.evaluate(f"() => window.explainerCite.quoteWithCitation({info}, '{style}', 'page')"))

    asked = made("{text: 'Are these the only places?', first: 7, last: 7}", "apa")
    assert asked["text"].startswith("“Are these the only places?” (Straus, 2022/2026, para. 7).")
    noted = made("{text: 'That needs to change.', first: 15, last: 15}", "chicago-nb")
    assert noted["quote"] == "“That needs to change.”"
    first, second = " ".join(["word"] * 30) + ".", " ".join(["more"] * 15) + "."
    info = f"{{text: '{first} {second}', paragraphs: ['{first}', '{second}'], first: 4, last: 5}}"
    block = made(info, "apa")
    assert block["block"] is True
    assert str(block["text"]).startswith(f"    {first}\n\n    {second} (Straus, 2022/2026, paras. 4–5)\n\n")
    assert "“" not in str(block["text"]).split("\n\n")[0]
    assert str(block["html"]).startswith("<blockquote><p>")
    assert made(info, "chicago-nb")["block"] is False  # Chicago: from 100 words
    assert_clean(watched)


def test_quote_across_two_paragraphs_cites_the_range(open_page: Opener) -> None:
    watched = open_page(ARTICLE)
    page = watched.page
    select(page, 4, "Ukraine and Taiwan", 5, "This means that")
    text = copy_quote(page)
    # Over 40 words: an APA block quotation, the paragraph break kept, no quotation marks.
    assert text.startswith("    Ukraine and Taiwan are the critical cases")
    assert "convincing one.\n\n    This means that (Straus, 2022/2026, paras. 4–5)\n\n" in text
    assert "claim 3" not in text  # the site's argument links are not the author's words
    assert_clean(watched)


def test_inner_double_quotes_become_single(open_page: Opener) -> None:
    watched = open_page(ARTICLE)
    page = watched.page
    # Neither seed article quotes inside a paragraph, so check the formatter itself.
    has_quotes = page.evaluate(
        "() => [...document.querySelectorAll('.md-content .ex-para')]"
        ".some(p => p.textContent.includes('“'))"
    )
    assert not has_quotes, "a paragraph has “…”: select it instead of this direct call"
    made = page.evaluate(
        "() => window.explainerCite.quoteWithCitation("
        "{text: 'He said “no” twice', first: 2, last: 2}, 'apa', 'page')"
    )
    assert made["quote"] == "“He said ‘no’ twice”"
    assert made["citation"] == "(Straus, 2022/2026, para. 2)"
    made = page.evaluate(
        "() => window.explainerCite.quoteWithCitation("
        """{text: 'He said "no" twice', first: 2, last: 2}, 'apa', 'page')"""
    )
    assert made["quote"] == "“He said ‘no’ twice”"
    assert_clean(watched)


def test_copy_quote_with_the_keyboard(open_page: Opener) -> None:
    watched = open_page(ARTICLE)
    page = watched.page
    # The first letter of "In fact," in paragraph 3 selected (Chromium without caret browsing
    # drops a collapsed caret), then the selection grown by the keyboard.
    page.evaluate(
        """() => {
            const p = document.getElementById('p-3');
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.nodeValue.indexOf('In fact,');
                if (at !== -1) {
                    window.getSelection().setBaseAndExtent(node, at, node, at + 1);
                    return;
                }
            }
        }"""
    )
    for _ in range(len("n fact, the old")):
        page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("() => window.getSelection().toString()") == "In fact, the old"
    clear_clipboard(page)
    page.keyboard.press("Alt+Shift+Q")
    button = page.locator(f"{BAR} .ex-quote-copy")
    expect(button).to_have_text("Copied")
    expect(button).to_be_focused()
    text = clipboard_text(page)
    assert text.startswith("“In fact, the old” (Straus, 2022/2026, para. 3).\n\n" + APA_PAGE_ENTRY)
    assert_clean(watched)


def test_plain_copy_is_left_alone(open_page: Opener) -> None:
    watched = open_page(ARTICLE)
    page = watched.page
    select_sentence(page)
    clear_clipboard(page)
    page.keyboard.press("Control+C")
    assert norm(wait_for_clipboard(page)) == SENTENCE
    assert_clean(watched)


# Highlights and My notes ----------------------------------------------------------------


def highlight_sentence(page: Page, note: str) -> None:
    select_sentence(page)
    field = page.get_by_label("Note", exact=True)
    field.fill(note)
    page.locator(f"{BAR} .ex-note-add").click()
    expect(page.locator(f"#p-3 {MARK}")).to_have_count(1)


def open_panel(page: Page) -> None:
    opener = page.locator("button.ex-notes-open")
    opener.focus()
    page.keyboard.press("Enter")
    panel = page.get_by_role("dialog", name="My notes")
    expect(panel).to_be_visible()


def stored(page: Page) -> list[dict]:
    raw = page.evaluate("() => localStorage.getItem('explainer-notes-v1')")
    return json.loads(raw) if raw else []


def test_highlight_survives_reload_and_lists_in_my_notes(open_page: Opener, tmp_path: Path) -> None:
    watched = open_page(ARTICLE)
    page = watched.page
    expect(page.locator("button.ex-notes-open")).to_have_text("My notes (0)")
    highlight_sentence(page, NOTE)
    expect(page.locator("button.ex-notes-open")).to_have_text("My notes (1)")
    [note] = stored(page)
    # Keyed by the page's path from the site's root (a new site_url keeps it), with its
    # canonical address and the article's text around the quote.
    assert note["page"] == "/articles/should-america-help-ukraine-hit-back/"
    assert (
        note["url"]
        == "https://example.org/explainer/articles/should-america-help-ukraine-hit-back/"
    )
    assert note["prefix"] == "ical realists wrongly idealize. "  # 32 characters
    assert note["suffix"].startswith(" Replacing it in two crucial")
    assert (note["first"], note["last"], note["quote"], note["note"]) == (3, 3, SENTENCE, NOTE)
    assert note["offset"] == 0
    assert note["title"] == "Should America Help Ukraine Hit Back Inside Russia?"
    # The page's citations only: the original is not offered.
    assert note["role"] == "page"
    assert all(list(by_role) == ["page"] for by_role in note["citation"].values())
    assert note["citation"]["mla"]["page"] == "(Straus, par. 3)"
    assert note["entry"]["apa"]["page"].startswith(APA_PAGE_ENTRY)

    page.reload()
    page.wait_for_load_state("load")
    marks = page.locator(f"#p-3 {MARK}")
    expect(marks).to_have_count(1)
    assert norm(marks.first.text_content()) == SENTENCE
    expect(page.locator("#p-3 a.ex-pnum")).to_have_text("3")  # the number link is whole

    # The panel: the quote, its citation, the note; Escape closes it and focus comes back.
    open_panel(page)
    panel = page.locator(PANEL)
    item = panel.locator(".ex-notes-item")
    expect(item).to_have_count(1)
    expect(item.locator(".ex-notes-quote")).to_have_text(f"“{SENTENCE}”")
    expect(item.locator(".ex-notes-cite")).to_contain_text("(Straus, 2022/2026, para. 3)")
    expect(item.locator(".ex-notes-note")).to_have_text(f"My note: {NOTE}")
    href = item.locator("a.ex-notes-go").get_attribute("href") or ""
    assert href.startswith("file://") and href.endswith("/index.html#p-3")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(page.locator("button.ex-notes-open")).to_be_focused()

    # Markdown export: quote, citation, note, references, the block Import reads.
    open_panel(page)
    with page.expect_download() as info:
        panel.get_by_role("button", name="Download Markdown").click()
    download = info.value
    assert download.suggested_filename == "my-notes.md"
    saved = tmp_path / "my-notes.md"
    download.save_as(saved)
    markdown = saved.read_text(encoding="utf-8")
    # Run in as "Copy quote with citation" writes it: the period after the citation.
    assert f"> “{SENTENCE_RUN_IN}” (Straus, 2022/2026, para. 3).\n\nMy note: {NOTE}" in markdown
    references = markdown.split("## References\n\n", 1)[1]
    assert references.startswith(f"- {APA_PAGE_ENTRY}")
    assert "<!-- explainer-notes: " in markdown

    with page.expect_download() as info:
        panel.get_by_role("button", name="Download text").click()
    text_file = tmp_path / "my-notes.txt"
    info.value.save_as(text_file)
    assert f"“{SENTENCE_RUN_IN}” (Straus, 2022/2026, para. 3).\n" in text_file.read_text(encoding="utf-8")

    # Clear all, confirmed inside the dialog.
    panel.get_by_role("button", name="Clear all").click()
    expect(panel.get_by_role("button", name="Cancel")).to_be_focused()
    panel.get_by_role("button", name="Delete all").click()
    expect(panel.locator(".ex-notes-item")).to_have_count(0)
    expect(panel.locator(".ex-notes-summary")).to_contain_text("No highlights yet")
    expect(page.locator(MARK)).to_have_count(0)
    assert stored(page) == []

    # Import the Markdown export: the highlight is back.
    panel.locator("input.ex-notes-file").set_input_files(saved)
    expect(panel.locator(".ex-notes-item")).to_have_count(1)
    expect(page.locator(f"#p-3 {MARK}")).to_have_count(1)
    page.keyboard.press("Escape")
    page.reload()
    page.wait_for_load_state("load")
    expect(page.locator(f"#p-3 {MARK}")).to_have_text(SENTENCE)
    assert_clean(watched)


def test_delete_one_and_changed_text_is_kept(open_page: Opener) -> None:
    watched = open_page(ARTICLE)
    page = watched.page
    highlight_sentence(page, "")
    # By keyboard: type the note, Enter.
    select(page, 4, "Ukraine and Taiwan", 4, "point today.")
    page.get_by_label("Note", exact=True).focus()
    page.keyboard.type("Two cases")
    page.keyboard.press("Enter")
    expect(page.locator(f"#p-4 {MARK}")).to_have_count(1)
    expect(page.locator(f"#p-4 {MARK}")).to_have_attribute("title", "My note: Two cases")
    # A note whose paragraph text has changed since it was saved.
    page.evaluate(
        """() => {
            const list = JSON.parse(localStorage.getItem('explainer-notes-v1'));
            list.push(Object.assign({}, list[0], {id: 'gone', quote: 'Words no longer here.'}));
            localStorage.setItem('explainer-notes-v1', JSON.stringify(list));
        }"""
    )
    page.reload()
    page.wait_for_load_state("load")
    expect(page.locator(MARK)).to_have_count(2)
    open_panel(page)
    panel = page.locator(PANEL)
    expect(panel.locator(".ex-notes-item")).to_have_count(3)
    gone = panel.locator(".ex-notes-item[data-note-id=gone]")
    expect(gone.locator(".ex-notes-missing")).to_contain_text("Not found on this page")
    item = panel.locator(".ex-notes-item").filter(has_text="Ukraine and Taiwan")
    expect(item.locator(".ex-notes-cite")).to_contain_text("(Straus, 2022/2026, para. 4)")
    item.get_by_role("button").click()
    expect(panel.locator(".ex-notes-item")).to_have_count(2)
    expect(page.locator(f"#p-4 {MARK}")).to_have_count(0)
    expect(page.locator(f"#p-3 {MARK}")).to_have_count(1)
    assert len(stored(page)) == 2
    assert_clean(watched)


def test_highlight_inside_a_link_keeps_the_link(open_page: Opener) -> None:
    watched = open_page(ARTICLE)
    page = watched.page
    select(page, 4, "little more than", 4, "towards nuclear war")
    page.locator(f"{BAR} .ex-note-add").click()
    marks = page.locator(f"#p-4 {MARK}")
    expect(marks).to_have_count(3)  # before, inside and after the glossary link
    term = page.locator("#p-4 a.ex-term")
    expect(term).to_have_text("escalate")
    expect(term.locator(MARK)).to_have_count(1)
    page.reload()
    page.wait_for_load_state("load")
    expect(page.locator(f"#p-4 {MARK}")).to_have_count(3)
    assert norm(" ".join(page.locator(f"#p-4 {MARK}").all_text_contents())) == (
        "little more than escalate towards nuclear war"
    )
    assert_clean(watched)


def test_panel_on_another_page(open_page: Opener) -> None:
    watched = open_page(ARTICLE)
    highlight_sentence(watched.page, NOTE)
    other = open_page("glossary/index.html")
    page = other.page
    expect(page.locator("button.ex-notes-open")).to_have_text("My notes (1)")
    open_panel(page)
    item = page.locator(f"{PANEL} .ex-notes-item")
    expect(item.locator(".ex-notes-cite")).to_contain_text("(Straus, 2022/2026, para. 3)")
    expect(item.locator(".ex-notes-missing")).to_have_count(0)
    href = item.locator("a.ex-notes-go").get_attribute("href") or ""
    assert href.endswith("should-america-help-ukraine-hit-back/index.html#p-3")
    assert_clean(watched)
    assert_clean(other)


# Accessibility ---------------------------------------------------------------------------


def test_axe_finds_no_violation_in_article_and_panel(open_page: Opener) -> None:
    axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe = axe_playwright.Axe()
    # axe's preload fetches the stylesheets with XMLHttpRequest, which file:// refuses.
    options = {"resultTypes": ["violations"], "preload": False}
    watched = open_page(ARTICLE)
    page = watched.page
    highlight_sentence(page, NOTE)
    select(page, 4, "Ukraine and Taiwan", 4, "point today.")  # the quote bar is shown too

    # The article with a highlight and the quote bar (the panel closed: a modal dialog makes
    # the page behind it inert, and axe then skips it): every rule, nothing left out.
    results = axe.run(page, context={"include": [[".md-content"]]}, options=options)
    assert results.response["violations"] == [], results.generate_report()

    # The open panel and the notes button: every rule.
    open_panel(page)
    results = axe.run(
        page, context={"include": [["#ex-notes-panel"], [".ex-notes"]]}, options=options
    )
    assert results.response["violations"] == [], results.generate_report()
    assert_clean(watched)
