"""Reading the input: source texts (any encoding a teacher may save) and their YAML sidecars.

This is the only stage besides the adapters that touches the file system. Problems come
back as [Diagnostic][explainer.model.Diagnostic]s naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from explainer.model import ORIGINAL_TYPES, Diagnostic, Sidecar
from explainer.safe import one_line_problem, web_address
from explainer.yaml_fields import Field, Schema, compose, construct, yaml_problem

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


def _control_problem(value: str) -> str | None:
    """A multi-line field (dek, provenance) may break lines but holds no other control character."""
    return one_line_problem(value.replace("\n", " ").replace("\r", " "))


def _web_address_problem(value: str) -> str | None:
    """What is wrong with a `url` that is not a safe web address, or `None`."""
    if web_address(value) is None:
        return f"must be a web address (http:// or https://, no spaces or brackets), not {value.strip()[:80]!r}"
    return None


_SIDECAR = Schema(
    (
        Field("title", "line"),
        Field("dek", "text", aliases=("standfirst",), validate=_control_problem),
        Field("authors", "list", aliases=("author",), validate=one_line_problem),
        Field("date", "date", numbers=True),  # `date: 2022` is a number to YAML
        Field("type", "choice", choices={t: t for t in ORIGINAL_TYPES} | {"webpage": "web page"}),
        Field("container_title", "line", aliases=("container-title", "container")),
        Field("publisher", "line"),
        Field("url", "line", validate=_web_address_problem, invalid=Diagnostic("", 0, "sidecar-url", "", "error")),
        Field("accessed", "date", numbers=True),
        Field("editors", "list", aliases=("editor",), validate=one_line_problem),
        Field("pages", "line", aliases=("page",), numbers=True),
        Field("volume", "line", numbers=True),
        Field("licence", "line", aliases=("license",)),
        Field("language", "line"),
        Field("provenance", "text", aliases=("source",), validate=_control_problem),
        Field("tags", "list", validate=one_line_problem),
    ),
    wrong=Diagnostic("", 0, "sidecar-type", "", "error"),
    unknown=Diagnostic("", 0, "sidecar-key", "", "warning"),
)
"""The sidecar's keys: one-line fields (they go into citation files) hold no line break or
control character; `dek` and `provenance` may break lines."""


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
        node = compose(text)
        data, lines = construct(node)
    except yaml.YAMLError as error:
        return Sidecar(), [yaml_problem(error, file, "sidecar-yaml")]
    if data is None:
        return Sidecar(), []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        message = "a sidecar must be a mapping of keys to values"
        return Sidecar(), [Diagnostic(file, 1, "sidecar-type", message, "error")]
    values, diagnostics = _SIDECAR.check(data, lines, file)
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
