"""Models → Markdown strings. The only module that knows Markdown syntax.

All text that comes from a source goes through [escape][explainer.render.escape], so that
nothing in an article is read as Markdown, HTML or a template: a `<script>` is shown, not run.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import yaml

from explainer.argument import MainPoints, Unit
from explainer.diagnostics import Code
from explainer.entities import Entity
from explainer.glossary import Term, by_letter
from explainer.markdown_ext import note_key
from explainer.matching import PhraseMatch, PhraseUse
from explainer.model import Article, Note, Paragraph, PartialDate, RemovedLine, Section, Span
from explainer.notes import MARKER_RE, source_reference
from explainer.related import DatedMention, Related
from explainer.safe import safe_markdown, web_address
from explainer.textutil import slugify

GLOSSARY_URI = "glossary.md"
"""The generated glossary page."""
COMPARE_URI = "compare.md"
"""The generated page comparing articles."""

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+(?=[.)])|[:=!?~])")
_ENTITIES = {":": "&#58;", "=": "&#61;", "!": "&#33;", "?": "&#63;", "~": "&#126;"}
_URL_RE = re.compile(r"https?://[^\s<>\"”\]]+[^\s<>\"”\].,;:)]")

MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)
"""English month names for displayed dates."""


def escape(text: str) -> str:
    """Escape plain text so Markdown shows it as it is.

    Backslash-escapes Markdown punctuation, turns `<`, `>` and `&` into entities (so HTML
    and entities in a source are shown, not interpreted) and neutralises line starts that
    would begin a heading, list, rule or definition.

    Args:
        text: Plain text from a source (may contain newlines).

    Returns:
        Markdown that renders to exactly that text.

    Examples:
        >>> escape("<script>alert(1)</script> *not bold* [^1]")
        '&lt;script&gt;alert(1)&lt;/script&gt; \\\\*not bold\\\\* \\\\[^1\\\\]'
        >>> escape("1. not a list")
        '1\\\\. not a list'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    lines = []
    for line in text.split("\n"):
        match = _LINE_START.match(line)
        if match:
            indent, start = match.groups()
            indent = indent[:3]  # four spaces would start a code block
            if start in _ENTITIES:
                line = indent + _ENTITIES[start] + line[match.end() :]
            elif start.isdigit():
                line = indent + start + "\\" + line[match.end() :]
            else:
                line = indent + "\\" + line[len(indent) :]
        lines.append(re.sub(r"^[ \t]{4,}", "   ", line))
    return "\n".join(lines)


def escape_with_links(text: str) -> str:
    """Escape text but turn web addresses in it into links.

    Args:
        text: Plain text, such as a note.

    Returns:
        Markdown.
    """
    out: list[str] = []
    last = 0
    for match in _URL_RE.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<{match.group(0)}>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def format_date(date: PartialDate | None) -> str:
    """Show a date for readers: `1 February 2022`, `December 1909`, `1910`.

    Args:
        date: The date, or `None`.

    Returns:
        The date as text, or an empty string.
    """
    if date is None:
        return ""
    if date.month is None:
        return str(date.year)
    month = MONTH_NAMES[date.month - 1]
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"


def join_names(names: Sequence[str]) -> str:
    """Join names as in a byline: `A`, `A and B`, `A, B and C`.

    Args:
        names: Names.

    Returns:
        The names joined.
    """
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Crosslinks:
    """What an article page needs from the glossary, the entities and the other articles."""

    term_links: dict[int, list[PhraseMatch]]
    """Term occurrences to link, by paragraph number."""
    terms: tuple[Term, ...]
    """Every term linked on the page, for the hidden definitions the popovers show."""
    entity_links: dict[int, list[PhraseMatch]] = field(default_factory=dict)
    """Entity mentions to link, by paragraph number."""
    entity_pages: dict[str, str] = field(default_factory=dict)
    """Index page (`people.md`…) of each entity, by entity slug."""
    related: tuple[Related, ...] = ()
    """Related articles, most similar first."""
    argument: MainPoints | None = None
    """The argument summary's main points."""
    cite_box: str = ""
    """The "Cite this page" section (Markdown)."""
    note_sources: dict[str, str] = field(default_factory=dict)
    """Formatted source to append to each footnote, by note label."""


InlineLink = tuple[PhraseMatch, str, str]
"""A phrase to link: the match, the link target and the attribute list (`.ex-term …`)."""


_SAFE_HREF = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)
"""Addresses kept as links: web and mail addresses without spaces or control characters."""
_ANCHOR_HREF = re.compile(r"#[^\s\x00-\x1f\x7f-\x9f]+")
"""A link to a place on the same page (`#background`)."""
_HREF_UNSAFE = re.compile(r"[<>\\`]")
_KIND_ORDER = {"link": 0, "strong": 1, "em": 2, "code": 3}
"""Where two spans cover the same text, the first kind here is the outer one."""


def link_target(href: str, anchors: frozenset[str] = frozenset()) -> str | None:
    r"""The address a source's link may point to on the page, or `None` to show it as text.

    Only `http`, `https` and `mailto` addresses, and `#anchor` links to a place that exists
    on the page, become links: `javascript:`, `data:`, `file:`, other schemes, relative paths
    and anything with a space or a control character do not. An anchor that names a section
    as the source wrote it (`#background`) is pointed at the section's anchor (`#s-background`).

    Args:
        href: The address as written in the source.
        anchors: Anchors on the page (`p-3`, `s-background`).

    Returns:
        The address to link to (`<`, `>`, `\`, backquotes percent-encoded), or `None`.

    Examples:
        >>> link_target("https://example.org/a b"), link_target("JaVaScRiPt:alert(1)")
        (None, None)
        >>> link_target("#Background", frozenset({"s-background"}))
        '#s-background'
    """
    if _SAFE_HREF.fullmatch(href):
        return _HREF_UNSAFE.sub(lambda m: f"%{ord(m.group(0)):02X}", href)
    if not _ANCHOR_HREF.fullmatch(href):
        return None
    name = href[1:]
    if name in anchors:
        return href if not _HREF_UNSAFE.search(href) else None
    section = f"s-{slugify(name)}"
    return f"#{section}" if section in anchors else None


def _trimmed(text: str, span: Span, anchors: frozenset[str]) -> Span | None:
    """The span cut to the text (emphasis without the spaces at its edges), or `None`."""
    start, end = max(0, span.start), min(len(text), span.end)
    if span.kind in ("em", "strong"):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    if start >= end or span.kind not in _KIND_ORDER:
        return None
    href = ""
    if span.kind == "link":
        target = link_target(span.href, anchors)
        if target is None:
            return None
        href = target
    return Span(start, end, span.kind, href)


def usable_spans(
    text: str, spans: Iterable[Span], anchors: frozenset[str] = frozenset()
) -> list[Span]:
    """The spans that can be shown: inside the text, non-empty, properly nested.

    A span that crosses one kept before it, sits inside code, or sits inside a span of its
    own kind (a link in a link) is dropped; so is a link with an address
    [link_target][explainer.render.link_target] refuses (its text stays, as plain text).

    Args:
        text: The paragraph text.
        spans: Its spans, in any order (offsets may be out of range).
        anchors: Anchors on the page, for `#anchor` links.

    Returns:
        Spans sorted outer first (by start, then longest), each nested in or apart from the others.
    """
    cleaned = [t for t in (_trimmed(text, s, anchors) for s in spans) if t is not None]
    cleaned.sort(key=lambda s: (s.start, -s.end, _KIND_ORDER[s.kind]))
    kept: list[Span] = []
    open_spans: list[Span] = []  # the kept spans that contain the current position
    for span in cleaned:
        while open_spans and open_spans[-1].end <= span.start:
            open_spans.pop()
        if open_spans and (
            span.end > open_spans[-1].end or any(o.kind in ("code", span.kind) for o in open_spans)
        ):
            continue
        kept.append(span)
        open_spans.append(span)
    return kept


def _enclosing(
    spans: Sequence[Span], items: Sequence[tuple[int, int]]
) -> list[tuple[Span, ...] | None]:
    """For each item (sorted by start), the spans around it, outermost first; `None` when it
    crosses the edge of a span."""
    result: list[tuple[Span, ...] | None] = []
    open_spans: list[Span] = []
    j = 0
    for start, end in items:
        while j < len(spans) and spans[j].start <= start:
            while open_spans and open_spans[-1].end <= spans[j].start:
                open_spans.pop()
            open_spans.append(spans[j])
            j += 1
        while open_spans and open_spans[-1].end <= start:
            open_spans.pop()
        crosses = bool(open_spans and open_spans[-1].end < end) or (
            j < len(spans) and spans[j].start < end
        )
        result.append(None if crosses else tuple(open_spans))
    return result


@dataclass(frozen=True)
class _Atom:
    """A footnote reference or a phrase link, written in place of `text[start:end]`."""

    start: int
    end: int
    markdown: str


@dataclass
class _Inline:
    """One paragraph's text being written: its spans, atoms and text escaper."""

    text: str
    spans: list[Span]
    atoms: list[_Atom]
    after_link: dict[int, list[str]]
    """Footnote references moved to just after a link they sat in (by span index)."""
    escaper: Callable[[str], str]
    starts: list[int] = field(default_factory=list)
    """Start of each atom, for bisection."""

    def __post_init__(self) -> None:
        self.starts = [atom.start for atom in self.atoms]

    def plain(self, lo: int, hi: int) -> str:
        """`text[lo:hi]`, escaped, with the atoms in it."""
        out: list[str] = []
        pos = lo
        for atom in self.atoms[bisect.bisect_left(self.starts, lo) :]:
            if atom.start >= hi:
                break
            out += [self.escaper(self.text[pos : atom.start]), atom.markdown]
            pos = atom.end
        out.append(self.escaper(self.text[pos:hi]))
        return "".join(out)

    def render(self, lo: int, hi: int, first: int, stop: int) -> str:
        """`text[lo:hi]` as Markdown, where `spans[first:stop]` are the spans inside it."""
        out: list[str] = []
        pos, i = lo, first
        while i < stop:
            span = self.spans[i]
            j = i + 1
            while j < stop and self.spans[j].start < span.end:
                j += 1
            out.append(self.plain(pos, span.start))
            out.append(self.wrap(i, self.render(span.start, span.end, i + 1, j)))
            pos, i = span.end, j
        out.append(self.plain(pos, hi))
        return "".join(out)

    def wrap(self, index: int, inner: str) -> str:
        """The Markdown of span `index` around its rendered content."""
        span = self.spans[index]
        if span.kind == "em":
            return f"*{inner}*"
        if span.kind == "strong":
            return f"**{inner}**"
        if span.kind == "code":
            return _code(self.text[span.start : span.end])
        return f"[{inner}](<{span.href}>)" + "".join(self.after_link.get(index, ()))


def _code(raw: str) -> str:
    """Inline code showing `raw` as it is (a fence longer than any run of backquotes in it)."""
    raw = raw.replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", raw)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if raw.startswith("`") or raw.endswith("`") else ""
    return f"{fence}{pad}{raw}{pad}{fence}"


def _atoms(
    text: str, labels: set[str], links: Sequence[InlineLink], spans: Sequence[Span]
) -> tuple[list[_Atom], dict[int, list[str]]]:
    """Footnote references and phrase links placed among the spans.

    Where atoms overlap, the one listed first wins (footnote markers, then glossary terms,
    then entities). An atom that crosses the edge of a span, or sits in code, is dropped; a
    phrase in a link is dropped; a footnote reference in a link moves to just after it.
    """
    candidates: list[tuple[int, int, int, str]] = [
        (m.start(), 0, m.end(), f"[^{note_key(m.group(2))}]")
        for m in MARKER_RE.finditer(text)
        if m.group(2) in labels
    ]
    candidates += [
        (phrase.start, priority, phrase.end, f"[{escape(phrase.text)}]({href}){{ {attrs} }}")
        for priority, (phrase, href, attrs) in enumerate(links, start=1)
    ]
    candidates.sort()
    places = _enclosing(spans, [(start, end) for start, _, end, _ in candidates])
    index = {id(span): i for i, span in enumerate(spans)}
    atoms: list[_Atom] = []
    moved: dict[int, list[str]] = {}
    last = 0
    for (start, priority, end, markdown), around in zip(candidates, places, strict=True):
        if start < last or around is None or any(s.kind == "code" for s in around):
            continue
        link = next((s for s in around if s.kind == "link"), None)
        if link is not None and priority:
            continue
        if link is not None:
            moved.setdefault(index[id(link)], []).append(markdown)
            markdown = ""  # the marker's text leaves the link text
        atoms.append(_Atom(start, end, markdown))
        last = end
    return atoms, moved


def _inline_markdown(
    text: str,
    labels: set[str],
    links: Sequence[InlineLink] = (),
    spans: Sequence[Span] = (),
    anchors: frozenset[str] = frozenset(),
    escaper: Callable[[str], str] | None = None,
) -> str:
    """Escape text; show its spans; turn note markers into footnote references and phrases into links.

    Args:
        text: Plain text of a paragraph.
        labels: Labels of the article's notes (other markers stay text).
        links: Glossary terms and entities to link, most important first.
        spans: Emphasis, strong, code and links (see [usable_spans][explainer.render.usable_spans]).
        anchors: Anchors on the page, for `#anchor` links.
        escaper: How plain stretches of text are escaped ([escape][explainer.render.escape]).

    Returns:
        Markdown.
    """
    kept = usable_spans(text, spans, anchors)
    atoms, moved = _atoms(text, labels, links, kept)
    inline = _Inline(text, kept, atoms, moved, escaper or escape)
    return inline.render(0, len(text), 0, len(kept))


def template_text(text: str) -> str:
    """Escape text that MkDocs templates print as HTML without escaping (titles, descriptions).

    Args:
        text: Plain text from a source.

    Returns:
        The text with `&`, `<`, `>` and quotes as entities.
    """
    return html.escape(text, quote=True)


def front_matter(data: dict[str, object]) -> str:
    """YAML front matter for a generated page.

    Strings (also inside lists) are HTML-escaped with
    [template_text][explainer.render.template_text], because the theme prints them raw
    into `<title>`, `<meta>` and the navigation.

    Args:
        data: Keys and values; values are quoted safely by the YAML dumper.

    Returns:
        The front matter block, ending with a blank line.
    """
    safe = {
        key: template_text(value)
        if isinstance(value, str)
        else [template_text(v) for v in value]
        if isinstance(value, list)
        else value
        for key, value in data.items()
    }
    dumped = yaml.safe_dump(safe, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{dumped}---\n\n"


_FIXED_LEAD = "&#32;"
"""Written for the first space of an indented fixed-width line, so Markdown sees no code block."""
_ORDERED_MARKER = re.compile(r"\(?([0-9]{1,9}|[A-Za-z]{1,8})[.):]?")
_ROMAN = re.compile(r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _escape_fixed(text: str) -> str:
    """Escape fixed-width text keeping every space.

    Like [escape][explainer.render.escape], but the spaces that start a line are kept as
    they are ([_fixed_lines][explainer.render._fixed_lines] makes them safe once the whole
    block is written).
    """
    lines = []
    for line in text.split("\n"):
        rest = line.lstrip(" \t")
        lines.append(line[: len(line) - len(rest)] + escape(rest))
    return "\n".join(lines)


def _fixed_lines(markdown: str) -> str:
    """Fixed-width Markdown lines made safe as one paragraph.

    A line's first leading space becomes `&#32;` (a space to the browser, no indented code
    or list to Markdown); trailing spaces go (Markdown would read a line break); an empty
    line becomes `&#32;` (Markdown would end the paragraph).
    """
    lines = []
    for line in markdown.split("\n"):
        line = line.rstrip(" \t")
        lines.append(_FIXED_LEAD + line[1:] if line[:1] in (" ", "\t", "") else line)
    return "\n".join(lines)


def _dedent(lines: Sequence[str]) -> list[str]:
    """Lines without the indentation they all share."""
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return [line[cut:] for line in lines]


def _fixed_attrs(anchor: str, label: str) -> str:
    """Attribute list of a fixed-width block: focusable with a name, so keyboards can scroll it."""
    ident = f"#{anchor} .ex-para " if anchor else ""
    return (
        f'{{ {ident}.ex-pre tabindex="0" role="region" aria-label="{label} (fixed-width text)" }}'
    )


def _pnum(number: int) -> str:
    """The paragraph number, a link to the paragraph itself."""
    return f'[{number}](#p-{number}){{ .ex-pnum title="Paragraph {number}" }}'


def paragraph(
    par: Paragraph,
    labels: set[str],
    links: Sequence[InlineLink] = (),
    argrefs: Sequence[tuple[str, str]] = (),
    anchors: frozenset[str] = frozenset(),
) -> str:
    """One numbered paragraph with its anchor and pinpoint link.

    Prose, verse (line breaks kept), block quotations (the paragraph only: the `>` around
    consecutive ones is added by the page) and fixed-width blocks (every space and line
    kept, scrollable sideways; note markers still become footnote references). List items
    are written by [list_block][explainer.render.list_block]; given one, this writes it as prose.

    Args:
        par: The paragraph.
        labels: Labels of the article's notes.
        links: Glossary terms and entities to link in this paragraph.
        argrefs: `(anchor, label)` of argument-summary items taken from this paragraph.
        anchors: Anchors on the page, for the source's `#anchor` links.

    Returns:
        Markdown for the paragraph, ending with its attribute list.
    """
    n = par.number
    fixed = par.kind == "pre"
    body = _inline_markdown(
        par.text, labels, links, par.spans, anchors, _escape_fixed if fixed else None
    )
    body = body.rstrip() + _argref_links(argrefs)  # trailing spaces would be a line break
    if fixed:
        return f"{_pnum(n)}\n{_fixed_lines(body)}\n{_fixed_attrs(f'p-{n}', f'Paragraph {n}')}"
    if par.kind == "verse":
        body = "  \n".join(body.split("\n"))
        return f"{_pnum(n)} {body}\n{{ #p-{n} .ex-para .ex-verse }}"
    return f"{_pnum(n)} {body}\n{{ #p-{n} .ex-para }}"


def _argref_links(argrefs: Sequence[tuple[str, str]]) -> str:
    """Links from a paragraph to the argument-summary items taken from it."""
    return "".join(
        f' [{label}](#{anchor}){{ .ex-argref title="In the argument summary: {label}" }}'
        for anchor, label in argrefs
    )


def _roman_value(numeral: str) -> int:
    """The value of a lower-case roman numeral (`xiv` → 14)."""
    values = [_ROMAN_VALUES[char] for char in numeral]
    return sum(-v if v < after else v for v, after in zip(values, values[1:] + [0], strict=True))


def list_numbering(marker: str) -> tuple[str, str, int]:
    """How a list whose first item has this marker is numbered.

    Args:
        marker: The first item's marker as printed (`1.`, `3)`, `(b)`, `iv.`, `-`, `•`).

    Returns:
        `(tag, type, start)`: `ol` with the HTML numbering type (`1`, `a`, `A`, `i`, `I`)
        and the first number, or `("ul", "", 1)` for bullets and anything else.

    Examples:
        >>> list_numbering("3)"), list_numbering("(b)"), list_numbering("iv."), list_numbering("•")
        (('ol', '1', 3), ('ol', 'a', 2), ('ol', 'i', 4), ('ul', '', 1))
    """
    match = _ORDERED_MARKER.fullmatch(marker.strip())
    if not match:
        return ("ul", "", 1)
    value = match.group(1)
    if value.isdigit():
        return ("ol", "1", int(value))
    lower = value.lower()
    if _ROMAN.fullmatch(lower) and (len(lower) > 1 or lower == "i"):
        return ("ol", "i" if value.islower() else "I", _roman_value(lower))
    if len(value) == 1:
        return ("ol", "a" if value.islower() else "A", ord(lower) - ord("a") + 1)
    return ("ul", "", 1)


def list_block(
    items: Sequence[Paragraph],
    labels: set[str],
    links: dict[int, list[InlineLink]] | None = None,
    argrefs: dict[int, list[tuple[str, str]]] | None = None,
    anchors: frozenset[str] = frozenset(),
) -> str:
    """One list: each item a numbered paragraph (`<li id="p-N" class="ex-para">`).

    Written as an HTML list whose items hold Markdown (`md_in_html`), because Python-Markdown
    lists cannot say what the source's do: they drop the first number (`3.` starts at 1),
    have no lettered or roman lists (`a)`, `iv.`), and join two lists that follow each other
    into one. The HTML is only the list and its items, with attributes made here (numbers
    and fixed names); the items' text is escaped Markdown like any paragraph's.

    Args:
        items: Consecutive list items of one list.
        labels: Labels of the article's notes.
        links: Glossary terms and entities to link, by paragraph number.
        argrefs: Links to argument-summary items, by paragraph number.
        anchors: Anchors on the page, for the source's `#anchor` links.

    Returns:
        Markdown (an HTML block with `markdown` attributes).
    """
    tag, kind, start = list_numbering(items[0].list_marker if items else "")
    attrs = ""
    if tag == "ol" and kind != "1":
        attrs += f' type="{kind}"'
    if tag == "ol" and start != 1:
        attrs += f' start="{start}"'
    lines = [f"<{tag}{attrs} markdown>"]
    for item in items:
        text = item.text.replace("\n", " ")  # one line: a blank line would end the HTML block
        body = _inline_markdown(
            text, labels, (links or {}).get(item.number, ()), item.spans, anchors
        ).rstrip()
        body += _argref_links((argrefs or {}).get(item.number, ()))
        lines.append(
            f'<li id="p-{item.number}" class="ex-para" markdown>{_pnum(item.number)} {body}</li>'
        )
    lines.append(f"</{tag}>")
    return "\n".join(lines) + "\n"


def _blockquote(markdown: str) -> str:
    """Markdown inside a block quotation."""
    return (
        "\n".join(f"> {line}" if line else ">" for line in markdown.rstrip("\n").split("\n")) + "\n"
    )


SECTION_BREAK = '<hr class="ex-break">\n'
"""A section break (`* * *` in the source). HTML, because a Markdown rule cannot carry the
class that styles it as a break and tells it from other rules."""


@dataclass(frozen=True)
class _Body:
    """What writing an article's paragraphs needs besides the paragraphs."""

    labels: set[str]
    links: dict[int, list[InlineLink]]
    argrefs: dict[int, list[tuple[str, str]]]
    anchors: frozenset[str]


def _same_block(first: Paragraph, other: Paragraph) -> bool:
    """Whether `other` continues the list or quotation that `first` opens."""
    if other.kind != first.kind or other.break_before or first.kind not in ("list", "quote"):
        return False
    return first.kind == "quote" or other.list_start == first.list_start


def _paragraph_blocks(pars: Sequence[Paragraph], body: _Body) -> list[str]:
    """Markdown blocks of a section's paragraphs: lists and quotations grouped, breaks kept."""
    blocks: list[str] = []
    i = 0
    while i < len(pars):
        first = pars[i]
        j = i + 1
        while j < len(pars) and _same_block(first, pars[j]):
            j += 1
        if first.break_before:
            blocks.append(SECTION_BREAK)
        group = pars[i:j]
        if first.kind == "list":
            blocks.append(list_block(group, body.labels, body.links, body.argrefs, body.anchors))
        else:
            texts = [
                paragraph(
                    p,
                    body.labels,
                    body.links.get(p.number, ()),
                    body.argrefs.get(p.number, ()),
                    body.anchors,
                )
                + "\n"
                for p in group
            ]
            blocks.append(
                _blockquote("\n".join(texts)) if first.kind == "quote" else "\n".join(texts)
            )
        i = j
    return blocks


def heading(section: Section) -> str:
    """A section's heading: `##` for a section, `###` for a subsection, with its anchor.

    Args:
        section: A section with a heading.

    Returns:
        The Markdown heading line.
    """
    level = min(max(section.level, 2), 6)
    return f"{'#' * level} {escape(section.heading or '')} {{ #{section.anchor} }}\n"


def page_anchors(article: Article) -> frozenset[str]:
    """The anchors of an article page that the source's `#anchor` links may point to.

    Args:
        article: The article.

    Returns:
        `p-<n>` of every paragraph and the anchor of every section heading.
    """
    return frozenset(
        [f"p-{p.number}" for p in article.paragraphs]
        + [s.anchor for s in article.sections if s.heading and s.anchor]
    )


def _note_parts(text: str) -> list[tuple[bool, str]]:
    """A note's blocks: `(fixed, text)`, split at blank lines and where indented lines start or stop."""
    parts: list[tuple[bool, str]] = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        run: list[str] = []
        fixed = False
        for line in chunk.split("\n"):
            indented = line[:1] in (" ", "\t") and bool(line.strip())
            if run and indented != fixed:
                parts.append((fixed, "\n".join(_dedent(run)) if fixed else " ".join(run)))
                run = []
            run.append(line if indented else line.strip())
            fixed = indented
        if run:
            parts.append((fixed, "\n".join(_dedent(run)) if fixed else " ".join(run)))
    return [(fixed, part) for fixed, part in parts if part.strip()]


def _note_body(note: Note, extra: str = "") -> str:
    """A note's text as Markdown blocks, every line after the first indented four spaces
    (a footnote's or a list item's continuation); `extra` ends the last paragraph."""
    label = "Note " + note.label
    parts = _note_parts(note.text.rstrip().removesuffix(":"))
    blocks = [
        f"{_fixed_lines(_escape_fixed(part))}\n{_fixed_attrs('', label)}"
        if fixed
        else escape_with_links(part)
        for fixed, part in parts
    ]
    if extra and parts and not parts[-1][0]:
        blocks[-1] += extra
    elif extra:
        blocks.append(extra.lstrip())
    lines = "\n\n".join(blocks).split("\n")
    return "\n".join([lines[0]] + [f"    {line}" if line else "" for line in lines[1:]])


def _note_markdown(note: Note, notes: Sequence[Note], source: str = "") -> str:
    extra = ""
    if note.repeats:
        target = source_reference(note, notes)
        target_text = escape_with_links(target.raw.rstrip().removesuffix(":"))
        extra = (
            f" *Same source as note [{escape(note.repeats)}](#fn:{note_key(note.repeats)}):* "
            f"{target_text}"
        )
    return f"[^{note_key(note.label)}]: {_note_body(note, extra + source)}"


def meta_line(article: Article) -> str:
    """The line under the title: byline, date, topic, region.

    Args:
        article: The article.

    Returns:
        Markdown, or an empty string when there is nothing to say.
    """
    parts: list[str] = []
    if article.authors:
        parts.append("By " + escape(join_names(article.authors)))
    if article.date:
        parts.append(f'<time datetime="{article.date.iso()}">{format_date(article.date)}</time>')
    if article.topics:
        parts.append("Topic: " + escape(", ".join(article.topics)))
    if article.regions:
        parts.append("Region: " + escape(", ".join(article.regions)))
    if not parts:
        return ""
    return " · ".join(parts) + "\n{ .ex-meta }"


def removed_summary(removed: Sequence[RemovedLine]) -> str:
    """What the parser removed, by reason, in the order the reasons first occur.

    Args:
        removed: The removed lines.

    Returns:
        Markdown such as `notes heading (1 line), web boilerplate (3 lines)`.

    Examples:
        >>> lines = [RemovedLine(1, "x", "web boilerplate"), RemovedLine(9, "Notes", "notes heading"),
        ...          RemovedLine(2, "y", "web boilerplate")]
        >>> removed_summary(lines)
        'web boilerplate (2 lines), notes heading (1 line)'
    """
    counts: dict[str, int] = {}
    for line in removed:
        reason = " ".join(line.reason.split()) or "no reason given"
        counts[reason] = counts.get(reason, 0) + 1
    return ", ".join(
        f"{escape(reason)} ({count} {'line' if count == 1 else 'lines'})"
        for reason, count in counts.items()
    )


def source_box(article: Article) -> str:
    """The "Source" admonition: where the text came from.

    Args:
        article: The article.

    Returns:
        Markdown for a Material admonition.
    """
    meta = article.sidecar
    rows: list[str] = []
    url = web_address(meta.url) if meta.url else None
    original = f"[{escape(article.title)}](<{url}>)" if url else escape(article.title)
    rows.append(f"- **Original title:** {original}")
    if article.authors:
        rows.append("- **Author:** " + escape(join_names(article.authors)))
    if article.date:
        rows.append("- **Published:** " + format_date(article.date))
    if meta.publisher:
        rows.append("- **Publisher:** " + escape(meta.publisher))
    if article.image and article.image.credit:
        rows.append("- **Image credit:** " + escape(article.image.credit))
    rows.append(
        "- **Licence:** " + (escape(meta.licence) if meta.licence else "not stated in the source")
    )
    if meta.provenance:
        rows.append("- **This copy:** " + escape_with_links(meta.provenance))
    rows.append(f"- **Source file:** `{posixpath.basename(article.source)}`")
    if article.publication:
        rows.append("- **Original publication:** " + escape(article.publication))
    if article.removed:
        rows.append("- **Removed:** " + removed_summary(article.removed))
    body = "\n".join("    " + row for row in rows)
    return f'!!! info "Source"\n\n{body}\n'


def definitions_block(terms: Sequence[Term], glossary_href: str) -> str:
    """Hidden definitions of the terms on a page, shown by the popover script and in print.

    Args:
        terms: Terms linked on the page.
        glossary_href: Relative link to the glossary page.

    Returns:
        Markdown (HTML blocks with `markdown` attributes), or an empty string.
    """
    if not terms:
        return ""
    parts = ['<div class="ex-defs" hidden markdown>\n']
    for term in sorted(terms, key=lambda t: t.term.lower()):
        see = ", ".join(
            f'[{escape(name)}]({glossary_href}#term-{slugify(name)}){{ .ex-term data-term="{slugify(name)}" }}'
            for name in term.see_also
        )
        parts.append(
            f'<div class="ex-def" id="def-{term.slug}" data-term="{term.slug}" markdown>\n'
        )
        parts.append(f"**{escape(term.term)}**\n{{ .ex-def__term }}\n")
        parts.append(safe_markdown(term.definition) + "\n")
        if see:
            parts.append(f"See also: {see}\n{{ .ex-def__see }}\n")
        parts.append("</div>\n")
    parts.append("</div>\n")
    return "\n".join(parts)


def _paragraph_links(article: Article, number: int, cross: Crosslinks) -> list[InlineLink]:
    page = article_uri(article.slug)
    glossary = relative_link(GLOSSARY_URI, page)
    links: list[InlineLink] = [
        (m, f"{glossary}#term-{m.slug}", f'.ex-term data-term="{m.slug}"')
        for m in cross.term_links.get(number, [])
    ]
    for m in cross.entity_links.get(number, []):
        target = relative_link(cross.entity_pages[m.slug], page)
        links.append((m, f"{target}#entity-{m.slug}", ".ex-entity"))
    return links


def _argument_anchors(points: MainPoints) -> list[tuple[Unit, str, str]]:
    """Every shown unit with its anchor in the summary and a short label."""
    anchors: list[tuple[Unit, str, str]] = [
        (u, "arg-thesis" if n == 1 else f"arg-thesis-{n}", "thesis")
        for n, u in enumerate(points.thesis, start=1)
    ]
    for n, (claim, evidence) in enumerate(points.claims, start=1):
        anchors.append((claim, f"arg-claim-{n}", f"claim {n}"))
        anchors += [
            (u, f"arg-claim-{n}-e{i}", f"evidence {n}") for i, u in enumerate(evidence, start=1)
        ]
    for n, (unit, reply) in enumerate(points.concessions, start=1):
        anchors.append((unit, f"arg-concession-{n}", f"concession {n}"))
        if reply is not None:
            anchors.append((reply, f"arg-concession-{n}-reply", f"reply {n}"))
    anchors += [
        (u, f"arg-rec-{n}", f"recommendation {n}")
        for n, u in enumerate(points.recommendations, start=1)
    ]
    return anchors


def argument_backlinks(points: MainPoints) -> dict[int, list[tuple[str, str]]]:
    """For each paragraph, links back to the summary items taken from it.

    Args:
        points: The main points shown in the summary.

    Returns:
        `(anchor, label)` pairs by paragraph number, in the order of the summary.
    """
    links: dict[int, list[tuple[str, str]]] = {}
    for unit, anchor, label in _argument_anchors(points):
        if (anchor, label) not in links.setdefault(unit.paragraph, []):
            links[unit.paragraph].append((anchor, label))
    return links


def _quote(unit: Unit) -> str:
    return escape(re.sub(r"\s+", " ", MARKER_RE.sub("", unit.text)).strip())


def _node(unit: Unit, anchor: str) -> str:
    """One item of the map: the quoted unit, its paragraph link (the anchor), its notes."""
    notes = ", ".join(f"[{escape(n)}](#fn:{note_key(n)})" for n in unit.notes)
    notes_text = f" · notes {notes}" if notes else ""
    agent = f" · *who should act:* {escape(unit.agent)}" if unit.agent else ""
    return f"“{_quote(unit)}” [¶{unit.paragraph}](#p-{unit.paragraph}){{ #{anchor} .ex-argpin }}{notes_text}{agent}"


def _brief(points: MainPoints) -> list[str]:
    """"In brief": the thesis and the strongest claims, verbatim, in text order."""
    if not points.brief:
        return []
    sentences = " ".join(
        f"{_quote(u)} [¶{u.paragraph}](#p-{u.paragraph}){{ .ex-argpin }}" for u in points.brief
    )
    return [f"**In brief:** {sentences}", "{ .ex-arg-brief }", ""]


def argument_block(points: MainPoints) -> str:
    """The collapsible argument summary and map shown above an article's text.

    Args:
        points: The main points.

    Returns:
        Markdown (a Material collapsible admonition holding the map), or an empty string.
    """
    if not points.thesis and not points.claims:
        return ""
    lines = ['???+ abstract "Argument summary (generated)"', ""]
    body: list[str] = ['<div class="ex-argmap" markdown>', "", *_brief(points)]
    if points.thesis:
        parts = []
        for n, unit in enumerate(points.thesis, start=1):
            anchor = "arg-thesis" if n == 1 else f"arg-thesis-{n}"
            agent = f" · *who should act:* {escape(unit.agent)}" if unit.agent else ""
            parts.append(
                f"“{_quote(unit)}” [¶{unit.paragraph}](#p-{unit.paragraph}){{ #{anchor} .ex-argpin }}{agent}"
            )
        body += [f"**Thesis:** {' '.join(parts)}", "{ .ex-arg-thesis }", ""]
    if points.claims:
        body += ["**Main claims and their evidence**", "{ .ex-arg-head .ex-arg-head--claims }", ""]
        for n, (claim, evidence) in enumerate(points.claims, start=1):
            body.append(f"{n}. {_node(claim, f'arg-claim-{n}')}")
            for i, unit in enumerate(evidence, start=1):
                body.append(f"    - *Evidence:* {_node(unit, f'arg-claim-{n}-e{i}')}")
        body.append("")
    if points.concessions:
        body += [
            "**Concessions and the author's replies**",
            "{ .ex-arg-head .ex-arg-head--concessions }",
            "",
        ]
        for n, (unit, reply) in enumerate(points.concessions, start=1):
            body.append(f"- *Grants:* {_node(unit, f'arg-concession-{n}')}")
            if reply is not None:
                body.append(f"    - *Replies:* {_node(reply, f'arg-concession-{n}-reply')}")
        body += [""]
    if points.recommendations:
        body += ["**Recommendations**", "{ .ex-arg-head .ex-arg-head--recommendations }", ""]
        body += [
            f"- {_node(u, f'arg-rec-{n}')}" for n, u in enumerate(points.recommendations, start=1)
        ]
        body += [""]
    body += [
        "*Chosen by a model trained on annotated essays and comments, not written by an editor: "
        "check each point against the paragraph it links to.*",
        "{ .ex-arg-note }",
        "",
        "</div>",
    ]
    lines += ["    " + line if line else "" for line in body]
    return "\n".join(lines) + "\n"


def related_block(article: Article, related: Sequence[Related]) -> str:
    """The "Related articles" section at the end of an article.

    Args:
        article: The article the section is on.
        related: The related articles, most similar first.

    Returns:
        Markdown, or an empty string.
    """
    if not related:
        return ""
    lines = ["## Related articles { #related }\n"]
    for other in related:
        link = relative_link(article_uri(other.slug), article_uri(article.slug))
        shared = ", ".join(escape(s) for s in other.shared[:8])
        extra = f" (shares: {shared})" if shared else ""
        lines.append(f"- [{escape(other.title)}]({link}) · similarity {other.score:.2f}{extra}")
    return "\n".join(lines) + "\n"


DESCRIPTION_LIMIT = 300
"""Longest page description, in characters; a longer one is cut at a word."""


def cut_at_word(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Text cut to at most `limit` characters at a word boundary, with an ellipsis.

    Examples:
        >>> cut_at_word("one two three", 9)
        'one two…'
        >>> cut_at_word("short", 9)
        'short'
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:—–-") + "…"


def page_description(article: Article) -> str:
    """A one-line description of the explainer page for `<meta>` tags and search results.

    It says what the page is (the text, its author and year, what the page adds) and then
    gives the article's standfirst, else the start of its first paragraph; note markers are
    removed and the whole is cut at a word within 300 characters.
    """
    who = f" by {', '.join(article.authors)}" if article.authors else ""
    year = f" ({article.date.year})" if article.date else ""
    notes = " its notes and" if article.notes else ""
    title = article.title.replace("“", "‘").replace("”", "’")  # quotes inside quotes
    intro = f"The full text of “{title}”{who}{year}, with{notes} an argument summary."
    text = article.dek or (article.paragraphs[0].text if article.paragraphs else "")
    gist = " ".join(MARKER_RE.sub("", text).split())
    return cut_at_word(" ".join(part for part in (intro, gist) if part))


def article_page(article: Article, cross: Crosslinks | None = None) -> str:
    """The whole Markdown page of an article.

    Args:
        article: The parsed article.
        cross: Glossary and entity links and related articles, if there are any.

    Returns:
        Markdown with front matter, ready for MkDocs.
    """
    out = [front_matter(_page_data(article)), f"# {escape(article.title)}\n", *_head_blocks(article)]
    argrefs: dict[int, list[tuple[str, str]]] = {}
    if cross and cross.argument:
        block = argument_block(cross.argument)
        if block:
            out.append(block)
            argrefs = argument_backlinks(cross.argument)
    if article.salutation:
        out.append(escape(article.salutation) + "\n{ .ex-salutation }\n")
    body = _Body({note.label for note in article.notes}, {}, argrefs, page_anchors(article))
    if cross:
        body.links.update(
            (p.number, _paragraph_links(article, p.number, cross)) for p in article.paragraphs
        )
    for section in article.sections:
        if section.heading:
            out.append(heading(section))
        out.extend(_paragraph_blocks(section.paragraphs, body))
    if article.signature:
        out.append(escape(article.signature) + "\n{ .ex-signature }\n")
    if article.bio:
        out.append(f'!!! note "About the author"\n\n    {escape(article.bio)}\n')
    out.extend(_notes_blocks(article, cross.note_sources if cross else {}))
    if cross and cross.cite_box:
        out.append(cross.cite_box)
    if cross:
        out.append(related_block(article, cross.related))
    out.append(source_box(article))
    if cross:
        out.append(definitions_block(cross.terms, relative_link(GLOSSARY_URI, article_uri(article.slug))))
    return "\n".join(out)


def _page_data(article: Article) -> dict[str, object]:
    """The page's front matter: title, author, description and tags."""
    data: dict[str, object] = {"title": article.title}
    if article.authors:
        data["author"] = ", ".join(article.authors)  # the page's `<meta name="author">`, not the site's
    description = page_description(article)
    if description:
        data["description"] = description
    tags = list(dict.fromkeys(article.topics + article.regions + article.tags))
    if tags:
        data["tags"] = tags
    return data


def _head_blocks(article: Article) -> list[str]:
    """What stands under the title: standfirst, byline and date, publication line, image."""
    out = []
    if article.dek:
        out.append(escape(article.dek) + "\n{ .ex-dek }\n")
    meta = meta_line(article)
    if meta:
        out.append(meta + "\n")
    if article.publication:
        out.append(escape(article.publication) + "\n{ .ex-publication }\n")
    if article.image:
        parts = []
        if article.image.caption:
            parts.append(f"**Image:** {escape(article.image.caption)}")
        if article.image.credit:
            label = "Credit" if article.image.caption else "Image credit"
            parts.append(f"**{label}:** {escape(article.image.credit)}")
        out.append(" ".join(parts) + "\n{ .ex-image }\n")
    return out


def _notes_blocks(article: Article, sources: dict[str, str]) -> list[str]:
    """The notes section: the notes the text cites as footnotes (with their sources), then
    any note the text never cites."""
    if not article.notes:
        return []
    cited = {ref.label for par in article.paragraphs for ref in par.refs}
    out = ["## Notes { #notes }\n", "///Footnotes Go Here///\n"]
    out.extend(
        _note_markdown(n, article.notes, sources.get(n.label, "")) + "\n"
        for n in article.notes
        if n.label in cited
    )
    uncited = [n for n in article.notes if n.label not in cited]
    if uncited:
        out.append("Notes in the source that its text never cites:\n")
        out.extend(f"- \\[{escape(n.label)}\\] {_note_body(n)}" for n in uncited)
        out.append("")
    return out


def article_uri(slug: str) -> str:
    """The Markdown path of an article page.

    Args:
        slug: The article's slug.

    Returns:
        `articles/<slug>.md`.
    """
    return f"articles/{slug}.md"


def relative_link(target_uri: str, from_uri: str) -> str:
    """A link from one Markdown page to another, relative, as MkDocs resolves it.

    Args:
        target_uri: Path of the target page (`articles/x.md`).
        from_uri: Path of the page the link is on.

    Returns:
        The relative path (`../articles/x.md`).
    """
    return posixpath.relpath(target_uri, posixpath.dirname(from_uri) or ".")


def article_list(articles: Iterable[Article], from_uri: str) -> str:
    """A list of article cards (title, byline, date, dek) for an index page.

    Args:
        articles: Articles, already in display order.
        from_uri: Path of the page the list goes on, for relative links.

    Returns:
        Markdown using Material's grid cards.
    """
    cards: list[str] = []
    for article in articles:
        link = relative_link(article_uri(article.slug), from_uri)
        lines = [f"-   [**{escape(article.title)}**]({link})", "", "    ---", ""]
        byline = " · ".join(
            part
            for part in (
                "By " + escape(join_names(article.authors)) if article.authors else "",
                format_date(article.date),
            )
            if part
        )
        if byline:
            lines += [f"    {byline}", ""]
        if article.dek:
            lines += [f"    {escape(article.dek)}", ""]
        cards.append("\n".join(lines))
    if not cards:
        return "*No articles yet: add a `.txt` file to `sources/` and rebuild.*\n"
    return '<div class="grid cards" markdown>\n\n' + "\n".join(cards) + "\n</div>\n"


def articles_index(articles: Sequence[Article], uri: str) -> str:
    """The page listing every article.

    Args:
        articles: All articles, in display order.
        uri: Path of the index page.

    Returns:
        Markdown.
    """
    count = len(articles)
    noun = "article" if count == 1 else "articles"
    return (
        front_matter({"title": "All articles"})
        + "# All articles\n\n"
        + f"{count} {noun}, newest first.\n\n"
        + article_list(articles, uri)
    )


def glossary_page(
    terms: Sequence[Term], uses: dict[str, list[PhraseUse]], titles: dict[str, str]
) -> str:
    """The glossary page: letter bar, each term with definition, see also and where used.

    Args:
        terms: All glossary entries.
        uses: Paragraphs that use each term, by term slug.
        titles: Article titles by slug, for the "used in" lists.

    Returns:
        Markdown.
    """
    groups = by_letter(terms)
    letters = " · ".join(f"[{letter}](#letter-{slugify(letter)})" for letter, _ in groups)
    if not terms:
        return (
            front_matter({"title": "Glossary"})
            + "# Glossary\n\nNo terms yet: add entries to `data/glossary.yml` and rebuild.\n"
        )
    out = [
        front_matter({"title": "Glossary"}),
        "# Glossary\n",
        f"{len(terms)} terms that the articles rely on, in the team's own words. Each entry lists "
        "where the articles use it; in the articles, the first use of a term in each section "
        "links here and shows the definition when you point at it or focus it.\n",
        f"{letters}\n{{ .ex-letters }}\n" if letters else "",
    ]
    for letter, group in groups:
        out.append(f"## {letter} {{ #letter-{slugify(letter)} }}\n")
        for term in group:
            out.append(f"### {escape(term.term)} {{ #{term.anchor} }}\n")
            out.append(safe_markdown(term.definition) + "\n")
            names = term.aliases + term.forms
            if names:
                out.append("*Also:* " + ", ".join(escape(n) for n in names) + "\n")
            if term.see_also:
                see = ", ".join(f"[{escape(n)}](#term-{slugify(n)})" for n in term.see_also)
                out.append(f"**See also:** {see}\n")
            if term.source:
                out.append(f"**Source:** {safe_markdown(term.source)}\n")
            used = uses.get(term.slug, [])
            if not used:
                out.append("*Not used in any article yet.*\n")
                continue
            out.append("**Used in:**\n")
            by_article: dict[str, list[int]] = {}
            for use in used:
                by_article.setdefault(use.article, []).append(use.paragraph)
            for slug in sorted(by_article, key=lambda s: (titles.get(s) or s).lower()):
                page = relative_link(article_uri(slug), GLOSSARY_URI)
                pins = ", ".join(f"[¶{n}]({page}#p-{n})" for n in sorted(by_article[slug]))
                out.append(f"- [{escape(titles.get(slug, slug))}]({page}): {pins}")
            out.append("")
    return "\n".join(out)


def _uses_list(uses: Sequence[PhraseUse], titles: dict[str, str], from_uri: str) -> list[str]:
    """`- [Article](…): [¶3](…#p-3), [¶5](…)` lines, one per article."""
    by_article: dict[str, list[int]] = {}
    for use in uses:
        by_article.setdefault(use.article, []).append(use.paragraph)
    lines = []
    for slug in sorted(by_article, key=lambda s: (titles.get(s) or s).lower()):
        page = relative_link(article_uri(slug), from_uri)
        pins = ", ".join(f"[¶{n}]({page}#p-{n})" for n in sorted(set(by_article[slug])))
        lines.append(f"- [{escape(titles.get(slug, slug))}]({page}): {pins}")
    return lines


def entity_page(
    title: str,
    uri: str,
    entities: Sequence[Entity],
    uses: dict[str, list[PhraseUse]],
    titles: dict[str, str],
) -> str:
    """An index page of one kind of entity (people, organisations or places).

    Args:
        title: Page title (`People`).
        uri: Path of the page (`people.md`).
        entities: The entities of that kind.
        uses: Paragraphs mentioning each entity, by slug.
        titles: Article titles by slug.

    Returns:
        Markdown.
    """
    out = [front_matter({"title": title}), f"# {title}\n"]
    mentioned = [e for e in entities if uses.get(e.slug)]
    if not mentioned:
        out.append("No article mentions any of them yet.\n")
    out.append(
        f"{len(mentioned)} named in the articles, with every paragraph that mentions them.\n"
    )
    for entity in sorted(mentioned, key=lambda e: e.name.lower()):
        out.append(f"## {escape(entity.name)} {{ #{entity.anchor} }}\n")
        if entity.description:
            out.append(escape(entity.description) + "\n")
        if entity.aliases:
            out.append("*Also written:* " + ", ".join(escape(a) for a in entity.aliases) + "\n")
        out.extend(_uses_list(uses[entity.slug], titles, uri))
        out.append("")
    return "\n".join(out)


def compare_page(
    pairs: Sequence[tuple[Article, Article, Related]],
    timeline: Sequence[DatedMention],
    titles: dict[str, str],
    openings: dict[str, str],
) -> str:
    """The "Compare" page: related pairs side by side, and a timeline of dated events.

    Args:
        pairs: Pairs of related articles with what they share.
        timeline: Dated mentions, in date order.
        titles: Article titles by slug.
        openings: What each article argues, by slug (its dek or first paragraph).

    Returns:
        Markdown.
    """
    out = [
        front_matter({"title": "Compare articles"}),
        "# Compare articles\n",
        "Articles that share the most vocabulary, side by side, and every date the articles "
        "mention on one timeline.\n",
        "## Pairs of related articles { #pairs }\n",
    ]
    if not pairs:
        out.append("No two articles share enough to compare yet.\n")
    for first, second, link in pairs:
        out.extend(_compare_pair(first, second, link, openings))
    out.append("## Timeline { #timeline }\n")
    out.extend(_timeline(timeline, titles))
    return "\n".join(out)


def _compare_pair(
    first: Article, second: Article, link: Related, openings: dict[str, str]
) -> list[str]:
    """The lines of one pair on the compare page: heading, similarity and what they share,
    and a table of their openings and section headings side by side."""
    a = relative_link(article_uri(first.slug), COMPARE_URI)
    b = relative_link(article_uri(second.slug), COMPARE_URI)
    out = [
        f"### {escape(first.title)} · {escape(second.title)}\n",
        f"Similarity {link.score:.2f}. "
        f"Shared: {', '.join(escape(s) for s in link.shared) or 'none'}.\n",
        f"| [{escape(first.title)}]({a}) | [{escape(second.title)}]({b}) |",
        "| --- | --- |",
    ]
    for label, left, right in (
        ("Opening", openings.get(first.slug, ""), openings.get(second.slug, "")),
        (
            "Sections",
            "; ".join(s.heading for s in first.sections if s.heading),
            "; ".join(s.heading for s in second.sections if s.heading),
        ),
    ):
        out.append(f"| **{label}:** {_cell(left)} | **{label}:** {_cell(right)} |")
    out.append("")
    return out


def _timeline(timeline: Sequence[DatedMention], titles: dict[str, str]) -> list[str]:
    """The lines of the compare page's timeline: a table of every dated mention (date,
    article and paragraph, the words around it), or a line saying there is none."""
    if not timeline:
        return ["The articles mention no dates.\n"]
    out = ["| Date | Article | Mention |", "| --- | --- | --- |"]
    for item in timeline:
        page = relative_link(article_uri(item.article), COMPARE_URI)
        title = escape(titles.get(item.article, item.article))
        out.append(
            f"| {format_date(item.date)} | [{title}, ¶{item.paragraph}]({page}#p-{item.paragraph}) "
            f"| {_cell(item.context)} |"
        )
    out.append("")
    return out


def _cell(text: str) -> str:
    """Text escaped for a table cell (no line breaks, pipes escaped by `escape`)."""
    return escape(re.sub(r"\s+", " ", MARKER_RE.sub("", text)).strip()) or "–"


def _eval_cell(scores: object, measure: str) -> str:
    """One table cell: thesis accuracy, or F1 of a role (— where it does not apply)."""
    if not isinstance(scores, dict):
        return "—"
    if measure == "thesis":
        value = scores.get("thesis_accuracy")
        return f"{value:.2f}" if isinstance(value, (int, float)) else "—"
    role = scores.get(measure)
    if not isinstance(role, dict) or not role.get("predicted"):
        return "—"
    return f"{role['f1']:.2f} <small>({role['precision']:.2f} / {role['recall']:.2f})</small>"


def eval_tables(report: dict[str, object]) -> str:
    """Tables of the summarizer's measured accuracy, from the `explainer eval` report.

    One table per corpus: the summarizer (trained without that corpus) beside each simple
    baseline; thesis accuracy and the F1 of each role the corpus annotates; the best value
    of each row in bold.

    Args:
        report: The JSON report (corpus file name → scores).

    Returns:
        Markdown tables.
    """
    out: list[str] = []
    for corpus in sorted(report):
        scores = report[corpus]
        if not isinstance(scores, dict):
            continue
        baselines = scores.get("baselines")
        baselines = baselines if isinstance(baselines, dict) else {}
        systems = [("Summarizer", scores.get("summarizer"))] + [
            (name.capitalize(), value) for name, value in sorted(baselines.items())
        ]
        trained = ", ".join(escape(str(n)) for n in scores.get("trained_on", []) or [])
        out.append(
            f"**{escape(corpus)}** ({scores.get('records')} texts; "
            f"model trained on {trained or 'the committed corpora'})\n"
        )
        out.append("| Measure | " + " | ".join(name for name, _ in systems) + " |")
        out.append("| --- |" + " --- |" * len(systems))
        gold = scores.get("summarizer")
        for measure, label in (
            ("thesis", "Thesis accuracy"),
            ("claims", "Claims F1 (P / R)"),
            ("premises", "Premises F1 (P / R)"),
            ("concessions", "Concessions F1 (P / R)"),
            ("recommendations", "Recommendations F1 (P / R)"),
        ):
            if measure == "thesis" and not scores.get("with_thesis"):
                continue
            if measure != "thesis" and not (isinstance(gold, dict) and gold.get(measure, {}).get("gold")):
                continue
            cells = [_eval_cell(value, measure) for _, value in systems]
            numbers = [float(c.split()[0]) for c in cells if c != "—"]
            best = max(numbers) if numbers else None
            shown = [
                f"**{c.split()[0]}** {' '.join(c.split()[1:])}".strip()
                if c != "—" and float(c.split()[0]) == best
                else c
                for c in cells
            ]
            out.append(f"| {label} | " + " | ".join(shown) + " |")
        out.append("")
    return (
        "\n".join(out)
        if out
        else "*No evaluation report: run `explainer eval --write data/eval.json`.*\n"
    )


DIAGNOSTICS_URI = "reference/diagnostics.md"
"""The page that lists every diagnostic code."""


def diagnostics_page(codes: Sequence[Code]) -> str:
    """The "Diagnostics" page: every code the generator reports, what it means and what to do.

    Args:
        codes: The catalogue's entries.

    Returns:
        Markdown: a heading, a short introduction and one table row per code.
    """
    rows = [
        f'| <span id="{c.code}"></span>`{c.code}` | {c.severity} | {c.stage} | {escape(c.meaning)} | {escape(c.fix)} |'
        for c in sorted(codes, key=lambda c: c.code)
    ]
    return "\n".join(
        [
            "# Diagnostics\n",
            "What `explainer check` and `explainer build` report, as `file:line: severity: message [code]`. "
            "`explainer check --explain CODE` prints one entry. Errors stop a strict build; warnings "
            "say what a reader would miss; notes say what the parser did.\n",
            "| Code | Severity | Stage | What it means | What to do |",
            "|---|---|---|---|---|",
            *rows,
            "",
        ]
    )
