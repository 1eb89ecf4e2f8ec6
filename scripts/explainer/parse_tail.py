"""The tail of an article and the furniture around it: web boilerplate, licence lines, the
notes list, the signature and the author's bio.

[take_furniture][explainer.parse_tail.take_furniture] drops page furniture anywhere;
[find_notes][explainer.parse_tail.find_notes] finds the notes in every common form;
[read_tail][explainer.parse_tail.read_tail] reads the signature, bio and image credit
that close the body. Each rule has a name shown by `explainer parse --explain`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from explainer import notes as notes_stage
from explainer.model import BlockRole, ImageCredit, PartialDate, RemovedLine
from explainer.parse_head import dateline, image_credit, is_caps, role_of
from explainer.parse_layout import BREAK_RE, Block, join_wrapped
from explainer.textutil import word_count

COMMENT_FORM_RE = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|add a comment|comments are closed\.?"
    r"|join the (?:conversation|discussion)|\d+ (?:comments?|responses?|replies)"
    r"|(?:one|no) (?:comments?|responses?|thoughts?)(?: on .*)?)\s*:?$",
    re.I,
)
"""A line that opens a comment form or comment thread: it and everything after it are dropped."""

BOILERPLATE_LINE_RE = re.compile(
    r"^(?:this site uses akismet to reduce spam\..*|your email address will not be published\..*"
    r"|required fields are marked.*|cancel reply|share this(?: article| post| story)?:?|like this:?"
    r"|like loading\.{0,3}|click to (?:share|email|print) .*|advertisement|subscribe(?: now| today)?"
    r"|related(?: posts| articles| stories| content| reading)?:?|sign up for (?:our|the) newsletter.*"
    r"|print (?:this )?(?:article|page)|post navigation|you may also like:?|read more:?|loading\.{0,3}"
    r"|(?:share|tweet) (?:on|this).*|email this|(?:we|this (?:web)?site) uses? cookies.*"
    r"|accept(?: all)? cookies|cookie (?:settings|policy|preferences)|skip to (?:main )?content"
    r"|(?:previous|next) (?:post|article)\b.*|tags?:\s*$|share on (?:facebook|twitter|x|linkedin).*"
    r"|facebook|twitter|linkedin|whatsapp|reddit|email|print|copy link"
    r"|(?:back|return|go|scroll) to (?:the )?top(?: of (?:the )?page)?|top of page"
    r"|read (?:the )?(?:full|whole|entire|complete) (?:piece|op-?ed|article|story|text|letter|post|statement|interview)"
    r"(?: (?:below|here|online))?:?)\s*$",
    re.I,
)
"""A whole line of web furniture that carries nothing of the article."""

END_MARK_RE = re.compile(r"^\\?(?:#\s*){3}$|^-\s*30\s*-$|^-*\s*ends?\s*-*$", re.I)
"""The mark that closes a press release: `###`, `-30-`, `ENDS`."""

TAG_LABEL_RE = re.compile(r"^(?:tags?|tagged(?: with)?|topics?|categories|category|filed under|keywords?)\s*:?\s*$", re.I)
_TAG_RE = re.compile(r"^#?[\w][\w .#&'’/+-]{0,40}$")

LICENCE_RE = re.compile(
    r"^(?:\*{3}\s*)?(?:end of (?:the |this )?project gutenberg|start of (?:the |this )?project gutenberg"
    r"|this (?:work|article|post|page|content) is licen[cs]ed under|licen[cs]ed under (?:a |the )?creative commons"
    r"|produced by\b.*(?:distributed proofread|gutenberg)|transcriber'?s? note|the end\.?$"
    r"|(?:this|the) (?:document|work|text|article|post|essay|page) (?:has been|is|was) (?:placed|released|dedicated)"
    r" (?:in|into|to) the public domain)",
    re.I,
)
"""A licence or e-text line (Gutenberg's end line, `This work is licensed under …`, `THE END`)."""

BIO_RE = re.compile(
    r"^[*_]?(?P<name>(?:(?!The\b|This\b|That\b|These\b|It\b|We\b|Our\b|In\b|As\b|But\b|And\b)[A-Z][\w.'’-]*\s+){1,4}?)"
    r"(?:is|was|serves|served|teaches|taught|writes|has been|heads|directs|leads)\b"
)
"""A closing paragraph that introduces the author (`Jane Doe is an independent analyst…`)."""

SIGNATURE_DASH_RE = re.compile(r"^\s*(?:[—–]|--?)\s*(?P<name>[A-Z][\w.'’ -]{0,60})$")
"""`— J. D.`, `-- Jane Doe`."""


def take_furniture(blocks: list[Block]) -> tuple[list[Block], list[RemovedLine], list[BlockRole]]:
    """Drop lines of web furniture anywhere, and a comment form with all that follows it.

    Args:
        blocks: The blocks.

    Returns:
        The blocks kept, the lines removed (with reasons) and their roles.
    """
    kept: list[Block] = []
    removed: list[RemovedLine] = []
    roles: list[BlockRole] = []

    def drop(block: Block, reason: str, rule: str, role: str = "furniture") -> None:
        removed.extend(RemovedLine(line.number, line.text, reason) for line in block.lines)
        roles.append(role_of(block, role, rule))  # type: ignore[arg-type]

    for index, block in enumerate(blocks):
        first = block.first.strip().strip("*_").strip() if block.single else block.first
        if block.kind in {"footnote", "note-def"}:
            kept.append(block)
            continue
        if index >= 2 and block.single and COMMENT_FORM_RE.match(first):
            for rest in blocks[index:]:
                drop(rest, "comment form", "furniture.comment-form")
            break
        if block.single and BOILERPLATE_LINE_RE.match(first) and block.kind != "heading":
            drop(block, "web boilerplate", "furniture.line")
        elif block.single and END_MARK_RE.match(first.strip()):
            drop(block, "end-of-release mark", "furniture.end-mark")
        elif len(block.lines) <= 3 and LICENCE_RE.match(first):
            drop(block, "licence or e-text line", "furniture.licence", "licence")
        elif (
            (block.single or block.kind == "heading")
            and re.fullmatch(r"(?:copyright|licen[cs]e|licensing)\s*:?", block.text.strip(" #*_").lower())
            and index + 1 < len(blocks)
            and LICENCE_RE.match(blocks[index + 1].first)
        ):
            drop(block, "licence or e-text line", "furniture.licence-heading", "licence")
        elif block.kind == "html":
            drop(block, "embedded HTML", "furniture.html")
        elif block.kind == "image":
            drop(block, "image (the picture is not part of the text)", "furniture.image", "credit")
        else:
            kept.append(block)
    return kept, removed, roles


# --- notes ----------------------------------------------------------------------------------


@dataclass
class NoteBlock:
    """One note as found: its label, text (paragraphs apart by a blank line) and lines."""

    label: str
    text: str
    block: Block
    line: int
    start: int
    end: int
    form: str
    """How the note was written: `bracket`, `numbered`, `bare`, `symbol`, `footnote`, `markdown`."""


@dataclass
class Notes:
    """The notes of an article and where they were."""

    notes: list[NoteBlock] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    """The blocks left once the notes are out (still with the tail)."""
    roles: list[BlockRole] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    numbered: bool = False
    """The notes are numbered without brackets (`1.`, `1 `): their markers may be bare digits."""
    symbols: bool = False
    """Some notes are labelled with symbols (`*`, `†`)."""
    parens: bool = False
    """Some notes are labelled with a number in parentheses (`(1)`)."""
    trailing: list[Block] = field(default_factory=list)
    """Blocks after the last note that continue no note (a bio, a credit): back to the tail."""


_SYMBOL_NOTE_RE = re.compile(r"^\s*(?P<label>\*{1,3}|†{1,2}|‡{1,2}|§{1,2})\s*(?P<text>\S.*)$")
_PAREN_NOTE_RE = re.compile(r"^\s*\((?P<label>\d{1,3})\)\s+(?P<text>\S.*)$")
_BARE_NOTE_RE = re.compile(r"^\s*(?P<label>\d{1,3})\s+(?P<text>[A-Z“\"'‘(_].*)$")
_SUPERSCRIPT_NOTE_RE = re.compile(r"^\s*(?P<label>[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})\s*(?P<text>\S.*)$")


def _opener(block: Block, loose: bool) -> tuple[str, str, str] | None:
    """`(label, text, form)` when the block's first line opens a note.

    `[1] text` and `[^1]: text` always do; `1. text`, `1 text`, `¹ text` and `* text` only
    where a notes list is expected (`loose`).
    """
    if block.kind not in {"text", "list", "quote"}:
        return None
    first = block.text if block.markdown else block.lines[0].text
    if block.markdown and block.kind == "list" and block.marker[:1].isdigit():
        first = f"{block.marker} {first}"
    match = notes_stage.NOTE_LINE_RE.match(first)
    if match and match.group(2).strip():
        return match.group(1), _rest_text(block, match.group(2)), "bracket"
    if not loose:
        return None
    for pattern, form in (
        (notes_stage.NUMBERED_NOTE_LINE_RE, "numbered"),
        (_BARE_NOTE_RE, "bare"),
        (_SUPERSCRIPT_NOTE_RE, "superscript"),
        (_SYMBOL_NOTE_RE, "symbol"),
        (_PAREN_NOTE_RE, "paren"),
    ):
        found = pattern.match(first)
        if found:
            label = notes_stage.superscript_digits(found.group(1))
            return label, _rest_text(block, found.group(2)), form
    return None


def _rest_text(block: Block, first_rest: str) -> str:
    joined = first_rest.strip()
    for line in block.lines[1:]:
        joined = join_wrapped(joined, line.text.strip())
    return joined


def _is_notes_heading(block: Block) -> bool:
    return (block.single or block.kind == "heading") and bool(notes_stage.NOTES_HEADING_RE.match(block.text.strip(" *_#")))


def find_notes(blocks: list[Block], source_text: str) -> Notes:
    """Take the notes out of the blocks, in every common form.

    - Gutenberg `[Footnote 1: …]` blocks and Markdown footnote definitions, wherever they are;
    - a notes list under a heading (`Notes`, `Endnotes`, `FOOTNOTES:`, `References`…),
      after a signature or a rule, or simply at the end: `[1] …`, `1. …`, `1 …`, `¹ …`,
      `* …`. A block there that opens no note continues the note before it (notes of
      several paragraphs, tables, quotations);
    - `[1] …` blocks standing after the paragraph that cites them.

    Args:
        blocks: Body and tail blocks (the head already read).
        source_text: The normalised source, for offsets.

    Returns:
        The notes and the blocks left.
    """
    found = Notes()
    rest: list[Block] = []
    for block in (piece for b in blocks for piece in split_glued_note(b)):
        if block.kind in {"footnote", "note-def"}:
            if rest and _is_notes_heading(rest[-1]):
                # `FOOTNOTES:` over Gutenberg's [Footnote …] blocks.
                heading = rest.pop()
                found.removed.extend(RemovedLine(line.number, line.text, "notes heading") for line in heading.lines)
                found.roles.append(role_of(heading, "notes-heading", "notes.heading"))
            form = "footnote" if block.kind == "footnote" else "markdown"
            found.notes.append(_note_block(block, block.marker, block.text, form))
            found.roles.append(role_of(block, "note", block.rule or "notes.block"))
        else:
            rest.append(block)
    zone = _notes_zone(rest)
    body = rest[:zone] if zone is not None else rest
    if zone is not None:
        _read_zone(rest[zone:], found)
    found.body = _in_place_notes(body, found)
    found.notes.sort(key=lambda n: n.line)
    found.numbered = any(n.form in {"numbered", "bare", "superscript"} for n in found.notes)
    found.symbols = any(n.form == "symbol" or not n.label[:1].isalnum() for n in found.notes)
    found.parens = any(n.form == "paren" for n in found.notes)
    return found


def _note_block(block: Block, label: str, text: str, form: str) -> NoteBlock:
    first, last = block.lines[0], block.lines[-1]
    return NoteBlock(
        label=label,
        text=text,
        block=block,
        line=first.number,
        start=first.offset + first.indent,
        end=last.offset + len(last.text),
        form=form,
    )


def _notes_zone(blocks: list[Block]) -> int | None:
    """Where the notes list at the end starts (its heading, or its first note), or `None`."""
    for index in range(len(blocks) - 1, -1, -1):
        if _is_notes_heading(blocks[index]) and index + 1 < len(blocks):
            if _opener(blocks[index + 1], loose=True) is not None:
                return index
    # After a signature or a rule: numbered or bare notes.
    for index in range(len(blocks) - 1, 0, -1):
        before = blocks[index - 1]
        if _opener(blocks[index], loose=True) and (is_signature(before) or BREAK_RE.match(before.first)):
            if _zone_is_notes(blocks[index:], loose=True) and _sequence_starts(blocks[index], loose=True):
                return index
    # Numbered, bare, superscript or symbol notes at the end, confirmed by their markers.
    start = None
    for index in range(len(blocks) - 1, 0, -1):
        if _opener(blocks[index], loose=True) is None:
            if _tail_apparatus(blocks[index]) and start is None:
                continue
            break
        start = index
    if start is not None and _sequence_starts(blocks[start], loose=True) and _confirmed(blocks[:start], blocks[start:]):
        return start
    # Bracketed notes at the end: more notes than other blocks, or a note standing after
    # body text would take the paragraphs after it (notes in place are read later).
    start = None
    for index in range(len(blocks) - 1, -1, -1):
        if _opener(blocks[index], loose=False) is not None and _zone_is_notes(blocks[index:], loose=False, strict=True):
            start = index
    return start


def _confirmed(body: list[Block], zone: list[Block]) -> bool:
    """Loose notes at the end are notes when the body holds a glued marker for the first
    label (`taxes3`, `word*`, `word¹`) or the notes end with back-links (`↩`)."""
    opened = _opener(zone[0], loose=True)
    if opened is None:
        return False
    if all(b.text.rstrip().endswith("↩") for b in zone if _opener(b, loose=True)):
        return True
    label = opened[0]
    for block in body:
        text = block.text
        for pattern in (notes_stage.BARE_MARKER_RE, notes_stage.SYMBOL_MARKER_RE, notes_stage.PAREN_MARKER_RE):
            if any(m.group(1) == label for m in pattern.finditer(text)):
                return True
        if any(notes_stage.superscript_digits(m.group(0)) == label for m in notes_stage.SUPERSCRIPT_MARKER_RE.finditer(text)):
            return True
    return False


def _sequence_starts(block: Block, loose: bool) -> bool:
    opened = _opener(block, loose)
    return opened is not None and opened[0] in {"1", "i", "I", "*", "a", "A", "¹"}


def _zone_is_notes(blocks: list[Block], loose: bool, strict: bool = False) -> bool:
    """True when note openers are at least as many as the other blocks (tail apparatus
    aside); with `strict`, more."""
    openers = sum(1 for b in blocks if _opener(b, loose) is not None)
    others = sum(
        1 for b in blocks if _opener(b, loose) is None and not _tail_apparatus(b) and not _is_notes_heading(b)
    )
    return openers >= 1 and (openers > others if strict else openers >= others)


def _tail_apparatus(block: Block) -> bool:
    return bool(
        (word_count(block.text) <= 12 and image_credit(block))
        or bio_name(block.text)
        or is_signature(block)
    )


def _read_zone(blocks: list[Block], found: Notes) -> None:
    """Read a notes list: openers start notes, other blocks continue the note before."""
    current: NoteBlock | None = None
    loose = True
    trailing: list[Block] = []
    for block in (piece for b in blocks for piece in split_openers(b, loose)):
        if _is_notes_heading(block) and current is None:
            found.removed.extend(RemovedLine(line.number, line.text, "notes heading") for line in block.lines)
            found.roles.append(role_of(block, "notes-heading", "notes.heading"))
            continue
        opened = _opener(block, loose)
        if opened is not None:
            label, text, form = opened
            current = _note_block(block, label, text, form)
            found.notes.append(current)
            found.roles.append(role_of(block, "note", f"notes.{form}"))
        elif current is not None and not _tail_apparatus(block):
            current.text += "\n\n" + _continuation_text(block)
            current.end = block.lines[-1].offset + len(block.lines[-1].text)
            found.roles.append(role_of(block, "note", "notes.continued"))
        else:
            trailing.append(block)
    found.trailing = trailing


def split_openers(block: Block, loose: bool) -> list[Block]:
    """A block whose lines open several notes (`[1] …` / `[2] …` on consecutive lines) → one block per note."""
    if block.kind not in {"text", "list", "quote"} or block.single:
        return [block]
    starts = [
        i for i, line in enumerate(block.lines) if i == 0 or _opener(Block([line]), loose) is not None
    ]
    if len(starts) == 1:
        return [block]
    return [
        Block(block.lines[a:b], blank_before=block.blank_before if a == 0 else 0)
        for a, b in zip(starts, starts[1:] + [len(block.lines)], strict=True)
    ]


_GLUED_NOTE_RE = re.compile(r"^\s*\[(" + notes_stage.LABEL + r")\]\s+[A-Z“\"‘'(_]")


def split_glued_note(block: Block) -> list[Block]:
    """A `[1] Note…` line glued under a sentence or a signature with no blank line between
    (`CIVIS.` / `[1] Written in …`) starts a block of its own."""
    if block.kind != "text" or block.single or block.markdown:
        return [block]
    for index in range(1, len(block.lines)):
        before = block.lines[index - 1].text.rstrip()
        if _GLUED_NOTE_RE.match(block.lines[index].text) and before.endswith((".", "!", "?", ":", "”", '"', "'")):
            return [Block(block.lines[:index], blank_before=block.blank_before), *split_glued_note(Block(block.lines[index:]))]
    return [block]


def _continuation_text(block: Block) -> str:
    if block.kind in {"pre", "verse"} or sum(1 for line in block.lines if line.indent >= 2) >= 2:
        return "\n".join(" " + line.text.rstrip() if not line.text.startswith(" ") else line.text.rstrip() for line in block.lines)
    return block.text


def _in_place_notes(body: list[Block], found: Notes) -> list[Block]:
    """`[1] …` blocks standing in the body after the paragraph that cites them."""
    kept: list[Block] = []
    current: NoteBlock | None = None
    continued = 0
    for index, block in enumerate(body):
        if (
            current is not None
            and continued
            and 0 < block.blank_before < current.block.blank_before
            and _opener(block, loose=False) is None
        ) or (current is not None and is_attribution(block)):
            continued -= 1
            current.text += "\n\n" + _continuation_text(block)
            current.end = block.lines[-1].offset + len(block.lines[-1].text)
            found.roles.append(role_of(block, "note", "notes.continued"))
            continue
        current = None
        opened = _opener(block, loose=False)
        if opened is None and kept:
            loose = _opener(block, loose=True)
            if loose is not None and loose[2] in {"symbol", "superscript"} and _confirmed(kept, [block]):
                opened = loose
                pieces = split_openers(block, loose=True)
                if len(pieces) > 1:
                    for piece in pieces:
                        piece_opened = _opener(piece, loose=True)
                        if piece_opened is not None:
                            found.notes.append(_note_block(piece, *piece_opened))
                            found.roles.append(role_of(piece, "note", "notes.in-place"))
                    continue
        if opened is not None and kept:
            label, text, form = opened
            current = _note_block(block, label, text, form)
            continued = _set_off_run(body, index)
            found.notes.append(current)
            found.roles.append(role_of(block, "note", "notes.in-place"))
        else:
            kept.append(block)
    return kept + found.trailing


ATTRIBUTION_RE = re.compile(r"^\s*(?:--?|—|–)\s*[A-Z“\"'‘_]")
"""`--Harrow's letter to his son.`, `— Hume`: who said what the block above quotes."""


def is_attribution(block: Block) -> bool:
    """A short line opened by a dash that names the source of a quotation."""
    return block.single and word_count(block.text) <= 14 and bool(ATTRIBUTION_RE.match(block.text))


def _set_off_run(body: list[Block], index: int) -> int:
    """How many blocks after a note standing in the text continue it: those set off from
    the text by the same wider gap as the note (at most three, and the text must resume
    after them with that gap)."""
    gap = body[index].blank_before
    run = 0
    for block in body[index + 1 : index + 5]:
        if 0 < block.blank_before < gap and _opener(block, loose=False) is None:
            run += 1
        else:
            return run if block.blank_before >= gap and run <= 3 else 0
    return 0


# --- signature, bio, credit -------------------------------------------------------------------


def is_signature(block: Block) -> bool:
    """A closing signature: `CIVIS.`, `— J. D.`, or a short line pushed far right."""
    if len(block.lines) > 2 or block.kind not in {"text", "quote", "verse"}:
        return False
    text = block.text.strip()
    if not text or word_count(text) > 6:
        return False
    if SIGNATURE_DASH_RE.match(text):
        return True
    if text.lower().strip(" .:") in {"notes", "footnotes", "endnotes", "references", "the end", "finis"}:
        return False
    if is_caps(text) and not BREAK_RE.match(text) and re.fullmatch(r"[A-Z][A-Z .,'’&-]*", text):
        return True
    if re.fullmatch(r"(?:[A-Z]\.\s?){2,4}", text):
        return True  # initials: `M.B.`, `J. D.`
    return block.lines[0].indent >= 20 and text[:1].isupper()


VALEDICTION_RE = re.compile(
    r"^(?:sincerely|yours|your (?:humble|obedient|most|very|affectionate|faithful)|i am|i remain|respectfully"
    r"|faithfully|cordially|(?:with )?(?:best |kind |warm )?regards|best wishes|very truly|truly yours"
    r"|affectionately|ever yours|with (?:respect|gratitude))\b",
    re.I,
)
"""A closing formula before a signature (`Sincerely,`, `I am, Sir,`, `Your humble servant,`)."""


def is_valediction(block: Block) -> bool:
    """A short closing line such as `Sincerely,` or `Your humble servant,` (also in italics)."""
    text = block.text.strip().replace("_", "").replace("*", "")
    return len(block.lines) <= 2 and word_count(text) <= 8 and bool(VALEDICTION_RE.match(text)) and text.endswith((",", "."))


def signature_names(signature: str) -> tuple[str, ...]:
    """The name a signature gives (`CIVIS.` → `Civis`, `— J. D.` → `J. D.`), or `()`."""
    name = re.sub(r"^\s*(?:[—–]|--?)\s*", "", signature).strip(" ,")
    if not re.search(r"(?:^|[\s.])[A-Z]\.$", name):
        name = name.rstrip(" .")  # keep the stop of a final initial (`J. D.`)
    if not name or word_count(name) > 5:
        return ()
    if is_caps(name):
        name = " ".join(w[:1] + w[1:].lower() if len(w.strip(".")) > 2 else w for w in name.split())
    return (name,)


def bio_name(text: str) -> str:
    """The author's name if the text is a bio (`Jane Doe is a senior fellow…`), else ``."""
    match = BIO_RE.match(text)
    if match is None:
        return ""
    name = match.group("name").strip()
    return name if len(name.split()) >= 2 else ""


@dataclass
class Tail:
    """The closing apparatus of the body."""

    signature: str = ""
    bio: str = ""
    bio_name: str = ""
    image: ImageCredit | None = None
    date: PartialDate | None = None
    """A date line after the signature (`December 23, 1776.`)."""
    tags: tuple[str, ...] = ()
    """A tag list closing a blog post (`Tags` over `open-source`, `tech`)."""
    roles: list[BlockRole] = field(default_factory=list)
    used: int = 0
    """How many blocks at the end of the body the tail took."""


def read_tail(body: list[Block], image: ImageCredit | None) -> Tail:
    """Read signature, bio and image credit from the end of the body.

    Args:
        body: The body blocks (notes already taken out).
        image: The image credit the head found, if any.

    Returns:
        The tail; `used` blocks at the end of `body` belong to it.
    """
    tail = Tail(image=image)
    end = len(body)
    if (start := _tag_list_start(body)) is not None:
        tail.tags = tuple(line.text.strip().lstrip("#") for block in body[start + 1 :] for line in block.lines)
        tail.roles.extend(role_of(block, "meta", "tail.tag-list") for block in body[start:])
        end = start
    while end > 1:
        block = body[end - 1]
        if tail.date is None and (date := dateline(block)) is not None:
            tail.date = date
            tail.roles.append(role_of(block, "dateline", "tail.dateline"))
        elif not tail.signature and is_signature(block):
            tail.signature = block.text.strip()
            tail.roles.append(role_of(block, "signature", "tail.signature"))
            while end > 2 and is_valediction(body[end - 2]):
                end -= 1
                tail.roles.append(role_of(body[end - 1], "signature", "tail.valediction"))
        elif tail.image is None and word_count(block.text) <= 12 and (found := image_credit(block)):
            tail.image = found
            tail.roles.append(role_of(block, "credit", "tail.image-credit"))
        elif not tail.bio and bio_name(block.text) and word_count(block.text) <= 150 and end >= 2:
            tail.bio, tail.bio_name = block.text, bio_name(block.text)
            tail.roles.append(role_of(block, "bio", "tail.bio"))
        else:
            break
        end -= 1
    tail.used = len(body) - end
    return tail


def _tag_list_start(body: list[Block]) -> int | None:
    """Where a closing tag list starts: a `Tags` label over short tag lines, or `None`."""
    index = len(body)
    while index > 1 and body[index - 1].kind in {"text", "verse"} and not TAG_LABEL_RE.match(body[index - 1].text.strip()) and all(
        _TAG_RE.match(line.text.strip()) and word_count(line.text) <= 4 and not line.text.rstrip().endswith((".", "!", "?", ","))
        for line in body[index - 1].lines
    ):
        index -= 1
    if index < len(body) and index >= 1 and body[index - 1].single and TAG_LABEL_RE.match(body[index - 1].text.strip()):
        return index - 1
    return None
