"""Per-article stage results kept between builds, by content hash.

After one article is edited, a rebuild parses, summarises and links only that article; the
others come from `stages.pickle` in the cache folder (`.cache/explainer/`). Every key hashes
the inputs of the stage and the generator's own code, so a changed generator never reuses
an old result. The file is build output, like `site/`: written atomically, holding only
what the latest build used, and ignored when it cannot be read.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_version() -> str:
    """A hash of the generator's source files and the Python version (read once)."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def content_key(*parts: str | bytes) -> str:
    """A hash of some inputs and of the generator's code."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def file_bytes(path: Path) -> bytes:
    """A file's bytes, or nothing if it does not exist or cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return b""


class StageCache:
    """Results by key: the ones of the previous build, and the ones this build used."""

    FILE = "stages.pickle"

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / self.FILE if folder is not None else None
        self.previous: dict[str, Any] = self._load()
        self.used: dict[str, Any] = {}
        self.made = 0
        """How many results this build had to compute (for tests and the benchmark)."""
        self.article_keys: dict[str, str] = {}
        """The key of each parsed article, by slug (later stages' keys build on it)."""

    def _load(self) -> dict[str, Any]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            with self.path.open("rb") as file:
                data = pickle.load(file)  # noqa: S301  # the build's own output, not input
        except Exception:  # noqa: BLE001  # any unreadable cache is no cache
            return {}
        return data if isinstance(data, dict) else {}

    def get_or_make(self, key: str, make: Callable[[], T]) -> T:
        """The result kept under `key`, or `make()` (then kept)."""
        if key in self.used:
            return self.used[key]  # type: ignore[no-any-return]
        if key in self.previous:
            value = self.previous[key]
        else:
            value = make()
            self.made += 1
        self.used[key] = value
        return value  # type: ignore[no-any-return]

    def save(self) -> None:
        """Write what this build used (quietly not, if the folder cannot be written)."""
        if self.path is None or (not self.made and self.used.keys() == self.previous.keys()):
            return
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as file:
                pickle.dump(self.used, file, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.path)
        except OSError:
            temporary.unlink(missing_ok=True)
