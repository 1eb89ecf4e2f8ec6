"""The EPUB export: `write_epub` on the offline site of a copy of the real project.

The copy has one extra article whose text holds markup (`<script>`, `<img onerror>`), to show
that it stays text. The site is built and the EPUB written once per module; epubcheck
(Debian's `epubcheck` package) validates it when installed, and must be installed when the
`CI` environment variable is set.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import ebooklib
import pytest
from ebooklib import epub
from lxml import etree

from explainer.book import Book, Chapter
from explainer.export import build_offline_site
from explainer.export_epub import EPUB_NS, XHTML_NS, book_identifier, chapter_file, write_epub

ROOT = Path(__file__).resolve().parents[1]
NOTES_ARTICLE = "a-security-assistance-enhances-kyiv-hard-power"
HOSTILE_SLUG = "epub-hostile-input"
HOSTILE_SOURCE = (
    "Markup Stays Text In The Book\n"
    "\n"
    'This paragraph has <script>alert("epub")</script> and <img src=x onerror=alert(1)> in it.\n'
    "\n"
    "A last ordinary paragraph ends the article.\n"
)
NS = {"x": XHTML_NS, "epub": EPUB_NS}
EPUB_TYPE = f"{{{EPUB_NS}}}type"


@dataclass(frozen=True)
class Written:
    book: Book
    path: Path
    again: Path


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    project = tmp_path_factory.mktemp("epub") / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("data", "docs", "sources"):
        shutil.copytree(ROOT / folder, project / folder)
    # The offline build vendors the iframe-worker shim from node_modules beside mkdocs.yml.
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (project / "sources" / f"{HOSTILE_SLUG}.txt").write_text(HOSTILE_SOURCE, encoding="utf-8")
    site = build_offline_site(str(project / "mkdocs.yml"), project / "site")
    book = site.book()
    path, again = project / "book.epub", project / "again.epub"
    write_epub(book, site.site_dir, path)
    write_epub(book, site.site_dir, again)
    return Written(book, path, again)


def documents(path: Path) -> dict[str, bytes]:
    """Every XHTML document of the EPUB, by name inside the zip."""
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith(".xhtml")}


def chapter_tree(written: Written, chapter_id: str) -> etree._Element:
    (chapter,) = [c for c in written.book.chapters if c.id == chapter_id]
    return etree.fromstring(documents(written.path)[f"EPUB/{chapter_file(chapter)}"])


def epubcheck_command() -> list[str] | None:
    """How to run epubcheck here (Debian's is a jar that needs `java -jar` without binfmt)."""
    found = shutil.which("epubcheck")
    if found is None:
        return None
    real = Path(found).resolve()
    if real.suffix == ".jar" or real.read_bytes()[:2] == b"PK":
        java = shutil.which("java")
        return [java, "-Duser.language=en", "-jar", str(real)] if java else None
    return [found]


def test_epubcheck_finds_no_errors_or_warnings(written: Written, tmp_path: Path) -> None:
    command = epubcheck_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck is not installed (apt-get install epubcheck)")
        pytest.skip("epubcheck is not installed")
    report = tmp_path / "epubcheck.json"
    result = subprocess.run(
        [*command, str(written.path), "--json", str(report)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    checked = json.loads(report.read_text(encoding="utf-8"))
    problems = [
        f"{m['severity']} {m['ID']}: {m['message']} {[loc.get('path') for loc in m['locations']]}"
        for m in checked["messages"]
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]
    assert problems == [], result.stdout + result.stderr
    assert (checked["checker"]["nFatal"], checked["checker"]["nError"]) == (0, 0)
    assert checked["checker"]["nWarning"] == 0
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_document_per_chapter_with_its_title(written: Written) -> None:
    read = epub.read_epub(str(written.path))
    names = {item.get_name() for item in read.get_items_of_type(ebooklib.ITEM_DOCUMENT)}
    kinds = [c.kind for c in written.book.chapters]
    assert kinds.count("article") >= 3 and kinds[-2:] == ["glossary", "bibliography"]
    assert any(c.id == f"a-{HOSTILE_SLUG}" for c in written.book.chapters)
    for chapter in written.book.chapters:
        assert chapter_file(chapter) in names
        tree = chapter_tree(written, chapter.id)
        (heading,) = tree.findall(".//x:h1", NS)
        assert " ".join("".join(heading.itertext()).split()) == chapter.title
        assert tree.findtext("x:head/x:title", namespaces=NS) == chapter.title
    spine = [idref for idref, _ in read.spine]
    files = [read.get_item_with_id(idref).get_name() for idref in spine]
    chapter_files = [chapter_file(c) for c in written.book.chapters]
    assert [f for f in files if f in chapter_files] == chapter_files  # reading order


def test_every_document_is_well_formed_xhtml(written: Written) -> None:
    for name, data in documents(written.path).items():
        tree = etree.fromstring(data)  # raises if not well-formed
        assert tree.tag == f"{{{XHTML_NS}}}html", name
        assert data.startswith(b"<?xml"), name
        assert not tree.xpath("//*[@markdown or local-name()='details' or local-name()='input']")


def test_nav_lists_every_chapter(written: Written) -> None:
    nav = etree.fromstring(documents(written.path)["EPUB/nav.xhtml"])
    (toc,) = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)
    entries = [(a.get("href"), "".join(a.itertext())) for a in toc.iterfind(".//x:a", NS)]
    for chapter in written.book.chapters:
        assert (chapter_file(chapter), chapter.title) in entries
    with zipfile.ZipFile(written.path) as archive:
        ncx = archive.read("EPUB/toc.ncx").decode()
    assert all(chapter_file(c) in ncx for c in written.book.chapters)


def test_footnotes_are_popup_notes(written: Written) -> None:
    tree = chapter_tree(written, NOTES_ARTICLE)
    refs = tree.xpath("//x:sup/x:a[@epub:type='noteref']", namespaces=NS)
    notes = {
        aside.get("id"): aside
        for aside in tree.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
    }
    assert len(refs) >= 8 and len(notes) >= 8
    for ref in refs:
        href = ref.get("href")
        assert href.startswith("#") and href[1:] in notes, href
    note = notes[f"{NOTES_ARTICLE}--fn:i"]
    text = " ".join("".join(note.itertext()).split())
    assert text.startswith("[i] ")
    (back,) = note.xpath(".//x:a[contains(@class, 'footnote-backref')]", namespaces=NS)
    assert back.get("href") == f"#{NOTES_ARTICLE}--fnref:i"
    assert tree.xpath(f"//*[@id='{NOTES_ARTICLE}--fnref:i']", namespaces=NS)


def test_links_point_at_documents_and_exist(written: Written) -> None:
    docs = {
        name.removeprefix("EPUB/"): etree.fromstring(data)
        for name, data in documents(written.path).items()
    }
    ids = {name: set(tree.xpath("//@id")) for name, tree in docs.items()}
    cross = 0
    for name, tree in docs.items():
        for href in tree.xpath("//x:a/@href", namespaces=NS):
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            file, _, fragment = href.partition("#")
            target = file or name
            assert target in docs, f"{name}: {href}"
            assert not fragment or fragment in ids[target], f"{name}: {href}"
            cross += bool(file) and file != "nav.xhtml"
    assert cross > 0  # glossary → articles, bibliography → notes, notes → bibliography


def test_metadata(written: Written) -> None:
    read = epub.read_epub(str(written.path))
    book = written.book
    assert read.get_metadata("DC", "title")[0][0] == book.title
    assert read.get_metadata("DC", "language")[0][0] == book.language
    assert read.get_metadata("DC", "identifier")[0][0] == book_identifier(book)
    assert book_identifier(book).startswith("urn:uuid:")
    assert read.get_metadata("DC", "creator")[0][0] == book.author
    assert read.get_metadata("DC", "date")[0][0] == book.date
    with zipfile.ZipFile(written.path) as archive:
        opf = archive.read("EPUB/content.opf").decode()
        first = archive.infolist()[0]
    assert f'<meta property="dcterms:modified">{book.date}T00:00:00Z</meta>' in opf
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)


def test_same_book_same_bytes(written: Written) -> None:
    assert written.path.read_bytes() == written.again.read_bytes()
    with zipfile.ZipFile(written.path) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    year, month, day = (int(p) for p in written.book.date.split("-"))
    assert stamps == {(year, month, day, 0, 0, 0)}


def test_markup_in_the_text_is_not_live(written: Written) -> None:
    for name, data in documents(written.path).items():
        tree = etree.fromstring(data)
        assert not tree.xpath("//*[local-name()='script']"), name
        assert not tree.xpath("//@*[starts-with(name(), 'on')]"), name
    text = "".join(chapter_tree(written, f"a-{HOSTILE_SLUG}").itertext())
    assert '<script>alert("epub")</script>' in text
    assert "<img src=x onerror=alert(1)>" in text


def test_images_copied_and_dangling_links_unwrapped(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    (site_dir / "img").mkdir(parents=True)
    (site_dir / "img" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    body = (
        '<section class="ex-chapter" id="a-x"><h1 id="a-x--t">X</h1>'
        '<p><img src="../img/map.png" alt="A map"> <img src="https://example.org/r.png" alt="remote">'
        ' <a href="#a-x--gone">gone</a> <a href="#b">to B</a> <a href="#a-x--t">top</a></p>'
        '<details open><summary>More</summary><p hidden="">secret</p><p>shown</p></details></section>'
    )
    chapters = (
        Chapter("a-x", "X", body, "article", "articles/x.html"),
        Chapter("b", "B", '<section class="ex-chapter" id="b"><h1 id="b--b">B</h1></section>',
                "glossary", "glossary.html"),
    )  # fmt: skip
    book = Book("T", "", "", "1.0", "2026-01-02", "en", "https://example.org/", chapters)
    write_epub(book, site_dir, tmp_path / "t.epub")
    with zipfile.ZipFile(tmp_path / "t.epub") as archive:
        assert archive.read("EPUB/images/1-map.png") == b"\x89PNG\r\n\x1a\n"
        opf = archive.read("EPUB/content.opf").decode()
        tree = etree.fromstring(archive.read("EPUB/a-x.xhtml"))
    assert 'href="images/1-map.png"' in opf and 'media-type="image/png"' in opf
    (image,) = tree.xpath("//x:img", namespaces=NS)
    assert (image.get("src"), image.get("alt")) == ("images/1-map.png", "A map")
    hrefs = {"".join(a.itertext()): a.get("href") for a in tree.iterfind(".//x:a", NS)}
    assert hrefs == {"to B": "b.xhtml", "top": "#a-x--t"}
    text = "".join(tree.itertext())
    assert "remote" in text and "gone" in text and "shown" in text and "secret" not in text
    (summary,) = tree.xpath("//x:section[contains(@class, 'ex-details')]/x:h2", namespaces=NS)
    assert summary.text == "More"
