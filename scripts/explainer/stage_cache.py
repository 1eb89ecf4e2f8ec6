"""Per-article stage results kept between builds, by content hash.

After one article is edited, a rebuild parses, summarises and links only that article; the
others come from `stages.pickle` in the cache folder (`.cache/explainer/`). Every key hashes
the inputs of the stage and the generator's own code, so a changed generator never reuses
an old result. The file is build output, like `site/`: written atomically, holding only
what the latest build used, and ignored when it cannot be read.

The results are pickled, and unpickling runs code, so the file is signed (HMAC-SHA256) with
a key this user keeps outside any project (`~/.cache/explainer/cache-signing-key`): a cache
that came with a copied or downloaded project is ignored, never unpickled.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import re
import secrets
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_version() -> str:
    """A hash of the generator's source files, its installed dependencies' versions and the
    Python version (worked out once per process)."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in sorted(_dependencies()):
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            continue
    return digest.hexdigest()


def _dependencies() -> set[str]:
    """Names of the packages the installed `explainer` requires (none if not installed)."""
    try:
        requirements = metadata.requires("explainer") or []
    except metadata.PackageNotFoundError:
        return set()
    return {
        re.split(r"[\s;<>=!~\[]", r, maxsplit=1)[0] for r in requirements if "extra ==" not in r
    }


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


def signing_key() -> bytes | None:
    """This user's secret for signing caches, made on first use (none if it cannot be kept)."""
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(home) / "explainer" / "cache-signing-key"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_bytes(32))
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) >= 32 else None


class StageCache:
    """Results by key: the ones of the previous build, and the ones this build used."""

    FILE = "stages.pickle"
    MAGIC = b"explainer stage cache 1\n"

    def __init__(self, folder: Path | None) -> None:
        self.key = signing_key() if folder is not None else None
        self.path = folder / self.FILE if folder is not None and self.key else None
        self.previous: dict[str, Any] = self._load()
        self.used: dict[str, Any] = {}
        self.made = 0
        """How many results this build had to compute (for tests and the benchmark)."""
        self.article_keys: dict[str, str] = {}
        """The key of each parsed article, by slug (later stages' keys build on it)."""

    def _signature(self, payload: bytes) -> bytes:
        assert self.key is not None
        return hmac.new(self.key, payload, hashlib.sha256).digest()

    def _load(self) -> dict[str, Any]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        head = len(self.MAGIC)
        signature, payload = data[head : head + 32], data[head + 32 :]
        if not data.startswith(self.MAGIC) or not hmac.compare_digest(
            signature, self._signature(payload)
        ):
            return {}  # not written by this user's builds: never unpickled
        try:
            results = pickle.loads(payload)  # noqa: S301  # signed by this user's own builds
        except Exception:  # noqa: BLE001  # any unreadable cache is no cache
            return {}
        return results if isinstance(results, dict) else {}

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
            payload = pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.write_bytes(self.MAGIC + self._signature(payload) + payload)
            temporary.replace(self.path)
        except OSError:
            temporary.unlink(missing_ok=True)
