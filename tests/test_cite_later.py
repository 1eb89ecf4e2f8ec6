"""Rich pinpoints and Chicago's short notes (issue 17): the data the cite box, cite.js and
notes.js get.

- Pinpoint and in-text citations keep the processor's italics: an authorless page is cited
  by its italic title (APA 7 §8.14: the title in place of the author, italic as in the
  reference, in title case; §8.15: a republished work with both years; §8.28: "para.").
  The box's data carries each template as text (`one`, `range`) and as HTML (`oneHtml`,
  `rangeHtml`), the HTML through the citation allow-list.
- Chicago notes (18th ed. 14.29–14.36): after the first, full note, a work is cited by a
  short note: the author's surname, the short title (at most four words), the locator
  (`Lee, “Rents Rise Again,” para. 4.`); an unsigned newspaper article by the paper's name,
  a page with no author by its site (14.207). citeproc-js writes it as a later citation,
  neither the first nor "ibid.".

The expected strings were checked by hand against the manuals. All names and titles are
invented.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explainer import cite, csl, render_cite
from explainer.model import Article, PartialDate, Sidecar

EDITION = cite.Edition(
    site_name="Test Site",
    site_url="https://example.org/t/",
    editor="Test Team",
    version="2.0",
    date=PartialDate(2026, 11, 23),
)
RECORD = Sidecar(publisher="The Daily Record", url="https://example.org/rents")
RENTS = Article(
    slug="rents",
    source="rents.txt",
    title="Rents Rise Again",
    authors=("Ann Lee",),
    date=PartialDate(2019, 9, 25),
    sidecar=RECORD,
)
NOTICE = Article(  # no author
    slug="notice",
    source="notice.txt",
    title="A Notice to Tenants",
    date=PartialDate(2025, 3, 4),
    sidecar=Sidecar(publisher="The Daily Record", url="https://example.org/notice"),
)
LONG = Article(  # more than four words: a short title
    slug="harbour",
    source="harbour.txt",
    title="Rents Rise Again in the Old Harbour District",
    authors=("Ann Lee",),
    date=PartialDate(2019, 9, 25),
    sidecar=RECORD,
)
ASKED = Article(  # a title ending in a question mark
    slug="asked",
    source="asked.txt",
    title="Why Do Rents Rise?",
    authors=("Ann Lee",),
    date=PartialDate(2019, 9, 25),
    sidecar=RECORD,
)


def items_of(*articles: Article) -> list[csl.CslItem]:
    return [
        item
        for a in articles
        for item in (cite.page_item(a, EDITION, f"articles/{a.slug}.md"), cite.original_item(a))
    ]


@pytest.fixture(scope="module")
def styled() -> dict[str, dict[str, cite.StyledCitation]]:
    """Pages and originals of the four articles, formatted in every style."""
    items = items_of(RENTS, NOTICE, LONG, ASKED)
    return cite.read_article_results(items, csl.run_jobs(cite.article_jobs(items)))


# Chicago's short notes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item_id", "later", "one", "many"),
    [
        (
            "rents--original",
            "Lee, “Rents Rise Again.”",
            "Lee, “Rents Rise Again,” para. {n}.",
            "Lee, “Rents Rise Again,” paras. {n}–{m}.",
        ),
        # The page reproduces the same text by the same author: the same short note.
        ("rents--page", "Lee, “Rents Rise Again.”", "Lee, “Rents Rise Again,” para. {n}.", None),
        # More than four words: the short title keeps four at most, none of them a small
        # word at its end (14.31: "Rents Rise Again in" → "Rents Rise Again").
        ("harbour--original", "Lee, “Rents Rise Again.”", "Lee, “Rents Rise Again,” para. {n}.", None),
        # The title's own question mark takes the place of the comma (14.32).
        ("asked--original", "Lee, “Why Do Rents Rise?”", "Lee, “Why Do Rents Rise?” para. {n}.", None),
        # An unsigned newspaper article: the paper stands in place of the author.
        (
            "notice--original",
            "<i>The Daily Record</i>, “A Notice to Tenants.”",
            "<i>The Daily Record</i>, “A Notice to Tenants,” para. {n}.",
            "<i>The Daily Record</i>, “A Notice to Tenants,” paras. {n}–{m}.",
        ),
        # A page with no author: the site that owns it stands in place of the author.
        (
            "notice--page",
            "Test Site, “A Notice to Tenants.”",
            "Test Site, “A Notice to Tenants,” para. {n}.",
            None,
        ),
    ],
)
def test_chicago_short_note_for_later_citations(
    styled: dict[str, dict[str, cite.StyledCitation]],
    item_id: str,
    later: str,
    one: str,
    many: str | None,
) -> None:
    chicago = styled[item_id]["chicago-nb"]
    assert chicago.later == later
    assert chicago.later_pinpoint == one
    if many is not None:
        assert chicago.later_range == many
    # The first note is still the full one, with the given name and the paper.
    assert chicago.short != chicago.later and not chicago.later.startswith("Ibid")


def test_only_note_styles_have_later_notes(styled: dict[str, dict[str, cite.StyledCitation]]) -> None:
    for by_style in styled.values():
        for key, citation in by_style.items():
            filled = (citation.later, citation.later_pinpoint, citation.later_range)
            assert all(filled) == csl.STYLE_BY_KEY[key].note, (key, filled)


def test_later_notes_come_from_the_processor() -> None:
    """Asked directly (no template, no rule), citeproc-js writes the same later notes: a
    later citation of an item, with another item cited between (neither first nor ibid.)."""
    items = items_of(RENTS, NOTICE, LONG)
    chicago = csl.STYLE_BY_KEY["chicago-nb"]
    derived = cite.read_article_results(items, csl.run_jobs(cite.article_jobs(items, [chicago])), [chicago])
    ask = [
        csl.CitationRequest(str(item["id"]), locator, position="subsequent")
        for item in items
        for locator in ("", cite.PARAGRAPH_SENTINEL, cite.RANGE_SENTINEL)
    ]
    (direct,) = csl.run_jobs([csl.Job("chicago-nb", cite.styled_items(items, chicago), False, tuple(ask), solo=True)])
    placeholders = iter(direct.citations)
    for item in items:
        got = derived[str(item["id"])]["chicago-nb"]
        later, one, many = (next(placeholders) for _ in range(3))
        assert got.later == later
        assert got.later_pinpoint == one.replace(cite.PARAGRAPH_SENTINEL, "{n}")
        assert got.later_range == many.replace(cite.RANGE_SENTINEL, "{n}–{m}")


def test_a_later_citation_is_cached_apart_from_a_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The position is part of a job's key; a cached later note comes back as it was."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    item = cite.original_item(RENTS)
    first = csl.Job("chicago-nb", (item,), citations=(csl.CitationRequest(str(item["id"])),), solo=True)
    later = csl.Job(
        "chicago-nb",
        (item,),
        citations=(csl.CitationRequest(str(item["id"]), position="subsequent"),),
        solo=True,
    )
    assert csl.job_key(first) != csl.job_key(later)
    made = csl.run_jobs([first, later], cache_dir=tmp_path / "cache")
    assert made[1].citations == ("Lee, “Rents Rise Again.”",)
    assert csl.run_jobs([first, later], cache_dir=tmp_path / "cache") == made


# Rich pinpoints ----------------------------------------------------------------------------


def test_authorless_page_is_cited_by_its_italic_title(
    styled: dict[str, dict[str, cite.StyledCitation]],
) -> None:
    """APA 7 §8.14/§8.15: `(*A Notice to Tenants*, 2025/2026, para. 6)`; the newspaper
    article's title stays in quotation marks, as in its reference."""
    page = styled["notice--page"]["apa"]
    assert page.pinpoint == "(<i>A Notice to Tenants</i>, 2025/2026, para. {n})"
    assert page.pinpoint_range == "(<i>A Notice to Tenants</i>, 2025/2026, paras. {n}–{m})"
    original = styled["notice--original"]["apa"]
    assert original.pinpoint == "(“A Notice to Tenants,” 2025, para. {n})"


def box_data(styles: dict[str, dict[str, cite.StyledCitation]]) -> dict[str, dict[str, dict[str, str]]]:
    """The citations of a page's `ex-cite-data` script."""
    box = render_cite.cite_box(
        render_cite.PageCitations(styles, {"URL": "https://example.org/t/articles/notice/"}, {}, {}, ""),
        "how.md",
        "bib.md",
    )
    match = re.search(r'<script type="application/json" id="ex-cite-data">(.*?)</script>', box, re.S)
    assert match
    data: dict[str, dict[str, dict[str, str]]] = json.loads(match.group(1))["citations"]
    return data


def test_cite_data_has_text_and_html_templates(styled: dict[str, dict[str, cite.StyledCitation]]) -> None:
    styles = {
        key: {"page": styled["notice--page"][key], "original": styled["notice--original"][key]}
        for key in styled["notice--page"]
    }
    data = box_data(styles)
    apa = data["apa"]["page"]
    assert apa["one"] == "(A Notice to Tenants, 2025/2026, para. {n})"  # for plain-text copies
    assert apa["oneHtml"] == "(<i>A Notice to Tenants</i>, 2025/2026, para. {n})"
    assert apa["rangeHtml"] == "(<i>A Notice to Tenants</i>, 2025/2026, paras. {n}–{m})"
    assert "laterHtml" not in apa
    chicago = data["chicago-nb"]["original"]
    assert chicago["laterHtml"] == "<i>The Daily Record</i>, “A Notice to Tenants.”"
    assert chicago["laterOneHtml"] == "<i>The Daily Record</i>, “A Notice to Tenants,” para. {n}."
    assert chicago["laterOne"] == "The Daily Record, “A Notice to Tenants,” para. {n}."
    assert chicago["laterRange"] == "The Daily Record, “A Notice to Tenants,” paras. {n}–{m}."
    for by_role in data.values():
        for forms in by_role.values():
            for key, value in forms.items():
                if key.endswith("Html"):
                    assert csl.is_safe_html(value), (key, value)
                elif key in ("one", "range", "laterOne", "laterRange"):
                    assert value == csl.html_to_text(forms[key + "Html"]), key


def test_cite_data_html_passes_the_allow_list() -> None:
    """Pinpoint HTML that is not citeproc-js' (a tampered cache is caught before, this is the
    last check) reaches the data only as text."""
    hostile = cite.StyledCitation(
        "Lee, A. <i>Rents</i>.",
        "(Lee)",
        '(<img src=x onerror="alert(1)"><i>Rents</i>, {n})',
        "(<script>alert(1)</script>Lee, {n}–{m})",
        later="<b onclick=x>Lee</b>",
        later_pinpoint="Lee, {n}.",
        later_range="Lee, {n}–{m}.",
    )
    forms = render_cite.cite_forms(hostile)
    assert forms["oneHtml"] == '(&#60;img src=x onerror="alert(1)"&#62;<i>Rents</i>, {n})'
    assert forms["rangeHtml"] == "(&#60;script&#62;alert(1)&#60;/script&#62;Lee, {n}–{m})"
    assert forms["laterHtml"] == "&#60;b onclick=x&#62;Lee&#60;/b&#62;"
    assert forms["one"] == "(Rents, {n})"  # the text form: no markup at all


def test_note_style_panel_has_a_later_notes_row(styled: dict[str, dict[str, cite.StyledCitation]]) -> None:
    """Only the first style's panel is rendered on the server (cite.js makes the others,
    tested in the browser); a note style's panel has the row under its Note row."""
    chicago = {"page": styled["rents--page"]["chicago-nb"], "original": styled["rents--original"]["chicago-nb"]}
    panel = render_cite._panel("chicago-nb", chicago, note_style=True)
    assert panel.count('<p class="ex-cite-later">') == 2
    assert (
        '<p class="ex-cite-later"><span class="ex-cite-kind">Later notes:</span> '
        '<span class="ex-cite-text" id="cite-chicago-nb-original-later">Lee, “Rents Rise Again.”</span>'
    ) in panel
    assert panel.index("ex-cite-short") < panel.index("ex-cite-later")
    apa = {"page": styled["rents--page"]["apa"], "original": styled["rents--original"]["apa"]}
    assert "ex-cite-later" not in render_cite._panel("apa", apa, note_style=False)
