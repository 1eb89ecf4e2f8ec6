"""The YAML schema helper (issue 18): safe composition, key lines, and field checks."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest
import yaml

from explainer.entities import parse_entities
from explainer.glossary import parse_glossary
from explainer.model import Diagnostic, Sidecar
from explainer.sources import _SIDECAR, parse_sidecar
from explainer.yaml_fields import Field, Schema, compose, construct, yaml_problem

WRONG = Diagnostic("", 0, "demo-type", "", "error")
UNKNOWN = Diagnostic("", 0, "demo-key", "", "warning")


def check(schema_fields: tuple[Field, ...], text: str, **options: Any) -> tuple[dict[str, Any], list[tuple[int, str, str, str]]]:
    """Values and (line, code, severity, message) of checking `text` against the fields."""
    data, lines = construct(compose(text))
    values, diagnostics = Schema(schema_fields, WRONG, UNKNOWN).check(data, lines, "demo.yml", **options)
    assert all(d.file == "demo.yml" for d in diagnostics)
    return values, [(d.line, d.code, d.severity, d.message) for d in diagnostics]


def problem(text: str) -> Diagnostic:
    """The diagnostic for a text that is not valid YAML."""
    with pytest.raises(yaml.YAMLError) as caught:
        construct(compose(text))
    return yaml_problem(caught.value, "demo.yml", "demo-yaml")


# --- compose and construct ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_an_empty_document_is_none(text: str) -> None:
    assert construct(compose(text)) == (None, {})


def test_values_and_the_line_of_each_key() -> None:
    text = "# The Harbour Gazette\ntitle: Harbour Lights\n\nwhen: 2022-02-30\ntrue: yes\n7: seven\n"
    assert construct(compose(text)) == (
        {"title": "Harbour Lights", "when": "2022-02-30", True: True, 7: "seven"},
        {"title": 2, "when": 4, True: 5, 7: 6},
    )


def test_dates_are_text_and_an_explicit_timestamp_is_its_iso_date() -> None:
    data, _ = construct(compose("a: 2022-02-01\nb: !!timestamp 2022-2-1 10:30:00\nc: [!!timestamp 2022-02-01]\n"))
    assert data == {"a": "2022-02-01", "b": "2022-02-01", "c": ["2022-02-01"]}


def test_merged_keys_have_the_line_where_they_are_written() -> None:
    data, lines = construct(compose("base: &b\n  title: Harbour Lights\nother:\n  <<: *b\n  tags: [boats]\n"))
    assert lines == {"base": 1, "other": 3}
    _, inner = construct(compose("base: &b\n  title: Harbour Lights\n<<: *b\n"))
    assert inner == {"title": 2, "base": 1}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("title: [unclosed\n", 2, "not valid YAML: expected ',' or ']', but got '<stream end>'", id="syntax"),
        pytest.param("title: a\n  bad: indent\n", 2, "not valid YAML: mapping values are not allowed here", id="indent"),
        pytest.param("a: 1\n---\nb: 2\n", 2, "not valid YAML: but found another document", id="two-documents"),
        pytest.param("ok: 1\nbell: \x07\n", 2, "not valid YAML: unacceptable character #x0007: special characters are not allowed", id="control-character"),
        pytest.param("ok: 1\ndeep: " + "[" * 3000 + "]" * 3000 + "\n", 2, "not valid YAML: nested too deeply", id="too-deep"),
        pytest.param("ok: 1\nbad: !unknown x\n", 2, "not valid YAML: could not determine a constructor for the tag '!unknown'", id="unknown-tag"),
        pytest.param("ok: 1\n? [a, b]\n: 1\n", 2, "not valid YAML: found unhashable key", id="list-as-key"),
        pytest.param("ok: 1\nn: !!int twelve\n", 2, "not valid YAML: cannot read 'twelve' as !!int", id="bad-int"),
        pytest.param("ok: 1\nb: !!bool maybe\n", 2, "not valid YAML: cannot read 'maybe' as !!bool", id="bad-bool"),
        pytest.param("ok: 1\nd: !!timestamp 2022-02-30\n", 2, "not valid YAML: cannot read '2022-02-30' as !!timestamp", id="bad-timestamp"),
        pytest.param("ok: 1\nn: " + "1" * 5000 + "\n", 2, "not valid YAML: cannot read '1111111111111111111111111111111111111111' as !!int", id="huge-int"),
    ],
)
def test_what_is_not_valid_yaml_is_an_error_at_its_line(text: str, line: int, message: str) -> None:
    assert problem(text) == Diagnostic("demo.yml", line, "demo-yaml", message, "error")


def test_yaml_problem_without_a_place_is_line_0() -> None:
    assert yaml_problem(yaml.YAMLError(), "demo.yml", "demo-yaml") == Diagnostic(
        "demo.yml", 0, "demo-yaml", "not valid YAML: cannot be read", "error"
    )


# --- Schema.check --------------------------------------------------------------------------------


def test_text_and_line_fields() -> None:
    schema = (Field("title", "line"), Field("summary", "text"))
    assert check(schema, "title: ' Harbour Lights '\nsummary: |\n  Two lines\n  of text.\n") == (
        {"title": "Harbour Lights", "summary": "Two lines\nof text."},
        [],
    )
    assert check(schema, "title: \"Harbour\\nLights\"\nsummary: 3\n") == (
        {},
        [
            (1, "demo-type", "error", "'title' must be one line"),
            (2, "demo-type", "error", "'summary' must be a string"),
        ],
    )
    assert check(schema, "title: \"Harbour\\x1b Lights\"\n")[1] == [
        (1, "demo-type", "error", "'title' holds a control character")
    ]


def test_lists_take_one_string_strip_items_and_drop_blank_ones() -> None:
    schema = (Field("crew", "list"),)
    assert check(schema, "crew: Ann Lee\n") == ({"crew": ("Ann Lee",)}, [])
    assert check(schema, "crew: [' Ann Lee ', '', Bo Park]\n") == ({"crew": ("Ann Lee", "Bo Park")}, [])
    for bad in ("crew: [1, 2]\n", "crew: {a: b}\n", "crew:\n", "crew: 4\n"):
        assert check(schema, bad) == ({}, [(1, "demo-type", "error", "'crew' must be a list of strings")])
    strict = (Field("crew", "list", blank=False),)
    assert check(strict, "crew: [Ann Lee, ' ']\n")[1] == [(1, "demo-type", "error", "'crew' must be a list of strings")]


def test_dates() -> None:
    schema = (Field("issued", "date", numbers=True), Field("seen", "date"))
    assert check(schema, "issued: 1998\nseen: 2022-02-01 10:30:00\n") == ({"issued": "1998", "seen": "2022-02-01"}, [])
    assert check(schema, "issued: 2022-02-30\nseen: 1998\n")[1] == [
        (1, "demo-type", "error", "'issued' must be YYYY, YYYY-MM or YYYY-MM-DD, not '2022-02-30'"),
        (2, "demo-type", "error", "'seen' must be a string"),  # a number only where `numbers` says so
    ]


def test_numbers_are_read_as_text_only_where_declared_and_never_booleans() -> None:
    schema = (Field("volume", "line", numbers=True), Field("issue", "line"))
    assert check(schema, "volume: 12\n") == ({"volume": "12"}, [])
    assert [m for *_, m in check(schema, "volume: true\nissue: 4\n")[1]] == [
        "'volume' must be a string",
        "'issue' must be a string",
    ]


def test_choices_ignore_case_and_spaces_and_keep_the_declared_value() -> None:
    schema = (Field("vessel", "choice", choices={"ferry": "ferry", "tug boat": "tug boat", "tugboat": "tug boat"}),)
    assert check(schema, "vessel: ' Ferry '\n") == ({"vessel": "ferry"}, [])
    assert check(schema, "vessel: TugBoat\n") == ({"vessel": "tug boat"}, [])
    long = "a very long name for a raft that is not on the list at all"
    assert check(schema, f"vessel: {long}\n")[1] == [
        (1, "demo-type", "error", f"'vessel' must be one of: ferry, tug boat; not {long[:40]!r}")
    ]


def test_aliases_fill_the_field_and_messages_name_the_key_as_written() -> None:
    schema = (Field("crew", "list", aliases=("sailor",)), Field("title", "line"))
    assert check(schema, "sailor: Ann Lee\n") == ({"crew": ("Ann Lee",)}, [])
    assert check(schema, "sailor: 5\n")[1] == [(1, "demo-type", "error", "'sailor' must be a list of strings")]


def test_required_and_non_blank_fields() -> None:
    schema = (Field("name", required=True, blank=False), Field("note"))
    assert check(schema, "note: ''\nname: Ann Lee\n") == ({"note": "", "name": "Ann Lee"}, [])
    assert check(schema, "note: x\n", line=7)[1] == [(7, "demo-type", "error", "'name' must be a non-empty string")]
    assert check(schema, "name: '  '\n")[1] == [(1, "demo-type", "error", "'name' must be a non-empty string")]


def test_unknown_keys_use_the_unknown_template() -> None:
    values, found = check((Field("title", "line"), Field("crew", "list")), "title: Harbour Lights\ncolour: red\n3: three\n")
    assert values == {"title": "Harbour Lights"}
    assert found == [
        (2, "demo-key", "warning", "unknown key 'colour' (known: crew, title)"),
        (3, "demo-key", "warning", "unknown key 3 (known: crew, title)"),
    ]


def test_a_validator_runs_last_on_the_text_as_written_with_its_own_code() -> None:
    def no_harbour(value: str) -> str | None:
        return "must not name a harbour" if "harbour" in value.lower() else None

    invalid = Diagnostic("", 0, "demo-harbour", "", "error")
    schema = (Field("title", "line", validate=no_harbour, invalid=invalid), Field("crew", "list", validate=no_harbour))
    assert check(schema, "title: Harbour Lights\ncrew: [Ann Lee, Harbour Master]\n")[1] == [
        (1, "demo-harbour", "error", "'title' must not name a harbour"),
        (2, "demo-type", "error", "each of 'crew' must not name a harbour"),
    ]
    assert check(schema, "title: \"Harbour\\nLights\"\n")[1] == [(1, "demo-type", "error", "'title' must be one line")]


def test_problems_come_missing_keys_first_then_in_the_order_of_the_data() -> None:
    schema = Schema((Field("name", required=True, blank=False), Field("crew", "list")), WRONG, UNKNOWN, quote="`{}`".format)
    data, lines = construct(compose("crew: 5\ncolour: red\n"))
    _, found = schema.check(data, lines, "demo.yml", line=1, prefix="entry at line 1: ")
    assert [d.message for d in found] == [
        "entry at line 1: `name` must be a non-empty string",
        "entry at line 1: `crew` must be a list of strings",
        "entry at line 1: unknown key 'colour' (known: crew, name)",
    ]


def test_the_sidecar_schema_declares_every_sidecar_field() -> None:
    assert [f.name for f in _SIDECAR.fields] == [f.name for f in fields(Sidecar)]


# --- The three readers built on it ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: ok\nvolume: !!int twelve\n", 2),
        ("title: ok\ndate: !!timestamp 2022-02-30\n", 2),
        ("title: ok\nextra: !!bool maybe\n", 2),
        ("title: ok\ntags: " + "[" * 3000 + "]" * 3000 + "\n", 2),
    ],
)
def test_a_sidecar_value_yaml_cannot_build_is_an_error_not_an_exception(text: str, line: int) -> None:
    assert [(d.line, d.code, d.severity) for d in parse_sidecar(text, "s.yml")[1]] == [(line, "sidecar-yaml", "error")]


def test_glossary_and_entities_read_dates_as_text_and_report_bad_values_with_their_line() -> None:
    terms, found = parse_glossary("terms:\n  - term: Harbour Day\n    definition: 2022-02-30\n", "g.yml")
    assert (terms[0].definition, found) == ("2022-02-30", [])
    _, found = parse_glossary("terms:\n  - term: Harbour Day\n    definition: d\n    forms: !!bool maybe\n", "g.yml")
    assert [(d.line, d.code) for d in found] == [(4, "glossary-yaml")]
    _, found = parse_entities("people:\n  - name: Ann Lee\n    description: A sailor.\n    aliases: !!int x\n", "e.yml")
    assert [(d.line, d.code) for d in found] == [(4, "entities-yaml")]
