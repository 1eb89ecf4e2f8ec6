"""Endnotes: markers in the text, the notes list, notes parsed into references, Ibid. resolution.

Pure functions over strings and [model][explainer.model] objects. The parser calls
[find_markers][explainer.notes.find_markers] and the marker patterns;
[parse_reference][explainer.notes.parse_reference] turns one note into a
[Reference][explainer.model.Reference]; [resolve_repeats][explainer.notes.resolve_repeats]
links "Ibid." and "op. cit." to the note they repeat.

A note is read as Python-Markdown reads blocks: ordered lists of small readers
([NOTE_READERS][explainer.notes.NOTE_READERS], then
[BODY_READERS][explainer.notes.BODY_READERS] and
[UNQUOTED_READERS][explainer.notes.UNQUOTED_READERS]), each returning a reference or
None to let the next one try.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from explainer.model import Diagnostic, Name, Note, NoteRef, PartialDate, Reference
from explainer.textutil import find_date, title_case

LABEL = r"(?:[ivxlcdm]{1,8}|[IVXLCDM]{1,8}|\d{1,3}|[A-Za-z]|\*{1,3}|†{1,2}|‡{1,2}|§{1,2})(?:\([2-9]\d?\))?"
"""Labels the parser accepts: roman numerals (either case), numbers up to 999, single
letters (`[A]` in older e-texts) and the symbols of older books (`*`, `**`, `†`, `‡`, `§`).
A label printed again for another note (asterisks that restart on every page) is told
apart as Project Gutenberg's transcribers do: `*(2)`, `*(3)`."""

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

SUPERSCRIPT_MARKER_RE = re.compile(r"(?:(?<=\S)|(?<=\S )|(?<=\S\u00a0))[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}")
"""A note marker in superscript digits (`power¹`, also `honesty. ¹`)."""

BARE_MARKER_RE = re.compile(r"(?<=[a-z.,;:!?'\"”’)\]])(?<!\d[.,])(\d{1,3})(?=[\s.,;:!?)\]—–-]|$)")
"""Digits glued to a word or punctuation (`taxes3;`, `Smith,3`): a marker only when
a numbered notes list exists and the digits come in its order."""

PAREN_MARKER_RE = re.compile(r"(?<=[\w.,;:!?'\"”’])\((\d{1,3})\)(?=[\s.,;:!?)\]—–-]|$)")
"""`tongue.(1)`: a number in parentheses glued to a word or punctuation, where the notes are
labelled `(1)` (older e-texts)."""

SYMBOL_MARKER_RE = re.compile(r"(?<=[\w.,;:!?'\"”’)])(\*{1,3}|†{1,2}|‡{1,2}|§{1,2})(?=[\s.,;:!?)\]—–-]|$)")
"""A symbol glued to a word (`power*`, `end.†`): a marker when a note has that symbol."""


def superscript_digits(text: str) -> str:
    """`¹²` → `12`; other text is returned as it is.

    Examples:
        >>> superscript_digits("¹²")
        '12'
    """
    return text.translate(_SUPERSCRIPTS)

MARKER_RE = re.compile(r"\[(\^?)(" + LABEL + r")\](?:_(?!\w))?(?![\w(:])")
"""An endnote marker in running text: `[iv]`, `[12]`, `[^3]`, reStructuredText's `[1]_`
(not `[I]t`, not a link `[x](...)`)."""

NOTE_LINE_RE = re.compile(r"^\s*(?:\.\.\s+)?\[\^?(" + LABEL + r")\]:?(?:\s+|$)(.*)$")
"""The first line of a note in a notes list: `[iv] Author, “Title”…`, `[^3]: text`, or
reStructuredText's `.. [1] text`."""

NUMBERED_NOTE_LINE_RE = re.compile(r"^\s*(\d{1,3})[.)]\s+(\S.*)$")
"""`1. Text`: a note line, accepted only under a "Notes" heading."""

NOTES_HEADING_RE = re.compile(
    r"^\s*(?:end\s*notes?|foot\s*notes?|notes?|references|sources|works cited|bibliography)"
    r"(?:\s+(?:to|on|for)\s+[^.:]{1,40})?\s*:?\s*$",
    re.I,
)
"""A heading that opens a notes list."""

_URL_RE = re.compile(r"https?://[^\s<>\"”]+")
_IBID_RE = re.compile(r"^\s*ibid(?:em)?\.?\s*(?:[,;:]\s*(?P<loc>.*?))?[\s.:]*$", re.I)
_OPCIT_RE = re.compile(
    r"^\s*(?P<who>[^,]+?),?\s+(?:op\.?\s*cit\.?|loc\.?\s*cit\.?)\s*(?:[,;:]\s*(?P<loc>.*?))?[\s.:]*$",
    re.I,
)
_LOCATOR_RE = re.compile(
    r"(?:^|[,;]\s*|\s)(?P<loc>(?:pp?|paras?|ch|chap|sec|§)\.?\s*\d+(?:\s*[-–]\s*\d+)?)\s*[.:]?\s*$",
    re.I,
)
_QUOTED_TITLE_RE = re.compile(r"(?:[“\"]|``)(?P<title>[^\n]{1,300})(?:[”\"]|'')")
_STRAY_CLOSING_QUOTE_RE = re.compile(r"^(?P<title>[A-Z][^“”\"`']*?)(?:”|\"|'')(?P<after>[^“”\"`']*)$")
_ITALIC_TITLE_RE = re.compile(r"(?<![\w*_])[_*](?P<title>[^_*]{2,})[_*](?![\w*_])")
_CAPS_RUN_RE = re.compile(r"[A-Z][A-Z0-9'’&]*(?:[ :,\-]+[A-Z][A-Z0-9'’&]*)*")
"""A run of words in capitals (`A HISTORY OF CANALS`, `OECD-EU-UK`). The hyphen is
only a separator, never part of a word, so the pattern cannot match one text in many ways."""
_APA_RE = re.compile(
    r"^(?P<who>[^()]+?)\s*\((?P<year>\d{4})[a-z]?(?:,\s*(?P<when>[^)]*))?\)\.\s+"
    r"(?P<title>[^.?!]+[.?!])\s*(?P<rest>.*)$"
)
_HONORIFICS = re.compile(r"^(?:dr|mr|mrs|ms|prof|professor|sir|rev)\.?\s+", re.I)
_ORG_WORDS = frozenset(
    """agency alliance association bureau center centre college commission committee council
    department endowment foundation group government institute institution league ministry
    news office organization organisation party press service society times union university
    """.split()
)


def find_markers(text: str, base: int, line: int) -> Iterator[NoteRef]:
    """Yield the endnote markers in one line of text.

    Args:
        text: The line.
        base: Offset of the line's first character in the whole source.
        line: The line number.

    Yields:
        One [NoteRef][explainer.model.NoteRef] per marker.
    """
    for match in MARKER_RE.finditer(text):
        yield NoteRef(
            label=match.group(2), line=line, start=base + match.start(), end=base + match.end()
        )


def parse_reference(text: str) -> Reference:
    """Parse one note into a [Reference][explainer.model.Reference].

    Handles the common shapes of notes in op-eds and older essays:
    `Author, “Title,” Outlet, Date: URL`, `Author, TITLE IN CAPITALS.`, `_Title_`,
    `Ibid., p. 4` and `Author, op. cit.`. A note that names no work is a `comment`.

    Args:
        text: The note text without its label.

    Returns:
        The reference; `kind` says whether it is a source, a comment or a repeat.

    Examples:
        >>> ref = parse_reference("Ann Lee, “Rents rise again,” The Daily Record, December 4, 2019:")
        >>> (ref.authors[0].family, ref.title, ref.container, ref.date.iso())
        ('Lee', 'Rents rise again', 'The Daily Record', '2019-12-04')
    """
    return replace(_parse_reference(squeeze_space(text)), raw=text.strip())


NoteReader = Callable[[str], Reference | None]
"""A reader of a whole note (white space squeezed): the reference, or None to pass."""


def _parse_reference(raw: str) -> Reference:
    """[parse_reference][explainer.notes.parse_reference] on a note whose white space is squeezed.

    The note goes to the [NOTE_READERS][explainer.notes.NOTE_READERS] in order, then, with
    its URL, citation cue and locator set apart, to the
    [BODY_READERS][explainer.notes.BODY_READERS]; the first reference found is the note's.
    A note no reader takes is a comment.
    """
    for reader in NOTE_READERS:
        if (found := reader(raw)) is not None:
            return found
    note = note_body(raw)
    for body_reader in BODY_READERS:
        if (found := body_reader(note)) is not None:
            return found
    return Reference(kind="comment", raw=raw)


def _ibid(raw: str) -> Reference | None:
    """`Ibid.`, `Ibid., p. 4`: the source of the note before, repeated."""
    ibid = _IBID_RE.match(raw)
    if ibid is None:
        return None
    return Reference(kind="repeat", raw=raw, locator=(ibid.group("loc") or "").strip())


def _op_cit(raw: str) -> Reference | None:
    """`Smith, op. cit., p. 9`: the source of an earlier note by the same author, repeated."""
    opcit = _OPCIT_RE.match(raw)
    if opcit is None:
        return None
    return Reference(
        kind="repeat",
        raw=raw,
        authors=parse_names(opcit.group("who")),
        locator=(opcit.group("loc") or "").strip(),
    )


def _cross_reference(raw: str) -> Reference | None:
    """`See note 4.`, `Cf. Preface.`: a pointer inside the same text is a comment."""
    return Reference(kind="comment", raw=raw) if _CROSS_REFERENCE_RE.match(raw) else None


def _attributed_quotation(raw: str) -> Reference | None:
    """A quotation, then `--Author, Work.`: the attribution is the reference."""
    run_in = _RUN_IN_ATTRIBUTION_RE.match(raw.split("\n\n", 1)[0])
    if run_in is not None and reads_as_prose(run_in.group("source").strip(" .")):
        run_in = None  # `It was late.--The next day he left.`: a dash inside prose
    quoted = _ATTRIBUTED_QUOTE_RE.match(raw) or run_in
    if quoted is None:
        return None
    return _attribution_reference(quoted.group("source").strip(), raw)


def _quotation_only(raw: str) -> Reference | None:
    """A passage translated or quoted, with no word of where it comes from: a comment."""
    return Reference(kind="comment", raw=raw) if _ONLY_A_QUOTATION_RE.match(raw) else None


def _scripture(raw: str) -> Reference | None:
    """`Proverbs xxviii. 21.`, `Hor. Od. 4. 1.`: a book and a place in it."""
    scripture = _BOOK_CHAPTER_VERSE_RE.match(raw)
    if scripture is None:
        return None
    return Reference(kind="source", raw=raw, title=scripture.group("book"), locator=scripture.group("place").strip(" ."))


NOTE_READERS: tuple[NoteReader, ...] = (
    _ibid, _op_cit, _cross_reference, _attributed_quotation, _quotation_only, _scripture
)
"""The readers of a whole note, in the order they are tried: repeats (Ibid., op. cit.),
pointers, quotations and their attributions, scripture."""


@dataclass(frozen=True)
class NoteBody:
    """A note made ready for the [BODY_READERS][explainer.notes.BODY_READERS]: its URL, the
    cue that opens it (`See`, `Cf.`) and its closing locator (`p. 4`) set apart."""

    raw: str
    """The whole note (white space squeezed)."""
    body: str
    """What is left to read."""
    url: str = ""
    """The note's first URL."""
    locator: str = ""
    """Where in the work (`p. 4`, `ch. 2`)."""
    cued: bool = False
    """The note opened with a citation cue (and holds no URL)."""

    @cached_property
    def date(self) -> tuple[PartialDate, int, int] | None:
        """The first date (or year) in the body, and its span."""
        return find_date_or_year(self.body)

    @cached_property
    def head(self) -> str:
        """The body's first sentence."""
        return first_sentence(self.body)


def note_body(raw: str) -> NoteBody:
    """Set a note's URL, citation cue and locator apart from the rest.

    Examples:
        >>> note_body("See Ann Lee, Canals, p. 4.")
        NoteBody(raw='See Ann Lee, Canals, p. 4.', body='Ann Lee, Canals', url='', locator='p. 4', cued=True)
    """
    url_match = _URL_RE.search(raw)
    url = url_match.group(0).rstrip(".,;)") if url_match else ""
    body = (raw[: url_match.start()] + raw[url_match.end() :]) if url_match else raw
    body = _CITE_CUE_RE.sub("", body.strip()).rstrip(":;,. ").strip()
    cued = body != raw.strip().rstrip(":;,. ").strip() and not url_match
    locator = ""
    loc_match = _LOCATOR_RE.search(body)
    if loc_match:
        locator = loc_match.group("loc").strip()
        body = body[: loc_match.start()].rstrip(" ,;.")
    return NoteBody(raw, body, url, locator, cued)


BodyReader = Callable[[NoteBody], Reference | None]
"""A reader of a note's body: the reference, or None to pass."""


def _apa(note: NoteBody) -> Reference | None:
    """`Author, A. (2020). Title. Container, 3(2), 4–5.`"""
    apa = _APA_RE.match(note.body)
    if apa is None or reads_as_prose(apa.group("who")):
        return None
    date_found = find_date(
        f"{apa.group('when') or ''} {apa.group('year')}"
    ) or find_date_or_year(apa.group("year"))
    return Reference(
        kind="source",
        raw=note.raw,
        authors=parse_names(apa.group("who")),
        title=apa.group("title").rstrip("."),
        container=re.split(r"[,.]", apa.group("rest"), maxsplit=1)[0].strip(),
        date=date_found[0] if date_found else None,
        url=note.url,
        locator=note.locator,
    )


def _titled(note: NoteBody) -> Reference | None:
    """A note with a marked title (quoted, in italics or in capitals): who wrote it before
    the title, the outlet and date after it. A note that only mentions a work in passing is
    a comment."""
    before, title, after = _split_title(note.body)
    if not title:
        return None
    if _mentions_in_passing(note, before):
        # "This essay was first printed in _The Dial_": a note that mentions a work in passing.
        return Reference(kind="comment", raw=note.raw)
    authors = parse_names(before) if _looks_like_names(before) else ()
    container = ""
    if before and not authors:
        container = before.strip(" ,.")
    date_found = find_date_or_year(after)
    if date_found is not None:
        after = after[: date_found[1]] + after[date_found[2] :]
    rest = [chunk.strip(" .:;") for chunk in re.split(r",|(?<=[a-z]{2})\.\s+", after)]
    rest = [chunk for chunk in rest if chunk]
    if not authors and rest and not container:
        authors = _author_after_title(rest)
    if rest and not container:
        container = rest[0]
    return Reference(
        kind="source",
        raw=note.raw,
        authors=authors,
        title=title,
        container=container,
        date=date_found[0] if date_found else None,
        url=note.url,
        locator=note.locator,
    )


def _mentions_in_passing(note: NoteBody, before: str) -> bool:
    """Whether the words before a title are prose that mentions the work rather than cites it
    (no URL, no cue, no citation in parentheses, no `taken from`)."""
    return (
        not note.url
        and not note.cued
        and not _PAREN_CITATION_RE.search(note.body)
        and reads_as_prose(before)
        and not _SOURCE_PHRASE_RE.search(before)
    )


def _author_after_title(rest: list[str]) -> tuple[Name, ...]:
    """`TITLE. W. C. Owen.` or `TITLE, Havelock Ellis.`: the author follows the title (taken
    out of `rest`); an organisation there is the publisher (`“Title,” US Department of
    Defense, …`) and stays."""
    if not _looks_like_names(rest[0]):
        return ()
    following = parse_names(rest[0])
    if all(name.literal for name in following):
        return ()
    rest.pop(0)
    return following


def _unquoted_reference(note: NoteBody) -> Reference | None:
    """Parse a note with no marked title: `Author, Title, Outlet, Date`, `Author's Title`,
    a bare locator (`Vol. i, p. 227`), a law's section (`FAR 52.227-14`) or a bare name.

    The first of the [UNQUOTED_READERS][explainer.notes.UNQUOTED_READERS] that takes the
    note gives the reference; None when none does (the note is a comment).
    """
    for reader in UNQUOTED_READERS:
        if (found := reader(note)) is not None:
            return found
    return None


def _legal_name(note: NoteBody) -> Reference | None:
    """`Clean Canals Act of 1990, Pub. L. 101-549`, `Lee v. Port Authority, 512 U.S. 123 (1994)`."""
    body = note.body
    legal = _LEGAL_NAME_RE.match(body)
    if legal is None:
        return None
    found = find_date_or_year(body[legal.end() :]) or find_date_or_year(legal.group("name"))
    return Reference(
        kind="source", raw=note.raw, title=legal.group("name").strip(), url=note.url, locator=note.locator,
        date=found[0] if found else None,
    )


def _names_then_work(note: NoteBody) -> Reference | None:
    """`Author, Title, Outlet, Date` (or a URL): names first, then the work and its outlet."""
    body, date_found = note.body, note.date
    chunks = [c.strip() for c in body.split(",") if c.strip()]
    if not (len(chunks) >= 3 and (date_found or note.url) and _looks_like_names(chunks[0]) and not reads_as_prose(note.head)):
        return None
    date_text = body[date_found[1] : date_found[2]] if date_found else ""
    others = [c for c in chunks[1:] if c and c not in date_text and not date_text.startswith(c)]
    return Reference(
        kind="source",
        raw=note.raw,
        authors=parse_names(chunks[0]),
        title=others[0] if others else "",
        container=others[1] if len(others) > 1 else "",
        date=date_found[0] if date_found else None,
        url=note.url,
        locator=note.locator,
    )


def _web_page(note: NoteBody) -> Reference | None:
    """A note with a URL and no more shape: the words are the title."""
    if not note.url:
        return None
    return Reference(
        kind="source",
        raw=note.raw,
        title=note.body,
        url=note.url,
        locator=note.locator,
        date=note.date[0] if note.date else None,
    )


def _possessive_work(note: NoteBody) -> Reference | None:
    """`Hume's Essays, vol. 2`, `Harrow's New Year ode for 1801`: an author's work by the possessive."""
    possessive = _POSSESSIVE_WORK_RE.match(note.head)
    if not possessive or reads_as_prose(possessive.group("title"), words=3):
        return None
    title = possessive.group("title")
    found = find_date_or_year(title)
    if found is not None:
        title = (title[: found[1]] + title[found[2] :]).strip()
    title = re.sub(r"\s+(?:for|of|in|on)$", "", re.split(r",", title, maxsplit=1)[0].strip(" .,"))
    return Reference(
        kind="source",
        raw=note.raw,
        authors=parse_names(possessive.group("who")),
        title=title,
        date=found[0] if found else None,
        locator=note.locator,
    )


def _names_only(note: NoteBody) -> Reference | None:
    """A note that only names who is quoted (`Dr. Helen A. Sumner.`)."""
    body = note.body
    if not (body and _looks_like_names(body) and len(body.split()) <= 5):
        return None
    names = parse_names(body)
    if all(name.literal for name in names):
        return None
    return Reference(kind="source", raw=note.raw, authors=names, locator=note.locator)


def _locator_only(note: NoteBody) -> Reference | None:
    """`Vol. i, p. 227.`, `FAR 52.227-14(c)`: where in a work already named."""
    raw, locator = note.raw, note.locator
    if _LOCATOR_HEAD_RE.match(raw) or _STATUTE_RE.match(raw) or (locator and not reads_as_prose(note.body)):
        return Reference(kind="source", raw=raw, locator=locator or note.head.strip(" ."))
    return None


def _cued_pointer(note: NoteBody) -> Reference | None:
    """`See, for example, …`: the note points to sources even if it names them loosely."""
    if not note.cued:
        return None
    return Reference(kind="source", raw=note.raw, title=note.head.strip(" ."), locator=note.locator)


def _read_cue(note: NoteBody) -> Reference | None:
    """`… should read Hume's essays on trade.`: the note sends the reader to a work."""
    pointer = _READ_CUE_RE.search(note.head)
    if pointer is None:
        return None
    return Reference(kind="source", raw=note.raw, title=pointer.group("work").strip(" ."), locator=note.locator)


BODY_READERS: tuple[BodyReader, ...] = (_apa, _titled, _unquoted_reference)
"""The readers of a note's body, in the order they are tried: APA, a marked title (quoted,
in italics or capitals), then the shapes without one."""

UNQUOTED_READERS: tuple[BodyReader, ...] = (
    _legal_name, _names_then_work, _web_page, _possessive_work, _names_only,
    _locator_only, _cued_pointer, _read_cue,
)
"""The readers of a note with no marked title, in the order they are tried."""


def _attribution_reference(source: str, raw: str) -> Reference:
    """The work a quotation's attribution names: `Harrow's letter to his son.`,
    `Hume, Essays`, `“Title,” Outlet`, a name in capitals (`SIR THOMAS BROWNE`). An
    attribution always names a source."""
    words = source.strip(" .").split()
    if 1 <= len(words) <= 4 and source.isupper():
        return Reference(kind="source", raw=raw, authors=parse_names(title_case(source.strip(" ."))))
    ref = parse_reference(source)
    if ref.kind == "source":
        return replace(ref, raw=raw)
    possessive = re.match(r"^(?P<who>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})['’]s\s+(?P<title>\S.*)$", source)
    if possessive is not None:
        return Reference(
            kind="source", raw=raw, authors=parse_names(possessive.group("who")),
            title=possessive.group("title").strip(" ."),
        )
    return Reference(kind="source", raw=raw, title=source.strip(" ."))


_BLANK_LINES_RE = re.compile(r"\n(?:[^\S\n]*\n)+")
_HORIZONTAL_SPACE_RE = re.compile(r"[^\S\n]+")


def squeeze_space(text: str) -> str:
    """Runs of spaces → one space, runs of blank lines → one paragraph break, ends stripped.

    Every pattern on a note then meets short runs of white space, so none of them can take
    time that grows faster than the note's length.

    Examples:
        >>> squeeze_space("  Ann   Lee,\\n\\n\\n\\n“Title”  ")
        'Ann Lee,\\n\\n“Title”'
    """
    text = _HORIZONTAL_SPACE_RE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES_RE.sub("\n\n", text).strip()


def find_date_or_year(text: str) -> tuple[PartialDate, int, int] | None:
    """Find a calendar date, or failing that a bare year (1500–2099).

    Args:
        text: Any text.

    Returns:
        The date and its span, or `None`.
    """
    found = find_date(text)
    if found is not None:
        return found
    year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", text)
    return None if year is None else (PartialDate(int(year.group(1))), year.start(), year.end())


def _split_title(body: str) -> tuple[str, str, str]:
    """Split a note into (text before the title, title, text after)."""
    stray = _STRAY_CLOSING_QUOTE_RE.match(body.split("\n\n", 1)[0])
    if stray and not reads_as_prose(stray.group("title"), words=len(stray.group("title").split())):
        # `Title.''` whose opening quote stayed in the text before the marker.
        return "", stray.group("title").strip(" ,."), stray.group("after").strip(" ,.")
    for pattern in (_QUOTED_TITLE_RE, _ITALIC_TITLE_RE):
        match = pattern.search(body)
        if match:
            title = re.sub(r"[,.]\s*(?=[’']?$)", "", match.group("title").strip()).strip()
            return body[: match.start()].strip(" ,"), title, body[match.end() :].strip(" ,.")
    for start, end in caps_titles(body):
        candidate = body[start:end].strip(" ,:-")
        letters = [c for c in candidate if c.isalpha()]
        if len(letters) >= 4 and not re.fullmatch(r"(?:[A-Z]\.\s*)+", candidate):
            return body[:start].strip(" ,"), title_case(candidate), body[end:].strip(" ,.")
    return body, "", ""


def caps_titles(body: str) -> Iterator[tuple[int, int]]:
    """Spans of titles in capitals: a run of capitalised words that starts the note or
    follows a comma, and ends before `.` or `,` or at the end (`Dr. Reyes, A HISTORY OF
    CANALS.`). One pass over the text: linear in its length.

    Examples:
        >>> [("Dr. Reyes, A HISTORY OF CANALS."[s:e]) for s, e in caps_titles("Dr. Reyes, A HISTORY OF CANALS.")]
        ['A HISTORY OF CANALS']
    """
    text_end = len(body.rstrip())
    for run in _CAPS_RUN_RE.finditer(body):
        ends = [run.start() + m.start() for m in re.finditer(r"(?<=[A-Z0-9'’&])(?=[ :,\-]|$)", run.group(0))]
        valid = [e for e in ends if body[e : e + 1] in {".", ","} or e >= text_end]
        if not valid:
            continue
        last = valid[-1]
        starts = [run.start()] + [run.start() + m.end() for m in re.finditer(r",\s?", run.group(0))]
        for begin in starts:
            if begin >= last:
                break
            before = body[max(0, begin - 2) : begin].rstrip()
            if (begin == 0 or before.endswith(",")) and body[begin : begin + 1].isupper():
                yield begin, last
                break


_CITE_CUE_RE = re.compile(r"^(?:see(?:\s+also)?|cf\.?|compare|vide|quoted\s+in|cited\s+in)\b[,:]?\s*", re.I)
"""Words that open a citation without being part of it: `See`, `Cf.`, `Vide`, `Quoted in`."""

_SOURCE_PHRASE_RE = re.compile(
    r"\b(?:taken|quoted|borrowed|adapted|cited|reprinted|translated|drawn)\s+from\b|\btranslation\s+of\b|\bsource\s+is\b",
    re.I,
)
"""Prose that says where words come from (`The lines are taken from _Works and Days_`)."""

_INTERNAL = r"(?:notes?|n\.|above|below|preface|introduction|chapter|ch\.|appendix|p\.|pp\.|pages?|vol\.|art\.|article|section|sect\.|§|part|book|supra|infra|ante|post)\b"
_CROSS_REFERENCE_RE = re.compile(r"^(?:see|cf\.?|compare|vide)\s+(?:also\s+)?" + _INTERNAL + r"[^.;]{0,40}[.;]?$", re.I)
"""`See note 4.`, `See above, p. 12.`, `Cf. Preface.`: a pointer inside the same text."""

_ATTRIBUTED_QUOTE_RE = re.compile(r"^[“\"‘'].*[”\"’']\s*\n\n\s*(?:--?|—|–)\s*(?P<source>[^\n]{2,200})$", re.S)
"""A note that quotes a passage and names its source on a line of its own after a dash."""

_RUN_IN_ATTRIBUTION_RE = re.compile(r"^(?P<quote>[^\n]{2,400}?[.!?\"”’])(?:--|—)\s*(?P<source>[A-Z][^\n]{1,80}?)\.?$")
"""`Januses of one face.--SIR THOMAS BROWNE.`: words quoted and who wrote them, on one line."""

_ONLY_A_QUOTATION_RE = re.compile(r"^\s*[“\"‘][^“”\"]{1,600}[”\"’][.,;]?\s*$")
"""A note that is only a passage in quotation marks (a translation of the text's Latin)."""

_BOOK_CHAPTER_VERSE_RE = re.compile(
    r"^(?P<book>(?:\d\s)?[A-Z][a-z]{1,14}\.?(?:\s[A-Z][a-z]{1,10}\.?)?),?\s+(?P<place>(?:[ivxlc]{1,7}|\d{1,3})[.:]\s?\d{1,3}\b\.?)"
)
"""`Proverbs xxviii. 21.`, `Matt. 5:3`, `Hor. Od. 4. 1.`: a book and chapter and verse."""

_PAREN_CITATION_RE = re.compile(r"\([^()]{0,80}?\b(?:vol|pp?|ch|bk)\.\s?[ivxlc\d]")
"""`("Letters," vol. i., pp. 4, 11)`: a citation in parentheses inside a remark."""

_READ_CUE_RE = re.compile(
    r"\b(?:read|consult|see|refer to)\s+(?!(?i:" + _INTERNAL + r"))(?P<work>(?:the\s+)?[A-Z][^.;]{2,120})"
)
"""`should read Hume's essays on trade`, `consult the Annual Register`: a note naming a work to read."""

_POSSESSIVE_WORK_RE = re.compile(r"^(?P<who>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})['’]s\s+(?P<title>[A-Z].*)$")
"""`Hume's Essays`: an author's work named by the possessive."""

_LOCATOR_HEAD_RE = re.compile(
    r"^\s*(?:vols?|book|bk|part|pt|ch|chap|art|sec|p|pp|§)\.?\s*(?:[ivxlcdm]{1,8}|\d{1,5})\b", re.I
)
"""A note that is only a place in a work: `Vol. i, p. 227.`, `Art. 119.`, `p. 53`."""

_LEGAL_NAME_RE = re.compile(
    r"^(?P<name>[A-Z][^,;()]{1,80}?\s(?:Act(?:\s+of\s+\d{4})?|vs?\.?\s+[A-Z][^,;()]{1,80}))(?=,|\s*\(|\.?$)"
)
"""A law or a court case named at the start of a note: `Clean Canals Act of 1990`, `Lee v. Port Authority`."""

_STATUTE_RE = re.compile(r"^\s*(?:\d{1,3}\s+)?[A-Z][A-Z.]{1,10}\s+§?\s*\d{1,6}(?:[.\-–]\d{1,6})*")
"""A section of a code or regulation: `FAR 52.227-14`, `42 U.S.C. 1983`."""

_CITATION_WORDS = frozenset(
    """a an and at before by cf cit compare ed eds edited et al from ibid in no of on op p pp
    quoted cited see also the to trans translated vide vol vols with""".split()
)
"""Lowercase words a citation itself may hold."""

_PROSE_WORDS = frozenset(
    """am is are was were be been being has have had do does did he she it they we i you
    this that these those which who whose whom there not his her their its our my your
    can could would should will shall may might must""".split()
)
"""Words that make a sentence rather than name a work."""

_ABBREVIATIONS = frozenset(
    "dr mr mrs ms st rev prof vol vols p pp no ed eds trans jr sr ch art sec fig cf op cit ibid co inc ltd vs etc".split()
)


_TOKEN_RE = re.compile(r"\S+")
_NEXT_SENTENCE_RE = re.compile(r"\s+[A-Z“\"‘'(]")


def first_sentence(text: str) -> str:
    """The text up to the first full stop that ends a sentence (not `Dr.`, `J.`, `vol.`).

    Examples:
        >>> first_sentence("Dr. J. Smith, vol. 2. Then more.")
        'Dr. J. Smith, vol. 2.'
    """
    for match in _TOKEN_RE.finditer(text):
        token = match.group(0)
        if token[-1] not in ".?!" or not _NEXT_SENTENCE_RE.match(text, match.end()):
            continue
        word = token[:-1].strip("(“\"‘'").lower()
        if (len(word) <= 1 and word.isalpha()) or word in _ABBREVIATIONS or "." in word:
            continue
        return text[: match.end()]
    return text


def reads_as_prose(text: str, words: int = 2) -> bool:
    """True when text reads as a sentence about something rather than a reference to it.

    Prose has a sentence end inside it, a word such as *was*, *he* or *which*, a name
    followed by a verb (`Marx mentions`), or at least `words` + 1 lowercase words that a
    citation would not hold.

    Examples:
        >>> reads_as_prose("This essay was first printed in the periodical called")
        True
        >>> reads_as_prose("Ann Lee and Raj Patel")
        False
    """
    text = text.strip()
    if not text:
        return False
    if first_sentence(text) != text:
        return True
    tokens = re.findall(r"[A-Za-z][\w'’\-]*", text)
    lower = [t for t in tokens if t[0].islower()]
    if any(t in _PROSE_WORDS for t in lower):
        return True
    content = [t for t in lower if t not in _CITATION_WORDS]
    if len(tokens) >= 2 and tokens[0][0].isupper() and tokens[1][0].islower() and tokens[1] not in _CITATION_WORDS:
        return len(content) >= 2
    return len(content) > words


def _looks_like_names(text: str) -> bool:
    """True if the text reads like one or more personal names or an organisation."""
    text = text.strip(" ,.")
    if not text or len(text) > 120:
        return False
    parts = re.split(r",\s*and\s+|\s+and\s+|\s*&\s*|;\s*|,\s*", text)
    for part in parts:
        part = _HONORIFICS.sub("", part.strip())
        tokens = part.replace(".", ". ").split()
        if not 1 <= len(tokens) <= 6:
            return False
        particles = {"van", "von", "de", "der", "da", "di", "la", "le", "du", "of", "the", "for"}
        if not all(t[:1].isupper() or t.lower() in particles or t == "al." for t in tokens):
            return False
        if any(t.isupper() and len(t.strip(".")) > 3 for t in tokens):
            return False
    return True


def parse_names(text: str) -> tuple[Name, ...]:
    """Split an author string into names.

    Args:
        text: `Ann Lee and Raj Patel`, `Dr. Sanger`, `Department of Education`…

    Returns:
        One [Name][explainer.model.Name] per author; organisations as `literal`.

    Examples:
        >>> [str(n) for n in parse_names("Ann Lee and Raj Patel")]
        ['Ann Lee', 'Raj Patel']
    """
    text = " ".join(text.split()).strip(" ,.")
    if not text:
        return ()
    names: list[Name] = []
    for chunk in re.split(r",\s*and\s+|\s+and\s+|\s*&\s*|;\s*", text):
        for part in _comma_names(chunk):
            part = _HONORIFICS.sub("", part.strip(" ,."))
            part = re.sub(r",?\s*et al\.?$", "", part)
            if part:
                names.append(_one_name(part))
    return tuple(names)


_PARTICLES = frozenset({"van", "von", "de", "der", "da", "di", "du", "le", "la"})


def _comma_names(chunk: str) -> list[str]:
    """`Lee, Ann` is one inverted name; `Jane Doe, John Roe` is two names."""
    pieces = [p.strip() for p in chunk.split(",") if p.strip(" .")]
    if len(pieces) == 2:
        family_words = [w for w in pieces[0].split() if w.lower() not in _PARTICLES]
        if len(family_words) == 1:
            return [f"{pieces[0]}, {pieces[1]}"]
    return pieces


def _one_name(part: str) -> Name:
    """One name: an organisation, `Family, Given` or `Given Family` (with particles).

    A name that starts with an article (`The Daily Record`) is an organisation or a title.

    Examples:
        >>> _one_name("The Daily Record")
        Name(family='', given='', literal='The Daily Record')
    """
    words = part.split()
    if (
        any(w.lower().strip(".,") in _ORG_WORDS for w in words)
        or len(words) > 4
        or (len(words) > 1 and words[0].lower() in {"the", "a", "an"})
    ):
        return Name(literal=part)
    if "," in part:
        family, given = (s.strip() for s in part.split(",", 1))
        return Name(family=family, given=given)
    family_start = len(words) - 1
    while family_start > 0 and words[family_start - 1].lower() in _PARTICLES:
        family_start -= 1
    return Name(family=" ".join(words[family_start:]), given=" ".join(words[:family_start]))


def resolve_repeats(
    notes: Iterable[Note], file: str
) -> tuple[tuple[Note, ...], tuple[Diagnostic, ...]]:
    """Point each "Ibid." and "op. cit." note at the note whose source it repeats.

    Ibid. repeats the nearest earlier note that cites a source (following chains of Ibid.);
    op. cit. repeats the nearest earlier note by the same author.

    Args:
        notes: Notes in source order.
        file: Source path, for diagnostics.

    Returns:
        The notes with `repeats` set, and diagnostics for repeats that point nowhere.
    """
    resolved: list[Note] = []
    diagnostics: list[Diagnostic] = []
    for note in notes:
        target = _repeat_target(note, resolved) if note.reference.kind == "repeat" else None
        if note.reference.kind == "repeat" and target is None:
            diagnostics.append(
                Diagnostic(
                    file,
                    note.line,
                    "note-repeat-unresolved",
                    f"note [{note.label}] says {note.text!r} but no earlier note cites a source",
                )
            )
        resolved.append(replace(note, repeats=target.label) if target else note)
    return tuple(resolved), tuple(diagnostics)


def _repeat_target(note: Note, resolved: Sequence[Note]) -> Note | None:
    """The earlier note a repeat stands for: for op. cit., the nearest that cites a source
    by the same author; for Ibid., the nearest that cites a source or repeats one (followed
    to the note it repeats)."""
    target: Note | None
    if note.reference.authors:
        families = {n.family or n.literal for n in note.reference.authors}
        target = next(
            (
                earlier
                for earlier in reversed(resolved)
                if earlier.reference.kind == "source"
                and families & {n.family or n.literal for n in earlier.reference.authors}
            ),
            None,
        )
    else:
        target = next(
            (
                e
                for e in reversed(resolved)
                if e.reference.kind == "source" or e.repeats is not None
            ),
            None,
        )
    if target is not None and target.repeats is not None:
        target = next((e for e in resolved if e.label == target.repeats), target)
    return target


def source_reference(note: Note, notes: Sequence[Note]) -> Reference:
    """The reference a note stands for: its own, or the one it repeats (with its own locator).

    Args:
        note: Any note.
        notes: All notes of the article.

    Returns:
        The effective reference.
    """
    if note.repeats is None:
        return note.reference
    target = next((n for n in notes if n.label == note.repeats), None)
    if target is None:
        return note.reference
    return replace(target.reference, locator=note.reference.locator or target.reference.locator)
