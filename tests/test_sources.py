"""Tests for explainer.sources: decoding source bytes and checking sidecars."""

from __future__ import annotations

import pytest

from explainer.model import Sidecar
from explainer.sources import decode_source, parse_sidecar


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param("Héllo\nwörld — “quoted”".encode(), "Héllo\nwörld — “quoted”", id="utf-8"),
        pytest.param(b"\xef\xbb\xbfHi\nthere", "Hi\nthere", id="utf-8-bom"),
        pytest.param("Héllo\nwörld".encode("utf-16"), "Héllo\nwörld", id="utf-16-bom"),
        pytest.param("\ufeffHé\nx".encode("utf-16-le"), "Hé\nx", id="utf-16-le-bom"),
        pytest.param("\ufeffHé\nx".encode("utf-16-be"), "Hé\nx", id="utf-16-be-bom"),
        pytest.param(b"tab\tand\r\nCRLF\n", "tab\tand\r\nCRLF\n", id="tabs-and-crlf-kept"),
        pytest.param(b"", "", id="empty"),
    ],
)
def test_decode_clean(data: bytes, expected: str) -> None:
    """Text in a supported encoding decodes without diagnostics."""
    assert decode_source(data, "f.txt") == (expected, [])


def test_decode_invalid_utf8_reads_as_cp1252() -> None:
    """Invalid UTF-8 is read as Windows-1252 with a warning naming the bad line."""
    text, diagnostics = decode_source(b"line one\nline two caf\xe9\nline \x93three\x94", "f.txt")
    assert text == "line one\nline two café\nline “three”"
    assert [(d.file, d.line, d.code, d.severity) for d in diagnostics] == [
        ("f.txt", 2, "bad-encoding", "warning")
    ]
    assert "0xe9" in diagnostics[0].message


@pytest.mark.parametrize(
    ("data", "line"),
    [
        pytest.param(b"abc\ndef\x00\x01\x02", 2, id="nul-on-line-2"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, id="png"),
        pytest.param(b"\x00", 1, id="nul-only"),
    ],
)
def test_decode_binary_is_an_error(data: bytes, line: int) -> None:
    """Bytes with NULs are refused with an error at the first NUL's line."""
    text, diagnostics = decode_source(data, "f.txt")
    assert text is None
    assert [(d.file, d.line, d.code, d.severity) for d in diagnostics] == [
        ("f.txt", line, "binary-source", "error")
    ]


@pytest.mark.parametrize(
    ("data", "expected", "line"),
    [
        pytest.param(b"ok\nbad\x07bell\x1b[0m\n", "ok\nbadbell[0m\n", 2, id="bell-and-escape"),
        pytest.param(b"one\ntwo\nthree\x0c\n", "one\ntwo\nthree\n", 3, id="form-feed"),
        pytest.param(b"\x7fdel", "del", 1, id="delete"),
    ],
)
def test_decode_control_characters_removed(data: bytes, expected: str, line: int) -> None:
    """Control characters are removed with a warning at their line."""
    text, diagnostics = decode_source(data, "f.txt")
    assert text == expected
    assert [(d.line, d.code, d.severity) for d in diagnostics] == [
        (line, "control-characters", "warning")
    ]


def test_parse_sidecar_valid() -> None:
    """A full sidecar fills every field, with aliases accepted."""
    text = (
        "# comment\n"
        "title: A Title\n"
        "standfirst: A dek.\n"
        "author: Jane Doe\n"
        "date: '2022-02'\n"
        "publisher: The Outlet\n"
        "url: https://example.org/a\n"
        "license: CC BY 4.0\n"
        "language: de\n"
        "source: Seed text 001\n"
        "tags: [one, ' two ', '']\n"
    )
    sidecar, diagnostics = parse_sidecar(text, "s.yml")
    assert diagnostics == []
    assert sidecar == Sidecar(
        title="A Title",
        dek="A dek.",
        authors=("Jane Doe",),
        date="2022-02",
        publisher="The Outlet",
        url="https://example.org/a",
        licence="CC BY 4.0",
        language="de",
        provenance="Seed text 001",
        tags=("one", "two"),
    )


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("date: 2022-02-01\n", "2022-02-01"),
        ("date: 2022-02-01 10:30:00\n", "2022-02-01"),
        ("date: '2022-02'\n", "2022-02"),
        ("date: 2022\n", "2022"),
    ],
)
def test_parse_sidecar_date(text: str, date: str) -> None:
    """Dates written as YAML dates, strings or a bare year are ISO strings."""
    assert parse_sidecar(text, "s.yml") == (Sidecar(date=date), [])


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("title: 5\n", 1, "title"),
        ("# c\ntitle: ok\nauthors: [1, 2]\n", 3, "authors"),
        ("title: ok\ntags: {a: 1}\n", 2, "tags"),
        ("title: ok\n\nlicence: [a, b]\n", 3, "licence"),
        ("title: ok\ndate: 02/01/2022\n", 2, "date"),
        ("title: ok\ndate: '2022-13-01'\n", 2, "date"),
        ("title: ok\ndate: 2022-02-30\n", 2, "date"),
    ],
)
def test_parse_sidecar_wrong_type(text: str, line: int, key: str) -> None:
    """A wrong value is an error at its key's line; the key is left empty."""
    sidecar, diagnostics = parse_sidecar(text, "s.yml")
    assert [(d.file, d.line, d.code, d.severity) for d in diagnostics] == [
        ("s.yml", line, "sidecar-type", "error")
    ]
    assert repr(key) in diagnostics[0].message
    assert getattr(sidecar, key) == getattr(Sidecar(), key)


def test_parse_sidecar_unknown_key() -> None:
    """An unknown key is a warning at its line; known keys still count."""
    sidecar, diagnostics = parse_sidecar("title: ok\ncolour: red\n", "s.yml")
    assert sidecar == Sidecar(title="ok")
    assert [(d.line, d.code, d.severity) for d in diagnostics] == [(2, "sidecar-key", "warning")]
    assert "'colour'" in diagnostics[0].message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: a\n  bad: indent\n", 2),
        ("title: ok\nauthors: [a, b\ndate: x\n", 3),
        ("title: ok\n\ttabbed: x\n", 2),
    ],
)
def test_parse_sidecar_bad_yaml(text: str, line: int) -> None:
    """Invalid YAML is an error with the line YAML reports."""
    sidecar, diagnostics = parse_sidecar(text, "s.yml")
    assert sidecar == Sidecar()
    assert [(d.file, d.line, d.code, d.severity) for d in diagnostics] == [
        ("s.yml", line, "sidecar-yaml", "error")
    ]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just a string\n", "42\n"])
def test_parse_sidecar_not_a_mapping(text: str) -> None:
    """A sidecar that is not a mapping is an error."""
    sidecar, diagnostics = parse_sidecar(text, "s.yml")
    assert sidecar == Sidecar()
    assert [(d.line, d.code, d.severity) for d in diagnostics] == [(1, "sidecar-type", "error")]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_parse_sidecar_empty(text: str) -> None:
    """An empty sidecar is fine."""
    assert parse_sidecar(text, "s.yml") == (Sidecar(), [])
