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
from explainer.sources import read_data_file
from explainer.textutil import slugify
from explainer.yaml_fields import Field, Schema, compose, construct, yaml_problem

KINDS: dict[str, tuple[str, str]] = {
    "people": ("person", "People"),
    "organisations": ("organisation", "Organisations"),
    "places": ("place", "Places"),
}
"""Top-level keys of the file → (kind of entity, title of its index page)."""

_ENTITY = Schema(
    (
        Field("name", required=True, blank=False),
        Field("aliases", "list", blank=False),
        Field("description"),
    ),
    wrong=Diagnostic("", 0, "entities-schema", "", "error"),
    unknown=Diagnostic("", 0, "entities-schema", "", "error"),
    quote="`{}`".format,
)
"""An entry's keys; a problem with any of them leaves the entry out."""


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
        root = compose(text)
    except yaml.YAMLError as error:
        return (), [yaml_problem(error, file, "entities-yaml")]
    if root is None:
        return (), []
    if not isinstance(root, yaml.MappingNode):
        message = "the file must map people/organisations/places to lists"
        return (), [Diagnostic(file, 1, "entities-schema", message, "error")]
    entities: dict[str, Entity] = {}
    diagnostics: list[Diagnostic] = []
    for key_node, value_node in root.value:
        group = key_node.value if isinstance(key_node, yaml.ScalarNode) else "(not a name)"
        if group not in KINDS:
            message = f"unknown section {group!r} (known: {', '.join(KINDS)})"
            diagnostics.append(Diagnostic(file, key_node.start_mark.line + 1, "entities-schema", message, "error"))
        elif not isinstance(value_node, yaml.SequenceNode):
            message = f"{group!r} must be a list"
            diagnostics.append(Diagnostic(file, value_node.start_mark.line + 1, "entities-schema", message, "error"))
        else:
            for node in value_node.value:
                entity, problems = _entity(node, KINDS[group][0], file)
                diagnostics.extend(problems)
                if entity is not None and entity.slug in entities:
                    message = f"entity {entity.name!r} is listed twice"
                    diagnostics.append(Diagnostic(file, entity.line, "entities-duplicate", message, "error"))
                elif entity is not None:
                    entities[entity.slug] = entity
    return tuple(entities.values()), diagnostics


def _entity(node: yaml.Node, kind: str, file: str) -> tuple[Entity | None, list[Diagnostic]]:
    """One entry of a section, or `None` and why it is left out."""
    line = node.start_mark.line + 1
    try:
        data, lines = construct(node) if isinstance(node, yaml.MappingNode) else (None, {})
    except yaml.YAMLError as error:  # an unknown tag, a list or mapping as a key
        return None, [yaml_problem(error, file, "entities-yaml")]
    if not isinstance(data, dict):
        return None, [
            Diagnostic(file, line, "entities-schema", "an entry must be a mapping", "error")
        ]
    name = data.get("name")
    label = f"entity {name!r}" if isinstance(name, str) else f"entity at line {line}"
    values, problems = _ENTITY.check(data, lines, file, line=line, prefix=f"{label}: ")
    values.setdefault("description", "")
    return (None if problems else Entity(kind=kind, line=line, **values)), problems


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
