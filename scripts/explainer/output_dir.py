"""Where a build may write: a site folder that can never be the project or a user's files.

`explainer build --site-dir DIR` replaces DIR with the new site. Before anything is written,
[check_site_dir][explainer.output_dir.check_site_dir] refuses a folder that is, holds or lies
inside the project's own folders (the config file's folder as a whole, `docs/`, `sources/`,
`data/`, `overrides/`, `.git/`, the cache), and an existing folder with files in it that no
earlier build wrote (each build leaves a [MARKER][explainer.output_dir.MARKER] file in the
site). The staging folder a build writes into is marked too, so one left behind by a killed
build is removed by the next ([remove_stale_staging][explainer.output_dir.remove_stale_staging]).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

MARKER = ".explainer-site"
"""A file every built site holds: the folder may be replaced by the next build."""

STAGING_MARKER = ".explainer-staging"
"""A file in a build's staging folder: removable when no build is running any more."""

_MKDOCS_SITE = ("index.html", "sitemap.xml", "404.html")
"""A folder holding all of these is a site MkDocs built (before the marker existed)."""


def check_site_dir(site_dir: Path, project: Path, inner: Iterable[Path]) -> str | None:
    """Why a build must not write to `site_dir`, or `None` when it may.

    Args:
        site_dir: The folder the site would replace (resolved).
        project: The folder of the config file (resolved): the site may lie inside it.
        inner: The project's own folders and files (docs, sources, data, overrides, cache,
            `.git`, the config file), resolved: the site may neither be, hold nor lie in one.

    Returns:
        A message naming the folder and the reason, or `None`.
    """
    if _inside(project, site_dir):
        return f"{site_dir} holds the project itself ({project}); the build would replace it"
    for path in inner:
        if path == site_dir:
            return f"{site_dir} is the project's {_what(path)}; the build would replace it"
        if _inside(path, site_dir):
            return f"{site_dir} holds the project's {_what(path)} ({path}); the build would replace it"
        if _inside(site_dir, path):
            return f"{site_dir} is inside the project's {_what(path)} ({path}); choose a folder outside it"
    if site_dir.is_symlink():
        return f"{site_dir} is a symbolic link; give the folder itself"
    if site_dir.exists() and not site_dir.is_dir():
        return f"{site_dir} is a file, not a folder"
    if site_dir.is_dir() and any(site_dir.iterdir()) and not is_built_site(site_dir):
        return (
            f"{site_dir} already holds files that no explainer build wrote; "
            "choose an empty or new folder (nothing was deleted)"
        )
    return None


def is_built_site(folder: Path) -> bool:
    """True for a folder an earlier build wrote (its marker, or MkDocs' own files)."""
    return (folder / MARKER).is_file() or all((folder / name).is_file() for name in _MKDOCS_SITE)


def mark_site(folder: Path) -> None:
    """Leave the marker that lets the next build replace this folder."""
    (folder / MARKER).write_text("Built by explainer; the next build may replace this folder.\n", encoding="utf-8")


def mark_staging(folder: Path) -> None:
    """Mark a staging folder (a killed build's leftover is then recognised)."""
    (folder / STAGING_MARKER).write_text(f"{os.getpid()}\n", encoding="utf-8")


def remove_stale_staging(site_dir: Path) -> list[Path]:
    """Remove staging folders (`.<site>-…` beside the site) left by builds that are no longer
    running; a folder without the staging marker, or whose build still runs, is kept.

    Returns:
        The folders removed.
    """
    removed: list[Path] = []
    if not site_dir.parent.is_dir():
        return removed
    for candidate in site_dir.parent.glob(f".{site_dir.name}-*"):
        marker = candidate / STAGING_MARKER
        if candidate.is_symlink() or not candidate.is_dir() or not marker.is_file():
            continue
        try:
            pid = int(marker.read_text(encoding="utf-8").strip() or "0")
        except (OSError, ValueError):
            pid = 0
        if pid and _running(pid):
            continue
        shutil.rmtree(candidate, ignore_errors=True)
        removed.append(candidate)
    return removed


def _running(pid: int) -> bool:
    """True while a process with this id exists (one we may not signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass
    return True


def _inside(child: Path, parent: Path) -> bool:
    """True when `child` is `parent` or lies under it."""
    return child == parent or parent in child.parents


def _what(path: Path) -> str:
    return f"'{path.name}'" if path.name else "folder"
