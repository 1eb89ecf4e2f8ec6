"""Entities: people, organisations and places from the curated `data/entities.yml`.

The file is a gazetteer: each entity has a name, the aliases the articles use and a one-line
description. Mentions are found with the shared [PhraseMatcher][explainer.matching.PhraseMatcher];
new names to add are proposed by `explainer entities suggest`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from explainer.matching import PhraseMatcher
from explainer.model import Diagnostic
from explainer.sources import read_data_file, yaml_problem
from explainer.textutil import slugify

KINDS: dict[str, tuple[str, str]] = {
    "people": ("person", "People"),
    "organisations": ("organisation", "Organisations"),
    "places": ("place", "Places"),
}
"""Top-level keys of the file → (kind of entity, title of its index page)."""

_KEYS = {"name", "aliases", "description"}


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place."""

    name: str
    """Canonical name (`Jane Doe`)."""
    kind: str
    """`person`, `organisation` or `place`."""
    description: str
    """One neutral line about it."""
    line: int
    """Line of the entry in the file."""
    aliases: tuple[str, ...] = ()
    """Other names as the articles write them (`Doe`, `Senator Doe`)."""

    @property
    def slug(self) -> str:
        """Identifier used in anchors (`jane-doe`)."""
        return slugify(self.name)

    @property
    def anchor(self) -> str:
        """Anchor on the index page of its kind (`entity-jane-doe`)."""
        return f"entity-{self.slug}"

    @property
    def group(self) -> str:
        """The top-level key of its kind (`people`), which is also its index page's name."""
        return next(group for group, (kind, _) in KINDS.items() if kind == self.kind)


def parse_entities(text: str, file: str) -> tuple[tuple[Entity, ...], list[Diagnostic]]:
    """Parse and validate the entities file.

    Args:
        text: The YAML text.
        file: Path, for diagnostics.

    Returns:
        The entities and the problems found; an `error` means an entry was left out.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        return (), [yaml_problem(error, file, "entities-yaml")]
    if root is None:
        return (), []
    if not isinstance(root, yaml.MappingNode):
        return (), [
            Diagnostic(
                file,
                1,
                "entities-schema",
                "the file must map people/organisations/places to lists",
                "error",
            )
        ]
    entities: list[Entity] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, Entity] = {}
    for key_node, value_node in root.value:
        group = key_node.value if isinstance(key_node, yaml.ScalarNode) else "(not a name)"
        if group not in KINDS:
            diagnostics.append(
                Diagnostic(
                    file,
                    key_node.start_mark.line + 1,
                    "entities-schema",
                    f"unknown section {group!r} (known: {', '.join(KINDS)})",
                    "error",
                )
            )
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            diagnostics.append(
                Diagnostic(
                    file,
                    value_node.start_mark.line + 1,
                    "entities-schema",
                    f"{group!r} must be a list",
                    "error",
                )
            )
            continue
        for node in value_node.value:
            entity, problems = _entity(node, KINDS[group][0], file)
            diagnostics.extend(problems)
            if entity is None:
                continue
            if entity.slug in seen:
                diagnostics.append(
                    Diagnostic(
                        file,
                        entity.line,
                        "entities-duplicate",
                        f"entity {entity.name!r} is listed twice",
                        "error",
                    )
                )
                continue
            seen[entity.slug] = entity
            entities.append(entity)
    return tuple(entities), diagnostics


def _entity(node: yaml.Node, kind: str, file: str) -> tuple[Entity | None, list[Diagnostic]]:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        return None, [
            Diagnostic(file, line, "entities-schema", "an entry must be a mapping", "error")
        ]
    try:
        data = yaml.safe_load(yaml.serialize(node))
    except yaml.YAMLError as error:  # an unknown tag, a list or mapping as a key
        problem = getattr(error, "problem", None) or "cannot be read"
        return None, [
            Diagnostic(file, line, "entities-yaml", f"not valid YAML: {problem}", "error")
        ]
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    name = data.get("name")
    label = f"entity {name!r}" if isinstance(name, str) else f"entity at line {line}"
    problems: list[tuple[str, str]] = [
        (key, f"unknown key {key!r} (known: {', '.join(sorted(_KEYS))})")
        for key in sorted(set(data) - _KEYS, key=str)
    ]
    if not isinstance(name, str) or not name.strip():
        problems.append(("name", "`name` must be a non-empty string"))
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.append(("description", "`description` must be a string"))
    aliases = data.get("aliases", [])
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append(("aliases", "`aliases` must be a list of strings"))
    if problems:
        return None, [
            Diagnostic(
                file, lines.get(key, line), "entities-schema", f"{label}: {message}", "error"
            )
            for key, message in problems
        ]
    return (
        Entity(
            name=str(name).strip(),
            kind=kind,
            description=str(description).strip(),
            line=line,
            aliases=tuple(a.strip() for a in aliases),
        ),
        [],
    )


def load_entities(path: Path) -> tuple[tuple[Entity, ...], list[Diagnostic]]:
    """Read the entities file; a missing file means no entities.

    Args:
        path: `data/entities.yml`.

    Returns:
        Entities and diagnostics.
    """
    text, diagnostics = read_data_file(path, "entities-read")
    if text is None:
        return (), diagnostics
    return parse_entities(text, str(path))


def entity_matcher(entities: Iterable[Entity]) -> PhraseMatcher:
    """A matcher for entity names and aliases.

    Args:
        entities: The entities.

    Returns:
        The matcher; matches carry the entity's slug.
    """
    return PhraseMatcher((e.slug, (e.name, *e.aliases)) for e in entities)
