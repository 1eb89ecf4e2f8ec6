"""Incremental rebuilds for `explainer serve`: re-render only the pages that changed.

`explainer serve` runs MkDocs' dirty builds, in which a page is rendered again only when its
source file is newer than its output. Generated pages have no source file, so
[PageFolder][explainer.incremental.PageFolder] writes each one to a folder and rewrites it only when
its Markdown changed: MkDocs' own file dates then say which pages to render again.

Two things a dirty build gets wrong on its own are mended here:

- pages that show what the generator found (the home page's article list) and, when the set
  of pages or the sidebar changes, every page, are marked as changed;
- Material's search index keeps entries only for the pages of the latest rebuild when more
  than one page changed, so [SearchEntries][explainer.incremental.SearchEntries] keeps every
  page's entries and writes the whole index again.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any


class PageFolder:
    """A folder holding generated files, rewritten only when their content changes."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="explainer-pages-"))
        self.layout: object = None

    def write(self, files: Mapping[str, str], layout: object) -> tuple[dict[str, Path], bool]:
        """Write changed files; all of them when `layout` (pages, sidebar) differs from last time.

        Args:
            files: Content by site path (`articles/x.md`).
            layout: Anything that, when it changes, changes every page (compared with `==`).

        Returns:
            The path of each file, and whether the layout changed (everything is new).
        """
        changed = layout != self.layout
        self.layout = layout
        paths = {}
        for uri, content in files.items():
            path = self.root / uri
            data = content.encode("utf-8")
            if changed or not path.is_file() or path.read_bytes() != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            paths[uri] = path
        for stale in {p for p in self.root.rglob("*") if p.is_file()} - set(paths.values()):
            stale.unlink()
        return paths, changed

    def remove(self) -> None:
        """Delete the folder."""
        shutil.rmtree(self.root, ignore_errors=True)


def page_of(location: str) -> str:
    """The page part of a search entry's location (`articles/x/#p-3` → `articles/x/`)."""
    return location.split("#", 1)[0]


class SearchEntries:
    """Every page's search entries, kept across dirty rebuilds."""

    def __init__(self) -> None:
        self.by_page: dict[str, list[dict[str, Any]]] = {}

    def take_latest(self, page_url: str, entries: Sequence[dict[str, Any]]) -> None:
        """Keep the entries just added for a page: the run at the end of `entries` that
        belongs to it (Material's index appends one page's entries at a time)."""
        start = len(entries)
        while start > 0 and page_of(str(entries[start - 1].get("location", ""))) == page_url:
            start -= 1
        self.by_page[page_url] = list(entries[start:])

    def index_json(self, written: str, page_urls: Iterable[str]) -> str:
        """Material's index (`written`) with every current page's entries, in page order."""
        data = json.loads(written)
        data["docs"] = [entry for url in page_urls for entry in self.by_page.get(url, [])]
        return json.dumps(data, separators=(",", ":"), default=str)
