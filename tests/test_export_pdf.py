"""The PDF edition (`explainer export -f pdf`): WeasyPrint output read back with pypdf.

The offline site is built once per module and its book typeset twice (the two files must be
byte for byte the same); the rest of the tests read the first file.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from explainer.book import Book, Chapter
from explainer.errors import ExportError
from explainer.export import build_offline_site
from explainer.export_pdf import book_html, write_pdf

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Typeset:
    book: Book
    pdf: Path
    again: Path
    reader: PdfReader
    text: str
    """All the text, whitespace normalised."""


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def typeset(tmp_path_factory: pytest.TempPathFactory) -> Typeset:
    tmp = tmp_path_factory.mktemp("pdf")
    site = build_offline_site(str(ROOT / "mkdocs.yml"), tmp / "site")
    book = site.book()
    write_pdf(book, site.site_dir, tmp / "book.pdf")
    write_pdf(book, site.site_dir, tmp / "again.pdf")
    reader = PdfReader(tmp / "book.pdf")
    text = norm(" ".join(page.extract_text() for page in reader.pages))
    return Typeset(book, tmp / "book.pdf", tmp / "again.pdf", reader, text)


def links(reader: PdfReader, page: int) -> list[DictionaryObject]:
    """The link annotations of one page."""
    found = []
    for annotation in reader.pages[page].get("/Annots", []):
        annotation = annotation.get_object()
        if annotation["/Subtype"] == "/Link":
            found.append(annotation)
    return found


def internal_target(reader: PdfReader, link: DictionaryObject) -> int | None:
    """Index of the page an internal link leads to, or None for an external link."""
    if "/Dest" in link:
        dest: Any = link["/Dest"]
    elif "/A" in link and link["/A"].get("/S") == "/GoTo":
        dest = link["/A"]["/D"]
    else:
        return None
    if isinstance(dest, str):
        return reader.get_destination_page_number(reader.named_destinations[dest])
    return reader.get_page_number(dest[0].get_object())


def test_has_pages(typeset: Typeset) -> None:
    assert len(typeset.reader.pages) > 0


def test_cover(typeset: Typeset) -> None:
    cover = norm(typeset.reader.pages[0].extract_text())
    assert typeset.book.title in cover
    assert typeset.book.description in cover
    assert f"Edition {typeset.book.edition} of" in cover
    assert typeset.book.url in cover


def test_article_titles(typeset: Typeset) -> None:
    articles = [c for c in typeset.book.chapters if c.kind == "article"]
    assert articles
    for chapter in articles:
        assert norm(chapter.title) in typeset.text


def test_footnote_labels_and_paragraph_numbers(typeset: Typeset) -> None:
    assert "[i]" in typeset.text
    for chapter in typeset.book.chapters:
        soup = BeautifulSoup(chapter.html, "html.parser")
        for para in soup.select("p.ex-para")[:3]:
            number = para.select_one("a.ex-pnum")
            assert number is not None
            words = norm(para.get_text(" ")).split()
            # The number is printed, followed by the paragraph's first words.
            assert " ".join(words[:4]) in typeset.text, words[:4]
            assert words[0] == number.get_text()


def test_toc_lists_every_chapter_with_its_page(typeset: Typeset) -> None:
    reader = typeset.reader
    toc_links = links(reader, 1)
    targets = {str(link["/Dest"]): internal_target(reader, link) for link in toc_links}
    first = min(t for t in targets.values() if t is not None)
    toc = norm(" ".join(reader.pages[i].extract_text() for i in range(1, first)))
    for chapter in typeset.book.chapters:
        assert chapter.id in targets, chapter.id
        page = targets[chapter.id]
        assert page is not None
        # The printed number is the page the link leads to, and the chapter starts there.
        assert re.search(re.escape(norm(chapter.title)) + r" ?\.+ ?" + str(page + 1) + r"\b", toc)
        assert norm(chapter.title) in norm(reader.pages[page].extract_text())


def test_internal_links(typeset: Typeset) -> None:
    reader = typeset.reader
    internal = [
        target
        for page in range(len(reader.pages))
        for link in links(reader, page)
        if (target := internal_target(reader, link)) is not None
    ]
    assert len(internal) > 100  # the TOC, paragraph pins, notes, glossary terms…
    assert all(0 <= target < len(reader.pages) for target in internal)


def test_fonts_embedded(typeset: Typeset) -> None:
    names = set()
    for page in typeset.reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            parts = font["/DescendantFonts"] if font["/Subtype"] == "/Type0" else [font]
            for part in parts:
                descriptor = part.get_object()["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font[
                    "/BaseFont"
                ]
    assert names
    assert all("DejaVu" in name or "Liberation" in name for name in names), names


def test_deterministic(typeset: Typeset) -> None:
    assert typeset.pdf.read_bytes() == typeset.again.read_bytes()
    info = typeset.reader.metadata
    assert info is not None
    assert info["/CreationDate"] == "D:" + typeset.book.date.replace("-", "")


def _book(html: str) -> Book:
    chapter = Chapter(
        "a-x",
        "X",
        f'<section class="ex-chapter" id="a-x">{html}</section>',
        "article",
        "articles/x.html",
    )
    return Book("T", "D", "A", "1.0", "2026-01-02", "en", "https://example.org/", (chapter,))


def test_dangling_links_are_unwrapped() -> None:
    html = book_html(
        _book(
            '<h1 id="a-x--x">X</h1><p id="a-x--p-1"><a href="#nowhere">gone</a> <a href="#a-x--p-1">kept</a></p>'
        )
    )
    assert 'href="#nowhere"' not in html and "gone" in html
    assert 'href="#a-x--p-1"' in html
    assert 'href="#a-x"' in html  # the TOC entry


def test_print_ready() -> None:
    html = book_html(
        _book(
            '<nav class="md-tags">\nA\nB\n</nav><details class="abstract" open><summary>S</summary><p>in</p></details>'
            '<p class="ex-para" id="a-x--p-1"><a class="ex-pnum" href="#a-x--p-1">1</a> Text</p>'
            '<div class="ex-defs" hidden><div class="ex-def">d</div></div><input type="checkbox">'
        )
    )
    assert "<details" not in html and "<input" not in html and "hidden" not in html
    assert "Tags: A · B" in html and "Terms on this page" in html
    assert '<a class="ex-pnum" href="#a-x--p-1">1</a>Text' in html


def test_missing_pango_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real_import = builtins.__import__

    def failing_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", failing_import)
    with pytest.raises(ExportError, match="Pango"):
        write_pdf(_book("<h1>X</h1>"), tmp_path, tmp_path / "x.pdf")


def test_the_pdf_embeds_no_file_outside_the_site(tmp_path: Path) -> None:
    """(Issue 15, finding 2.) An attachment link or image pointing at a file elsewhere on
    the disk is not fetched; a file inside the site is."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-12345", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "inside.txt").write_text("INSIDE-THE-SITE-67890", encoding="utf-8")
    html = (
        f'<p><a rel="attachment" href="file://{secret}">a</a>'
        f'<a rel="attachment" href="file://{site / "inside.txt"}">b</a>'
        f'<img src="file://{secret}"></p>'
    )
    target = tmp_path / "x.pdf"
    write_pdf(_book(html), site, target)
    data = target.read_bytes()
    import zlib

    streams = [data]
    for chunk in data.split(b"stream")[1:]:
        body = chunk.split(b"endstream")[0].strip(b"\r\n")
        try:
            streams.append(zlib.decompress(body))
        except zlib.error:
            pass
    everything = b"".join(streams)
    assert b"TOP-SECRET-CONTENT-12345" not in everything
    assert b"INSIDE-THE-SITE-67890" in everything
