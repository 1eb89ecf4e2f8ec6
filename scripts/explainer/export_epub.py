"""The EPUB export: the [Book][explainer.book.Book] as an EPUB 3 made with ebooklib.

Each chapter becomes one XHTML document (`<chapter-id>.xhtml`) after a title page, with a
navigation document (`nav.xhtml`, also an NCX for old readers) and a small stylesheet.
The chapter HTML is cleaned of what an e-book cannot show (hidden pop-up definitions,
form leftovers, `<details>`), rebuilt as well-formed XHTML with lxml, its links pointed at
the right document, and its footnotes made into EPUB pop-up notes
(`epub:type="noteref"` → `<aside epub:type="footnote">`).

The same book always gives the same bytes: a fixed identifier (a UUID made from the site
address and edition), the edition date as modification date, and a zip rewritten with
fixed timestamps, `mimetype` first and stored.
"""

from __future__ import annotations

import datetime
import html
import io
import posixpath
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import CData, Comment, NavigableString, PageElement
from ebooklib import epub
from lxml import etree

from explainer.book import Book, Chapter, tags_as_line

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_NS = "http://www.w3.org/XML/1998/namespace"

TITLE_PAGE = "title.xhtml"
STYLESHEET = "style.css"

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "canvas",
    "form", "input", "label", "select", "textarea", "button", "svg", "math", "video", "audio",
)  # fmt: skip
"""Elements an e-book gets without their content (scripts, forms, icons, media)."""

_DROP_ATTRIBUTES = ("markdown", "loading", "decoding", "fetchpriority", "tabindex", "open")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}

CSS = """\
/* Explainer e-book: readable defaults that leave fonts and sizes to the reader. */
@namespace epub "http://www.idpf.org/2007/ops";
nav[epub|type~="landmarks"] { display: none; }
body { line-height: 1.5; margin: 0 0.5em; }
h1, h2, h3, h4 { line-height: 1.25; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 1.6em; margin: 0.5em 0 0.75em; }
h2 { font-size: 1.3em; margin: 1.5em 0 0.5em; }
h3 { font-size: 1.1em; margin: 1.25em 0 0.4em; }
p { margin: 0.6em 0; }
a { color: inherit; }
code { font-family: monospace; font-size: 0.9em; }
hr { border: 0; border-top: 1px solid #999; margin: 1.5em 0 1em; }

/* Title page */
.ex-title-page { text-align: center; margin-top: 20%; }
.ex-title-page h1 { font-size: 2em; }
.ex-title-page .ex-edition-line { margin-top: 2em; }

/* Article header */
.md-tags { font-size: 0.8em; color: #555; }
.ex-dek { font-size: 1.1em; font-style: italic; }
.ex-meta, .ex-image, .ex-edition, .ex-permalink, .ex-style-note { font-size: 0.9em; color: #444; }

/* Paragraph numbers: small, before each paragraph, still a link target. */
.ex-pnum {
  font-family: sans-serif; font-size: 0.7em; font-weight: bold; color: #666;
  text-decoration: none; margin-right: 0.35em; vertical-align: 0.15em;
}

/* Fixed-width blocks, section breaks and the original's apparatus */
.ex-pre { font-family: monospace; font-size: 0.85em; white-space: pre-wrap; }
hr.ex-break { border: 0; text-align: center; }
hr.ex-break::after { content: "* * *"; letter-spacing: 0.6em; }
.ex-publication { font-size: 0.9em; font-style: italic; color: #444; }
.ex-signature { text-align: right; }

/* The argument summary and other boxes */
.ex-details { border: 1px solid #bbb; border-radius: 0.3em; padding: 0 0.8em; margin: 1em 0; }
.ex-details > h2.ex-summary { font-size: 1.05em; margin: 0.6em 0; }
.ex-argpin, .ex-argref { font-size: 0.85em; white-space: nowrap; }
.ex-arg-note { font-size: 0.85em; }

/* Footnotes: pop-up notes; the label [i] is text at the start of each note. */
sup { line-height: 0; }
a.footnote-ref { text-decoration: none; }
aside.ex-footnote { font-size: 0.9em; margin: 0.5em 0; }
aside.ex-footnote p { margin: 0.3em 0; }
.ex-fn-label { font-weight: bold; }
.footnote-backref { text-decoration: none; }

/* Glossary, bibliography, citations */
.ex-bib-entry, .ex-cite-text { display: block; }
.ex-cite-item, .ex-cite-origin { margin: 0.8em 0; }
.ex-cite-role { font-weight: bold; margin-bottom: 0.2em; }
"""


@dataclass
class _Images:
    """Local images found in the chapters, copied into the EPUB."""

    site_dir: Path
    names: dict[Path, str] = field(default_factory=dict)

    def add(self, path: Path) -> str | None:
        """The EPUB file name of an image of the built site, or None if unusable."""
        media_type = _IMAGE_TYPES.get(path.suffix.lower())
        try:
            inside = path.resolve().is_relative_to(self.site_dir.resolve())
        except OSError:
            return None
        if media_type is None or not inside or not path.is_file():
            return None
        if path not in self.names:
            self.names[path] = f"images/{len(self.names) + 1}-{_safe_name(path.name)}"
        return self.names[path]


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", name) or "image"


def chapter_file(chapter: Chapter) -> str:
    """File name of a chapter's document inside the EPUB.

    Examples:
        >>> chapter_file(Chapter("a-rents", "Rents", "", "article", "articles/rents.html"))
        'a-rents.xhtml'
    """
    return f"{_safe_name(chapter.id)}.xhtml"


def book_identifier(book: Book) -> str:
    """Deterministic identifier of one edition of the book (`urn:uuid:…`)."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{book.url}#edition={book.edition}"))


def _clean(root: Tag, chapter: Chapter, images: _Images) -> None:
    """Drop or rewrite what an e-book cannot show."""
    for element in root.select("[hidden]"):
        element.decompose()  # pop-up definitions: the glossary has them
    for element in root.find_all(list(_DROP_TAGS)):
        element.decompose()
    tags_as_line(root, "md-tags")
    for details in root.find_all("details"):
        details.name = "section"
        details["class"] = " ".join(["ex-details", *details.get_attribute_list("class")])
        for summary in details.find_all("summary", recursive=False):
            summary.name = "h2"
            summary["class"] = "ex-summary"
    for summary in root.find_all("summary"):
        summary.name = "p"
    for image in root.find_all("img"):
        src = str(image.get("src", ""))
        parts = urlsplit(src)
        name = None
        if src and not parts.scheme and not parts.netloc:
            page_dir = posixpath.dirname(chapter.source_page)
            name = images.add(
                images.site_dir / posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
            )
        if name is None:
            image.replace_with(str(image.get("alt", "")))
        else:
            image["src"] = name
            image["alt"] = str(image.get("alt", ""))
    for element in root.find_all(True):
        for attribute in list(element.attrs):
            if attribute in _DROP_ATTRIBUTES or attribute.startswith("on"):
                del element[attribute]


def _footnotes(root: Tag) -> None:
    """Make footnote references and notes EPUB pop-up notes."""
    for ref in root.select("sup > a.footnote-ref"):
        ref["epub:type"] = "noteref"
    for notes in root.select("div.footnote > ol"):
        for item in notes.find_all("li", recursive=False):
            item.name = "aside"
            item["epub:type"] = "footnote"
            item["class"] = " ".join(["ex-footnote", *item.get_attribute_list("class")])
            label = item.get("data-label")
            if label:
                span = root.new_tag("span", attrs={"class": "ex-fn-label"})
                span.string = f"[{label}]"
                first = item.find(True, recursive=False)
                holder = first if isinstance(first, Tag) and first.name == "p" else item
                holder.insert(0, " ")
                holder.insert(0, span)
        notes.unwrap()


def _links(root: Tag, here: str, ids: dict[str, str], files: dict[str, str]) -> None:
    """Point `#id` links at the document holding the id; unwrap links to nowhere."""
    for link in root.find_all("a", href=True):
        href = str(link["href"])
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        fragment = unquote(parts.fragment)
        target = ids.get(fragment) if not parts.path else None
        if target is None:
            link.unwrap()
        elif target == here:
            link["href"] = "#" + quote(fragment, safe=":-._~")
        elif fragment == target:
            link["href"] = files[target]
        else:
            link["href"] = f"{files[target]}#{quote(fragment, safe=':-._~')}"


def _append_text(parent: Any, text: str) -> None:
    text = _NOT_XML.sub("", text)
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _attribute_name(name: str) -> str | None:
    if name == "epub:type":
        return f"{{{EPUB_NS}}}type"
    if name in ("xml:lang", "lang"):
        return "lang"
    return name if _NAME.match(name) else None


def _to_xml(node: PageElement, parent: Any) -> None:
    """Copy a BeautifulSoup node under an lxml element, in the XHTML namespace."""
    if isinstance(node, Comment):
        return
    if isinstance(node, NavigableString):
        if type(node) in (NavigableString, CData):
            _append_text(parent, str(node))
        return
    if not isinstance(node, Tag):
        return
    name = node.name.lower()
    if not _NAME.match(name):
        for child in node.children:
            _to_xml(child, parent)
        return
    attributes: dict[str, str] = {}
    for key, value in node.attrs.items():
        attribute = _attribute_name(str(key))
        if attribute is not None:
            text = " ".join(value) if isinstance(value, list) else str(value)
            attributes[attribute] = _NOT_XML.sub("", text)
    element = etree.SubElement(parent, f"{{{XHTML_NS}}}{name}", attributes)
    for child in node.children:
        _to_xml(child, element)


def _document(title: str, language: str, body: Tag) -> bytes:
    """A complete XHTML content document around a cleaned fragment."""
    root = etree.Element(f"{{{XHTML_NS}}}html", nsmap={None: XHTML_NS, "epub": EPUB_NS})
    root.set("lang", language)
    root.set(f"{{{XML_NS}}}lang", language)
    head = etree.SubElement(root, f"{{{XHTML_NS}}}head")
    etree.SubElement(head, f"{{{XHTML_NS}}}meta", {"charset": "utf-8"})
    etree.SubElement(head, f"{{{XHTML_NS}}}title").text = _NOT_XML.sub("", title)
    etree.SubElement(
        head, f"{{{XHTML_NS}}}link", {"rel": "stylesheet", "type": "text/css", "href": STYLESHEET}
    )
    xml_body = etree.SubElement(root, f"{{{XHTML_NS}}}body")
    xml_body.text = "\n"
    for child in body.children:
        _to_xml(child, xml_body)
    _append_text(xml_body, "\n")
    data: bytes = etree.tostring(
        root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>"
    )
    return data + b"\n"


def _title_page(book: Book) -> str:
    lines = [f"<h1>{html.escape(book.title)}</h1>"]
    if book.description:
        lines.append(f'<p class="ex-dek">{html.escape(book.description)}</p>')
    if book.author:
        lines.append(f'<p class="ex-author">{html.escape(book.author)}</p>')
    edition = f"Edition {book.edition}" if book.edition else "Edition"
    try:
        day = datetime.date.fromisoformat(book.date)
        edition += f" of {day.day} {day:%B} {day.year}"
    except ValueError:
        edition += f" of {book.date}" if book.date else ""
    lines.append(f'<p class="ex-edition-line">{html.escape(edition)}</p>')
    if book.url:
        url = html.escape(book.url)
        lines.append(f'<p class="ex-permalink"><a href="{url}">{url}</a></p>')
    return '<section class="ex-title-page" epub:type="titlepage">' + "\n".join(lines) + "</section>"


def _modified(book: Book) -> datetime.datetime:
    try:
        day = datetime.date.fromisoformat(book.date)
    except ValueError:
        day = datetime.date(1980, 1, 1)
    return datetime.datetime(day.year, day.month, day.day)


def _fix_zip(data: bytes, target: Path, stamp: datetime.datetime) -> None:
    """Rewrite the EPUB zip with fixed timestamps, `mimetype` first and stored."""
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        entries = [
            (n, source.read(n)) for n in ["mimetype", *(n for n in names if n != "mimetype")]
        ]
    with zipfile.ZipFile(target, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, content, compresslevel=9)


def write_epub(book: Book, site_dir: Path, target: Path) -> None:
    """Write the book as an EPUB 3 file.

    Args:
        book: The book.
        site_dir: The built offline site the book was read from (for images).
        target: The `.epub` file to write.
    """
    images = _Images(site_dir)
    files = {chapter.id: chapter_file(chapter) for chapter in book.chapters}
    soups = _chapter_soups(book, images, files)
    output = _new_epub(book)
    title_item = _add_title_page(output, book)
    nav = epub.EpubNav(title="Contents")
    nav.add_link(href=STYLESHEET, rel="stylesheet", type="text/css")
    output.add_item(nav)
    output.add_item(epub.EpubNcx())
    items = _add_chapters(output, book, soups, files)
    _add_images(output, images)
    output.toc = [epub.Link(TITLE_PAGE, book.title, "title-page")]
    output.toc += [epub.Link(files[c.id], c.title, f"toc-{c.id}") for c in book.chapters]
    output.spine = [title_item, nav, *items]
    if items:
        output.guide = [
            {"type": "toc", "href": nav.file_name, "title": "Contents"},
            {"type": "text", "href": items[0].file_name, "title": book.chapters[0].title},
        ]
    buffer = io.BytesIO()
    options = {"mtime": _modified(book), "epub3_pages": False, "raise_exceptions": True}
    epub.write_epub(buffer, output, options)
    _fix_zip(buffer.getvalue(), target, _modified(book))


def _chapter_soups(
    book: Book, images: _Images, files: dict[str, str]
) -> list[tuple[Chapter, BeautifulSoup]]:
    """Each chapter parsed and made EPUB-ready: cleaned (its images collected in `images`),
    its footnotes turned into EPUB notes, and its links pointed at the chapter files (a link
    to an anchor goes to the chapter that holds it)."""
    soups: list[tuple[Chapter, BeautifulSoup]] = []
    for chapter in book.chapters:
        soup = BeautifulSoup(chapter.html, "html.parser")
        _clean(soup, chapter, images)
        _footnotes(soup)
        soups.append((chapter, soup))
    ids = {str(e["id"]): chapter.id for chapter, soup in soups for e in soup.find_all(id=True)}
    for chapter, soup in soups:
        _links(soup, chapter.id, ids, files)
    return soups


def _new_epub(book: Book) -> epub.EpubBook:
    """An EPUB with the book's identifier, title, language, author, date, description and
    address (Dublin Core), and the stylesheet."""
    output = epub.EpubBook()
    output.set_identifier(book_identifier(book))
    output.set_title(book.title)
    output.set_language(book.language)
    if book.author:
        output.add_author(book.author)
    if book.date:
        output.add_metadata("DC", "date", book.date)
    if book.description:
        output.add_metadata("DC", "description", book.description)
    if book.url:
        output.add_metadata("DC", "source", book.url)
    output.add_item(epub.EpubItem("style", STYLESHEET, "text/css", CSS.encode()))
    return output


def _add_title_page(output: epub.EpubBook, book: Book) -> Any:
    """Add the title page to the EPUB; returns its item (first in the spine)."""
    title_soup = BeautifulSoup(_title_page(book), "html.parser")
    title_content = _document(book.title, book.language, title_soup)
    title_item = epub.EpubItem("title-page", TITLE_PAGE, "application/xhtml+xml", title_content)
    output.add_item(title_item)
    return title_item


def _add_chapters(
    output: epub.EpubBook,
    book: Book,
    soups: list[tuple[Chapter, BeautifulSoup]],
    files: dict[str, str],
) -> list[Any]:
    """Add each chapter to the EPUB as an XHTML document; returns their items, in order."""
    items: list[Any] = []
    for number, (chapter, soup) in enumerate(soups, start=1):
        content = _document(chapter.title, book.language, soup)
        item = epub.EpubItem(
            f"chapter-{number}", files[chapter.id], "application/xhtml+xml", content
        )
        output.add_item(item)
        items.append(item)
    return items


def _add_images(output: epub.EpubBook, images: _Images) -> None:
    """Add every image the chapters show to the EPUB, under the name they link to."""
    for path, name in images.names.items():
        media_type = _IMAGE_TYPES[path.suffix.lower()]
        output.add_item(
            epub.EpubItem(f"image-{len(output.items)}", name, media_type, path.read_bytes())
        )
