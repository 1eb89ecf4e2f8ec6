"""What kind of work a note cites, and the original article's reference from its sidecar
(issue 17: endnote sources typed by what they are; sidecar fields for a complete reference).

Notes are written in the shapes real notes take (Chicago notes, APA references, bare
addresses, notes whose address was lost); names and titles are invented.
"""

from __future__ import annotations

import time

import pytest

from explainer import cite, csl
from explainer.model import Article, PartialDate
from explainer.notes import parse_reference
from explainer.source_types import classify
from explainer.sources import parse_sidecar

TYPED_NOTES = [
    ("Ann Lee, “Rents Rise Again,” The Daily Record, May 4, 2019.", "article-newspaper"),
    ("Ann Lee, “Rents Rise,” The Wall Street Journal, May 4, 2019.", "article-newspaper"),
    ("Lee, A. (2019, May 4). Rents rise. The Evening Herald. https://example.org/rents", "article-newspaper"),
    ("Bo Kim, “The Quiet Harbour,” The Atlantic, March 2021, https://example.org/h", "article-magazine"),
    ("Bo Kim, “The Quiet Harbour,” Harbour Weekly, March 2021.", "article-magazine"),
    ("Bo Kim and Ann Lee, “Why Canals Matter,” CNN, June 2, 2020:", "webpage"),
    ("“Ten Facts about Canals,” Ministry of Transport, June 1, 2020:", "webpage"),
    ("“Canal statistics,” https://www.transport.gov.pt/canals", "webpage"),
    ("https://example.org/canals/facts", "webpage"),
    ("Carla Dias, “Lisbon and the Sea,” Lisbon Policy Institute, January 22, 2020:", "report"),
    ("Carla Dias, “Ports in Decline,” Working Paper No. 45, Harbour Economics Centre, 2018.", "report"),
    ("Canal Trust, “Annual Report 2020,” 2021, https://example.org/report.pdf", "report"),
    ("Ann Lee, “Canals,” in A History of Trade, ed. Bo Kim (Lisbon: Harbour Press, 1990), 12–30.", "chapter"),
    ("Ann Lee, “Canals,” in Bo Kim (ed.), A History of Trade, Harbour Press, 1990, pp. 12-30.", "chapter"),
    ("Ann Lee, “Rents and Wages,” Journal of Urban Economics 45, no. 3 (2019): 201–19.", "article-journal"),
    ("Lee, A. (2019). Rents and wages. Journal of Urban Economics, 45(3), 201–219.", "article-journal"),
    ("Ann Lee, “Rents,” Housing Studies, vol. 12, no. 2, 2019, pp. 4-9.", "article-journal"),
    ("Ann Lee, _A History of Canals_, 2nd ed. (Lisbon: Harbour Press, 1990), 45.", "book"),
    ("Ann Lee, A HISTORY OF CANALS, Lisbon, 1790.", "book"),
    ("Clean Canals Act of 1990, Pub. L. 101-549, 104 Stat. 2399.", "legislation"),
    ("Lee v. Lisbon Port Authority, 512 U.S. 123 (1994).", "legal_case"),
    ("Bo Kim, “Notes on harbours,” Harbour Thoughts (blog), March 3, 2021.", "post-weblog"),
    ("Bo Kim, “Notes,” https://harbour.substack.com/p/notes", "post-weblog"),
]


@pytest.mark.parametrize(("note", "kind"), TYPED_NOTES, ids=[k + "-" + str(i) for i, (_, k) in enumerate(TYPED_NOTES)])
def test_a_note_is_typed_by_what_it_cites(note: str, kind: str) -> None:
    """The CSL type, and so the BibTeX, RIS and COinS type, is the kind of work cited."""
    assert classify(parse_reference(note)).type == kind


def test_fields_a_note_gives_are_kept() -> None:
    """Volume, issue, pages, editors, publisher, place, edition and a report's number."""
    journal = classify(parse_reference("Ann Lee, “Rents,” Journal of Urban Economics 45, no. 3 (2019): 201–19."))
    assert (journal.container, journal.volume, journal.issue, journal.page) == ("Journal of Urban Economics", "45", "3", "201–19")
    apa = classify(parse_reference("Lee, A. (2019). Rents. Housing Studies, 12(2), 4–9."))
    assert (apa.container, apa.volume, apa.issue, apa.page) == ("Housing Studies", "12", "2", "4–9")
    chapter = classify(parse_reference("Ann Lee, “Canals,” in Bo Kim (ed.), A History of Trade, Harbour Press, 1990, pp. 12-30."))
    assert [e.family for e in chapter.editors] == ["Kim"] and chapter.page == "12–30"
    book = classify(parse_reference("Ann Lee, _A History of Canals_, third edition (Lisbon: Harbour Press, 1990)."))
    assert (book.publisher, book.publisher_place, book.edition) == ("Harbour Press", "Lisbon", "3")
    report = classify(parse_reference("Carla Dias, “Ports,” Working Paper No. 45, Harbour Economics Centre, 2018."))
    assert (report.publisher, report.number, report.genre) == ("Harbour Economics Centre", "45", "Working Paper")


def test_a_lost_address_is_noticed() -> None:
    """A note that ends with a colon lost its address when the text was copied."""
    assert classify(parse_reference("Ann Lee, “Rents,” The Daily Record, May 4, 2019:")).url_missing
    assert not classify(parse_reference("Ann Lee, “Rents,” The Daily Record, May 4, 2019: https://example.org/r")).url_missing
    assert not classify(parse_reference("Ann Lee, “Rents,” The Daily Record, May 4, 2019.")).url_missing


def test_lost_addresses_are_warned_about_once_per_note() -> None:
    """`explainer check` names the note and its line; an Ibid. of it is not warned again."""
    text = (
        "Rents\n\nRents rose.[1] Again.[2] And again.[3]\n\nNotes\n\n"
        "[1] Ann Lee, “Rents,” The Daily Record, May 4, 2019:\n\n[2] Ibid.\n\n"
        "[3] Bo Kim, “Wages,” The Daily Record, May 5, 2019: https://example.org/w\n"
    )
    from explainer.parse import parse_article

    article = parse_article(text, source="rents.txt", slug="rents")
    found = [(d.line, d.code) for d in cite.reference_diagnostics(article) if d.code.startswith("note")]
    assert found == [(7, "note-url-missing")]


@pytest.mark.parametrize(
    "note",
    [
        "Ann Lee, “T,” " + "a " * 50_000 + "(ed.)",
        "Ann Lee, “T,” in " + "A " * 50_000,
        "“T,” " + "Aa " * 50_000 + "v. B",
        "Lee, A. (2019). T. " + "12(" * 30_000,
        "Ann Lee, “T,” " + "vol. no. pp. " * 10_000,
    ],
    ids=["editors", "chapter", "legal", "volume", "cues"],
)
def test_typing_a_note_takes_linear_time(note: str) -> None:
    """Notes of 100 KB or more made to defeat the patterns: well under the bound even on a
    loaded machine (quadratic patterns took minutes on these)."""
    start = time.perf_counter()
    classify(parse_reference(note))
    assert time.perf_counter() - start < 30.0


# --- The original article ---------------------------------------------------------------------


def _article(sidecar_yaml: str, **fields: object) -> Article:
    sidecar, diagnostics = parse_sidecar(sidecar_yaml, "rents.yml")
    assert diagnostics == []
    values: dict[str, object] = {"slug": "rents", "source": "rents.txt", "title": "Rents Rise Again", "sidecar": sidecar}
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def test_sidecar_gives_a_complete_reference() -> None:
    """Every field of a complete reference goes from the sidecar into the CSL item."""
    article = _article(
        "type: book chapter\ncontainer_title: A History of Trade\npublisher: Harbour Press\n"
        "editors: [Bo Kim]\npages: 12-30\nvolume: 2\nurl: https://example.org/trade\naccessed: 2026-01-05\n",
        authors=("Ann Lee",),
        date=PartialDate(1990),
    )
    item = cite.original_item(article)
    assert item["type"] == "chapter"
    assert item["container-title"] == "A History of Trade" and item["publisher"] == "Harbour Press"
    assert item["editor"] == [{"family": "Kim", "given": "Bo"}]
    assert (item["page"], item["volume"]) == ("12-30", "2")
    assert item["accessed"] == {"date-parts": [[2026, 1, 5]]}
    assert cite.original_gaps(article) == []


@pytest.mark.parametrize(
    ("sidecar", "kind", "container", "publisher"),
    [
        ("publisher: The Daily Record\n", "article-newspaper", "The Daily Record", ""),
        ("publisher: Lisbon Policy Institute\n", "report", "", "Lisbon Policy Institute"),
        ("type: magazine\npublisher: Harbour Monthly\n", "article-magazine", "Harbour Monthly", ""),
        ("type: blog\ncontainer_title: Harbour Thoughts\n", "post-weblog", "Harbour Thoughts", ""),
        ("type: report\npublisher: Canal Trust\n", "report", "", "Canal Trust"),
        ("type: speech\n", "speech", "", ""),
        ("", "webpage", "", ""),
    ],
)
def test_the_original_is_typed_from_the_sidecar(sidecar: str, kind: str, container: str, publisher: str) -> None:
    """The sidecar's `type` decides; without it the publisher's name does, as for a note."""
    item = cite.original_item(_article(sidecar, authors=("Ann Lee",)))
    assert (item["type"], item.get("container-title", ""), item.get("publisher", "")) == (kind, container, publisher)


def test_missing_parts_of_the_original_reference_are_named() -> None:
    """`explainer check` and the page say what a reader needs and the reference lacks."""
    article = _article("publisher: The Daily Record\n", authors=("Ann Lee",), date=PartialDate(2019))
    assert cite.original_gaps(article) == ["no URL: APA and MLA need one for an online source (sidecar `url`)"]
    (warning,) = cite.reference_diagnostics(article)
    assert warning.code == "original-incomplete" and "no URL" in warning.message
    printed = _article("type: book\npublisher: Harbour Press\n", authors=("Ann Lee",), date=PartialDate(1990))
    assert cite.original_gaps(printed) == []  # a printed book needs no address


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("type: pamphlet\n", "'type' must be one of: newspaper, magazine"),
        ("accessed: yesterday\n", "'accessed' must be YYYY, YYYY-MM or YYYY-MM-DD"),
        ("editors: {a: b}\n", "'editors' must be a list of strings"),
        ("pages: [1, 2]\n", "'pages' must be a string"),
    ],
)
def test_bad_sidecar_fields_are_errors_with_their_line(text: str, message: str) -> None:
    sidecar, diagnostics = parse_sidecar("title: Rents\n" + text, "rents.yml")
    (problem,) = diagnostics
    assert (problem.line, problem.severity) == (2, "error") and message in problem.message
    assert sidecar.title == "Rents"


def test_numbers_in_yaml_are_read_as_text() -> None:
    """`volume: 12` and `pages: 45` are numbers to YAML and text to a reference."""
    sidecar, diagnostics = parse_sidecar("volume: 12\npages: 45\ntype: Web page\n", "a.yml")
    assert diagnostics == [] and (sidecar.volume, sidecar.pages, sidecar.type) == ("12", "45", "web page")


# --- One body, named once ----------------------------------------------------------------------


def test_mla_names_a_group_author_without_the() -> None:
    item = {"id": "x", "type": "report", "title": "Canals", "author": [{"literal": "The Canal Trust"}], "publisher": "Harbour Press"}
    assert cite.styled_item(item, csl.STYLE_BY_KEY["mla"])["author"] == [{"literal": "Canal Trust"}]
    assert cite.styled_item(item, csl.STYLE_BY_KEY["apa"])["author"] == [{"literal": "The Canal Trust"}]


def test_a_body_that_is_author_and_publisher_is_named_once() -> None:
    item = {"id": "x", "type": "report", "title": "Canals", "author": [{"literal": "Canal Trust"}], "publisher": "The Canal Trust"}
    apa = cite.styled_item(item, csl.STYLE_BY_KEY["apa"])
    mla = cite.styled_item(item, csl.STYLE_BY_KEY["mla"])
    assert "publisher" not in apa and apa["author"] == [{"literal": "Canal Trust"}]
    assert "author" not in mla and mla["publisher"] == "The Canal Trust"
