"""The three downloads of a reference, imported by citation-js, are the same item.

Every kind of CSL item the site writes (the explainer page, a page without an author, the
original article, and the endnote sources: newspaper, magazine and journal articles, a web
page by an organisation, a blog post, a report, a book, a chapter, a law and a court case)
is written with the project's own writers, [bibtex][explainer.cite.bibtex] (biblatex),
[ris][explainer.cite.ris] and [csl_json][explainer.cite.csl_json], and each file is imported
by citation-js (`tests/citation_js_read.cjs`, the packages pinned in `package.json`). Each
imported item is compared, field by field, with the item written: type, title, authors,
editors, container, publisher and place, dates (year, month, day), address, version and
edition, volume, issue and pages, number, genre, language, original date and access date.

Where a format cannot carry a field as CSL-JSON has it, or citation-js reads it into
another field, the difference is listed in `GAPS` with the reason, and the test checks that
it is exactly that (the value read into the other field, or nothing): an entry that stops
applying fails too. CSL-JSON has no entry: it must come back unchanged. The COinS of each
item must give the same type as Zotero reads COinS, and the choices citation-js cannot tell
apart (`journal` or `journaltitle`, `JO` or `T2`) are checked on the written text.

Without Node.js, or without the citation-js packages (`npm ci`), the module is skipped with
a message saying what to install; when the `CI` environment variable is set (`CI=true`,
as `.ci/run` sets it) that is a failure instead, since `make test` installs them.
All names and titles are invented.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from explainer import cite
from explainer.model import Article, PartialDate, Sidecar
from explainer.notes import parse_reference

ROOT = Path(__file__).resolve().parents[1]
READER = ROOT / "tests" / "citation_js_read.cjs"
NPM_CI = "run `npm ci` in the project folder (`make test` does)"
NODE = "install Node.js 16 or newer (Debian: apt-get install nodejs npm), then " + NPM_CI
WRITERS: dict[str, Callable[[Sequence[cite.CslItem]], str]] = {
    "bib": cite.bibtex,
    "ris": cite.ris,
    "json": cite.csl_json,
}
NOT_COMPARED = {"citation-key"}
"""What citation-js adds that is no field of the work: the BibTeX key of a .bib entry (the
item's `id` is compared)."""


# --- The items --------------------------------------------------------------------------------

EDITION = cite.Edition(
    site_name="Housing Explained",
    site_url="https://example.org/he/",
    editor="The Explainer Team",
    publisher="Civic Press",
    version="2.0",
    date=PartialDate(2026, 11, 23),
)
SELF_PUBLISHED = cite.Edition(  # the site is its own publisher: no `publisher` in the item
    site_name="Housing Explained",
    site_url="https://example.org/he/",
    editor="The Explainer Team",
    publisher="Housing Explained",
    version="2.0",
    date=PartialDate(2026, 11, 23),
)
RENTS = Article(
    slug="rents",
    source="rents.txt",
    title="Rents Rise Again",
    authors=("Ann Lee",),
    date=PartialDate(2019, 9, 25),
    sidecar=Sidecar(publisher="The Daily Record", url="https://example.org/record/rents"),
)
NOTICE = Article(slug="notice", source="notice.txt", title="A Notice to Tenants")
ACCESSED = {"date-parts": [[2026, 11, 30]]}


def items() -> list[cite.CslItem]:
    """One item of every kind the site writes, with every field its builders fill."""
    return [
        cite.page_item(RENTS, EDITION, "articles/rents.md"),
        cite.page_item(NOTICE, SELF_PUBLISHED, "articles/notice.md"),
        cite.original_item(RENTS),
        {
            "id": "lee-2019-rents-rise-again",
            "type": "article-newspaper",
            "title": "Rents Rise Again in the City",
            "author": [{"family": "Lee", "given": "Ann"}, {"family": "Patel", "given": "Raj"}],
            "container-title": "The Daily Record",
            "page": "A4",
            "issued": {"date-parts": [[2019, 9, 25]]},
            "URL": "https://example.org/record/rents-city",
            "language": "en-GB",
        },
        {
            "id": "stone-2021-why-rents-rise",
            "type": "article-magazine",
            "title": "Why Rents Rise",
            "author": [{"family": "Stone", "given": "Mia"}],
            "container-title": "The Weekly Ledger",
            "volume": "31",
            "issue": "12",
            "page": "22–25",
            "issued": {"date-parts": [[2021, 3, 15]]},
            "URL": "https://example.org/ledger/rents",
        },
        {
            "id": "okafor-2020-housing-supply",
            "type": "article-journal",
            "title": "Housing Supply and Rents",
            "author": [{"family": "Okafor", "given": "Nia"}, {"family": "van der Berg", "given": "Ann"}],
            "container-title": "Journal of Urban Studies",
            "volume": "12",
            "issue": "3",
            "page": "45–67",
            "issued": {"date-parts": [[2020, 6]]},
            "URL": "https://example.org/jus/12/3/45",
        },
        {
            "id": "department-of-housing-2022",
            "type": "webpage",
            "title": "Annual Housing Report",
            "author": [{"literal": "Department of Housing"}],
            "container-title": "Northland Government",
            "issued": {"date-parts": [[2022, 4, 1]]},
            "accessed": ACCESSED,
            "URL": "https://example.org/gov/housing",
        },
        {
            "id": "kim-2024-why-i-rent",
            "type": "post-weblog",
            "title": "Why I Rent",
            "author": [{"family": "Kim", "given": "Bo"}],
            "container-title": "Tenant Notes",
            "issued": {"date-parts": [[2024, 1, 5]]},
            "accessed": ACCESSED,
            "URL": "https://example.org/blog/why-i-rent",
        },
        {
            "id": "oecd-2023-housing",
            "type": "report",
            "title": "Housing: Taking Stock",
            "title-short": "Housing",
            "author": [{"literal": "OECD"}],
            "publisher": "OECD Publishing",
            "publisher-place": "Paris",
            "number": "42",
            "genre": "Policy brief",
            "issued": {"date-parts": [[2023, 5, 10]]},
            "accessed": ACCESSED,
            "URL": "https://example.org/oecd/42",
        },
        {
            "id": "okafor-2001-history-of-rents",
            "type": "book",
            "title": "A History of Rents",
            "author": [{"family": "Okafor", "given": "Nia"}, {"family": "Brandt", "given": "Tom"}],
            "publisher": "City Press",
            "publisher-place": "Lisbon",
            "edition": "2",
            "issued": {"date-parts": [[2001]]},
        },
        {
            "id": "stone-2015-rent-control",
            "type": "chapter",
            "title": "Rent Control in Practice",
            "author": [{"family": "Stone", "given": "Mia"}],
            "editor": [{"family": "Lee", "given": "Ann"}, {"family": "Kim", "given": "Bo"}],
            "container-title": "Housing Policy Today",
            "publisher": "Harbour Press",
            "publisher-place": "Lisbon",
            "page": "101–120",
            "issued": {"date-parts": [[2015]]},
        },
        {
            "id": "tenancy-reform-act-2018",
            "type": "legislation",
            "title": "Tenancy Reform Act 2018",
            "number": "101-549",
            "issued": {"date-parts": [[2018, 7, 1]]},
            "accessed": ACCESSED,
            "URL": "https://example.org/laws/tenancy-reform",
        },
        {
            "id": "lee-v-city-housing-board",
            "type": "legal_case",
            "title": "Lee v. City Housing Board",
            "authority": "Supreme Court of Northland",
            "container-title": "Northland Reports",
            "volume": "12",
            "page": "345",
            "issued": {"date-parts": [[2020, 2, 3]]},
            "URL": "https://example.org/cases/lee",
        },
    ]


NOTES = [
    "Ann Lee, “Rents Rise Again,” The Daily Record, May 4, 2019, https://example.org/record/may",
    "Ann Lee, “Rents,” Journal of Housing 12, no. 3 (2019): 45–67.",
    "Bo Kim, “Canals in Decline,” Working paper no. 7, Lisbon Policy Institute, May 2021.",
    "Ann Lee, “Canals,” in A History of Trade, ed. Bo Kim (Lisbon: Harbour Press, 1990), 12–30.",
    "“Ten Facts about Canals,” Ministry of Transport, June 1, 2020: https://example.org/canals",
    "Nia Okafor and Tom Brandt, A History of Rents, 2nd ed. (Lisbon: City Press, 2001).",
]
"""Endnotes as readers write them: their items come from the site's own note reader
([reference_item][explainer.cite.reference_item]), with whatever fields it fills."""


def note_items() -> list[cite.CslItem]:
    return [cite.reference_item(parse_reference(note), f"note-{n}") for n, note in enumerate(NOTES)]


ITEMS = items() + note_items()
BY_ID = {str(item["id"]): cite.single_line_item(item) for item in ITEMS}


def test_the_items_cover_every_kind_and_field() -> None:
    """Every CSL type the site writes and every field its builders fill is exercised."""
    kinds = {str(item["type"]) for item in ITEMS}
    assert kinds >= {
        "webpage",
        "post-weblog",
        "article-newspaper",
        "article-magazine",
        "article-journal",
        "report",
        "book",
        "chapter",
        "legislation",
        "legal_case",
    }
    page = BY_ID["rents--page"]
    assert set(page) >= {
        "author", "editor", "container-title", "publisher", "version", "issued", "original-date",
        "accessed", "URL",
    }
    assert "author" not in BY_ID["notice--page"] and "publisher" not in BY_ID["notice--page"]
    fields = {key for item in ITEMS for key in item}
    assert fields >= {
        "title-short", "publisher-place", "volume", "issue", "page", "edition", "number", "genre",
        "language", "authority",
    }


# --- What a format cannot carry ---------------------------------------------------------------

LOST = ""
"""`Gap.read_as` for a field citation-js does not get back from the format at all."""
YEAR_ONLY = "year only"
"""`Gap.read_as` for a date of which citation-js reads only the year."""
SUBTYPE = "type article-journal, genre = subtype"
"""`Gap.read_as` for biblatex's `@article` with `entrysubtype`."""


@dataclass(frozen=True)
class Gap:
    """One field that a format cannot carry as CSL-JSON has it, for some CSL types."""

    fmt: str
    types: frozenset[str]
    field: str
    read_as: str
    """Where citation-js puts the value instead: another CSL field (the value must be
    there; for `type`, the type it reads), `LOST` (it must be absent), `YEAR_ONLY` or
    `SUBTYPE`."""
    why: str


def _gap(fmt: str, types: str, field: str, read_as: str, why: str) -> Gap:
    return Gap(fmt, frozenset(types.split()), field, read_as, why)


GAPS = [
    _gap(
        "bib", "article-newspaper article-magazine", "type", SUBTYPE,
        "biblatex has a single @article type; `entrysubtype = {newspaper}` or `{magazine}` "
        "says which, and citation-js reads the entry as article-journal with that as its genre",
    ),
    _gap(
        "bib", "post-weblog", "type", "webpage",
        "biblatex has no type for a blog post: it is @online, which citation-js reads as a web page",
    ),
    _gap(
        "bib", "legal_case", "authority", "publisher",
        "biblatex has no field for a court: it is `institution`, which citation-js reads as the publisher",
    ),
    _gap(
        "ris", "article-newspaper", "author", "reporter",
        "the RIS specification calls the AU of a NEWS record its reporter, and citation-js reads it "
        "as `reporter` (strings `Family, Given`); Zotero reads it as the author",
    ),
    _gap(
        "ris", "article-newspaper", "issued", YEAR_ONLY,
        "citation-js reads only PY (the year) of a NEWS record and ignores DA, which holds the "
        "month and day (Zotero reads DA)",
    ),
    _gap(
        "ris", "webpage", "container-title", "collection-title",
        "citation-js follows the RIS specification's table, where the T2 of an ELEC record is a "
        "series title; Zotero reads it (and writes it) as the website's title, so it is written there",
    ),
    _gap(
        "ris", "webpage", "editor", LOST,
        "RIS has no editor for a web page (the A2 of ELEC is a series editor; Zotero's web page "
        "has no editor), so none is written",
    ),
    _gap(
        "ris", "webpage", "version", "edition",
        "RIS has no version for a web page: it is ET, its edition",
    ),
    _gap(
        "ris", "webpage", "original-date", LOST,
        "RIS has no tag for the date of the original work",
    ),
    _gap(
        "ris", "webpage", "accessed", LOST,
        "citation-js reads the access date of an ELEC record from M1/VL, not from Y2, the tag "
        "Zotero reads and writes",
    ),
    _gap(
        "ris", "legislation", "accessed", LOST,
        "citation-js reads no access date from a STAT record (its Y2 stands in for the date "
        "enacted when DA and PY are missing)",
    ),
    _gap(
        "ris", "legal_case", "container-title", "reporter",
        "the law reports of a case are its A2, which the RIS specification and Zotero call the "
        "reporter (Zotero's `reporter` is CSL's container-title); citation-js keeps that name",
    ),
    _gap(
        "ris", "legal_case", "page", "page-first",
        "the SP of a CASE record is the first page of the case, and citation-js reads it so",
    ),
]
"""Per format, the fields it cannot carry (or citation-js reads elsewhere), and why."""


def gaps_for(fmt: str, item: cite.CslItem) -> list[Gap]:
    """The gaps that apply to an item written in a format (the item has the field)."""
    return [g for g in GAPS if g.fmt == fmt and item["type"] in g.types and g.field in item]


def test_every_gap_is_exercised() -> None:
    """No allow-list entry is dead: each one applies to some item of the set."""
    for gap in GAPS:
        assert any(gap in gaps_for(gap.fmt, item) for item in BY_ID.values()), gap


# --- Comparison -------------------------------------------------------------------------------


def same_name(name: object) -> dict[str, str]:
    """A name as CSL processors print it.

    - A name with a family part only is the same as that name `literal`: BibTeX's braces and
      RIS's names without a comma are how these formats keep an organisation whole, and
      citation-js reads them back as a family name (`{"family": "OECD"}`), which every style
      prints as it prints `{"literal": "OECD"}`.
    - A name read as a string (RIS `reporter`) is split as RIS writes it, `Family, Given`.
    """
    if isinstance(name, str):
        family, _, given = name.partition(", ")
        name = {"family": family, "given": given} if given else {"literal": family}
    assert isinstance(name, dict), name
    if set(name) == {"family"}:
        return {"literal": str(name["family"])}
    return {str(k): str(v) for k, v in name.items()}


def normal(field: str, value: object) -> object:
    """A value in the form compared: names as `same_name` has them, dates as their parts,
    page ranges with one kind of dash (CSL processors print a range with their own dash),
    anything else as text."""
    if field in ("author", "editor", "reporter"):
        return [same_name(n) for n in (value if isinstance(value, list) else [value])]
    if isinstance(value, dict) and "date-parts" in value:
        return [[int(p) for p in part] for part in value["date-parts"]]
    if field in ("page", "page-first"):
        return re.sub(r"\s*[-–—]+\s*", "-", str(value))
    return str(value)


def fields(item: cite.CslItem) -> dict[str, object]:
    """An item's fields in the form compared."""
    return {k: normal(k, v) for k, v in item.items() if k not in NOT_COMPARED}


def apply_gap(gap: Gap, written: dict[str, object], read: dict[str, object]) -> None:
    """Check that the format loses or moves the field exactly as the gap says, then leave the
    field out of both sides."""
    value = written.pop(gap.field)
    where = f"{gap.fmt}, {gap.field}: {gap.why}"
    if gap.read_as == LOST:
        assert gap.field not in read, f"citation-js now reads {gap.field}; drop the gap ({where})"
    elif gap.read_as == YEAR_ONLY:
        assert isinstance(value, list)
        assert read.pop(gap.field, None) == [[value[0][0]]], where
    elif gap.read_as == SUBTYPE:
        assert (read.pop("type", None), read.pop("genre", None)) == (
            "article-journal", str(value).removeprefix("article-")
        ), where
    elif gap.field == "type":
        assert read.pop("type", None) == gap.read_as, where
    else:
        assert read.pop(gap.read_as, None) == normal(gap.read_as, value), where
        assert gap.field not in read, f"citation-js now reads {gap.field}; drop the gap ({where})"


# --- citation-js ------------------------------------------------------------------------------


def in_ci() -> bool:
    """Whether the tests run in CI (`CI=true`), where citation-js is installed by `npm ci`."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str, fix: str) -> None:
    """Skip the tests, or fail them in CI (which must install it), when citation-js cannot run."""
    if in_ci():
        pytest.fail(f"{reason}, and CI must run these tests: {fix}", pytrace=False)
    pytest.skip(f"{reason}: {fix}")


def read_with_citation_js(path: Path) -> list[dict[str, object]]:
    """The CSL items citation-js imports from a file."""
    node = shutil.which("node")
    if node is None:
        unavailable("Node.js is not installed", NODE)
    assert node is not None
    result = subprocess.run(
        [node, str(READER), str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
        timeout=300,  # a hang guard, not a speed check
    )
    if result.returncode == 3:
        unavailable(result.stderr.strip().removeprefix("citation_js_read: "), NPM_CI)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, object]]]:
    """`{format: {item id: item as citation-js imports it}}`, each format one file of all items."""
    folder = tmp_path_factory.mktemp("citation-js")
    out: dict[str, dict[str, dict[str, object]]] = {}
    for fmt, write in WRITERS.items():
        path = folder / f"references.{fmt}"
        path.write_text(write(ITEMS), encoding="utf-8")
        read = read_with_citation_js(path)
        assert len(read) == len(ITEMS), (fmt, read)
        out[fmt] = {str(item["id"]): item for item in read}
    return out


def differences(fmt: str, key: str, imported: dict[str, dict[str, dict[str, object]]]) -> dict[str, object]:
    """`{field: (written, read)}` for every field citation-js read otherwise from one
    download, after the format's documented gaps."""
    written = fields(BY_ID[key])
    read = fields(imported[fmt][key])
    for gap in gaps_for(fmt, BY_ID[key]):
        apply_gap(gap, written, read)
    return {
        field: (written.get(field), read.get(field))
        for field in sorted(set(written) | set(read))
        if written.get(field) != read.get(field)
    }


@pytest.mark.parametrize("key", list(BY_ID))
def test_the_three_downloads_import_as_the_same_item(
    imported: dict[str, dict[str, dict[str, object]]], key: str
) -> None:
    """citation-js imports the item from the .bib, the .ris and the .json download as it was
    written, field by field, but for the documented gaps of each format: the three are the
    same item. On failure: `{format: {field: (written, read by citation-js)}}`."""
    assert {fmt: diff for fmt in WRITERS if (diff := differences(fmt, key, imported))} == {}


# --- COinS: the same types, as Zotero reads them ----------------------------------------------

ZOTERO_TYPES = {
    "webpage": "webpage",
    "post-weblog": "blogPost",
    "article-newspaper": "newspaperArticle",
    "article-magazine": "magazineArticle",
    "article-journal": "journalArticle",
    "report": "report",
    "book": "book",
    "chapter": "bookSection",
    "legislation": "statute",
    "legal_case": "case",
}
"""The Zotero item type of each CSL type (Zotero's own CSL mapping)."""


def zotero_coins_type(query: str) -> str:
    """The item type Zotero's COinS translator gives a ContextObject, as its
    `parseContextObject` (zotero/utilities, `openurl.js`) decides it: the format (`journal`:
    journal article; `book`: a book, or by `rft.genre` a chapter or a report; `dc`: a web page),
    then any `rft.type` naming a Zotero type, read after the keys before it."""
    pairs = parse_qsl(query, strict_parsing=True)
    fmt = dict(pairs)["rft_val_fmt"].removeprefix("info:ofi/fmt:kev:mtx:")
    genres = {value for key, value in pairs if key == "rft.genre"}
    book = "bookSection" if "bookitem" in genres else "report" if "report" in genres else "book"
    kind = {"journal": "journalArticle", "book": book, "dc": "webpage"}[fmt]
    for key, value in pairs:
        if key == "rft.type" and value in set(ZOTERO_TYPES.values()) | {"document", "forumPost", "bill"}:
            kind = value
    return kind


@pytest.mark.parametrize("key", list(BY_ID))
def test_coins_has_the_type_zotero_reads(key: str) -> None:
    """The COinS of every item is saved by Zotero as the type the other downloads give, and
    the journal keys (`rft.atitle`, `rft.jtitle`) come before the `rft.type` that changes a
    journal article into a newspaper or magazine article."""
    item = BY_ID[key]
    query = cite.coins(item)
    assert zotero_coins_type(query) == ZOTERO_TYPES[str(item["type"])]
    keys = [k for k, _ in parse_qsl(query)]
    if "rft.jtitle" in keys and "rft.type" in keys:
        assert keys.index("rft.type") > max(keys.index("rft.atitle"), keys.index("rft.jtitle"))


# --- What citation-js cannot tell apart -------------------------------------------------------


def test_written_fields_are_those_biblatex_and_zotero_read() -> None:
    """The choices citation-js reads either way (it takes `journal` and `journaltitle`, `JO`
    and `T2`) are made for biblatex and Zotero: biblatex's `journaltitle` and `date`, never a
    numeric `month` or a `day`; RIS `T2` for a journal (Zotero reads `JO` as its
    abbreviation), dates as `YYYY/MM/DD/`, the access date in `Y2`, no `1.` lines."""
    bib = cite.bibtex(ITEMS)
    entry_types = {key: kind for kind, key in re.findall(r"^@(\w+)\{([^,]+),", bib, re.M)}
    assert entry_types["lee-2019-rents-rise-again"] == "article"
    assert entry_types["stone-2015-rent-control"] == "incollection"
    assert entry_types["department-of-housing-2022"] == "online"
    assert entry_types["tenancy-reform-act-2018"] == "legislation"
    assert entry_types["lee-v-city-housing-board"] == "jurisdiction"
    assert "\tjournaltitle = {Journal of Urban Studies}" in bib and "\tjournal =" not in bib
    assert "\tentrysubtype = {newspaper}" in bib and "\tentrysubtype = {magazine}" in bib
    assert "\turldate = {2026-11-30}" in bib and "\tdate = {2020-06}" in bib
    assert not re.search(r"^\t(month|day) = ", bib, re.M)
    ris = cite.ris(ITEMS)
    assert "T2  - Journal of Urban Studies" in ris and "JO  - " not in ris
    assert "DA  - 2019/09/25/" in ris and "DA  - 2020/06//" in ris and "DA  - 2001///" in ris
    assert "Y2  - 2026/11/30/" in ris
    assert not [line for line in ris.splitlines() if re.fullmatch(r"\d+\.", line.strip())]
