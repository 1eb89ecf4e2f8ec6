"""One self-contained HTML file: every article, summary, glossary and bibliography.

The chapters of the [Book][explainer.book.Book] (ids already namespaced per chapter, so
anchors and footnotes never collide) are put on one page inside Material's content markup,
with Material's and the site's stylesheets inlined, the glossary popover script inlined, and
local images turned into `data:` URIs. It opens from `file://` and asks for nothing else.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from pathlib import Path

from explainer.book import Book

STYLESHEETS = ("main.*.min.css", "palette.*.min.css", "explainer.css", "glossary.css", "cite.css")
"""The built site's stylesheets, in the order the pages load them."""
SCRIPTS = ("glossary.js",)
"""The site's scripts that still work in one file (the glossary popovers)."""

SINGLE_FILE_CSS = """
.ex-book-cover { margin: 2rem 0 3rem; }
.ex-book-cover h1 { margin-bottom: 0.4rem; }
.ex-book-toc ol { list-style: decimal; }
.ex-chapter { border-top: 0.05rem solid var(--md-default-fg-color--lightest); margin-top: 3rem; padding-top: 1rem; }
.ex-chapter :target { scroll-margin-top: 1rem; }
"""


def _read_assets(folder: Path, patterns: tuple[str, ...]) -> list[str]:
    out = []
    for pattern in patterns:
        for path in sorted(folder.glob(pattern)):
            out.append(path.read_text(encoding="utf-8"))
    return out


def _inline_images(fragment: str, site_dir: Path, page: str) -> str:
    """Replace `src` of local images by `data:` URIs (relative to the page they came from)."""

    def replace(match: re.Match[str]) -> str:
        src = html.unescape(match.group(2))
        if re.match(r"^[a-z]+:", src):
            return match.group(0)
        path = (site_dir / Path(page).parent / src).resolve()
        if not path.is_file() or site_dir.resolve() not in path.parents:
            return match.group(0)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'{match.group(1)}"data:{kind};base64,{data}"'

    return re.sub(r'(<img\b[^>]*?\bsrc=)"([^"]*)"', replace, fragment)


def single_html(book: Book, site_dir: Path) -> str:
    """The whole book as one HTML document (a string).

    Args:
        book: The book.
        site_dir: The built offline site (for stylesheets, scripts and images).

    Returns:
        The document.
    """
    styles = _read_assets(site_dir / "assets" / "stylesheets", STYLESHEETS)
    scripts = _read_assets(site_dir / "assets" / "javascripts", SCRIPTS)
    edition = " ".join(
        p for p in (f"Edition {book.edition}" if book.edition else "", book.date) if p
    )
    toc = "\n".join(f'<li><a href="#{c.id}">{html.escape(c.title)}</a></li>' for c in book.chapters)
    chapters = "\n".join(_inline_images(c.html, site_dir, c.source_page) for c in book.chapters)
    # Stylesheets and scripts are the project's own files: no `</style>` or `</script>` inside.
    style_block = "\n".join(s.replace("</style", "<\\/style") for s in styles) + SINGLE_FILE_CSS
    script_block = "\n".join(s.replace("</script", "<\\/script") for s in scripts)
    return f"""<!doctype html>
<html lang="{html.escape(book.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(book.title)}</title>
<meta name="description" content="{html.escape(book.description)}">
<style>
{style_block}
</style>
</head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">
<div class="md-container">
<main class="md-main">
<div class="md-main__inner md-grid">
<div class="md-content">
<article class="md-content__inner md-typeset">
<header class="ex-book-cover">
<h1>{html.escape(book.title)}</h1>
<p>{html.escape(book.description)}</p>
<p>{html.escape(edition)}{" · " + html.escape(book.url) if book.url else ""}</p>
</header>
<nav class="ex-book-toc" aria-label="Contents">
<h2>Contents</h2>
<ol>
{toc}
</ol>
</nav>
{chapters}
</article>
</div>
</div>
</main>
</div>
<script>
{script_block}
</script>
</body>
</html>
"""


def write_single_html(book: Book, site_dir: Path, target: Path) -> None:
    """Write the book as one self-contained HTML file.

    Args:
        book: The book.
        site_dir: The built offline site.
        target: The file to write.
    """
    target.write_text(single_html(book, site_dir), encoding="utf-8")
