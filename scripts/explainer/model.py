"""The data model: frozen dataclasses that every stage reads and writes.

Nothing here knows about Markdown, HTML or MkDocs. Every piece of text that comes from a
source keeps the line it came from, so that a later warning can point back at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["info", "warning", "error"]
"""How serious a [Diagnostic][explainer.model.Diagnostic] is: `info` only tells what the
parser did (it never fails a build, not even with `--strict`)."""

ParagraphKind = Literal["prose", "verse", "list", "quote", "pre"]
"""`prose` is an ordinary paragraph; `verse` keeps its line breaks (poems); `list` is one
item of a list; `quote` a block quotation; `pre` a fixed-width block (a table) shown as it is."""

ReferenceKind = Literal["source", "comment", "repeat"]
"""What a note holds: a cited `source`, an explanatory `comment` (a note that explains or
cross-refers and cites no work), or a `repeat` (Ibid., Idem, op. cit., loc. cit.)."""

SpanKind = Literal["em", "strong", "code", "link"]
"""Inline formatting kept from the source: emphasis, strong, code, a link."""

Role = Literal[
    "title", "number", "subtitle", "byline", "dateline", "publication", "salutation",
    "meta", "credit", "heading", "paragraph", "list", "quote", "pre", "verse", "break",
    "signature", "bio", "notes-heading", "note", "furniture", "licence", "front-matter",
]
"""What a block of lines is on the page; see [BlockRole][explainer.model.BlockRole]."""


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in a source file, with the place it was found."""

    file: str
    """Path of the file, as given to the parser."""
    line: int
    """1-based line number (0 when the problem concerns the whole file)."""
    code: str
    """Short stable identifier, e.g. `note-missing`."""
    message: str
    """Human-readable explanation."""
    severity: Severity = "warning"
    """`warning` lets the build go on; `error` stops it before anything is written."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class NoteRef:
    """An endnote marker such as `[iv]` found in the running text."""

    label: str
    """The label exactly as printed in the source, without brackets (`iv`, `12`)."""
    line: int
    """Line of the marker in the source file."""
    start: int
    """Character offset of the opening bracket in the decoded source text."""
    end: int
    """Character offset just after the closing bracket."""


@dataclass(frozen=True)
class Name:
    """A person's name split for citation, or an organisation (`literal`)."""

    family: str = ""
    """Family name (`Lee`)."""
    given: str = ""
    """Given names (`Ann`)."""
    literal: str = ""
    """An organisation or a name that cannot be split (`Department of Education`)."""

    def __str__(self) -> str:
        if self.literal:
            return self.literal
        return f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class PartialDate:
    """A date that may lack its day or month, as often in notes (`December, 1909`)."""

    year: int
    """Four-digit year."""
    month: int | None = None
    """Month 1–12, if known."""
    day: int | None = None
    """Day of the month, if known."""

    def iso(self) -> str:
        """Return the date as ISO 8601, as precise as it is known.

        Returns:
            `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
        """
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True)
class Reference:
    """A note parsed into the parts a citation needs."""

    kind: ReferenceKind
    """`source`, `comment` or `repeat`."""
    raw: str
    """The note text as written."""
    authors: tuple[Name, ...] = ()
    """Authors in the order given."""
    title: str = ""
    """Title of the cited work."""
    container: str = ""
    """Outlet, journal, website or publisher."""
    date: PartialDate | None = None
    """Publication date, if the note gives one."""
    url: str = ""
    """Address of the work, if the note gives one."""
    locator: str = ""
    """Page or section cited (`p. 4`)."""


@dataclass(frozen=True)
class Note:
    """One entry of the endnotes list."""

    label: str
    """Label as printed in the source (`iv`)."""
    text: str
    """Note text, with wrapped lines joined. A note that runs over several paragraphs keeps
    them apart with a blank line (`\\n\\n`); a fixed-width block in it keeps its lines, each
    starting with a space or more after a `\\n`."""
    line: int
    """Line where the note starts."""
    start: int
    """Character offset of the note's first character (its label bracket)."""
    end: int
    """Character offset just after the note's last character."""
    reference: Reference
    """The note parsed as a reference."""
    repeats: str | None = None
    """For Ibid./op. cit.: the label of the note whose source this note repeats."""


@dataclass(frozen=True)
class Span:
    """Inline formatting over part of a paragraph's text (from Markdown, or `_italics_`)."""

    start: int
    """Offset of the first formatted character in [Paragraph.text][explainer.model.Paragraph.text]."""
    end: int
    """Offset just after the last formatted character."""
    kind: SpanKind
    """`em`, `strong`, `code` or `link`."""
    href: str = ""
    """For a link: its address, as written in the source (checked when rendered)."""


@dataclass(frozen=True)
class Paragraph:
    """A numbered block of body text."""

    number: int
    """1-based number, counted over the whole article; the anchor is `p-<number>`."""
    text: str
    """The text, with hard line wraps joined (for `verse` and `pre`, lines joined by `\\n`).

    Markup of the source is taken out (Markdown `**`, `_italics_`, link syntax: see `spans`),
    and every note marker, whatever its form in the source (`taxes3`, `¹`, `[^3]`, `*`),
    is written `[label]`."""
    line: int
    """First source line."""
    end_line: int
    """Last source line."""
    start: int
    """Character offset of the first character in the decoded source."""
    refs: tuple[NoteRef, ...] = ()
    """Endnote markers in this paragraph, in order."""
    kind: ParagraphKind = "prose"
    """`prose`, `verse`, `list`, `quote` or `pre`."""
    spans: tuple[Span, ...] = ()
    """Inline formatting, by offsets into `text`, in order."""
    list_marker: str = ""
    """For a list item: its marker as printed (`1.`, `a)`, `-`); items of one list are
    consecutive paragraphs whose `list_start` is the paragraph number of the first item."""
    list_start: int = 0
    """For a list item: the number of the list's first paragraph (0 for other kinds)."""
    break_before: bool = False
    """A section break (`* * *`) stands before this paragraph."""


@dataclass(frozen=True)
class Section:
    """A heading and the paragraphs under it; the first section may have no heading."""

    heading: str | None
    """Heading text, or `None` for the text before the first heading."""
    line: int
    """Line of the heading (or of the first paragraph)."""
    anchor: str
    """Stable anchor of the heading, `s-<slug>`; empty for an untitled section."""
    level: int = 2
    """Heading level on the page: 2 for a section, 3 for a subsection (the title is 1)."""
    paragraphs: tuple[Paragraph, ...] = ()
    """Paragraphs in order."""


@dataclass(frozen=True)
class ImageCredit:
    """The caption and credit of the article's lead image (the image itself is not in the text)."""

    caption: str
    """What the image shows; may be empty."""
    credit: str
    """Who made or supplied it; may be empty."""
    line: int
    """Source line."""


@dataclass(frozen=True)
class RemovedLine:
    """A line the parser dropped from the text, kept so nothing is lost silently."""

    line: int
    """Source line."""
    text: str
    """The line as it was."""
    reason: str
    """Why it was removed (`comment form`, `repeated title`, `notes heading`…)."""


@dataclass(frozen=True)
class BlockRole:
    """What the parser took one block of lines to be, and by which rule (`explainer parse --explain`)."""

    line: int
    """First line of the block."""
    end_line: int
    """Last line of the block."""
    role: Role
    """What the block is on the page."""
    rule: str
    """Name of the rule that decided it (`head.byline-caps`, `body.list`…)."""
    text: str = ""
    """The block's first line, cut to 80 characters."""


ORIGINAL_TYPES = {
    "newspaper": "article-newspaper",
    "magazine": "article-magazine",
    "journal": "article-journal",
    "blog": "post-weblog",
    "web page": "webpage",
    "report": "report",
    "book": "book",
    "book chapter": "chapter",
    "speech": "speech",
}
"""Sidecar `type` values and the CSL type each one is cited as."""


@dataclass(frozen=True)
class Sidecar:
    """Metadata from the optional `<slug>.yml` file next to a source."""

    title: str = ""
    """Overrides the title found in the text."""
    dek: str = ""
    """Standfirst, when the text has none."""
    authors: tuple[str, ...] = ()
    """Author names."""
    date: str = ""
    """Publication date, ISO 8601 (`2022-02-01`, `2022-02` or `2022`)."""
    type: str = ""
    """What the original is (`newspaper`, `magazine`, `journal`, `blog`, `web page`, `report`,
    `book`, `book chapter`, `speech`); guessed from the publisher when not given."""
    container_title: str = ""
    """The newspaper, magazine, journal, blog, website or book the original appeared in."""
    publisher: str = ""
    """Outlet or publisher (the container too, when `container_title` is not given)."""
    url: str = ""
    """Where the original was published."""
    accessed: str = ""
    """When the original was read at `url`, ISO 8601."""
    editors: tuple[str, ...] = ()
    """Editors of the book or collection the original appeared in."""
    pages: str = ""
    """Pages of the original in its container (`12-30`)."""
    volume: str = ""
    """Volume of the journal or book the original appeared in."""
    licence: str = ""
    """Licence or permission under which the text is reproduced."""
    language: str = "en"
    """BCP 47 language tag."""
    provenance: str = ""
    """Where this copy of the text came from."""
    tags: tuple[str, ...] = ()
    """Extra tags."""


@dataclass(frozen=True)
class Article:
    """A parsed source article: everything the later stages need."""

    slug: str
    """Stable identifier from the file name; the page lives at `articles/<slug>/`."""
    source: str
    """Path of the source text."""
    title: str
    """Title (from the sidecar, the first line, or the slug)."""
    title_line: int = 0
    """Line of the title in the source (0 if it did not come from the text)."""
    dek: str = ""
    """Standfirst: one or two sentences under the title."""
    authors: tuple[str, ...] = ()
    """Authors from the sidecar, a byline, or the author bio."""
    date: PartialDate | None = None
    """Publication date from the sidecar or the dateline."""
    topics: tuple[str, ...] = ()
    """Topic labels from a `Topic:` line."""
    regions: tuple[str, ...] = ()
    """Region labels from a `Region:` line."""
    tags: tuple[str, ...] = ()
    """Tags from a `Tags:` line and the sidecar."""
    image: ImageCredit | None = None
    """Lead image caption and credit."""
    sections: tuple[Section, ...] = ()
    """Body text in sections."""
    notes: tuple[Note, ...] = ()
    """Endnotes in source order."""
    bio: str = ""
    """Author biography (a closing "X is an analyst…" paragraph)."""
    publication: str = ""
    """Publication line of the original (`From the Evening Courier.`, `Originally published in …`)."""
    salutation: str = ""
    """Opening address of a letter or speech (`To the People of the State of New York:`)."""
    signature: str = ""
    """Closing signature (`CIVIS.`, `— J. D.`)."""
    markdown: bool = False
    """The source was read as Markdown."""
    layout: tuple[BlockRole, ...] = ()
    """Every block of the source with the role the parser gave it (for `parse --explain`)."""
    removed: tuple[RemovedLine, ...] = ()
    """Lines dropped as boilerplate."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Warnings found while parsing."""
    sidecar: Sidecar = field(default_factory=Sidecar)
    """Metadata from the sidecar file."""

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """All paragraphs of all sections, in order."""
        return tuple(p for section in self.sections for p in section.paragraphs)

    def note(self, label: str) -> Note | None:
        """Return the first note with this label, or `None`.

        Args:
            label: The label as printed (`iv`).

        Returns:
            The note, if the article has one with that label.
        """
        return next((n for n in self.notes if n.label == label), None)
