"""The head of an article: title, number line, subtitle, byline, dateline, publication line,
topic/tags line, image credit and salutation.

[read_head][explainer.parse_head.read_head] reads blocks from the top while one of its
rules recognises them, and stops at the first block that is body text. Every rule has a
name (shown by `explainer parse --explain`) and is table-tested in `tests/test_parse_head.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from explainer.model import BlockRole, ImageCredit, PartialDate, RemovedLine, Role
from explainer.notes import MARKER_RE, first_sentence, parse_names
from explainer.parse_layout import Block
from explainer.textutil import (
    MONTHS,
    find_date,
    normalize_for_compare,
    split_run_together,
    title_case,
    title_case_words,
    word_count,
)

BYLINE_RE = re.compile(
    r"^(?:by|written by|posted by|words by|authors?)(?:\s*:)?\s+(?P<names>[A-Z][^|•·\n]{1,150}?)\s*(?:[|•·—–].*)?$",
    re.I,
)
"""`By Jane Doe and John Roe` (optionally followed by `| date`)."""

_NUMBER_WORDS = (
    r"chapter|chap\.|book|part|section|sect\.|letter|essay|lecture|sermon|address|speech"
    r"|number|no\.|numb\.|article|canto|paper|discourse|study|appendix"
)
NUMBER_LINE_RE = re.compile(
    r"^(?P<number>(?:[A-Z][A-Za-z’'-]{0,20}\s+){0,3}?(?:" + _NUMBER_WORDS + r")\s*"
    r"(?:\d{1,4}|[IVXLCDM]{1,8}|[ivxlcdm]{1,8}|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b\.?)"
    r"(?P<rest>.{0,120})$",
    re.I,
)
"""A number line: `CHAPTER IX`, `THE REVIEW No. 7`, `No. 12.`, `ESSAY II.`, `Letter V`."""

ROMAN_LINE_RE = re.compile(r"^\s*(?P<numeral>[IVXLC]{1,7})\.?\s*$")
"""A roman numeral alone on a line (a section number)."""

PUBLICATION_RE = re.compile(
    r"^(?:from|originally (?:published|appeared)|first (?:published|appeared)|reprinted (?:from|in|by)"
    r"|published (?:in|by|originally)|written (?:about|in|for|on|at|circa)|delivered (?:at|before|in|on)|this (?:article|essay|piece|op-ed|post|column) (?:was |first |originally )+"
    r"(?:published|appeared)|appeared (?:first )?in|cross-posted from|republished (?:from|with)"
    r"|\d{4},?\s+(?:original(?:ly)?|first|written|published|delivered|reprinted)\b)\b",
    re.I,
)
"""The start of a publication line (`From the Evening Courier.`, `Originally published in …`)."""

_DATE_PREFIX_RE = re.compile(
    r"^(?:(?:updated|published|posted|last updated|first published|dated?|released)(?:\s+on)?:?\s*"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+)+",
    re.I,
)
"""Words that may stand before a dateline's date (`Updated`, `Friday,`)."""

_NOT_A_MONTH = r"(?!(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b)"
_PLACE_PREFIX_RE = re.compile(
    r"^(?:" + _NOT_A_MONTH + r"(?:[A-Z][A-Za-z.'’-]*\s+){0,3}[A-Z][A-Za-z.'’-]*,\s+){1,3}(?=\S)"
)
"""A place before a dateline's date (`PHILADELPHIA, March, 1780.`, `THE WHITE HOUSE, June 7, 2023.`)."""

META_LABEL_RE = re.compile(
    r"\b(?P<label>Topics?|Regions?|Tags?|Categor(?:y|ies)|Keywords?|Filed under|Section)\s*:\s*",
    re.I,
)
"""Labels of the topic/region/tags line that scraped articles carry under the title."""

IMAGE_CREDIT_RE = re.compile(
    r"(?:^|(?<=[\s.(]))(?P<label>(?:Photo(?:graph)?|Image|Picture|Illustration|Cover image|Header image)"
    r"(?:\s+[A-Za-z]{2,8})?)\s*:\s*(?P<credit>.+?)\)?\s*$"
)
"""`Photo credit: X`, `Image: X`, also at the end of a caption (`A soldier… Photo: X`)."""

CC_ATTRIBUTION_RE = re.compile(
    r"^[“\"‘'](?P<title>[^“”\"]{1,120})[”\"’'],?\s+by\s+\S.{0,100}?\s+(?:is\s+)?licen[cs]ed\s+under\s+\S.{0,80}$",
    re.I,
)
"""The Creative Commons attribution of an image (`"Title" by Author is licensed under CC BY 2.0`)."""

SALUTATION_START_RE = re.compile(
    r"^(?:to\b|dear\b|my dear\b|fellow\b|gentlemen\b|ladies\b|sir\b|sirs\b|madam\b|friends\b"
    r"|citizens\b|brethren\b|mr\.|mrs\.|ms\.|messrs\.|your\b|hon(?:ou)?red\b|dearest\b)",
    re.I,
)
"""The first word of a salutation (`To the People…:`, `Fellow-Citizens:`, `Dear Sir,`)."""

_ROLE_WORDS = frozenset(
    """fellow professor director editor correspondent analyst writer contributor president chair
    author reporter columnist researcher senior associate lecturer founder ceo minister secretary
    ambassador member scholar economist historian journalist student teacher head manager officer
    adviser advisor counsel partner principal dean chief commissioner governor senator""".split()
)

_FUNCTION_WORDS = frozenset(
    """the a an of to in on for with from against as at by into upon this that these those its
    his her their our your is are was were be concerning same subject continued""".split()
)

_HEADING_WORDS = frozenset(
    """introduction preface conclusion conclusions summary contents chapter part book notes appendix
    abstract background epilogue prologue foreword afterword postscript references bibliography
    index acknowledgements acknowledgments overview""".split()
)


@dataclass
class Head:
    """What the head of an article says."""

    title: str = ""
    title_line: int = 0
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    date: PartialDate | None = None
    publication: str = ""
    salutation: str = ""
    topics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    image: ImageCredit | None = None
    roles: list[BlockRole] = field(default_factory=list)
    """The role of every head block."""
    removed: list[RemovedLine] = field(default_factory=list)
    """Head lines dropped (a repeated title)."""
    used: int = 0
    """How many blocks the head took."""
    acronyms: frozenset[str] = frozenset()
    """Words a title in capitals keeps in capitals (read from the text)."""
    taken: list[Block] = field(default_factory=list)
    """Blocks after `used` that the head took too (a letter's opening under an epigraph)."""


def role_of(block: Block, role: Role, rule: str) -> BlockRole:
    """A [BlockRole][explainer.model.BlockRole] for a block."""
    return BlockRole(block.line, block.end_line, role, rule, block.first[:80])


# --- single-block tests -------------------------------------------------------------------


def is_title_like(block: Block, max_words: int = 30) -> bool:
    """A short block with no sentence-ending period: a title, heading or subtitle shape."""
    text = block.text
    if not text or len(block.lines) > 3 or word_count(text) > max_words:
        return False
    if MARKER_RE.search(text):
        return False
    return not text.endswith((".", ",", ";")) or text.endswith(("...", "…"))


def is_caps(text: str) -> bool:
    """True when the letters of the text are all capitals (at least 3 letters)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters)


def number_line(block: Block) -> tuple[str, str] | None:
    """`(number, rest)` for a number line such as `CHAPTER VI` or `No. 4. SATURDAY, March 31, 1750.`."""
    if not block.single or word_count(block.text) > 14:
        return None
    match = NUMBER_LINE_RE.match(block.text.strip())
    if match is None:
        roman = ROMAN_LINE_RE.match(block.text)
        return (roman.group("numeral"), "") if roman else None
    rest = match.group("rest").strip(" .,:;—–-")
    if rest and find_date(rest) is None and not is_caps(rest) and word_count(rest) > 8:
        return None
    return match.group("number").strip().rstrip("."), rest


def byline_names(block: Block) -> tuple[str, ...] | None:
    """The names of a byline, or `None` if the block is not one.

    Recognised: `By Jane Doe`, `Jane Doe, Senior Fellow`, `Jane Doe | Senior Fellow`, and a
    name (or names joined by OR/AND) alone in capitals (`SMITH OR JONES`).
    """
    if not block.single:
        return None
    text = block.text.strip()
    if re.fullmatch(r"([*_]{1,2})[^*_]+\1", text):
        text = text.strip("*_").strip()  # `*By: Jane Doe*` in a plain-text file
    match = BYLINE_RE.match(text)
    if word_count(text) > (40 if match and text.count(",") >= 2 else 16):
        return None
    if match:
        return tuple(str(n) for n in parse_names(_strip_date(_cut_role(_cut_title(match.group("names"))))))
    if _caps_names(text):
        parts = re.split(r"\s+(?:OR|AND|&)\s+|\s*,\s*", text.strip(" ."))
        return tuple(title_case_name(p) for p in parts if p)
    role = re.match(r"^(?P<name>(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+)\s*[,|–—]\s*(?P<role>.+)$", text)
    if role and {w.lower().strip(".,") for w in role.group("role").split()} & _ROLE_WORDS:
        return (role.group("name"),)
    return None


def _cut_title(names: str) -> str:
    """`Deputy National Security Advisor Jane Doe` → `Jane Doe`: a job title before the name
    ends at its last role word, when two to four capitalised words follow it."""
    words = names.split()
    roles = [i for i, w in enumerate(words[:8]) if w.lower().strip(".,") in _ROLE_WORDS]
    if not roles or "," in " ".join(words[: roles[-1] + 1]):
        return names
    rest = words[roles[-1] + 1 :]
    if 2 <= len(rest) <= 4 and all(w[:1].isupper() for w in rest):
        return " ".join(rest)
    return names


def _cut_role(names: str) -> str:
    """`Jane Doe, Senior Fellow at X` → `Jane Doe` (a comma before role words ends the names)."""
    parts = re.split(r"\s*,\s*", names)
    kept: list[str] = []
    for part in parts:
        words = {w.lower().strip(".") for w in part.split()}
        if kept and (words & _ROLE_WORDS or words & {"a", "an", "the", "at", "of"}):
            break
        kept.append(part)
    return ", ".join(kept)


def _strip_date(text: str) -> str:
    found = find_date(text)
    kept = text[: found[1]].strip(" ,|—–-") if found else text
    return re.sub(r"\s+(?:on|at|in|published|posted|updated)$", "", kept, flags=re.I)


def _caps_names(text: str) -> bool:
    """A name or names alone in capitals: `SMITH`, `SMITH OR JONES`, `ANN LEE`."""
    if not is_caps(text) or word_count(text) > 7:
        return False
    words = [w.strip(".,") for w in re.split(r"\s+(?:OR|AND|&)\s+|\s*,\s*|\s+", text.strip(" ."))]
    words = [w for w in words if w]
    if not words or len(words) > 5:
        return False
    lowered = {w.lower() for w in words}
    return not (lowered & _FUNCTION_WORDS or lowered & _HEADING_WORDS) and all(
        re.fullmatch(r"[A-Z][A-Z'’-]*\.?|[A-Z]\.", w) for w in words
    )


def title_case_name(text: str) -> str:
    """`JOHN JAY` → `John Jay`; names in mixed case are kept."""
    if not is_caps(text):
        return text.strip()
    return " ".join(w[:1] + w[1:].lower() if len(w) > 2 else w for w in text.strip(" .").split())


def dateline(block: Block) -> PartialDate | None:
    """The date of a dateline (`Friday, November 23, 1787.`, `Updated 1 Feb 2022`, a place
    over a date on the next line), or `None`."""
    if len(block.lines) > 2 or word_count(block.text) > 12:
        return None
    if len(block.lines) == 2 and not block.lines[0].text.rstrip().endswith(","):
        return None
    text = block.text.strip().replace("_", "")
    span = _DATE_RANGE_RE.match(text)
    if span is not None:
        text = span.group("last")  # a periodical dated by the days it covers: the last day
    place = _PLACE_PREFIX_RE.match(text)
    text = text[place.end() :] if place else text
    prefix = _DATE_PREFIX_RE.match(text)
    rest = text[prefix.end() :] if prefix else text
    found = find_date(rest)
    if found is None or found[1] > 2:
        return None
    tail = rest[found[2] :].strip(" .,;|—–-")
    if word_count(tail) > 6 and not META_LABEL_RE.search(tail):
        return None
    return found[0]


_DATE_RANGE_RE = re.compile(r"^from\s+[^,]{3,30},\s+[^,]{3,20},\s+to\s+(?P<last>.{6,60})$", re.I)
"""`From Tuesday, April 12, to Thursday, April 14, 1709.`: the days an issue covers."""

_YEARLESS_DATELINE_RE = re.compile(
    r"^(?:[^\s,]+\s+){0,4}[^\s,]+,\s+(?P<month>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?\.?$",
    re.I,
)


def yearless_dateline(block: Block) -> bool:
    """A place and a day with no year, as letters and periodicals date their parts
    (`Mill Lane, Oct. 3.`, `From my own room, April 13.`)."""
    return block.single and block.kind == "text" and bool(_YEARLESS_DATELINE_RE.match(block.text.strip()))


FIELD_LINE_RE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z]{0,20}(?:[- ][A-Za-z]{1,20}){0,2}):\s+(?P<value>\S.{0,300})$")
"""`Author: Jane Doe`: one field of a header block (a memo's To/From/Date/Subject, a PEP's fields)."""

_FIELD_ROLES = {
    "title": "title", "subject": "title", "re": "title",
    "author": "authors", "authors": "authors", "from": "authors", "by": "authors", "written by": "authors",
    "date": "date", "created": "date", "published": "date", "issued": "date", "dated": "date",
}


def field_header(block: Block) -> dict[str, str] | None:
    """The fields of a header block that opens a memo or a standards document
    (`Title: …` / `Author: …` / `Created: 21-Oct-2009`), or `None`.

    At least three lines, nearly all `Key: value` (indented lines continue a value).
    The keys are returned in lower case.
    """
    if block.kind != "text" or len(block.lines) < 3:
        return None
    fields: dict[str, str] = {}
    last = ""
    matched = 0
    for line in block.lines:
        found = FIELD_LINE_RE.match(line.text.strip()) if line.indent == 0 else None
        if found is not None:
            last = found.group("key").lower()
            fields[last] = found.group("value").strip()
            matched += 1
        elif last and line.indent > 0:
            fields[last] += " " + line.text.strip()
        else:
            return None
    return fields if matched >= 3 else None


def _read_field_header(block: Block, fields: dict[str, str], head: Head) -> None:
    for key, value in fields.items():
        role = _FIELD_ROLES.get(key)
        if role == "title" and not head.title:
            head.title, head.title_line = value, block.line
        elif role == "authors" and not head.authors:
            head.authors = tuple(str(n) for n in parse_names(re.sub(r"\s*<[^>]*>", "", value)))
        elif role == "date" and head.date is None and (found := find_date(value)) is not None:
            head.date = found[0]
    head.roles.append(role_of(block, "meta", "head.field-header"))


SECTION_LABEL_RE = re.compile(
    r"^(?:[\w.&'’-]+\s+){0,2}(?:blog|opinion|analysis|commentary|op-?ed|editorial|column|news|perspective"
    r"|feature|essay|review|press release|statement|letters?|ideas|insights?|viewpoint|comment|explainer)s?:?$",
    re.I,
)
"""A site's section name over a browser copy's title (`Opinion`, `CISA blog`, `Analysis`)."""


def section_label(block: Block) -> bool:
    return block.single and block.kind == "text" and bool(SECTION_LABEL_RE.match(block.text.strip()))


def is_opening_address(block: Block) -> bool:
    """`To the Members of the Society of …, or to so many of them as …`: a long address
    that opens an open letter in place of a title (one sentence of several lines)."""
    text = block.text.strip()
    return (
        block.kind == "text"
        and len(block.lines) >= 2
        and word_count(text) <= 90
        and bool(re.match(r"^to\s+(?:the|my|our|all|his|her|those|every)\s+[A-Z]", text, re.I))
        and first_sentence(text) == text
        and text.endswith((".", ":", ",", '."', ".”", ":”"))
    )


ADDRESSEE_RE = re.compile(
    r"^(?:to\s+(?:the|my|our|his|her|all|[A-Z])|hon\.|hon(?:ou)?rable|mr\.|mrs\.|ms\.|dr\.|rev\.|messrs\.|sir\s+[A-Z])",
    re.I,
)
"""The first words of a letter's address: `TO THE EDITOR.`, `HON. ANN LEE.`."""

_RUN_IN_SALUTATION_RE = re.compile(r"^(?:dear|my dear|sir|madam|gentlemen)\b[^.]{0,20}?(?:[:,]|--|—)", re.I)
"""`DEAR SIR:--I have just read…`: a salutation that runs into the first paragraph."""


def is_addressee(block: Block, following: list[Block], run_in: bool = True) -> bool:
    """`TO THE EDITOR.` over `Sir,` (or, with `run_in`, over `Sir, In your paper…`): the
    address of a letter, read with its salutation."""
    text = block.text.strip()
    return (
        block.single
        and word_count(text) <= 12
        and bool(ADDRESSEE_RE.match(text))
        and text.endswith((".", ",", ":"))
        and bool(following)
        and (is_salutation(following[0]) or (run_in and bool(_RUN_IN_SALUTATION_RE.match(following[0].text))))
    )


def meta_line(block: Block, known: tuple[str, ...]) -> dict[str, object] | None:
    """Read a topic/tags line such as `February 1, 2022 Topic: X Region: Y Tags: AB`."""
    if not block.single:
        return None
    text = block.text
    labels = list(META_LABEL_RE.finditer(text))
    if not labels:
        return None
    found = find_date(text)
    date_at_start = found is not None and found[1] <= 3
    if labels[0].start() > 0 and not date_at_start and word_count(text[: labels[0].start()]) > 6:
        return None
    values: dict[str, str] = {}
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        values[match.group("label").lower()] = text[match.end() : end].strip(" ,;|")
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
    return {
        "date": found[0] if date_at_start and found else None,
        "topics": topics,
        "regions": regions,
        "tags": tuple(tags),
    }


def image_credit(block: Block) -> ImageCredit | None:
    """The caption and credit of a `… Photo: X` line, or `None`."""
    text = block.text
    if word_count(text) > 80:
        return None
    attribution = CC_ATTRIBUTION_RE.match(text.strip())
    if attribution is not None and word_count(text) <= 30:
        return ImageCredit(caption=attribution.group("title"), credit=text.strip().rstrip("."), line=block.line)
    match = IMAGE_CREDIT_RE.search(text)
    if match is None:
        return None
    caption = text[: match.start()].strip()
    return ImageCredit(caption=caption, credit=match.group("credit").strip().rstrip("."), line=block.line)


def is_publication_line(block: Block) -> bool:
    """`From the Evening Courier.`, `Originally published in The Review, 2019.`"""
    if len(block.lines) > 2 or word_count(block.text) > 25:
        return False
    text = block.text.strip().lstrip("(_*")
    if PUBLICATION_RE.match(text) is None:
        return False
    if text.lower().startswith("from "):
        words = [w for w in text[5:].split() if w[:1].isalpha()]
        capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in {"the", "of", "and"})
        return word_count(text) <= 12 and bool(words) and capitalised == len(words)
    return True


def is_salutation(block: Block) -> bool:
    """`To the People of the State of New York:`, `Fellow-Citizens:`, `Dear Sir,`."""
    if not block.single or word_count(block.text) > 14:
        return False
    text = block.text.strip()
    if text.endswith(":"):
        return bool(SALUTATION_START_RE.match(text)) or (word_count(text) <= 4 and is_title_like(block, 4) is False)
    return text.endswith(",") and bool(re.match(r"^(?:dear|my dear|sir|gentlemen|madam|dearest)\b", text, re.I))


def is_synopsis(block: Block) -> bool:
    """A chapter's argument under its number: phrases run together with dashes
    (`Question stated--Little prospect of …--Outline of the argument`)."""
    text = block.text.strip()
    pieces = [p.strip() for p in re.split(r"--|—", text)]
    return (
        block.kind == "text"
        and len(block.lines) <= 8
        and word_count(text) <= 120
        and len(pieces) >= 3
        and all(p[:1].isupper() for p in pieces if p)
        and first_sentence(text) == text
    )


def is_subtitle(block: Block) -> bool:
    """A subtitle shape: capitals, parentheses, italics, or a title-like line under the title."""
    text = block.text.strip()
    if is_synopsis(block):
        return True
    if not text or word_count(text) > 40 or len(block.lines) > 4:
        return False
    if MARKER_RE.search(text):
        return False
    if text.lower().strip(" .:") in _HEADING_WORDS or re.match(r"^(?:[IVXLC]{1,6}|\d{1,3})\.\s", text):
        return False
    if is_caps(text) and not text.endswith(":"):
        return True
    if text.startswith("(") and text.endswith((")", ").")):
        return True
    if len(block.spans) == 1 and block.spans[0].kind == "em" and block.spans[0].end - block.spans[0].start >= len(text) - 2:
        return True
    if re.fullmatch(r"_[^_]+_\.?", text):
        return True
    return False


# --- the head reader ----------------------------------------------------------------------


def read_head(
    blocks: list[Block],
    known_tags: tuple[str, ...] = (),
    title_known: bool = False,
    acronyms: frozenset[str] = frozenset(),
) -> Head:
    """Read the head of an article from its first blocks.

    Args:
        blocks: The blocks, furniture already taken out.
        known_tags: Tags the sidecar gives (to split run-together tag lines).
        title_known: The title comes from front matter or the sidecar (the text may not repeat it).
        acronyms: Words a title in capitals keeps in capitals (`OECD`).

    Returns:
        The head; `used` says how many blocks it took.
    """
    head = Head(acronyms=acronyms)
    if blocks and (fields := field_header(blocks[0])) is not None:
        _read_field_header(blocks[0], fields, head)
        position = 1 if head.title else 1 + _read_title(blocks[1:], head)
    elif title_known and blocks and blocks[0].markdown and not (blocks[0].kind == "heading" and blocks[0].level == 1):
        position = 0  # a Markdown post titled in its front matter: its first paragraph is text
    elif len(blocks) > 1 and section_label(blocks[0]) and _is_title_block(blocks[1], blocks[2:3]):
        # `Opinion` / `CISA blog` over the title: the section of the site the page was in.
        head.roles.append(role_of(blocks[0], "meta", "head.section-label"))
        head.topics += (blocks[0].text.strip(),)
        position = 1 + _read_title(blocks[1:], head)
    elif blocks and is_opening_address(blocks[0]):
        # An epistle that opens with its address and has no title of its own.
        head.salutation = blocks[0].text.strip()
        head.roles.append(role_of(blocks[0], "salutation", "head.opening-address"))
        head.used = 1
        return head
    else:
        position = _read_title(blocks, head)
    has_title = bool(head.title) or title_known
    limit = position + 10
    while position < min(len(blocks), limit):
        block = blocks[position]
        if is_addressee(block, blocks[position + 1 : position + 2]):
            break
        if not _read_head_block(block, head, known_tags, subtitle_allowed=position <= 3 and has_title):
            break
        position += 1
    # A letter's opening, also after an epigraph (a motto stays in the text, as its first paragraph).
    epigraphs = 0
    while epigraphs < 2 and position + epigraphs < len(blocks) and _is_epigraph(blocks[position + epigraphs]):
        epigraphs += 1
    start = position + epigraphs
    end = _read_letter_opening(blocks, start, head)
    if epigraphs and end > start:
        head.taken = blocks[start:end]
    elif not epigraphs:
        position = end
    head.used = position
    return head


def _is_epigraph(block: Block) -> bool:
    """A motto: a quotation or a few lines of verse set in from the margin."""
    if block.kind in {"quote", "verse"}:
        return True
    return block.kind == "text" and len(block.lines) <= 6 and all(line.indent >= 2 for line in block.lines)


def _read_letter_opening(blocks: list[Block], position: int, head: Head) -> int:
    """`TO THE EDITOR.` / `SIR,` / `Mill Lane, Oct. 3.`: address, salutation and dateline
    of a letter; returns the index after what was read."""
    if position < len(blocks) and not head.salutation and is_addressee(blocks[position], blocks[position + 1 : position + 2]):
        head.roles.append(role_of(blocks[position], "salutation", "head.addressee"))
        head.salutation = blocks[position].text.strip()
        position += 1
    if position < len(blocks) and is_salutation(blocks[position]) and not head.salutation.endswith((",", ":")):
        head.salutation = f"{head.salutation} {blocks[position].text.strip()}".strip()
        head.roles.append(role_of(blocks[position], "salutation", "head.salutation"))
        position += 1
        dated = dateline(blocks[position]) if position < len(blocks) else None
        if dated is not None or (position < len(blocks) and yearless_dateline(blocks[position])):
            # A letter dated under its salutation ("Mill Lane, Oct. 3.").
            head.date = head.date or dated
            head.roles.append(role_of(blocks[position], "dateline", "head.letter-dateline"))
            position += 1
    return position


def _read_title(blocks: list[Block], head: Head) -> int:
    """Title (with a number line before it); returns the index of the next block."""
    if not blocks:
        return 0
    first = blocks[0]
    if first.kind == "heading" and first.level == 1:
        head.title, head.title_line = first.text.strip(), first.line
        head.roles.append(role_of(first, "title", "head.markdown-title"))
        return 1
    if first.markdown and first.kind != "text":
        return 0
    number = number_line(first)
    if number is not None:
        label, rest = number
        position = 1
        head.roles.append(role_of(first, "number", "head.number-line"))
        cells = re.split(r"\s{3,}", first.lines[0].text.strip())
        if len(cells) >= 2 and rest:
            # `No. 3.      Saturday, March 3, 1711.      Addison.`: set in columns.
            for cell in cells[1:]:
                cell = cell.strip(" .")
                if (found := find_date(cell)) is not None:
                    head.date = head.date or found[0]
                elif re.fullmatch(r"(?:[A-Z][\w'’-]+\.?\s?){1,4}", cell) and not head.authors:
                    head.authors = (title_case_name(cell),)
            rest = ""
        if rest and (found := find_date(rest)) is not None:
            head.date = found[0]
            rest = ""
        title = rest
        if rest and _caps_names(rest.strip("[]() .")):
            head.authors = (title_case_name(rest.strip("[]() .")),)
            title = rest = ""
        if not rest and len(blocks) > 1 and _title_after_number(blocks[1], blocks[2:3]):
            title = blocks[1].text.strip().rstrip(".")
            head.roles.append(role_of(blocks[1], "title", "head.title-after-number"))
            position = 2
        label = title_case(label, head.acronyms) if is_caps(label) else title_case_words(label, head.acronyms)
        head.title = f"{label}: {title_case(title, head.acronyms)}" if title else label
        head.title_line = first.line
        return position
    if (split := caps_title_and_rest(first)) is not None:
        # `A TITLE IN CAPITALS. Then a subtitle` on one line, as some e-texts join them.
        title, rest = split
        head.title, head.title_line = title_case(title, head.acronyms), first.line
        head.roles.append(role_of(first, "title", "head.caps-title-and-rest"))
        if re.match(r"^to\s+[A-Z]", rest, re.I):
            head.salutation = rest
        else:
            head.subtitle = rest
            found = find_date(rest)
            head.date = head.date or (found[0] if found else None)
        return 1
    if _is_title_block(first, blocks[1:2]):
        head.title = title_case(MARKER_RE.sub("", first.text).strip().rstrip(".").strip(), head.acronyms)
        head.title_line = first.line
        head.roles.append(role_of(first, "title", "head.title"))
        return 1
    return 0


def caps_title_and_rest(block: Block) -> tuple[str, str] | None:
    """`WHAT IS A CITY?. A lecture given in Leeds, 1901` → the title in capitals and the
    rest of the line (a subtitle, or an address such as `To My Friend, J. D.`), or `None`.

    Examples:
        >>> from explainer.parse_layout import Line
        >>> caps_title_and_rest(Block([Line(1, 0, "WHAT IS A CITY?. A lecture given in Leeds")]))
        ('WHAT IS A CITY?', 'A lecture given in Leeds')
    """
    text = block.text.strip()
    if block.kind != "text" or len(block.lines) > 3 or word_count(text) > 40:
        return None
    lower = next((i for i, c in enumerate(text) if c.islower()), None)
    if lower is None:
        return None
    stop = max(text.rfind(c, 0, lower) for c in ".?!:")
    if stop < 0:
        return None
    title = re.sub(r"\s*\[\d{1,3}\]\.?", "", text[: stop + 1]).strip().rstrip(".:").strip()
    rest = text[stop + 1 :].strip(" .:")
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 8 or word_count(title) < 2 or word_count(rest) < 2 or not rest[:1].isupper():
        return None
    return title, rest


def _is_title_block(block: Block, following: list[Block]) -> bool:
    if block.kind in {"list", "break", "footnote", "note-def", "pre"}:
        return False
    explicit_byline = BYLINE_RE.match(block.text.strip().strip("*_").strip())
    if explicit_byline or dateline(block) or is_publication_line(block) or is_salutation(block):
        return False  # apparatus first (a Markdown post whose title is in its front matter)
    text = MARKER_RE.sub("", block.text).strip()
    shaped = (
        is_title_like(block)
        or (block.single and word_count(text) <= 15 and text.endswith(("?", "!")))
        or (len(block.lines) <= 3 and word_count(text) <= 25 and (is_caps(text) or capitalised_words(text)))
    )
    return shaped and (bool(following) or word_count(text) <= 15)


def capitalised_words(text: str) -> bool:
    """True when the longer words are capitalised, as in a title (`Conclusion of the Chapter.`)."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return bool(words) and sum(1 for w in words if w[0].isupper()) / len(words) >= 0.75


def _title_after_number(block: Block, following: list[Block]) -> bool:
    """The block after a number line is its title when it is short and title-shaped."""
    if block.kind not in {"text", "heading"} or BYLINE_RE.match(block.text) or dateline(block):
        return False
    if is_publication_line(block) or is_salutation(block) or is_addressee(block, following, run_in=False):
        return False
    text = block.text.strip()
    return is_title_like(block, 20) or (
        len(block.lines) <= 3 and word_count(text) <= 20 and (is_caps(text) or capitalised_words(text))
    )


def _read_head_block(block: Block, head: Head, known: tuple[str, ...], subtitle_allowed: bool) -> bool:
    """Take one head block if a rule knows it; return False at the first body block."""
    text = block.text.strip()
    compare = normalize_for_compare(text)
    if block.kind in {"list", "break", "pre", "footnote", "note-def"}:
        return False
    if compare and compare == normalize_for_compare(head.title) and block.single:
        head.removed.extend(RemovedLine(line.number, line.text, "repeated title") for line in block.lines)
        head.roles.append(role_of(block, "furniture", "head.repeated-title"))
        return True
    if (found_meta := meta_line(block, known)) is not None:
        head.date = head.date or found_meta["date"]  # type: ignore[assignment]
        head.topics += found_meta["topics"]  # type: ignore[operator]
        head.regions += found_meta["regions"]  # type: ignore[operator]
        head.tags += found_meta["tags"]  # type: ignore[operator]
        head.roles.append(role_of(block, "meta", "head.meta-line"))
        return True
    if (date := dateline(block)) is not None:
        head.date = head.date or date
        head.roles.append(role_of(block, "dateline", "head.dateline"))
        return True
    if not head.authors and (names := byline_names(block)):
        head.authors = names
        byline_date = find_date(text)
        if head.date is None and byline_date is not None:
            head.date = byline_date[0]
        head.roles.append(role_of(block, "byline", "head.byline"))
        return True
    if not head.publication and is_publication_line(block):
        head.publication = text
        if head.date is None and re.match(r"^\d{4}\b", text):
            head.date = PartialDate(int(text[:4]))  # `1849, original title: …`
        head.roles.append(role_of(block, "publication", "head.publication"))
        return True
    if head.image is None and (image := image_credit(block)) is not None:
        head.image = image
        head.roles.append(role_of(block, "credit", "head.image-credit"))
        return True
    if is_salutation(block) and not head.salutation:
        head.salutation = text
        head.roles.append(role_of(block, "salutation", "head.salutation"))
        return True
    if subtitle_allowed and not head.authors and is_subtitle(block):
        subtitle = title_case(text, head.acronyms) if is_caps(text) else text
        subtitle = subtitle.strip("_")
        if not block.markdown:
            subtitle = subtitle.replace("--", "—")
        head.subtitle = f"{head.subtitle} {subtitle}".strip()
        head.roles.append(role_of(block, "subtitle", "head.subtitle"))
        return True
    return False
