"""The PDF edition, typeset by WeasyPrint from the [Book][explainer.book.Book].

One HTML document is made of a cover, a table of contents (page numbers from
`target-counter()`) and the chapters, each on a new page, and styled by `export_pdf.css`
(A4, running header, page numbers, endnotes labelled `[i]`, no screen CSS). Links whose
target is not in the document are unwrapped, so every `#…` link left becomes a link
inside the PDF. Only `file:` and `data:` resources are fetched: nothing comes from the
network, and the fonts are the system's DejaVu (or Liberation) faces, embedded as subsets.

The output is reproducible: the PDF dates are the edition date (`dcterms.created` and
`dcterms.modified`), the file identifier is a hash of the HTML, and WeasyPrint names its
font subsets from their content, so the same book gives the same bytes (with the same
WeasyPrint, Pango and fonts).
"""

from __future__ import annotations

import hashlib
import html
import posixpath
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString

from explainer.book import Book, Chapter, tags_as_line
from explainer.errors import ExportError

PANGO_MISSING = (
    "the PDF needs WeasyPrint and the Pango library: "
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
)
WEASYPRINT_MISSING = "the PDF needs WeasyPrint: pip install weasyprint==70.0"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_DROP = (
    "input",
    "label",
    "select",
    "textarea",
    "form",
    "iframe",
    "object",
    "embed",
    "audio",
    "video",
    "noscript",
    "template",
    "style",
    "link",
    ".tabbed-labels",
    ".md-dialog",
)
"""Interactive or screen-only elements left in the chapters."""


def stylesheet() -> str:
    """The print stylesheet (`export_pdf.css`)."""
    return files("explainer").joinpath("export_pdf.css").read_text(encoding="utf-8")


def long_date(iso: str) -> str:
    """An ISO date in words, or the text as it is when it is not a date.

    Examples:
        >>> long_date("2026-11-23"), long_date("soon")
        ('23 November 2026', 'soon')
    """
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _print_ready(root: Tag, chapter: Chapter) -> None:
    """Make one chapter printable: no widgets, open summaries, definitions shown."""
    for selector in _DROP:
        for element in root.select(selector):
            element.decompose()
    for element in root.select("[hidden]"):
        if "ex-defs" in (element.get("class") or []):
            del element["hidden"]
            title = root.new_tag("p", attrs={"class": "ex-defs__title"})
            title.string = "Terms on this page"
            element.insert(0, title)
        else:
            element.decompose()
    for details in root.find_all("details"):
        details.name = "div"
        details["class"] = " ".join(["ex-details", *(details.get("class") or [])])
        details.attrs.pop("open", None)
    for summary in root.find_all("summary"):
        summary.name = "p"
        summary["class"] = "ex-details__summary"
    tags_as_line(root, "ex-tags")
    for number in root.select(".ex-para > a.ex-pnum"):
        after = number.next_sibling
        if isinstance(after, NavigableString) and not isinstance(after, Comment):
            after.replace_with(after.lstrip())  # the number hangs in the margin
    for element in root.find_all(src=True):
        element["src"] = _site_path(str(element["src"]), chapter.source_page)
    for element in root.find_all(srcset=True):
        del element["srcset"]
    section = root.find("section")
    if isinstance(section, Tag):
        section["class"] = f"ex-chapter ex-chapter--{chapter.kind}"
        if chapter.kind == "glossary":
            _group_entries(section)


def _group_entries(section: Tag) -> None:
    """Wrap each `h3` and what follows it up to the next heading in a `div.book-entry`."""
    for heading in section.find_all("h3", recursive=False):
        entry = heading.wrap(section.new_tag("div", attrs={"class": "book-entry"}))
        sibling = entry.next_sibling
        while sibling is not None and not (
            isinstance(sibling, Tag) and sibling.name in ("h1", "h2", "h3")
        ):
            following = sibling.next_sibling
            entry.append(sibling.extract())
            sibling = following


def _site_path(src: str, page: str) -> str:
    """A resource address relative to the site root instead of to its page.

    Examples:
        >>> _site_path("../assets/a.png", "articles/x.html"), _site_path("data:x", "a.html")
        ('assets/a.png', 'data:x')
    """
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith("/"):
        return src
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))


def _toc_entries(chapter: Chapter, root: Tag) -> str:
    """The table-of-contents entry of a chapter, with its sections for an article."""
    link = f'<a href="#{html.escape(chapter.id)}">{html.escape(chapter.title)}</a>'
    sections = []
    if chapter.kind == "article":
        for heading in root.find_all("h2", id=True):
            text = heading.get_text(" ", strip=True)
            sections.append(
                f'<li><a href="#{html.escape(str(heading["id"]))}">{html.escape(text)}</a></li>'
            )
    inner = f"<ol>{''.join(sections)}</ol>" if sections else ""
    return f"<li>{link}{inner}</li>"


def _cover(book: Book) -> str:
    """The cover page: title, description, author, edition and address."""
    parts = [f"<h1>{html.escape(book.title)}</h1>"]
    if book.description:
        parts.append(f'<p class="book-cover__description">{html.escape(book.description)}</p>')
    if book.author:
        parts.append(f'<p class="book-cover__author">{html.escape(book.author)}</p>')
    edition = (
        f"Edition {book.edition} of {long_date(book.date)}"
        if book.edition
        else long_date(book.date)
    )
    parts.append(f'<p class="book-cover__edition">{html.escape(edition)}</p>')
    if book.url:
        url = html.escape(book.url)
        parts.append(f'<p class="book-cover__url"><a href="{url}">{url}</a></p>')
    return f'<section class="book-cover" id="book-cover">{"".join(parts)}</section>'


def _unwrap_dangling_links(soup: BeautifulSoup) -> None:
    """Unwrap `#…` links whose target is not in the document."""
    ids = {str(element["id"]) for element in soup.find_all(id=True)}
    for link in soup.find_all("a", href=True):
        href = str(link["href"])
        if href.startswith("#") and unquote(href[1:]) not in ids:
            link.unwrap()


def book_html(book: Book) -> str:
    """The whole book as one HTML document for WeasyPrint.

    Args:
        book: The book.

    Returns:
        The document, stylesheet included.
    """
    chapters: list[str] = []
    toc: list[str] = []
    for chapter in book.chapters:
        soup = BeautifulSoup(chapter.html, "html.parser")
        _print_ready(soup, chapter)
        toc.append(_toc_entries(chapter, soup))
        chapters.append(str(soup))
    head = [
        '<meta charset="utf-8">',
        f"<title>{html.escape(book.title)}</title>",
        '<meta name="generator" content="explainer">',
        f'<meta name="dcterms.created" content="{html.escape(book.date)}">',
        f'<meta name="dcterms.modified" content="{html.escape(book.date)}">',
    ]
    if book.author:
        head.append(f'<meta name="author" content="{html.escape(book.author)}">')
    if book.description:
        head.append(f'<meta name="description" content="{html.escape(book.description)}">')
    head.append(f"<style>{stylesheet()}</style>")
    body = [
        _cover(book),
        '<nav class="book-toc" id="book-toc"><h1>Contents</h1>',
        f"<ol>{''.join(toc)}</ol></nav>",
        *chapters,
    ]
    document = BeautifulSoup(
        f'<!DOCTYPE html><html lang="{html.escape(book.language)}"><head>{"".join(head)}</head>'
        f"<body>{''.join(body)}</body></html>",
        "html.parser",
    )
    _unwrap_dangling_links(document)
    return str(document)


def write_pdf(book: Book, site_dir: Path, target: Path) -> None:
    """Typeset the book as a PDF.

    Args:
        book: The book.
        site_dir: The built offline site (base of relative image addresses).
        target: The PDF file to write.

    Raises:
        ExportError: WeasyPrint or the Pango library is missing.
    """
    try:
        import weasyprint
    except OSError:
        raise ExportError(PANGO_MISSING) from None
    except ImportError:
        raise ExportError(WEASYPRINT_MISSING) from None
    document = book_html(book)
    identifier = hashlib.sha256(document.encode("utf-8")).hexdigest()[:32].encode("ascii")
    fetcher = _site_fetcher(weasyprint.URLFetcher, site_dir)
    weasyprint.HTML(string=document, base_url=str(site_dir), url_fetcher=fetcher).write_pdf(
        target, pdf_identifier=identifier
    )


def _site_fetcher(base: Any, site_dir: Path) -> Any:
    """A WeasyPrint URL fetcher that reads only files of the built site and `data:` URLs:
    no network, and no `file:` address outside the site (an attachment link to
    `/etc/passwd` in a page is not embedded)."""
    root = site_dir.resolve()

    class SiteFetcher(base):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> object:
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path != root and root not in path.parents:
                    raise ValueError(f"outside the site: {url}")
            return super().fetch(url, headers)

    return SiteFetcher(allowed_protocols={"file", "data"})
