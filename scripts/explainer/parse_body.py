"""The body of an article: headings, paragraphs, lists, quotations, tables, section breaks,
note markers and inline formatting.

[read_body][explainer.parse_body.read_body] turns the blocks between the head and the
tail into [Section][explainer.model.Section]s of numbered
[Paragraph][explainer.model.Paragraph]s. Every list item, block quotation, verse block and
fixed-width table is one numbered paragraph of its kind; a section break marks the
paragraph after it. Note markers in every form become `[label]` in the text.

As in Python-Markdown's block parser, each block goes to the first of a list of block
readers ([BLOCK_READERS][explainer.parse_body.BLOCK_READERS]: break, attribution, heading,
paragraph) that takes it; they share the reader's state
([BodyReader][explainer.parse_body.BodyReader]).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from explainer import notes as notes_stage
from explainer.model import (
    BlockRole,
    Diagnostic,
    NoteRef,
    Paragraph,
    ParagraphKind,
    Role,
    Section,
    Span,
)
from explainer.parse_head import BYLINE_RE, ROMAN_LINE_RE, is_caps, number_line, role_of
from explainer.parse_layout import (
    Block,
    base_indent,
    join_wrapped,
    list_marker,
    shape_of,
    split_line_per_paragraph,
    split_list_items,
)
from explainer.textutil import slugify, title_case, word_count

_TERMINAL = tuple(".,;:")
_PARAGRAPH_KINDS: dict[str, ParagraphKind] = {"list": "list", "quote": "quote", "pre": "pre", "verse": "verse"}


@dataclass
class MarkerPlan:
    """Which note markers the body may hold, from the notes that were found."""

    labels: set[str]
    """Every note label."""
    numbered: bool = False
    """Bare digits glued to words may be markers (a numbered notes list without brackets)."""
    symbols: bool = False
    """Symbols glued to words (`*`, `†`) may be markers."""
    parens: bool = False
    """Numbers in parentheses glued to words (`tongue.(1)`) may be markers."""
    repeated: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """Labels printed on several notes: where each note starts and the label it was given."""
    taken: set[str] = field(default_factory=set)
    """Labels of repeated notes that a marker already went to."""

    def resolve(self, label: str, offset: int) -> str:
        """The note a marker at `offset` cites: for a repeated label, the first note after
        the marker that no earlier marker took (else the last one before it)."""
        notes = self.repeated.get(label)
        if not notes:
            return label
        after = [given for start, given in notes if start > offset and given not in self.taken]
        before = [given for start, given in notes if start <= offset]
        chosen = after[0] if after else (before[-1] if before else label)
        self.taken.add(chosen)
        return chosen


@dataclass
class Body:
    """What the body reader made."""

    sections: list[Section] = field(default_factory=list)
    roles: list[BlockRole] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cited: Counter[str] = field(default_factory=Counter)
    """How often each note label is cited."""


def prepare_blocks(blocks: list[Block]) -> list[Block]:
    """Split plain-text blocks into list items and browser-copy paragraphs; give each its shape."""
    indent = base_indent([b for b in blocks if not b.markdown]) if blocks else 0
    out: list[Block] = []
    for block in blocks:
        if block.markdown and block.kind == "text" and _bold_heading(block):
            block.kind, block.level, block.rule = "heading", 2, "markdown.bold-line-heading"
        if block.markdown or block.kind != "text":
            out.append(block)
            continue
        for piece in split_list_items(block):
            if piece.kind == "list":
                out.append(piece)
                continue
            for part in split_line_per_paragraph(piece):
                shape = shape_of(part, indent)
                if shape != "text":
                    part.kind, part.rule = shape, f"layout.{shape}"
                out.append(part)
    return _merge_runs(out)


def _bold_heading(block: Block) -> bool:
    """A Markdown paragraph that is only bold (or italic) text, short and unpunctuated: a heading."""
    text = block.text.strip()
    if not block.spans or word_count(text) > 12 or text.endswith(_TERMINAL) or BYLINE_RE.match(text):
        return False
    span = block.spans[0]
    return span.kind in {"strong", "em"} and span.start == 0 and span.end >= len(text.rstrip(":")) - 1 and len(block.spans) == 1


def _merge_runs(blocks: list[Block]) -> list[Block]:
    """Consecutive fixed-width blocks are one table; consecutive verse blocks one poem."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            previous is not None
            and block.kind == previous.kind
            and block.kind in {"pre", "verse"}
            and not block.markdown
            and block.blank_before <= 2
        ):
            previous.lines = previous.lines + block.lines
            previous.extra["stanzas"] = previous.extra.get("stanzas", "") + f"{len(previous.lines) - len(block.lines)},"
            continue
        out.append(block)
    return out

def _marker_kind(marker: str) -> str:
    """`1.`, `a)`, `iv.` → `ordered`; a bullet is its own kind (`-`, `*`, `•`)."""
    return "ordered" if marker[:1].isalnum() else marker[:1]


def heading_rule(block: Block, following: Block | None, previous: Block | None = None) -> str:
    """The name of the rule that makes a block a heading, or `` if it is none."""
    if block.kind == "heading":
        return "body.markdown-heading"
    if block.kind not in {"text", "list"} or not block.single or following is None:
        return ""
    text = block.text.strip()
    if notes_stage.MARKER_RE.search(text) or word_count(text) > 14 or len(text) > 120:
        return ""
    if ROMAN_LINE_RE.match(text):
        return "body.roman-numeral"
    if number_line(block) is not None and word_count(text) <= 10:
        return "body.number-line"
    if following.kind == "heading" or (following.kind == "list" and block.kind == "list"):
        return ""
    if block.kind == "list":
        if block.markdown or (previous is not None and previous.kind == "list"):
            return ""  # a list item is a list item, however short (here: the last of a list)
        marker = list_marker(text)
        rest = marker[1] if marker else text
        if word_count(rest) <= 8 and not rest.endswith(_TERMINAL) and rest[:1].isupper() and following.kind == "text":
            return "body.numbered-heading"
        return ""
    if is_caps(text) and not text.endswith((",", ";")) and word_count(text) <= 12:
        return "body.caps-heading"
    return "body.title-line" if _is_title_line_heading(text) and following.kind == "text" and not _is_heading_shape(following) else ""


def _is_heading_shape(block: Block) -> bool:
    return block.single and word_count(block.text) <= 14 and not block.text.endswith(_TERMINAL)


def _is_title_line_heading(text: str) -> bool:
    words = text.split()
    if not words or not re.match(r"[A-Z0-9\"“‘']", text):
        return False
    if text.endswith(_TERMINAL) or text.endswith(('"', "”", "’", "'")):
        return False
    significant = [w for w in words if len(w) > 3 and w[0].isalpha()]
    capitalised = sum(1 for w in significant if w[0].isupper())
    title_like = not significant or capitalised / len(significant) >= 0.6
    if text.endswith(("?", "!")):
        return title_like and len(words) <= 12
    first_word = next((w for w in words if w[0].isalpha()), "")
    return title_like or (len(words) <= 6 and first_word[:1].isupper())


def heading_text(block: Block, rule: str, keep: frozenset[str] = frozenset()) -> str:
    """The heading as shown: capitals title-cased (acronyms in `keep` kept), a list marker
    kept (`1. Introduction`)."""
    text = block.text.strip().strip("#").strip()
    if rule == "body.roman-numeral":
        return text.rstrip(".")
    return title_case(text, keep) if is_caps(text) else text


@dataclass
class BodyReader:
    """The body reader's state as it walks the blocks, like Python-Markdown's `BlockParser`:
    each block reader looks at one block and the state, and takes the block or passes."""

    plan: MarkerPlan
    """Which markers to look for."""
    bare: set[tuple[int, int]]
    """The bare-digit markers accepted (see `_bare_markers`)."""
    source: str
    """The file, for diagnostics."""
    acronyms: frozenset[str] = frozenset()
    """Words a heading in capitals keeps in capitals."""
    body: Body = field(default_factory=Body)
    """What was read so far."""
    anchors: Counter[str] = field(default_factory=Counter)
    """How often each heading anchor was given (a repeated one gets `-2`, `-3`…)."""
    current: list[Paragraph] = field(default_factory=list)
    """The paragraphs of the open section."""
    heading: tuple[str, int, str, int] | None = None
    """The open section's heading: text, line, anchor, level."""
    number: int = 0
    """The last paragraph number given."""
    pending_break: bool = False
    """A section break waits for the next paragraph."""
    list_start: int = 0
    """The number of the first item of the open list (0: no list is open)."""
    previous_list_id: str = ""
    """The Markdown list the last item belonged to."""

    def close_section(self) -> None:
        """Close the open section (if it holds a heading or a paragraph)."""
        if self.current or self.heading:
            title, line, anchor, level = self.heading or (None, self.current[0].line if self.current else 0, "", 2)
            self.body.sections.append(Section(title, line, anchor, level, tuple(self.current)))


BlockReader = Callable[[BodyReader, Block, Block | None, Block | None], bool]
"""A block reader: `(state, block, previous block, following block)` → whether it took the block."""


def _read_break(state: BodyReader, block: Block, previous: Block | None, following: Block | None) -> bool:
    """A section break marks the next paragraph (when a paragraph or section came before)."""
    if block.kind != "break":
        return False
    state.pending_break = bool(state.current) or bool(state.body.sections)
    state.body.roles.append(role_of(block, "break", block.rule or "body.break"))
    return True


def _read_attribution(state: BodyReader, block: Block, previous: Block | None, following: Block | None) -> bool:
    """A line naming who wrote the verse or quotation above it joins that paragraph."""
    if previous is None or previous.kind not in {"verse", "quote"} or not _attribution(block):
        return False
    state.body.roles.append(role_of(block, "credit", "body.attribution"))
    current = state.current
    if current and current[-1].kind in {"verse", "quote"}:
        current[-1] = _with(current[-1], text=current[-1].text + "\n— " + block.text.strip())
    return True


def _read_heading(state: BodyReader, block: Block, previous: Block | None, following: Block | None) -> bool:
    """A heading closes the open section and opens the next, with a unique anchor."""
    rule = heading_rule(block, following, previous)
    if not rule:
        return False
    state.close_section()
    text = heading_text(block, rule, state.acronyms)
    base = "s-" + slugify(text)
    state.anchors[base] += 1
    anchor = base if state.anchors[base] == 1 else f"{base}-{state.anchors[base]}"
    level = 3 if block.kind == "heading" and block.level >= 3 else 2
    state.heading = (text, block.line, anchor, level)
    state.current = []
    state.list_start = 0
    state.body.roles.append(role_of(block, "heading", rule))
    return True


def _read_paragraph(state: BodyReader, block: Block, previous: Block | None, following: Block | None) -> bool:
    """Any other block is the next numbered paragraph (a list item, quotation, table, prose)."""
    state.number += 1
    paragraph = _number_list_item(state, block, _paragraph(block, state.number, state.plan, state.bare, state.body, state.source))
    if state.pending_break:
        paragraph = _with(paragraph, break_before=True)
        state.pending_break = False
    state.current.append(paragraph)
    role: Role = "paragraph" if paragraph.kind == "prose" else paragraph.kind
    state.body.roles.append(role_of(block, role, block.rule or "body.paragraph"))
    return True


def _number_list_item(state: BodyReader, block: Block, paragraph: Paragraph) -> Paragraph:
    """A list item with the number of its list's first item; a new list starts after a
    paragraph, a break, a change of marker kind or another Markdown list."""
    if paragraph.kind != "list":
        state.list_start = 0
        return paragraph
    current = state.current
    if (
        state.list_start == 0
        or not current
        or current[-1].kind != "list"
        or state.pending_break
        or _marker_kind(current[-1].list_marker) != _marker_kind(paragraph.list_marker)
        or block.extra.get("list_id", "") != state.previous_list_id
    ):
        state.list_start = state.number
    state.previous_list_id = block.extra.get("list_id", "")
    return _with(paragraph, list_start=state.list_start)


BLOCK_READERS: tuple[BlockReader, ...] = (_read_break, _read_attribution, _read_heading, _read_paragraph)
"""The block readers, in the order they are tried; the last takes any block."""


def read_body(blocks: list[Block], plan: MarkerPlan, source: str, acronyms: frozenset[str] = frozenset()) -> Body:
    """Read the body blocks into sections of numbered paragraphs.

    Each block goes to the first of the [BLOCK_READERS][explainer.parse_body.BLOCK_READERS]
    that takes it.

    Args:
        blocks: The body blocks, in order (head, tail and notes taken out).
        plan: Which markers to look for.
        acronyms: Words a heading in capitals keeps in capitals.
        source: The file, for diagnostics.

    Returns:
        Sections, block roles, diagnostics and the count of citations of each note.
    """
    blocks = prepare_blocks(blocks)
    state = BodyReader(plan, _bare_markers(blocks, plan), source, acronyms)
    for index, block in enumerate(blocks):
        previous = blocks[index - 1] if index else None
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        for reader in BLOCK_READERS:
            if reader(state, block, previous, following):
                break
    state.close_section()
    return state.body


def _attribution(block: Block) -> bool:
    """A short line naming who wrote the verse or quotation above it (`ARTHUR SYMONS.`,
    `— Lowell`, a reference set in from the margin such as `Hor. Ep. 1. 2.`)."""
    text = block.text.strip()
    if not block.single or word_count(text) > 6 or not text:
        return False
    reference = block.lines[0].indent >= 4 and text.endswith(".") and bool(re.search(r"\b[A-Z][a-z]{0,5}\.", text))
    return (is_caps(text) and text.endswith(".")) or text.startswith(("—", "--", "– ")) or reference


def _with(paragraph: Paragraph, **changes: object) -> Paragraph:
    from dataclasses import replace

    return replace(paragraph, **changes)  # type: ignore[arg-type]


# --- markers ------------------------------------------------------------------------------------


def _bare_markers(blocks: list[Block], plan: MarkerPlan) -> set[tuple[int, int]]:
    """`(line number, column)` of the bare-digit markers accepted, in the notes' order.

    Digits glued to a word count as a marker only when the next expected label (or the one
    after it) is that number: `taxes3` cites note 3 only if note 3 is the next one due.
    """
    if not plan.numbered:
        return set()
    expected = sorted(int(label) for label in plan.labels if label.isdigit())
    accepted: set[tuple[int, int]] = set()
    position = 0
    for block in blocks:
        if block.kind in {"pre", "heading", "break"} or block.markdown:
            continue
        for line in block.lines:
            for match in notes_stage.BARE_MARKER_RE.finditer(line.text):
                value = int(match.group(1))
                if value in expected[position : position + 2]:
                    position = expected.index(value, position) + 1
                    accepted.add((line.number, match.start()))
    return accepted


_MAYBE_MARKER_RE = re.compile(r"[\[\d⁰¹²³⁴⁵⁶⁷⁸⁹*†‡§]")


def _line_markers(
    text: str, line_number: int, base: int, plan: MarkerPlan, bare: set[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """`(start, end, label)` of every marker in one line, in order (columns in the line)."""
    found: list[tuple[int, int, str]] = []
    if not _MAYBE_MARKER_RE.search(text):
        return found  # most lines hold no bracket, digit, symbol or superscript at all
    for match in notes_stage.MARKER_RE.finditer(text):
        found.append((match.start(), match.end(), match.group(2)))
    for match in notes_stage.SUPERSCRIPT_MARKER_RE.finditer(text):
        label = notes_stage.superscript_digits(match.group(0))
        if label in plan.labels:
            found.append((match.start(), match.end(), label))
    if plan.symbols:
        for match in notes_stage.SYMBOL_MARKER_RE.finditer(text):
            if match.group(1) in plan.labels:
                found.append((match.start(), match.end(), match.group(1)))
    if plan.parens:
        for match in notes_stage.PAREN_MARKER_RE.finditer(text):
            if match.group(1) in plan.labels:
                found.append((match.start(), match.end(), match.group(1)))
    for match in notes_stage.BARE_MARKER_RE.finditer(text):
        if (line_number, match.start()) in bare:
            found.append((match.start(), match.end(), match.group(1)))
    found.sort()
    out: list[tuple[int, int, str]] = []
    for item in found:
        if not out or item[0] >= out[-1][1]:
            out.append(item)
    return out


def _canonical_line(
    text: str, line_number: int, base: int, plan: MarkerPlan, bare: set[tuple[int, int]],
    body: Body, source: str, refs: list[NoteRef],
) -> str:
    """The line with every marker written `[label]`; refs and missing-note warnings recorded."""
    out: list[str] = []
    last = 0
    for start, end, printed in _line_markers(text, line_number, base, plan, bare):
        label = plan.resolve(printed, base + start)
        bracketed = text[start] == "["
        if label not in plan.labels:
            if bracketed and (plan.labels or text[start + 1] == "^"):
                body.diagnostics.append(
                    Diagnostic(source, line_number, "note-missing", f"marker [{label}] has no note in the notes list")
                )
            continue
        refs.append(NoteRef(label=label, line=line_number, start=base + start, end=base + end))
        body.cited[label] += 1
        out.append(text[last:start])
        out.append(f"[{label}]")
        last = end
    out.append(text[last:])
    return "".join(out)


# --- paragraphs -------------------------------------------------------------------------------


def _paragraph(
    block: Block, number: int, plan: MarkerPlan, bare: set[tuple[int, int]], body: Body, source: str
) -> Paragraph:
    refs: list[NoteRef] = []
    kind: ParagraphKind = _PARAGRAPH_KINDS.get(block.kind, "prose")
    first = block.lines[0]
    if block.markdown:
        text = _canonical_line(
            block.text, first.number, first.offset, plan, set(), body, source, refs
        )
        moved = block.spans if text == block.text else _shift_spans(block.text, text, block.spans)
        if kind == "list":
            marker = block.marker
        else:
            marker = ""
        return Paragraph(
            number=number, text=text, line=block.line, end_line=block.end_line,
            start=first.offset + first.indent, refs=tuple(refs), kind=kind,
            spans=moved, list_marker=marker,
        )
    lines = [
        _canonical_line(line.text, line.number, line.offset, plan, bare, body, source, refs)
        for line in block.lines
    ]
    marker = ""
    if kind == "list":
        found = list_marker(lines[0])
        if found is not None:
            marker = found[0]
            lines[0] = found[1]
    spans: tuple[Span, ...] = ()
    if kind == "pre":
        text = "\n".join(line.rstrip() for line in _dedent(lines))
    elif kind == "verse":
        text, spans = plain_inline("\n".join(line.strip() for line in lines))
    else:
        if kind == "quote":
            lines = [re.sub(r"^\s*>\s?", "", line) for line in lines]
        joined = ""
        for line in lines:
            joined = join_wrapped(joined, re.sub(r"\s+", " ", line.strip()))
        text, spans = plain_inline(joined)
    return Paragraph(
        number=number, text=text, line=block.line, end_line=block.end_line,
        start=first.offset + first.indent, refs=tuple(refs), kind=kind,
        spans=spans, list_marker=marker,
    )


def _dedent(lines: list[str]) -> list[str]:
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    return [line[indent:] for line in lines]


def _shift_spans(before: str, after: str, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Spans of `before` moved to `after` (markers rewritten; offsets mapped by a common-prefix walk)."""
    mapping = _offset_map(before, after)
    return tuple(
        Span(mapping[s.start], mapping[s.end], s.kind, s.href) for s in spans if s.end <= len(before)
    )


def _offset_map(before: str, after: str) -> list[int]:
    """For each offset of `before` (and its end), the matching offset in `after`.

    `after` differs from `before` only where markers were rewritten, so walking both with
    the longest equal runs is enough.
    """
    mapping = [0] * (len(before) + 1)
    i = j = 0
    while i < len(before):
        mapping[i] = j
        if j < len(after) and before[i] == after[j]:
            i += 1
            j += 1
            continue
        # Skip the differing stretch: advance j to where before[i:] resumes.
        resume = after.find(before[i : i + 8], j) if i + 8 <= len(before) else -1
        if resume > j:
            j = resume
        else:
            i += 1
    mapping[len(before)] = len(after)
    return mapping


_EMPHASIS_RE = re.compile(r"(?<![\w_])_(?=[^\s_])(?P<body>[^_\n]{0,300}?[^\s_])_(?![\w_])")
"""Gutenberg's `_italics_` (an underscore on each side of up to 300 characters)."""


def plain_inline(text: str) -> tuple[str, tuple[Span, ...]]:
    """Read the conventions of plain e-texts: `_italics_` become emphasis, `--` a dash.

    Args:
        text: Joined paragraph text.

    Returns:
        The text without the underscores, and the emphasis spans.

    Examples:
        >>> plain_inline("It is _not_ so--quite.")
        ('It is not so—quite.', (Span(start=6, end=9, kind='em', href=''),))
    """
    text = re.sub(r"(?<=[^\s-])--(?=[^\s-])|(?<=\s)--(?=\s)|(?<=\w)--$", "—", text)
    spans: list[Span] = []
    out: list[str] = []
    length = 0
    last = 0
    for match in _EMPHASIS_RE.finditer(text):
        piece = text[last : match.start()]
        out.append(piece)
        length += len(piece)
        body = match.group("body")
        spans.append(Span(length, length + len(body), "em"))
        out.append(body)
        length += len(body)
        last = match.end()
    out.append(text[last:])
    return "".join(out), tuple(spans)
