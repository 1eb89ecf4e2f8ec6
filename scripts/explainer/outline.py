"""What `explainer parse FILE` prints: an outline of a parsed article an editor checks at a glance.

[outline][explainer.outline.outline] gives the head (title, subtitle, byline, date,
publication line, salutation, signature), the sections with their paragraph ranges, the
lists, block quotations and fixed-width blocks, the notes with the source read from each,
the lines removed and why, and the diagnostics. [explain][explainer.outline.explain] adds,
for `--explain`, every block of the source with the role and the rule that decided it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from explainer.model import Article, Note, Paragraph, Section
from explainer.render import format_date

KIND_NAMES = {"source": "source", "comment": "explanatory", "repeat": "repeat"}
"""How the outline names each kind of note."""

WIDTH = 72
"""Texts in the outline are cut to about this many characters."""


def cut(text: str, width: int = WIDTH) -> str:
    """One line of at most `width` characters (line breaks shown as ` / `).

    Args:
        text: Any text.
        width: Most characters to keep.

    Returns:
        The text on one line, cut with `…` when longer.

    Examples:
        >>> cut("a\\nb")
        'a / b'
        >>> cut("abcdef", 4)
        'abc…'
    """
    line = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    return line if len(line) <= width else line[: width - 1] + "…"


def number_ranges(numbers: Iterable[int]) -> str:
    """Paragraph numbers as `¶` ranges of consecutive numbers.

    Args:
        numbers: Paragraph numbers.

    Returns:
        `¶4–9, ¶12`, or `¶—` for none.

    Examples:
        >>> number_ranges([4, 5, 6, 9])
        '¶4–6, ¶9'
        >>> number_ranges([])
        '¶—'
    """
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    if not runs:
        return "¶—"
    return ", ".join(f"¶{r[0]}" if len(r) == 1 else f"¶{r[0]}–{r[-1]}" for r in runs)


def _field(name: str, value: str) -> str:
    return f"{name + ':':<11} {value}"


def _head(article: Article) -> list[str]:
    """Title and the apparatus around the text."""
    where = f"  (line {article.title_line})" if article.title_line else ""
    lines = [_field("title", cut(article.title) + where)]
    fields = (
        ("subtitle", cut(article.dek)),
        ("byline", ", ".join(article.authors)),
        ("date", format_date(article.date) if article.date else ""),
        ("published", cut(article.publication)),
        ("salutation", cut(article.salutation)),
        ("signature", cut(article.signature)),
        ("topics", ", ".join(article.topics)),
        ("regions", ", ".join(article.regions)),
        ("tags", ", ".join(article.tags)),
        ("bio", cut(article.bio)),
        ("format", "Markdown" if article.markdown else ""),
    )
    lines += [_field(name, value) for name, value in fields if value]
    if article.image:
        image = f"{article.image.caption or '-'} (credit: {article.image.credit or '-'})"
        lines.append(_field("image", cut(image)))
    return lines


def _sections(sections: Sequence[Section]) -> list[str]:
    """Each section with its heading, level, line and paragraph range."""
    count = sum(len(s.paragraphs) for s in sections)
    lines = [f"sections ({len(sections)}, {count} ¶):"]
    for section in sections:
        numbers = number_ranges(p.number for p in section.paragraphs)
        if section.heading is None:
            lines.append(f"  (before any heading)  {numbers}")
            continue
        indent = "  " * max(1, section.level - 1)
        lines.append(f"{indent}§ {cut(section.heading, 50)}  {numbers}  (line {section.line})")
    return lines


def _blocks(paragraphs: Sequence[Paragraph]) -> list[str]:
    """Lists (one line per list), block quotations, fixed-width blocks and verse."""
    lines: list[str] = []
    lists: dict[int, list[Paragraph]] = {}
    for paragraph in paragraphs:
        if paragraph.kind == "list":
            lists.setdefault(paragraph.list_start or paragraph.number, []).append(paragraph)
    if lists:
        lines.append(f"lists ({len(lists)}):")
        for items in lists.values():
            marker = items[0].list_marker or "-"
            lines.append(
                f"  {number_ranges(p.number for p in items)}  {len(items)} items ({marker})"
                f"  (line {items[0].line})"
            )
    for kind, title in (("quote", "block quotes"), ("pre", "pre blocks"), ("verse", "verse")):
        found = [p for p in paragraphs if p.kind == kind]
        if found:
            lines.append(f"{title}: {number_ranges(p.number for p in found)}")
    breaks = [p.number for p in paragraphs if p.break_before]
    if breaks:
        lines.append("section breaks before: " + ", ".join(f"¶{n}" for n in breaks))
    return lines


def note_line(note: Note) -> str:
    """One note: label, line, kind, and the source read from it (or its text).

    Args:
        note: A note.

    Returns:
        The outline line, indented.
    """
    ref = note.reference
    kind = KIND_NAMES.get(ref.kind, ref.kind)
    if note.repeats:
        what = f"= note [{note.repeats}]: {cut(note.text, 40)}"
    elif ref.kind == "source":
        parts = [
            ", ".join(str(a) for a in ref.authors),
            f"“{ref.title}”" if ref.title else "",
            ref.container,
            ref.date.iso() if ref.date else "",
            ref.url,
        ]
        what = cut(" · ".join(p for p in parts if p) or note.text)
    else:
        what = cut(note.text)
    return f"  [{note.label}] line {note.line} ({kind}) {what}"


def outline(article: Article) -> str:
    """The compact outline `explainer parse FILE` prints.

    Args:
        article: The parsed article.

    Returns:
        The outline, several lines, without a final newline.
    """
    lines = _head(article) + [""] + _sections(article.sections) + _blocks(article.paragraphs)
    if article.notes:
        lines += ["", f"notes ({len(article.notes)}):"]
        lines += [note_line(note) for note in article.notes]
    if article.removed:
        lines += ["", f"removed ({len(article.removed)}):"]
        lines += [f"  line {r.line:<4} ({r.reason}): {cut(r.text)}" for r in article.removed]
    if article.diagnostics:
        lines += ["", f"diagnostics ({len(article.diagnostics)}):"]
        lines += [f"  {d}" for d in article.diagnostics]
    return "\n".join(lines)


def explain(article: Article) -> str:
    """For `--explain`: every block of the source with its role and the rule that decided it.

    Until the parser records its layout, the paragraphs are listed with their lines instead.

    Args:
        article: The parsed article.

    Returns:
        `line-range  role  rule  text…` lines, with a heading line.
    """
    if not article.layout:
        lines = ["layout: (the parser recorded none; paragraphs and their lines)"]
        for p in article.paragraphs:
            span = f"{p.line}-{p.end_line}" if p.end_line > p.line else str(p.line)
            lines.append(f"  {span:<9} {p.kind:<13} ¶{p.number:<4} {cut(p.text, 60)}")
        return "\n".join(lines)
    lines = [f"layout ({len(article.layout)} blocks):"]
    for block in article.layout:
        span = f"{block.line}-{block.end_line}" if block.end_line > block.line else str(block.line)
        lines.append(f"  {span:<9} {block.role:<13} {block.rule:<24} {cut(block.text, 60)}")
    return "\n".join(lines)
