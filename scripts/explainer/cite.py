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

import json
import re
from collections.abc import Iterable, Sequence
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
from explainer.model import Article, Diagnostic, Name, PartialDate, Reference
from explainer.notes import parse_names, source_reference
from explainer.textutil import normalize_for_compare, sentence_case, slugify

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


def original_item(article: Article) -> CslItem:
    """The original article as a CSL item (author, title, outlet, date, URL from text and sidecar).

    Examples:
        >>> from explainer.model import Sidecar
        >>> a = Article(slug="rents", source="rents.txt", title="Rents Rise", authors=("Ann Lee",),
        ...             date=PartialDate(2019, 12, 4), sidecar=Sidecar(publisher="The Record"))
        >>> item = original_item(a)
        >>> item["type"], item["container-title"], item["author"]
        ('article-newspaper', 'The Record', [{'family': 'Lee', 'given': 'Ann'}])
    """
    sidecar = article.sidecar
    outlet = sidecar.publisher
    return _clean(
        {
            "id": f"{article.slug}--original",
            # With no outlet, "webpage" is the type every style prints sensibly (a newspaper
            # article without a newspaper loses its title in Harvard's in-text form).
            "type": "article-newspaper" if outlet else "webpage",
            "title": article.title,
            "author": _person_names(article.authors),
            "container-title": outlet,
            "issued": csl_date(article.date),
            "URL": sidecar.url,
            "language": sidecar.language if sidecar.language != "en" else "",
        }
    )


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


_QUOTED = re.compile(r"[“\"‘]")


def reference_type(ref: Reference) -> str:
    """The CSL type a parsed note most likely cites.

    A quoted title in an outlet is an article; a quoted title with no outlet is a web page
    (the styles print an outlet-less article badly: Harvard drops its title); an unquoted
    (italic or capitalised) title is a book.
    """
    start = ref.raw.find(ref.title[:20]) if ref.title else -1
    quoted = start > 0 and bool(_QUOTED.match(ref.raw[start - 1]))
    if quoted or not ref.title:
        return "article-newspaper" if ref.container else "webpage"
    return "book"


def is_citable(ref: Reference) -> bool:
    """Whether a note's reference names a work (a title or an address)."""
    return ref.kind == "source" and bool(ref.title or ref.url)


def reference_item(ref: Reference, key: str) -> CslItem:
    """A note's source as a CSL item, without the note's locator (that belongs to the note)."""
    kind = reference_type(ref)
    container_field = "publisher" if kind == "book" else "container-title"
    return _clean(
        {
            "id": key,
            "type": kind,
            "title": ref.title or ref.url,
            "author": csl_names(ref.authors),
            container_field: ref.container,
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
    """The items as one style needs them: titles in sentence case for APA and Harvard (their
    CSL files print titles as given), names kept capitalised."""
    if not style.sentence_case:
        return tuple(items)
    return tuple(
        {**item, "title": sentence_case(str(item["title"]), proper)} if item.get("title") else item
        for item in items
    )


def article_jobs(
    items: Sequence[CslItem], styles: Sequence[Style] = STYLES, proper: frozenset[str] = frozenset()
) -> list[Job]:
    """Jobs that format the items of the cite boxes (every page and original) in every style.

    Each item is formatted as if it were alone (`solo`): a page's citation never changes
    because another article has the same author and year. That also lets the items be cut
    into chunks that run in parallel. Each item gets its short form and a one-paragraph
    pinpoint; after the chunks, one job per style formats [RANGE_PROBE][explainer.cite.RANGE_PROBE]
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
            for index, item in enumerate(items[start : start + ARTICLE_CHUNK]):
                item_id = str(item["id"])
                short, one = result.citations[2 * index : 2 * index + 2]
                if item_id.endswith("--original") and not style.numbers_unnumbered_paragraphs:
                    one = short  # the paragraph numbers are the explainer page's, not the source's
                many = range_pinpoint(rule, one)
                entry = fix_entry(style, item, strip_entry_div(result.bibliography[item_id]))
                out[item_id][style.key] = StyledCitation(
                    entry=mark_access_date(entry, item.get("accessed")),
                    short=fix_punctuation(short),
                    pinpoint=fix_punctuation(one.replace(PARAGRAPH_SENTINEL, "{n}")),
                    pinpoint_range=paras_with_period(
                        fix_punctuation(
                            many.replace(RANGE_SENTINEL, "{n}–{m}").replace(
                                RANGE_SENTINEL.replace("–", "-"), "{n}–{m}"
                            )
                        )
                    ),
                )
    return out


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

    Examples:
        >>> fix_entry(STYLES[0], {"URL": "https://x.org/"}, "A. (n.d.). T. Retrieved https://x.org/")
        'A. (n.d.). T. https://x.org/'
    """
    if style.key == "apa" and not item.get("accessed"):
        entry = re.sub(r"Retrieved (?=<a |https?://)", "", entry)
    return fix_punctuation(entry)


def source_jobs(
    sources: Sources, styles: Sequence[Style] = STYLES, proper: frozenset[str] = frozenset()
) -> list[Job]:
    """One bibliography job per style for all sources (the site's single reference list)."""
    items = tuple(source.item for source in sources.sources)
    return [Job(style.key, styled_items(items, style, proper)) for style in styles]


# --- Machine-readable forms -----------------------------------------------------------------

_BIBTEX_TYPES = {
    "article-newspaper": "article",
    "article-journal": "article",
    "book": "book",
    "webpage": "online",
    "report": "report",
}
_LATEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
_LATEX_REPLACEMENT = {"~": r"\textasciitilde{}", "^": r"\^{}", "\\": r"\textbackslash{}"}
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
    pair up are written `\{…\}` and a brace without a partner `	extbraceleft{}` or
    `	extbraceright{}`: a value can never close its field (and start a forged record).

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
    parts = []
    for name in item_names(item, field):
        if "literal" in name:
            parts.append("{" + latex_escape(name["literal"]) + "}")
        else:
            given = name.get("given", "")
            family = latex_escape(name["family"])
            parts.append(f"{family}, {latex_escape(given)}" if given else family)
    return " and ".join(parts)


def bibtex_key(item: CslItem) -> str:
    """A BibTeX key from the CSL id (letters, digits, `-`, `_`, `:` only)."""
    return re.sub(r"[^A-Za-z0-9_:-]", "", str(item["id"])) or "item"


def bibtex(items: Sequence[CslItem]) -> str:
    """Items as a BibTeX file (written by bibtexparser); every value is escaped
    ([latex_escape][explainer.cite.latex_escape]) and the address is a
    [safe_url][explainer.cite.safe_url]."""
    library = Library()
    for item in map(single_line_item, items):
        fields: list[tuple[str, str]] = []
        if item.get("author"):
            fields.append(("author", _bibtex_names(item)))
        fields.append(("title", "{" + latex_escape(str(item.get("title", ""))) + "}"))
        kind = str(item["type"])
        if item.get("container-title"):
            name = "journal" if kind in ("article-newspaper", "article-journal") else "howpublished"
            fields.append((name, latex_escape(str(item["container-title"]))))
        if item.get("publisher"):
            fields.append(("publisher", latex_escape(str(item["publisher"]))))
        if item.get("editor"):
            fields.append(("editor", _bibtex_names(item, "editor")))
        if item.get("version"):
            fields.append(("version", latex_escape(str(item["version"]))))
        date = _date_parts(item)
        if date:
            # `year` for BibTeX, `date` for biblatex; no numeric `month` or made-up `day`
            # (readers drop them or read them wrongly).
            fields.append(("year", str(date[0])))
            fields.append(("date", _iso(item)))
        original = _date_parts(item, "original-date")
        if original:
            fields.append(("origdate", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(original))))
        if item.get("URL"):
            fields.append(("url", str(item["URL"])))
        library.add(
            Entry(
                _BIBTEX_TYPES.get(kind, "misc"), bibtex_key(item), [Field(k, v) for k, v in fields]
            )
        )
    return str(write_string(library))


def _date_parts(item: CslItem, field: str = "issued") -> list[int]:
    issued = item.get(field)
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list):
            return [int(p) for p in parts[0]]
    return []


_RIS_TYPES = {
    "article-newspaper": "NEWS",
    "article-journal": "JOUR",
    "webpage": "ELEC",
    "book": "BOOK",
    "report": "RPRT",
}


def ris(items: Sequence[CslItem]) -> str:
    """Items as an RIS file (written by rispy); every value is one line, so none can start
    a tag line of its own (`ER  -`, `TY  -`)."""
    entries = []
    for item in map(single_line_item, items):
        entry: dict[str, object] = {"type_of_reference": _RIS_TYPES.get(str(item["type"]), "GEN")}
        names = item_names(item)
        if names:
            entry["authors"] = [
                n["literal"]
                if "literal" in n
                else ", ".join(p for p in (n["family"], n.get("given", "")) if p)
                for n in names
            ]
        entry["title"] = str(item.get("title", ""))
        if item.get("container-title"):
            key = "journal_name" if item["type"] in ("article-journal",) else "secondary_title"
            entry[key] = str(item["container-title"])
        if item.get("publisher"):
            entry["publisher"] = str(item["publisher"])
        if item.get("version"):
            entry["edition"] = str(item["version"])
        date = _date_parts(item)
        if date:
            entry["year"] = str(date[0])
            entry["date"] = _iso(item).replace("-", "/") + "/" * (3 - len(date))
        if item.get("URL"):
            entry["urls"] = [str(item["URL"])]
        entry["id"] = str(item["id"])
        entries.append(entry)
    return str(rispy.dumps(entries, implementation=_RisWriter))


class _RisWriter(rispy.RisWriter):  # type: ignore[misc]  # rispy has no type hints
    """rispy's writer without its "1.", "2." lines, which are not RIS."""

    def set_header(self, count: int) -> str:
        return ""


def csl_json(items: Sequence[CslItem]) -> str:
    """Items as a CSL-JSON file (text values one line)."""
    cleaned = [single_line_item(item) for item in items]
    return json.dumps(cleaned, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def coins(item: CslItem) -> str:
    """The COinS (OpenURL ContextObject) of an item, for `<span class="Z3988" title="…">`.

    Zotero reads these spans to save every source of a page at once. The values are one
    line and URL-encoded; the page HTML-escapes the whole string into the attribute.
    """
    item = single_line_item(item)
    kind = str(item["type"])
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    names = item_names(item)
    when = _iso(item)
    if kind in ("article-newspaper", "article-journal", "article"):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        pairs.append(("rft.atitle", str(item.get("title", ""))))
        if item.get("container-title"):
            pairs.append(("rft.jtitle", str(item["container-title"])))
    elif kind == "book":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "book")]
        pairs.append(("rft.btitle", str(item.get("title", ""))))
        if item.get("publisher"):
            pairs.append(("rft.pub", str(item["publisher"])))
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", "webpage")]
        pairs.append(("rft.title", str(item.get("title", ""))))
        if item.get("container-title"):
            pairs.append(("rft.source", str(item["container-title"])))
    for name in names:
        pairs.append(("rft.au" if kind != "webpage" else "rft.creator", _display_name(name)))
    if when:
        pairs.append(("rft.date", when))
    if item.get("URL"):
        pairs.append(("rft_id", str(item["URL"])))
    return urlencode(pairs)


def _iso(item: CslItem) -> str:
    """The item's date as ISO 8601, as precise as it is given (`2019-12`), or empty."""
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(_date_parts(item)))


def _display_name(name: dict[str, str]) -> str:
    """A CSL name as it is written in running text (`Ann Lee`, `Department of Housing`)."""
    if "literal" in name:
        return name["literal"]
    return " ".join(p for p in (name.get("given", ""), name["family"]) if p)


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


_SCHEMA_TYPES = {"article-newspaper": "NewsArticle", "book": "Book", "webpage": "WebPage"}


def json_ld(
    page: CslItem, original: CslItem, sources: Sequence[CslItem], description: str
) -> dict[str, object]:
    """schema.org JSON-LD: the explainer page, based on the original opinion article.

    The page is an `Article` and a `WebPage`; `isBasedOn` is the original as an
    `OpinionNewsArticle`; `citation` lists the works its endnotes cite. Put it in a page
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
    data["isBasedOn"] = _schema_work(original, "OpinionNewsArticle")
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
