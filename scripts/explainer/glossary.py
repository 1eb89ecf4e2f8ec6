"""Glossary: the team's `data/glossary.yml`, checked, and matched in article text.

[parse_glossary][explainer.glossary.parse_glossary] validates the file (every problem names
the entry and its line). [PhraseMatcher][explainer.matching.PhraseMatcher] finds terms in plain
paragraph text: longest match first, plurals and listed forms included, never overlapping.
[link_phrases][explainer.matching.link_phrases] applies the "link the first use" rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from explainer.matching import PhraseMatcher
from explainer.model import Diagnostic
from explainer.sources import read_data_file
from explainer.textutil import slugify
from explainer.yaml_fields import Field, Schema, compose, construct, yaml_problem

CATEGORIES = ("concept", "weapon", "treaty", "institution", "event")
"""Allowed values of an entry's `category`."""

_TERM = Schema(
    (
        Field("term", required=True, blank=False),
        Field("definition", required=True, blank=False),
        Field("aliases", "list", blank=False),
        Field("forms", "list", blank=False),
        Field("see_also", "list", blank=False),
        Field("category", "choice", choices={c: c for c in CATEGORIES}),
        Field("source"),
    ),
    wrong=Diagnostic("", 0, "glossary-schema", "", "error"),
    unknown=Diagnostic("", 0, "glossary-schema", "", "error"),
    quote="`{}`".format,
)
"""An entry's keys; a problem with any of them leaves the entry out."""


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


def parse_glossary(text: str, file: str) -> tuple[tuple[Term, ...], list[Diagnostic]]:
    """Parse and validate the glossary file.

    Args:
        text: The YAML text.
        file: Path, for diagnostics.

    Returns:
        The terms in file order and the problems found; an `error` means an entry was left out.
    """
    try:
        root = compose(text)
    except yaml.YAMLError as error:
        return (), [yaml_problem(error, file, "glossary-yaml")]
    entries = None
    if isinstance(root, yaml.MappingNode):
        entries = next((v for k, v in root.value if k.value == "terms"), None)
    if not isinstance(entries, yaml.SequenceNode):
        return (), [
            Diagnostic(file, 1, "glossary-schema", "the file must have a `terms:` list", "error")
        ]
    terms: list[Term] = []
    diagnostics: list[Diagnostic] = []
    for node in entries.value:
        term, problems = _term(node, file)
        diagnostics.extend(problems)
        if term is not None:
            terms.append(term)
    return _check_references(tuple(terms), file, diagnostics)


def _term(node: yaml.Node, file: str) -> tuple[Term | None, list[Diagnostic]]:
    """One entry of the `terms:` list, or `None` and why it is left out."""
    line = node.start_mark.line + 1
    try:
        data, lines = construct(node) if isinstance(node, yaml.MappingNode) else (None, {})
    except yaml.YAMLError as error:  # an unknown tag, a list or mapping as a key
        return None, [yaml_problem(error, file, "glossary-yaml")]
    if not isinstance(data, dict):
        return None, [
            Diagnostic(file, line, "glossary-schema", "an entry must be a mapping", "error")
        ]
    name = data.get("term")
    label = f"entry {name!r}" if isinstance(name, str) else f"entry at line {line}"
    values, problems = _TERM.check(data, lines, file, line=line, prefix=f"{label}: ")
    return (None if problems else Term(line=line, **values)), problems


def _check_references(
    terms: tuple[Term, ...], file: str, diagnostics: list[Diagnostic]
) -> tuple[tuple[Term, ...], list[Diagnostic]]:
    """Duplicates and `see_also` targets."""
    by_name: dict[str, Term] = {}
    surfaces: dict[str, Term] = {}
    kept: list[Term] = []
    for term in terms:
        if term.term.casefold() in by_name or term.slug in {t.slug for t in kept}:
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
            other = surfaces.get(surface.casefold())
            if other is not None and other is not term:
                diagnostics.append(
                    Diagnostic(
                        file,
                        term.line,
                        "glossary-duplicate",
                        f"entry {term.term!r}: {surface!r} already names entry {other.term!r}",
                    )
                )
            surfaces.setdefault(surface.casefold(), term)
        by_name[term.term.casefold()] = term
        kept.append(term)
    for term in kept:
        for target in term.see_also:
            if target.casefold() not in by_name:
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
    text, diagnostics = read_data_file(path, "glossary-read")
    if text is None:
        return (), diagnostics
    return parse_glossary(text, str(path))


def term_matcher(terms: Iterable[Term]) -> PhraseMatcher:
    """A matcher for the glossary's terms, aliases and forms.

    Args:
        terms: The glossary entries.

    Returns:
        The matcher; matches carry the term's slug.
    """
    return PhraseMatcher((t.slug, (t.term, *t.aliases, *t.forms)) for t in terms)


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
