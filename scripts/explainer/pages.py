"""Orchestration: a `sources/` folder → `{uri: markdown}` pages and diagnostics.

Reads like a recipe: (1) read every source and its sidecar, (2) parse each into an
[Article][explainer.model.Article], (3) render the pages. Nothing here knows MkDocs: the
adapter in [mkdocs_plugin][explainer.mkdocs_plugin] turns the result into MkDocs files.
"""

from __future__ import annotations

import functools
import json
import stat
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from explainer import cite, csl, render, render_cite
from explainer.argument import MainPoints, main_points, summarize_article
from explainer.diagnostics import CATALOGUE
from explainer.entities import KINDS, Entity, entity_matcher, load_entities
from explainer.errors import CslError, SourcesError
from explainer.glossary import Term, load_glossary, term_matcher
from explainer.guard import CONSEQUENCES, debugging, guarded, stage_failure
from explainer.matching import LinkRule, PhraseMatch, PhraseMatcher, PhraseUse, link_phrases
from explainer.model import Article, Diagnostic, PartialDate
from explainer.parse import parse_article
from explainer.related import DatedMention, Related, dated_mentions, related_articles
from explainer.sources import read_sidecar, read_source
from explainer.stage_cache import StageCache, content_key, file_bytes
from explainer.textutil import proper_nouns, slugify

HOME_MARKER = "<!-- explainer:articles -->"
"""Where the home page (`docs/index.md`) wants the list of articles."""
EVAL_MARKER = "<!-- explainer:eval -->"
"""Where the method page wants the measured accuracy (from `data/eval.json`)."""


T = TypeVar("T")

INDEX_URI = "articles/index.md"
"""The generated page that lists every article."""


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
    """The slug of a source file: its name without `.txt` or `.md`, slugified.

    Args:
        path: A source path.

    Returns:
        The slug.
    """
    return slugify(path.stem, max_length=80)


def load_article(path: Path, slug: str | None = None) -> Article:
    """Read, decode and parse one source file with its sidecar.

    Args:
        path: The `.txt` or `.md` file.
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


SOURCE_SUFFIXES = (".txt", ".md")
"""Source files the generator reads: plain text and Markdown posts."""


RESERVED_SLUGS = frozenset({"index"})
"""Page names the site uses itself under `articles/` (`articles/index.md` lists the articles)."""

MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""Largest source file read (20 MB): a longer one is refused, not read into memory."""


def source_file_problem(path: Path, sources_dir: Path) -> str | None:
    """Why a file in `sources/` is not read, or `None`: only regular files that lie inside
    the folder are read (no symbolic links, pipes or devices, nothing over 20 MB)."""
    try:
        info = path.lstat()
    except OSError as error:
        return f"cannot read the file: {error.strerror}"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link; sources must be files in the sources folder (copy the file in)"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a pipe, device or folder); it is not read"
    if path.resolve().parent != sources_dir.resolve():
        return "is not inside the sources folder; it is not read"
    if info.st_size > MAX_SOURCE_BYTES:
        return f"is {info.st_size // (1024 * 1024)} MB; sources over {MAX_SOURCE_BYTES // (1024 * 1024)} MB are not read"
    return None


def source_paths(sources_dir: Path) -> list[Path]:
    """The source files of a folder (`*.txt` and `*.md`), sorted by name.

    Args:
        sources_dir: The sources folder.

    Returns:
        The paths, sorted.
    """
    return sorted(p for suffix in SOURCE_SUFFIXES for p in sources_dir.glob(f"*{suffix}"))


def _load_cached(path: Path, slug: str, cache: StageCache | None) -> Article:
    """[load_article][explainer.pages.load_article], kept in the cache when there is one."""
    if cache is None:
        return load_article(path, slug)
    key = content_key(
        "article", str(path), slug, file_bytes(path), file_bytes(path.with_suffix(".yml"))
    )
    article = cache.get_or_make(key, functools.partial(load_article, path, slug))
    cache.article_keys[slug] = key
    return article


def _orphan_sidecars(sources_dir: Path) -> list[Diagnostic]:
    """Warnings for `.yml` sidecars with neither a `.txt` nor a `.md` source."""
    return [
        Diagnostic(str(path), 0, "sidecar-orphan", "sidecar has no matching .txt or .md source")
        for path in sorted(sources_dir.glob("*.yml"))
        if not any(path.with_suffix(suffix).exists() for suffix in SOURCE_SUFFIXES)
    ]


def load_articles(
    sources_dir: Path, cache: StageCache | None = None
) -> tuple[tuple[Article, ...], tuple[Diagnostic, ...]]:
    """Load every `*.txt` and `*.md` source in a folder.

    Articles whose own diagnostics contain an error (an unreadable file, a bad sidecar) are
    left out; their diagnostics are kept. A file whose reading or parsing raises is left out
    with a [stage failure][explainer.guard.stage_failure] naming it; the others still load.

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
    for path in source_paths(sources_dir):
        slug = slug_for(path)
        refused = _refusal(path, slug, sources_dir, seen)
        if refused is not None:
            diagnostics.append(refused)
            continue
        seen[slug] = path
        article, failed = guarded(
            "reading and parsing", str(path), None, _load_cached, path, slug, cache
        )
        diagnostics.extend(failed)
        if article is None:
            continue
        diagnostics.extend(article.diagnostics)
        if not any(d.severity == "error" for d in article.diagnostics):
            articles.append(article)
    diagnostics.extend(_orphan_sidecars(sources_dir))
    articles.sort(key=_sort_key)
    return tuple(articles), tuple(diagnostics)


def _refusal(path: Path, slug: str, sources_dir: Path, seen: dict[str, Path]) -> Diagnostic | None:
    """Why a source is not read: a link or pipe or an oversized file, a page name the site
    needs, or a page name another source already gives; `None` when it is read."""
    refusal = source_file_problem(path, sources_dir)
    if refusal is not None:
        return Diagnostic(str(path), 0, "source-refused", refusal, "warning")
    if slug in RESERVED_SLUGS:
        message = f"the page name '{slug}' is the site's own (the list of articles); rename the file"
        return Diagnostic(str(path), 0, "slug-reserved", message, "error")
    if slug in seen:
        message = f"gives the same page name '{slug}' as {seen[slug]}; rename one of them"
        return Diagnostic(str(path), 0, "slug-clash", message, "error")
    return None


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
    """Downloads (`cite/<slug>.bib`…) by path."""
    heads: dict[str, str]
    """`<head>` metadata by page path."""
    sources: cite.Sources
    """The site bibliography."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Stage failures of single articles (their pages have no cite box)."""


def _downloads(
    name: str, items: Sequence[csl.CslItem], from_uri: str
) -> tuple[dict[str, str], dict[str, str]]:
    # No access date in a file made at build time: the reader's reference manager records
    # when the reader saved the reference.
    items = [{k: v for k, v in item.items() if k != "accessed"} for item in items]
    files = {f"{CITE_DIR}/{name}.{ext}": write(items) for _, ext, write in DOWNLOADS}
    links = {
        label: render.relative_link(f"{CITE_DIR}/{name}.{ext}", from_uri)
        for label, ext, _ in DOWNLOADS
    }
    return files, links


def _article_items(article: Article, edition: cite.Edition) -> list[csl.CslItem]:
    """The page's and the original's CSL items; also checks the article's notes can be collected."""
    cite.collect_sources([article])
    return [
        cite.page_item(article, edition, render.article_uri(article.slug)),
        cite.original_item(article),
    ]


def _edition_line(edition: cite.Edition) -> str:
    """`edition 1.0 of 23 November 2026`, or "" when the site names no edition."""
    if not (edition.version or edition.date):
        return ""
    return " ".join(
        p
        for p in (
            f"edition {edition.version}" if edition.version else "edition",
            f"of {render.format_date(edition.date)}" if edition.date else "",
        )
        if p
    )


@dataclass(frozen=True)
class _Formatted:
    """What one run of the CSL processor gave for the whole site."""

    sources: cite.Sources
    items: dict[str, list[csl.CslItem]]
    styled: dict[str, dict[str, cite.StyledCitation]]
    entries: dict[str, dict[str, str]]
    edition_line: str


def _page_citations(
    article: Article, run: _Formatted
) -> tuple[dict[str, str], str, str, dict[str, str]]:
    """One article's downloads, cite box, `<head>` metadata and footnote sources."""
    uri = render.article_uri(article.slug)
    bib_uri = render_cite.BIBLIOGRAPHY_URI
    page, original = run.items[article.slug]
    by_style = {
        style.key: {
            "page": run.styled[str(page["id"])][style.key],
            "original": run.styled[str(original["id"])][style.key],
        }
        for style in csl.STYLES
    }
    retrievable = cite.original_retrievable(article)
    # An original nobody can find is not offered as a reference, in the downloads either.
    files, links = _downloads(article.slug, (page, original) if retrievable else (page,), uri)
    box = render_cite.cite_box(
        render_cite.PageCitations(
            by_style, page, original, links, run.edition_line, tuple(cite.original_gaps(article)),
            retrievable, cite.original_publication(article),
        ),
        render.relative_link("how-to-cite.md", uri),
        render.relative_link(bib_uri, uri),
    )
    by_key = {s.key: s for s in run.sources.sources}
    note_keys = {
        n.label: run.sources.by_note[(article.slug, n.label)]
        for n in article.notes
        if (article.slug, n.label) in run.sources.by_note
    }
    cited = [by_key[k].item for k in dict.fromkeys(note_keys.values())]
    description = render.page_description(article)
    head = render_cite.head_html(
        cite.head_meta(page, cited, description),
        cite.json_ld(page, original, cited, description),
    )
    note_sources = {
        label: render_cite.footnote_source(
            key, {s: e[key] for s, e in run.entries.items()}, render.relative_link(bib_uri, uri)
        )
        for label, key in note_keys.items()
    }
    return files, box, head, note_sources


def no_citations() -> Citations:
    """What the pages use when the citations could not be formatted at all: no cite boxes."""
    return Citations(
        {}, {}, render_cite.bibliography_page((), {}, {}, {}, {}), {}, {}, cite.Sources()
    )


def cite_articles(
    articles: Sequence[Article],
    edition: cite.Edition,
    cache_dir: Path | None = None,
    names: frozenset[str] = frozenset(),
) -> Citations:
    """Format every citation of the site in one run of the CSL processor.

    `names` (the glossary's and the entities') stay capitalised in sentence-case titles,
    beside the names the articles themselves write with a capital.

    An article whose citations cannot be built is left out of the run with a stage failure
    (its page has no cite box); the others are formatted.

    Raises:
        CslError: The processor is missing or failed.
    """
    items, diagnostics = _citable_items(articles, edition)
    citable = [a for a in articles if a.slug in items]
    run = _format_citations(citable, items, edition, cache_dir, names)
    citations = Citations({}, {}, "", {}, {}, run.sources, ())
    for article in citable:
        made, failed = guarded("citation", article.source, None, _page_citations, article, run)
        diagnostics.extend(failed)
        if made is not None:
            citations.files.update(made[0])
            citations.boxes[article.slug] = made[1]
            citations.heads[render.article_uri(article.slug)] = made[2]
            citations.note_sources[article.slug] = made[3]
    bibliography, bib_files = _bibliography(citable, run)
    citations.files.update(bib_files)
    return replace(citations, bibliography=bibliography, diagnostics=tuple(diagnostics))


def _citable_items(
    articles: Sequence[Article], edition: cite.Edition
) -> tuple[dict[str, list[csl.CslItem]], list[Diagnostic]]:
    """The page's and the original's CSL items of every article whose items can be built."""
    items: dict[str, list[csl.CslItem]] = {}
    diagnostics: list[Diagnostic] = []
    for article in articles:
        built, failed = guarded("citation", article.source, None, _article_items, article, edition)
        diagnostics.extend(failed)
        if built is not None:
            items[article.slug] = built
    return items, diagnostics


def _format_citations(
    citable: Sequence[Article],
    items: dict[str, list[csl.CslItem]],
    edition: cite.Edition,
    cache_dir: Path | None,
    names: frozenset[str],
) -> _Formatted:
    """One run of the processor: every cite box item and the bibliography, in every style."""
    sources = cite.collect_sources(citable)
    by_key = {s.key: s for s in sources.sources}
    box_items = [item for a in citable for item in items[a.slug]]
    # Names as the articles write them (not their notes: titles there are in title case).
    proper = proper_nouns(p.text for a in citable for p in a.paragraphs) | names
    box_jobs = cite.article_jobs(box_items, proper=proper)
    results = csl.run_jobs(box_jobs + cite.source_jobs(sources, proper=proper), cache_dir=cache_dir)
    entries = {
        style.key: {
            k: cite.fix_entry(style, by_key[k].item, csl.strip_entry_div(v))
            for k, v in result.bibliography.items()
        }
        for style, result in zip(csl.STYLES, results[len(box_jobs) :], strict=True)
    }
    styled = cite.read_article_results(box_items, results[: len(box_jobs)])
    return _Formatted(sources, items, styled, entries, _edition_line(edition))


def _bibliography(citable: Sequence[Article], run: _Formatted) -> tuple[str, dict[str, str]]:
    """The bibliography page and its downloads."""
    sources = run.sources.sources
    bib_uri = render_cite.BIBLIOGRAPHY_URI
    bib_files, bib_links = _downloads("bibliography", [s.item for s in sources], bib_uri)
    page = render_cite.bibliography_page(
        sources,
        run.entries,
        {s.key: cite.coins(s.item) for s in sources},
        {a.slug: render.relative_link(render.article_uri(a.slug), bib_uri) for a in citable},
        bib_links,
    )
    return page, bib_files


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


@dataclass
class _Analysis:
    """What steps 2–3 of [build_pages][explainer.pages.build_pages] found in the articles."""

    terms: tuple[Term, ...] = ()
    entities: tuple[Entity, ...] = ()
    terms_found: Found = field(default_factory=dict)
    entities_found: Found = field(default_factory=dict)
    related: dict[str, tuple[Related, ...]] = field(default_factory=dict)
    timeline: list[DatedMention] = field(default_factory=list)
    summaries: dict[str, MainPoints | None] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def data_names(terms: Sequence[Term], entities: Sequence[Entity]) -> frozenset[str]:
    """The capitalised names of the glossary and the entities (`United Nations`, `Lisbon`),
    which sentence-case titles keep capitalised."""
    names = [t.term for t in terms] + [a for t in terms for a in t.aliases]
    names += [e.name for e in entities] + [a for e in entities for a in e.aliases]
    return frozenset(n for n in names if n[:1].isupper())


def _cite_all(
    articles: Sequence[Article],
    edition: cite.Edition,
    cache_dir: Path | None,
    folder: str,
    names: frozenset[str] = frozenset(),
) -> Citations:
    """[cite_articles][explainer.pages.cite_articles]; if the run fails as a whole (other than
    a missing processor, which stops the build), the pages are built without citations."""
    try:
        return cite_articles(articles, edition, cache_dir, names)
    except CslError:
        raise
    except Exception as error:  # noqa: BLE001 - one failed run must not stop the site
        if debugging():
            raise
        failure = stage_failure(folder, "citations", error, CONSEQUENCES["citations"])
        return replace(no_citations(), diagnostics=(failure,))


def _load_data(data_dir: Path | None, analysis: _Analysis) -> None:
    """Step 2a: the glossary and the entities."""
    if data_dir is None:
        return
    analysis.terms, glossary_diags = load_glossary(data_dir / "glossary.yml")
    analysis.entities, entity_diags = load_entities(data_dir / "entities.yml")
    analysis.diagnostics += glossary_diags + entity_diags


def _features(articles: Sequence[Article], analysis: _Analysis) -> dict[str, set[str]]:
    """The names each article uses (glossary terms, entities, tags) for related articles.

    An entity that is also a glossary term (an acronym such as OECD) is shown once, as the term.
    """
    term_by_slug = {t.slug: t for t in analysis.terms}
    term_names = {n.lower() for t in analysis.terms for n in (t.term, *t.aliases, *t.forms)}
    entity_names = {
        e.slug: e.name
        for e in analysis.entities
        if not {n.lower() for n in (e.name, *e.aliases)} & term_names
    }
    return {
        a.slug: {term_by_slug[s].term for s in analysis.terms_found[a.slug][1]}
        | {entity_names[s] for s in analysis.entities_found[a.slug][1] if s in entity_names}
        | set(a.tags + a.topics + a.regions)
        for a in articles
    }


def _relate(
    articles: Sequence[Article], cache: StageCache, folder: str, analysis: _Analysis
) -> None:
    """Step 3: related articles (by text similarity, showing shared names) and the timeline."""
    features = _features(articles, analysis)
    # Kept by every article and its names: unchanged sites skip TF-IDF (and its import).
    related_key = content_key(
        "related",
        *(cache.article_keys[a.slug] for a in articles),
        json.dumps({slug: sorted(names) for slug, names in features.items()}, sort_keys=True),
    )
    unrelated: dict[str, tuple[Related, ...]] = {}
    analysis.related, failed = guarded(
        "related articles",
        folder,
        unrelated,
        cache.get_or_make,
        related_key,
        functools.partial(related_articles, articles, features),
    )
    analysis.diagnostics += failed
    mentions: list[DatedMention] = []
    for article in articles:
        found, failed = guarded("timeline dates", article.source, [], dated_mentions, article)
        mentions += found
        analysis.diagnostics += failed
    analysis.timeline = sorted(
        mentions,
        key=lambda m: (m.date.year, m.date.month or 0, m.date.day or 0, m.article, m.paragraph),
    )


def _summarize(articles: Sequence[Article], cache: StageCache, analysis: _Analysis) -> None:
    """Step 3b: the argument summary of each article (a failed one: the page goes without)."""
    for article in articles:
        analysis.summaries[article.slug], failed = guarded(
            "argument summary",
            article.source,
            None,
            cache.get_or_make,
            content_key("argument", cache.article_keys[article.slug]),
            functools.partial(_main_points, article),
        )
        analysis.diagnostics += failed


def _analyse(
    articles: Sequence[Article],
    data_dir: Path | None,
    link_rule: LinkRule,
    cache: StageCache,
    clock: _Stopwatch,
    folder: str,
    analysis: _Analysis,
) -> _Analysis:
    """Steps 2b–3: glossary and entity links, related articles, timeline, argument summaries,
    on the glossary and entities already loaded into `analysis` (step 2a)."""
    data = [file_bytes(data_dir / n) if data_dir else b"" for n in ("glossary.yml", "entities.yml")]
    analysis.terms_found = _find(
        articles,
        term_matcher(analysis.terms),
        link_rule,
        cache,
        ("glossary links", data[0]),
        analysis.diagnostics,
    )
    analysis.entities_found = _find(
        articles,
        entity_matcher(analysis.entities),
        link_rule,
        cache,
        ("entity links", data[1]),
        analysis.diagnostics,
    )
    clock.lap("glossary")
    _relate(articles, cache, folder, analysis)
    clock.lap("related")
    _summarize(articles, cache, analysis)
    clock.lap("argument")
    return analysis


def _crosslinks(
    article: Article, analysis: _Analysis, citations: Citations, left_out: set[str]
) -> render.Crosslinks:
    """What the page of `article` links to (nothing of the articles `left_out`)."""
    term_by_slug = {t.slug: t for t in analysis.terms}
    term_links, _ = analysis.terms_found[article.slug]
    entity_links, _ = analysis.entities_found[article.slug]
    linked = sorted({m.slug for matches in term_links.values() for m in matches})
    return render.Crosslinks(
        term_links=term_links,
        terms=tuple(term_by_slug[s] for s in linked),
        entity_links=entity_links,
        entity_pages={e.slug: f"{e.group}.md" for e in analysis.entities},
        related=tuple(r for r in analysis.related.get(article.slug, ()) if r.slug not in left_out),
        argument=analysis.summaries.get(article.slug),
        cite_box=citations.boxes.get(article.slug, ""),
        note_sources=citations.note_sources.get(article.slug, {}),
    )


def _article_pages(
    articles: Sequence[Article], analysis: _Analysis, citations: Citations
) -> tuple[dict[str, str], tuple[Article, ...], list[Diagnostic]]:
    """Step 5a: the article pages. An article whose page cannot be rendered is left out, and
    the other pages are rendered again without links to it (rarely needed, so simply)."""
    failed: dict[str, Diagnostic] = {}
    while True:
        published = tuple(a for a in articles if a.slug not in failed)
        pages: dict[str, str] = {}
        for article in published:
            cross = _crosslinks(article, analysis, citations, set(failed))
            page, failure = guarded(
                "page rendering", article.source, None, render.article_page, article, cross
            )
            if page is None:
                failed[article.slug] = failure[0]
            else:
                pages[render.article_uri(article.slug)] = page
        if len(pages) == len(published):
            return pages, published, list(failed.values())


def _note_diagnostics(articles: Sequence[Article]) -> list[Diagnostic]:
    """Notes that name no source, for every article (guarded: a failure only loses the warnings)."""
    out: list[Diagnostic] = []
    for article in articles:
        found, failed = guarded("note check", article.source, [], cite.note_diagnostics, article)
        out += found + list(failed)
    return out


def _compare_pairs(
    articles: Sequence[Article], related: dict[str, tuple[Related, ...]]
) -> list[tuple[Article, Article, Related]]:
    """Each article with its most related other article, each pair once."""
    by_slug = {a.slug: a for a in articles}
    pairs = []
    seen: set[tuple[str, str]] = set()
    for article in articles:
        others = [r for r in related.get(article.slug, ()) if r.slug in by_slug]
        for other in others[:1]:
            key = (min(article.slug, other.slug), max(article.slug, other.slug))
            if key not in seen:
                seen.add(key)
                pairs.append((article, by_slug[other.slug], other))
    return pairs


def _site_pages(
    articles: tuple[Article, ...], analysis: _Analysis, citations: Citations
) -> tuple[dict[str, str], dict[str, list[PhraseUse]], dict[str, list[PhraseUse]]]:
    """Step 5b: the index, glossary, bibliography, entity and compare pages; and the uses."""
    slugs = {a.slug for a in articles}
    titles = {a.slug: a.title for a in articles}
    pages = {INDEX_URI: render.articles_index(articles, INDEX_URI)}
    term_uses = _merge_uses({s: f for s, f in analysis.terms_found.items() if s in slugs})
    entity_uses = _merge_uses({s: f for s, f in analysis.entities_found.items() if s in slugs})
    pages[render.GLOSSARY_URI] = render.glossary_page(analysis.terms, term_uses, titles)
    pages[render_cite.BIBLIOGRAPHY_URI] = citations.bibliography
    pages[render.DIAGNOSTICS_URI] = render.diagnostics_page(list(CATALOGUE.values()))
    for group, (kind, title) in KINDS.items():
        members = [e for e in analysis.entities if e.kind == kind]
        pages[f"{group}.md"] = render.entity_page(
            title, f"{group}.md", members, entity_uses, titles
        )
    openings = {a.slug: a.dek or (a.paragraphs[0].text if a.paragraphs else "") for a in articles}
    timeline = [m for m in analysis.timeline if m.article in slugs]
    pages[render.COMPARE_URI] = render.compare_page(
        _compare_pairs(articles, analysis.related)[:MAX_PAIRS],
        timeline[:MAX_TIMELINE],
        titles,
        openings,
    )
    return pages, term_uses, entity_uses


@dataclass(frozen=True)
class _Run:
    """What every stage of one build needs to know."""

    sources_dir: Path
    data_dir: Path | None
    link_rule: LinkRule
    edition: cite.Edition
    cache: StageCache
    clock: _Stopwatch
    cache_dir: Path | None


def _analyse_and_cite(articles: tuple[Article, ...], run: _Run) -> tuple[_Analysis, Citations, float]:
    """Steps 2–4: the citations (citeproc-js in Node processes) are formatted in the
    background while the glossary, entities, related articles and summaries are worked out;
    returns both and the seconds the citations took."""
    analysis = _Analysis()
    _load_data(run.data_dir, analysis)
    folder = str(run.sources_dir)
    with ThreadPoolExecutor(max_workers=1) as background:
        citing = background.submit(
            _timed, _cite_all, articles, run.edition, run.cache_dir, folder,
            data_names(analysis.terms, analysis.entities),
        )
        analysis = _analyse(articles, run.data_dir, run.link_rule, run.cache, run.clock, folder, analysis)
        citations, seconds = citing.result()
    return analysis, citations, seconds


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
    `data_dir` and find them in every article; (3) rank related articles, collect dates and
    summarize each argument; (4) format the citations and the bibliography; (5) render the
    article pages and the index, glossary, entity, compare and bibliography pages.

    Every per-article stage runs [guarded][explainer.guard.guarded]: one that raises leaves
    a `stage-failed` error naming the file and the stage, and the article is published without
    that part (left out if it cannot be read, parsed or rendered).

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
    articles, diagnostics = load_articles(sources_dir, cache)
    clock.lap("parse")
    run = _Run(sources_dir, data_dir, link_rule, edition or cite.Edition(), cache, clock, cache_dir)
    analysis, citations, seconds = _analyse_and_cite(articles, run)
    diagnostics += tuple(analysis.diagnostics) + citations.diagnostics
    diagnostics += tuple(_note_diagnostics(articles))
    clock.lap("citation_wait")
    if timings is not None:
        timings["citation"] = seconds
    result = _render_all(articles, analysis, citations, diagnostics)
    clock.lap("render")
    cache.save()
    return result


def _render_all(
    articles: tuple[Article, ...],
    analysis: _Analysis,
    citations: Citations,
    diagnostics: tuple[Diagnostic, ...],
) -> BuildResult:
    """Step 5: the article pages and the site's pages, with everything the build found
    (`diagnostics`: those of steps 1–4; the articles that could not be rendered are added)."""
    pages, published, failed = _article_pages(articles, analysis, citations)
    site_pages, term_uses, entity_uses = _site_pages(published, analysis, citations)
    pages.update(site_pages)
    return BuildResult(
        pages=pages,
        articles=published,
        diagnostics=diagnostics + tuple(failed),
        terms=analysis.terms,
        uses=term_uses,
        entities=analysis.entities,
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
    diagnostics: list[Diagnostic],
) -> Found:
    """Links and uses of a matcher's phrases in every article, by article slug.

    Kept in the cache by the article and `source` (the stage's name, and the bytes of the
    file of the phrases). An article where matching fails gets no links; its stage failure
    is added to `diagnostics`.
    """
    found: Found = {}
    for article in articles:
        nothing: tuple[dict[int, list[PhraseMatch]], dict[str, list[PhraseUse]]] = ({}, {})
        found[article.slug], failed = guarded(
            source[0],
            article.source,
            nothing,
            cache.get_or_make,
            content_key(source[0], cache.article_keys[article.slug], source[1], rule),
            functools.partial(link_phrases, article, matcher, rule),
        )
        diagnostics += failed
    return found


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
