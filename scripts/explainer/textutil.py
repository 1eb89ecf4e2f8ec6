"""Small text helpers shared by the stages: slugs, dates, title case, run-together tags.

Pure functions, no I/O. The one `slugify` of the project lives here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from explainer.model import PartialDate

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
"""Month names and their usual abbreviations, lower case, mapped to 1–12."""

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    # September 25, 2019 / Sept. 25 2019 / September, 26, 2019
    re.compile(_MONTH + r",?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    # 25 September 2019
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
    # 2019-09-25
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    # 21-Oct-2009 / 21-October-2009
    re.compile(r"\b(?P<day>\d{1,2})-" + _MONTH + r"-(?P<year>\d{4})\b", re.I),
    # September 2019 / December, 1909
    re.compile(_MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
)


def find_date(text: str) -> tuple[PartialDate, int, int] | None:
    """Find the first calendar date in a piece of text.

    Args:
        text: Any text.

    Returns:
        The date and the span `(start, end)` where it was found, or `None`.

    Examples:
        >>> find_date("The Daily Record, September 25, 2019:")[0].iso()
        '2019-09-25'
        >>> find_date("MOTHER EARTH, December, 1909.")[0].iso()
        '1909-12'
    """
    best: tuple[PartialDate, int, int] | None = None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        date = _date_from_match(match)
        if date is None:
            continue
        if best is None or match.start() < best[1]:
            best = (date, match.start(), match.end())
    return best


def find_all_dates(text: str) -> list[tuple[PartialDate, int, int]]:
    """Every calendar date in a text, left to right, as repeated
    [find_date][explainer.textutil.find_date] calls after each other would find them, in one
    pass per pattern (linear in the text's length).

    Examples:
        >>> [(d.iso(), s) for d, s, _ in find_all_dates("On 1 May 2022 and June 2023.")]
        [('2022-05-01', 3), ('2023-06', 18)]
    """
    candidates: list[tuple[int, int, int, PartialDate]] = []
    for order, pattern in enumerate(_DATE_PATTERNS):
        for match in pattern.finditer(text):
            date = _date_from_match(match)
            if date is not None:
                candidates.append((match.start(), order, match.end(), date))
    candidates.sort(key=lambda c: (c[0], c[1]))
    found: list[tuple[PartialDate, int, int]] = []
    position = 0
    for start, _, end, date in candidates:
        if start >= position:
            found.append((date, start, end))
            position = end
    return found


def _date_from_match(match: re.Match[str]) -> PartialDate | None:
    groups = match.groupdict()
    month_text = groups.get("month")
    month: int | None
    if month_text is None:
        month = None
    elif month_text.isdigit():
        month = int(month_text)
    else:
        month = MONTHS.get(month_text.lower().rstrip("."))
    day = int(groups["day"]) if groups.get("day") else None
    year = int(groups["year"])
    date = PartialDate(year=year, month=month, day=day)
    return date if _is_real_date(date) else None


def parse_iso_date(text: str) -> PartialDate | None:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.

    Args:
        text: The date as written in a sidecar.

    Returns:
        The date, or `None` if the text is not such a date.
    """
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    date = PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    return date if _is_real_date(date) else None


def _is_real_date(date: PartialDate) -> bool:
    """True unless the month or day cannot exist (`2022-13`, `2022-02-30`)."""
    try:
        dt.date(
            date.year, 1 if date.month is None else date.month, 1 if date.day is None else date.day
        )
    except ValueError:
        return False
    return True


def slugify(text: str, *, max_length: int = 60) -> str:
    """Make a lower-case, hyphenated identifier for anchors and file names: ASCII for Latin
    script (accents dropped), the letters themselves for other scripts.

    Args:
        text: Any text.
        max_length: Longest slug returned; cut at a hyphen where possible.

    Returns:
        The slug; `"x"` when nothing usable is left.

    Examples:
        >>> slugify("Why Cities Matter – The ‘Housing’ Dimension")
        'why-cities-matter-the-housing-dimension'
        >>> [slugify(t) for t in ("война и мир", "ελληνικά", "Ärger über Öl")]
        ['война-и-мир', 'ελληνικά', 'arger-uber-ol']
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    letters = sum(1 for c in text if c.isalnum())
    if letters and sum(1 for c in slug if c.isalnum()) * 2 < letters:
        # Another script (Cyrillic, Greek, Arabic…): keep its letters rather than lose them.
        slug = "-".join(re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())).replace("_", "-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or "x"


_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or per the to up via vs with".split()
)


_ROMAN_RE = re.compile(r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_INITIALISM_RE = re.compile(r"(?:[A-Za-z]\.){2,}")
_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9&]{1,7}s?\b")


def is_roman(word: str) -> bool:
    """True for a roman numeral of two letters or more (`IV`, `XII`), not the word *mix*.

    Examples:
        >>> [is_roman(w) for w in ("VI", "xii", "MIX", "DID")]
        [True, True, False, False]
    """
    return len(word) >= 2 and word.upper() != "MIX" and bool(_ROMAN_RE.fullmatch(word.upper()))


def acronyms_in(text: str) -> frozenset[str]:
    """Words written in capitals inside ordinary sentences (`OECD`, `EU`): acronyms that a
    title in capitals should keep.

    Examples:
        >>> sorted(acronyms_in("THE TITLE\\n\\nOECD and the EU met in Oslo today."))
        ['EU', 'OECD']
    """
    found: set[str] = set()
    prose_line: dict[int, bool] = {}
    for match in _ACRONYM_RE.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if start not in prose_line:
            end = text.find("\n", match.end())
            line = text[start : end if end >= 0 else len(text)]
            # a line in capitals (a title, a heading) tells nothing
            prose_line[start] = sum(1 for word in line.split() if word[:1].islower()) >= 3
        if prose_line[start]:
            found.add(match.group(0))
    return frozenset(found)


def title_case(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Turn an ALL-CAPS title into title case; leave other text unchanged.

    Roman numerals (`CHAPTER VI` → `Chapter VI`), initialisms with stops (`U.S.`) and the
    words in `keep` (acronyms the text itself writes in capitals) stay in capitals.

    Args:
        text: A title or heading.
        keep: Acronyms to keep, such as those [acronyms_in][explainer.textutil.acronyms_in] finds.

    Returns:
        The title, in title case if it was written in capitals.

    Examples:
        >>> title_case("THE CANALS OF THE NORTH: A SHORT HISTORY OF SLOW TRADE")
        'The Canals of the North: A Short History of Slow Trade'
        >>> title_case("CHAPTER XII. WHY OECD AND THE U.K. DIFFER", keep=frozenset({"OECD"}))
        'Chapter XII. Why OECD and the U.K. Differ'
    """
    letters = [c for c in text if c.isalpha()]
    if not letters or any(c.islower() for c in letters) or len(letters) < 4:
        return text
    out: list[str] = []
    for index, original in enumerate(text.split(" ")):
        core = original.strip(".,:;!?()[]\"'“”‘’")
        word = original.lower()
        after_colon = index > 0 and out[-1].endswith((":", "."))
        dotted = original.strip(",:;!?()[]\"'“”‘’")
        if core and (core in keep or is_roman(core) or _INITIALISM_RE.fullmatch(dotted)):
            word = original
        elif index == 0 or after_colon or word not in _SMALL_WORDS:
            word = word[:1].upper() + word[1:]
        out.append(word)
    return " ".join(out)


def title_case_words(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Title-case the words in capitals of a mixed line (`ESSAY No. 7` → `Essay No. 7`).

    Examples:
        >>> title_case_words("ESSAY No. VII")
        'Essay No. VII'
    """
    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if word in keep or is_roman(word) else word.capitalize()

    return re.sub(r"\b[A-Z]{2,}\b", one, text)


_TAG_PIECE_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def split_run_together(text: str, known: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Split tags that a scraper glued together (`HousingRentsEUPolicy`).

    Pieces are cut at case changes; consecutive pieces that together spell a known
    phrase (for example a topic given on the same line) are joined again.

    Args:
        text: The run-together tags.
        known: Phrases to keep whole, such as `("Housing Crisis",)`.

    Returns:
        The tags, in order, without duplicates.

    Examples:
        >>> split_run_together("HousingRentsCitiesEUPolicy")
        ('Housing', 'Rents', 'Cities', 'EU', 'Policy')
        >>> split_run_together("HousingCrisisRents", known=("Housing Crisis",))
        ('Housing Crisis', 'Rents')
    """
    pieces = _TAG_PIECE_RE.findall(text)
    known_keys = {re.sub(r"\W", "", k).lower(): k for k in known}
    longest = max((len(_TAG_PIECE_RE.findall(k)) for k in known), default=1)
    tags: list[str] = []
    index = 0
    while index < len(pieces):
        # a known phrase has at most `longest` pieces: the search stays linear in the text
        for stop in range(min(len(pieces), index + longest), index + 1, -1):
            key = "".join(pieces[index:stop]).lower()
            if key in known_keys:
                tags.append(known_keys[key])
                index = stop
                break
        else:
            tags.append(pieces[index])
            index += 1
    return tuple(dict.fromkeys(tags))


def normalize_for_compare(text: str) -> str:
    """Reduce text to lower-case words, for comparing lines that repeat each other.

    Args:
        text: Any text.

    Returns:
        The words joined by single spaces.
    """
    ascii_text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"\w+", ascii_text))


def word_count(text: str) -> int:
    """Count whitespace-separated words.

    Args:
        text: Any text.

    Returns:
        The number of words.
    """
    return len(text.split())


_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[“\"(]\s*)$")
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*")
_NAME_RUN = re.compile(r"\b[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)+")
"""Capitalised words in a row in mid-sentence: a name of several words (`United Nations`)."""


def proper_nouns(texts: Iterable[str]) -> frozenset[str]:
    """Words a text writes with a capital where a sentence does not start: names.

    A word counts when it is capitalised in mid-sentence and never written in lower case
    (`Portugal`, `Lisbon`, `Parliament`; not `The` or `However`); so does a run of capitalised
    words in mid-sentence (`United Nations`), even when its words are common ones.

    Args:
        texts: Paragraphs.

    Returns:
        The words, as written.

    Examples:
        >>> sorted(proper_nouns(["Trade with Portugal grew. The trade was debated in Parliament.", "the end"]))
        ['Parliament', 'Portugal']
        >>> "United Nations" in proper_nouns(["It went to the United Nations.", "Many nations agree."])
        True
    """
    capitalised: set[str] = set()
    names: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for word in re.findall(r"[\w’'-]+", text):
            if word[:1].islower():
                lower.add(word.lower())
        for match in _CAPITALISED.finditer(text):
            if not _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
                capitalised.add(match.group(0))
        for match in _NAME_RUN.finditer(text):
            if not _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
                names.add(match.group(0))
    return frozenset({w for w in capitalised if w.lower() not in lower} | names)


def sentence_case(title: str, proper: frozenset[str] = frozenset(), *, subtitle_capital: bool = True) -> str:
    """A title in title case written in sentence case (APA 7, Harvard), names kept.

    The first word and the first word after a colon, question or exclamation mark keep
    their capital; so do names (`proper`), acronyms and words with a capital inside
    (`iPhone`, `McDonald`). A title that is not in title case is returned as it is.

    Args:
        title: The title.
        proper: Names to keep capitalised (see `proper_nouns`).
        subtitle_capital: Whether the first word after a colon keeps its capital (APA 7
            yes; Cite Them Right no: "Distinction: a social critique").

    Returns:
        The title in sentence case.

    Examples:
        >>> sentence_case("Why Trade with Portugal Is Only the Start: A Plan for OECD", frozenset({"Portugal"}))
        'Why trade with Portugal is only the start: A plan for OECD'
        >>> sentence_case("Rents rise in the city")
        'Rents rise in the city'
    """
    words = re.findall(r"[A-Za-z][\w’'-]*", title)
    long_words = [w for w in words if len(w) > 3]
    if not long_words or sum(w[0].isupper() for w in long_words) < 0.6 * len(long_words):
        return title
    tokens = re.split(r"(\s+)", title)
    words_at = [i for i, t in enumerate(tokens) if t and not t.isspace()]
    keep: set[int] = set()
    for a, b in zip(words_at, words_at[1:], strict=False):
        if f"{_core(tokens[a])} {_core(tokens[b])}" in proper:  # a name of several words
            keep.update((a, b))
    out: list[str] = []
    start = True
    for i, token in enumerate(tokens):
        if not token or token.isspace():
            out.append(token)
            continue
        if i in keep:
            out.append(token)
        elif start:  # the first word keeps its capital; the rest of a compound does not
            head, _, rest = token.partition("-")
            out.append(f"{head}-{_lower_word(rest, proper)}" if rest else token)
        else:
            out.append(_lower_word(token, proper))
        start = bool(re.search(r"[?!]$", token)) or (subtitle_capital and token.endswith(":"))
    return "".join(out)


def _core(token: str) -> str:
    """A word without the punctuation around it."""
    return token.strip("“”\"‘’'()[],.;:?!")


def _lower_word(token: str, proper: frozenset[str]) -> str:
    """One word of a title in lower case unless it is a name or an acronym."""
    parts = token.split("-")
    lowered = []
    for part in parts:
        core = _core(part)
        base = re.sub(r"[’']s$", "", core)
        keep = (
            not core[:1].isupper()
            or core in proper
            or base in proper
            or any(c.isupper() for c in core[1:])
            or any(c.isdigit() for c in core)
            or is_roman(core)
            or len(core) == 1 and core == "I"
        )
        lowered.append(part if keep else part.replace(core[:1], core[:1].lower(), 1))
    return "-".join(lowered)


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(number: int) -> str:
    """A number below a million in words, as an index files it (`5` → `five`).

    Examples:
        >>> number_words(5), number_words(42), number_words(250), number_words(1914)
        ('five', 'forty-two', 'two hundred fifty', 'one thousand nine hundred fourteen')
    """
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    if number < 1_000_000:
        thousands, rest = divmod(number, 1000)
        return f"{number_words(thousands)} thousand" + (f" {number_words(rest)}" if rest else "")
    return str(number)


_LEADING_NUMBER = re.compile(r"^(\d{1,6})(?!\d)")


def filing_key(text: str) -> str:
    """How an entry is filed alphabetically: lower case, without opening quotation marks or
    an initial article, a leading number spelled out (MLA 9 §5.127: "5 Things" under F).

    Examples:
        >>> filing_key("“5 Things to Know.” Canal Trust"), filing_key("The Canal Trust")
        ('five things to know.” canal trust', 'canal trust')
    """
    head = re.sub(r"^[“”\"‘’'(\[]+", "", text.strip())
    head = re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.I)
    head = _LEADING_NUMBER.sub(lambda m: number_words(int(m.group(1))), head)
    return head.casefold()
