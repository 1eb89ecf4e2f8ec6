"""Glossary: the team's `data/glossary.yml`, checked, and matched in article text.

[parse_glossary][explainer.glossary.parse_glossary] validates the file (every problem names
the entry and its line). [TermMatcher][explainer.glossary.TermMatcher] finds terms in plain
paragraph text: longest match first, plurals and listed forms included, never overlapping.
[term_links][explainer.glossary.term_links] applies the "link the first use" rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from explainer.model import Article, Diagnostic
from explainer.textutil import slugify

CATEGORIES = ("concept", "weapon", "treaty", "institution", "event")
"""Allowed values of an entry's `category`."""

LinkRule = Literal["section", "article", "all"]
"""Which uses of a term become links: the first per section, the first per article, or all."""

_KEYS = {"term", "definition", "aliases", "forms", "see_also", "category", "source"}


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    term: str
    """The headword (`hard power`)."""
    definition: str
    """1–3 sentences of Markdown, in the team's words."""
    line: int
    """Line of the entry in the glossary file."""
    aliases: tuple[str, ...] = ()
    """Other names that link to this entry."""
    forms: tuple[str, ...] = ()
    """Inflections and spellings that the plural rules miss."""
    see_also: tuple[str, ...] = ()
    """Headwords of related entries."""
    category: str = "concept"
    """One of [CATEGORIES][explainer.glossary.CATEGORIES]."""
    source: str = ""
    """Optional source or further reading (Markdown)."""

    @property
    def slug(self) -> str:
        """Identifier used in anchors and `data-term` (`hard-power`)."""
        return slugify(self.term)

    @property
    def anchor(self) -> str:
        """Anchor on the glossary page (`term-hard-power`)."""
        return f"term-{self.slug}"


@dataclass(frozen=True)
class TermMatch:
    """One occurrence of a term in a paragraph."""

    slug: str
    """The term's slug."""
    start: int
    """Offset in the paragraph text."""
    end: int
    """Offset just after the match."""
    text: str
    """The words as written."""


@dataclass(frozen=True)
class TermUse:
    """Where a term occurs: an article's paragraph."""

    article: str
    """Article slug."""
    paragraph: int
    """Paragraph number."""


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def parse_glossary(text: str, file: str) -> tuple[tuple[Term, ...], list[Diagnostic]]:
    """Parse and validate the glossary file.

    Args:
        text: The YAML text.
        file: Path, for diagnostics.

    Returns:
        The terms in file order and the problems found; an `error` means an entry was left out.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        line = mark.line + 1 if mark is not None else 0
        return (), [Diagnostic(file, line, "glossary-yaml", f"not valid YAML: {problem}", "error")]
    diagnostics: list[Diagnostic] = []
    entries = None
    if isinstance(root, yaml.MappingNode):
        entries = next((v for k, v in root.value if k.value == "terms"), None)
    if not isinstance(entries, yaml.SequenceNode):
        return (), [
            Diagnostic(file, 1, "glossary-schema", "the file must have a `terms:` list", "error")
        ]
    terms: list[Term] = []
    for node in entries.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            diagnostics.append(
                Diagnostic(file, line, "glossary-schema", "an entry must be a mapping", "error")
            )
            continue
        data = yaml.safe_load(yaml.serialize(node))
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        name = data.get("term")
        label = f"entry {name!r}" if isinstance(name, str) else f"entry at line {line}"

        problems: list[tuple[str, str]] = []
        for key in sorted(set(data) - _KEYS):
            problems.append((key, f"unknown key {key!r} (known: {', '.join(sorted(_KEYS))})"))
        if not isinstance(name, str) or not name.strip():
            problems.append(("term", "`term` must be a non-empty string"))
        definition = data.get("definition")
        if not isinstance(definition, str) or not definition.strip():
            problems.append(("definition", "`definition` must be a non-empty string"))
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("aliases", "forms", "see_also"):
            value = _strings(data.get(key, []))
            if value is None:
                problems.append((key, f"`{key}` must be a list of strings"))
            else:
                lists[key] = value
        category = data.get("category", "concept")
        if category not in CATEGORIES:
            problems.append(("category", f"`category` must be one of {', '.join(CATEGORIES)}"))
        source = data.get("source", "")
        if not isinstance(source, str):
            problems.append(("source", "`source` must be a string"))
        diagnostics.extend(
            Diagnostic(
                file, lines.get(key, line), "glossary-schema", f"{label}: {message}", "error"
            )
            for key, message in problems
        )
        if not problems:
            terms.append(
                Term(
                    term=str(name).strip(),
                    definition=str(definition).strip(),
                    line=line,
                    aliases=lists["aliases"],
                    forms=lists["forms"],
                    see_also=lists["see_also"],
                    category=str(category),
                    source=str(source),
                )
            )
    return _check_references(tuple(terms), file, diagnostics)


def _check_references(
    terms: tuple[Term, ...], file: str, diagnostics: list[Diagnostic]
) -> tuple[tuple[Term, ...], list[Diagnostic]]:
    """Duplicates and `see_also` targets."""
    by_name: dict[str, Term] = {}
    surfaces: dict[str, Term] = {}
    kept: list[Term] = []
    for term in terms:
        if term.term.lower() in by_name or term.slug in {t.slug for t in kept}:
            diagnostics.append(
                Diagnostic(
                    file,
                    term.line,
                    "glossary-duplicate",
                    f"entry {term.term!r} is defined twice",
                    "error",
                )
            )
            continue
        for surface in (term.term, *term.aliases, *term.forms):
            other = surfaces.get(surface.lower())
            if other is not None and other is not term:
                diagnostics.append(
                    Diagnostic(
                        file,
                        term.line,
                        "glossary-duplicate",
                        f"entry {term.term!r}: {surface!r} already names entry {other.term!r}",
                    )
                )
            surfaces.setdefault(surface.lower(), term)
        by_name[term.term.lower()] = term
        kept.append(term)
    for term in kept:
        for target in term.see_also:
            if target.lower() not in by_name:
                diagnostics.append(
                    Diagnostic(
                        file,
                        term.line,
                        "glossary-see-also",
                        f"entry {term.term!r}: see_also {target!r} is not an entry of the glossary",
                        "error",
                    )
                )
    return tuple(kept), diagnostics


def load_glossary(path: Path) -> tuple[tuple[Term, ...], list[Diagnostic]]:
    """Read the glossary file; a missing file is an empty glossary.

    Args:
        path: `data/glossary.yml`.

    Returns:
        Terms and diagnostics.
    """
    if not path.exists():
        return (), []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return (), [
            Diagnostic(str(path), 0, "glossary-read", f"cannot read the file: {error}", "error")
        ]
    return parse_glossary(text, str(path))


def inflections(surface: str) -> tuple[str, ...]:
    """The surface and its regular plural (of the head noun: `spheres of influence`).

    Args:
        surface: A term, alias or form.

    Returns:
        The surface followed by its plural forms.

    Examples:
        >>> inflections("sphere of influence")
        ('sphere of influence', 'spheres of influence')
        >>> inflections("ally")
        ('ally', 'allies')
    """
    words = surface.split(" ")
    head = next(
        (i - 1 for i, w in enumerate(words) if w in {"of", "for", "in", "on"} and i > 0),
        len(words) - 1,
    )
    word = words[head]
    if not word[-1:].isalpha() or word.isupper() or word.endswith("s"):
        plurals: list[str] = [word + "es"] if word.endswith(("ss", "sh", "ch", "x")) else []
    elif word.endswith("y") and word[-2:-1] not in set("aeiou"):
        plurals = [word[:-1] + "ies"]
    elif word.endswith(("sh", "ch", "x", "z")):
        plurals = [word + "es"]
    else:
        plurals = [word + "s"]
    forms = [" ".join(words[:head] + [p] + words[head + 1 :]) for p in plurals]
    return (surface, *forms)


class TermMatcher:
    """Find glossary terms in plain text.

    Surfaces written in lower case match in any case ("Hard power" at a sentence start);
    surfaces with capitals (names, acronyms) match only as written. Longer surfaces win over
    shorter ones, and matches never overlap.
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        """Compile the surfaces of all terms.

        Args:
            terms: The glossary entries.
        """
        self._slug_by_surface: dict[str, str] = {}
        exact: set[str] = set()
        folded: set[str] = set()
        for term in terms:
            for surface in (term.term, *term.aliases, *term.forms):
                for form in inflections(surface):
                    has_capital = any(c.isupper() for c in form)
                    key = form if has_capital else form.lower()
                    self._slug_by_surface.setdefault(key, term.slug)
                    (exact if has_capital else folded).add(form if has_capital else form.lower())
        self._patterns = [
            (self._compile(exact, 0), False),
            (self._compile(folded, re.IGNORECASE), True),
        ]

    @staticmethod
    def _compile(surfaces: set[str], flags: int) -> re.Pattern[str] | None:
        if not surfaces:
            return None
        ordered = sorted(surfaces, key=lambda s: (-len(s), s))
        body = "|".join(re.escape(s).replace(r"\ ", r"[\s\u00a0]+") for s in ordered)
        return re.compile(rf"(?<![\w\-’'])(?:{body})(?![\w\-])", flags)

    def find(self, text: str) -> list[TermMatch]:
        """All non-overlapping term matches in a text, in order.

        Args:
            text: Plain paragraph text.

        Returns:
            The matches.
        """
        found: list[TermMatch] = []
        for pattern, folded in self._patterns:
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                surface = re.sub(r"[\s\u00a0]+", " ", match.group(0))
                slug = self._slug_by_surface.get(surface.lower() if folded else surface)
                if slug is not None:
                    found.append(TermMatch(slug, match.start(), match.end(), match.group(0)))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[TermMatch] = []
        for candidate in found:
            if kept and candidate.start < kept[-1].end:
                continue
            kept.append(candidate)
        return kept


def term_links(
    article: Article, matcher: TermMatcher, rule: LinkRule = "section"
) -> tuple[dict[int, list[TermMatch]], dict[str, list[TermUse]]]:
    """Decide which term occurrences of an article become links, and note every use.

    Args:
        article: The article.
        matcher: The glossary's matcher.
        rule: `section` links the first use in each section, `article` the first in the
            article, `all` every use.

    Returns:
        Links by paragraph number, and the paragraphs using each term (by term slug).
    """
    links: dict[int, list[TermMatch]] = {}
    uses: dict[str, list[TermUse]] = {}
    linked: set[str] = set()
    for section in article.sections:
        if rule == "section":
            linked = set()
        for paragraph in section.paragraphs:
            for match in matcher.find(paragraph.text):
                use = TermUse(article.slug, paragraph.number)
                if use not in uses.setdefault(match.slug, []):
                    uses[match.slug].append(use)
                if rule == "all" or match.slug not in linked:
                    links.setdefault(paragraph.number, []).append(match)
                    linked.add(match.slug)
    return links, uses


def by_letter(terms: Sequence[Term]) -> list[tuple[str, list[Term]]]:
    """Group terms alphabetically under their first letter (case-insensitive).

    Args:
        terms: The terms.

    Returns:
        `(letter, terms)` pairs in alphabetical order; non-letters go under `#`.
    """
    groups: dict[str, list[Term]] = {}
    for term in sorted(terms, key=lambda t: t.term.lower()):
        first = term.term[:1].upper()
        groups.setdefault(first if first.isalpha() else "#", []).append(term)
    return sorted(groups.items())
