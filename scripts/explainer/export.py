"""Offline exports: `explainer export` writes a site zip, one HTML file, a PDF and an EPUB.

1. The site is built once more for `file://` (Material's offline plugin, switched on by
   `EXPLAINER_OFFLINE`; no directory URLs; search index as a script; the iframe-worker shim
   vendored from npm) into a temporary folder.
2. That folder is zipped (`<site>-offline.zip`), with fixed timestamps and order so that the
   same sources give the same bytes.
3. Its article, glossary and bibliography pages become a [Book][explainer.book.Book], from
   which the single HTML file, the PDF and the EPUB are written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explainer.book import Book, load_book
from explainer.errors import ExportError
from explainer.pages import BuildResult
from explainer.textutil import slugify

FORMATS = ("zip", "html", "pdf", "epub")
"""What `explainer export` can write, in the order it writes them."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class OfflineSite:
    """A site built for `file://`, with what the generator made and the site settings."""

    site_dir: Path
    result: BuildResult
    config: Any
    """The MkDocs configuration it was built with."""

    @property
    def name(self) -> str:
        """File-name stem of the exports (`explainer-1.0`)."""
        plugin = self.config.plugins["explainer"].config
        return slugify(f"{self.config.site_name} {plugin.edition}".strip()) or "explainer"

    def book(self) -> Book:
        """The site's articles, glossary and bibliography as a book."""
        plugin = self.config.plugins["explainer"].config
        return load_book(
            self.site_dir,
            self.result.articles,
            title=self.config.site_name,
            description=self.config.site_description or "",
            author=self.config.site_author or "",
            edition=plugin.edition,
            date=plugin.edition_date.isoformat(),
            url=self.config.site_url or "",
            language=self.config.theme.get("language") or "en",
        )


def build_offline_site(config_file: str, site_dir: Path) -> OfflineSite:
    """Build the site for `file://` into `site_dir`.

    Raises:
        ExportError: The build failed.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    previous = os.environ.get("EXPLAINER_OFFLINE")
    os.environ["EXPLAINER_OFFLINE"] = "true"
    try:
        config = load_config(config_file=config_file, site_dir=str(site_dir))
        build(config)
    except MkDocsException as error:
        raise ExportError(f"the offline site could not be built: {error}") from None
    finally:
        if previous is None:
            os.environ.pop("EXPLAINER_OFFLINE", None)
        else:
            os.environ["EXPLAINER_OFFLINE"] = previous
    from explainer.mkdocs_plugin import ExplainerPlugin

    plugin = config.plugins.get("explainer")
    if not isinstance(plugin, ExplainerPlugin) or plugin.result is None:
        raise ExportError("the explainer plugin is missing or disabled in mkdocs.yml")
    return OfflineSite(site_dir, plugin.result, config)


def zip_dir(folder: Path, target: Path, root: str, date: tuple[int, int, int]) -> None:
    """Zip a folder with fixed timestamps, permissions and order (same input, same bytes).

    Args:
        folder: The folder to zip.
        target: The zip file to write.
        root: Name of the top folder inside the zip.
        date: Timestamp given to every entry (the edition date).
    """
    stamp = (*date, 0, 0, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{root}/{path.relative_to(folder).as_posix()}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def _edition_date(site: OfflineSite) -> tuple[int, int, int]:
    date = site.config.plugins["explainer"].config.edition_date
    return max(date.year, 1980), date.month, date.day


def export(
    config_file: str,
    dist: Path,
    formats: Sequence[str] = FORMATS,
    progress: Progress = print,
) -> list[Path]:
    """Write the exports into `dist/`, each replaced only when it is complete.

    Args:
        config_file: Path of `mkdocs.yml`.
        dist: Output folder.
        formats: Some of [FORMATS][explainer.export.FORMATS].
        progress: Where progress messages go.

    Returns:
        The files written.

    Raises:
        ExportError: A format is unknown, a tool is missing, or a step failed.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    dist.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="explainer-export-") as tmp:
        progress("1. building the site for file:// …")
        site = build_offline_site(config_file, Path(tmp) / "site")
        steps = [f for f in FORMATS if f in formats]
        book = site.book() if set(steps) - {"zip"} else None
        for number, fmt in enumerate(steps, start=2):
            target = dist / f"{site.name}{_SUFFIXES[fmt]}"
            progress(f"{number}. writing {target} …")
            partial = Path(tmp) / target.name
            _WRITERS[fmt](site, book, partial)
            shutil.move(str(partial), target)
            written.append(target)
    progress("done: " + ", ".join(str(p) for p in written))
    return written


def _write_zip(site: OfflineSite, book: Book | None, target: Path) -> None:
    zip_dir(site.site_dir, target, site.name, _edition_date(site))


def _write_html(site: OfflineSite, book: Book | None, target: Path) -> None:
    from explainer.export_html import write_single_html

    assert book is not None
    write_single_html(book, site.site_dir, target)


def _write_pdf(site: OfflineSite, book: Book | None, target: Path) -> None:
    from explainer.export_pdf import write_pdf

    assert book is not None
    write_pdf(book, site.site_dir, target)


def _write_epub(site: OfflineSite, book: Book | None, target: Path) -> None:
    from explainer.export_epub import write_epub

    assert book is not None
    write_epub(book, site.site_dir, target)


_SUFFIXES = {"zip": "-offline.zip", "html": ".html", "pdf": ".pdf", "epub": ".epub"}
_WRITERS: dict[str, Callable[[OfflineSite, Book | None, Path], None]] = {
    "zip": _write_zip,
    "html": _write_html,
    "pdf": _write_pdf,
    "epub": _write_epub,
}
