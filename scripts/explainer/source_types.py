"""What kind of work a note cites: a web page, a report, a book, a chapter, a newspaper,
magazine or journal article, a government page, a law or a court case.

A note rarely says what it cites; the kind shows in its shape and its words. A quoted
title "in" a book with editors is a chapter; a volume and issue make a journal article;
"Working Paper" or a research institute as publisher make a report; a ministry or a
`.gov` address make a government page; "Act of 1990" or `42 U.S.C. 1983` a law;
"X v. Y" a court case; an outlet whose name is a newspaper's (Times, Herald, Gazette,
News…) a newspaper article. [classify][explainer.source_types.classify] applies these
cues in that order and returns the CSL type with the fields it found, so that every
download (CSL-JSON, BibTeX, RIS, COinS) and every style prints the work as what it is.

All patterns run on one note (bounded by the parser) and take time linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from explainer.model import Name, Reference
from explainer.notes import parse_names

_LEGAL_CASE_RE = re.compile(r"\b[A-Z][\w.'’&-]*(?:\s[A-Z][\w.'’&-]*){0,5}\s+v(?:s)?\.?\s+[A-Z]")
"""`Brown v. Board of Education`, `Lee v Lisbon Council`: two parties and a `v.`"""

_LEGISLATION_RE = re.compile(
    r"\bAct(?:\s+of)?,?\s+(?:1[6-9]|20)\d\d\b|\b\d{1,3}\s+U\.\s?S\.\s?C\.|\b\d{1,3}\s+Stat\.\s+\d|\bPub(?:lic)?\.?\s+L(?:aw)?\.?\s+(?:No\.\s+)?\d"
    r"|\b(?:Directive|Regulation)\s+\((?:EU|EC|EEC)\)|\bH\.\s?R\.\s+\d|\bS\.\s?I\.\s+\d{4}/\d"
)
"""A statute's own words: `Clean Air Act of 1990`, `42 U.S.C. 7401`, `Pub. L. 101-549`,
`Regulation (EU) 2016/679`, `H.R. 3684`."""

_PUBLIC_LAW_RE = re.compile(r"\bPub(?:lic)?\.?\s+L(?:aw)?\.?\s+(?:No\.\s+)?(\d{1,3}-\d{1,4})\b")
"""`Pub. L. 101-549`: the number of a United States public law."""

_CHAPTER_RE = re.compile(r"^[\s,.]*in:?\s+(?P<book>.+)$", re.I | re.S)
"""The text after a quoted title that starts with "in": the book that holds the chapter."""

_EDITORS_AFTER_RE = re.compile(r"(?:,\s*|\s)(?:eds?\.|edited\s+by)\s+(?P<names>[^,(;]{1,120})", re.I)
"""`ed. Ann Lee`, `edited by Ann Lee and Bo Kim`."""
_EDITORS_BEFORE_RE = re.compile(r"\s*\(eds?\.?\)", re.I)
"""`Ann Lee (ed.)`: the names stand before the mark, back to the last comma."""

_VOLUME_RE = re.compile(
    r"\bvol(?:ume)?\.?\s*(?P<volume>\d{1,4})\b|\b(?P<volume2>\d{1,4})\((?P<issue2>\d{1,4})\)"
    r"|\b(?P<volume3>\d{1,4}),?\s+no\.\s*(?P<issue3>\d{1,5})\b",
    re.I,
)
"""`vol. 12`, `12(3)` (APA), `12, no. 3` (Chicago): a periodical's volume (and issue)."""

_ISSUE_RE = re.compile(r"\b(?:no|issue|nr)\.?\s*(?P<issue>\d{1,5})\b", re.I)
_PAGES_RE = re.compile(r"\bpp?\.\s*(?P<pages>\d{1,5}(?:\s*[-–]\s*\d{1,5})?)|(?<=[),:]\s)(?P<bare>\d{1,5}\s*[-–]\s*\d{1,5})\b")
_EDITION_RE = re.compile(
    r"\b(?P<edition>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|revised|rev\.)\s+(?:ed\.|edn\.?|edition)",
    re.I,
)
_IMPRINT_RE = re.compile(r"\((?P<place>[A-Z][^():;]{1,40}):\s*(?P<publisher>[^(),;]{2,80}),\s*(?:1[5-9]|20)\d\d\)")
"""`(Lisbon: Harbour Press, 1990)`: where and by whom a book was published."""

_JOURNAL_WORDS_RE = re.compile(
    r"\b(?:journal\s+of|review\s+of|quarterly|proceedings|annals|transactions|studies|"
    r"bulletin\s+of|letters|law\s+review|review)\b",
    re.I,
)
_REPORT_WORDS_RE = re.compile(
    r"\b(?:(?:annual|technical|research|final|interim|special|staff|country)\s+report|report\s+(?:no|number)\b|"
    r"working\s+paper|policy\s+(?:brief|paper|memo)|discussion\s+paper|white\s+paper|research\s+paper|"
    r"occasional\s+paper|issue\s+brief|briefing\s+(?:paper|note)|fact\s+sheet|CRS\s+report|background\s+paper)",
    re.I,
)
_REPORT_NUMBER_RE = re.compile(
    r"\b(?:No\.|Number|WP|Report|Paper|Brief)\s*(?P<number>[A-Z]{0,4}[-\d][\w\-/]{0,20})", re.I
)
_GOVERNMENT_RE = re.compile(
    r"\b(?:department|ministry|minister|office\s+of|agency|government|commission|bureau|parliament|"
    r"congress|senate|house\s+of\s+(?:representatives|commons|lords)|white\s+house|cabinet|"
    r"administration|embassy|secretariat|federal|state\s+of|city\s+of|county|council\s+of\s+the\s+european\s+union|"
    r"european\s+commission|united\s+nations|inspector\s+general|accountability\s+office)\b",
    re.I,
)
_RESEARCH_BODY_RE = re.compile(
    r"\b(?:institute|institution|endowment|foundation|cent(?:er|re)|council|university|college|"
    r"corporation|think\s+tank|laboratory|academy|forum|initiative|program(?:me)?|school\s+of)\b",
    re.I,
)
_NEWSPAPER_RE = re.compile(
    r"\b(?:times|post|news|herald|tribune|gazette|telegraph|guardian|chronicle|daily|courier|observer|"
    r"globe|independent|journal|star|mail|mirror|examiner|inquirer|register|dispatch|standard|"
    r"express|sentinel|press|monitor|reuters|associated\s+press|bloomberg|financial|ledger|"
    r"constitution|plain\s+dealer|le\s+monde|zeitung|allgemeine|spiegel)\b",
    re.I,
)
_MAGAZINE_RE = re.compile(
    r"\b(?:magazine|weekly|monthly|review|atlantic|economist|new\s+yorker|newsweek|time|wired|"
    r"foreign\s+(?:policy|affairs)|national\s+interest|spectator|nation|harper['’]s|slate|vox)\b",
    re.I,
)
_BROADCASTER_RE = re.compile(r"^(?:[A-Z]{2,5}(?:\s(?:News|Online|Digital))?|Al\sJazeera|Politico|Axios|HuffPost|BuzzFeed(?:\sNews)?)$")
"""Broadcasters and news sites with no print edition (`CNN`, `BBC News`): APA cites their
articles as web pages."""

_BLOG_RE = re.compile(r"\bblog\b|\bsubstack\b|\bmedium\.com\b|\bwordpress\b|\bblogspot\b", re.I)
_GOVERNMENT_HOST_RE = re.compile(r"(?:^|\.)(?:gov|mil|gouv|gob|govt|gc|europa|parliament|bund)(?:\.[a-z]{2})?$|\.gov\.[a-z]{2}$")


@dataclass(frozen=True)
class SourceKind:
    """What a note cites, as CSL needs it: the type and the fields the note gives for it."""

    type: str
    """CSL type: `webpage`, `post-weblog`, `report`, `book`, `chapter`, `article-newspaper`,
    `article-magazine`, `article-journal`, `legislation` or `legal_case`."""
    container: str = ""
    """Periodical, website or book that holds the work (CSL `container-title`)."""
    publisher: str = ""
    """Publisher or issuing body (a report's institution, a book's publisher)."""
    publisher_place: str = ""
    """Where a book was published."""
    editors: tuple[Name, ...] = ()
    """Editors of the book that holds a chapter."""
    volume: str = ""
    issue: str = ""
    page: str = ""
    """Page range of an article or chapter."""
    edition: str = ""
    """`2`, `revised`: the edition, without "ed."."""
    number: str = ""
    """A report's or a law's number."""
    genre: str = ""
    """A report's kind as printed (`Working paper`, `Policy brief`)."""
    body_author: str = ""
    """A body (ministry, institute) that wrote the work when no person is named: the styles
    cite it as author (MLA as publisher; see [styled_item][explainer.cite.styled_item])."""
    url_missing: bool = False
    """The note ends with a colon where an address stood (lost when the text was copied)."""


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _is_government(ref: Reference) -> bool:
    host = _host(ref.url)
    return bool(_GOVERNMENT_HOST_RE.search(host)) or bool(ref.container and _GOVERNMENT_RE.search(ref.container))


def _after_title(ref: Reference) -> str:
    """The note's text after its title (where outlets, editors, volumes and pages stand)."""
    if not ref.title:
        return ref.raw
    start = ref.raw.find(ref.title)
    return ref.raw[start + len(ref.title) :] if start >= 0 else ref.raw


def _editors(text: str) -> tuple[Name, ...]:
    after = _EDITORS_AFTER_RE.search(text)
    if after is not None:
        names = after.group("names")
    else:
        mark = _EDITORS_BEFORE_RE.search(text)
        if mark is None:
            return ()
        names = re.split(r"[,;]", text[: mark.start()])[-1]
    return tuple(n for n in parse_names(names.strip(" .")) if n.family or n.literal)


def _chapter(ref: Reference, after: str) -> SourceKind | None:
    """`“Canals,” in A History of Trade, ed. Bo Kim (Lisbon: Harbour Press, 1990), 12–30.`"""
    match = _CHAPTER_RE.match(after.lstrip(" ,.”’\"'"))
    if match is None:
        return None
    book_text = match.group("book")
    book = re.split(r",|\(|\bed(?:s)?\.|\bedited\s+by\b", book_text, maxsplit=1)[0].strip(" _*.")
    if len(book) < 3:
        return None
    imprint = _IMPRINT_RE.search(book_text)
    pages = _PAGES_RE.search(book_text)
    return SourceKind(
        type="chapter",
        container=book,
        editors=_editors(book_text),
        publisher=imprint.group("publisher").strip() if imprint else "",
        publisher_place=imprint.group("place").strip() if imprint else "",
        page=_page_text(pages),
    )


def _page_text(match: re.Match[str] | None) -> str:
    if match is None:
        return ""
    return re.sub(r"\s*[-–]\s*", "–", match.group("pages") or match.group("bare") or "")


def _journal(ref: Reference, after: str) -> SourceKind | None:
    """An article in a periodical with a volume (`12(3)`, `vol. 12, no. 3`), or in a
    container named like a journal (`Journal of …`, `… Quarterly`)."""
    volume = _VOLUME_RE.search(after)
    named = bool(ref.container and _JOURNAL_WORDS_RE.search(ref.container))
    if volume is None and not named:
        return None
    if volume is None and _NEWSPAPER_RE.search(ref.container) and not _JOURNAL_WORDS_RE.search(ref.container.replace("Journal", "")):
        return None  # a newspaper called "… Journal"
    issue = _ISSUE_RE.search(after)
    volume_text = (volume.group("volume") or volume.group("volume2") or volume.group("volume3") or "") if volume else ""
    issue_text = (volume.group("issue2") or volume.group("issue3") or "") if volume else ""
    return SourceKind(
        type="article-journal",
        container=re.sub(r"\s+\d{1,4}$", "", ref.container),  # `Journal of Canals 45` (Chicago)
        volume=volume_text,
        issue=issue_text or (issue.group("issue") if issue else ""),
        page=_page_text(_PAGES_RE.search(after)),
    )


def _report(ref: Reference, after: str) -> SourceKind | None:
    """A report, working paper or brief: named so, or issued by a research body."""
    cue = _REPORT_WORDS_RE.search(ref.raw)
    body = ref.container
    if cue is None and not (body and _RESEARCH_BODY_RE.search(body) and not _NEWSPAPER_RE.search(body)):
        return None
    number = _REPORT_NUMBER_RE.search(after)
    genre = cue.group(0) if cue is not None and cue.group(0).lower() not in (ref.title or "").lower() else ""
    chunks = [chunk.strip(" .:;“”‘’\"'") for chunk in after.split(",")]
    issuer = next(
        (c for c in chunks if (_RESEARCH_BODY_RE.search(c) or _GOVERNMENT_RE.search(c)) and not _REPORT_WORDS_RE.search(c)),
        "" if body and _REPORT_WORDS_RE.search(body) else body,
    )
    return SourceKind(
        type="report",
        publisher=issuer,
        body_author=issuer if not ref.authors else "",
        number=number.group("number").rstrip(".,") if number else "",
        genre=genre[:1].upper() + genre[1:] if genre else "",
    )


def _periodical(ref: Reference) -> SourceKind | None:
    """An article in a named outlet: a blog, a broadcaster's site, a magazine, a newspaper."""
    outlet = ref.container
    if not outlet:
        return None
    if _BLOG_RE.search(outlet) or _BLOG_RE.search(_host(ref.url)):
        return SourceKind(type="post-weblog", container=re.sub(r"\s*\(blog\)", "", outlet, flags=re.I))
    if _BROADCASTER_RE.match(outlet.strip()):
        return SourceKind(type="webpage", container=outlet)
    if _MAGAZINE_RE.search(outlet) and not _NEWSPAPER_RE.search(outlet):
        return SourceKind(type="article-magazine", container=outlet)
    if _NEWSPAPER_RE.search(outlet):
        return SourceKind(type="article-newspaper", container=outlet)
    return None


def classify(ref: Reference) -> SourceKind:
    """The kind of work a parsed note cites, with the fields its text gives.

    Args:
        ref: A note parsed by [parse_reference][explainer.notes.parse_reference].

    Returns:
        The CSL type and fields. A quoted title in an outlet nobody can place is a web
        page when the note has (or lost) an address, else a newspaper article; an unquoted
        title is a book.

    Examples:
        >>> from explainer.notes import parse_reference
        >>> classify(parse_reference("Ann Lee, “Rents Rise Again,” The Daily Record, May 4, 2019.")).type
        'article-newspaper'
        >>> classify(parse_reference("Ann Lee, “Rents,” Journal of Housing 12, no. 3 (2019): 45–67.")).type
        'article-journal'
        >>> classify(parse_reference("Bo Kim, “Canals in Decline,” Lisbon Policy Institute, May 2021.")).type
        'report'
        >>> kind = classify(parse_reference("Ann Lee, “Canals,” in A History of Trade, ed. Bo Kim (Lisbon: Harbour Press, 1990), 12–30."))
        >>> kind.type, kind.container, kind.editors[0].family, kind.page
        ('chapter', 'A History of Trade', 'Kim', '12–30')
        >>> classify(parse_reference("“Ten Facts about Canals,” Ministry of Transport, June 1, 2020:")).type
        'webpage'
    """
    url_missing = not ref.url and ref.raw.rstrip().endswith(":")
    kind = _classify(ref)
    if url_missing:
        return SourceKind(**{**kind.__dict__, "url_missing": True})
    return kind


def _classify(ref: Reference) -> SourceKind:
    after = _after_title(ref)
    title = ref.title or ""
    if _LEGAL_CASE_RE.search(title) and not ref.container:
        return SourceKind(type="legal_case")
    if _LEGISLATION_RE.search(title) or (not title and _LEGISLATION_RE.search(ref.raw)):
        public_law = _PUBLIC_LAW_RE.search(ref.raw)
        return SourceKind(type="legislation", number=public_law.group(1) if public_law else "")
    if not title and ref.url:
        return SourceKind(type="post-weblog" if _BLOG_RE.search(_host(ref.url)) else "webpage")
    quoted = _is_quoted(ref)
    if quoted:
        chapter = _chapter(ref, after)
        if chapter is not None:
            return chapter
        journal = _journal(ref, after)
        if journal is not None:
            return journal
    report = _report(ref, after)
    if report is not None:
        return report
    if not quoted:
        imprint = _IMPRINT_RE.search(after)
        edition = _EDITION_RE.search(after)
        return SourceKind(
            type="book",
            publisher=imprint.group("publisher").strip() if imprint else ref.container,
            publisher_place=imprint.group("place").strip() if imprint else "",
            edition=_edition_text(edition.group("edition")) if edition else "",
        )
    if _is_government(ref):
        body = ref.container if not ref.authors and _GOVERNMENT_RE.search(ref.container) else ""
        return SourceKind(type="webpage", container=ref.container, body_author=body)
    periodical = _periodical(ref)
    if periodical is not None:
        return periodical
    if _BLOG_RE.search(_host(ref.url)):
        return SourceKind(type="post-weblog", container=ref.container)
    web = bool(ref.url) or ref.raw.rstrip().endswith(":")
    if ref.container and not web:
        return SourceKind(type="article-newspaper", container=ref.container)
    return SourceKind(type="webpage", container=ref.container)


_QUOTES = "“\"‘'`"


def _is_quoted(ref: Reference) -> bool:
    """Whether the title stood in quotation marks (an article, a chapter, a page), not in
    italics or capitals (a book)."""
    if not ref.title:
        return True
    start = ref.raw.find(ref.title[:20])
    if start > 0 and ref.raw[start - 1] in _QUOTES:
        return True
    # APA prints an article's title plain, then the periodical: `Lee, A. (2019). Title. Outlet, 4(2).`
    return bool(_APA_DATE_RE.search(ref.raw[:start])) and bool(
        ref.url or _VOLUME_RE.search(_after_title(ref)) or _periodical(ref) or _JOURNAL_WORDS_RE.search(ref.container)
    )


_APA_DATE_RE = re.compile(r"\((?:1[5-9]|20)\d\d[a-z]?(?:,[^()]{1,30})?\)\.\s*$")


def _edition_text(word: str) -> str:
    """`2nd` → `2`, `second` → `2`, `revised` → `revised`."""
    ordinals = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "rev.": "revised"}
    lowered = word.lower()
    return ordinals.get(lowered) or re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", lowered)
