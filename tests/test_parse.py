"""Tests for explainer.parse.parse_article on small texts."""

from __future__ import annotations

import pytest

from explainer.model import Article, ImageCredit, PartialDate, Sidecar
from explainer.parse import normalize_text, parse_article

NOTES_ARTICLE = (
    "A Title\n"
    "\n"
    "First claim is made.[i] More text follows here.\n"
    "\n"
    "A wrapped paragraph starts here\n"
    "and its marker[ii] is on line six.[iii]\n"
    "\n"
    "[i] Joe Gould, “A Title,” Defense News, September 25, 2019.\n"
    "\n"
    "[ii] Ibid., p. 4.\n"
    "\n"
    "[iii] Just an explanatory comment\n"
    "wrapped over two lines.\n"
)


def parse(text: str, sidecar: Sidecar | None = None) -> Article:
    """Parse with a fixed source path and slug."""
    return parse_article(text, source="a.txt", slug="my-article", sidecar=sidecar)


def texts(article: Article) -> list[str]:
    """The paragraph texts of an article."""
    return [p.text for p in article.paragraphs]


def codes(article: Article) -> list[tuple[str, int, str]]:
    """Diagnostics as (file, line, code)."""
    return [(d.file, d.line, d.code) for d in article.diagnostics]


@pytest.mark.parametrize(
    ("text", "title", "title_line", "paragraphs"),
    [
        pytest.param(
            "My Title\n\nFirst paragraph.\n\nSecond one.",
            "My Title",
            1,
            ["First paragraph.", "Second one."],
            id="title",
        ),
        pytest.param(
            "\n\n  My Title\n\nBody.", "My Title", 3, ["Body."], id="title-after-blank-lines"
        ),
        pytest.param(
            "THE CRIMINAL AND THE LAW\n\nBody.",
            "The Criminal and the Law",
            1,
            ["Body."],
            id="caps-title",
        ),
        pytest.param(
            "This is a sentence, not a title, so it stays in the body.\n\nAnother paragraph.",
            "My article",
            0,
            ["This is a sentence, not a title, so it stays in the body.", "Another paragraph."],
            id="no-title",
        ),
        pytest.param("Only A Title", "Only A Title", 1, [], id="only-title"),
    ],
)
def test_title(text: str, title: str, title_line: int, paragraphs: list[str]) -> None:
    """The first short line is the title; otherwise the slug gives it."""
    article = parse(text)
    assert (article.title, article.title_line) == (title, title_line)
    assert texts(article) == paragraphs


def test_only_title_warns_no_body() -> None:
    """A file with only a title is reported, not silently published empty."""
    assert codes(parse("Only A Title")) == [("a.txt", 1, "no-body")]


def test_sidecar_overrides() -> None:
    """Sidecar title, dek, authors and date win over the text."""
    sidecar = Sidecar(title="Override", dek="A dek.", authors=("Ann Bee",), date="2021-05")
    article = parse("Some Title\n\nFebruary 1, 2022 Topic: X\n\nBody one.", sidecar)
    assert (article.title, article.dek, article.authors) == ("Override", "A dek.", ("Ann Bee",))
    assert article.date == PartialDate(2021, 5)
    assert article.title_line == 1
    assert texts(article) == ["Body one."]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
def test_line_endings_and_bom(newline: str, bom: str) -> None:
    """CRLF, lone CR and a BOM parse like plain LF, with the same lines and offsets."""
    text = bom + NOTES_ARTICLE.replace("\n", newline)
    article = parse(text)
    reference = parse(NOTES_ARTICLE)
    assert article.title == "A Title"
    assert article.paragraphs == reference.paragraphs
    assert article.notes == reference.notes
    assert article.diagnostics == reference.diagnostics
    normalized = normalize_text(text)
    assert normalized == NOTES_ARTICLE
    assert [normalized[r.start : r.end] for p in article.paragraphs for r in p.refs] == [
        "[i]",
        "[ii]",
        "[iii]",
    ]


def test_dateline() -> None:
    """A scraped dateline gives the date, topics, regions and split tags."""
    article = parse(
        "Title\n\nFebruary 1, 2022 Topic: Ukraine Crisis Region: Europe Tags: AbcDefNATOUkraineCrisis\n\nBody text here."
    )
    assert article.date == PartialDate(2022, 2, 1)
    assert article.topics == ("Ukraine Crisis",)
    assert article.regions == ("Europe",)
    assert article.tags == ("Abc", "Def", "NATO", "Ukraine Crisis")
    assert texts(article) == ["Body text here."]


@pytest.mark.parametrize(
    ("line", "authors", "date"),
    [
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe"), None),
        ("by Jane Doe", ("Jane Doe",), None),
        ("By Jane Doe, John Roe and Ann Bee", ("Jane Doe", "John Roe", "Ann Bee"), None),
        ("By Jane Doe | March 3, 2020", ("Jane Doe",), PartialDate(2020, 3, 3)),
    ],
)
def test_byline(line: str, authors: tuple[str, ...], date: PartialDate | None) -> None:
    """A byline under the title gives the authors (and a date after a bar)."""
    article = parse(f"Title\n\n{line}\n\nBody text here.")
    assert article.authors == authors
    assert article.date == date
    assert texts(article) == ["Body text here."]


@pytest.mark.parametrize(
    ("text", "removed", "paragraphs"),
    [
        pytest.param(
            "Title Here\n\nTitle Here\n\nBody.",
            [(3, "Title Here", "repeated title")],
            ["Body."],
            id="repeated-title",
        ),
        pytest.param(
            "Title Here\n\nTITLE HERE!\n\nBody.",
            [(3, "TITLE HERE!", "repeated title")],
            ["Body."],
            id="repeated-title-other-case",
        ),
        pytest.param(
            "Title\n\nBody one.\n\nBody two.\n\nLeave a Reply\n\nThis site uses Akismet to reduce spam. Learn how your comment data is processed.",
            [
                (7, "Leave a Reply", "comment form"),
                (
                    9,
                    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
                    "comment form",
                ),
            ],
            ["Body one.", "Body two."],
            id="comment-form",
        ),
        pytest.param(
            "Title\n\nBody one.\n\nShare this:\n\nBody two.\n\nThis site uses Akismet to reduce spam. Learn how your comment data is processed.",
            [
                (5, "Share this:", "web boilerplate"),
                (
                    9,
                    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
                    "web boilerplate",
                ),
            ],
            ["Body one.", "Body two."],
            id="boilerplate-lines",
        ),
    ],
)
def test_removed_lines(
    text: str, removed: list[tuple[int, str, str]], paragraphs: list[str]
) -> None:
    """Web furniture is dropped and listed with its line and reason."""
    article = parse(text)
    assert [(r.line, r.text, r.reason) for r in article.removed] == removed
    assert texts(article) == paragraphs


@pytest.mark.parametrize(
    ("block", "image"),
    [
        pytest.param(
            "Soldiers train at a base in the west. Photo credit: Jane Doe/Agency.",
            ImageCredit("Soldiers train at a base in the west.", "Jane Doe/Agency", 3),
            id="photo-credit",
        ),
        pytest.param(
            "An advisor greets counterparts. Photo Creidt: Wisconsin Dept of Military Affairs, U.S. Army.",
            ImageCredit(
                "An advisor greets counterparts.",
                "Wisconsin Dept of Military Affairs, U.S. Army",
                3,
            ),
            id="misspelt-label",
        ),
        pytest.param(
            "Soldiers train at a base.\nImage: Reuters.",
            ImageCredit("Soldiers train at a base.", "Reuters", 3),
            id="caption-then-image-line",
        ),
        pytest.param("Image: Reuters.", ImageCredit("", "Reuters", 3), id="credit-only"),
    ],
)
def test_image_caption_in_head(block: str, image: ImageCredit) -> None:
    """The lead image caption and credit are taken out of the head."""
    article = parse(f"Title\n\n{block}\n\nBody text here is a sentence.")
    assert article.image == image
    assert texts(article) == ["Body text here is a sentence."]


def test_image_credit_and_bio_at_end() -> None:
    """A closing author bio and image credit leave the body and fill authors."""
    bio = "Ira Straus is an independent foreign affairs analyst and Chair of the Center."
    article = parse(
        f"Title\n\nBody paragraph one.\n\nBody paragraph two.\n\n{bio}\n\nImage: Reuters."
    )
    assert article.bio == bio
    assert article.authors == ("Ira Straus",)
    assert article.image == ImageCredit("", "Reuters", 9)
    assert texts(article) == ["Body paragraph one.", "Body paragraph two."]


def test_dek_when_first_paragraph_repeats() -> None:
    """A first paragraph that the text repeats later is the standfirst."""
    article = parse(
        "Title\n\nArming Ukraine deters Russia.\n\nSome paragraph first.\n\nAs I said, arming Ukraine deters Russia. And more."
    )
    assert article.dek == "Arming Ukraine deters Russia."
    assert texts(article) == [
        "Some paragraph first.",
        "As I said, arming Ukraine deters Russia. And more.",
    ]
    assert [p.number for p in article.paragraphs] == [1, 2]


def test_no_dek_without_repeat() -> None:
    """An ordinary first paragraph stays in the body."""
    article = parse("Title\n\nFirst paragraph.\n\nSecond paragraph.")
    assert article.dek == ""
    assert texts(article) == ["First paragraph.", "Second paragraph."]


def test_headings_and_sections() -> None:
    """Short capitalised lines open sections with stable anchors; prose stays prose."""
    article = parse(
        "Title\n\nIntro paragraph text.\n\nA Heading Here\n\nParagraph under heading.\n\n"
        "Why It Matters?\n\nMore text.\n\nA Heading Here\n\nSame heading again."
    )
    assert [(s.heading, s.line, s.anchor) for s in article.sections] == [
        (None, 3, ""),
        ("A Heading Here", 5, "s-a-heading-here"),
        ("Why It Matters?", 9, "s-why-it-matters"),
        ("A Heading Here", 13, "s-a-heading-here-2"),
    ]
    assert [[p.number for p in s.paragraphs] for s in article.sections] == [[1], [2], [3], [4]]


@pytest.mark.parametrize(
    "line",
    [
        "This paragraph is a full sentence and ends with a stop.",
        "Short line,",
        "“A quotation on its own line”",
    ],
)
def test_not_a_heading(line: str) -> None:
    """Sentences and quotations are paragraphs, not headings."""
    article = parse(f"Title\n\nIntro.\n\n{line}\n\nMore text.")
    assert [s.heading for s in article.sections] == [None]
    assert texts(article) == ["Intro.", line, "More text."]


def test_short_paragraph_ending_with_marker_is_not_a_heading() -> None:
    """A one-line sentence whose marker follows the full stop stays a cited paragraph."""
    article = parse(
        "Title\n\nAid rose sharply.[i]\n\nAnd then it fell.\n\n[i] Joe Gould, “Aid,” Defense News, 2019."
    )
    assert [s.heading for s in article.sections] == [None]
    assert texts(article) == ["Aid rose sharply.[i]", "And then it fell."]
    assert [r.label for r in article.paragraphs[0].refs] == ["i"]
    assert codes(article) == []


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "This paragraph is hard\nwrapped over three\nlines of text.",
            "This paragraph is hard wrapped over three lines of text.",
        ),
        ("A self-\nevident truth.", "A self-evident truth."),
        ("Spaces   inside\tand\n   around  lines.", "Spaces inside and around lines."),
    ],
)
def test_hard_wraps_joined(block: str, expected: str) -> None:
    """Hard-wrapped lines are joined with single spaces."""
    article = parse(f"Title\n\n{block}\n\nEnd.")
    assert texts(article) == [expected, "End."]
    assert (article.paragraphs[0].line, article.paragraphs[0].end_line) == (
        3,
        2 + block.count("\n") + 1,
    )


def test_verse_kept() -> None:
    """An indented block keeps its line breaks as verse."""
    text = "Title\n\nShe wrote:\n\n    Roses are red,\n    violets are blue.\n\nAfter the poem."
    article = parse(text)
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("prose", "She wrote:"),
        ("verse", "Roses are red,\nviolets are blue."),
        ("prose", "After the poem."),
    ]
    assert (article.paragraphs[1].start, article.paragraphs[1].line) == (text.index("Roses"), 5)


def test_markers_attached_to_paragraphs() -> None:
    """Markers land in their paragraph with label, line and exact offsets."""
    article = parse(NOTES_ARTICLE)
    refs = [
        [(r.label, r.line, NOTES_ARTICLE[r.start : r.end]) for r in p.refs]
        for p in article.paragraphs
    ]
    assert refs == [[("i", 3, "[i]")], [("ii", 6, "[ii]"), ("iii", 6, "[iii]")]]
    assert [p.start for p in article.paragraphs] == [
        NOTES_ARTICLE.index("First claim"),
        NOTES_ARTICLE.index("A wrapped"),
    ]
    assert codes(article) == []


def test_notes_parsed() -> None:
    """Notes keep label, joined text, line, exact span, reference and Ibid. target."""
    article = parse(NOTES_ARTICLE)
    assert [(n.label, n.text, n.line, n.repeats, n.reference.kind) for n in article.notes] == [
        ("i", "Joe Gould, “A Title,” Defense News, September 25, 2019.", 8, None, "source"),
        ("ii", "Ibid., p. 4.", 10, "i", "repeat"),
        ("iii", "Just an explanatory comment wrapped over two lines.", 12, None, "comment"),
    ]
    spans = [NOTES_ARTICLE[n.start : n.end] for n in article.notes]
    assert spans == [
        "[i] Joe Gould, “A Title,” Defense News, September 25, 2019.",
        "[ii] Ibid., p. 4.",
        "[iii] Just an explanatory comment\nwrapped over two lines.",
    ]


def test_numbered_notes_under_heading() -> None:
    """`1.` lines are notes under a Notes heading, which is removed."""
    article = parse(
        "Title\n\nBody claim one.[1] Claim two.[2]\n\nNotes\n\n1. First note.\n2. Second note."
    )
    assert [(n.label, n.text) for n in article.notes] == [
        ("1", "First note."),
        ("2", "Second note."),
    ]
    assert [r.label for r in article.paragraphs[0].refs] == ["1", "2"]
    assert [(r.line, r.reason) for r in article.removed] == [(5, "notes heading")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Title\n\nClaim one is here.[1] Claim two is here.[2]\n\n[1] A note about it.",
            [("a.txt", 3, "note-missing")],
            id="marker-without-note",
        ),
        pytest.param(
            "Title\n\nClaim one is here.[1] And more.\n\n[1] A note about it.\n\n[2] Never cited anywhere.",
            [("a.txt", 7, "note-uncited")],
            id="note-never-cited",
        ),
        pytest.param(
            "Title\n\nClaim one is here.[1] And more.\n\n[1] A note about it.\n\n[1] The same label again.",
            [("a.txt", 7, "note-duplicate")],
            id="repeated-label-cited-once",
        ),
        pytest.param(
            "Title\n\nA paragraph first.\n\nClaim one is here.[^3] And more follows.",
            [("a.txt", 5, "note-missing")],
            id="caret-marker-without-notes-list",
        ),
        pytest.param(
            "Title\n\nIn the list [1] of things [2] nothing is a note.",
            [],
            id="numbers-in-brackets-without-notes",
        ),
    ],
)
def test_note_warnings(text: str, expected: list[tuple[str, int, str]]) -> None:
    """Marker/note mismatches are warnings naming the file and line."""
    article = parse(text)
    assert codes(article) == expected
    assert all(d.severity == "warning" for d in article.diagnostics)


def test_a_repeated_label_is_told_apart() -> None:
    """Two notes printed with one label are both kept, the second as `1(2)`; each marker
    goes to the first note after it that no earlier marker took."""
    article = parse("Title\n\nClaim.[1] And more text.[1]\n\n[1] First.\n\n[1] Second.")
    assert [(n.label, n.text) for n in article.notes] == [("1", "First."), ("1(2)", "Second.")]
    assert article.paragraphs[0].text == "Claim.[1] And more text.[1(2)]"


def test_asterisks_that_restart_under_each_paragraph() -> None:
    text = (
        "Title\n\nThe first claim of the essay is made here.*\n\n* A first note.\n\n"
        "The second claim of the essay is made here.*\n\n* A second note.\n"
    )
    article = parse(text)
    assert [(n.label, n.text) for n in article.notes] == [("*", "A first note."), ("*(2)", "A second note.")]
    assert [p.text for p in article.paragraphs] == [
        "The first claim of the essay is made here.[*]",
        "The second claim of the essay is made here.[*(2)]",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "The code <script>alert(1)</script> is shown as text here.",
        "Stars *like this* and **bold** stay as they are.",
        "Under_scores and snake_case_names stay as they are.",
        "# not a heading but a hash line with many words in it.",
        "Braces {{ page.title }} and {% raw %} and &amp; stay.",
        "A [link](http://example.org) and `code` stay too.",
    ],
)
def test_markup_survives_unchanged(line: str) -> None:
    """Markdown/HTML-looking text reaches the paragraph unchanged."""
    article = parse(f"Title\n\nIntro paragraph.\n\n{line}\n\nLast paragraph.")
    assert texts(article) == ["Intro paragraph.", line, "Last paragraph."]


@pytest.mark.parametrize(
    ("line", "kind", "marker", "text"),
    [
        ("1. a numbered line that is a sentence of prose.", "list", "1.", "a numbered line that is a sentence of prose."),
        ("- a dash line that is a sentence of prose, no list.", "list", "-", "a dash line that is a sentence of prose, no list."),
        ("Gutenberg _emphasis_ is read.", "prose", "", "Gutenberg emphasis is read."),
    ],
)
def test_plain_text_conventions(line: str, kind: str, marker: str, text: str) -> None:
    """A line starting with a list marker is a list item; `_x_` is emphasis, its underscores gone."""
    article = parse(f"Title\n\nIntro paragraph.\n\n{line}\n\nLast paragraph.")
    paragraph = article.paragraphs[1]
    assert (paragraph.kind, paragraph.list_marker, paragraph.text) == (kind, marker, text)


def test_markup_on_continuation_lines_survives() -> None:
    """Line-start markup inside a wrapped paragraph is joined, not interpreted."""
    article = parse(
        "Title\n\nThe tag\n#hashtag is popular and the\n1. list is\n* not a list.\n\nEnd."
    )
    assert texts(article)[0] == "The tag #hashtag is popular and the 1. list is * not a list."


@pytest.mark.parametrize("text", ["", "\n\n", "  \n\t\n \u00a0 \n", "\ufeff", "\r\n\r\n"])
def test_empty_text_is_an_error(text: str) -> None:
    """Empty or whitespace-only text gives an error diagnostic and no body."""
    article = parse(text)
    assert [(d.file, d.line, d.code, d.severity) for d in article.diagnostics] == [
        ("a.txt", 0, "empty-source", "error")
    ]
    assert article.sections == ()
    assert article.title == "My article"


def test_paragraph_numbers_in_order_and_stable() -> None:
    """Numbers run 1..n across sections and do not move when furniture is added."""
    body = "Title\n\nOne.\n\nA Heading\n\nTwo.\n\nThree.\n\nAnother Heading\n\nFour."
    article = parse(body)
    assert [p.number for p in article.paragraphs] == [1, 2, 3, 4]
    assert texts(article) == ["One.", "Two.", "Three.", "Four."]
    noisy = parse(
        body.replace("Three.", "Share this:\n\nThree.") + "\n\nLeave a Reply\n\nComment text."
    )
    assert [(p.number, p.text) for p in noisy.paragraphs] == [
        (p.number, p.text) for p in article.paragraphs
    ]
    assert parse(body) == article
