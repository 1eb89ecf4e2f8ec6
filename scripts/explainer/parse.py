"""Plain text → [Article][explainer.model.Article]. Pure: no file access, no Markdown, no MkDocs.

The text is cut into blocks (runs of non-blank lines). Blocks are then read in three zones:

1. the **head**: title, repeated title lines, dateline with topic/region/tags, byline,
   image caption and credit, and a standfirst (dek);
2. the **tail**: web boilerplate (comment forms), the endnotes list, an image credit
   and an author bio;
3. the **body** between them: headings, prose paragraphs (hard wraps joined) and verse.

Every dropped line is kept as a [RemovedLine][explainer.model.RemovedLine]; every doubt
becomes a [Diagnostic][explainer.model.Diagnostic] with the file and line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from explainer import notes as notes_stage
from explainer.model import (
    Article,
    Diagnostic,
    ImageCredit,
    Note,
    NoteRef,
    Paragraph,
    PartialDate,
    RemovedLine,
    Section,
    Sidecar,
)
from explainer.textutil import (
    find_date,
    normalize_for_compare,
    parse_iso_date,
    slugify,
    split_run_together,
    title_case,
    word_count,
)

COMMENT_FORM_RE = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|add a comment|comments are closed\.?"
    r"|join the (?:conversation|discussion)|\d+ (?:comments?|responses?|replies)"
    r"|(?:one|no) (?:comments?|responses?|thoughts?)(?: on .*)?)\s*:?$",
    re.I,
)
"""A line that opens a comment form or comment thread: it and everything after it are dropped."""

BOILERPLATE_LINE_RE = re.compile(
    r"^(?:this site uses akismet to reduce spam\..*|your email address will not be published\..*"
    r"|required fields are marked.*|cancel reply|share this:?|like this:?|like loading\.{0,3}"
    r"|click to (?:share|email|print) .*|advertisement|subscribe(?: now)?|related(?: posts| articles)?:?"
    r"|sign up for (?:our|the) newsletter.*|print (?:this )?(?:article|page)|post navigation"
    r"|you may also like:?|read more:?|loading\.{0,3}|(?:share|tweet) (?:on|this).*|email this)\s*$",
    re.I,
)
"""A whole line of web furniture that carries nothing of the article."""

IMAGE_CREDIT_RE = re.compile(
    r"(?:^|(?<=[\s.(]))(?P<label>(?:Photo(?:graph)?|Image|Picture|Illustration|Cover image|Header image)"
    r"(?:\s+[A-Za-z]{2,8})?)\s*:\s*(?P<credit>.+?)\)?\s*$"
)
"""`Photo credit: X`, `Image: X`, also at the end of a caption (`A soldier… Photo: X`)."""

META_LABEL_RE = re.compile(
    r"\b(?P<label>Topics?|Regions?|Tags?|Categor(?:y|ies)|Keywords?|Filed under|Section)\s*:\s*",
    re.I,
)
"""Labels of the topic/region/tags line that scraped articles carry under the title."""

BYLINE_RE = re.compile(r"^by\s+(?P<names>[A-Z][^|•·]+?)\s*(?:[|•·].*)?$", re.I)
"""`By Jane Doe and John Roe` (optionally followed by `| date`)."""

BIO_RE = re.compile(
    r"^[*_]?(?P<name>(?:(?!The\b|This\b|That\b|These\b|It\b|We\b|Our\b)[A-Z][\w.'’-]*\s+){1,4}?)"
    r"(?:is|was|serves|served|teaches|taught|writes|has been|heads|directs|leads)\b"
)
"""A closing paragraph that introduces the author (`Jane Doe is an independent analyst…`)."""

_TERMINAL = tuple(".,;:")


@dataclass
class _Line:
    number: int
    offset: int
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())


@dataclass
class _Block:
    lines: list[_Line]

    @property
    def text(self) -> str:
        joined = ""
        for line in self.lines:
            joined = notes_stage.join_wrapped(joined, re.sub(r"\s+", " ", line.text.strip()))
        return joined

    @property
    def line(self) -> int:
        return self.lines[0].number

    @property
    def single(self) -> bool:
        return len(self.lines) == 1


def normalize_text(text: str) -> str:
    """Normalise line ends (CRLF, lone CR → LF), drop a byte-order mark, expand tabs.

    Args:
        text: Decoded source text.

    Returns:
        The text the parser and all offsets refer to.
    """
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[_Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.rstrip(" \u00a0\u200b\t")
        if stripped.strip(" \u00a0\u200b"):
            current.append(_Line(number, offset, stripped))
        elif current:
            blocks.append(_Block(current))
            current = []
        offset += len(raw) + 1
    if current:
        blocks.append(_Block(current))
    return [piece for block in blocks for piece in _split_line_per_paragraph(block)]


def _split_line_per_paragraph(block: _Block) -> list[_Block]:
    """A block of long lines that each end a sentence is one paragraph per line, not wrapped prose."""
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
    return [_Block([line]) for line in lines]


def humanize_slug(slug: str) -> str:
    """Make a readable title from a slug (`waste_separation` → `Waste separation`).

    Args:
        slug: A file stem.

    Returns:
        The title.
    """
    words = re.sub(r"[_\-]+", " ", slug).strip()
    return words[:1].upper() + words[1:] if words else slug


def _is_title_line(block: _Block) -> bool:
    text = block.text
    return (
        block.single
        and 0 < word_count(text) <= 30
        and not text.endswith((".", ",", ";"))
        or (block.single and text.endswith("...") and word_count(text) <= 30)
    )


def _is_heading(block: _Block) -> bool:
    if not block.single or block.lines[0].indent >= 3:
        return False
    text = block.text
    if notes_stage.MARKER_RE.search(text):
        return False  # a note marker belongs to a sentence, not to a heading
    words = text.split()
    if not words or len(words) > 14 or len(text) > 120 or not re.match(r"[A-Z0-9]", text):
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


def _is_verse(block: _Block) -> bool:
    return len(block.lines) >= 2 and all(line.indent >= 3 for line in block.lines)


def _image_credit(block: _Block) -> ImageCredit | None:
    text = block.text
    if word_count(text) > 80:
        return None
    match = IMAGE_CREDIT_RE.search(text)
    if match is None:
        return None
    caption = text[: match.start()].strip()
    return ImageCredit(
        caption=caption, credit=match.group("credit").strip().rstrip("."), line=block.line
    )


def _meta_line(text: str, known: tuple[str, ...]) -> dict[str, object] | None:
    """Read a dateline such as `February 1, 2022 Topic: X Region: Y Tags: AB`."""
    labels = list(META_LABEL_RE.finditer(text))
    date = find_date(text)
    date_at_start = date is not None and date[1] <= 3 and word_count(text[: date[1]]) == 0
    if not labels and not (date_at_start and word_count(text) <= 12):
        return None
    if labels and labels[0].start() > 0 and not date_at_start:
        prefix = text[: labels[0].start()].strip()
        if word_count(prefix) > 6:
            return None
    found: dict[str, object] = {"date": date[0] if date_at_start and date else None}
    values: dict[str, str] = {}
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        key = match.group("label").lower()
        values[key] = text[match.end() : end].strip(" ,;|")
    topics = tuple(
        v for k, v in values.items() if k.startswith(("topic", "categor", "section", "filed")) and v
    )
    regions = tuple(v for k, v in values.items() if k.startswith("region") and v)
    tags: list[str] = []
    for key, value in values.items():
        if key.startswith(("tag", "keyword")):
            if re.search(r"[,;|]", value):
                tags.extend(t.strip() for t in re.split(r"[,;|]", value) if t.strip())
            elif " " not in value.strip():
                tags.extend(split_run_together(value, known + topics + regions))
            else:
                tags.extend(value.split())
    found["topics"] = topics
    found["regions"] = regions
    found["tags"] = tuple(tags)
    return found


def _bio_name(text: str) -> str:
    match = BIO_RE.match(text)
    if match is None:
        return ""
    name = match.group("name").strip()
    return name if len(name.split()) >= 2 else ""


def parse_article(text: str, *, source: str, slug: str, sidecar: Sidecar | None = None) -> Article:
    """Parse one plain-text article.

    Args:
        text: The decoded source text.
        source: Path of the file, used in diagnostics.
        slug: Identifier of the article.
        sidecar: Metadata from the `<slug>.yml` file, if any.

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
    blocks = _blocks(text)
    diagnostics: list[Diagnostic] = []
    removed: list[RemovedLine] = []

    def drop(block: _Block, reason: str) -> None:
        removed.extend(RemovedLine(line.number, line.text, reason) for line in block.lines)

    if not blocks:
        diagnostics.append(Diagnostic(source, 0, "empty-source", "the file has no text", "error"))
        return Article(
            slug=slug,
            source=source,
            title=meta.title or humanize_slug(slug),
            diagnostics=tuple(diagnostics),
            sidecar=meta,
        )

    # Web furniture anywhere, and a comment form with everything after it.
    kept: list[_Block] = []
    for index, block in enumerate(blocks):
        first = block.lines[0].text.strip()
        if index >= 2 and block.single and COMMENT_FORM_RE.match(first):
            for rest in blocks[index:]:
                drop(rest, "comment form")
            break
        if block.single and BOILERPLATE_LINE_RE.match(first):
            drop(block, "web boilerplate")
            continue
        kept.append(block)
    blocks = kept

    # Head: title, repeated title, dateline, byline, image caption, dek.
    title_line = 0
    title_text = ""
    position = 0
    if (
        blocks
        and _is_title_line(blocks[0])
        and (len(blocks) > 1 or word_count(blocks[0].text) <= 15)
    ):
        title_text = blocks[0].text
        title_line = blocks[0].line
        position = 1
    title = meta.title or title_case(title_text) or humanize_slug(slug)
    date: PartialDate | None = None
    topics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()
    image: ImageCredit | None = None
    head_limit = position + 6
    while position < min(len(blocks), head_limit):
        block = blocks[position]
        block_text = block.text
        compare = normalize_for_compare(block_text)
        if (
            block.single
            and compare
            and compare in {normalize_for_compare(title_text), normalize_for_compare(title)}
        ):
            drop(block, "repeated title")
        elif block.single and (meta_found := _meta_line(block_text, meta.tags)) is not None:
            date = date or meta_found["date"]  # type: ignore[assignment]
            topics += meta_found["topics"]  # type: ignore[operator]
            regions += meta_found["regions"]  # type: ignore[operator]
            tags += meta_found["tags"]  # type: ignore[operator]
        elif (
            block.single
            and (byline_match := BYLINE_RE.match(block_text))
            and word_count(block_text) <= 14
        ):
            byline = tuple(str(n) for n in notes_stage.parse_names(byline_match.group("names")))
            byline_date = find_date(block_text[byline_match.end("names") :])
            date = date or (byline_date[0] if byline_date else None)
        elif image is None and (found_image := _image_credit(block)) is not None:
            image = found_image
        else:
            break
        position += 1
    body_start = position

    # Tail: notes list, then an image credit and an author bio on either side of it.
    notes_start = len(blocks)
    numbered = False
    for index in range(body_start, len(blocks)):
        block = blocks[index]
        if (
            block.single
            and notes_stage.NOTES_HEADING_RE.match(block.text)
            and index + 1 < len(blocks)
        ):
            following = blocks[index + 1 :]
            if all(
                notes_stage.is_note_line(b.lines[0].text, True) or _tail_extra(b) for b in following
            ):
                notes_start, numbered = index, True
                break
        if notes_stage.is_note_line(block.lines[0].text) and all(
            notes_stage.is_note_line(b.lines[0].text) or _tail_extra(b) for b in blocks[index:]
        ):
            notes_start = index
            break
    body_end = notes_start
    tail_blocks = blocks[notes_start:]
    note_lines: list[tuple[int, int, str]] = []
    bio = ""
    bio_name = ""
    extras: list[_Block] = []
    for block in tail_blocks:
        if block.single and notes_stage.NOTES_HEADING_RE.match(block.text):
            drop(block, "notes heading")
        elif notes_stage.is_note_line(block.lines[0].text, numbered):
            note_lines.extend((line.number, line.offset, line.text) for line in block.lines)
        else:
            extras.append(block)
    # Image credit and bio just before the notes (or at the very end).
    while body_end > body_start:
        block = blocks[body_end - 1]
        if image is None and word_count(block.text) <= 12 and (found_image := _image_credit(block)):
            image = found_image
        elif (
            not bio
            and body_end - 1 > body_start
            and _bio_name(block.text)
            and word_count(block.text) <= 150
        ):
            bio, bio_name = block.text, _bio_name(block.text)
        else:
            break
        body_end -= 1
    for block in extras:
        if image is None and (found_image := _image_credit(block)) is not None:
            image = found_image
        elif not bio and _bio_name(block.text):
            bio, bio_name = block.text, _bio_name(block.text)
        else:
            diagnostics.append(
                Diagnostic(
                    source,
                    block.line,
                    "tail-unread",
                    "text after the notes was not understood and is shown as a note",
                )
            )
            if note_lines:
                note_lines.extend((line.number, line.offset, line.text) for line in block.lines)

    # Dek: the sidecar's, or a first paragraph that the page repeats later (a scraped standfirst).
    dek = meta.dek
    body = blocks[body_start:body_end]
    if body:
        first = normalize_for_compare(body[0].text)
        repeated = bool(first) and any(first in normalize_for_compare(b.text) for b in body[1:])
        if (dek and first == normalize_for_compare(dek)) or (
            not dek and repeated and word_count(body[0].text) <= 80
        ):
            dek = dek or body[0].text
            body = body[1:]

    # Notes.
    parsed_notes: list[Note] = []
    seen: Counter[str] = Counter()
    for label, note_line, start, end, note_text in notes_stage.parse_note_lines(
        note_lines, numbered
    ):
        seen[label] += 1
        if seen[label] > 1:
            diagnostics.append(
                Diagnostic(
                    source,
                    note_line,
                    "note-duplicate",
                    f"note label [{label}] is used twice; the second note is ignored",
                )
            )
            continue
        parsed_notes.append(
            Note(
                label=label,
                text=note_text,
                line=note_line,
                start=start,
                end=end,
                reference=notes_stage.parse_reference(note_text),
            )
        )
    resolved, repeat_diags = notes_stage.resolve_repeats(parsed_notes, source)
    diagnostics.extend(repeat_diags)
    labels = {n.label for n in resolved}

    # Body: sections, paragraphs, markers.
    sections: list[Section] = []
    current_heading: tuple[str, int, str] | None = None
    current: list[Paragraph] = []
    anchors: Counter[str] = Counter()
    number = 0
    cited: Counter[str] = Counter()

    def close_section() -> None:
        if current or current_heading:
            heading, line, anchor = current_heading or (None, current[0].line if current else 0, "")
            sections.append(
                Section(heading=heading, line=line, anchor=anchor, paragraphs=tuple(current))
            )

    for index, block in enumerate(body):
        is_last = index == len(body) - 1
        if not is_last and _is_heading(block) and not _is_heading(body[index + 1]):
            close_section()
            heading = title_case(block.text)
            base = "s-" + slugify(heading)
            anchors[base] += 1
            anchor = base if anchors[base] == 1 else f"{base}-{anchors[base]}"
            current_heading = (heading, block.line, anchor)
            current = []
            continue
        refs: list[NoteRef] = []
        for line in block.lines:
            for ref in notes_stage.find_markers(line.text, line.offset, line.number):
                if ref.label in labels:
                    refs.append(ref)
                    cited[ref.label] += 1
                elif labels or line.text[ref.start - line.offset + 1] == "^":
                    diagnostics.append(
                        Diagnostic(
                            source,
                            ref.line,
                            "note-missing",
                            f"marker [{ref.label}] has no note in the notes list",
                        )
                    )
        number += 1
        verse = _is_verse(block)
        paragraph_text = (
            "\n".join(line.text.strip() for line in block.lines) if verse else block.text
        )
        first_line = block.lines[0]
        current.append(
            Paragraph(
                number=number,
                text=paragraph_text,
                line=block.line,
                end_line=block.lines[-1].number,
                start=first_line.offset + first_line.indent,
                refs=tuple(refs),
                kind="verse" if verse else "prose",
            )
        )
    close_section()

    for note in resolved:
        if not cited[note.label]:
            diagnostics.append(
                Diagnostic(
                    source,
                    note.line,
                    "note-uncited",
                    f"note [{note.label}] is never cited in the text",
                )
            )
    if not number:
        diagnostics.append(
            Diagnostic(source, title_line or 1, "no-body", "the article has a title but no text")
        )

    date_value = parse_iso_date(meta.date) if meta.date else None
    authors = meta.authors or byline or ((bio_name,) if bio_name else ())
    return Article(
        slug=slug,
        source=source,
        title=title,
        title_line=title_line,
        dek=dek,
        authors=authors,
        date=date_value or date,
        topics=topics,
        regions=regions,
        tags=tuple(dict.fromkeys(tags + meta.tags)),
        image=image,
        sections=tuple(sections),
        notes=resolved,
        bio=bio,
        removed=tuple(sorted(removed, key=lambda r: r.line)),
        diagnostics=tuple(sorted(diagnostics, key=lambda d: (d.line, d.code))),
        sidecar=meta,
    )


def _tail_extra(block: _Block) -> bool:
    """Blocks allowed between or after notes: an image credit, an author bio, a notes heading."""
    return bool(
        (word_count(block.text) <= 12 and IMAGE_CREDIT_RE.search(block.text))
        or _bio_name(block.text)
        or (block.single and notes_stage.NOTES_HEADING_RE.match(block.text))
    )
