"""Per-article stage results kept between builds, by content hash.

After one article is edited, a rebuild parses, summarises and links only that article; the
others come from `stages.pickle` in the cache folder (`.cache/explainer/`). Every key hashes
the inputs of the stage and the generator's own code, so a changed generator never reuses
an old result. The file is build output, like `site/`: written atomically, holding only
what the latest build used, and ignored when it cannot be read.

The results are pickled, and unpickling runs code, so the file is signed (HMAC-SHA256) with
a key this user keeps outside any project (`~/.cache/explainer/cache-signing-key`): a cache
that came with a copied or downloaded project is ignored, never unpickled. The key itself is
checked before use ([signing_key][explainer.stage_cache.signing_key]): a key inside the
project or the cache folder it protects (`XDG_CACHE_HOME` pointing into the project), not
owned by this user, or open to other users is refused, and the cache is then not used at all
(everything is rebuilt, with a warning). The citation cache signs its rows with the same key.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import pickle
import re
import secrets
import stat
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


log = logging.getLogger("mkdocs.plugins.explainer.cache")

KEY_FILE = "cache-signing-key"
PROJECT_MARKERS = ("mkdocs.yml", "mkdocs.yaml", "pyproject.toml", ".git")
"""Files that mark the top folder of a project (the folder a cache folder belongs to)."""


class KeyRefused(Exception):
    """The signing key cannot be trusted; the message says why."""


def key_path() -> Path:
    """Where this user's signing key is kept: `$XDG_CACHE_HOME/explainer/cache-signing-key`.

    A relative `XDG_CACHE_HOME` is ignored, as the XDG specification asks (it would put the
    key in whatever folder the build runs from).
    """
    home = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(home) if home and os.path.isabs(home) else Path.home() / ".cache"
    return base / "explainer" / KEY_FILE


def project_root(cache_folder: Path) -> Path:
    """The project a cache folder belongs to.

    The nearest folder above it (below the home folder) that holds `mkdocs.yml`,
    `pyproject.toml` or `.git`; without one, the folder holding the `.cache/` it is in
    (`<project>/.cache/explainer`); failing both, the cache folder itself.
    """
    folder = Path(os.path.realpath(cache_folder))
    home = Path(os.path.realpath(Path.home()))
    below_home = []
    for candidate in (folder, *folder.parents):
        if candidate == home or candidate == candidate.parent:
            break
        below_home.append(candidate)
    for candidate in below_home:
        if any((candidate / marker).exists() for marker in PROJECT_MARKERS):
            return candidate
    for candidate in below_home:
        if candidate.name == ".cache" and candidate.parent != home:
            return candidate.parent
    return folder


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_location(path: Path, protects: Path | None) -> None:
    """Refuse a key kept inside the cache folder it signs or inside that folder's project."""
    if protects is None:
        return
    where = Path(os.path.realpath(path.parent))
    for folder, what in (
        (Path(os.path.realpath(protects)), "the cache folder it protects"),
        (project_root(protects), "the project"),
    ):
        if _inside(where, folder):
            raise KeyRefused(
                f"the signing key {path} is inside {what} ({folder}), so it may have come "
                "with the project; keep it outside the project (unset XDG_CACHE_HOME or point "
                "it elsewhere)"
            )


def _check_owner(path: Path, info: os.stat_result, what: str, private: bool) -> None:
    """Refuse a file or folder another user owns or may change (or, if `private`, read)."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        raise KeyRefused(f"the {what} {path} is not owned by you (owner uid {info.st_uid})")
    mode = stat.S_IMODE(info.st_mode)
    if mode & (0o077 if private else 0o022):
        raise KeyRefused(
            f"the {what} {path} has mode {mode:04o}: other users can "
            f"{'read or change' if private else 'change'} it "
            f"(`chmod {'600' if private else 'go-w'} {path}` or delete it)"
        )


def _make_key(path: Path) -> None:
    """Write a new random key, readable by this user only (none if it already exists)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as file:
        file.write(secrets.token_bytes(32))


def _read_key(path: Path) -> bytes:
    """The key's bytes, after checking its folder and the file (not following a symlink)."""
    folder = os.stat(path.parent)
    if stat.S_IMODE(folder.st_mode) & 0o022 and folder.st_uid == getattr(os, "getuid", int)():
        # Our own folder, made group-writable by a umask of 002: close it (the key file's own
        # checks below are what keep a planted key out).
        os.chmod(path.parent, stat.S_IMODE(folder.st_mode) & ~0o022)
        folder = os.stat(path.parent)
    _check_owner(path.parent, folder, "key folder", private=False)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if path.is_symlink():
            raise KeyRefused(f"the signing key {path} is a symbolic link") from None
        raise error
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise KeyRefused(f"the signing key {path} is not a regular file")
        _check_owner(path, info, "signing key", private=True)
        key = file.read(4096)
    if len(key) < 32:
        raise KeyRefused(f"the signing key {path} is shorter than 32 bytes")
    return key


_warned: set[str] = set()


def signing_key(protects: Path | None = None) -> bytes | None:
    """This user's secret for signing caches, made on first use.

    Args:
        protects: The cache folder the key is to sign. The key is refused if it lies inside
            that folder or its project ([project_root][explainer.stage_cache.project_root]):
            a key that came with the project signs whatever came with it.

    Returns:
        The key, or None if it cannot be kept (then nothing is cached) or is refused: kept in
        the project, not owned by this user, a file or folder other users may change, or a
        key other users may read. A refused key is reported once, as a warning.
    """
    path = key_path()
    try:
        _check_location(path, protects)
        _make_key(path)
        return _read_key(path)
    except KeyRefused as refused:
        message = f"explainer: caches are not used, everything is rebuilt: {refused}"
        if message not in _warned:
            _warned.add(message)
            log.warning(message)
        return None
    except OSError:
        return None


class StageCache:
    """Results by key: the ones of the previous build, and the ones this build used."""

    FILE = "stages.pickle"
    MAGIC = b"explainer stage cache 1\n"

    def __init__(self, folder: Path | None) -> None:
        self.key = signing_key(folder) if folder is not None else None
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
