"""Source text → [Article][explainer.model.Article]. Pure: no file access, no Markdown output, no MkDocs.

The parser is a recipe of named stages, each in its own module:

1. **layout** ([parse_layout][explainer.parse_layout], or [parse_markdown][explainer.parse_markdown]
   for Markdown sources): lines → blocks, double spacing undone, Gutenberg footnotes gathered;
2. **furniture** ([parse_tail.take_furniture][explainer.parse_tail.take_furniture]): share
   buttons, comment forms, licence lines out, each with its reason;
3. **head** ([parse_head][explainer.parse_head]): title, number line, subtitle, byline,
   dateline, publication line, topic line, image credit, salutation;
4. **notes** ([parse_tail.find_notes][explainer.parse_tail.find_notes]): the notes in every
   common form, parsed into references by [notes][explainer.notes];
5. **tail** ([parse_tail.read_tail][explainer.parse_tail.read_tail]): signature, bio, credit;
6. **body** ([parse_body][explainer.parse_body]): sections, paragraphs, lists, quotations,
   tables, breaks, note markers, inline formatting;
7. **assemble** ([assemble_article][explainer.parse.assemble_article]): title, authors and
   the article, with every stage's roles, dropped lines and diagnostics in source order.

[parse_article][explainer.parse.parse_article] is that recipe; each stage is a function
that takes and returns a small dataclass ([Layout][explainer.parse.Layout],
[Front][explainer.parse.Front], [Apparatus][explainer.parse.Apparatus]).

Every dropped line is kept as a [RemovedLine][explainer.model.RemovedLine], every block's
role and the rule that gave it as a [BlockRole][explainer.model.BlockRole], and every doubt
becomes a [Diagnostic][explainer.model.Diagnostic] with the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from explainer import notes as notes_stage
from explainer.model import (
    Article,
    BlockRole,
    Diagnostic,
    Note,
    RemovedLine,
    Sidecar,
)
from explainer.parse_body import Body, MarkerPlan, read_body
from explainer.parse_head import Head, read_head
from explainer.parse_layout import (
    Block,
    detect_double_spacing,
    group_blocks,
    merge_gutenberg_footnotes,
    normalize_text,
    read_lines,
    underlined_headings,
    undo_double_spacing,
)
from explainer.parse_markdown import looks_like_markdown, read_markdown
from explainer.parse_tail import (
    NoteBlock,
    Notes,
    Tail,
    find_notes,
    read_tail,
    signature_names,
    take_furniture,
)
from explainer.textutil import acronyms_in, normalize_for_compare, parse_iso_date, word_count

__all__ = ["humanize_slug", "normalize_text", "parse_article"]


def humanize_slug(slug: str) -> str:
    """Make a readable title from a slug (`waste_separation` → `Waste separation`).

    Args:
        slug: A file stem.

    Returns:
        The title.
    """
    words = re.sub(r"[_\-]+", " ", slug).strip()
    return words[:1].upper() + words[1:] if words else slug


@dataclass
class Layout:
    """Stage 1's result: the blocks and what was learnt on the way."""

    blocks: list[Block]
    markdown: bool = False
    front_matter: dict[str, Any] = field(default_factory=dict)
    roles: list[BlockRole] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_layout(text: str, source: str, markdown: bool | None) -> Layout:
    """Stage 1: the blocks of a plain-text or Markdown source.

    Args:
        text: The normalised text.
        source: The file, for diagnostics.
        markdown: True for a Markdown file, False for plain text, None to decide from the text.

    Returns:
        The layout.
    """
    if markdown is None:
        markdown = looks_like_markdown(text)
    if markdown:
        read = read_markdown(text)
        layout = Layout(read.blocks, True, read.front_matter)
        first, last = read.front_matter_lines
        if last:
            layout.roles.append(BlockRole(first, last, "front-matter", "markdown.front-matter", "---"))
        layout.diagnostics += [
            Diagnostic(source, line, "front-matter", message) for line, message in read.problems
        ]
        return layout
    lines = read_lines(text)
    layout = Layout([])
    spacing = detect_double_spacing(lines)
    if spacing.double:
        lines = undo_double_spacing(lines, spacing)
        how = "wider gaps" if spacing.wide_gaps else "short last lines, indentation and sentence ends"
        layout.diagnostics.append(
            Diagnostic(
                source, 0, "double-spacing",
                f"the text is double-spaced (a blank line after every line); paragraphs were told apart by {how}",
                "info",
            )
        )
    layout.blocks = underlined_headings(merge_gutenberg_footnotes(group_blocks(lines)))
    return layout


MAX_TITLE = 300
"""Longest title kept (characters): a longer one is not a title a page or a citation can show."""

_ACCOUNT_RE = re.compile(r"^@?[a-z0-9_.\-]{1,40}$")
"""A site account (`pyopensci`, `@jdoe`) rather than a person's name: the byline in the
text, if there is one, names the authors better."""


def front_matter_sidecar(data: dict[str, Any], sidecar: Sidecar) -> Sidecar:
    """Fill what the sidecar leaves empty from a Markdown post's front matter.

    Reads `title`, `subtitle`/`description`/`excerpt`, `author`/`authors`, `date` and
    `tags`/`categories`; values of the wrong type are ignored.
    """
    def text(*keys: str) -> str:
        for key in keys:
            value = data.get(key)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                return " ".join(str(value).split())[:500]
        return ""

    def names(*keys: str) -> tuple[str, ...]:
        for key in keys:
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return (value.strip()[:200],)
            if isinstance(value, list):
                return tuple(str(v).strip()[:200] for v in value if isinstance(v, str) and v.strip())[:20]
            if isinstance(value, dict) and isinstance(value.get("name"), str):
                return (value["name"].strip()[:200],)
        return ()

    date = data.get("date")
    iso = ""
    if isinstance(date, dt.datetime | dt.date):
        iso = date.isoformat()[:10]
    elif isinstance(date, str) and (found := re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", date.strip())):
        iso = found.group(0)
    return replace(
        sidecar,
        title=sidecar.title or text("title"),
        dek=sidecar.dek or text("subtitle", "deck", "dek", "standfirst"),
        authors=sidecar.authors or names("authors", "author"),
        date=sidecar.date or (iso if parse_iso_date(iso) else ""),
        licence=sidecar.licence or text("license", "licence"),
        tags=sidecar.tags or names("tags", "categories", "keywords"),
    )


def build_notes(found: list[NoteBlock], source: str) -> tuple[tuple[Note, ...], list[Diagnostic]]:
    """Stage 4b: parse each note into a reference, tell repeated labels apart, resolve Ibid.
    and op. cit.

    A label printed again for another note (`*` on every page, numbering that restarts)
    becomes `*(2)`, `*(3)`… in order; each marker goes to the first such note after it
    that no earlier marker took (see [repeated_labels][explainer.parse.repeated_labels]).
    """
    diagnostics: list[Diagnostic] = []
    seen: Counter[str] = Counter()
    parsed: list[Note] = []
    for block in found:
        seen[block.label] += 1
        label = block.label if seen[block.label] == 1 else f"{block.label}({seen[block.label]})"
        if seen[block.label] > 9 or (seen[block.label] > 1 and label in seen):
            diagnostics.append(
                Diagnostic(
                    source, block.line, "note-duplicate",
                    f"note label [{block.label}] is used too often; this note is ignored",
                )
            )
            continue
        parsed.append(
            Note(
                label=label,
                text=block.text,
                line=block.line,
                start=block.start,
                end=block.end,
                reference=notes_stage.parse_reference(block.text),
            )
        )
    resolved, repeat_diags = notes_stage.resolve_repeats(parsed, source)
    return resolved, diagnostics + list(repeat_diags)


def repeated_labels(notes: tuple[Note, ...]) -> dict[str, list[tuple[int, str]]]:
    """For each label printed on more than one note: `(offset of the note, label given)`
    in source order (`*` → `[(120, "*"), (940, "*(2)")]`)."""
    by_printed: dict[str, list[tuple[int, str]]] = {}
    for note in notes:
        printed = re.sub(r"\(\d+\)$", "", note.label)
        by_printed.setdefault(printed, []).append((note.start, note.label))
    return {label: sorted(found) for label, found in by_printed.items() if len(found) > 1}


def _dek(body: list[Block], dek: str) -> tuple[str, list[Block]]:
    """The standfirst: the given one, or a first paragraph that the page repeats later."""
    if not body:
        return dek, body
    first = normalize_for_compare(body[0].text)
    repeated = bool(first) and any(first in normalize_for_compare(b.text) for b in body[1:])
    if (dek and first == normalize_for_compare(dek)) or (
        not dek and repeated and word_count(body[0].text) <= 80 and body[0].kind == "text"
    ):
        return dek or body[0].text, body[1:]
    return dek, body


@dataclass
class Front:
    """Stages 2 and 3's result: the blocks left once the furniture is out, and the head."""

    blocks: list[Block]
    """The blocks without furniture (the head's among them)."""
    head: Head
    """What the head held."""
    acronyms: frozenset[str]
    """Words the text writes in capitals (kept so in headings)."""
    removed: list[RemovedLine] = field(default_factory=list)
    roles: list[BlockRole] = field(default_factory=list)


def read_front(blocks: list[Block], text: str, meta: Sidecar) -> Front:
    """Stages 2 and 3: take out the furniture, then read the head.

    Args:
        blocks: The layout's blocks.
        text: The normalised text (for the acronyms it uses).
        meta: The sidecar (a title or tags it gives guide the head).

    Returns:
        The blocks left and the head, with the lines dropped and the roles given on the way.
    """
    kept, removed, roles = take_furniture(blocks)
    acronyms = acronyms_in(text)
    head = read_head(kept, meta.tags, title_known=bool(meta.title), acronyms=acronyms)
    return Front(kept, head, acronyms, removed + head.removed, roles + head.roles)


@dataclass
class Apparatus:
    """Stages 4 and 5's result: the notes, the tail, and the blocks of the body between them."""

    notes: tuple[Note, ...]
    found: Notes
    """The notes as found (and which marker forms the body may hold)."""
    tail: Tail
    body: list[Block]
    """The body's blocks, standfirst, notes and tail taken out."""
    dek: str
    """The standfirst."""
    removed: list[RemovedLine] = field(default_factory=list)
    roles: list[BlockRole] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_apparatus(front: Front, text: str, meta: Sidecar, source: str) -> Apparatus:
    """Stages 4 and 5: the notes (parsed into references), then the tail; then the standfirst.

    Args:
        front: The blocks and the head.
        text: The normalised text (notes keep their offsets in it).
        meta: The sidecar (a standfirst it gives).
        source: The file, for diagnostics.

    Returns:
        The notes, the tail, the standfirst and the body's blocks.
    """
    head = front.head
    taken = {id(block) for block in head.taken}
    found = find_notes([b for b in front.blocks[head.used :] if id(b) not in taken], text)
    notes, diagnostics = build_notes(found.notes, source)
    tail = read_tail(found.body, head.image)
    body_blocks = found.body[: len(found.body) - tail.used]
    dek, body_blocks = _dek(body_blocks, meta.dek or head.subtitle)
    return Apparatus(notes, found, tail, body_blocks, dek, found.removed, found.roles + tail.roles, diagnostics)


def read_article_body(apparatus: Apparatus, acronyms: frozenset[str], source: str) -> Body:
    """Stage 6: the body's sections and paragraphs, note markers matched to the notes found.

    Args:
        apparatus: The notes and the body's blocks.
        acronyms: Words a heading in capitals keeps in capitals.
        source: The file, for diagnostics.

    Returns:
        What [read_body][explainer.parse_body.read_body] made.
    """
    notes, found = apparatus.notes, apparatus.found
    plan = MarkerPlan({n.label for n in notes}, found.numbered, found.symbols, found.parens, repeated_labels(notes))
    return read_body(apparatus.body, plan, source, acronyms)


def article_title(meta: Sidecar, head: Head, slug: str, source: str) -> tuple[str, list[Diagnostic]]:
    """The title: the sidecar's, the head's, or one made from the slug; cut if too long.

    Returns:
        The title and a warning if it was cut.
    """
    title = meta.title or head.title or humanize_slug(slug)
    if len(title) <= MAX_TITLE:
        return title, []
    warning = Diagnostic(
        source, head.title_line or 1, "title-too-long", f"the title has {len(title)} characters; it is cut to {MAX_TITLE}"
    )
    return title[:MAX_TITLE].rsplit(" ", 1)[0].rstrip(" ,;:") + "…", [warning]


def article_authors(meta: Sidecar, head: Head, tail: Tail) -> tuple[str, ...]:
    """The authors: the sidecar's (unless they are only site accounts and the byline names
    people), the byline's, the bio's subject or the signature's names."""
    accounts_only = bool(meta.authors) and all(_ACCOUNT_RE.match(a) for a in meta.authors)
    return (
        (head.authors if accounts_only and head.authors else meta.authors)
        or head.authors
        or ((tail.bio_name,) if tail.bio_name else ())
        or signature_names(tail.signature)
    )


def _no_body(body: Body, head: Head, source: str) -> list[Diagnostic]:
    """A warning when the article has no paragraph at all."""
    if any(section.paragraphs for section in body.sections):
        return []
    return [Diagnostic(source, head.title_line or 1, "no-body", "the article has a title but no text")]


def _has_text(blocks: list[Block]) -> bool:
    """Whether any block holds text (a fixed-width block or a note counts)."""
    return any(b.text.strip() or b.kind in {"pre", "note-def"} for b in blocks)


def _empty_article(slug: str, source: str, meta: Sidecar, layout: Layout) -> Article:
    """The article of a file with no text: an error says it cannot be published."""
    diagnostics = [*layout.diagnostics, Diagnostic(source, 0, "empty-source", "the file has no text", "error")]
    return Article(
        slug=slug, source=source, title=meta.title or humanize_slug(slug),
        diagnostics=tuple(diagnostics), sidecar=meta, markdown=layout.markdown,
    )


def parse_article(
    text: str,
    *,
    source: str,
    slug: str,
    sidecar: Sidecar | None = None,
    markdown: bool | None = None,
) -> Article:
    """Parse one plain-text or Markdown article.

    Args:
        text: The decoded source text.
        source: Path of the file, used in diagnostics.
        slug: Identifier of the article.
        sidecar: Metadata from the `<slug>.yml` file, if any.
        markdown: True for a Markdown source, False for plain text, None (default) to
            decide from the text (a `.txt` that is clearly Markdown is read as Markdown).

    Returns:
        The article. Problems are listed in `diagnostics`; an `error` there means the
        article cannot be published (for example, an empty file).

    Examples:
        >>> a = parse_article("Title\\n\\nFirst paragraph.[1]\\n\\n[1] A note.", source="x.txt", slug="x")
        >>> (a.title, a.paragraphs[0].text, a.notes[0].label)
        ('Title', 'First paragraph.[1]', '1')
    """
    meta = sidecar or Sidecar()
    text = normalize_text(text)
    layout = read_layout(text, source, markdown)
    meta = front_matter_sidecar(layout.front_matter, meta) if layout.front_matter else meta
    if not _has_text(layout.blocks):
        return _empty_article(slug, source, meta, layout)
    front = read_front(layout.blocks, text, meta)
    apparatus = read_apparatus(front, text, meta, source)
    body = read_article_body(apparatus, front.acronyms, source)
    return assemble_article(slug, source, meta, layout, front, apparatus, body)


def assemble_article(
    slug: str, source: str, meta: Sidecar, layout: Layout, front: Front, apparatus: Apparatus, body: Body
) -> Article:
    """Stage 7: the article from what every stage found; roles, dropped lines and
    diagnostics gathered in source order."""
    head, tail, notes = front.head, apparatus.tail, apparatus.notes
    title, title_warnings = article_title(meta, head, slug, source)
    diagnostics = [
        *layout.diagnostics, *apparatus.diagnostics, *body.diagnostics,
        *_uncited(notes, body.cited, source), *_no_body(body, head, source), *title_warnings,
    ]
    roles = layout.roles + front.roles + apparatus.roles + body.roles
    date_value = parse_iso_date(meta.date) if meta.date else None
    return Article(
        slug=slug,
        source=source,
        title=title,
        title_line=head.title_line,
        dek=apparatus.dek,
        authors=article_authors(meta, head, tail),
        date=date_value or head.date or tail.date,
        topics=head.topics,
        regions=head.regions,
        tags=tuple(dict.fromkeys(head.tags + meta.tags + tail.tags)),
        image=tail.image,
        sections=tuple(body.sections),
        notes=notes,
        bio=tail.bio,
        removed=tuple(sorted(front.removed + apparatus.removed, key=lambda r: r.line)),
        diagnostics=tuple(sorted(diagnostics, key=lambda d: (d.line, d.code))),
        sidecar=meta,
        publication=head.publication,
        salutation=head.salutation,
        signature=tail.signature,
        markdown=layout.markdown,
        layout=tuple(sorted(roles, key=lambda r: (r.line, r.end_line))),
    )


def _uncited(notes: tuple[Note, ...], cited: Counter[str], source: str) -> list[Diagnostic]:
    """A warning per note no marker cites; a label printed again on a note nothing cites
    is most likely a duplicate."""
    out: list[Diagnostic] = []
    for note in notes:
        if cited[note.label]:
            continue
        printed = re.sub(r"\(\d+\)$", "", note.label)
        if printed != note.label:
            message = f"note label [{printed}] is printed again here, and no marker cites this note (kept as [{note.label}])"
            out.append(Diagnostic(source, note.line, "note-duplicate", message))
        else:
            out.append(Diagnostic(source, note.line, "note-uncited", f"note [{note.label}] is never cited in the text"))
    return out

