"""Tests for explainer.render: escaping proven with Python-Markdown, and article pages."""

from __future__ import annotations

from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from explainer.matching import PhraseMatch
from explainer.model import (
    Article,
    Note,
    NoteRef,
    Paragraph,
    PartialDate,
    Reference,
    RemovedLine,
    Section,
    Span,
)
from explainer.notes import MARKER_RE
from explainer.parse import parse_article
from explainer.render import (
    Crosslinks,
    article_page,
    escape,
    format_date,
    join_names,
    link_target,
    list_numbering,
    paragraph,
    removed_summary,
    source_box,
    usable_spans,
)

EXTENSIONS = [
    # as in mkdocs.yml, plus tables
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "footnotes",
    "explainer.markdown_ext",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "tables",
]

SMALL_ARTICLE = (
    "A Small Article\n"
    "\n"
    "First claim is made here.[i] More text follows.\n"
    "\n"
    "A Heading Here\n"
    "\n"
    "Second claim comes now.[ii] And <b>bold</b> *stars* and [9].\n"
    "\n"
    "    Roses are red,\n"
    "    violets are blue.\n"
    "\n"
    "[i] Joe Gould, “A Title,” Defense News, September 25, 2019: https://example.com/a\n"
    "\n"
    "[ii] Ibid., p. 4.\n"
)


def to_html(text: str) -> BeautifulSoup:
    """Render Markdown as the site does and parse the HTML."""
    html = markdown.Markdown(extensions=EXTENSIONS).convert(text)
    return BeautifulSoup(html, "html.parser")


def squash(text: str) -> str:
    """Collapse whitespace."""
    return " ".join(text.split())


@pytest.mark.parametrize(
    "text",
    [
        "a *b* c",
        "a **b** c",
        "a _b_ c and snake_case_name",
        "[link](http://example.org)",
        "[^1] and [i]",
        "a [ b ] c",
        "`code` and ``more``",
        "```",
        "<script>alert(1)</script>",
        "<b>bold</b> <!-- comment --> </p>",
        "&amp; &lt; &copy; &#58;",
        "{{ page.title }}",
        "{% include 'x' %}",
        "{ #id .cls }",
        '--8<-- "snippet.md"',
        "# Heading",
        "## Two",
        "1. item",
        "10) item",
        "1986. A year.",
        "- item",
        "+ item",
        "* item",
        ": definition",
        "Term\n: definition",
        "a | b | c",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "> quote",
        "***",
        "---",
        "text\n---",
        "text\n===",
        "= x",
        "!!! note",
        "??? note",
        "~~~",
        "~~~\ncode\n~~~",
        "*[HTML]: Hyper Text",
        "back\\slash\\",
        "    indented like code",
        "Line one\n# two\n- three\n1. four",
    ],
)
def test_escape_renders_as_plain_text(text: str) -> None:
    """Escaped text renders to exactly the text, with no markup elements."""
    soup = to_html(escape(text))
    assert squash(soup.get_text()) == squash(text)
    assert {tag.name for tag in soup.find_all(True)} <= {"p"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>", "&lt;script&gt;"),
        ("&amp;", "&amp;amp;"),
        ("*", "\\*"),
        ("_", "\\_"),
        ("[", "\\["),
        ("]", "\\]"),
        ("`", "\\`"),
        ("|", "\\|"),
        ("{{ }}", "\\{\\{ \\}\\}"),
        ("# x", "\\# x"),
        ("1. x", "1\\. x"),
        ("- x", "\\- x"),
        (": x", "&#58; x"),
        ("--8<--", "\\--8&lt;--"),
        ("plain words, 1. and - inside", "plain words, 1. and - inside"),
    ],
)
def test_escape_output(text: str, expected: str) -> None:
    """Each special character gets its escape; ordinary text is left alone."""
    assert escape(text) == expected


def par(number: int, text: str, **fields: Any) -> Paragraph:
    """A paragraph for a hand-built article; `refs` are found from the `[label]` markers."""
    refs = tuple(NoteRef(m.group(2), number, m.start(), m.end()) for m in MARKER_RE.finditer(text))
    return Paragraph(number, text, number, number, 0, refs, **fields)


def note(label: str, text: str, kind: str = "comment", repeats: str | None = None) -> Note:
    """A note for a hand-built article."""
    return Note(label, text, 1, 0, 0, Reference(kind, text), repeats)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def small() -> Article:
    """The small article, built by hand as the parser reads SMALL_ARTICLE."""
    first = par(1, "First claim is made here.[i] More text follows.")
    second = par(2, "Second claim comes now.[ii] And <b>bold</b> *stars* and [9].")
    verse = par(3, "Roses are red,\nviolets are blue.", kind="verse")
    return Article(
        slug="small",
        source="/some/checkout/sources/small.txt",
        title="A Small Article",
        sections=(
            Section(None, 3, "", paragraphs=(first,)),
            Section("A Heading Here", 5, "s-a-heading-here", paragraphs=(second, verse)),
        ),
        notes=(
            note(
                "i",
                "Joe Gould, “A Title,” Defense News, September 25, 2019: https://example.com/a",
                "source",
            ),
            note("ii", "Ibid., p. 4.", "repeat", repeats="i"),
        ),
    )


@pytest.fixture(scope="module")
def parsed_small() -> Article:
    """The small article, parsed (parser and renderer together)."""
    return parse_article(SMALL_ARTICLE, source="/some/checkout/sources/small.txt", slug="small")


def test_parsed_article_renders(parsed_small: Article) -> None:
    """What the parser makes of the small article renders to paragraphs and footnotes."""
    soup = to_html(article_page(parsed_small).split("---\n", 2)[2])
    assert soup.select_one("p#p-1.ex-para") is not None
    assert [a.get_text() for a in soup.select("a.footnote-ref")] == ["i", "ii"]


def test_article_page_markdown(small: Article) -> None:
    """The page has front matter, anchors, footnote refs and Ibid. links."""
    page = article_page(small)
    _, front, body = page.split("---\n", 2)
    assert yaml.safe_load(front) == {
        "title": "A Small Article",
        "description": "The full text of “A Small Article”, with its notes and an argument "
        "summary. First claim is made here. More text follows.",
    }
    assert "\n# A Small Article\n" in body
    assert (
        '[1](#p-1){ .ex-pnum title="Paragraph 1" } First claim is made here.[^i] More text follows.\n{ #p-1 .ex-para }'
        in body
    )
    assert "\n## A Heading Here { #s-a-heading-here }\n" in body
    assert (
        "Second claim comes now.[^ii] And &lt;b&gt;bold&lt;/b&gt; \\*stars\\* and \\[9\\].\n{ #p-2 .ex-para }"
        in body
    )
    assert "Roses are red,  \nviolets are blue.\n{ #p-3 .ex-para .ex-verse }" in body
    assert (
        "[^i]: Joe Gould, “A Title,” Defense News, September 25, 2019: <https://example.com/a>"
        in body
    )
    assert "[^ii]: Ibid., p. 4. *Same source as note [i](#fn:i):* Joe Gould" in body
    assert "`small.txt`" in body
    assert "/some/checkout" not in page


def test_article_page_html(small: Article) -> None:
    """Rendered like the site, the page links markers, notes and paragraphs."""
    soup = to_html(article_page(small).split("---\n", 2)[2])
    assert [p["id"] for p in soup.select("p.ex-para")] == ["p-1", "p-2", "p-3"]
    assert soup.select_one("p#p-3")["class"] == ["ex-para", "ex-verse"]
    assert soup.select_one("p#p-3 br") is not None
    assert [a["href"] for a in soup.select("a.footnote-ref")] == ["#fn:i", "#fn:ii"]
    assert [a.get_text() for a in soup.select("a.footnote-ref")] == ["i", "ii"]
    assert soup.select_one("h2#s-a-heading-here").get_text() == "A Heading Here"
    ibid = soup.select_one('li[id="fn:ii"]')
    assert ibid.select_one('a[href="#fn:i"]').get_text() == "i"
    assert soup.select_one('li[id="fn:i"] a[href="https://example.com/a"]') is not None
    second = soup.select_one("p#p-2")
    assert second.find("b") is None and second.find("em") is None
    assert "<b>bold</b> *stars* and [9]." in second.get_text()


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (None, ""),
        (PartialDate(1910), "1910"),
        (PartialDate(1909, 12), "December 1909"),
        (PartialDate(2022, 2, 1), "1 February 2022"),
    ],
)
def test_format_date(date: PartialDate | None, expected: str) -> None:
    """Dates show as precisely as they are known."""
    assert format_date(date) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ((), ""),
        (("A",), "A"),
        (("A", "B"), "A and B"),
        (("A", "B", "C"), "A, B and C"),
    ],
)
def test_join_names(names: tuple[str, ...], expected: str) -> None:
    """Names are joined as in a byline."""
    assert join_names(names) == expected


# Paragraph kinds, spans, apparatus and notes (hand-built articles) -----------------------------


def body_html(article: Article) -> BeautifulSoup:
    """An article page rendered like the site."""
    return to_html(article_page(article).split("---\n", 2)[2])


def one_section(*paragraphs: Paragraph, **fields: Any) -> Article:
    """An article whose paragraphs are all in one untitled section."""
    return Article(
        slug="t",
        source="sources/t.txt",
        title="T",
        sections=(Section(None, 1, "", paragraphs=paragraphs),),
        **fields,
    )


def item(number: int, text: str, marker: str, start: int, **fields: Any) -> Paragraph:
    """A list item."""
    return par(number, text, kind="list", list_marker=marker, list_start=start, **fields)


def test_list_items_are_numbered_paragraphs() -> None:
    """Each item is an `li#p-N.ex-para` with its ¶ link; consecutive items of one list share it."""
    soup = body_html(
        one_section(
            par(1, "Three proposals."),
            item(2, "Raise the budget for buses.", "1.", 2),
            item(3, "Build lanes <b>now</b>.", "2.", 2),
            item(4, "Bullet", "-", 4),
            item(5, "Another bullet", "•", 4),
            par(6, "After."),
        )
    )
    ol, ul = soup.select("ol"), soup.select("ul:not(.admonition ul)")
    assert len(ol) == 1 and len(ul) == 1
    assert ol[0].get("start") is None and ol[0].get("type") is None
    assert [li["id"] for li in ol[0].select("li")] == ["p-2", "p-3"]
    assert [li["id"] for li in ul[0].select("li")] == ["p-4", "p-5"]
    for li in soup.select("li.ex-para"):
        assert li["class"] == ["ex-para"]
        pnum = li.select_one("a.ex-pnum")
        assert pnum["href"] == f"#{li['id']}" and pnum.get_text() == li["id"][2:]
    assert "Build lanes <b>now</b>." in soup.select_one("li#p-3").get_text()
    assert soup.select_one("li#p-3 b") is None
    assert [p["id"] for p in soup.select(".ex-para")] == [f"p-{n}" for n in range(1, 7)]


@pytest.mark.parametrize(
    ("marker", "tag", "type_", "start"),
    [
        ("1.", "ol", None, None),
        ("3.", "ol", None, "3"),
        ("2)", "ol", None, "2"),
        ("a)", "ol", "a", None),
        ("(c)", "ol", "a", "3"),
        ("B.", "ol", "A", "2"),
        ("i.", "ol", "i", None),
        ("iv)", "ol", "i", "4"),
        ("XII.", "ol", "I", "12"),
        ("-", "ul", None, None),
        ("*", "ul", None, None),
        ("•", "ul", None, None),
        ("", "ul", None, None),
        ("Step", "ul", None, None),
    ],
)
def test_list_numbering_kept(marker: str, tag: str, type_: str | None, start: str | None) -> None:
    """The list's kind, numbering type and first number come from its first marker."""
    soup = body_html(one_section(item(1, "One", marker, 1), item(2, "Two", marker, 1)))
    lists = soup.select("ol, ul:not(.admonition ul)")
    assert len(lists) == 1
    assert (lists[0].name, lists[0].get("type"), lists[0].get("start")) == (tag, type_, start)


def test_list_numbering_examples() -> None:
    """Roman numerals are read as numbers; a lone `i` is roman, other letters are letters."""
    assert list_numbering("xiv.") == ("ol", "i", 14)
    assert list_numbering("c)") == ("ol", "a", 3)
    assert list_numbering("10.") == ("ol", "1", 10)


def test_two_lists_in_a_row_stay_apart() -> None:
    """A new `list_start`, or a break, starts a new list."""
    soup = body_html(
        one_section(
            item(1, "A", "1.", 1),
            item(2, "B", "2.", 1),
            item(3, "C", "1.", 3),
            item(4, "D", "2.", 3, break_before=True),
        )
    )
    assert [[li["id"] for li in ol.select("li")] for ol in soup.select("ol")] == [
        ["p-1", "p-2"],
        ["p-3"],
        ["p-4"],
    ]
    assert soup.select("ol")[2]["start"] == "2"
    assert len(soup.select("hr.ex-break")) == 1


def test_quotes_and_breaks() -> None:
    """Consecutive quotation paragraphs share one blockquote; a break is an `hr.ex-break`."""
    soup = body_html(
        one_section(
            par(1, "He wrote:"),
            par(2, "> First quoted.[i]", kind="quote"),
            par(3, "Second quoted.", kind="quote"),
            par(4, "Back in the text."),
            par(5, "After a break.", break_before=True),
            par(6, "Quote after a break.", kind="quote", break_before=True),
            notes=(note("i", "A note."),),
        )
    )
    quotes = soup.select("blockquote")
    assert [[p["id"] for p in q.select("p.ex-para")] for q in quotes] == [["p-2", "p-3"], ["p-6"]]
    assert "> First quoted." in soup.select_one("p#p-2").get_text()
    assert soup.select_one("p#p-2 a.footnote-ref")["href"] == "#fn:i"
    breaks = soup.select("hr.ex-break")
    assert len(breaks) == 2
    assert breaks[0].find_next_sibling("p")["id"] == "p-5"
    assert breaks[1].find_next_sibling().name == "blockquote"


PRE_TEXT = (
    "    Year    Tons[*]   \n"
    "  1913    *100* <b>\n"
    "\n"
    "- 1914      90\n"
    "# 1915  {{ x }}   `q` [not] 1. _u_\n"
    "      | a | b |"
)


def test_fixed_width_block_is_shown_exactly() -> None:
    """Every line and space of a `pre` paragraph is kept, nothing in it is read as markup,
    note markers still become footnote references, and it can be scrolled by keyboard."""
    soup = body_html(one_section(par(1, PRE_TEXT, kind="pre"), notes=(note("*", "Star."),)))
    block = soup.select_one("#p-1")
    assert block.name == "p" and block["class"] == ["ex-para", "ex-pre"]
    assert (
        block["tabindex"] == "0"
        and block["role"] == "region"
        and "Paragraph 1" in block["aria-label"]
    )
    assert block.select_one("a.ex-pnum").get_text() == "1"
    assert [a["href"] for a in block.select("a.footnote-ref")] == ["#fn:star"]
    for element in block.select("a.ex-pnum, sup"):
        element.decompose()
    shown = block.get_text().removeprefix("\n")
    expected = "\n".join(line.rstrip() for line in PRE_TEXT.replace("[*]", "").split("\n"))
    assert shown.replace("\n \n", "\n\n") == expected
    assert {tag.name for tag in block.find_all(True)} == set()


def test_verse_and_headings_by_level() -> None:
    """Verse keeps its line breaks; level-3 sections are `h3`, level-2 `h2`, anchors kept."""
    article = Article(
        slug="t",
        source="t.txt",
        title="T",
        sections=(
            Section("Part", 1, "s-part", 2, (par(1, "One,\ntwo.", kind="verse"),)),
            Section("Sub *part*", 2, "s-sub-part", 3, (par(2, "Text."),)),
        ),
    )
    soup = body_html(article)
    assert soup.select_one("h2#s-part").get_text() == "Part"
    assert soup.select_one("h3#s-sub-part").get_text() == "Sub *part*"
    assert soup.select_one("p#p-1 br") is not None


def test_apparatus_publication_salutation_signature() -> None:
    """Publication line under the meta line, salutation before and signature after the text,
    none of them numbered."""
    article = one_section(
        par(1, "Body."),
        authors=("Publius",),
        publication="From the New York Packet.",
        salutation="To the People of the State of New York:",
        signature="PUBLIUS.",
    )
    soup = body_html(article)
    meta = soup.select_one("p.ex-meta")
    publication = soup.select_one("p.ex-publication")
    assert publication.get_text() == "From the New York Packet."
    assert meta.find_next_sibling("p") is publication
    salutation = soup.select_one("p.ex-salutation")
    signature = soup.select_one("p.ex-signature")
    assert salutation.get_text() == "To the People of the State of New York:"
    assert signature.get_text() == "PUBLIUS."
    assert salutation.find_next_sibling("p")["id"] == "p-1"
    assert signature.find_previous_sibling("p")["id"] == "p-1"
    assert not salutation.get("id") and not signature.get("id")
    assert soup.select_one("p.ex-pnum, .ex-salutation .ex-pnum, .ex-signature .ex-pnum") is None
    assert "Original publication: From the New York Packet." in squash(
        soup.select_one(".admonition").get_text()
    )


def test_symbol_notes_end_to_end() -> None:
    """`*` and `†` notes get safe ids (`fn:star`, `fn:dagger`) and keep their printed labels."""
    article = one_section(
        par(1, "A claim.[*] Another.[†] Third.[**]"),
        notes=(note("*", "Star note."), note("†", "Dagger note."), note("**", "Two stars.")),
    )
    page = article_page(article)
    assert "[^star]" in page and "[^dagger]" in page and "[^star-2]" in page
    soup = body_html(article)
    refs = soup.select("p#p-1 a.footnote-ref")
    assert [(a["href"], a.get_text(), a["aria-label"]) for a in refs] == [
        ("#fn:star", "*", "Note *"),
        ("#fn:dagger", "†", "Note †"),
        ("#fn:star-2", "**", "Note **"),
    ]
    items = soup.select("div.footnote li")
    assert [(li["id"], li["data-label"]) for li in items] == [
        ("fn:star", "*"),
        ("fn:dagger", "†"),
        ("fn:star-2", "**"),
    ]
    assert soup.select_one("#fnref\\:dagger") is not None  # a plain CSS selector finds it
    assert items[1].select_one("a.footnote-backref")["href"] == "#fnref:dagger"


def test_multi_paragraph_note_with_a_table() -> None:
    """A note's paragraphs stay paragraphs; its fixed-width lines are a scrollable block."""
    text = (
        "The output of coal fell.\n\n"
        "In tons:\n"
        "     Year     Tons\n"
        "     1913    *292*\n"
        "     1919     <x>\n"
        "\n"
        "See https://example.org/coal for more."
    )
    article = one_section(
        par(1, "Claim.[12] Again.[ii]"),
        notes=(
            note("12", text, "source"),
            note("ii", "Ibid.", "repeat", repeats="12"),
        ),
    )
    soup = body_html(article)
    fn = soup.select_one('li[id="fn:12"]')
    paragraphs = fn.find_all("p", recursive=False)
    assert [p.get("class") for p in paragraphs] == [None, None, ["ex-pre"], None]
    assert paragraphs[0].get_text() == "The output of coal fell."
    assert paragraphs[1].get_text() == "In tons:"
    assert paragraphs[2].get_text() == "Year     Tons\n1913    *292*\n1919     <x>"
    assert paragraphs[2]["tabindex"] == "0" and "Note 12" in paragraphs[2]["aria-label"]
    assert paragraphs[3].select_one('a[href="https://example.org/coal"]') is not None
    assert paragraphs[3].select_one("a.footnote-backref") is not None
    ibid = soup.select_one('li[id="fn:ii"]')
    assert ibid.select_one('a[href="#fn:12"]').get_text() == "12"
    assert "Year     Tons" in ibid.get_text()


def test_note_ending_with_a_table_keeps_its_source_line() -> None:
    """The formatted source added to a note follows a final table as a paragraph of its own."""
    article = one_section(
        par(1, "Claim.[i]"), notes=(note("i", "Table:\n   a  b\n   1  2", "source"),)
    )
    source = ' <span class="ex-fn-source">Formatted source.</span>'
    cross = Crosslinks(term_links={}, terms=(), note_sources={"i": source})
    soup = to_html(article_page(article, cross).split("---\n", 2)[2])
    blocks = soup.select_one('li[id="fn:i"]').find_all("p", recursive=False)
    assert [b.get("class") for b in blocks] == [None, ["ex-pre"], None]
    assert blocks[1].get_text() == "a  b\n1  2"
    assert blocks[2].select_one("span.ex-fn-source").get_text() == "Formatted source."


def test_uncited_notes_with_paragraphs() -> None:
    """Notes the text never cites are listed with all their paragraphs."""
    article = one_section(
        par(1, "Claim.[i]"),
        notes=(note("i", "Cited."), note("†", "Never cited.\n\nSecond paragraph.")),
    )
    soup = body_html(article)
    listed = soup.select("ul > li")
    uncited = next(li for li in listed if "Never cited." in li.get_text())
    assert uncited.get_text().strip().startswith("[†] Never cited.")
    assert "Second paragraph." in uncited.get_text()


@pytest.mark.parametrize(
    ("removed", "expected"),
    [
        ((), ""),
        ((RemovedLine(1, "x", "comment form"),), "comment form (1 line)"),
        (
            (
                RemovedLine(1, "Share", "web boilerplate"),
                RemovedLine(30, "FOOTNOTES:", "notes heading"),
                RemovedLine(2, "Tweet", "web boilerplate"),
                RemovedLine(3, "Like", "web boilerplate"),
            ),
            "web boilerplate (3 lines), notes heading (1 line)",
        ),
        ((RemovedLine(1, "x", ""),), "no reason given (1 line)"),
        ((RemovedLine(1, "x", "<b>*odd*</b>"),), "&lt;b&gt;\\*odd\\*&lt;/b&gt; (1 line)"),
    ],
)
def test_removed_lines_by_reason(removed: tuple[RemovedLine, ...], expected: str) -> None:
    """The Source box names why each group of lines was removed."""
    assert removed_summary(removed) == expected
    box = source_box(one_section(par(1, "x"), removed=removed))
    assert ("Removed:" in box) == bool(removed)
    assert "web page furniture" not in box


# Spans: emphasis, strong, code and links combined with notes and glossary links ----------------


def term(text: str, phrase: str, slug: str = "hard-power") -> tuple[PhraseMatch, str, str]:
    """A glossary link on the first occurrence of `phrase` in `text`."""
    start = text.index(phrase)
    return (
        PhraseMatch(slug, start, start + len(phrase), phrase),
        f"../glossary.md#term-{slug}",
        f'.ex-term data-term="{slug}"',
    )


def inline(
    text: str,
    spans: tuple[Span, ...] = (),
    links: tuple[tuple[PhraseMatch, str, str], ...] = (),
    anchors: frozenset[str] = frozenset({"p-1", "s-background"}),
) -> BeautifulSoup:
    """A paragraph with spans rendered like the site: its `<p>`, without the ¶ link."""
    markdown_text = paragraph(par(1, text, spans=spans), {"i", "*"}, links, (), anchors)
    markdown_text += "\n\n[^i]: Note i.\n\n[^star]: Star note.\n"
    p = to_html(markdown_text).select_one("p#p-1")
    p.select_one("a.ex-pnum").decompose()
    return p


def shape(element: Tag) -> str:
    """The element's tags and text, as a compact string (`em(a)b`)."""
    parts = []
    for child in element.children:
        if isinstance(child, Tag):
            parts.append(f"{child.name}({shape(child)})")
        else:
            parts.append(str(child))
    return "".join(parts).strip()


S = Span


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("a bold b", (S(2, 6, "strong"),), "a strong(bold) b"),
        ("a it b", (S(2, 4, "em"),), "a em(it) b"),
        ("edge", (S(0, 4, "em"),), "em(edge)"),
        ("at start", (S(0, 2, "strong"),), "strong(at) start"),
        ("at end", (S(3, 6, "em"),), "at em(end)"),
        ("a b c", (S(0, 5, "strong"), S(2, 3, "em")), "strong(a em(b) c)"),
        ("a b c", (S(2, 3, "em"), S(0, 5, "em")), "em(a b c)"),  # em in em: inner dropped
        ("same", (S(0, 4, "em"), S(0, 4, "strong")), "strong(em(same))"),
        ("ab", (S(0, 1, "strong"), S(1, 2, "em")), "strong(a)em(b)"),
        ("crossing spans", (S(0, 8, "em"), S(3, 14, "strong")), "em(crossing) spans"),
        ("empty", (S(2, 2, "em"),), "empty"),
        ("reversed", (S(5, 2, "em"),), "reversed"),
        (
            "out of range",
            (S(-5, 3, "em"), S(7, 99, "strong"), S(50, 60, "em")),
            "em(out) of strong(range)",
        ),
        ("  spaced  out", (S(0, 9, "em"),), "em(spaced)  out"),
        ("   ", (S(0, 3, "strong"),), ""),
        ("a*b*c", (S(2, 3, "em"),), "a*em(b)*c"),
        ("back\\", (S(0, 5, "em"),), "em(back\\)"),
        ("x <b>&amp;</b> y", (S(2, 14, "strong"),), "x strong(<b>&amp;</b>) y"),
        ("run `a` <script>", (S(0, 16, "code"),), "code(run `a` <script>)"),
        ("code [i] here", (S(0, 13, "code"),), "code(code [i] here)"),
        ("code *x* here", (S(0, 13, "code"), S(5, 8, "em")), "code(code *x* here)"),
        ("mark[i] in em", (S(0, 13, "em"),), "em(marksup(a(i)) in em)"),
        ("mark[*] star", (), "marksup(a(*)) star"),
        (
            "half[i] cut",
            (S(0, 6, "em"),),
            "em(half[i)] cut",
        ),  # a marker across a span's edge is text
    ],
)
def test_spans_render(text: str, spans: tuple[Span, ...], expected: str) -> None:
    """Spans become emphasis, strong and code, nested or cut safely; the text survives."""
    assert shape(inline(text, spans)) == expected


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        ("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG"),
        ("mailto:editor@example.org", "mailto:editor@example.org"),
        ("https://example.org/<x>", "https://example.org/%3Cx%3E"),
        ("#p-1", "#p-1"),
        ("#Background", "#s-background"),
        ("#nowhere", None),
        ("#", None),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("file:///etc/passwd", None),
        ("ftp://example.org", None),
        ("//evil.example", None),
        ("relative/page.html", None),
        ("https://exa mple.org", None),
        ("https://example.org/\x00", None),
        ("https://example.org/\x85", None),
        ("https://", None),
        ("", None),
    ],
)
def test_link_spans_only_safe_addresses(href: str, expected: str | None) -> None:
    """Only web, mail and on-page addresses become links; the words stay either way."""
    assert link_target(href, frozenset({"p-1", "s-background"})) == expected
    p = inline("see this now", (S(4, 8, "link", href),))
    links = p.select("a[href]")
    assert p.get_text().strip() == "see this now"
    assert [a["href"] for a in links] == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("text", "spans", "phrase", "expected"),
    [
        # a glossary link inside emphasis works
        (
            "the hard power of states",
            (S(0, 24, "em"),),
            "hard power",
            "em(the a(hard power) of states)",
        ),
        ("the hard power", (S(4, 14, "strong"),), "hard power", "the strong(a(hard power))"),
        # a phrase crossing a span edge is dropped, its words kept
        ("the hard power", (S(0, 8, "em"),), "hard power", "em(the hard) power"),
        # a phrase inside a source link is dropped
        ("the hard power", (S(0, 14, "link", "https://e.org"),), "hard power", "a(the hard power)"),
        # a phrase inside code is dropped
        ("the hard power", (S(4, 14, "code"),), "hard power", "the code(hard power)"),
        # a note marker inside a link moves just after it
        (
            "see hard power[i] here",
            (S(0, 17, "link", "https://e.org"),),
            "hard power",
            "a(see hard power)sup(a(i)) here",
        ),
    ],
)
def test_spans_with_glossary_links_and_notes(
    text: str, spans: tuple[Span, ...], phrase: str, expected: str
) -> None:
    """Spans, glossary links and footnote references combine without broken links."""
    p = inline(text, spans, (term(text, phrase),))
    assert shape(p) == expected
    assert not p.select("a a")


def test_usable_spans_nest() -> None:
    """Kept spans are sorted outer first and never cross."""
    text = "abcdefghij"
    spans = [
        S(0, 10, "em"),
        S(2, 6, "strong"),
        S(4, 8, "code"),
        S(5, 9, "link", "https://e.org"),
        S(6, 7, "em"),
    ]
    kept = usable_spans(text, spans)
    assert kept == [S(0, 10, "em"), S(2, 6, "strong")]
    for a in kept:
        for b in kept:
            assert (
                b.end <= a.start
                or b.start >= a.end
                or (a.start <= b.start and b.end <= a.end)
                or (b.start <= a.start and a.end <= b.end)
            )


def test_many_spans_are_fast() -> None:
    """Thousands of spans and markers in one paragraph render quickly (no quadratic blow-up)."""
    text = "word[i] " * 3000
    spans = tuple(S(i * 8, i * 8 + 4, "em") for i in range(3000))
    html = paragraph(par(1, text, spans=spans), {"i"})
    assert html.count("[^i]") == 3000
