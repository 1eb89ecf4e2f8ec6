"""The MkDocs adapter: generated pages in, warnings out. No build logic lives here.

Enable it in `mkdocs.yml`:

```yaml
plugins:
  - explainer:
      sources_dir: sources
```
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from explainer.cite import Edition
from explainer.errors import CslError, SourcesError
from explainer.incremental import PageFolder, SearchEntries
from explainer.pages import (
    EVAL_MARKER,
    HOME_MARKER,
    INDEX_URI,
    BuildResult,
    build_pages,
    fill_eval,
    fill_home,
)
from explainer.render import article_uri, template_text
from explainer.textutil import parse_iso_date

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
"""The project's npm packages (`npm ci`)."""
IFRAME_WORKER = NODE_MODULES / "iframe-worker" / "shim" / "index.js"
"""The iframe-worker shim Material's search needs from file:// (pinned in package.json)."""
IFRAME_WORKER_URI = "assets/javascripts/iframe-worker-shim.js"


def offline_enabled(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on for this build."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin is not None and getattr(plugin, "config", None) and plugin.config.enabled)


class ExplainerConfig(Config):
    """Options of the `explainer` plugin."""

    enabled = c.Type(bool, default=True)
    """Turn the generator off without removing the plugin."""
    sources_dir = c.Type(str, default="sources")
    """Folder of `<slug>.txt` articles and `<slug>.yml` sidecars, relative to `mkdocs.yml`."""
    data_dir = c.Type(str, default="data")
    """Folder of team-written data (`glossary.yml`), relative to `mkdocs.yml`."""
    glossary_links = c.Choice(("section", "article", "all"), default="section")
    """Which uses of a glossary term become links: first per section, first per article, all."""
    nav_limit = c.Type(int, default=20)
    """List the articles in the sidebar under the `articles/index.md` entry when there are at most
    this many; beyond that the sidebar shows only the index pages, so pages stay small."""
    edition_date = c.Type(str, default="2026-01-01")
    """Date of this edition of the site (ISO); also the build date MkDocs writes into the sitemap."""
    edition = c.Type(str, default="")
    """Version of this edition (`1.0`), named in every citation of a page."""
    cache_dir = c.Type(str, default=".cache/explainer")
    """Where formatted citations are kept between builds, relative to `mkdocs.yml` ("" = none)."""
    publisher = c.Type(str, default="")
    """Who publishes the site (a school, a department), if not the site itself."""


def _with_articles(nav: list[Any], result: BuildResult) -> list[Any]:
    """Put the articles under the nav entry that points to `articles/index.md`."""
    entries = [INDEX_URI] + [{template_text(a.title): article_uri(a.slug)} for a in result.articles]
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if value == INDEX_URI:
                item = {title: entries}
            elif isinstance(value, list):
                item = {title: _with_articles(value, result)}
        out.append(item)
    return out


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    """Feed the pages made by [build_pages][explainer.pages.build_pages] to MkDocs."""

    result: BuildResult | None = None
    folder: PageFolder | None = None
    """Under dirty builds (`explainer serve`): where generated pages are kept between builds."""
    search_entries: SearchEntries | None = None
    """Under dirty builds: every page's search entries, kept between builds."""
    page_urls: tuple[str, ...] = ()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """With dirty builds (`explainer serve`), render again only the pages that changed.

        Having this hook also keeps the plugin, and what it remembers, across rebuilds.

        Args:
            command: The MkDocs command.
            dirty: Whether builds are dirty.
        """
        if dirty:
            self.folder = PageFolder()
            self.search_entries = SearchEntries()

    def on_shutdown(self) -> None:
        """Remove the generated pages' folder."""
        if self.folder is not None:
            self.folder.remove()

    def _sources(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.sources_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Pin the build date to the edition date so two builds give identical files.

        Args:
            config: The MkDocs configuration.

        Returns:
            The configuration, unchanged.
        """
        date = parse_iso_date(self.config.edition_date)
        if date is None or date.day is None:
            raise PluginError(
                f"explainer: edition_date must be a full date YYYY-MM-DD, not {self.config.edition_date!r}"
            )
        if offline_enabled(config):
            # Material's offline plugin would load the shim from unpkg.com; vendor it instead.
            if not IFRAME_WORKER.is_file():
                raise PluginError(
                    f"explainer: {IFRAME_WORKER} is missing: run `npm ci` (`make` does it)"
                )
            config.extra["polyfills"] = [IFRAME_WORKER_URI]
        stamp = dt.datetime(date.year, date.month or 1, date.day or 1, tzinfo=dt.UTC)
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(stamp.timestamp())))
        if not self.config.enabled:
            return config
        edition = Edition(
            site_name=config.site_name,
            site_url=(config.site_url or "").rstrip("/") + "/" if config.site_url else "",
            editor=config.site_author or "",
            publisher=self.config.publisher,
            version=self.config.edition,
            date=date,
            directory_urls=config.use_directory_urls,
        )
        try:
            root = Path(config.config_file_path or ".").parent
            self.result = build_pages(
                self._sources(config),
                root / self.config.data_dir,
                self.config.glossary_links,  # type: ignore[arg-type]  # checked by c.Choice
                edition,
                cache_dir=root / self.config.cache_dir if self.config.cache_dir else None,
            )
        except (SourcesError, CslError) as error:
            raise PluginError(f"explainer: {error}") from None
        if config.nav and len(self.result.articles) <= self.config.nav_limit:
            config.nav = _with_articles(config.nav, self.result)
        return config

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Generate the article pages and add them as virtual files.

        Args:
            files: The files MkDocs found in `docs/`.
            config: The MkDocs configuration.

        Returns:
            The files, with the generated pages added.
        """
        if not self.config.enabled or self.result is None:
            return files
        for diagnostic in self.result.diagnostics:
            # Warnings and errors fail `mkdocs build --strict`; `info` (what the parser did)
            # never does. Errors are logged as warnings: the build goes on without that part.
            (log.info if diagnostic.severity == "info" else log.warning)(str(diagnostic))
        for uri in self.result.pages:
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"docs/{uri} clashes with a generated page; remove it from docs/")
        generated = dict(sorted({**self.result.pages, **self.result.files}.items()))
        if self.folder is None:
            for uri, content in generated.items():
                files.append(File.generated(config, uri, content=content))
        else:
            self._add_changed(files, generated, config)
        if offline_enabled(config):
            files.append(File.generated(config, IFRAME_WORKER_URI, abs_src_path=str(IFRAME_WORKER)))
        self.page_urls = tuple(file.url for file in files.documentation_pages())
        return files

    def _add_changed(self, files: Files, generated: dict[str, str], config: MkDocsConfig) -> None:
        """Dirty builds: add the generated files from the page folder, where only changed ones
        were rewritten, so MkDocs renders only those; and remove the output of hand-written
        pages that show what the generator found (of all pages, if the site's layout changed),
        so MkDocs renders them again too."""
        assert self.folder is not None
        docs = list(files.documentation_pages())
        paths, everything = self.folder.write(generated, (list(generated), repr(config.nav)))
        for uri, path in paths.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        for file in docs:
            shows_results = HOME_MARKER in file.content_string or EVAL_MARKER in file.content_string
            if everything or shows_results:
                Path(file.abs_dest_path).unlink(missing_ok=True)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Fill the article list into hand-written pages that ask for it; attach citation metadata.

        Args:
            markdown: The page's Markdown.
            page: The page.
            config: The MkDocs configuration.
            files: All files.

        Returns:
            The Markdown with the list filled in.
        """
        if self.result is None:
            return markdown
        head = self.result.heads.get(page.file.src_uri)
        if head:
            page.meta["explainer_head"] = head
        data_dir = Path(config.config_file_path or ".").parent / self.config.data_dir
        return fill_eval(fill_home(markdown, self.result, page.file.src_uri), data_dir)

    @event_priority(-50)  # after the search plugin has indexed the page
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Dirty builds: keep the search entries of each page rendered.

        Args:
            context: The template context.
            page: The page.
            config: The MkDocs configuration.
            nav: The navigation.

        Returns:
            The context, unchanged.
        """
        if self.search_entries is None:
            return context
        index = getattr(config.plugins.get("material/search"), "search_index", None)
        if index is not None:
            self.search_entries.take_latest(page.url, index.entries)
        return context

    @event_priority(-100)  # after the search plugin has written search_index.json
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write `search/search_index.js`, which Material loads instead of the JSON from file://.

        Without it, a page opened from a folder stops running Material's scripts (tabs,
        remembered choices, footnote tooltips) when the search index fails to load. Under
        dirty builds, the index is first written again with every page's entries.

        Args:
            config: The MkDocs configuration.
        """
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file() and self.search_entries is not None:
            written = index.read_text(encoding="utf-8")
            merged = self.search_entries.index_json(written, self.page_urls)
            index.write_text(merged, encoding="utf-8")
        if index.is_file():
            index.with_suffix(".js").write_text(
                "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8"
            )

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        """Rebuild when a source text or sidecar changes.

        Args:
            server: The live-reload server.
            config: The MkDocs configuration.
            builder: The rebuild callback.

        Returns:
            The server.
        """
        server.watch(str(self._sources(config)))
        data_dir = Path(config.config_file_path or ".").parent / self.config.data_dir
        if data_dir.is_dir():
            server.watch(str(data_dir))
        return server
