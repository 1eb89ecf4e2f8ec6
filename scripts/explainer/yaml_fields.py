"""Reading the team's YAML files: safe composition, the line of every key, and a small schema.

A source's sidecar, `data/glossary.yml` and `data/entities.yml` are read the same way:

1. [compose][explainer.yaml_fields.compose] parses the text with PyYAML's `SafeLoader`,
   dates left as text (`2022-02-30` is then reported like any bad value, not a crash);
2. [construct][explainer.yaml_fields.construct] builds the value of one node and the line
   of each of its keys;
3. [Schema.check][explainer.yaml_fields.Schema.check] checks a mapping against declared
   [Field][explainer.yaml_fields.Field]s and returns the clean values with a
   [Diagnostic][explainer.model.Diagnostic] for each problem, at its key's line.

Anything that is not valid YAML raises `yaml.YAMLError` with a line;
[yaml_problem][explainer.yaml_fields.yaml_problem] turns it into an error diagnostic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import yaml
from yaml.constructor import ConstructorError
from yaml.error import Mark, MarkedYAMLError
from yaml.reader import ReaderError

from explainer.model import Diagnostic
from explainer.safe import one_line_problem
from explainer.textutil import parse_iso_date

Kind = Literal["text", "line", "list", "date", "choice"]
"""What a field holds: `text` (a string, line breaks allowed), `line` (a one-line string),
`list` (a list of strings, or one string), `date` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD` on one
line; a time after the day is dropped) or `choice` (one of [Field.choices][explainer.yaml_fields.Field.choices])."""

_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d.*$")
_READ_FAILURES = (ArithmeticError, AttributeError, LookupError, TypeError, ValueError)
"""What PyYAML's constructors raise on a value they cannot build (`!!int abc`, `!!bool maybe`)."""


class _Loader(yaml.SafeLoader):
    """A `SafeLoader` that leaves dates as text and reports every unreadable value with its place."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except _READ_FAILURES as error:
            shown = repr(node.value[:40]) if isinstance(node, yaml.ScalarNode) else "the value"
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            problem = f"cannot read {shown} as {tag}"
            raise ConstructorError(None, None, problem, node.start_mark) from error

    def construct_date_text(self, node: yaml.ScalarNode) -> str:
        """An explicit `!!timestamp` is read as its date, in ISO form."""
        return str(self.construct_yaml_timestamp(node).isoformat()[:10])


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_date_text)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML document (`None` when it is empty).

    Raises:
        yaml.YAMLError: Not valid YAML; the error's `problem_mark` gives the line.
    """
    try:
        loader = _Loader(text)
    except ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position)
        column = error.position - text.rfind("\n", 0, error.position) - 1
        mark = Mark("<text>", error.position, line, column, None, 0)
        raise MarkedYAMLError(problem=str(error).splitlines()[0], problem_mark=mark) from error
    try:
        return loader.get_single_node()
    except RecursionError as error:
        raise MarkedYAMLError(problem="nested too deeply", problem_mark=loader.get_mark()) from error
    finally:
        loader.dispose()


def construct(node: yaml.Node | None) -> tuple[Any, dict[Any, int]]:
    """The value of a node and, for a mapping, the 1-based line of each key.

    Examples:
        >>> construct(compose("title: Harbour Lights\\ndate: 2022-02-30\\n"))
        ({'title': 'Harbour Lights', 'date': '2022-02-30'}, {'title': 1, 'date': 2})

    Raises:
        yaml.YAMLError: A value that cannot be built (an unknown tag, a list as a key).
    """
    if node is None:
        return None, {}
    loader = _Loader("")
    try:
        value = loader.construct_document(node)  # merges (`<<`) are flattened into node.value
        keys = node.value if isinstance(node, yaml.MappingNode) else []
        lines = {
            loader.construct_object(key): key.start_mark.line + 1
            for key, _ in keys
            if isinstance(key, yaml.ScalarNode)
        }
    except (RecursionError, *_READ_FAILURES) as error:
        raise ConstructorError(None, None, "cannot be read", node.start_mark) from error
    finally:
        loader.dispose()
    return value, lines


def yaml_problem(error: yaml.YAMLError, file: str, code: str) -> Diagnostic:
    """Turn a YAML error into an error diagnostic with its line.

    Args:
        error: The error PyYAML (or [compose][explainer.yaml_fields.compose]) raised.
        file: Path, for the diagnostic.
        code: Diagnostic code (`glossary-yaml`…).

    Returns:
        The diagnostic: `not valid YAML: <problem>` at the problem's line (0 if unknown).
    """
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or (str(error).splitlines() or ["cannot be read"])[0]
    line = mark.line + 1 if mark is not None else 0
    return Diagnostic(file, line, code, f"not valid YAML: {problem}", "error")


@dataclass(frozen=True)
class Field:
    """One key of a mapping and what its value must be."""

    name: str
    """The key, and the name of the value returned."""
    kind: Kind = "text"
    """What the value holds; see [Kind][explainer.yaml_fields.Kind]."""
    aliases: tuple[str, ...] = ()
    """Other keys accepted for it (`author` for `authors`)."""
    required: bool = False
    """The key must be given."""
    blank: bool = True
    """An empty string is accepted (a blank item of a list is dropped); if false, it is a problem."""
    numbers: bool = False
    """A whole number is read as its digits (`volume: 12`)."""
    choices: Mapping[str, str] = field(default_factory=dict, hash=False)
    """For `choice`: accepted spelling, in lower case → value kept. Case and outer spaces do
    not count; the message lists the distinct values."""
    validate: Callable[[str], str | None] | None = None
    """A further check of the string as written (of each item, for a list) after the kind's own
    checks: it returns what is wrong (`must be …`) or `None`."""
    invalid: Diagnostic | None = None
    """Code and severity of what `validate` finds (default: the schema's `wrong`)."""


@dataclass(frozen=True)
class Schema:
    """The fields of a mapping, and how its problems are reported.

    `wrong` and `unknown` are diagnostics with only their code and severity filled in; file,
    line and message come from each problem.
    """

    fields: tuple[Field, ...]
    """The known keys, in the order the values are declared."""
    wrong: Diagnostic
    """A value of the wrong type or form (or a missing required key)."""
    unknown: Diagnostic
    """A key that is no field's name or alias."""
    quote: Callable[[str], str] = repr
    """How a message names a key as written (`'title'`)."""

    def check(
        self,
        data: Mapping[Any, Any],
        lines: Mapping[Any, int],
        file: str,
        *,
        line: int = 0,
        prefix: str = "",
    ) -> tuple[dict[str, Any], list[Diagnostic]]:
        """Check a mapping: known keys, types, forms, and the validators.

        Args:
            data: The mapping, as [construct][explainer.yaml_fields.construct] returns it.
            lines: Line of each key.
            file: Path, for diagnostics.
            line: Line of the mapping, for a missing key.
            prefix: Put before each message (`entry 'x': `).

        Returns:
            The clean values under the fields' names (text stripped, lists as tuples; keys not
            given are left out) and the problems, missing keys first, then in the data's order.

        Examples:
            >>> schema = Schema(
            ...     (Field("title", "line"), Field("tags", "list", aliases=("tag",))),
            ...     wrong=Diagnostic("", 0, "demo-type", "", "error"),
            ...     unknown=Diagnostic("", 0, "demo-key", "", "warning"),
            ... )
            >>> data, lines = construct(compose("title: Harbour Lights\\ntag: boats\\ncolour: red\\n"))
            >>> values, problems = schema.check(data, lines, "demo.yml")
            >>> values
            {'title': 'Harbour Lights', 'tags': ('boats',)}
            >>> [str(p) for p in problems]
            ["demo.yml:3: warning: unknown key 'colour' (known: tags, title) [demo-key]"]
        """
        by_key = {key: f for f in self.fields for key in (f.name, *f.aliases)}
        given = {by_key[key].name for key in data if isinstance(key, str) and key in by_key}
        diagnostics = [
            replace(self.wrong, file=file, line=line, message=prefix + _clean(f, None, self.quote(f.name))[1])
            for f in self.fields
            if f.required and f.name not in given
        ]
        known = ", ".join(sorted(f.name for f in self.fields))
        values: dict[str, Any] = {}
        for key, value in data.items():
            where = lines.get(key, line)
            found = by_key.get(key) if isinstance(key, str) else None
            if found is None:
                message = f"{prefix}unknown key {key!r} (known: {known})"
                diagnostics.append(replace(self.unknown, file=file, line=where, message=message))
                continue
            clean, problem, by_validator = _clean(found, value, self.quote(key))
            if problem:
                template = (found.invalid or self.wrong) if by_validator else self.wrong
                diagnostics.append(replace(template, file=file, line=where, message=prefix + problem))
            else:
                values[found.name] = clean
        return values, diagnostics


def _clean(spec: Field, value: object, name: str) -> tuple[Any, str, bool]:
    """`(clean value, "", False)`, or `(None, problem, whether the validator found it)`."""
    if spec.kind == "list":
        return _clean_list(spec, value, name)
    if spec.numbers and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not (spec.blank or value.strip()):
        return None, f"{name} must be {'a string' if spec.blank else 'a non-empty string'}", False
    text = value.strip()
    if spec.kind != "text" and (problem := one_line_problem(text)):
        return None, f"{name} {problem}", False
    if spec.kind == "date":
        text = _TIME.sub(r"\1", text)
        if parse_iso_date(text) is None:
            return None, f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}", False
    if spec.kind == "choice":
        if text.lower() not in spec.choices:
            known = ", ".join(dict.fromkeys(spec.choices.values()))
            return None, f"{name} must be one of: {known}; not {text[:40]!r}", False
        text = spec.choices[text.lower()]
    if spec.validate is not None and (problem := spec.validate(value)):
        return None, f"{name} {problem}", True
    return text, "", False


def _clean_list(spec: Field, value: object, name: str) -> tuple[Any, str, bool]:
    """A list of strings (one string is a list of one), stripped, blank items dropped."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(
        isinstance(item, str) and (spec.blank or item.strip()) for item in items
    ):
        return None, f"{name} must be a list of strings", False
    if spec.validate is not None:
        problem = next((p for item in items if (p := spec.validate(item))), None)
        if problem:
            return None, f"each of {name} {problem}", True
    return tuple(item.strip() for item in items if item.strip()), "", False
