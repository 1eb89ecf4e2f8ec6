"""Reading the input: source texts (any encoding a teacher may save) and their YAML sidecars.

This is the only stage besides the adapters that touches the file system. Problems come
back as [Diagnostic][explainer.model.Diagnostic]s naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from explainer.model import ORIGINAL_TYPES, Diagnostic, Sidecar
from explainer.safe import one_line_problem, web_address
from explainer.textutil import parse_iso_date

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_source(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode the bytes of a source text.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such. Other bytes that are
    not valid UTF-8 are read as Windows-1252 with a warning naming the first bad line.
    Binary files are refused.

    Args:
        data: The file's bytes.
        file: Path for diagnostics.

    Returns:
        The text (or `None` when the file cannot be read as text) and diagnostics.
    """
    diagnostics: list[Diagnostic] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), diagnostics
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n\x00") + 1
            return None, [Diagnostic(file, line, "bad-encoding", "invalid UTF-16 text", "error")]
    if b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [
            Diagnostic(
                file, line, "binary-source", "this is a binary file, not plain text", "error"
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        diagnostics.append(
            Diagnostic(
                file,
                line,
                "bad-encoding",
                f"byte 0x{data[error.start]:02x} is not valid UTF-8; the file was read as Windows-1252",
            )
        )
        text = data.decode("cp1252", errors="replace")
    if _CONTROL_RE.search(text):
        line = text[: _CONTROL_RE.search(text).start()].count("\n") + 1  # type: ignore[union-attr]
        diagnostics.append(
            Diagnostic(file, line, "control-characters", "control characters were removed")
        )
        text = _CONTROL_RE.sub("", text)
    return text, diagnostics


def read_source(path: Path) -> tuple[str | None, list[Diagnostic]]:
    """Read and decode one source text.

    Args:
        path: The `.txt` file.

    Returns:
        The text (or `None`) and diagnostics, as [decode_source][explainer.sources.decode_source].
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [
            Diagnostic(
                str(path), 0, "unreadable", f"cannot read the file: {error.strerror}", "error"
            )
        ]
    return decode_source(data, str(path))


_SIDECAR_FIELDS = {f.name: f for f in fields(Sidecar)}
_ONE_LINE_FIELDS = {
    "title", "publisher", "url", "date", "language", "licence", "type", "container_title", "accessed", "pages", "volume",
}
"""Fields shown on one line and written into citation files: no line breaks, no control characters."""


def _control_problem(value: str) -> str | None:
    """A multi-line field (dek, provenance) may break lines but holds no other control character."""
    return one_line_problem(value.replace("\n", " ").replace("\r", " "))
_LIST_FIELDS = {"authors", "tags", "editors"}
_ALIASES = {
    "author": "authors", "license": "licence", "source": "provenance", "standfirst": "dek",
    "container-title": "container_title", "container": "container_title", "editor": "editors", "page": "pages",
}
_DATE_FIELDS = {"date", "accessed"}
_NUMBER_FIELDS = {"date", "pages", "volume"}
"""Fields YAML may read as a number (`date: 2022`, `volume: 12`)."""


class _SidecarLoader(yaml.SafeLoader):
    """A SafeLoader that leaves dates as text, so `2022-02-30` is reported like any bad value."""


_SidecarLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_sidecar(text: str, file: str) -> tuple[Sidecar, list[Diagnostic]]:
    """Parse and check a `<slug>.yml` sidecar.

    Args:
        text: The YAML text.
        file: Path for diagnostics.

    Returns:
        The metadata and diagnostics. Wrong types are errors naming the key's line; unknown
        keys are warnings.
    """
    try:
        node = yaml.compose(text, Loader=_SidecarLoader)
        data = yaml.load(text, Loader=_SidecarLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return Sidecar(), [
            Diagnostic(file, line, "sidecar-yaml", f"not valid YAML: {problem}", "error")
        ]
    if data is None:
        return Sidecar(), []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return Sidecar(), [
            Diagnostic(
                file, 1, "sidecar-type", "a sidecar must be a mapping of keys to values", "error"
            )
        ]
    lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    values: dict[str, Any] = {}
    diagnostics: list[Diagnostic] = []
    for raw_key, value in data.items():
        key = _ALIASES.get(str(raw_key), str(raw_key))
        line = lines.get(str(raw_key), 0)
        if key not in _SIDECAR_FIELDS:
            known = ", ".join(sorted(_SIDECAR_FIELDS))
            diagnostics.append(
                Diagnostic(file, line, "sidecar-key", f"unknown key {raw_key!r} (known: {known})")
            )
            continue
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()[:10]
        elif key in _NUMBER_FIELDS and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # `date: 2022`, `volume: 12` are read by YAML as numbers
        if key in _LIST_FIELDS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                diagnostics.append(
                    Diagnostic(
                        file,
                        line,
                        "sidecar-type",
                        f"{raw_key!r} must be a list of strings",
                        "error",
                    )
                )
                continue
            bad = next((problem for v in value if (problem := one_line_problem(v))), None)
            if bad is not None:
                diagnostics.append(Diagnostic(file, line, "sidecar-type", f"each of {raw_key!r} {bad}", "error"))
                continue
            values[key] = tuple(v.strip() for v in value if v.strip())
            continue
        if not isinstance(value, str):
            diagnostics.append(
                Diagnostic(file, line, "sidecar-type", f"{raw_key!r} must be a string", "error")
            )
            continue
        problem = one_line_problem(value.strip()) if key in _ONE_LINE_FIELDS else _control_problem(value)
        if problem is not None:
            diagnostics.append(Diagnostic(file, line, "sidecar-type", f"{raw_key!r} {problem}", "error"))
            continue
        if key == "url" and web_address(value) is None:
            diagnostics.append(
                Diagnostic(
                    file, line, "sidecar-url",
                    f"'url' must be a web address (http:// or https://, no spaces or brackets), not {value.strip()[:80]!r}",
                    "error",
                )
            )
            continue
        if key in _DATE_FIELDS:
            value = re.sub(r"^(\d{4}-\d{2}-\d{2})[T ]\d.*$", r"\1", value.strip())  # drop a time
        if key in _DATE_FIELDS and parse_iso_date(value) is None:
            diagnostics.append(
                Diagnostic(
                    file,
                    line,
                    "sidecar-type",
                    f"{key!r} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}",
                    "error",
                )
            )
            continue
        if key == "type" and value.strip().lower().replace("webpage", "web page") not in ORIGINAL_TYPES:
            known_types = ", ".join(ORIGINAL_TYPES)
            diagnostics.append(
                Diagnostic(file, line, "sidecar-type", f"'type' must be one of: {known_types}; not {value.strip()[:40]!r}", "error")
            )
            continue
        if key == "type":
            value = value.strip().lower().replace("webpage", "web page")
        values[key] = value.strip()
    return Sidecar(**values), diagnostics


def read_sidecar(path: Path) -> tuple[Sidecar, list[Diagnostic]]:
    """Read the sidecar next to a source, if there is one.

    Args:
        path: The `.yml` path (it may not exist).

    Returns:
        The metadata (empty when there is no file) and diagnostics.
    """
    if not path.exists() and not path.is_symlink():
        return Sidecar(), []
    if path.is_symlink() or not path.is_file():
        message = "is a symbolic link or not a regular file; the sidecar is not read"
        return Sidecar(), [Diagnostic(str(path), 0, "source-refused", message, "warning")]
    text, diagnostics = read_source(path)
    if text is None:
        return Sidecar(), diagnostics
    sidecar, more = parse_sidecar(text, str(path))
    return sidecar, diagnostics + more


def yaml_problem(error: yaml.YAMLError, file: str, code: str) -> Diagnostic:
    """Turn a YAML syntax error into an error diagnostic with its line.

    Args:
        error: The error PyYAML raised.
        file: Path, for the diagnostic.
        code: Diagnostic code (`glossary-yaml`…).

    Returns:
        The diagnostic.
    """
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    line = mark.line + 1 if mark is not None else 0
    return Diagnostic(file, line, code, f"not valid YAML: {problem}", "error")


def read_data_file(path: Path, code: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a team data file (`data/*.yml`) as UTF-8.

    Args:
        path: The file; a missing file is not an error.
        code: Diagnostic code for a file that cannot be read.

    Returns:
        The text (`None` if missing or unreadable) and diagnostics.
    """
    if not path.exists():
        return None, []
    try:
        return path.read_text(encoding="utf-8"), []
    except (OSError, UnicodeDecodeError) as error:
        return None, [Diagnostic(str(path), 0, code, f"cannot read the file: {error}", "error")]
