"""The parser's first stage: source text → lines → blocks, with the page layout undone.

A *block* is a run of non-blank lines. Before the head, body and tail readers look at the
blocks, this stage undoes what copying did to the text:

- line ends (CRLF, lone CR), a byte-order mark and tabs are normalised;
- **double spacing** (a blank line after every wrapped line, as in text copied from a PDF)
  is detected and undone, paragraph ends inferred from short last lines, indentation and
  wider gaps (an `info` diagnostic says so);
- Gutenberg `[Footnote 1: …]` blocks, which may run over several paragraphs, become one
  footnote block each;
- blocks that hold several paragraphs one per line (a browser copy) are split;
- blocks are given a *kind* hint from their shape: a list item, a section break, a
  fixed-width table, an indented quotation or verse.

Markdown sources take another road to the same blocks: see
[parse_markdown][explainer.parse_markdown].
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Literal

from explainer.model import Span

BlockKind = Literal[
    "text", "heading", "list", "quote", "verse", "pre", "break", "footnote", "html", "note-def", "image"
]
"""The shape of a block, before the zones decide its role."""


_SPACES_RE = re.compile(r"\s+")


@dataclass
class Line:
    """One non-blank line of the source."""

    number: int
    """1-based line number."""
    offset: int
    """Offset of the line's first character in the normalised text."""
    text: str
    """The line without trailing spaces."""

    @property
    def indent(self) -> int:
        """Leading spaces."""
        return len(self.text) - len(self.text.lstrip())


@dataclass
class Block:
    """A run of lines that the later stages read as one unit."""

    lines: list[Line]
    """The source lines (for line numbers and offsets)."""
    kind: BlockKind = "text"
    """Shape hint: `text`, `heading`, `list`, `quote`, `verse`, `pre`, `break`, `footnote`…"""
    level: int = 0
    """For a Markdown heading: its level (1 for `#`)."""
    marker: str = ""
    """For a list item: the marker as printed (`1.`, `-`); for a footnote: its label."""
    content: str | None = None
    """Text already read (Markdown inline content, a footnote's body); else joined from lines."""
    spans: tuple[Span, ...] = ()
    """Inline formatting of `content` (Markdown)."""
    blank_before: int = 0
    """Blank lines before the block in the source (0 for the first)."""
    rule: str = ""
    """The rule that gave the block its kind (for `parse --explain`)."""
    markdown: bool = False
    """The block comes from a Markdown source (its text has no hard wraps to join)."""
    extra: dict[str, str] = field(default_factory=dict)
    """Anything a reader wants to hand on (the `href` of a link-only block…)."""
    _text_cache: tuple[list[Line], int, str] | None = field(default=None, repr=False, compare=False)
    """The joined text, with the list of lines (and its length) it was joined from."""

    @property
    def line(self) -> int:
        """First line number."""
        return self.lines[0].number if self.lines else 0

    @property
    def end_line(self) -> int:
        """Last line number."""
        return self.lines[-1].number if self.lines else 0

    @property
    def single(self) -> bool:
        """True for a one-line block."""
        return len(self.lines) == 1

    @property
    def text(self) -> str:
        """The block's text: hard-wrapped lines joined, spaces collapsed (kept until the
        lines change)."""
        if self.content is not None:
            return self.content
        cache = self._text_cache
        if cache is not None and cache[0] is self.lines and cache[1] == len(self.lines):
            return cache[2]
        joined = ""
        for line in self.lines:
            joined = join_wrapped(joined, _SPACES_RE.sub(" ", line.text.strip()))
        self._text_cache = (self.lines, len(self.lines), joined)
        return joined

    @property
    def first(self) -> str:
        """The first line, stripped."""
        return self.lines[0].text.strip() if self.lines else (self.content or "")


def join_wrapped(before: str, after: str) -> str:
    """Join two hard-wrapped lines of prose.

    Args:
        before: Text so far.
        after: The next line, stripped.

    Returns:
        The joined text: a word hyphenated across the break is joined with its hyphen
        kept (it may be a compound), else one space.

    Examples:
        >>> join_wrapped("a well-", "known case")
        'a well-known case'
    """
    if not before:
        return after
    if before.endswith("-") and not before.endswith("--") and after[:1].islower():
        return before + after
    return before + " " + after


def normalize_text(text: str) -> str:
    """Normalise line ends (CRLF, lone CR → LF), drop a byte-order mark, expand tabs.

    Args:
        text: Decoded source text.

    Returns:
        The text the parser and all offsets refer to.
    """
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)


_BLANK_CHARS = " \u00a0\u200b\t"


def read_lines(text: str) -> list[Line | None]:
    """Every line of the text: a [Line][explainer.parse_layout.Line], or `None` when blank."""
    out: list[Line | None] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.rstrip(_BLANK_CHARS)
        out.append(Line(number, offset, stripped) if stripped.strip(_BLANK_CHARS) else None)
        offset += len(raw) + 1
    return out


def group_blocks(lines: list[Line | None]) -> list[Block]:
    """Cut lines into blocks at blank lines, counting the blank lines before each block."""
    blocks: list[Block] = []
    current: list[Line] = []
    blanks = 0
    for line in lines:
        if line is None:
            if current:
                blocks.append(Block(current, blank_before=blanks))
                current, blanks = [], 0
            blanks += 1
            continue
        current.append(line)
    if current:
        blocks.append(Block(current, blank_before=blanks))
    if blocks:
        blocks[0].blank_before = 0
    return blocks


# --- double spacing -------------------------------------------------------------------

_SENTENCE_END = tuple('.!?:"”’\')]')


@dataclass(frozen=True)
class Spacing:
    """What the double-spacing detector found."""

    double: bool
    """A blank line follows nearly every line."""
    wide_gaps: bool
    """Paragraphs are told apart by wider gaps (two blank lines or more)."""


def detect_double_spacing(lines: list[Line | None]) -> Spacing:
    """Tell whether nearly every line of the text is followed by a blank line.

    Double spacing is assumed when at least 12 text lines are there, at least 85 % of the
    gaps between consecutive text lines hold a blank line, most lines do not end a sentence
    (they are wrapped prose, not one paragraph per line) and lines are of prose length.

    Args:
        lines: Every line, `None` for a blank one.

    Returns:
        The finding.
    """
    text_lines = [line for line in lines if line is not None]
    if len(text_lines) < 12:
        return Spacing(False, False)
    gaps: list[int] = []
    run = 0
    seen_text = False
    for line in lines:
        if line is None:
            run += 1
            continue
        if seen_text:
            gaps.append(run)
        seen_text, run = True, 0
    with_blank = sum(1 for g in gaps if g >= 1)
    lengths = [len(line.text.strip()) for line in text_lines]
    ends = sum(1 for line in text_lines if line.text.rstrip().endswith(_SENTENCE_END))
    double = (
        with_blank >= 0.85 * len(gaps)
        and ends <= 0.6 * len(text_lines)
        and 30 <= statistics.median(lengths) <= 110
    )
    wide = sum(1 for g in gaps if g >= 2)
    return Spacing(double, double and 0 < wide < 0.6 * len(gaps))


def undo_double_spacing(lines: list[Line | None], spacing: Spacing) -> list[Line | None]:
    """Remove the blank lines that double spacing put inside paragraphs.

    With wider gaps between paragraphs, only those gaps are kept. Otherwise a paragraph is
    taken to end after a line that ends a sentence and is clearly shorter than a full line,
    before an indented line, and around short lines that end no sentence (headings).

    Args:
        lines: Every line, `None` for a blank one.
        spacing: The detector's finding.

    Returns:
        The lines with a single blank line between paragraphs only.
    """
    text_lines = [line for line in lines if line is not None]
    widths = sorted(len(line.text.rstrip()) for line in text_lines)
    full = widths[int(len(widths) * 0.9) - 1] if widths else 0
    base_indent = statistics.mode(line.indent for line in text_lines) if text_lines else 0
    out: list[Line | None] = []
    previous: Line | None = None
    before: Line | None = None
    gap = 0
    for line in lines + [None]:
        if line is None:
            gap += 1
            continue
        if previous is not None:
            out.append(previous)
            if _paragraph_ends(previous, line, gap, spacing, full, base_indent, before):
                out.append(None)
        before, previous, gap = previous, line, 0
    if previous is not None:
        out.append(previous)
    return out


def _paragraph_ends(
    line: Line,
    following: Line,
    gap: int,
    spacing: Spacing,
    full: int,
    base_indent: int,
    before: Line | None = None,
) -> bool:
    """Whether a paragraph ends between two lines of double-spaced text.

    An indented line starts a paragraph (first-line indentation, or a block quotation); a
    run of indented lines (a quotation) ends where the indentation does. The first line of
    a paragraph indented on its own goes on into the next line.
    """
    if spacing.wide_gaps:
        return gap >= 2
    text = line.text.rstrip()
    short = len(text) < 0.8 * full
    if short and text.endswith(_SENTENCE_END):
        return True
    indented = line.indent > base_indent + 1
    if following.indent > base_indent + 1 and not indented:
        return True
    if indented and before is not None and before.indent > base_indent + 1:
        return following.indent <= base_indent + 1 or text.endswith(_SENTENCE_END)
    if indented:
        return False
    # A short line that ends no sentence: a heading, or the line before one.
    next_short = len(following.text.rstrip()) < 0.6 * full
    return (short and not text.endswith((",", ";", "-"))) or (
        next_short and not following.text.rstrip().endswith(_SENTENCE_END + (",", ";"))
    )


# --- underlined headings ------------------------------------------------------------------

UNDERLINE_RE = re.compile(r"^\s*([=\-~^*#+])\1{2,}\s*$")
"""A line of one repeated character under a heading (`=====`, `-----`, `~~~~~`)."""


def underlined_headings(blocks: list[Block]) -> list[Block]:
    """`Title` over `=====` (setext or reStructuredText headings in plain text) → a heading
    block; `=` gives level 1, `-` level 2, other characters level 3. An overline is taken too.
    The underline must be about as long as the heading, and the heading short and unpunctuated."""
    out: list[Block] = []
    for block in blocks:
        out.extend(_split_underlined(block) if block.kind == "text" and len(block.lines) >= 2 else [block])
    return out


def _split_underlined(block: Block) -> list[Block]:
    lines = block.lines
    out: list[Block] = []
    taken = 0  # lines before this index are already in `out`
    index = 1
    while index < len(lines):
        under = UNDERLINE_RE.match(lines[index].text)
        title = lines[index - 1].text.strip()
        if (
            under is None
            or index - 1 < taken
            or not title
            or UNDERLINE_RE.match(title)
            or len(title.split()) > 14
            or title.endswith((".", ",", ";"))
            or len(lines[index].text.strip()) < 0.6 * len(title)
        ):
            index += 1
            continue
        start = index - 1
        if start - 1 >= taken and UNDERLINE_RE.match(lines[start - 1].text):
            start -= 1  # an overline as well
        if start > taken:
            out.append(Block(lines[taken:start], blank_before=block.blank_before if taken == 0 else 0))
        out.append(
            Block(
                lines[start : index + 1], kind="heading", level={"=": 1, "-": 2}.get(under.group(1), 3),
                content=title, rule="layout.underlined-heading", blank_before=block.blank_before if start == 0 else 0,
            )
        )
        taken = index + 1
        index += 2
    if not out:
        return [block]
    if taken < len(lines):
        out.append(Block(lines[taken:]))
    return out


# --- Gutenberg footnote blocks ----------------------------------------------------------

FOOTNOTE_OPEN_RE = re.compile(
    r"^\s*(?:\[(?:Footnote|Note)\s+([A-Za-z0-9*†‡§]{1,6})\s*:\s?(.*)"
    r"|\((\*{1,3}|†{1,2}|‡)?\s*(?:Footnote|Note)[.:]\s*(.*))$",
    re.I,
)
"""The first line of a Gutenberg footnote: `[Footnote 1: The text…`, or the parenthesised
form some e-texts use, `(*Footnote. The text…)`."""


def _opening(match: re.Match[str]) -> tuple[str, str, str, str]:
    """`(label, first text, opening, closing)` of a footnote opener."""
    if match.group(1) is not None:
        return match.group(1), match.group(2), "[", "]"
    return match.group(3) or "*", match.group(4), "(", ")"


def merge_gutenberg_footnotes(blocks: list[Block]) -> list[Block]:
    """Make each `[Footnote N: …]` one block, even when it runs over blank lines.

    The footnote ends at the line whose closing bracket balances its opening one; an
    unbalanced footnote ends before the next footnote or after 40 blocks.
    """
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        match = FOOTNOTE_OPEN_RE.match(blocks[index].lines[0].text)
        if match is None:
            out.append(blocks[index])
            index += 1
            continue
        footnote, index = _read_footnote(blocks, index, match)
        out.append(footnote)
    return out


def _read_footnote(blocks: list[Block], index: int, match: re.Match[str]) -> tuple[Block, int]:
    """Read one Gutenberg footnote from `blocks[index]` on; return it and the next index."""
    first_block = blocks[index]
    label, first_text, opening, closing = _opening(match)
    lines: list[Line] = []
    paragraphs: list[str] = []
    depth = 0
    limit = index + 40
    while index < min(len(blocks), limit):
        block = blocks[index]
        if lines and FOOTNOTE_OPEN_RE.match(block.lines[0].text):
            break
        part: list[str] = []
        for position, line in enumerate(block.lines):
            piece = first_text if not lines else line.text
            depth += (1 if not lines else 0) + piece.count(opening) - piece.count(closing)
            lines.append(line)
            if depth <= 0:
                part.append(_strip_closing(line.text if _is_fixed(line.text) else piece, closing))
                paragraphs.append(_join_note_part(part))
                rest = block.lines[position + 1 :]
                if rest:
                    blocks[index] = Block(rest, blank_before=0)
                else:
                    index += 1
                return _footnote_block(first_block, lines, label, paragraphs), index
            part.append(line.text if _is_fixed(line.text) else piece)
        paragraphs.append(_join_note_part(part))
        index += 1
    return _footnote_block(first_block, lines, label, paragraphs), index


def _strip_closing(text: str, closing: str = "]") -> str:
    """A footnote's last line without its closing bracket."""
    text = text.rstrip()
    return text[:-1] if text.endswith(closing) else text


def _footnote_block(first: Block, lines: list[Line], label: str, parts: list[str]) -> Block:
    return Block(
        lines,
        kind="footnote",
        marker=label,
        content="\n\n".join(p for p in parts if p.strip()),
        blank_before=first.blank_before,
        rule="layout.gutenberg-footnote",
    )


def _is_fixed(text: str) -> bool:
    """A line of a fixed-width table: columns apart by runs of spaces, or dot leaders."""
    inner = text.strip()
    return bool(re.search(r"\S {3,}\S|\.{4,}|\. \. \.|\|", inner)) and bool(
        re.search(r"\d", inner) or "|" in inner
    )


def _join_note_part(lines: list[str]) -> str:
    """Join a note paragraph's lines; a fixed-width table keeps its lines (each after `\\n `)."""
    if sum(1 for line in lines if _is_fixed(line)) >= 2:
        return "\n".join(" " + line.rstrip() if not line.startswith(" ") else line.rstrip() for line in lines)
    joined = ""
    for line in lines:
        joined = join_wrapped(joined, re.sub(r"\s+", " ", line.strip()))
    return joined


# --- shapes -----------------------------------------------------------------------------

BREAK_RE = re.compile(r"^\s*(?:(?:\*\s*){3,}|(?:-\s*){3,}|_{3,}|(?:·\s*){3,}|~{3,}|(?:#\s*){3}|(?:•\s*){3,}|(?:=\s*){3,})\s*$")
"""A section break: `* * *`, `***`, `-----`, `___`, `~~~`."""

LIST_ITEM_RE = re.compile(
    r"^(?P<indent>\s{0,6})(?P<marker>(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)]|\((?:\d{1,3}|[a-z]|[ivx]{1,5})\)|[-*•·–](?=\s))\s+(?P<rest>\S.*)$"
)
"""The first line of a list item: `1.`, `2)`, `(a)`, `iv.`, `-`, `*`, `•`."""


def list_marker(text: str) -> tuple[str, str] | None:
    """The marker and the rest of a list item's first line, or `None`.

    Examples:
        >>> list_marker("2) Raise the budget.")
        ('2)', 'Raise the budget.')
        >>> list_marker("1787. A year") is None
        True
    """
    match = LIST_ITEM_RE.match(text)
    if match is None:
        return None
    return match.group("marker"), match.group("rest")


def split_list_items(block: Block) -> list[Block]:
    """A block whose lines start list items becomes one block per item.

    Lines that do not start with a marker continue the item before. A block whose first
    line is no list item is returned whole.
    """
    if list_marker(block.lines[0].text) is None or BREAK_RE.match(block.lines[0].text):
        return [block]
    starts = [i for i, line in enumerate(block.lines) if list_marker(line.text) is not None]
    if len(starts) < 2 and not block.single:
        # One marker and wrapped lines: an item of several lines (or a numbered paragraph).
        starts = [0]
    items: list[Block] = []
    for position, start in enumerate(starts):
        stop = starts[position + 1] if position + 1 < len(starts) else len(block.lines)
        marker, _ = list_marker(block.lines[start].text) or ("", "")
        items.append(
            Block(
                block.lines[start:stop],
                kind="list",
                marker=marker,
                blank_before=block.blank_before if position == 0 else 0,
                rule="layout.list-item",
            )
        )
    return items


def split_line_per_paragraph(block: Block) -> list[Block]:
    """A block of long lines that each end a sentence is one paragraph per line (a browser copy)."""
    lines = block.lines
    if len(lines) < 2 or any(line.indent >= 3 for line in lines):
        return [block]
    longest = max(len(line.text) for line in lines)
    if longest <= 100:
        return [block]
    if any(
        len(line.text) > 100 and not line.text.rstrip().endswith(tuple('.!?"”’:)]'))
        for line in lines[:-1]
    ):
        return [block]
    return [
        Block([line], blank_before=block.blank_before if i == 0 else 1, rule="layout.line-per-paragraph")
        for i, line in enumerate(lines)
    ]


def shape_of(block: Block, base_indent: int) -> BlockKind:
    """The kind a plain-text block has by its shape alone.

    Args:
        block: The block.
        base_indent: The indentation of ordinary body lines in this text.

    Returns:
        `break`, `pre` (a fixed-width table), `verse`, `quote` or `text`.
    """
    if block.single and BREAK_RE.match(block.lines[0].text):
        return "break"
    texts = [line.text for line in block.lines]
    fixed = sum(1 for t in texts if _is_fixed(t))
    if len(texts) >= 2 and fixed >= max(2, len(texts) // 2):
        return "pre"
    indents = [line.indent for line in block.lines]
    if min(indents) >= base_indent + 2:
        lengths = [len(t.strip()) for t in texts]
        if len(texts) >= 2 and statistics.median(lengths) < 48:
            return "verse"
        if len(texts) >= 2 or lengths[0] > 60:
            return "quote"
    if all(t.lstrip().startswith(">") for t in texts):
        return "quote"
    return "text"


def base_indent(blocks: list[Block]) -> int:
    """The indentation most body lines have (0 for most texts; 2–4 in some old books)."""
    indents = [line.indent for block in blocks for line in block.lines]
    return min(statistics.multimode(indents)) if indents else 0
