"""Orchestration: a `sources/` folder → `{uri: markdown}` pages and diagnostics.

Reads like a recipe: (1) read every source and its sidecar, (2) parse each into an
[Article][explainer.model.Article], (3) render the pages. Nothing here knows MkDocs: the
adapter in [mkdocs_plugin][explainer.mkdocs_plugin] turns the result into MkDocs files.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from explainer import cite, csl, render, render_cite
from explainer.argument import MainPoints, main_points, summarize_article
from explainer.entities import KINDS, Entity, entity_matcher, load_entities
from explainer.glossary import Term, load_glossary, term_matcher
from explainer.matching import LinkRule, PhraseMatch, PhraseMatcher, PhraseUse, link_phrases
from explainer.model import Article, Diagnostic, PartialDate
from explainer.parse import parse_article
from explainer.related import dated_mentions, related_articles
from explainer.sources import read_sidecar, read_source
from explainer.stage_cache import StageCache, content_key, file_bytes
from explainer.textutil import slugify

HOME_MARKER = "<!-- explainer:articles -->"
"""Where the home page (`docs/index.md`) wants the list of articles."""
EVAL_MARKER = "<!-- explainer:eval -->"
"""Where the method page wants the measured accuracy (from `data/eval.json`)."""


T = TypeVar("T")

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
    entities: tuple[Entity, ...] = ()
    """The curated people, organisations and places."""
    entity_uses: dict[str, list[PhraseUse]] = field(default_factory=dict)
    """Paragraphs that mention each entity, by entity slug."""
    files: dict[str, str] = field(default_factory=dict)
    """Generated downloads (`cite/<slug>.bib`…), by path."""
    heads: dict[str, str] = field(default_factory=dict)
    """HTML for the `<head>` of each article page (citation metadata), by page path."""
    sources: cite.Sources = field(default_factory=cite.Sources)
    """The site bibliography."""

    def unused_terms(self) -> tuple[Term, ...]:
        """Glossary entries that no article uses."""
        return tuple(t for t in self.terms if not self.uses.get(t.slug))

    def unmentioned_entities(self) -> tuple[Entity, ...]:
        """Entities that no article mentions."""
        return tuple(e for e in self.entities if not self.entity_uses.get(e.slug))

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
    return replace(article, diagnostics=diagnostics)


def _sort_key(article: Article) -> tuple[int, int, int, str]:
    date = article.date or PartialDate(0)
    return (-date.year, -(date.month or 0), -(date.day or 0), article.title.lower())


def load_articles(
    sources_dir: Path, cache: StageCache | None = None
) -> tuple[tuple[Article, ...], tuple[Diagnostic, ...]]:
    """Load every `*.txt` in a folder.

    Articles whose diagnostics contain an error are left out; their diagnostics are kept.

    Args:
        sources_dir: The sources folder.
        cache: Parsed articles of earlier builds, by the bytes of the text and its sidecar.

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
        if cache is None:
            article = load_article(path, slug)
        else:
            key = content_key(
                "article", str(path), slug, file_bytes(path), file_bytes(path.with_suffix(".yml"))
            )
            article = cache.get_or_make(key, functools.partial(load_article, path, slug))
            cache.article_keys[slug] = key
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


CITE_DIR = "cite"
"""Folder of the generated `.bib`, `.ris` and CSL-JSON downloads."""
DOWNLOADS = (
    ("BibTeX", "bib", cite.bibtex),
    ("RIS", "ris", cite.ris),
    ("CSL-JSON", "json", cite.csl_json),
)


@dataclass(frozen=True)
class Citations:
    """The formatted citations of every page and of the bibliography."""

    boxes: dict[str, str]
    """Cite box Markdown by article slug."""
    note_sources: dict[str, dict[str, str]]
    """Footnote source Markdown by article slug and note label."""
    bibliography: str
    """The bibliography page."""
    files: dict[str, str]
    heads: dict[str, str]
    sources: cite.Sources


def _downloads(
    name: str, items: Sequence[csl.CslItem], from_uri: str
) -> tuple[dict[str, str], dict[str, str]]:
    files = {f"{CITE_DIR}/{name}.{ext}": write(items) for _, ext, write in DOWNLOADS}
    links = {
        label: render.relative_link(f"{CITE_DIR}/{name}.{ext}", from_uri)
        for label, ext, _ in DOWNLOADS
    }
    return files, links


def cite_articles(
    articles: Sequence[Article], edition: cite.Edition, cache_dir: Path | None = None
) -> Citations:
    """Format every citation of the site in one run of the CSL processor.

    Raises:
        csl.CslError: The processor is missing or failed.
    """
    sources = cite.collect_sources(articles)
    by_key = {s.key: s for s in sources.sources}
    items = {
        a.slug: [cite.page_item(a, edition, render.article_uri(a.slug)), cite.original_item(a)]
        for a in articles
    }
    box_items = [item for a in articles for item in items[a.slug]]
    box_jobs = cite.article_jobs(box_items)
    results = csl.run_jobs(box_jobs + cite.source_jobs(sources), cache_dir=cache_dir)
    styled = cite.read_article_results(box_items, results[: len(box_jobs)])
    entries = {
        style.key: {
            k: cite.fix_entry(style, by_key[k].item, csl.strip_entry_div(v))
            for k, v in result.bibliography.items()
        }
        for style, result in zip(csl.STYLES, results[len(box_jobs) :], strict=True)
    }
    files: dict[str, str] = {}
    boxes: dict[str, str] = {}
    heads: dict[str, str] = {}
    note_sources: dict[str, dict[str, str]] = {}
    bib_uri = render_cite.BIBLIOGRAPHY_URI
    edition_line = ""
    if edition.version or edition.date:
        edition_line = " ".join(
            p
            for p in (
                f"edition {edition.version}" if edition.version else "edition",
                f"of {render.format_date(edition.date)}" if edition.date else "",
            )
            if p
        )
    for article in articles:
        uri = render.article_uri(article.slug)
        page, original = items[article.slug]
        by_style = {
            style.key: {
                "page": styled[str(page["id"])][style.key],
                "original": styled[str(original["id"])][style.key],
            }
            for style in csl.STYLES
        }
        article_files, links = _downloads(article.slug, (page, original), uri)
        files.update(article_files)
        boxes[article.slug] = render_cite.cite_box(
            render_cite.PageCitations(by_style, page, original, links, edition_line),
            render.relative_link("how-to-cite.md", uri),
            render.relative_link(bib_uri, uri),
        )
        note_keys = {
            n.label: sources.by_note[(article.slug, n.label)]
            for n in article.notes
            if (article.slug, n.label) in sources.by_note
        }
        cited = [by_key[k].item for k in dict.fromkeys(note_keys.values())]
        description = render.page_description(article)
        heads[uri] = render_cite.head_html(
            cite.head_meta(page, original, cited, description),
            cite.json_ld(page, original, cited, description),
        )
        note_sources[article.slug] = {
            label: render_cite.footnote_source(
                key, {s: e[key] for s, e in entries.items()}, render.relative_link(bib_uri, uri)
            )
            for label, key in note_keys.items()
        }
    all_items = [s.item for s in sources.sources]
    bib_files, bib_links = _downloads("bibliography", all_items, bib_uri)
    files.update(bib_files)
    bibliography = render_cite.bibliography_page(
        sources.sources,
        entries,
        {s.key: cite.coins(s.item) for s in sources.sources},
        {a.slug: render.relative_link(render.article_uri(a.slug), bib_uri) for a in articles},
        bib_links,
    )
    return Citations(boxes, note_sources, bibliography, files, heads, sources)


def _timed(function: Callable[..., T], *args: Any) -> tuple[T, float]:
    """A function's result and the seconds it took."""
    start = time.perf_counter()
    return function(*args), time.perf_counter() - start


class _Stopwatch:
    """Adds the time since the last lap to a named stage (when there is a dict to fill)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now


def build_pages(
    sources_dir: Path,
    data_dir: Path | None = None,
    link_rule: LinkRule = "section",
    edition: cite.Edition | None = None,
    timings: dict[str, float] | None = None,
    cache_dir: Path | None = None,
) -> BuildResult:
    """Turn a sources folder into generated Markdown pages.

    Steps: (1) load and parse the articles; (2) load the glossary and the entities from
    `data_dir` and find them in every article; (3) rank related articles and collect dates;
    (4) format the citations and the bibliography; (5) render the article pages and the
    index, glossary, entity, compare and bibliography pages.

    Args:
        sources_dir: The sources folder.
        data_dir: The folder holding `glossary.yml` and `entities.yml` (none if `None`).
        link_rule: Which uses of a term or entity become links (see
            [link_phrases][explainer.matching.link_phrases]).
        edition: The site edition that citations of the pages name.
        timings: If given, filled with the seconds each stage took (for `make bench`); the
            citation stage runs beside glossary, related and argument, and `citation_wait`
            is how long the build then still waited for it.
        cache_dir: Where formatted citations are kept between builds (none: no cache).

    Returns:
        Pages by path, the articles and the diagnostics.
    """
    clock = _Stopwatch(timings)
    cache = StageCache(cache_dir)
    # 1. Articles.
    articles, diagnostics = load_articles(sources_dir, cache)
    clock.lap("parse")
    with ThreadPoolExecutor(max_workers=1) as background:
        # 4. Citations (citeproc-js in Node processes) are formatted while steps 2–3 run.
        citing = background.submit(
            _timed, cite_articles, articles, edition or cite.Edition(), cache_dir
        )
        # 2. Glossary terms and entities, found in each article.
        terms: tuple[Term, ...] = ()
        entities: tuple[Entity, ...] = ()
        if data_dir is not None:
            terms, glossary_diags = load_glossary(data_dir / "glossary.yml")
            entities, entity_diags = load_entities(data_dir / "entities.yml")
            diagnostics += tuple(glossary_diags) + tuple(entity_diags)
        term_by_slug = {t.slug: t for t in terms}
        data = [
            file_bytes(data_dir / n) if data_dir else b"" for n in ("glossary.yml", "entities.yml")
        ]
        terms_found = _find(articles, term_matcher(terms), link_rule, cache, ("terms", data[0]))
        entities_found = _find(
            articles, entity_matcher(entities), link_rule, cache, ("entities", data[1])
        )
        clock.lap("glossary")
        # 3. Related articles (by text similarity, showing shared names) and the timeline.
        # An entity that is also a glossary term (NATO) is shown once, as the term.
        term_names = {n.lower() for t in terms for n in (t.term, *t.aliases, *t.forms)}
        entity_names = {
            e.slug: e.name
            for e in entities
            if not {n.lower() for n in (e.name, *e.aliases)} & term_names
        }
        features = {
            a.slug: {term_by_slug[s].term for s in terms_found[a.slug][1]}
            | {entity_names[s] for s in entities_found[a.slug][1] if s in entity_names}
            | set(a.tags + a.topics + a.regions)
            for a in articles
        }
        # Kept by every article and its names: unchanged sites skip TF-IDF (and its import).
        related_key = content_key(
            "related",
            *(cache.article_keys[a.slug] for a in articles),
            json.dumps({slug: sorted(names) for slug, names in features.items()}, sort_keys=True),
        )
        related = cache.get_or_make(
            related_key, functools.partial(related_articles, articles, features)
        )
        timeline = sorted(
            (m for a in articles for m in dated_mentions(a)),
            key=lambda m: (m.date.year, m.date.month or 0, m.date.day or 0, m.article, m.paragraph),
        )
        clock.lap("related")
        summaries = {
            a.slug: cache.get_or_make(
                content_key("argument", cache.article_keys[a.slug]),
                functools.partial(_main_points, a),
            )
            for a in articles
        }
        clock.lap("argument")
        citations, seconds = citing.result()
    # Notes that name no source are reported.
    diagnostics += tuple(d for a in articles for d in cite.note_diagnostics(a))
    clock.lap("citation_wait")
    if timings is not None:
        timings["citation"] = seconds
    # 5. Pages.
    entity_pages = {e.slug: f"{e.group}.md" for e in entities}
    pages: dict[str, str] = {}
    for article in articles:
        term_links, _ = terms_found[article.slug]
        entity_links, _ = entities_found[article.slug]
        linked = sorted({m.slug for matches in term_links.values() for m in matches})
        cross = render.Crosslinks(
            term_links=term_links,
            terms=tuple(term_by_slug[s] for s in linked),
            entity_links=entity_links,
            entity_pages=entity_pages,
            related=related.get(article.slug, ()),
            argument=summaries[article.slug],
            cite_box=citations.boxes[article.slug],
            note_sources=citations.note_sources[article.slug],
        )
        pages[render.article_uri(article.slug)] = render.article_page(article, cross)
    titles = {a.slug: a.title for a in articles}
    pages[INDEX_URI] = render.articles_index(articles, INDEX_URI)
    term_uses = _merge_uses(terms_found)
    entity_uses = _merge_uses(entities_found)
    pages[render.GLOSSARY_URI] = render.glossary_page(terms, term_uses, titles)
    pages[render_cite.BIBLIOGRAPHY_URI] = citations.bibliography
    for group, (kind, title) in KINDS.items():
        members = [e for e in entities if e.kind == kind]
        pages[f"{group}.md"] = render.entity_page(
            title, f"{group}.md", members, entity_uses, titles
        )
    by_slug = {a.slug: a for a in articles}
    pairs = []
    seen: set[tuple[str, str]] = set()
    for article in articles:
        for other in related.get(article.slug, ())[:1]:
            key = (min(article.slug, other.slug), max(article.slug, other.slug))
            if key not in seen:
                seen.add(key)
                pairs.append((article, by_slug[other.slug], other))
    openings = {a.slug: a.dek or (a.paragraphs[0].text if a.paragraphs else "") for a in articles}
    pages[render.COMPARE_URI] = render.compare_page(
        pairs[:MAX_PAIRS], timeline[:MAX_TIMELINE], titles, openings
    )
    clock.lap("render")
    cache.save()
    return BuildResult(
        pages=pages,
        articles=articles,
        diagnostics=diagnostics,
        terms=terms,
        uses=term_uses,
        entities=entities,
        entity_uses=entity_uses,
        files=citations.files,
        heads=citations.heads,
        sources=citations.sources,
    )


MAX_PAIRS = 100
"""At most this many pairs on the compare page (one per article, most similar first)."""
MAX_TIMELINE = 1000
"""At most this many rows in the timeline."""

Found = dict[str, tuple[dict[int, list[PhraseMatch]], dict[str, list[PhraseUse]]]]


def _find(
    articles: Sequence[Article],
    matcher: PhraseMatcher,
    rule: LinkRule,
    cache: StageCache,
    source: tuple[str, bytes],
) -> Found:
    """Links and uses of a matcher's phrases in every article, by article slug.

    Kept in the cache by the article and `source` (which phrases, and the bytes of their file).
    """
    return {
        a.slug: cache.get_or_make(
            content_key(source[0], cache.article_keys[a.slug], source[1], rule),
            functools.partial(link_phrases, a, matcher, rule),
        )
        for a in articles
    }


def _main_points(article: Article) -> MainPoints:
    return main_points(summarize_article(article))


def _merge_uses(found: Found) -> dict[str, list[PhraseUse]]:
    """Uses of each entry across all articles."""
    merged: dict[str, list[PhraseUse]] = {}
    for slug in sorted(found):
        for entry, uses in found[slug][1].items():
            merged.setdefault(entry, []).extend(uses)
    return merged


def fill_eval(markdown: str, data_dir: Path) -> str:
    """Replace the method page's marker with the tables of `data/eval.json`.

    Args:
        markdown: The hand-written page.
        data_dir: The data folder.

    Returns:
        The page with the measured numbers in place of [EVAL_MARKER][explainer.pages.EVAL_MARKER].
    """
    if EVAL_MARKER not in markdown:
        return markdown
    path = data_dir / "eval.json"
    report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return markdown.replace(EVAL_MARKER, render.eval_tables(report))


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
