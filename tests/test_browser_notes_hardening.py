"""Browser tests of "My notes" (notes.js) against damaged input and a changed site (issue 15,
items 6 and 14).

The real project is built twice from one copy: the first edition as it is, then a second
edition with a paragraph inserted above paragraph 3 of an article and another `site_url`.
Pages are opened from `file://` in Debian's Chromium (every `file://` page shares one
localStorage, as a reader's browser does):

- an imported note with `"last": 1e308` neither freezes the import nor, stored, any later
  page load: it is left out of the import with a message, or shown as damaged and deletable;
- a note with `"citation": {"apa": null}` (imported or stored) and stored entries that are
  not notes at all leave the panel working: it opens, damaged entries can be deleted, the
  rest is exported;
- imported fields are checked (types, lengths, ranges; unknown fields dropped; at most 1,000
  notes) and nothing from a note becomes HTML or a `javascript:` link;
- a failed save (storage full or turned off) is announced in the live region, never "kept";
- a highlight is found again by its quote and context: in the second edition it follows its
  paragraph (now 4) with its number, "Go to paragraph" link and pinpoint citation, and its
  context beats a wrong paragraph hint; notes stored under an old `site_url` still show and
  are moved to the path key;
- the article's sidecar does not say where to find the original, so the page offers no
  citation of it: a note saved citing the original (an earlier edition's, or imported) falls
  back to the page, in the panel, the exports and storage.

Every page makes no request outside `file:` and logs no console error or warning.
Without /usr/bin/chromium the module is skipped, unless `CI` is set.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from browser_helpers import (
    CHROMIUM,
    Watched,
    build_site,
    copy_project,
    launch,
    norm,
    select_text,
    watch,
)

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
        "skipped outside CI",
        allow_module_level=True,
    )

ARTICLE = "articles/should-america-help-ukraine-hit-back/index.html"  # by Ira Straus, 2022
OTHER = "articles/security-assistance-enhances-kyiv-hard-power/index.html"
KEY = "/articles/should-america-help-ukraine-hit-back/"
OTHER_KEY = "/articles/security-assistance-enhances-kyiv-hard-power/"
CANONICAL = "https://example.org/explainer" + KEY
MOVED_SITE_URL = "https://moved.example.net/new/"
OLD_SITE_URL = "https://old.example.com/before/"
TITLE = "Should America Help Ukraine Hit Back Inside Russia?"
SENTENCE = (
    "In fact, the old international balance of power was a geopolitical nightmare "
    "and Americans always wanted out of it."
)
SENTENCE_RUN_IN = SENTENCE.removesuffix(".")  # exported run in: the citation's period ends it
TWICE = "Ukraine and Taiwan are"  # in paragraph 1 ("… two places") and 4 ("… the critical cases")
OTHER_SENTENCE = "Indeed, US security assistance to Ukraine matters now more than ever."
INSERTED = "An editor added this paragraph above the old third one in a later edition."
STORAGE = "explainer-notes-v1"
MARK = "mark.ex-highlight"
PANEL = "#ex-notes-panel"
LIVE = ".ex-live"
DAMAGED = ".ex-notes-damaged"


# Two editions, one browser ---------------------------------------------------------------


@dataclass
class Sites:
    first: Path  # the project as it is
    second: Path  # a paragraph inserted above paragraph 3, another site_url


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    project = copy_project(tmp_path_factory.mktemp("notes") / "project")
    first = build_site(project, project / "first")
    source = project / "sources" / "should-america-help-ukraine-hit-back.txt"
    text = source.read_text(encoding="utf-8")
    assert text.count("\nIn fact, the old") == 1
    source.write_text(text.replace("\nIn fact, the old", f"\n{INSERTED}\n\nIn fact, the old"))
    config = project / "mkdocs.yml"
    yml = config.read_text(encoding="utf-8")
    assert "site_url: https://example.org/explainer/\n" in yml
    config.write_text(yml.replace("https://example.org/explainer/", MOVED_SITE_URL, 1))
    second = build_site(project, project / "second")
    return Sites(first, second)


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


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A desktop browser context with a fresh localStorage."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.set_default_timeout(10_000)
    yield context
    context.close()


def open_page(context: BrowserContext, site: Path, path: str = ARTICLE) -> Watched:
    return watch(context, (site / path).as_uri())


# Notes, files and the panel ----------------------------------------------------------------


PAGE_ENTRY = {
    "apa": "Straus, I. (2026, November 23). " + TITLE,
    "mla": "Straus, Ira. “" + TITLE + "”",
}
"""The beginning of the page's entries (enough for these tests)."""


def a_note(**changes: Any) -> dict[str, Any]:
    """A note on paragraph 3 of the article as the first edition saves it: the page's
    citations only, the original not being offered (its pinpoint citations on paragraph
    `first` when another is given)."""
    n = changes.get("first", 3)
    note: dict[str, Any] = {
        "id": "n-good",
        "page": KEY,
        "url": CANONICAL,
        "local": "",
        "title": TITLE,
        "first": 3,
        "last": 3,
        "quote": SENTENCE,
        "prefix": "ical realists wrongly idealize. ",
        "suffix": " Replacing it in two crucial reg",
        "offset": 0,
        "note": "",
        "role": "page",
        "created": "2026-01-02T03:04:05.000Z",
        "citation": {
            "apa": {"page": f"(Straus, 2022/2026, para. {n})"},
            "mla": {"page": f"(Straus, par. {n})"},
        },
        "entry": {"apa": {"page": PAGE_ENTRY["apa"]}, "mla": {"page": PAGE_ENTRY["mla"]}},
        "styles": {
            "apa": {"label": "APA 7", "note": False},
            "mla": {"label": "MLA 9", "note": False},
        },
    }
    # Their HTML forms, with the italics the processor writes (none in these citations).
    note["citationHtml"] = json.loads(json.dumps(note["citation"]))
    note.update(changes)
    return note


def export_file(folder: Path, notes: list[Any], name: str = "my-notes.md") -> Path:
    """A Markdown export holding `notes` in its machine-readable block."""
    path = folder / name
    block = json.dumps({"version": 1, "notes": notes})
    path.write_text(f"# My notes\n\n<!-- explainer-notes: {block} -->\n", encoding="utf-8")
    return path


def stored(page: Page) -> list[Any]:
    raw = page.evaluate(f"() => localStorage.getItem('{STORAGE}')")
    return json.loads(raw) if raw else []


def store(page: Page, entries: list[Any]) -> None:
    """Put `entries` in localStorage as they are (what an older version or a hand edit left)."""
    page.evaluate(f"(text) => localStorage.setItem('{STORAGE}', text)", json.dumps(entries))


def reload(page: Page) -> None:
    page.reload()
    page.wait_for_load_state("load")


def open_panel(page: Page) -> None:
    page.locator("button.ex-notes-open").click()
    expect(page.get_by_role("dialog", name="My notes")).to_be_visible()


def import_file(page: Page, path: Path) -> None:
    page.locator(f"{PANEL} input.ex-notes-file").set_input_files(path)


def highlight(page: Page, para: int, start: str, end: str, note: str = "") -> None:
    """Select in paragraph `para`, type the note, click Highlight."""
    select_text(page, para, start, para, end)
    expect(page.locator(f"#p-{para} + .ex-quote-bar")).to_be_visible()
    page.get_by_label("Note", exact=True).fill(note)
    page.locator(".ex-quote-bar .ex-note-add").click()


def marked(page: Page, para: int) -> str:
    return norm(" ".join(page.locator(f"#p-{para} {MARK}").all_text_contents()))


# Damaged imports and entries ---------------------------------------------------------------


def test_huge_paragraph_number_neither_freezes_import_nor_later_loads(
    context: BrowserContext, sites: Sites, tmp_path: Path
) -> None:
    watched = open_page(context, sites.first)
    page = watched.page
    bad = a_note(id="n-huge", last=1e308)
    good = a_note(id="n-other", first=4, last=4, quote=TWICE, prefix="", suffix="", offset=118)
    open_panel(page)
    import_file(page, export_file(tmp_path, [bad, good]))
    # Before: a loop from `first` to 1e308 froze the tab here.
    expect(page.locator(LIVE)).to_have_text("Imported 1 highlight; 1 damaged note left out")
    expect(page.locator(f"{PANEL} .ex-notes-item")).to_have_count(1)
    expect(page.locator(f"#p-4 {MARK}")).to_have_text(TWICE)
    assert [note["id"] for note in stored(page)] == ["n-other"]

    # The same note already stored (by an older version): every page still loads.
    store(page, [bad, *stored(page)])
    reload(page)
    expect(page.locator("button.ex-notes-open")).to_have_text("My notes (2)")
    expect(page.locator(f"#p-4 {MARK}")).to_have_text(TWICE)
    expect(page.locator(f"#p-3 {MARK}")).to_have_count(0)
    open_panel(page)
    damaged = page.locator(f"{PANEL} {DAMAGED}")
    expect(damaged).to_have_count(1)
    expect(page.locator(f"{PANEL} .ex-notes-summary")).to_contain_text(
        "1 damaged note cannot be shown"
    )
    damaged.get_by_role("button", name="Delete damaged note 1").click()
    expect(damaged).to_have_count(0)
    expect(page.locator(LIVE)).to_have_text("Highlight deleted")
    assert [note["id"] for note in stored(page)] == ["n-other"]
    watched.assert_clean()


def test_null_citation_and_junk_entries_leave_the_panel_working(
    context: BrowserContext, sites: Sites, tmp_path: Path
) -> None:
    watched = open_page(context, sites.first)
    page = watched.page
    nulled = a_note(id="n-null", citation={"apa": None, "mla": a_note()["citation"]["mla"]})
    open_panel(page)
    import_file(page, export_file(tmp_path, [nulled]))
    expect(page.locator(LIVE)).to_have_text("Imported 1 highlight")
    item = page.locator(f"{PANEL} .ex-notes-item[data-note-id=n-null]")
    # The APA citation is gone; the note shows its other style.
    expect(item.locator(".ex-notes-cite")).to_contain_text("(Straus, par. 3)")
    expect(page.locator(f"#p-3 {MARK}")).to_have_text(SENTENCE)
    page.keyboard.press("Escape")

    # Stored as they are: the same note, entries that are not notes, and a good note.
    good = a_note(id="n-good", first=4, last=4, quote=TWICE, prefix="", suffix="", offset=118)
    store(page, [nulled, {"id": "n-bad", "quote": 42}, "junk", None, good])
    reload(page)
    # Before: the panel threw on citation.apa === null and never opened again.
    expect(page.locator("button.ex-notes-open")).to_have_text("My notes (5)")
    open_panel(page)
    panel = page.locator(PANEL)
    expect(panel.locator(".ex-notes-item")).to_have_count(5)
    expect(panel.locator(DAMAGED)).to_have_count(3)
    expect(panel.locator(".ex-notes-summary")).to_contain_text(
        "2 highlights on 1 page, kept in this browser only. 3 damaged notes cannot be shown."
    )
    panel.get_by_role("button", name="Delete damaged note 2").click()
    expect(panel.locator(DAMAGED)).to_have_count(2)
    expect(page.locator("button.ex-notes-open")).to_have_text("My notes (4)")
    assert len(stored(page)) == 4

    # The rest is exported; the damaged entries are not.
    with page.expect_download() as info:
        panel.get_by_role("button", name="Download Markdown").click()
    saved = tmp_path / "exported.md"
    info.value.save_as(saved)
    markdown = saved.read_text(encoding="utf-8")
    assert f"> “{SENTENCE_RUN_IN}” (Straus, par. 3).\n" in markdown
    assert f"> “{TWICE}” (Straus, 2022/2026, para. 4).\n" in markdown
    block = json.loads(markdown.split("<!-- explainer-notes: ", 1)[1].split(" -->", 1)[0])
    assert [note["id"] for note in block["notes"]] == ["n-null", "n-good"]
    assert "apa" not in block["notes"][0]["citation"]
    with page.expect_download() as info:
        panel.get_by_role("button", name="Download text").click()
    text_file = tmp_path / "exported.txt"
    info.value.save_as(text_file)
    assert f"“{TWICE}” (Straus, 2022/2026, para. 4).\n" in text_file.read_text(encoding="utf-8")

    # Clear all takes the damaged entries too.
    panel.get_by_role("button", name="Clear all").click()
    panel.get_by_role("button", name="Delete all").click()
    expect(panel.locator(".ex-notes-item")).to_have_count(0)
    assert stored(page) == []

    # A store that is not JSON at all (cut off, edited by hand) is one damaged entry, kept
    # until deleted, not overwritten unseen by the next highlight.
    page.evaluate(f"() => localStorage.setItem('{STORAGE}', '[{{\"id\": \"n-cut')")
    reload(page)
    expect(page.locator("button.ex-notes-open")).to_have_text("My notes (1)")
    open_panel(page)
    expect(page.locator(f"{PANEL} {DAMAGED}")).to_have_count(1)
    watched.assert_clean()


def test_import_checks_every_field(context: BrowserContext, sites: Sites) -> None:
    watched = open_page(context, sites.first)
    page = watched.page
    notes = [
        a_note(id="n-kept", note="x" * 5000, offset="3", evil="<script>", prefix="p" * 500),
        a_note(id="n-zero", first=0, last=0),
        a_note(id="n-half", first=2.5, last=3),
        a_note(id="n-backwards", first=4, last=3),
        a_note(id="n-big", first=100001, last=100001),
        a_note(id="has space"),
        a_note(id="n-empty", quote=""),
        a_note(id="n-long", quote="q" * 20001),
        a_note(id="n-page", page=["not", "text"]),
        [a_note()],
    ]
    block = json.dumps({"version": 1, "notes": notes})
    parsed = page.evaluate(
        "(text) => window.explainerNotes.parseExport(text)",
        f"<!-- explainer-notes: {block} -->",
    )
    assert [note["id"] for note in parsed] == ["n-kept"]
    [kept] = parsed
    assert sorted(kept) == sorted(a_note())  # the unknown field dropped
    assert (kept["note"], kept["offset"], kept["prefix"]) == ("x" * 1000, 0, "p" * 64)
    watched.assert_clean()


def test_import_keeps_at_most_a_thousand(
    context: BrowserContext, sites: Sites, tmp_path: Path
) -> None:
    watched = open_page(context, sites.first)
    page = watched.page
    notes = [a_note(id=f"n{i}", page=f"/elsewhere/{i}/", title="Elsewhere") for i in range(1002)]
    open_panel(page)
    import_file(page, export_file(tmp_path, notes))
    expect(page.locator(LIVE)).to_have_text(
        "Imported 1000 highlights; 2 left out: My notes holds at most 1000 highlights"
    )
    expect(page.locator("button.ex-notes-open")).to_have_text("My notes (1000)")
    assert len(stored(page)) == 1000
    watched.assert_clean()


def test_nothing_from_a_note_becomes_html(
    context: BrowserContext, sites: Sites, tmp_path: Path
) -> None:
    watched = open_page(context, sites.first)
    page = watched.page
    evil = "<img src=x onerror=document.title=1>"
    note = a_note(
        id="n-evil",
        page="/elsewhere/",
        title=f"<b>{evil}</b>",
        note=evil,
        quote=f"{evil} quoted",
        url="javascript:alert(1)",
        local="javascript:alert(2)",
        citation={"apa": {"original": evil, "page": evil}},
        entry={"apa": {"original": evil, "page": evil}},
        styles={"apa": {"label": evil, "note": False}},
    )
    open_panel(page)
    import_file(page, export_file(tmp_path, [note]))
    item = page.locator(f"{PANEL} .ex-notes-item[data-note-id=n-evil]")
    expect(item.locator(".ex-notes-note")).to_have_text(f"My note: {evil}")
    expect(item.locator(".ex-notes-quote")).to_have_text(f"“{evil} quoted”")
    expect(page.locator(f"{PANEL} .ex-notes-page-title")).to_have_text(f"<b>{evil}</b>")
    expect(page.locator(f"{PANEL} img, {PANEL} b")).to_have_count(0)
    for link in page.locator(f"{PANEL} a").all():
        assert (link.get_attribute("href") or "").startswith("file:")
    assert page.title() != "1"
    watched.assert_clean()


# A note citing the original, which the page does not offer ---------------------------------


def test_a_note_citing_the_original_falls_back_to_the_page(context: BrowserContext, sites: Sites) -> None:
    """Saved citing the original (by an edition that offered it, or imported): on its page,
    which does not offer the original, the note cites the page, and its citations of the
    original go from storage (a style left with none goes too). A note of another page with
    no citation of the original it was saved with shows the page's, in the panel and the
    exports."""
    watched = open_page(context, sites.first)
    page = watched.page
    older = a_note(
        id="n-older",
        role="original",
        citation={
            "apa": {"original": "(Straus, 2022, para. 3)", "page": "(Straus, 2022/2026, para. 3)"},
            "mla": {"original": "(Straus)"},
        },
        entry={
            "apa": {"original": "Straus, I. (2022, February 1). " + TITLE, "page": PAGE_ENTRY["apa"]},
            "mla": {"original": "Straus, Ira. “" + TITLE + ".”"},
        },
    )
    older["citationHtml"] = older["citation"]
    elsewhere = a_note(
        id="n-elsewhere",
        page=OTHER_KEY,
        title="Security assistance",
        role="original",
        first=2,
        last=2,
        quote=OTHER_SENTENCE,
        prefix="",
        suffix="",
        citation={"apa": {"page": "(Security Assistance to Ukraine, 2026, para. 2)"}},
        citationHtml={"apa": {"page": "(<i>Security Assistance to Ukraine</i>, 2026, para. 2)"}},
        entry={"apa": {"page": "Security assistance to Ukraine. (2026)."}},
        styles={"apa": {"label": "APA 7", "note": False}},
    )
    store(page, [older, elsewhere])
    reload(page)
    expect(page.locator(f"#p-3 {MARK}")).to_have_text(SENTENCE)
    kept = {note["id"]: note for note in stored(page)}
    assert kept["n-older"]["role"] == "page"
    assert kept["n-older"]["citation"] == {"apa": {"page": "(Straus, 2022/2026, para. 3)"}}
    assert kept["n-older"]["entry"] == {"apa": {"page": PAGE_ENTRY["apa"]}}
    assert list(kept["n-older"]["styles"]) == ["apa"]
    assert kept["n-elsewhere"]["role"] == "original"  # its page is not this one: left as it is

    open_panel(page)
    panel = page.locator(PANEL)
    older_item = panel.locator(".ex-notes-item[data-note-id=n-older] .ex-notes-cite")
    expect(older_item).to_contain_text("(Straus, 2022/2026, para. 3)")
    elsewhere_item = panel.locator(".ex-notes-item[data-note-id=n-elsewhere] .ex-notes-cite")
    expect(elsewhere_item).to_contain_text("(Security Assistance to Ukraine, 2026, para. 2)")
    expect(elsewhere_item.locator("i")).to_have_text("Security Assistance to Ukraine")
    markdown = str(page.evaluate("() => window.explainerNotes.markdown()")).split("<!--")[0]
    assert f"> “{SENTENCE_RUN_IN}” (Straus, 2022/2026, para. 3).\n" in markdown
    assert f"> “{OTHER_SENTENCE.removesuffix('.')}” (*Security Assistance to Ukraine*, 2026, para. 2).\n" in markdown
    assert "February 1" not in markdown and "(Straus, 2022, para." not in markdown
    references = markdown.split("## References\n\n", 1)[1]
    assert references.splitlines()[:2] == ["- Security assistance to Ukraine. (2026).", "- " + PAGE_ENTRY["apa"]]
    watched.assert_clean()


# A failed save --------------------------------------------------------------------------

QUOTA_FULL = """Storage.prototype.setItem = function () {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
};"""
# Storage turned off for My notes only (turned off for the whole page, it also breaks
# Material's own scripts, which is not what this test is about).
STORAGE_OFF = """['getItem', 'setItem'].forEach(function (name) {
    const original = Storage.prototype[name];
    Storage.prototype[name] = function (key) {
        if (key === 'explainer-notes-v1') throw new DOMException('Access is denied.', 'SecurityError');
        return original.apply(this, arguments);
    };
});"""


@pytest.mark.parametrize("script", [QUOTA_FULL, STORAGE_OFF], ids=["quota-full", "storage-off"])
def test_a_failed_save_is_announced(context: BrowserContext, sites: Sites, script: str) -> None:
    context.add_init_script(script)
    watched = open_page(context, sites.first)
    page = watched.page
    live = page.locator(LIVE)
    highlight(page, 3, "In fact,", "wanted out of it.", "A note")
    expect(live).to_have_text(
        "Highlighted, but it could not be saved: this browser's storage is full or turned "
        "off, so the highlight will be lost when you leave this page"
    )
    # The highlight is there for this page's life.
    expect(page.locator(f"#p-3 {MARK}")).to_have_text(SENTENCE)
    expect(page.locator("button.ex-notes-open")).to_have_text("My notes (1)")
    open_panel(page)
    page.locator(f"{PANEL} .ex-notes-delete").click()
    expect(live).to_have_text(
        "Highlight deleted on this page, but the change could not be saved: "
        "this browser's storage is full or turned off"
    )
    expect(page.locator(f"#p-3 {MARK}")).to_have_count(0)
    watched.assert_clean()


# Anchoring by quote and context -----------------------------------------------------------


def test_highlight_follows_its_paragraph_into_a_new_edition(
    context: BrowserContext, sites: Sites
) -> None:
    first = open_page(context, sites.first)
    page = first.page
    highlight(page, 3, "In fact,", "wanted out of it.", "Compare the Concert of Europe")
    expect(page.locator(f"#p-3 {MARK}")).to_have_text(SENTENCE)
    highlight(page, 4, TWICE, TWICE)
    expect(page.locator(f"#p-4 {MARK}")).to_have_text(TWICE)
    assert [(n["first"], n["citation"]["apa"]) for n in stored(page)] == [
        (3, {"page": "(Straus, 2022/2026, para. 3)"}),
        (4, {"page": "(Straus, 2022/2026, para. 4)"}),
    ]

    # The second edition: a paragraph above, another site_url. Before, the first highlight
    # was "not found" (paragraph 3 is the new one) and the second hidden by the new address.
    second = open_page(context, sites.second)
    page = second.page
    expect(page.locator("#p-3")).to_contain_text(INSERTED)
    expect(page.locator(f"#p-4 {MARK}")).to_have_text(SENTENCE)
    expect(page.locator(f"#p-5 {MARK}")).to_have_text(TWICE)
    expect(page.locator(f"#p-1 {MARK}, #p-3 {MARK}")).to_have_count(0)
    notes = stored(page)
    assert [(n["page"], n["first"], n["last"]) for n in notes] == [(KEY, 4, 4), (KEY, 5, 5)]
    assert notes[0]["citation"]["apa"]["page"] == "(Straus, 2022/2026, para. 4)"
    assert notes[0]["citation"]["mla"]["page"] == "(Straus, par. 4)"
    assert notes[1]["citation"]["chicago-ad"]["page"] == "(Straus [2022] 2026, para. 5)"
    assert notes[0]["url"] == MOVED_SITE_URL + KEY[1:]

    open_panel(page)
    panel = page.locator(PANEL)
    expect(panel.locator(".ex-notes-missing")).to_have_count(0)
    item = panel.locator(".ex-notes-item").filter(has_text="In fact")
    expect(item.locator(".ex-notes-cite")).to_contain_text("(Straus, 2022/2026, para. 4)")
    go = item.get_by_role("link", name="Go to paragraph 4")
    expect(go).to_have_attribute("href", (sites.second / ARTICLE).as_uri() + "#p-4")
    expect(item.locator(".ex-notes-note")).to_have_text("My note: Compare the Concert of Europe")
    markdown = str(page.evaluate("() => window.explainerNotes.markdown()"))
    assert f"> “{SENTENCE_RUN_IN}” (Straus, 2022/2026, para. 4).\n" in markdown
    assert f"> “{TWICE}” (Straus, 2022/2026, para. 5).\n" in markdown

    # Back in the first edition, the notes follow their paragraphs back.
    again = open_page(context, sites.first)
    expect(again.page.locator(f"#p-3 {MARK}")).to_have_text(SENTENCE)
    expect(again.page.locator(f"#p-4 {MARK}")).to_have_text(TWICE)
    assert [n["first"] for n in stored(again.page)] == [3, 4]
    for watched in (first, second, again):
        watched.assert_clean()


def test_context_wins_over_a_wrong_paragraph_hint(context: BrowserContext, sites: Sites) -> None:
    watched = open_page(context, sites.first)
    page = watched.page
    # Saved with paragraph 1 as its hint, where the same words stand too; its context is
    # paragraph 4's.
    store(
        page,
        [
            a_note(
                first=1,
                last=1,
                offset=207,
                quote=TWICE,
                prefix="ot defend properly. ",
                suffix=" the critical cases",
            )
        ],
    )
    reload(page)
    expect(page.locator(f"#p-4 {MARK}")).to_have_text(TWICE)
    expect(page.locator(f"#p-1 {MARK}")).to_have_count(0)
    [note] = stored(page)
    assert (note["first"], note["last"]) == (4, 4)
    assert note["citation"]["apa"]["page"] == "(Straus, 2022/2026, para. 4)"

    # A short quote none of whose context is left anywhere is not found, rather than put
    # on some other occurrence of its words.
    store(page, [note, a_note(id="n-lost", quote="Ukraine", prefix="Gone: ", suffix=" is gone.")])
    reload(page)
    expect(page.locator(MARK)).to_have_text([TWICE])
    open_panel(page)
    lost = page.locator(f"{PANEL} .ex-notes-item[data-note-id=n-lost]")
    expect(lost.locator(".ex-notes-missing")).to_contain_text("Not found on this page")
    watched.assert_clean()


def test_notes_under_an_old_site_url_still_show(context: BrowserContext, sites: Sites) -> None:
    watched = open_page(context, sites.first)
    page = watched.page

    def old(**changes: Any) -> dict[str, Any]:
        """A note as saved before keys were paths: no prefix or suffix, an address key."""
        note = a_note(**changes)
        del note["prefix"], note["suffix"]
        return note

    store(
        page,
        [
            old(id="n-old-site", page=OLD_SITE_URL + KEY[1:], url=OLD_SITE_URL + KEY[1:]),
            old(id="n-this-site", page=CANONICAL, first=4, last=4, quote=TWICE, offset=118),
            old(
                id="n-other-page",
                page=OLD_SITE_URL + OTHER_KEY[1:],
                title="Security assistance",
                first=2,
                last=2,
                quote=OTHER_SENTENCE,
            ),
        ],
    )
    reload(page)
    expect(page.locator(f"#p-3 {MARK}")).to_have_text(SENTENCE)
    expect(page.locator(f"#p-4 {MARK}")).to_have_text(TWICE)
    notes = {n["id"]: n for n in stored(page)}
    # Moved to the path key: this page's notes, and the other page's (same old address root).
    assert [n["page"] for n in notes.values()] == [KEY, KEY, OTHER_KEY]
    assert notes["n-old-site"]["url"] == CANONICAL
    assert notes["n-old-site"]["suffix"] == " Replacing it in two crucial reg"

    other = open_page(context, sites.first, OTHER)
    expect(other.page.locator(f"#p-2 {MARK}").first).to_be_visible()
    assert marked(other.page, 2) == OTHER_SENTENCE
    open_panel(other.page)
    expect(other.page.locator(f"{PANEL} .ex-notes-missing")).to_have_count(0)
    watched.assert_clean()
    other.assert_clean()


FUZZ_VALUES: list[Any] = [
    None, True, 0, -1, 1e308, -1e308, 2.5, "NaN", "", "x" * 30000, [], [1, 2], {}, {"a": None},
    "<img src=x onerror=alert(1)>", "javascript:alert(1)", "\u2028", "\x00", 10**20, "3",
]


def test_fuzzed_notes_never_break_the_panel(context: BrowserContext, sites: Sites, tmp_path: Path) -> None:
    """Seeded random damage to every field of stored and imported notes: the page keeps
    working (no script error), the panel opens, and export and import still answer."""
    rng = random.Random(15)
    fields = sorted(a_note())
    entries: list[Any] = []
    for index in range(120):
        note = a_note(id=f"f{index}")
        for name in rng.sample(fields, rng.randint(1, 4)):
            note[name] = rng.choice(FUZZ_VALUES)
        if rng.random() < 0.1:
            note = rng.choice(FUZZ_VALUES)  # not even an object
        entries.append(note)
    watched = open_page(context, sites.first)
    page = watched.page
    store(page, entries)
    reload(page)
    open_panel(page)
    import_file(page, export_file(tmp_path, entries[:60], name="fuzz.md"))
    expect(page.locator(LIVE)).not_to_have_text("")
    page.evaluate("(text) => window.explainerNotes.parseExport(text)", "<!-- explainer-notes: " + json.dumps({"version": 1, "notes": entries}) + " -->")
    watched.assert_clean()
