"""The site as one book: chapters of HTML taken from the built offline site.

The single HTML file, the PDF and the EPUB are all made from a [Book][explainer.book.Book].
Its chapters are the `<article>` contents of the built pages (so they show exactly what
the site shows: numbered paragraphs, summaries, footnotes with their labels), cleaned of
what only works on the web (copy buttons, header permalinks, style tabs) and made safe to
put side by side in one document: every `id` is prefixed with its chapter's id
(`a-<slug>--p-4`), and every link between pages becomes a link inside the book
(`#a-<slug>--p-4`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from explainer.csl import STYLES
from explainer.model import Article

ChapterKind = Literal["article", "glossary", "bibliography"]


@dataclass(frozen=True)
class Chapter:
    """One chapter: an article, the glossary or the bibliography."""

    id: str
    """Unique id; also the prefix of every id inside (`a-<slug>`, `glossary`, `bibliography`)."""
    title: str
    """Plain-text title."""
    html: str
    """Well-formed HTML fragment (no `<html>`/`<body>`), ids prefixed, links rewritten."""
    kind: ChapterKind
    source_page: str
    """Path of the built page it was taken from (`articles/<slug>.html`)."""


@dataclass(frozen=True)
class Book:
    """Everything an export needs, in reading order."""

    title: str
    description: str
    author: str
    edition: str
    date: str
    """Edition date, ISO (`2026-11-23`)."""
    language: str
    url: str
    chapters: tuple[Chapter, ...]


def chapter_id_for(page: str) -> str | None:
    """The chapter a built page becomes (`articles/x.html` → `a-x`), if any.

    Examples:
        >>> chapter_id_for("articles/rents.html"), chapter_id_for("glossary.html")
        ('a-rents', 'glossary')
    """
    if page.startswith("articles/") and page != "articles/index.html":
        return "a-" + page.removeprefix("articles/").removesuffix(".html")
    if page in ("glossary.html", "bibliography.html"):
        return page.removesuffix(".html")
    return None


_DROP = (
    "a.headerlink",
    "button",
    ".ex-copy",
    "script",
    ".md-source-file",
    ".md-content__button",
    ".ex-cite-downloads",
    "span.Z3988",
    ".ex-screen-only",
)


def _single_style(root: Tag) -> None:
    """Replace style tabs by the first style's content (APA), labelled."""
    first = STYLES[0]
    for switch in root.select(".ex-style-switch"):
        blocks = switch.select(".tabbed-content > .tabbed-block")
        label = root.new_tag("p", attrs={"class": "ex-style-note"})
        label.string = f"Citations in {first.label} style."
        replacement = root.new_tag("div", attrs={"class": "ex-cite-panel"})
        replacement.append(label)
        if blocks:
            for child in list(blocks[0].children):
                replacement.append(child.extract())
        switch.replace_with(replacement)
    for span in root.select(".ex-styled"):
        if span.get("data-ex-style") != first.key:
            span.decompose()


def _rewrite(root: Tag, chapter: str, page: str, chapters: dict[str, str]) -> None:
    """Prefix ids with the chapter id and point links at places inside the book."""
    for element in root.find_all(id=True):
        element["id"] = f"{chapter}--{element['id']}"
    for link in root.find_all("a", href=True):
        href = str(link["href"])
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("mailto:"):
            continue
        if not parts.path:
            link["href"] = f"#{chapter}--{parts.fragment}" if parts.fragment else f"#{chapter}"
            continue
        target_page = posixpath.normpath(
            posixpath.join(posixpath.dirname(page), unquote(parts.path))
        )
        target = chapters.get(target_page)
        if target is None:
            # A page that is not in the book (home, tags…): keep the text, drop the link.
            link.unwrap()
            continue
        link["href"] = f"#{target}--{parts.fragment}" if parts.fragment else f"#{target}"


def page_chapter(html: str, page: str, chapters: dict[str, str], kind: ChapterKind) -> Chapter:
    """Turn one built page into a chapter.

    Args:
        html: The built page.
        page: Its path inside the site (`articles/x.html`).
        chapters: Chapter id of every page that is in the book, by page path.
        kind: What the page is.

    Returns:
        The chapter.
    """
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.md-content__inner") or soup.body
    if article is None:
        raise ValueError(f"{page}: no page content")
    for selector in _DROP:
        for element in article.select(selector):
            element.decompose()
    _single_style(article)
    chapter = chapters[page]
    heading = article.find("h1")
    title = heading.get_text(" ", strip=True) if heading else page
    _rewrite(article, chapter, page, chapters)
    inner = "".join(str(child) for child in article.children)
    inner = re.sub(r"\n{3,}", "\n\n", inner).strip()
    return Chapter(
        chapter, title, f'<section class="ex-chapter" id="{chapter}">{inner}</section>', kind, page
    )


def load_book(
    site_dir: Path,
    articles: Sequence[Article],
    *,
    title: str,
    description: str,
    author: str,
    edition: str,
    date: str,
    url: str,
    language: str = "en",
) -> Book:
    """Read a site built with `use_directory_urls: false` into a book.

    Args:
        site_dir: The built offline site.
        articles: The articles, in the order the book gives them.
        title: The site's name.
        description: The site's description.
        author: Who made the site.
        edition: Edition version.
        date: Edition date (ISO).
        url: The site's address.
        language: Language code.

    Returns:
        The book: every article, then the glossary and the bibliography.
    """
    pages: list[tuple[str, ChapterKind]] = [
        (f"articles/{a.slug}.html", "article") for a in articles
    ]
    pages += [("glossary.html", "glossary"), ("bibliography.html", "bibliography")]
    pages = [(p, k) for p, k in pages if (site_dir / p).is_file()]
    chapters = {page: chapter_id_for(page) or page for page, _ in pages}
    built = tuple(
        page_chapter((site_dir / page).read_text(encoding="utf-8"), page, chapters, kind)
        for page, kind in pages
    )
    return Book(title, description, author, edition, date, language, url, built)


def tags_as_line(root: Tag, css_class: str) -> None:
    """Replace Material's tag chips (`nav.md-tags`) by one printed line: "Tags: a · b"."""
    for nav in root.select("nav.md-tags"):
        names = [line.strip() for line in nav.get_text("\n").splitlines() if line.strip()]
        line = root.new_tag("p", attrs={"class": css_class})
        line.string = "Tags: " + " · ".join(names)
        nav.replace_with(line)
