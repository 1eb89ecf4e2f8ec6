"""Markdown sources → the parser's blocks, read by markdown-it-py (CommonMark).

A `.md` file, or a `.txt` that is clearly Markdown, is read by a real Markdown parser:
headings, emphasis, inline and reference links, lists, block quotes, code, tables,
footnotes (`[^1]`) and YAML front matter. The result is the same
[Block][explainer.parse_layout.Block] list the plain-text road gives, with the inline
formatting as [Span][explainer.model.Span]s, so head, body and tail rules apply alike.

Raw HTML is never passed on: an HTML comment is dropped, other HTML keeps only its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from explainer.model import Span
from explainer.parse_layout import Block, BlockKind, Line

_MD_SIGNALS = (
    (re.compile(r"^#{1,6} \S", re.M), 2),
    (re.compile(r"\[[^\]\n]{1,200}\]\((?:https?://|/|#)[^)\s]{0,500}\)"), 2),
    (re.compile(r"^\[[^\]\n]{1,100}\]: +\S", re.M), 2),
    (re.compile(r"\*\*[^*\n]{1,200}\*\*"), 1),
    (re.compile(r"^```", re.M), 2),
    (re.compile(r"^> \S", re.M), 1),
    (re.compile(r"^\[\^[^\]\n]{1,20}\]:", re.M), 2),
    (re.compile(r"\A---\n(?:.{0,300}\n){1,40}?---\n"), 3),
)
"""Shapes that only Markdown has, with how much each counts."""


def looks_like_markdown(text: str) -> bool:
    """Tell whether a `.txt` source is clearly Markdown (score 3 or more from distinct signals).

    Args:
        text: The normalised source.

    Returns:
        True when Markdown syntax is there beyond doubt: headings with `#`, links,
        reference definitions, fenced code, footnote definitions, front matter.

    Examples:
        >>> looks_like_markdown("# Title\\n\\nSee [the report](https://example.org).")
        True
        >>> looks_like_markdown("TITLE\\n\\nA _plain_ text -- with * * * breaks.")
        False
    """
    score = sum(weight for pattern, weight in _MD_SIGNALS if pattern.search(text[:200_000]))
    return score >= 3


@dataclass
class MarkdownSource:
    """A Markdown source read into blocks."""

    blocks: list[Block]
    """Body, head and tail blocks in order (footnote definitions as `note-def` blocks)."""
    front_matter: dict[str, Any] = field(default_factory=dict)
    """The YAML front matter's mapping (empty if none or unreadable)."""
    front_matter_lines: tuple[int, int] = (0, 0)
    """First and last line of the front matter (0, 0 if none)."""
    problems: list[tuple[int, str]] = field(default_factory=list)
    """`(line, message)` for what could not be read (bad front matter YAML)."""


def _parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": True})
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .enable("table")
    )


ATX_WITHOUT_SPACE_RE = re.compile(r"(?m)^(#{1,6})(?=[A-Z0-9.“\"‘'(¿¡])")
"""`##Heading`: older Markdown allowed the hashes without a space; CommonMark does not.
A capital, a digit or punctuation must follow, so `#hashtag` stays text. The space is added
for the parser only: lines and offsets are those of the source."""


_WHITE_LINE_RE = re.compile(r"(?m)^[ \u00a0\u200b\u2007\u202f]+$")


def _for_parser(text: str) -> str:
    """The text as CommonMark needs it, line for line the same: `##Heading` gets its space,
    and a line of no-break spaces (left by HTML converters) becomes a blank line."""
    text = _WHITE_LINE_RE.sub(lambda m: " " * len(m.group(0)), text)
    return ATX_WITHOUT_SPACE_RE.sub(r"\1 ", text)


def read_markdown(text: str) -> MarkdownSource:
    """Read a Markdown source into blocks.

    Args:
        text: The normalised source text.

    Returns:
        The blocks, the front matter and any problems.
    """
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    tokens = _parser().parse(_for_parser(text))
    source = MarkdownSource(blocks=[])
    reader = _Reader(lines, offsets, source)
    reader.read(tokens)
    return source


class _Reader:
    """Walks markdown-it's block tokens and makes blocks."""

    def __init__(self, lines: list[str], offsets: list[int], source: MarkdownSource) -> None:
        self.lines = lines
        self.offsets = offsets
        self.source = source
        self.quote_depth = 0
        self.list_stack: list[tuple[bool, int]] = []
        self.list_ids: list[int] = []
        self.lists_opened = 0
        self.item_markers: list[str] = []
        self.footnote: tuple[str, list[str], list[Line]] | None = None
        self.heading_level = 0
        self.last_end = 0

    def _lines(self, span: list[int] | None) -> list[Line]:
        if not span:
            return []
        start, end = span
        return [
            Line(n + 1, self.offsets[n], self.lines[n].rstrip())
            for n in range(start, min(end, len(self.lines)))
            if self.lines[n].strip()
        ]

    def _blank_before(self, span: list[int] | None) -> int:
        if not span:
            return 0
        blank = span[0] - self.last_end
        self.last_end = max(self.last_end, span[1])
        return max(0, blank)

    def read(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            handler = getattr(self, "_on_" + token.type, None)
            if handler is not None:
                handler(token, tokens, index)

    def _on_front_matter(self, token: Token, tokens: list[Token], index: int) -> None:
        span = token.map or [0, 0]
        self.source.front_matter_lines = (span[0] + 1, span[1])
        self.last_end = span[1]
        try:
            data = yaml.safe_load(token.content) if len(token.content) < 50_000 else None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = span[0] + 2 + (mark.line if mark is not None else 0)
            self.source.problems.append((line, f"the front matter is not valid YAML ({error})"))
            return
        if isinstance(data, dict):
            self.source.front_matter = data

    def _on_heading_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self.heading_level = int(token.tag[1:])

    def _on_blockquote_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self.quote_depth += 1

    def _on_blockquote_close(self, token: Token, tokens: list[Token], index: int) -> None:
        self.quote_depth -= 1

    def _on_bullet_list_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self.list_stack.append((False, 1))
        self.lists_opened += 1
        self.list_ids.append(self.lists_opened)

    def _on_ordered_list_open(self, token: Token, tokens: list[Token], index: int) -> None:
        start = token.attrGet("start")
        self.list_stack.append((True, int(start) if isinstance(start, int | str) else 1))
        self.lists_opened += 1
        self.list_ids.append(self.lists_opened)

    def _on_bullet_list_close(self, token: Token, tokens: list[Token], index: int) -> None:
        self.list_stack.pop()
        self.list_ids.pop()

    _on_ordered_list_close = _on_bullet_list_close

    def _on_list_item_open(self, token: Token, tokens: list[Token], index: int) -> None:
        ordered, number = self.list_stack[-1]
        marker = f"{number}{token.markup or '.'}" if ordered else (token.markup or "-")
        if ordered:
            self.list_stack[-1] = (True, number + 1)
        self.item_markers.append(marker)

    def _on_footnote_open(self, token: Token, tokens: list[Token], index: int) -> None:
        label = str((token.meta or {}).get("label", ""))
        self.footnote = (label, [], [])

    def _on_footnote_close(self, token: Token, tokens: list[Token], index: int) -> None:
        if self.footnote is None:
            return
        label, parts, lines = self.footnote
        self.source.blocks.append(
            Block(
                lines or [Line(0, 0, "")],
                kind="note-def",
                marker=label,
                content="\n\n".join(parts),
                rule="markdown.footnote",
                markdown=True,
            )
        )
        self.footnote = None

    def _on_inline(self, token: Token, tokens: list[Token], index: int) -> None:
        text, spans = inline_text(token.children or [])
        lines = self._lines(token.map)
        if self.footnote is not None:
            self.footnote[1].append(text)
            self.footnote[2].extend(lines)
            return
        opener = tokens[index - 1] if index else None
        if opener is not None and opener.type == "heading_open":
            self._add(token, text, spans, kind="heading", level=self.heading_level, rule="markdown.heading")
            return
        if opener is not None and opener.type in {"th_open", "td_open"}:
            return  # tables are taken whole by _on_table_open
        if self.item_markers and opener is not None and opener.type == "paragraph_open":
            previous = tokens[index - 2] if index >= 2 else None
            if previous is not None and previous.type == "list_item_open":
                marker = self.item_markers[-1]
                self._add(token, text, spans, kind="list", marker=marker, rule="markdown.list-item")
                if self.source.blocks and self.source.blocks[-1].kind == "list":
                    self.source.blocks[-1].extra["list_id"] = str(self.list_ids[-1])  # two lists in a row stay two
                return
        kind = "quote" if self.quote_depth else "text"
        children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip()) and c.type not in {"softbreak", "hardbreak"}]
        if children and all(c.type == "image" for c in children):
            # A paragraph that is only an image: the picture is not part of the text.
            self._add(token, text, spans, kind="image", rule="markdown.image")
            return
        rule = "markdown." + ("quote" if self.quote_depth else "paragraph")
        parts = split_at_paragraph_breaks(token.children or [])
        if len(parts) > 1 and token.map:
            # Line breaks that end one sentence and start another: paragraphs a converter
            # wrote as `<br>` (each part is a paragraph of its own, as a reader sees it).
            first_line = token.map[0]
            for start, end, part in parts:
                part_text, part_spans = inline_text(part)
                self._add_span([first_line + start, first_line + end], part_text, part_spans, kind=kind, rule=rule + "-at-line-break")
            return
        self._add(token, text, spans, kind=kind, rule=rule)

    def _on_list_item_close(self, token: Token, tokens: list[Token], index: int) -> None:
        self.item_markers.pop()

    def _on_table_open(self, token: Token, tokens: list[Token], index: int) -> None:
        lines = self._lines(token.map)
        raw = "\n".join(line.text for line in lines)
        self._append(Block(lines, kind="pre", content=raw, rule="markdown.table", markdown=True), token.map)

    def _on_fence(self, token: Token, tokens: list[Token], index: int) -> None:
        lines = self._lines(token.map)
        self._append(
            Block(lines, kind="pre", content=token.content.rstrip("\n"), rule="markdown.code", markdown=True),
            token.map,
        )

    _on_code_block = _on_fence

    def _on_hr(self, token: Token, tokens: list[Token], index: int) -> None:
        self._append(Block(self._lines(token.map), kind="break", content="", rule="markdown.rule", markdown=True), token.map)

    def _on_html_block(self, token: Token, tokens: list[Token], index: int) -> None:
        text = html_text(token.content)
        lines = self._lines(token.map)
        kind: BlockKind = "html" if not text else ("quote" if self.quote_depth else "text")
        self._append(Block(lines, kind=kind, content=text, rule="markdown.html", markdown=True), token.map)

    def _add(
        self, token: Token, text: str, spans: tuple[Span, ...], *, kind: str, rule: str,
        level: int = 0, marker: str = "",
    ) -> None:
        self._add_span(token.map, text, spans, kind=kind, rule=rule, level=level, marker=marker)

    def _add_span(
        self, span: list[int] | None, text: str, spans: tuple[Span, ...], *, kind: str, rule: str,
        level: int = 0, marker: str = "",
    ) -> None:
        lines = self._lines(span)
        if not lines:
            return
        block = Block(
            lines, kind=kind, level=level, marker=marker, content=text, spans=spans,  # type: ignore[arg-type]
            rule=rule, markdown=True,
        )
        self._append(block, span)

    def _append(self, block: Block, span: list[int] | None) -> None:
        if not block.lines:
            return
        block.blank_before = self._blank_before(span)
        self.source.blocks.append(block)


_TAG_RE = re.compile(r"<[^<>]{0,2000}>")


_SENTENCE_END = (".", "!", "?", ":", "”", '"', "’", "'", ")")


def split_at_paragraph_breaks(children: list[Token]) -> list[tuple[int, int, list[Token]]]:
    """Cut a paragraph's inline tokens at hard line breaks that end a sentence before a line
    that starts with a capital: `(first line, end line, tokens)` per part, lines counted
    from the paragraph's first line. One part when there is no such break."""
    parts: list[tuple[int, int, list[Token]]] = []
    current: list[Token] = []
    line = start = 0
    for index, child in enumerate(children):
        if child.type in {"softbreak", "hardbreak"}:
            line += 1
            following = next((c for c in children[index + 1 :] if c.type != "softbreak"), None)
            before = "".join(c.content for c in current if c.type == "text").rstrip()
            starts_capital = following is not None and (
                following.type != "text" or following.content.lstrip()[:1].isupper() or following.content.lstrip()[:1] in "“\"‘'*"
            )
            if child.type == "hardbreak" and before.endswith(_SENTENCE_END) and starts_capital and current:
                parts.append((start, line, current))
                current, start = [], line
                continue
        current.append(child)
    parts.append((start, line + 1, current))
    return [part for part in parts if part[2]]


def html_text(html: str) -> str:
    """The text of a piece of raw HTML, tags and comments taken out.

    Examples:
        >>> html_text('<p onclick="x()">Hi <b>there</b></p><!-- note -->')
        'Hi there'
    """
    text = _TAG_RE.sub(" ", _without_comments(html))
    return " ".join(text.replace("&nbsp;", " ").split())


def _without_comments(html: str) -> str:
    """HTML with its `<!-- … -->` comments taken out (an unclosed one runs to the end)."""
    out: list[str] = []
    position = 0
    while True:
        start = html.find("<!--", position)
        if start < 0:
            out.append(html[position:])
            return " ".join(out)
        out.append(html[position:start])
        end = html.find("-->", start + 4)
        if end < 0:
            return " ".join(out)
        position = end + 3


def inline_text(children: list[Token]) -> tuple[str, tuple[Span, ...]]:
    """Plain text and formatting spans from markdown-it's inline tokens.

    Footnote references become `[label]`, the form every note marker takes in the model;
    images become their alt text in brackets; inline HTML keeps only its text.

    Args:
        children: The `children` of an `inline` token.

    Returns:
        The text and its spans, in order of their start.
    """
    out: list[str] = []
    length = 0
    spans: list[Span] = []
    open_at: dict[str, list[tuple[int, str]]] = {}

    def add(piece: str) -> None:
        nonlocal length
        out.append(piece)
        length += len(piece)

    for child in children:
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind in {"softbreak", "hardbreak"}:
            add(" ")
        elif kind == "code_inline":
            start = length
            add(child.content)
            spans.append(Span(start, length, "code"))
        elif kind in {"em_open", "strong_open", "link_open"}:
            href = str(child.attrGet("href") or "") if kind == "link_open" else ""
            open_at.setdefault(kind[:-5], []).append((length, href))
        elif kind in {"em_close", "strong_close", "link_close"}:
            name = kind[:-6]
            stack = open_at.get(name)
            if stack:
                start, href = stack.pop()
                if length > start:
                    span_kind = {"em": "em", "strong": "strong", "link": "link"}[name]
                    spans.append(Span(start, length, span_kind, href))  # type: ignore[arg-type]
        elif kind == "footnote_ref":
            add(f"[{(child.meta or {}).get('label', '')}]")
        elif kind == "image":
            alt = child.content or "image"
            add(f"[{alt}]")
        elif kind == "html_inline":
            if not child.content.startswith("<!--"):
                add(html_text(child.content))
    text = "".join(out)
    return text, tuple(sorted(spans, key=lambda s: (s.start, -s.end)))
