"""Finding named things in plain text: the phrase matcher shared by glossary and entities.

Matching runs on plain paragraph text (before any Markdown exists), so it can never land
inside a link, a heading, code or a footnote label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from explainer.model import Article

LinkRule = Literal["section", "article", "all"]
"""Which uses of an entry become links: the first per section, the first per article, or all."""


@dataclass(frozen=True)
class PhraseMatch:
    """One occurrence of a phrase (a glossary term, an entity name) in a text."""

    slug: str
    """Slug of the entry the phrase names."""
    start: int
    """Offset in the paragraph text."""
    end: int
    """Offset just after the match."""
    text: str
    """The words as written."""


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


class PhraseMatcher:
    """Find the names of entries (glossary terms, entities) in plain text.

    Surfaces written in lower case match in any case ("Hard power" at a sentence start);
    surfaces with capitals (names, acronyms) match only as written. Longer surfaces win over
    shorter ones, and matches never overlap.
    """

    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]]) -> None:
        """Compile the surfaces of all entries.

        Args:
            entries: `(slug, surfaces)` pairs; each surface also matches its regular plural.
        """
        self._slug_by_surface: dict[str, str] = {}
        exact: set[str] = set()
        folded: set[str] = set()
        for slug, surfaces in entries:
            for surface in surfaces:
                for form in inflections(surface):
                    has_capital = any(c.isupper() for c in form)
                    key = form if has_capital else form.lower()
                    self._slug_by_surface.setdefault(key, slug)
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

    def find(self, text: str) -> list[PhraseMatch]:
        """All non-overlapping matches in a text, in order.

        Args:
            text: Plain paragraph text.

        Returns:
            The matches.
        """
        found: list[PhraseMatch] = []
        for pattern, folded in self._patterns:
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                surface = re.sub(r"[\s\u00a0]+", " ", match.group(0))
                slug = self._slug_by_surface.get(surface.lower() if folded else surface)
                if slug is not None:
                    found.append(PhraseMatch(slug, match.start(), match.end(), match.group(0)))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[PhraseMatch] = []
        for candidate in found:
            if kept and candidate.start < kept[-1].end:
                continue
            kept.append(candidate)
        return kept


@dataclass(frozen=True)
class PhraseUse:
    """Where a phrase occurs: an article's paragraph."""

    article: str
    """Article slug."""
    paragraph: int
    """Paragraph number."""


def link_phrases(
    article: Article, matcher: PhraseMatcher, rule: LinkRule = "section"
) -> tuple[dict[int, list[PhraseMatch]], dict[str, list[PhraseUse]]]:
    """Decide which occurrences in an article become links, and note every use.

    Args:
        article: The article.
        matcher: The matcher (glossary terms or entities).
        rule: `section` links the first use in each section, `article` the first in the
            article, `all` every use.

    Returns:
        Links by paragraph number, and the paragraphs using each entry (by slug).
    """
    links: dict[int, list[PhraseMatch]] = {}
    uses: dict[str, list[PhraseUse]] = {}
    linked: set[str] = set()
    for section in article.sections:
        if rule == "section":
            linked = set()
        for paragraph in section.paragraphs:
            for match in matcher.find(paragraph.text):
                use = PhraseUse(article.slug, paragraph.number)
                if use not in uses.setdefault(match.slug, []):
                    uses[match.slug].append(use)
                if rule == "all" or match.slug not in linked:
                    links.setdefault(paragraph.number, []).append(match)
                    linked.add(match.slug)
    return links, uses
