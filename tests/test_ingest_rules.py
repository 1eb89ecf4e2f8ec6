"""Table tests for the parser's rules, one table per stage (head, tail, notes, body, layout,
Markdown). Every text here is invented; the wild corpus (test_wild_corpus.py) measures the
same rules on real texts.
"""

from __future__ import annotations

import pytest

from explainer.model import Article, PartialDate
from explainer.parse import parse_article

BODY = "The council met on Tuesday and voted to keep the old bus routes for another year."
"""A plain body paragraph that no rule mistakes for apparatus."""
MORE = "Riders were pleased, and the drivers said they would work the late shifts."
"""A second body paragraph."""


def parse(text: str, source: str = "a.txt") -> Article:
    return parse_article(text, source=source, slug="a", markdown=source.endswith(".md"))


def roles(article: Article) -> dict[str, str]:
    """First line of each block → its role."""
    return {r.text: r.role for r in article.layout}


# --- head -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "title"),
    [
        pytest.param("THE CASE FOR NIGHT BUSES", "The Case for Night Buses", id="caps-title"),
        pytest.param("CHAPTER IV", "Chapter IV", id="caps-roman-numeral"),
        pytest.param("ESSAY No. 7\n\nON THE PRICE OF BREAD", "Essay No. 7: On the Price of Bread", id="number-line-and-title"),
        pytest.param("What Should Towns Do?", "What Should Towns Do?", id="question-title"),
    ],
)
def test_titles(head: str, title: str) -> None:
    """ALL-CAPS titles are title-cased (numerals, acronyms, initialisms kept); a number line
    is joined to the title under it."""
    article = parse(f"{head}\n\n{BODY}")
    assert article.title == title
    assert [p.text for p in article.paragraphs] == [BODY]


def test_a_title_in_capitals_keeps_the_acronyms_the_text_uses() -> None:
    body = "NATO and the EU met in Oslo, and the U.S. sent a minister to the talks."
    article = parse(f"WHY NATO AND THE U.S. DISAGREE ON BUSES\n\n{body}")
    assert article.title == "Why NATO and the U.S. Disagree on Buses"


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        pytest.param("By Ann Lee", ("Ann Lee",), id="by"),
        pytest.param("By: Ann Lee, Raj Patel, Tom Wu", ("Ann Lee", "Raj Patel", "Tom Wu"), id="by-colon-three"),
        pytest.param("Ann Lee, Senior Fellow", ("Ann Lee",), id="name-role"),
        pytest.param("By Deputy Transport Secretary Ann Lee", ("Ann Lee",), id="job-title-before-name"),
        pytest.param("ANN LEE", ("Ann Lee",), id="caps-name"),
        pytest.param("LEE OR PATEL", ("Lee", "Patel"), id="caps-or"),
        pytest.param("*By: Ann Lee*", ("Ann Lee",), id="emphasised-by"),
    ],
)
def test_bylines(line: str, authors: tuple[str, ...]) -> None:
    """Bylines in the common forms give the authors and are not paragraphs."""
    article = parse(f"Night Buses\n\n{line}\n\n{BODY}")
    assert article.authors == authors
    assert [p.text for p in article.paragraphs] == [BODY]


@pytest.mark.parametrize(
    ("line", "date"),
    [
        pytest.param("Friday, March 3, 1899.", PartialDate(1899, 3, 3), id="weekday"),
        pytest.param("3 Feb 2022", PartialDate(2022, 2, 3), id="day-month"),
        pytest.param("2022-02-03", PartialDate(2022, 2, 3), id="iso"),
        pytest.param("Updated February 3, 2022", PartialDate(2022, 2, 3), id="updated"),
        pytest.param("Published: 3 February 2022", PartialDate(2022, 2, 3), id="published"),
        pytest.param("LEEDS, March 1901.", PartialDate(1901, 3), id="place-prefix"),
    ],
)
def test_datelines(line: str, date: PartialDate) -> None:
    """A dateline under the title gives the date and is not a paragraph."""
    article = parse(f"Night Buses\n\n{line}\n\n{BODY}")
    assert article.date == date
    assert [p.text for p in article.paragraphs] == [BODY]


@pytest.mark.parametrize(
    ("lines", "field", "value"),
    [
        pytest.param("From the Evening Courier.", "publication", "From the Evening Courier.", id="from-the"),
        pytest.param("Originally published in The Weekly Ledger.", "publication", "Originally published in The Weekly Ledger.", id="originally"),
        pytest.param("To the Citizens of Leeds:", "salutation", "To the Citizens of Leeds:", id="to-the-colon"),
        pytest.param("Dear Editor,", "salutation", "Dear Editor,", id="dear"),
        pytest.param("TO THE EDITOR.\n\nSIR,", "salutation", "TO THE EDITOR. SIR,", id="addressee-and-sir"),
    ],
)
def test_publication_lines_and_salutations(lines: str, field: str, value: str) -> None:
    """Publication lines and salutations are kept on the article, not numbered."""
    article = parse(f"Night Buses\n\n{lines}\n\n{BODY}")
    assert getattr(article, field) == value
    assert [p.text for p in article.paragraphs] == [BODY]


def test_a_letter_dated_under_its_salutation() -> None:
    """`Place, Month Day.` with no year under the salutation is the letter's dateline."""
    article = parse(f"No. 12\n\nTO THE EDITOR.\n\nSIR,\n\nMill Lane, Oct. 3.\n\n{BODY}")
    assert article.title == "No. 12"
    assert roles(article)["Mill Lane, Oct. 3."] == "dateline"
    assert [p.text for p in article.paragraphs] == [BODY]


def test_two_line_subtitle_is_one_subtitle() -> None:
    article = parse(f"NIGHT BUSES\n\nWHY THE LAST BUS HOME\nMATTERS TO A CITY\n\n{BODY}")
    assert article.dek == "Why the Last Bus Home Matters to a City"
    assert [p.text for p in article.paragraphs] == [BODY]


def test_front_matter_title_keeps_the_first_line_in_the_text() -> None:
    """With a title in the front matter, a first line that is not the title is not taken as one."""
    text = f"---\ntitle: Night Buses\n---\n\n*By: Ann Lee*\n\n{BODY}\n"
    article = parse(text, "a.md")
    assert article.title == "Night Buses"
    assert article.authors == ("Ann Lee",)


def test_a_site_account_gives_way_to_the_byline() -> None:
    """`author: cityblog` in front matter is an account; the byline in the text names people."""
    text = f"---\ntitle: Night Buses\nauthor: cityblog\n---\n\nBy: Ann Lee, Raj Patel\n\n{BODY}\n"
    assert parse(text, "a.md").authors == ("Ann Lee", "Raj Patel")
    plain = f"---\ntitle: Night Buses\nauthor: cityblog\n---\n\n{BODY}\n"
    assert parse(plain, "a.md").authors == ("cityblog",)


# --- tail -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "signature", "authors"),
    [
        pytest.param("CIVIS.", "CIVIS.", ("Civis",), id="caps-pen-name"),
        pytest.param("— A. B.", "— A. B.", ("A. B.",), id="dash-initials"),
        pytest.param("I am, Sir,\nYour obedient servant,\n\nA TAXPAYER.", "A TAXPAYER.", ("A Taxpayer",), id="valediction"),
    ],
)
def test_signatures(tail: str, signature: str, authors: tuple[str, ...]) -> None:
    """A signature closes the letter; it and its valediction are not paragraphs."""
    article = parse(f"Night Buses\n\n{BODY}\n\n{tail}\n")
    assert article.signature == signature
    assert article.authors == authors
    assert [p.text for p in article.paragraphs] == [BODY]


def test_dateline_after_signature() -> None:
    article = parse(f"Night Buses\n\n{BODY}\n\nCIVIS.\n\nLEEDS, March 3, 1901.\n")
    assert article.date == PartialDate(1901, 3, 3)
    assert [p.text for p in article.paragraphs] == [BODY]


def test_bio_at_the_end() -> None:
    article = parse(f"Night Buses\n\n{BODY}\n\nAnn Lee is a transport planner in Leeds.\n")
    assert article.bio == "Ann Lee is a transport planner in Leeds."
    assert article.authors == ("Ann Lee",)


@pytest.mark.parametrize("mark", ["###", "\\###", "# # #", "-30-", "ENDS"])
def test_end_of_release_mark_is_furniture(mark: str) -> None:
    article = parse(f"Night Buses\n\n{BODY}\n\n{mark}\n")
    assert [p.text for p in article.paragraphs] == [BODY]
    assert [r.reason for r in article.removed] == ["end-of-release mark"]


def test_closing_tag_list_gives_tags() -> None:
    article = parse(f"Night Buses\n\n{BODY}\n\nTags\n\nbuses\nnight-transport\ncity budget\n")
    assert article.tags == ("buses", "night-transport", "city budget")
    assert [p.text for p in article.paragraphs] == [BODY]
    assert not [s.heading for s in article.sections if s.heading]


def test_creative_commons_image_attribution_is_a_credit() -> None:
    line = "“Bus stop at dusk” by A. Painter is licensed under CC BY 2.0"
    article = parse(f"Night Buses\n\nBy Ann Lee\n\n{line}\n\n{BODY}")
    assert article.image is not None and "A. Painter" in article.image.credit
    assert [p.text for p in article.paragraphs] == [BODY]


# --- notes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "notes", "labels"),
    [
        pytest.param("Rents rose.[1]", "Notes\n\n[1] A note.", ["1"], id="bracket-under-heading"),
        pytest.param("Rents rose.[^1]", "[^1]: A note.", ["1"], id="caret"),
        pytest.param("Rents rose.¹", "¹ A note.", ["1"], id="superscript"),
        pytest.param("Rents rose.*", "* A note.", ["*"], id="symbol"),
        pytest.param("Rents rose.* Fares fell.†", "* A note.\n† Another note.", ["*", "†"], id="symbols-on-consecutive-lines"),
        pytest.param("Rents rose,1 and fares fell.2", "CIVIS.\n\n1 A note.\n\n2 Another note.", ["1", "2"], id="bare-digits-after-signature"),
        pytest.param("Rents rose.[1]", "FOOTNOTES:\n\n[1] A note.\n\nIt goes on here.", ["1"], id="footnotes-colon-two-paragraphs"),
    ],
)
def test_note_forms(body: str, notes: str, labels: list[str]) -> None:
    """Notes in every common form are found and none is left as a paragraph."""
    article = parse(f"Night Buses\n\n{body}\n\n{notes}\n")
    assert [n.label for n in article.notes] == labels
    assert len(article.paragraphs) == 1


def test_a_note_glued_under_the_signature() -> None:
    article = parse(f"Night Buses\n\n{BODY}[1]\n\nCIVIS.\n[1] Written in 1901.\n")
    assert article.signature == "CIVIS."
    assert [n.label for n in article.notes] == ["1"]


def test_a_note_in_place_keeps_its_second_paragraph_set_off_like_it() -> None:
    """A note standing in the text after a wider gap keeps the paragraph under it that the
    same gap closes; the text after the gap is body again."""
    text = (
        f"Night Buses\n\nRents rose.[1]\n\n\n[1] A note.\n\nIts second paragraph.\n\n\n{BODY}\n\n"
        "Fares fell as well in the spring.\n"
    )
    article = parse(text)
    assert article.notes[0].text == "A note.\n\nIts second paragraph."
    assert [p.text for p in article.paragraphs][1:] == [BODY, "Fares fell as well in the spring."]


def test_one_bracketed_note_does_not_take_the_text_after_it() -> None:
    text = f"Night Buses\n\nRents rose.[1]\n\n[1] A note.\n\n{BODY}\n"
    article = parse(text)
    assert [n.text for n in article.notes] == ["A note."]
    assert [p.text for p in article.paragraphs] == ["Rents rose.[1]", BODY]


# --- body -----------------------------------------------------------------------------------


def test_lists_each_item_a_paragraph() -> None:
    text = f"Night Buses\n\n{BODY}\n\n1. Run buses all night.\n2. Publish the timetable.\n\n- fares\n- routes\n"
    article = parse(text)
    assert [(p.kind, p.list_marker) for p in article.paragraphs[1:]] == [
        ("list", "1."), ("list", "2."), ("list", "-"), ("list", "-"),
    ]


@pytest.mark.parametrize(
    ("heading", "text"),
    [
        pytest.param("WHAT THE COUNCIL SAID", "What the Council Said", id="caps"),
        pytest.param("II.", "II", id="roman"),
        pytest.param("2. The Budget", "2. The Budget", id="numbered"),
    ],
)
def test_heading_forms(heading: str, text: str) -> None:
    article = parse(f"Night Buses\n\n{BODY}\n\n{heading}\n\n{MORE}\n")
    assert [s.heading for s in article.sections if s.heading] == [text]
    assert len(article.paragraphs) == 2


def test_quotes_tables_and_breaks() -> None:
    table = "Year      Riders\n1999      1,200\n2000      1,450"
    quote = (
        "    “We need the late bus more than any other service in the city,” a nurse who\n"
        "    works the night shift at the hospital told the council at its meeting, “and\n"
        "    we need it to run on time, every night of the week, all through the year.”"
    )
    text = f"Night Buses\n\n{BODY}\n\n{quote}\n\n{table}\n\n* * *\n\n{MORE}\n"
    article = parse(text)
    kinds = [p.kind for p in article.paragraphs]
    assert kinds == ["prose", "quote", "pre", "prose"]
    assert article.paragraphs[2].text.splitlines()[1].startswith("1999      1,200")
    assert article.paragraphs[3].break_before


def test_gutenberg_conventions() -> None:
    article = parse("Night Buses\n\nThe _last_ bus--the one at midnight--is full.\n")
    assert article.paragraphs[0].text == "The last bus—the one at midnight—is full."
    assert [s.kind for s in article.paragraphs[0].spans] == ["em"]


# --- layout ---------------------------------------------------------------------------------


def test_double_spacing_undone_with_a_notice() -> None:
    """A blank line after every wrapped line: undone, paragraphs found again, and said."""
    wrapped = [
        "The council met on Tuesday and voted to keep the old",
        "bus routes for another year, after a long debate in",
        "which riders and drivers spoke for the night service.",
        "    Riders were pleased. The drivers said that they",
        "would work the late shifts if the council paid for",
        "the extra hours, and the union agreed to the terms.",
        "    The budget was set in March. It gives the buses",
        "a little more than last year, and the fares stay the",
        "same for children and for people over sixty-five.",
        "    Next year the council will look at the routes",
        "again, with a survey of riders in every district of",
        "the city and a public meeting in the town hall.",
    ]
    article = parse("Night Buses\n\n" + "\n\n".join(wrapped) + "\n")
    assert len(article.paragraphs) == 4
    assert article.paragraphs[1].text.startswith("Riders were pleased. The drivers said that they would")
    assert any(d.code == "double-spacing" and d.severity == "info" for d in article.diagnostics)


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_post() -> None:
    text = (
        "# Night Buses\n\n"
        "The **last** bus is [full][1] and <b>busy</b>.\n\n"
        "## Background\n\n"
        "* fares\n* routes\n\n"
        "> A quotation.\n\n"
        "[1]: https://example.org/buses\n"
    )
    article = parse(text, "a.md")
    assert article.title == "Night Buses"
    assert [s.heading for s in article.sections if s.heading] == ["Background"]
    first = article.paragraphs[0]
    assert first.text == "The last bus is full and busy."
    assert {s.kind for s in first.spans} >= {"strong", "link"}
    assert any(s.href == "https://example.org/buses" for s in first.spans)
    assert [p.kind for p in article.paragraphs[1:]] == ["list", "list", "quote"]


@pytest.mark.parametrize("source", ["a.txt", "a.md"])
def test_a_short_last_list_item_is_not_a_heading(source: str) -> None:
    text = f"Night Buses\n\n{BODY}\n\n1. Count the riders.\n2. Draw the routes.\n3. Publish\n\n{MORE}\n"
    article = parse(text, source)
    assert [p.kind for p in article.paragraphs] == ["prose", "list", "list", "list", "prose"]
    assert not [s.heading for s in article.sections if s.heading]


@pytest.mark.parametrize(
    ("line", "date", "publication"),
    [
        pytest.param("1901, first published as: The Lamp", PartialDate(1901), "1901, first published as: The Lamp", id="year-and-original-title"),
    ],
)
def test_a_year_line_under_the_byline_is_a_publication_line(line: str, date: PartialDate, publication: str) -> None:
    article = parse(f"Night Buses\n\nby Ann Lee\n\n{line}\n\n{BODY}\n")
    assert (article.date, article.publication) == (date, publication)
    assert [p.text for p in article.paragraphs] == [BODY]


def test_a_chapter_synopsis_is_the_subtitle() -> None:
    synopsis = (
        "Routes described--Little use of the night service, from the\n"
        "want of timetables--The principal objection to late buses has never\n"
        "been fairly answered--Nature of the costs--Outline of the\n"
        "argument of the chapter"
    )
    article = parse(f"CHAPTER 2\n\n{synopsis}\n\n{BODY}\n")
    assert article.title == "Chapter 2"
    assert article.dek.startswith("Routes described—Little use of the night service")
    assert [p.text for p in article.paragraphs] == [BODY]


def test_a_letter_opening_under_a_motto() -> None:
    """The motto stays the first paragraph; the address, salutation and dateline under it
    are read as the letter's opening."""
    text = (
        f"No. 7\n\n  _Festina lente._      Suet. Aug. 25.\n  Make haste slowly.\n\n"
        f"TO THE EDITOR.\n\nSIR,\n\nMill Lane, Oct. 3.\n\n{BODY}\n"
    )
    article = parse(text)
    assert article.salutation == "TO THE EDITOR. SIR,"
    assert len(article.paragraphs) == 2
    assert article.paragraphs[1].text == BODY


@pytest.mark.parametrize("line", ["Read the full piece below:", "*Read the full op-ed here:*", "Read more:"])
def test_lead_in_to_the_full_text_is_furniture(line: str) -> None:
    article = parse(f"Night Buses\n\n{BODY}\n\n{line}\n\n{MORE}\n")
    assert [p.text for p in article.paragraphs] == [BODY, MORE]


# --- rules found on the first held-out set (each reproduced here on an invented text) ------


def test_a_field_header_gives_title_authors_and_date() -> None:
    header = "Memo: 12\nTitle: Night Buses for All\nAuthor: Ann Lee, Raj Patel\nStatus: Draft\nCreated: 21-Oct-2009"
    article = parse(f"{header}\n\n{BODY}\n")
    assert article.title == "Night Buses for All"
    assert article.authors == ("Ann Lee", "Raj Patel")
    assert article.date == PartialDate(2009, 10, 21)
    assert [p.text for p in article.paragraphs] == [BODY]


def test_underlined_headings_and_restructuredtext_notes() -> None:
    text = (
        "Night Buses\n===========\n\nThe routes\n----------\n\n"
        f"{BODY} [1]_\n\nReferences\n==========\n\n.. [1] Ann Lee, “Night routes,” The Daily Record, May 1, 2019.\n\n"
        "Copyright\n=========\n\nThis document has been placed in the public domain.\n"
    )
    article = parse(text)
    assert article.title == "Night Buses"
    assert [s.heading for s in article.sections if s.heading] == ["The routes"]
    assert [n.label for n in article.notes] == ["1"]
    assert [p.text for p in article.paragraphs] == [BODY + " [1]"]


def test_notes_numbered_in_parentheses() -> None:
    text = f"Night Buses\n\nThe buses are late.(1) {BODY}\n\nNOTES to CHAPTER II\n\n(1) The drivers say so.\n"
    article = parse(text)
    assert [n.label for n in article.notes] == ["1"]
    assert article.paragraphs[0].text.startswith("The buses are late.[1]")
    assert len(article.paragraphs) == 1


def test_parenthesised_gutenberg_footnotes() -> None:
    late = "The buses are late every night this winter, and the riders have noticed it."
    text = f"Night Buses\n\n{late}*\n\n(*Footnote.  The drivers say so,\nand the riders agree.)\n\n{BODY}\n"
    article = parse(text)
    assert [(n.label, n.text) for n in article.notes] == [("*", "The drivers say so, and the riders agree.")]
    assert [p.text for p in article.paragraphs] == [late + "[*]", BODY]


def test_section_label_over_the_title_of_a_browser_copy() -> None:
    text = f"City blog\n\nWhy the Night Buses Matter\n\nBy Ann Lee, Director\n\nJanuary 24, 2019\n\n{BODY}\n\nBack to top\n"
    article = parse(text)
    assert (article.title, article.authors, article.date) == ("Why the Night Buses Matter", ("Ann Lee",), PartialDate(2019, 1, 24))
    assert [p.text for p in article.paragraphs] == [BODY]


def test_an_image_alone_in_a_markdown_paragraph_is_not_a_paragraph() -> None:
    article = parse(f"# Night Buses\n\n![A bus at night](bus.png)\n\n{BODY}\n", "a.md")
    assert [p.text for p in article.paragraphs] == [BODY]
    assert [r.reason for r in article.removed] == ["image (the picture is not part of the text)"]


def test_a_number_line_set_in_columns() -> None:
    article = parse(f"No. 9.            Monday, May 7, 1711.            Hume.\n\n{BODY}\n")
    assert (article.title, article.authors, article.date) == ("No. 9", ("Hume",), PartialDate(1711, 5, 7))


def test_a_reference_under_a_motto_is_its_credit() -> None:
    motto = "      'Nocturnis ego somnis,\n      Iam captum teneo, iam volucres sequor\n      Te per gramina Martii campi.'"
    text = f"No. 9\n\n{motto}\n\n      Hor. Od. 4. 1.\n\n{BODY}\n"
    article = parse(text)
    assert len(article.paragraphs) == 2
    assert "Hor. Od. 4. 1." in article.paragraphs[0].text


def test_a_letter_with_its_address_over_a_run_in_salutation() -> None:
    text = (
        "TO ANN LEE.\n\nCITY HALL, LEEDS, August 22, 1901.\n\nHON. ANN LEE.\n\n"
        f"DEAR MADAM:--{BODY}\n\n_I am your servant_,\n\nR.P.\n"
    )
    article = parse(text)
    assert article.date == PartialDate(1901, 8, 22)
    assert article.salutation == "HON. ANN LEE."
    assert article.signature == "R.P."
    assert len(article.paragraphs) == 1


def test_markdown_line_breaks_between_sentences_are_paragraph_breaks() -> None:
    """`<br>` paragraphs a converter left as hard breaks: a break after a sentence, before a
    capital, starts a paragraph; a break inside a sentence does not."""
    text = (
        "# Night Buses\n\n"
        "The council met on Tuesday.  \nRiders were pleased with the vote.\n\n"
        "The drivers, who work late,  \nsaid they would take the shifts.\n"
    )
    article = parse(text, "a.md")
    assert [p.text for p in article.paragraphs] == [
        "The council met on Tuesday.",
        "Riders were pleased with the vote.",
        "The drivers, who work late, said they would take the shifts.",
    ]
    assert [p.line for p in article.paragraphs] == [3, 4, 6]


def test_a_title_of_thousands_of_characters_is_cut_and_reported() -> None:
    """(Issue 15: an 80 KB title kept citeproc-js busy for minutes.)"""
    from explainer.model import Sidecar

    article = parse_article(BODY, source="a.txt", slug="a", sidecar=Sidecar(title="Night " * 20000))
    assert len(article.title) <= 301 and article.title.endswith("…")
    assert any(d.code == "title-too-long" for d in article.diagnostics)
