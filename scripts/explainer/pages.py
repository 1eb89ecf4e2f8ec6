"""Orchestration: a `sources/` folder → `{uri: markdown}` pages and diagnostics.

Reads like a recipe: (1) read every source and its sidecar, (2) parse each into an
[Article][explainer.model.Article], (3) render the pages. Nothing here knows MkDocs: the
adapter in [mkdocs_plugin][explainer.mkdocs_plugin] turns the result into MkDocs files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from explainer import render
from explainer.glossary import Term, load_glossary, term_matcher
from explainer.matching import LinkRule, PhraseUse, link_phrases
from explainer.model import Article, Diagnostic, PartialDate
from explainer.parse import parse_article
from explainer.sources import read_sidecar, read_source
from explainer.textutil import slugify

HOME_MARKER = "<!-- explainer:articles -->"
"""Where the home page (`docs/index.md`) wants the list of articles."""


INDEX_URI = "articles/index.md"
"""The generated page that lists every article."""


class SourcesError(Exception):
    """The sources folder as a whole cannot be used (it is missing, or two files clash)."""


@dataclass(frozen=True)
class BuildResult:
    """What the generator hands to the adapter."""

    pages: dict[str, str]
    """Markdown of every generated page, by path (`articles/<slug>.md`)."""
    articles: tuple[Article, ...]
    """The published articles, in display order (newest first)."""
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    """Every warning and error, in file and line order."""
    terms: tuple[Term, ...] = ()
    """The glossary entries."""
    uses: dict[str, list[PhraseUse]] = field(default_factory=dict)
    """Paragraphs that use each glossary term, by term slug."""

    def unused_terms(self) -> tuple[Term, ...]:
        """Glossary entries that no article uses."""
        return tuple(t for t in self.terms if not self.uses.get(t.slug))

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of severity `error`."""
        return tuple(d for d in self.diagnostics if d.severity == "error")


def slug_for(path: Path) -> str:
    """The slug of a source file: its name without `.txt`, slugified.

    Args:
        path: A source path.

    Returns:
        The slug.
    """
    return slugify(path.stem, max_length=80)


def load_article(path: Path, slug: str | None = None) -> Article:
    """Read, decode and parse one source file with its sidecar.

    Args:
        path: The `.txt` file.
        slug: Override the slug taken from the file name.

    Returns:
        The article; reading problems are in its diagnostics.
    """
    slug = slug or slug_for(path)
    sidecar, sidecar_diags = read_sidecar(path.with_suffix(".yml"))
    text, read_diags = read_source(path)
    if text is None:
        return Article(
            slug=slug,
            source=str(path),
            title=sidecar.title or slug,
            diagnostics=tuple(read_diags + sidecar_diags),
            sidecar=sidecar,
        )
    article = parse_article(text, source=str(path), slug=slug, sidecar=sidecar)
    diagnostics = tuple(read_diags + sidecar_diags) + article.diagnostics
    return Article(**{**article.__dict__, "diagnostics": diagnostics})


def _sort_key(article: Article) -> tuple[int, int, int, str]:
    date = article.date or PartialDate(0)
    return (-date.year, -(date.month or 0), -(date.day or 0), article.title.lower())


def load_articles(sources_dir: Path) -> tuple[tuple[Article, ...], tuple[Diagnostic, ...]]:
    """Load every `*.txt` in a folder.

    Articles whose diagnostics contain an error are left out; their diagnostics are kept.

    Args:
        sources_dir: The sources folder.

    Returns:
        Published articles (newest first) and all diagnostics.

    Raises:
        SourcesError: If the folder does not exist.
    """
    if not sources_dir.is_dir():
        raise SourcesError(f"{sources_dir}: the sources folder does not exist")
    articles: list[Article] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, Path] = {}
    for path in sorted(sources_dir.glob("*.txt")):
        slug = slug_for(path)
        if slug in seen:
            diagnostics.append(
                Diagnostic(
                    str(path),
                    0,
                    "slug-clash",
                    f"gives the same page name '{slug}' as {seen[slug]}; rename one of them",
                    "error",
                )
            )
            continue
        seen[slug] = path
        article = load_article(path, slug)
        diagnostics.extend(article.diagnostics)
        if not any(d.severity == "error" for d in article.diagnostics):
            articles.append(article)
    for path in sorted(sources_dir.glob("*.yml")):
        if not path.with_suffix(".txt").exists():
            diagnostics.append(
                Diagnostic(str(path), 0, "sidecar-orphan", "sidecar has no matching .txt source")
            )
    articles.sort(key=_sort_key)
    return tuple(articles), tuple(diagnostics)


def build_pages(
    sources_dir: Path, data_dir: Path | None = None, link_rule: LinkRule = "section"
) -> BuildResult:
    """Turn a sources folder into generated Markdown pages.

    Steps: (1) load and parse the articles; (2) load the glossary from `data_dir` and find
    its terms in every article; (3) render the article pages, the article index and the
    glossary page.

    Args:
        sources_dir: The sources folder.
        data_dir: The folder holding `glossary.yml` (no glossary if `None` or missing).
        link_rule: Which uses of a term become links (see [link_phrases][explainer.matching.link_phrases]).

    Returns:
        Pages by path, the articles and the diagnostics.
    """
    articles, diagnostics = load_articles(sources_dir)
    terms: tuple[Term, ...] = ()
    if data_dir is not None:
        terms, glossary_diags = load_glossary(data_dir / "glossary.yml")
        diagnostics += tuple(glossary_diags)
    pages: dict[str, str] = {}
    uses: dict[str, list[PhraseUse]] = {}
    matcher = term_matcher(terms)
    by_slug = {t.slug: t for t in terms}
    for article in articles:
        glossed = None
        if terms:
            links, article_uses = link_phrases(article, matcher, link_rule)
            for slug, found in article_uses.items():
                uses.setdefault(slug, []).extend(found)
            linked = {m.slug for matches in links.values() for m in matches}
            glossed = render.Glossed(links, tuple(by_slug[s] for s in sorted(linked)))
        pages[render.article_uri(article.slug)] = render.article_page(article, glossed)
    pages[INDEX_URI] = render.articles_index(articles, INDEX_URI)
    titles = {a.slug: a.title for a in articles}
    pages[render.GLOSSARY_URI] = render.glossary_page(terms, uses, titles)
    return BuildResult(
        pages=pages, articles=articles, diagnostics=diagnostics, terms=terms, uses=uses
    )


def fill_home(markdown: str, result: BuildResult, page_uri: str, limit: int = 12) -> str:
    """Replace the home page's marker with the newest articles.

    Args:
        markdown: The hand-written page.
        result: The build result.
        page_uri: Path of the page, for relative links.
        limit: How many articles to list before linking to the full index.

    Returns:
        The page with the list in place of [HOME_MARKER][explainer.pages.HOME_MARKER].
    """
    if HOME_MARKER not in markdown:
        return markdown
    shown = result.articles[:limit]
    listing = render.article_list(shown, page_uri)
    if len(result.articles) > limit:
        link = render.relative_link(INDEX_URI, page_uri)
        listing += f"\n[All {len(result.articles)} articles]({link})\n"
    return markdown.replace(HOME_MARKER, listing)
