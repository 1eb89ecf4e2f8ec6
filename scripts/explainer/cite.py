"""Citation data: CSL items for pages, original articles and endnote sources.

A pure stage. It turns the model into CSL-JSON items (the input of every CSL processor and
of Zotero), merges the sources cited across all notes and articles into one bibliography,
and writes the machine-readable forms: BibTeX (bibtexparser), RIS (rispy), CSL-JSON, COinS,
`<meta>` tags and schema.org JSON-LD. Formatting in citation styles is done by
[csl][explainer.csl]; what to format is described here as [Job][explainer.csl.Job]s.

Every value of an item is one line of text ([one_line][explainer.cite.one_line]; addresses:
[safe_url][explainer.cite.safe_url]), and every writer escapes its own syntax, so that no
title or publisher, whatever it holds, can end a record or start another: RIS has no line
breaks in a value, BibTeX braces stay balanced, COinS is URL-encoded, JSON in a `<script>`
has no `<`, `>` or `&`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

import rispy
from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from explainer.csl import (
    SOLO_CHUNK,
    STYLES,
    CitationRequest,
    CslItem,
    Formatted,
    Job,
    Style,
    strip_entry_div,
)
from explainer.model import ORIGINAL_TYPES, Article, Diagnostic, Name, PartialDate, Reference
from explainer.notes import parse_names, source_reference
from explainer.source_types import classify
from explainer.textutil import normalize_for_compare, parse_iso_date, sentence_case, slugify

PARAGRAPH_SENTINEL = "8888"
"""Locator sent to the processor in place of a paragraph number, replaced by `{n}`."""
ACCESS_SENTINEL = PartialDate(8888, 8, 8)
"""Access date sent to the processor, replaced by the day the reader copies the reference."""
_ACCESS_FORMS = (
    ("8 August 8888", "ex-accessed-dmy"),
    ("8 Aug. 8888", "ex-accessed-dmy-abbr"),
    ("August 8, 8888", "ex-accessed-mdy"),
    ("Aug. 8, 8888", "ex-accessed-mdy-abbr"),
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_MONTHS_ABBR = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
RANGE_SENTINEL = "8888–9999"
"""Locator for a range of paragraphs, replaced by `{n}–{m}`."""


@dataclass(frozen=True)
class Edition:
    """The site edition a citation of an explainer page names (from `mkdocs.yml`)."""

    site_name: str = "Explainer"
    site_url: str = ""
    """Canonical address of the site, ending in `/` (empty if the site has none)."""
    editor: str = ""
    """Who made the site (`site_author`); cited as the editor of a page whose text has an author."""
    publisher: str = ""
    version: str = ""
    date: PartialDate | None = None
    """Date of this edition: fixed in config so that builds are reproducible."""
    language: str = "en"
    directory_urls: bool = True

    def page_url(self, uri: str) -> str:
        """Canonical address of a generated page (`articles/x.md` → `…/articles/x/`)."""
        path = uri.removesuffix(".md")
        if path == "index":
            path = ""
        elif path.endswith("/index"):
            path = path.removesuffix("index")
        elif self.directory_urls:
            path += "/"
        else:
            path += ".html"
        return self.site_url + path if self.site_url else ""


def csl_date(date: PartialDate | None) -> dict[str, object] | None:
    """A CSL date (`{"date-parts": [[2019, 12, 4]]}`).

    Examples:
        >>> csl_date(PartialDate(2019, 12))
        {'date-parts': [[2019, 12]]}
    """
    if date is None:
        return None
    parts = [date.year] + ([date.month] if date.month else [])
    if date.month and date.day:
        parts.append(date.day)
    return {"date-parts": [parts]}


def csl_names(names: Iterable[Name]) -> list[dict[str, str]]:
    """CSL name objects; organisations stay whole (`literal`)."""
    out: list[dict[str, str]] = []
    for name in names:
        if name.literal or not name.family:
            out.append({"literal": name.literal or name.given})
        else:
            out.append(
                {"family": name.family, "given": name.given}
                if name.given
                else {"family": name.family}
            )
    return out


def item_names(item: CslItem, field: str = "author") -> list[dict[str, str]]:
    """The names of a CSL item in one field (`author`, `editor`; empty if it has none)."""
    names = item.get(field)
    return [n for n in names if isinstance(n, dict)] if isinstance(names, list) else []


def _person_names(authors: Iterable[str]) -> list[dict[str, str]]:
    return csl_names(n for author in authors for n in parse_names(author))


_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029 ]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def one_line(text: str) -> str:
    """A value as one line: line breaks and tabs become spaces, runs of spaces one space,
    other control characters (NUL…) go, and so does whitespace at either end; no-break
    spaces inside stay.

    Examples:
        >>> one_line(" Rents\\r\\nER  - \\tTY  - JOUR\\x00 ")
        'Rents ER - TY - JOUR'
    """
    return _LINE_BREAKS.sub(" ", _CONTROLS.sub("", text)).strip()


_URL_UNSAFE = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]')


def safe_url(url: str) -> str:
    """An address as one line, with the characters no URL may hold raw percent-encoded
    (spaces, quotes, `<>`, braces, backslash…), so that it cannot end a BibTeX field or an
    attribute.

    Examples:
        >>> safe_url("https://example.org/a b}{\\n@misc{x")
        'https://example.org/a%20b%7D%7B%20@misc%7Bx'
    """
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group(0)):02X}", one_line(url))


def single_line_item(item: CslItem) -> CslItem:
    """An item with every text value made [one line][explainer.cite.one_line] (its `URL`
    a [safe_url][explainer.cite.safe_url]), names and dates included."""

    def clean(key: str, value: object) -> object:
        if isinstance(value, str):
            return safe_url(value) if key == "URL" else one_line(value)
        if isinstance(value, dict):
            return {str(k): clean(str(k), v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(key, v) for v in value]
        return value

    return {key: clean(key, value) for key, value in item.items()}


def _clean(item: dict[str, object]) -> CslItem:
    """Drop empty fields: missing data is left out, never printed as "None". Text values
    become [one line][explainer.cite.single_line_item]: a title cannot carry a line break
    into RIS, BibTeX or a page."""
    return {k: v for k, v in single_line_item(item).items() if v not in ("", None, [], {})}


_SHORT_TITLE_WORDS = 4
_FUNCTION_WORDS = frozenset("a an the and or but nor of in on at to for from by with as is are was were be".split())


def short_title(title: str) -> str:
    """The short title the styles use in later notes and in in-text citations of a work
    with no author (Chicago 14.30, APA 7 §8.14): the main title before a colon, without an
    initial article, in at most four words that do not end on a small word; empty when the
    title has no subtitle and five words or fewer.

    Examples:
        >>> short_title("The Quiet Harbour: Ports and Trade in Lisbon")
        'The Quiet Harbour'
        >>> short_title("Why Rents in the City Rise Every Single Year")
        'Why Rents'
        >>> short_title("Rents Rise Again")
        ''
    """
    main = re.split(r"(?<=\w)[:;]\s|\s[—–]\s", title, maxsplit=1)[0].strip()
    words = main.split()
    if len(words) <= _SHORT_TITLE_WORDS + 1:
        return "" if main == title.strip() else main  # short enough: at most its subtitle goes
    words = words[:_SHORT_TITLE_WORDS]
    while len(words) > 1 and words[-1].lower().strip(",.?!") in _FUNCTION_WORDS:
        words.pop()
    short = " ".join(words).rstrip(",;")
    return "" if short == title.strip() else short


def original_item(article: Article) -> CslItem:
    """The original article as a CSL item, from the text and its sidecar.

    The sidecar's `type` says what the original is; without it the kind is read from the
    publisher as for a note ([classify][explainer.source_types.classify]): a newspaper's
    name makes a newspaper article, a ministry's a government page, an institute's a report.

    Examples:
        >>> from explainer.model import Sidecar
        >>> a = Article(slug="rents", source="rents.txt", title="Rents Rise", authors=("Ann Lee",),
        ...             date=PartialDate(2019, 12, 4), sidecar=Sidecar(publisher="The Record"))
        >>> item = original_item(a)
        >>> item["type"], item["container-title"], item["author"]
        ('article-newspaper', 'The Record', [{'family': 'Lee', 'given': 'Ann'}])
    """
    sidecar = article.sidecar
    kind = _original_kind(article)
    in_container = kind in CONTAINED_TYPES
    container = sidecar.container_title or (sidecar.publisher if in_container else "")
    publisher = sidecar.publisher if (sidecar.container_title or not in_container) else ""
    authors = _person_names(article.authors)
    if not authors and publisher and kind in ("report", "webpage"):
        authors = [{"literal": publisher}]  # a body's own report or page (see styled_item)
    return _clean(
        {
            "id": f"{article.slug}--original",
            "type": kind,
            "title": article.title,
            "title-short": short_title(article.title),
            "author": authors,
            "editor": _person_names(sidecar.editors),
            "container-title": container,
            "publisher": publisher,
            "volume": sidecar.volume,
            "page": sidecar.pages,
            "issued": csl_date(article.date),
            "accessed": csl_date(parse_iso_date(sidecar.accessed)) if sidecar.accessed else None,
            "URL": sidecar.url,
            "language": sidecar.language if sidecar.language != "en" else "",
        }
    )


CONTAINED_TYPES = frozenset(
    {"article-newspaper", "article-magazine", "article-journal", "post-weblog", "webpage", "chapter"}
)
"""CSL types of works that appear inside another (a periodical, a website, a book)."""

ONLINE_TYPES = frozenset({"webpage", "post-weblog"})
"""CSL types that exist only online: without an address nobody can find them."""


def _original_kind(article: Article) -> str:
    sidecar = article.sidecar
    if sidecar.type:
        return ORIGINAL_TYPES[sidecar.type]
    outlet = sidecar.container_title or sidecar.publisher
    if not outlet:
        # With no outlet, "webpage" is the type every style prints sensibly (a newspaper
        # article without a newspaper loses its title in Harvard's in-text form).
        return "webpage"
    probe = Reference("source", f"“{article.title},” {outlet}", title=article.title, container=outlet, url=sidecar.url)
    return classify(probe).type


def original_gaps(article: Article) -> list[str]:
    """What the reference of the original lacks for a reader to find it, in words a teacher
    reads in `explainer check` and on the page.

    Examples:
        >>> original_gaps(Article(slug="a", source="a.txt", title="Rents Rise"))[:3]
        ['no author', 'no date', 'no outlet or publisher (sidecar `publisher` or `container_title`)']
    """
    item = original_item(article)
    gaps = []
    if not item.get("author"):
        gaps.append("no author")
    if not item.get("issued"):
        gaps.append("no date")
    if not (item.get("container-title") or item.get("publisher")):
        gaps.append("no outlet or publisher (sidecar `publisher` or `container_title`)")
    if not item.get("URL") and (item["type"] in ONLINE_TYPES or not article.sidecar.type):
        gaps.append("no URL: APA and MLA need one for an online source (sidecar `url`)")
    return gaps


def original_retrievable(article: Article) -> bool:
    """Whether a reader can find the original from its reference: it has an address (sidecar
    `url`), or it names both its outlet or publisher (sidecar `container_title` or
    `publisher`) and its date.

    Only then does a page offer the original as a reference to cite (in every style, in the
    cite box, the paragraph pinpoints, quotes and notes); otherwise the page is what its
    readers cite, and the original is named only as where it was first published
    ([OriginalPublication][explainer.cite.OriginalPublication]). An author alone does not
    find a text: many people write under one name, and one writer in many places.

    Examples:
        >>> from explainer.model import Sidecar
        >>> a = Article(slug="rents", source="rents.txt", title="Rents Rise Again", authors=("Ann Lee",),
        ...             date=PartialDate(2019, 9, 25))
        >>> original_retrievable(a)
        False
        >>> from dataclasses import replace
        >>> original_retrievable(replace(a, sidecar=Sidecar(publisher="The Daily Record")))
        True
        >>> original_retrievable(replace(a, date=None, sidecar=Sidecar(url="https://example.org/rents")))
        True
    """
    item = original_item(article)
    outlet = item.get("container-title") or item.get("publisher")
    return bool(item.get("URL")) or bool(outlet and item.get("issued"))


@dataclass(frozen=True)
class OriginalPublication:
    """What is known of where and when the original first appeared: all a page says of an
    original its readers cannot find ([original_retrievable][explainer.cite.original_retrievable])."""

    authors: tuple[str, ...] = ()
    """Its authors, as the page names them (`Ann Lee`)."""
    date: PartialDate | None = None
    outlet: str = ""
    """The newspaper, website or publisher it appeared in (empty: not known)."""


def original_publication(article: Article) -> OriginalPublication:
    """The original's authors, date and outlet, each one line (empty when not known).

    Examples:
        >>> from explainer.model import Sidecar
        >>> original_publication(Article(slug="r", source="r.txt", title="Rents Rise Again",
        ...                              authors=("Ann Lee",), sidecar=Sidecar(publisher="The Daily\\nRecord")))
        OriginalPublication(authors=('Ann Lee',), date=None, outlet='The Daily Record')
    """
    sidecar = article.sidecar
    return OriginalPublication(
        authors=tuple(name for name in map(one_line, article.authors) if name),
        date=article.date,
        outlet=one_line(sidecar.container_title or sidecar.publisher),
    )


def reference_diagnostics(article: Article) -> list[Diagnostic]:
    """Warnings for `explainer check` (not for the build: a text may lack them for good) when
    a reference lacks what a reader needs to find the work: the original's outlet, address,
    author or date, and note addresses lost when the text was copied (a note that ends in
    `:`)."""
    out = [
        Diagnostic(
            article.source,
            note.line,
            "note-url-missing",
            f"note [{note.label}] ends with ':' where a web address should follow (it was "
            "probably lost when the text was copied); add the address so readers can find the source",
        )
        for note in article.notes
        if note.reference.kind == "source" and is_citable(note.reference) and classify(note.reference).url_missing
    ]
    gaps = original_gaps(article)
    if not gaps:
        return out
    return out + [
        Diagnostic(
            article.source, 0, "original-incomplete",
            "the reference of the original article is incomplete: " + "; ".join(gaps)
            + "; add them to the sidecar (see README, 'Sidecar fields')",
        )
    ]


def page_item(article: Article, edition: Edition, uri: str) -> CslItem:
    """The explainer page as a CSL item: the text's own author, republished in an edition of
    the site, which the site's team edited.

    The page reproduces the whole text, so the manuals cite it as a republished work (APA 7
    §9.41): the author of the text, the site's team as editor, the edition's version and
    date, the address, and the original date (`Lee, A. (2026). Rents rise (The Team, Ed.).
    Site. URL (Original work published 2019)`; in text `(Lee, 2019/2026)`). A text without
    an author is cited by its title, the team only as the site.
    """
    return _clean(
        {
            "id": f"{article.slug}--page",
            "type": "webpage",
            "title": article.title,
            "title-short": short_title(article.title),
            "author": _person_names(article.authors),
            # Without an author the team would move into the author's place; the manuals
            # then want the title first (MLA: a body that is author and site is named once).
            "editor": [{"literal": edition.editor}] if edition.editor and article.authors else [],
            "container-title": edition.site_name,
            "publisher": edition.publisher if edition.publisher != edition.site_name else "",
            "version": edition.version,
            "issued": csl_date(edition.date),
            "original-date": csl_date(article.date),
            # The access date Harvard prints: the page's script writes the day the reader
            # copies the reference; the edition date stands in without a script.
            "accessed": csl_date(edition.date),
            "URL": edition.page_url(uri),
        }
    )


def is_citable(ref: Reference) -> bool:
    """Whether a note's reference names a work (a title or an address)."""
    return ref.kind == "source" and bool(ref.title or ref.url)


def reference_item(ref: Reference, key: str) -> CslItem:
    """A note's source as a CSL item of the [kind][explainer.source_types.classify] of
    work it is, without the note's locator (that belongs to the note)."""
    kind = classify(ref)
    return _clean(
        {
            "id": key,
            "type": kind.type,
            "title": ref.title or ref.url,
            "title-short": short_title(ref.title) if ref.title else "",
            "author": csl_names(ref.authors) or ([{"literal": kind.body_author}] if kind.body_author else []),
            "editor": csl_names(kind.editors),
            "container-title": kind.container,
            "publisher": kind.publisher,
            "publisher-place": kind.publisher_place,
            "volume": kind.volume,
            "issue": kind.issue,
            "page": kind.page,
            "edition": kind.edition,
            "number": kind.number,
            "genre": kind.genre,
            "issued": csl_date(ref.date),
            "URL": ref.url,
        }
    )


def source_identity(ref: Reference) -> str:
    """What makes two notes cite the same work: the address, else authors + title.

    Examples:
        >>> a = Reference("source", "x", title="Rents Rise!", url="https://example.org/r/")
        >>> b = Reference("source", "y", title="Rents rise", url="http://example.org/r")
        >>> source_identity(a) == source_identity(b)
        True
    """
    if ref.url:
        return "url:" + re.sub(r"^https?://(www\.)?", "", ref.url).rstrip("/").lower()
    families = ",".join(sorted(normalize_for_compare(n.family or n.literal) for n in ref.authors))
    return f"work:{families}|{normalize_for_compare(ref.title)}"


def _base_key(ref: Reference) -> str:
    who = ref.authors[0].family or ref.authors[0].literal if ref.authors else ""
    year = str(ref.date.year) if ref.date else "nd"
    words = slugify(ref.title or ref.url).split("-")[:4]
    return slugify(" ".join([who, year, *words]))[:60].strip("-") or "source"


@dataclass(frozen=True)
class CitedIn:
    """One note that cites a source."""

    slug: str
    title: str
    label: str


@dataclass(frozen=True)
class Source:
    """One work cited somewhere in the sources, with every note that cites it."""

    key: str
    """Stable id: CSL id, BibTeX key and the `#src-…` anchor of the bibliography."""
    item: CslItem
    cited_in: tuple[CitedIn, ...]


@dataclass(frozen=True)
class Sources:
    """The site bibliography: de-duplicated sources and which one each note cites."""

    sources: tuple[Source, ...] = ()
    by_note: dict[tuple[str, str], str] = field(default_factory=dict)
    """`(article slug, note label)` → source key."""


def collect_sources(articles: Sequence[Article]) -> Sources:
    """Merge the sources of all notes of all articles into one bibliography.

    "Ibid.", "op. cit." and repeated notes collapse into the entry of the work they repeat;
    the same work cited by two articles is one entry listing both. A note that gives only a
    title joins the entry of the one authored work with that title, if there is exactly one.
    """
    cites = [
        (article, note, ref)
        for article in articles
        for note in article.notes
        if is_citable(ref := source_reference(note, article.notes))
    ]
    authored_by_title: dict[str, set[str]] = {}
    for _, _, ref in cites:
        if ref.authors and not ref.url:
            authored_by_title.setdefault(normalize_for_compare(ref.title), set()).add(
                source_identity(ref)
            )

    def identity_of(ref: Reference) -> str:
        if not ref.authors and not ref.url:
            candidates = authored_by_title.get(normalize_for_compare(ref.title), set())
            if len(candidates) == 1:
                return next(iter(candidates))
        return source_identity(ref)

    keys: dict[str, str] = {}
    items: dict[str, CslItem] = {}
    cited: dict[str, list[CitedIn]] = {}
    by_note: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for article, note, ref in cites:
        identity = identity_of(ref)
        key = keys.get(identity)
        if key is None:
            base = key = _base_key(ref)
            n = 2
            while key in used:
                key, n = f"{base}-{n}", n + 1
            used.add(key)
            keys[identity] = key
            items[key] = reference_item(ref, key)
            cited[key] = []
        elif ref.authors and not items[key].get("author"):
            items[key] = reference_item(ref, key)  # the fuller note describes the work
        cited[key].append(CitedIn(article.slug, article.title, note.label))
        by_note[(article.slug, note.label)] = key
    return Sources(
        sources=tuple(Source(k, items[k], tuple(cited[k])) for k in items),
        by_note=by_note,
    )


def note_diagnostics(article: Article) -> list[Diagnostic]:
    """Warnings for source notes that could not be parsed into a reference (for `explainer check`).

    Explanatory notes (kind `comment`) are not warned about: they cite nothing.
    """
    out: list[Diagnostic] = []
    for note in article.notes:
        ref = source_reference(note, article.notes)
        if ref.kind == "repeat" and note.repeats is None:
            continue  # already reported as note-repeat-unresolved
        if ref.kind == "comment":
            continue  # an explanatory note: shown as a note, nothing to cite
        if ref.locator and not (ref.title or ref.authors or ref.url):
            continue  # `Vol. i, p. 227`, `Art. 119`: a place in a work the text names itself
        if not is_citable(ref):
            out.append(
                Diagnostic(
                    article.source,
                    note.line,
                    "note-unparsed",
                    f"note [{note.label}] names no title or address that could be read as a "
                    "source; it is shown as written and left out of the bibliography",
                )
            )
    return out


# --- Formatting jobs ------------------------------------------------------------------------


@dataclass(frozen=True)
class StyledCitation:
    """One item formatted in one style."""

    entry: str
    """Reference-list entry (HTML)."""
    short: str
    """In-text citation, or the full note for note styles (HTML)."""
    pinpoint: str
    """Short form with a paragraph: `{n}` stands for the number."""
    pinpoint_range: str
    """Short form with a range of paragraphs: `{n}` and `{m}`."""
    later: str = ""
    """Note styles: the short note of a later citation (Chicago 18 14.29–14.36: surname,
    short title), as the processor writes an item cited before with another note between
    (HTML; `Lee, “Rents Rise Again.”`). Empty in other styles."""
    later_pinpoint: str = ""
    """The later short note with a paragraph: `Lee, “Rents Rise Again,” para. {n}.`"""
    later_range: str = ""
    """The later short note with a range of paragraphs: `{n}` and `{m}`."""


ArticleCitations = dict[str, dict[str, StyledCitation]]
"""`{style key: {"page" | "original": StyledCitation}}`."""


ARTICLE_CHUNK = SOLO_CHUNK
"""Items per job of the cite boxes: small enough to share out over the CPU cores."""

RANGE_PROBE: CslItem = {"id": "explainer-range-probe", "type": "webpage", "title": "Probe"}
"""A fixed item formatted once per style to learn how the style writes a paragraph range."""


@dataclass(frozen=True)
class RangeRule:
    """How a style turns a one-paragraph pinpoint into a range: `single` becomes `many`."""

    single: str
    many: str


def range_rule(one: str, many: str) -> RangeRule:
    """The part that differs between a pinpoint and its range, widened to the whole sentinel.

    Examples:
        >>> range_rule("(P, para. 8888)", "(P, paras 8888–9999)")
        RangeRule(single='. 8888', many='s 8888–9999')
    """
    prefix = 0
    while prefix < min(len(one), len(many)) and one[prefix] == many[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(one), len(many)) - prefix and one[-1 - suffix] == many[-1 - suffix]:
        suffix += 1
    start, end = prefix, len(one) - suffix
    at = one.find(PARAGRAPH_SENTINEL)
    if at >= 0:
        start, end = min(start, at), max(end, at + len(PARAGRAPH_SENTINEL))
    return RangeRule(one[start:end], many[start : len(many) - (len(one) - end)])


def range_pinpoint(rule: RangeRule, one: str) -> str:
    """An item's range citation from its one-paragraph pinpoint (both with the sentinels).

    If the rule's `single` part does not occur exactly once, only the sentinel becomes the
    range (`para. 8888–9999`: the label stays singular).

    Examples:
        >>> rule = RangeRule(". 8888", "s. 8888–9999")
        >>> range_pinpoint(rule, "(Lee, para. 8888)"), range_pinpoint(rule, "(Lee, ¶ 8888)")
        ('(Lee, paras. 8888–9999)', '(Lee, ¶ 8888–9999)')
    """
    if rule.single and one.count(rule.single) == 1:
        return one.replace(rule.single, rule.many)
    return one.replace(PARAGRAPH_SENTINEL, RANGE_SENTINEL)


def styled_items(
    items: Sequence[CslItem], style: Style, proper: frozenset[str] = frozenset()
) -> tuple[CslItem, ...]:
    """The items as one style needs them (see [styled_item][explainer.cite.styled_item])."""
    return tuple(styled_item(item, style, proper) for item in items)


_INITIAL_THE = re.compile(r"^the\s+", re.I)


def same_body(one: str, other: str) -> bool:
    """Whether two names are the same body (`The Canal Trust`, `Canal Trust`).

    Examples:
        >>> same_body("The Canal Trust", "canal trust"), same_body("Canal Trust", "Canal Board")
        (True, False)
    """
    return bool(one) and normalize_for_compare(_INITIAL_THE.sub("", one)) == normalize_for_compare(
        _INITIAL_THE.sub("", other)
    )


def styled_item(item: CslItem, style: Style, proper: frozenset[str] = frozenset()) -> CslItem:
    """One item as a style needs it.

    - Titles in sentence case for APA and Harvard (their CSL files print titles as given),
      names kept capitalised; a chapter's book title too, never a periodical's name.
    - A body that is both author and site or publisher: named once, as author (APA, Chicago,
      Harvard) or as site/publisher after the title (MLA).
    - MLA: a group author without an initial "The".

    Examples:
        >>> from explainer.csl import STYLE_BY_KEY
        >>> page = {"id": "x", "type": "webpage", "title": "Ten Facts", "author": [{"literal": "The Canal Trust"}],
        ...         "container-title": "Canal Trust"}
        >>> styled_item(page, STYLE_BY_KEY["apa"])
        {'id': 'x', 'type': 'webpage', 'title': 'Ten facts', 'author': [{'literal': 'The Canal Trust'}]}
        >>> styled_item(page, STYLE_BY_KEY["mla"])
        {'id': 'x', 'type': 'webpage', 'title': 'Ten Facts', 'container-title': 'Canal Trust'}
    """
    out = dict(item)
    names = item_names(item)
    body = names[0].get("literal", "") if len(names) == 1 else ""
    for field_name in ("container-title", "publisher"):
        if body and same_body(body, str(item.get(field_name, ""))):
            if style.body_as_author:
                del out[field_name]
            else:
                out.pop("author")
                break
    for ignored in style.ignores:
        out.pop(ignored, None)
    original = out.get("original-date")
    if style.original_year_only and isinstance(original, dict) and original.get("date-parts"):
        out["original-date"] = {"date-parts": [original["date-parts"][0][:1]]}
    if style.version_as_description and out.get("version"):
        out["medium"] = f"Version {out.pop('version')}"
    if style.drops_initial_article and out.get("author"):
        out["author"] = [
            {**name, "literal": _INITIAL_THE.sub("", name["literal"])} if "literal" in name else name
            for name in item_names(out)
        ]
    if style.sentence_case and item.get("type") not in ("legislation", "legal_case"):  # a law's name is a name
        for title_field in ("title", "title-short"):
            if item.get(title_field):
                out[title_field] = sentence_case(str(item[title_field]), proper, subtitle_capital=style.subtitle_capital)
        if item.get("type") == "chapter" and item.get("container-title"):
            out["container-title"] = sentence_case(
                str(item["container-title"]), proper, subtitle_capital=style.subtitle_capital
            )
    return out


def article_jobs(
    items: Sequence[CslItem], styles: Sequence[Style] = STYLES, proper: frozenset[str] = frozenset()
) -> list[Job]:
    """Jobs that format the items of the cite boxes (every page and original) in every style.

    Each item is formatted as if it were alone (`solo`): a page's citation never changes
    because another article has the same author and year. That also lets the items be cut
    into chunks that run in parallel. Each item gets its short form and a one-paragraph
    pinpoint, and in a note style the same two as a later citation (the short note); after
    the chunks, one job per style formats [RANGE_PROBE][explainer.cite.RANGE_PROBE]
    with both pinpoints, from which every item's range is derived
    ([range_rule][explainer.cite.range_rule]).
    """
    if not items:
        return []
    jobs = []
    for style in styles:
        styled = styled_items([_for_processor(item) for item in items], style, proper)
        for start in range(0, len(items), ARTICLE_CHUNK):
            chunk = styled[start : start + ARTICLE_CHUNK]
            citations = []
            for item in chunk:
                item_id = str(item["id"])
                citations += [
                    CitationRequest(item_id),
                    CitationRequest(item_id, PARAGRAPH_SENTINEL),
                ]
                if style.note:
                    citations += [
                        CitationRequest(item_id, position="subsequent"),
                        CitationRequest(item_id, PARAGRAPH_SENTINEL, position="subsequent"),
                    ]
            jobs.append(Job(style.key, chunk, citations=tuple(citations), solo=True))
    probe_id = str(RANGE_PROBE["id"])
    probe_cites = (
        CitationRequest(probe_id, PARAGRAPH_SENTINEL),
        CitationRequest(probe_id, RANGE_SENTINEL),
    )
    for style in styles:
        jobs.append(Job(style.key, (RANGE_PROBE,), False, probe_cites, solo=True))
    return jobs


def mark_access_date(entry: str, accessed: object) -> str:
    """The processor's placeholder access date made a span the page's script fills with the
    day the reader copies the reference; until then (no script, print) it shows `accessed`.

    Examples:
        >>> mark_access_date("URL (Accessed: 8 August 8888).", {"date-parts": [[2026, 11, 23]]})
        'URL (Accessed: <span class="ex-accessed-dmy">23 November 2026</span>).'
    """
    parts = accessed.get("date-parts", [[]])[0] if isinstance(accessed, dict) else []
    if len(parts) != 3:
        return entry
    year, month, day = (int(p) for p in parts)
    shown = {
        "ex-accessed-dmy": f"{day} {_MONTHS[month - 1]} {year}",
        "ex-accessed-dmy-abbr": f"{day} {_MONTHS_ABBR[month - 1]} {year}",
        "ex-accessed-mdy": f"{_MONTHS[month - 1]} {day}, {year}",
        "ex-accessed-mdy-abbr": f"{_MONTHS_ABBR[month - 1]} {day}, {year}",
    }
    for placeholder, css in _ACCESS_FORMS:
        entry = entry.replace(placeholder, f'<span class="{css}">{shown[css]}</span>')
    return entry


def _for_processor(item: CslItem) -> CslItem:
    """An item as the processor gets it: a known access date becomes the placeholder."""
    return {**item, "accessed": csl_date(ACCESS_SENTINEL)} if item.get("accessed") else item


def read_article_results(
    items: Sequence[CslItem], results: Sequence[Formatted], styles: Sequence[Style] = STYLES
) -> dict[str, dict[str, StyledCitation]]:
    """Turn the results of [article_jobs][explainer.cite.article_jobs] into citations.

    Returns:
        `{item id: {style key: StyledCitation}}`.
    """
    out: dict[str, dict[str, StyledCitation]] = {str(item["id"]): {} for item in items}
    if not items:
        return out
    chunks = -(-len(items) // ARTICLE_CHUNK)
    pending = iter(results)
    probes = results[len(styles) * chunks :]
    for style, probe in zip(styles, probes, strict=True):
        rule = range_rule(probe.citations[0], probe.citations[1])
        for start in range(0, len(items), ARTICLE_CHUNK):
            result = next(pending)
            per_item = 4 if style.note else 2  # see article_jobs
            for index, item in enumerate(items[start : start + ARTICLE_CHUNK]):
                item_id = str(item["id"])
                short, one, *later = result.citations[per_item * index : per_item * (index + 1)]
                later_short, later_one = later or ("", "")
                if item_id.endswith("--original") and not style.numbers_unnumbered_paragraphs:
                    # the paragraph numbers are the explainer page's, not the source's
                    one, later_one = short, later_short
                pinpoint, pinpoint_range = _pinpoint_templates(rule, one)
                later_pinpoint, later_range = (
                    _pinpoint_templates(rule, later_one) if later_one else ("", "")
                )
                entry = fix_entry(style, item, strip_entry_div(result.bibliography[item_id]))
                out[item_id][style.key] = StyledCitation(
                    entry=mark_access_date(entry, item.get("accessed")),
                    short=fix_punctuation(short),
                    pinpoint=pinpoint,
                    pinpoint_range=pinpoint_range,
                    later=fix_punctuation(later_short),
                    later_pinpoint=later_pinpoint,
                    later_range=later_range,
                )
    return out


def _pinpoint_templates(rule: RangeRule, one: str) -> tuple[str, str]:
    """A pinpoint citation (with the paragraph sentinel) as the templates of one paragraph
    (`{n}`) and of a range (`{n}–{m}`, by the style's [rule][explainer.cite.range_rule])."""
    many = range_pinpoint(rule, one)
    return (
        fix_punctuation(one.replace(PARAGRAPH_SENTINEL, "{n}")),
        paras_with_period(
            fix_punctuation(
                many.replace(RANGE_SENTINEL, "{n}–{m}").replace(
                    RANGE_SENTINEL.replace("–", "-"), "{n}–{m}"
                )
            )
        ),
    )


def paras_with_period(text: str) -> str:
    """`paras {n}` → `paras. {n}`: the British locale abbreviates the singular "para." with
    a period and the plural without one; the same entry should not mix the two.

    Examples:
        >>> paras_with_period("(Lee, 2019, paras {n}–{m})")
        '(Lee, 2019, paras. {n}–{m})'
    """
    return text.replace("paras {n}", "paras. {n}")


def fix_punctuation(text: str) -> str:
    """Drop the comma or full stop citeproc-js puts after a title's own `?` or `!`.

    Chicago and MLA keep the title's question mark and omit the comma that would follow.

    An italic title counts too (`<i>Why rents rise?</i>, <i>Record</i>`: Harvard).

    Examples:
        >>> fix_punctuation("Lee, “Why Rents Rise?,” Record.")
        'Lee, “Why Rents Rise?” Record.'
        >>> fix_punctuation("Lee (2019) <i>Why rents rise?</i>, <i>Record</i>.")
        'Lee (2019) <i>Why rents rise?</i> <i>Record</i>.'
    """
    return re.sub(r"([?!])([”’]?|</i>)[,.]", r"\1\2", text)


def fix_entry(style: Style, item: CslItem, entry: str) -> str:
    """Correct the known faults of the official style files and of the processor.

    APA's style file prints "Retrieved" before the address of an undated item and expects a
    retrieval date it never gets from a note; APA 7 gives the address alone then. And a title
    ending in `?` or `!` gets no comma or full stop after it
    ([fix_punctuation][explainer.cite.fix_punctuation]).

    APA 7 gives a version in parentheses, beside an editor if there is one (`(The Team, Ed.;
    Version 1.0)`), where the style file puts a description in brackets.

    Examples:
        >>> fix_entry(STYLES[0], {"URL": "https://x.org/"}, "A. (n.d.). T. Retrieved https://x.org/")
        'A. (n.d.). T. https://x.org/'
        >>> fix_entry(STYLES[0], {}, "Lee, A. (2026). <i>T</i> (The Team, Ed.) [Version 1.0]. Site.")
        'Lee, A. (2026). <i>T</i> (The Team, Ed.; Version 1.0). Site.'
    """
    if style.key == "apa" and not item.get("accessed"):
        entry = re.sub(r"Retrieved (?=<a |https?://)", "", entry)
    if style.key == "apa":
        entry = re.sub(r"(\([^()\[\]]{1,200}, Eds?\.)\) \[(Version [^\[\]]{1,40})\]", r"\1; \2)", entry)
        entry = re.sub(r" \[(Version [^\[\]]{1,40})\]", r" (\1)", entry)
        # No author: the title leads and the version belongs beside it, before the date.
        entry = re.sub(
            r"^(<i>[^<]{1,600}</i>)\. (\((?:\d{4}|n\.d\.)[^()]{0,40}\))\. \((Version [^()]{1,40})\)\.", r"\1 (\3). \2.", entry
        )
    if style.key == "harvard" and item.get("version"):
        # Cite Them Right names the version of a work that has versions; the style file does not.
        entry = entry.replace(" Available at:", f" Version {html.escape(str(item['version']))}. Available at:", 1)
    return fix_punctuation(entry)


def source_jobs(
    sources: Sources, styles: Sequence[Style] = STYLES, proper: frozenset[str] = frozenset()
) -> list[Job]:
    """One bibliography job per style for all sources (the site's single reference list)."""
    items = tuple(source.item for source in sources.sources)
    return [Job(style.key, styled_items(items, style, proper)) for style in styles]


# --- Machine-readable forms -----------------------------------------------------------------

_BIBTEX_TYPES = {
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "bill": "legislation",
    "book": "book",
    "chapter": "incollection",
    "legal_case": "jurisdiction",
    "legislation": "legislation",
    "post": "online",
    "post-weblog": "online",
    "report": "report",
    "webpage": "online",
}
"""biblatex entry type of each CSL type (`@misc` for the rest). biblatex has one `@article`
for every periodical; a newspaper or magazine is told apart by `entrysubtype`."""
_LATEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
_LATEX_REPLACEMENT = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}
"""Text commands for the specials that a backslash alone does not escape (`\\^{}` is an accent:
citation-js reads it as a circumflex over nothing)."""
_UNMATCHED_BRACE = {"{": "\x01", "}": "\x02"}
_BRACE_WORD = {"\x01": r"\textbraceleft{}", "\x02": r"\textbraceright{}"}


def _mark_unmatched_braces(text: str) -> str:
    """`{` and `}` that have no partner replaced by the stand-ins `\\x01` and `\\x02`."""
    chars = list(text)
    opened: list[int] = []
    for index, char in enumerate(chars):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                chars[index] = _UNMATCHED_BRACE["}"]
    for index in opened:
        chars[index] = _UNMATCHED_BRACE["{"]
    return "".join(chars)


def latex_escape(text: str) -> str:
    r"""Escape LaTeX's special characters in a BibTeX field, on one line.

    BibTeX counts every brace, escaped or not, to find where a field ends, so braces that
    pair up are written `\{…\}` and a brace without a partner `\textbraceleft{}` or
    `\textbraceright{}`: a value can never close its field (and start a forged record).

    Examples:
        >>> latex_escape("R&D: 50% of {x}")
        'R\\&D: 50\\% of \\{x\\}'
        >>> latex_escape("a}, title={b")
        'a\\textbraceright{}, title=\\textbraceleft{}b'
    """
    marked = _mark_unmatched_braces(one_line(text))  # no control characters left
    escaped = _LATEX_SPECIAL.sub(
        lambda m: _LATEX_REPLACEMENT.get(m.group(1), "\\" + m.group(1)), marked
    )
    return re.sub("[\x01\x02]", lambda m: _BRACE_WORD[m.group(0)], escaped)


def _bibtex_names(item: CslItem, field: str = "author") -> str:
    """`Family, Given and …`. An organisation, and a part that BibTeX would split (a family
    name of several words, `van der Berg`, whose "van der" it takes for a particle; a comma;
    an "and"), is kept whole in braces, as the CSL name has it.

    Examples:
        >>> _bibtex_names({"author": [{"family": "van der Berg", "given": "Ann"}, {"literal": "OECD"}]})
        '{van der Berg}, Ann and {OECD}'
    """

    def whole(part: str, split: str) -> str:
        escaped = latex_escape(part)
        return "{" + escaped + "}" if re.search(split, part, re.I) else escaped

    parts = []
    for name in item_names(item, field):
        if "literal" in name or not name.get("family"):
            parts.append("{" + latex_escape(name.get("literal") or name.get("given", "")) + "}")
        else:
            family = whole(name["family"], r"[\s,]")
            given = whole(name.get("given", ""), r",|\band\b")
            parts.append(f"{family}, {given}" if given else family)
    return " and ".join(parts)


def bibtex_key(item: CslItem) -> str:
    """A BibTeX key from the CSL id (letters, digits, `-`, `_`, `:` only)."""
    return re.sub(r"[^A-Za-z0-9_:-]", "", str(item["id"])) or "item"


def bibtex(items: Sequence[CslItem]) -> str:
    r"""Items as a biblatex file (written by bibtexparser); every value is escaped
    ([latex_escape][explainer.cite.latex_escape]) and the address is a
    [safe_url][explainer.cite.safe_url].

    The fields are biblatex's, chosen so that biblatex styles print them and reference
    managers (Zotero, citation-js) import the entry as the item the CSL-JSON download holds:

    - `@online` (web page): the site's name in `booktitle`, which Zotero and citation-js read
      as the website (biblatex's `@online` has no field for it), and the site's publisher in
      `organization`, the field biblatex prints;
    - `@article` (journal, magazine, newspaper): `journaltitle`, `volume`, the issue as
      `number` (`issue` if it is not a number), `pages`, and `entrysubtype = {newspaper}` or
      `{magazine}`;
    - `@report`: `type` (the CSL genre), `institution` (the publisher) and `number`;
    - `@book`: `publisher`, `location`, `edition`; `@incollection` (chapter): `booktitle`,
      `editor`, `publisher`, `location`, `pages`;
    - `@legislation` and `@jurisdiction`: the code or the law reports in `booktitle`, the
      court in `institution`.

    Every entry has its `shorttitle`, `language` and `url` when the item does. Dates are
    biblatex's `date = {2019-09-25}` (as precise as known, and `year` for BibTeX), `origdate`
    and `urldate`: no numeric `month` and no made-up `day`.

    Examples:
        >>> text = bibtex([{"id": "lee-2019", "type": "article-newspaper",
        ...                 "title": "Rents Rise Again", "author": [{"family": "Lee", "given": "Ann"}],
        ...                 "container-title": "The Daily Record",
        ...                 "issued": {"date-parts": [[2019, 9, 25]]}}])
        >>> re.findall(r"\t(\w+) = (.*),?\n", text)[2:]
        [('journaltitle', '{The Daily Record},'), ('entrysubtype', '{newspaper},'), ('year', '{2019},'), ('date', '{2019-09-25}')]
    """
    library = Library()
    for item in map(single_line_item, items):
        library.add(_bibtex_entry(item))
    return str(write_string(library))


_BibtexFields = list[tuple[str, str]]
"""`(biblatex field, value)` pairs of one entry, in the order they are written."""


def _bibtex_entry(item: CslItem) -> Entry:
    """One item (each value already one line) as a biblatex entry: its type from
    `_BIBTEX_TYPES`, its [key][explainer.cite.bibtex_key], and the fields of every writer of
    `_BIBTEX_WRITERS`, in that order."""
    entry_type = _BIBTEX_TYPES.get(str(item["type"]), "misc")
    fields = [pair for write in _BIBTEX_WRITERS for pair in write(item, entry_type)]
    return Entry(entry_type, bibtex_key(item), [Field(k, v) for k, v in fields])


def _bibtex_text(item: CslItem, name: str, key: str) -> _BibtexFields:
    """The CSL field `key` as the escaped biblatex field `name`, if the item has it."""
    return [(name, latex_escape(str(item[key])))] if item.get(key) else []


def _bibtex_people(item: CslItem, entry_type: str) -> _BibtexFields:
    """`author` and `editor` (`_bibtex_names`)."""
    fields: _BibtexFields = []
    if item.get("author"):
        fields.append(("author", _bibtex_names(item)))
    if item.get("editor"):
        fields.append(("editor", _bibtex_names(item, "editor")))
    return fields


def _bibtex_titles(item: CslItem, entry_type: str) -> _BibtexFields:
    """`title` (always) and `shorttitle`, in braces so that no style changes their case."""
    fields = [("title", "{" + latex_escape(str(item.get("title", ""))) + "}")]
    if item.get("title-short"):
        fields.append(("shorttitle", "{" + latex_escape(str(item["title-short"])) + "}"))
    return fields


_BIBTEX_CONTAINER = {"article": "journaltitle", "misc": "howpublished"}
"""The biblatex field of the CSL `container-title` by entry type (`booktitle` for the rest)."""


def _bibtex_container(item: CslItem, entry_type: str) -> _BibtexFields:
    """The periodical, website, book or code (`_BIBTEX_CONTAINER`), and an article's
    `entrysubtype` (`newspaper`, `magazine`)."""
    name = _BIBTEX_CONTAINER.get(entry_type, "booktitle")
    fields = _bibtex_text(item, name, "container-title")
    kind = str(item["type"])
    if entry_type == "article" and kind in ("article-newspaper", "article-magazine"):
        fields.append(("entrysubtype", kind.removeprefix("article-")))
    return fields


def _bibtex_numbers(item: CslItem, entry_type: str) -> _BibtexFields:
    """`edition`, `version`, `volume`; an article's numeric issue as `number` (otherwise
    `issue` and `number` as they are); `pages` with `--` between first and last."""
    fields = [
        pair for key in ("edition", "version", "volume") for pair in _bibtex_text(item, key, key)
    ]
    issue = str(item.get("issue", ""))
    if entry_type == "article" and issue.isdigit():
        fields.append(("number", issue))
    else:
        fields += _bibtex_text(item, "issue", "issue") + _bibtex_text(item, "number", "number")
    if item.get("page"):
        fields.append(("pages", latex_escape(re.sub(r"\s*[-–—]+\s*", "--", str(item["page"])))))
    return fields


_BIBTEX_PUBLISHER = {"online": "organization", "report": "institution"}
"""The biblatex field of the CSL `publisher` by entry type (`publisher` for the rest)."""


def _bibtex_publisher(item: CslItem, entry_type: str) -> _BibtexFields:
    """The publisher (`_BIBTEX_PUBLISHER`), its `location`, a case's court as `institution`
    and the CSL genre as `type`."""
    fields = _bibtex_text(item, _BIBTEX_PUBLISHER.get(entry_type, "publisher"), "publisher")
    fields += _bibtex_text(item, "location", "publisher-place")
    if entry_type == "jurisdiction":
        fields += _bibtex_text(item, "institution", "authority")
    return fields + _bibtex_text(item, "type", "genre")


_BIBTEX_DATES = (("date", "issued"), ("origdate", "original-date"), ("urldate", "accessed"))
"""`(biblatex date, CSL date)`, in the order they are written."""


def _bibtex_dates(item: CslItem, entry_type: str) -> _BibtexFields:
    """`year` (for BibTeX), then each date of `_BIBTEX_DATES` as precise as it is known
    (`2019-09`), with no numeric `month` and no made-up `day`."""
    issued = _date_parts(item)
    fields = [("year", str(issued[0]))] if issued else []
    for name, key in _BIBTEX_DATES:
        iso = _iso(item, key)
        fields += [(name, iso)] if iso else []
    return fields


def _bibtex_link(item: CslItem, entry_type: str) -> _BibtexFields:
    """`language`, and the address as `url` (a [safe_url][explainer.cite.safe_url], not escaped)."""
    fields = _bibtex_text(item, "language", "language")
    if item.get("URL"):
        fields.append(("url", str(item["URL"])))
    return fields


_BIBTEX_WRITERS: tuple[Callable[[CslItem, str], _BibtexFields], ...] = (
    _bibtex_people,
    _bibtex_titles,
    _bibtex_container,
    _bibtex_numbers,
    _bibtex_publisher,
    _bibtex_dates,
    _bibtex_link,
)
"""The fields of an entry, group by group, each from the item and its biblatex entry type."""


def _date_parts(item: CslItem, field: str = "issued") -> list[int]:
    """The year, month and day of a CSL date, as far as they are numbers (empty if none).

    Examples:
        >>> _date_parts({"issued": {"date-parts": [["2019", 9]]}}), _date_parts({"accessed": {"raw": "May"}}, "accessed")
        ([2019, 9], [])
    """
    issued = item.get(field)
    if not isinstance(issued, dict):
        return []
    parts = issued.get("date-parts")
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list)):
        return []
    out: list[int] = []
    for part in parts[0][:3]:
        try:
            out.append(int(part))
        except (TypeError, ValueError):
            break
    return out


_RIS_TYPES = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "bill": "BILL",
    "book": "BOOK",
    "chapter": "CHAP",
    "legal_case": "CASE",
    "legislation": "STAT",
    "post-weblog": "BLOG",
    "report": "RPRT",
    "webpage": "ELEC",
}
"""RIS type of each CSL type (`GEN` for the rest), as Zotero and citation-js read them."""


def ris(items: Sequence[CslItem]) -> str:
    """Items as an RIS file (written by rispy); every value is one line, so none can start
    a tag line of its own (`ER  -`, `TY  -`).

    The tags are those Zotero writes and reads for each type, and citation-js too where it
    reads them: the short title in `ST`; the periodical, website, book or code in `T2` (not
    for a book or report, whose `T2` is a series; a case's law reports in `A2`); the editors
    in `A2` (a chapter, a blog, a journal) or `A3` (a book); the publisher in `PB` (a case's
    court) and its place in `CY`; `ET` for the edition or version (not for a journal
    article, whose `ET` is its online date); `VL`, `IS`, `SP`/`EP`; a report's number in
    `SN` and a law's in `M1`; the genre in `M3`; the year in `PY` and the dates as
    `YYYY/MM/DD/` in `DA` and `Y2` (accessed); the language in `LA`, the address in `UR`.

    Examples:
        >>> print(ris([{"id": "lee-2019", "type": "article-journal", "title": "Rents",
        ...             "author": [{"family": "Lee", "given": "Ann"}], "container-title": "Housing Review",
        ...             "volume": "12", "issue": "3", "page": "45–67", "issued": {"date-parts": [[2019, 6]]}}]))
        ... # doctest: +NORMALIZE_WHITESPACE
        TY  - JOUR
        AU  - Lee, Ann
        TI  - Rents
        T2  - Housing Review
        VL  - 12
        IS  - 3
        SP  - 45
        EP  - 67
        PY  - 2019
        DA  - 2019/06//
        ID  - lee-2019
        ER  -
    """
    entries = [_ris_record(item) for item in map(single_line_item, items)]
    return str(rispy.dumps(entries, implementation=_RisWriter))


_RisFields = dict[str, object]
"""rispy's fields of one record (`title`, `authors`…), in the order they are written."""


def _ris_record(item: CslItem) -> _RisFields:
    """One item (each value already one line) as an rispy record: its type from `_RIS_TYPES`,
    the fields of every writer of `_RIS_WRITERS` in that order, and its `ID`."""
    kind = _RIS_TYPES.get(str(item["type"]), "GEN")
    entry: _RisFields = {"type_of_reference": kind}
    for write in _RIS_WRITERS:
        entry.update(write(item, kind))
    entry["id"] = str(item["id"])
    return entry


def _ris_values(**values: object) -> _RisFields:
    """The given fields that have a value, as text, in the order given."""
    return {key: str(value) for key, value in values.items() if value}


def _ris_names(item: CslItem, field: str) -> list[str]:
    """The names of a CSL name field as RIS writes them (`Lee, Ann`; a group as it is named)."""
    return [
        n["literal"]
        if "literal" in n
        else ", ".join(p for p in (n.get("family", ""), n.get("given", "")) if p)
        for n in item_names(item, field)
    ]


def _ris_date(item: CslItem, field: str) -> str:
    """A CSL date as RIS's `YYYY/MM/DD/`, as precise as known (`2019/06//`), or empty."""
    parts = [f"{p:02d}" if i else str(p) for i, p in enumerate(_date_parts(item, field))]
    return "/".join((parts + ["", ""])[:3]) + "/" if parts else ""


_RIS_EDITORS = {
    "BOOK": "tertiary_authors",
    "CHAP": "secondary_authors",
    "BLOG": "secondary_authors",
    "JOUR": "secondary_authors",
}
"""Where the CSL `editor` goes by RIS type: `A3` of a book, `A2` of a chapter, a blog, a
journal (nowhere for the rest)."""


def _ris_people(item: CslItem, kind: str) -> _RisFields:
    """The authors (`AU`) and the editors (`_RIS_EDITORS`)."""
    fields: _RisFields = {}
    if item_names(item):
        fields["authors"] = _ris_names(item, "author")
    if kind in _RIS_EDITORS and item_names(item, "editor"):
        fields[_RIS_EDITORS[kind]] = _ris_names(item, "editor")
    return fields


def _ris_titles(item: CslItem, kind: str) -> _RisFields:
    """The title (`TI`, always), the short title (`ST`) and the periodical, website, book or
    code in `T2` (not a book's or a report's, whose `T2` is a series; a case's law reports
    in `A2`)."""
    fields: _RisFields = {"title": str(item.get("title", ""))}
    fields.update(_ris_values(short_title=item.get("title-short")))
    if kind == "CASE":
        if item.get("container-title"):
            fields["secondary_authors"] = [str(item["container-title"])]
    elif kind not in ("BOOK", "RPRT"):
        fields.update(_ris_values(secondary_title=item.get("container-title")))
    return fields


_RIS_NUMBER = {"RPRT": "issn", "STAT": "note", "BILL": "note"}
"""Where the CSL `number` goes by RIS type: a report's in `SN`, a law's or a bill's in `M1`
(nowhere for the rest)."""


def _ris_numbers(item: CslItem, kind: str) -> _RisFields:
    """`ET` for the edition or version (not a journal article's, whose `ET` is its online
    date), `VL` (not a web page's), the issue in `IS` (not a chapter's), the number
    (`_RIS_NUMBER`) and the genre in `M3`."""
    fields: _RisFields = {}
    if kind != "JOUR":
        fields.update(_ris_values(edition=item.get("edition") or item.get("version")))
    if kind != "ELEC":
        fields.update(_ris_values(volume=item.get("volume")))
    if kind != "CHAP":
        fields.update(_ris_values(number=item.get("issue")))
    if kind in _RIS_NUMBER:
        fields.update(_ris_values(**{_RIS_NUMBER[kind]: item.get("number")}))
    fields.update(_ris_values(type_of_work=item.get("genre")))
    return fields


def _ris_publisher(item: CslItem, kind: str) -> _RisFields:
    """The publisher in `PB` (a case's court) and its place in `CY`."""
    publisher = item.get("authority") if kind == "CASE" else item.get("publisher")
    return _ris_values(publisher=publisher, place_published=item.get("publisher-place"))


def _ris_pages(item: CslItem, kind: str) -> _RisFields:
    """The first and last page in `SP` and `EP` (anything but a range all in `SP`); none for
    a book, whose `SP` is its number of pages."""
    page = str(item.get("page", ""))
    if not page or kind == "BOOK":
        return {}
    pair = _page_range(page)
    return _ris_values(start_page=pair[0] if pair else page, end_page=pair[1] if pair else "")


def _ris_dates(item: CslItem, kind: str) -> _RisFields:
    """The year in `PY`, the date in `DA` and the date of access in `Y2` (`YYYY/MM/DD/`)."""
    issued = _date_parts(item)
    fields: _RisFields = (
        {"year": str(issued[0]), "date": _ris_date(item, "issued")} if issued else {}
    )
    fields.update(_ris_values(access_date=_ris_date(item, "accessed")))
    return fields


def _ris_link(item: CslItem, kind: str) -> _RisFields:
    """The language in `LA` and the address in `UR`."""
    fields = _ris_values(language=item.get("language"))
    if item.get("URL"):
        fields["urls"] = [str(item["URL"])]
    return fields


_RIS_WRITERS: tuple[Callable[[CslItem, str], _RisFields], ...] = (
    _ris_people,
    _ris_titles,
    _ris_numbers,
    _ris_publisher,
    _ris_pages,
    _ris_dates,
    _ris_link,
)
"""The fields of a record, group by group, each from the item and its RIS type."""


_PAGE_RANGE = re.compile(r"([^\s,;–—-]+)\s*[-–—]+\s*([^\s,;–—-]+)")


def _page_range(page: str) -> tuple[str, str] | None:
    """The first and last page of a range (`45–67`, `45 - 67`), or `None` for anything else
    (`45`, `45, 50`).

    Examples:
        >>> _page_range("45 – 67"), _page_range("45, 50")
        (('45', '67'), None)
    """
    pair = _PAGE_RANGE.fullmatch(page)
    return (pair.group(1), pair.group(2)) if pair else None


class _RisWriter(rispy.RisWriter):  # type: ignore[misc]  # rispy has no type hints
    """rispy's writer without its "1.", "2." lines, which are not RIS."""

    def set_header(self, count: int) -> str:
        return ""


def csl_json(items: Sequence[CslItem]) -> str:
    """Items as a CSL-JSON file (text values one line)."""
    cleaned = [single_line_item(item) for item in items]
    return json.dumps(cleaned, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_COINS_ZOTERO_TYPE = {
    "article-newspaper": "newspaperArticle",
    "article-magazine": "magazineArticle",
}
"""The `rft.type` that ends a newspaper's or a magazine's article, for Zotero."""
_COINS_JOURNAL = ("article", "article-journal", *_COINS_ZOTERO_TYPE)
"""The CSL types written as a `journal` `article`."""
_COINS_BOOK_GENRE = {"book": "book", "chapter": "bookitem", "report": "report"}
"""The CSL types written in the `book` format, and the genre of each."""
_COINS_DC_TYPE = {
    "webpage": "webpage",
    "post": "forumPost",
    "post-weblog": "blogPost",
    "legislation": "statute",
    "legal_case": "case",
    "bill": "bill",
}
"""The Dublin Core `rft.type` (Zotero's item type) of the other CSL types (`document` for
the rest)."""
_CoinsPairs = list[tuple[str, str]]
"""COinS keys and values, in the order they are written (empty values are left out)."""


def coins(item: CslItem) -> str:
    """The COinS (OpenURL ContextObject) of an item, for `<span class="Z3988" title="…">`.

    Zotero reads these spans to save every source of a page at once. The values are one
    line and URL-encoded; the page HTML-escapes the whole string into the attribute.

    Format and genre follow the item's type as Zotero reads them (`parseContextObject` of its
    COinS translator): an article in a periodical is a `journal` `article` (the periodical
    in `jtitle`, with `volume`, `issue` and pages); a book is a `book` `book`, a chapter a
    `book` `bookitem` (the book in `btitle`), a report a `book` `report`, each with its
    publisher, place and edition; anything else is Dublin Core (`dc`), whose `rft.type`
    Zotero takes as its item type (`webpage`, `blogPost`, `statute`, `case`, `bill`,
    `document`). A newspaper or magazine article ends with `rft.type=newspaperArticle` or
    `magazineArticle`: Zotero reads it after the journal's keys and saves that type, and a
    link resolver still sees a journal article.

    Examples:
        >>> coins({"id": "x", "type": "chapter", "title": "Canals", "container-title": "A History of Trade"})
        'ctx_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook&rft.genre=bookitem&rft.atitle=Canals&rft.btitle=A+History+of+Trade'
    """
    item = single_line_item(item)
    kind = str(item["type"])
    dublin_core = kind not in _COINS_JOURNAL and kind not in _COINS_BOOK_GENRE
    pairs = [("ctx_ver", "Z39.88-2004")]
    if kind in _COINS_JOURNAL:
        pairs += _coins_journal(item)
    elif kind in _COINS_BOOK_GENRE:
        pairs += _coins_book(item, kind)
    else:
        pairs += _coins_dublin_core(item, kind)
    creator = "rft.creator" if dublin_core else "rft.au"
    pairs += [(creator, _display_name(name)) for name in item_names(item)]
    pairs.append(("rft.date", _iso(item)))
    if not dublin_core:
        pairs += _coins_pages(_text(item, "page"))
    pairs += [("rft_id", _text(item, "URL")), ("rft.type", _COINS_ZOTERO_TYPE.get(kind, ""))]
    return urlencode([(key, value) for key, value in pairs if value])


def _text(item: CslItem, key: str) -> str:
    """A field of the item as text (empty if it has none)."""
    return str(item.get(key, ""))


def _coins_journal(item: CslItem) -> _CoinsPairs:
    """The format and genre of an article in a periodical, its title, the periodical in
    `jtitle`, the volume and the issue."""
    return [
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
        ("rft.genre", "article"),
        ("rft.atitle", _text(item, "title")),
        ("rft.jtitle", _text(item, "container-title")),
        ("rft.volume", _text(item, "volume")),
        ("rft.issue", _text(item, "issue")),
    ]


def _coins_book(item: CslItem, kind: str) -> _CoinsPairs:
    """The format and genre of a book, a chapter or a report, its title (a chapter's, and
    the book's in `btitle`), the publisher, its place and the edition."""
    pairs = [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", _COINS_BOOK_GENRE[kind])]
    if kind == "chapter":
        pairs += [
            ("rft.atitle", _text(item, "title")),
            ("rft.btitle", _text(item, "container-title")),
        ]
    else:
        pairs.append(("rft.btitle", _text(item, "title")))
    pairs += [("rft.pub", _text(item, "publisher")), ("rft.place", _text(item, "publisher-place"))]
    pairs.append(("rft.edition", _text(item, "edition")))
    return pairs


def _coins_dublin_core(item: CslItem, kind: str) -> _CoinsPairs:
    """The Dublin Core format and type (`_COINS_DC_TYPE`) of anything else, its title, the
    site or periodical in `source` and the publisher."""
    return [
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
        ("rft.type", _COINS_DC_TYPE.get(kind, "document")),
        ("rft.title", _text(item, "title")),
        ("rft.source", _text(item, "container-title")),
        ("rft.publisher", _text(item, "publisher")),
    ]


def _coins_pages(page: str) -> _CoinsPairs:
    """The pages (`45-67`), and the first and last of a range (none if there are no pages)."""
    if not page:
        return []
    pair = _page_range(page)
    if not pair:
        return [("rft.pages", page)]
    return [("rft.pages", f"{pair[0]}-{pair[1]}"), ("rft.spage", pair[0]), ("rft.epage", pair[1])]


def _iso(item: CslItem, field: str = "issued") -> str:
    """The item's date (`issued`, or another CSL date field) as ISO 8601, as precise as it
    is given (`2019-12`), or empty."""
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(_date_parts(item, field)))


def _display_name(name: dict[str, str]) -> str:
    """A CSL name as it is written in running text (`Ann Lee`, `Department of Housing`)."""
    if "literal" in name:
        return name["literal"]
    return " ".join(p for p in (name.get("given", ""), name.get("family", "")) if p)


def _plain_names(item: CslItem) -> list[str]:
    return [_display_name(n) for n in item_names(item)]


MetaTag = tuple[str, str, str]
"""`(attribute, name, content)`: `("name", "DC.title", "…")` or `("property", "og:url", "…")`."""


def head_meta(page: CslItem, sources: Sequence[CslItem], description: str) -> list[MetaTag]:
    """`<meta>` tags for an explainer page: Highwire, Dublin Core and Open Graph.

    Zotero's Embedded Metadata translator guesses "journal article" as soon as it sees
    `citation_title`, `citation_journal_title` or similar, so those are left out: the title
    comes from Dublin Core, and with no Highwire type hint Zotero saves a **web page**.
    The Highwire tags that are given (author, date, publisher, language, references) do not
    change the item type. `citation_author` and `DC.creator` name only the persons who wrote
    the text; the site's team, a group, is the publisher and the site name. The original is
    described in the JSON-LD (`json_ld`), not here.
    """
    page = single_line_item(page)
    sources = [single_line_item(source) for source in sources]
    description = one_line(description)
    tags: list[MetaTag] = []
    authors = _plain_names(page)
    date = _iso(page)
    for author in authors:
        tags.append(("name", "citation_author", author))
    if date:
        tags.append(("name", "citation_publication_date", date.replace("-", "/")))
    publisher = str(page.get("publisher") or page.get("container-title", ""))
    if publisher:
        tags.append(("name", "citation_publisher", publisher))
    tags.append(("name", "citation_language", "en"))
    for source in sources:
        parts = [f"citation_title={source.get('title', '')}"]
        parts += [f"citation_author={a}" for a in _plain_names(source)]
        if _iso(source):
            parts.append(f"citation_publication_date={_iso(source)[:4]}")
        if source.get("URL"):
            parts.append(f"citation_public_url={source['URL']}")
        tags.append(("name", "citation_reference", "; ".join(p.replace(";", ",") for p in parts)))
    tags.append(("name", "DC.title", str(page.get("title", ""))))
    for author in authors:
        tags.append(("name", "DC.creator", author))
    if publisher:
        tags.append(("name", "DC.publisher", publisher))
    if date:
        tags.append(("name", "DC.date", date))
    tags.append(("name", "DC.language", "en"))
    # No DC.type (Zotero files "Text" as the website type) and no DC.source (Zotero reads
    # it as the website's title): the original is described in the JSON-LD `isBasedOn`.
    if page.get("URL"):
        tags.append(("name", "DC.identifier", str(page["URL"])))
    if page.get("version"):
        tags.append(("name", "DC.hasVersion", str(page["version"])))
    tags.append(("property", "og:type", "website"))
    tags.append(("property", "og:title", str(page.get("title", ""))))
    if description:
        tags.append(("property", "og:description", description))
    if page.get("URL"):
        tags.append(("property", "og:url", str(page["URL"])))
    if page.get("container-title"):
        tags.append(("property", "og:site_name", str(page["container-title"])))
    tags.append(("property", "og:locale", "en_US"))
    return tags


def _schema_people(item: CslItem, person: str = "Person") -> list[dict[str, str]]:
    return [
        {"@type": "Organization" if "literal" in n else person, "name": _display_name(n)}
        for n in item_names(item)
    ]


def _schema_work(item: CslItem, kind: str) -> dict[str, object]:
    work: dict[str, object] = {"@type": kind, "name": str(item.get("title", ""))}
    if kind != "Book":
        work["headline"] = str(item.get("title", ""))
    people = _schema_people(item)
    if people:
        work["author"] = people
    if _iso(item):
        work["datePublished"] = _iso(item)
    outlet = item.get("container-title") or item.get("publisher")
    if outlet:
        work["publisher"] = {"@type": "Organization", "name": str(outlet)}
    if item.get("URL"):
        work["url"] = str(item["URL"])
    return work


_SCHEMA_TYPES = {
    "article-newspaper": "NewsArticle",
    "article-magazine": "Article",
    "article-journal": "ScholarlyArticle",
    "post-weblog": "BlogPosting",
    "webpage": "WebPage",
    "report": "Report",
    "book": "Book",
    "chapter": "Chapter",
    "legislation": "Legislation",
}
"""schema.org types of the CSL types the site writes (others are a `CreativeWork`)."""


def _original_schema_type(original: CslItem) -> str:
    """The original as schema.org names its kind: an opinion piece in a newspaper is an
    `OpinionNewsArticle`; a text of unknown kind is an `Article`, never a type the CSL item
    contradicts."""
    kind = str(original.get("type", ""))
    if kind == "article-newspaper":
        return "OpinionNewsArticle"
    return "Article" if kind == "webpage" else _SCHEMA_TYPES.get(kind, "CreativeWork")


def json_ld(
    page: CslItem, original: CslItem, sources: Sequence[CslItem], description: str
) -> dict[str, object]:
    """schema.org JSON-LD: the explainer page, based on the original opinion article.

    The page is an `Article` and a `WebPage`; `isBasedOn` is the original, typed as its CSL
    item is (an `OpinionNewsArticle` in a newspaper, a `Report`, a `BlogPosting`…);
    `citation` lists the works its endnotes cite, typed the same way. Put it in a page
    with [script_json][explainer.cite.script_json].
    """
    page, original = single_line_item(page), single_line_item(original)
    sources = [single_line_item(source) for source in sources]
    description = one_line(description)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": ["Article", "WebPage"],
        "headline": str(page.get("title", "")),
        "name": str(page.get("title", "")),
        "inLanguage": "en",
    }
    if description:
        data["description"] = description
    if page.get("URL"):
        data["url"] = str(page["URL"])
        data["@id"] = str(page["URL"])
    people = _schema_people(page, "Organization")
    if people:
        data["author"] = people
    if _iso(page):
        data["datePublished"] = _iso(page)
    if page.get("version"):
        data["version"] = str(page["version"])
    if page.get("container-title"):
        data["isPartOf"] = {"@type": "WebSite", "name": str(page["container-title"])}
    publisher = page.get("publisher") or page.get("container-title")
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": str(publisher)}
    data["isBasedOn"] = _schema_work(original, _original_schema_type(original))
    if sources:
        data["citation"] = [
            _schema_work(s, _SCHEMA_TYPES.get(str(s["type"]), "CreativeWork")) for s in sources
        ]
    return data


def script_json(data: object) -> str:
    """JSON safe to put inside a `<script>` element (no `<`, `>` or `&` left raw, so neither
    `</script>` nor `<!--` can end or change the element).

    Examples:
        >>> script_json({"a": "</script>"})
        '{"a": "\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
