"""The MkDocs adapter: generated pages in, warnings out. No build logic lives here.

Any Material for MkDocs site can add it with three lines of `mkdocs.yml`:

```yaml
plugins:
  - explainer:
      sources_dir: sources
```

The plugin brings what the pages need: its Markdown extensions, its stylesheets and scripts
(through `extra_css` and `extra_javascript`) and its template blocks (the `theme/` folder of
the package, put on the theme's search path behind the site's own `custom_dir`, so a site's
own templates and assets win). Its options are declared in
[ExplainerConfig][explainer.plugin_config.ExplainerConfig].
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from explainer.cite import Edition
from explainer.errors import CslError, SourcesError
from explainer.incremental import PageFolder, SearchEntries
from explainer.model import PartialDate
from explainer.pages import (
    EVAL_MARKER,
    HOME_MARKER,
    INDEX_URI,
    BuildResult,
    build_pages,
    fill_eval,
    fill_home,
)
from explainer.plugin_config import ExplainerConfig
from explainer.render import article_uri, template_text

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

THEME_DIR = Path(__file__).with_name("theme")
"""The plugin's templates and assets, shipped in the package."""
STYLESHEETS = tuple(
    f"assets/stylesheets/{name}.css" for name in ("explainer", "glossary", "cite", "notes")
)
"""The plugin's stylesheets, in `THEME_DIR`, in the order the pages load them."""
SCRIPTS = tuple(f"assets/javascripts/{name}.js" for name in ("glossary", "notes", "cite"))
"""The plugin's scripts; `notes.js` before `cite.js`, which adds its button to the quote bar."""
MARKDOWN_EXTENSIONS = (
    "admonition",
    "attr_list",
    "md_in_html",
    "pymdownx.details",
    "footnotes",
    "explainer.markdown_ext",
)
"""The Markdown extensions the generated pages are written for, added when a site lacks them
(`explainer.markdown_ext` shows each footnote with its source's label)."""
BASE_TEMPLATE = "explainer/base.html"
"""The template a site's own `main.html` extends to keep the plugin's blocks."""
IFRAME_WORKER_URI = "assets/javascripts/iframe-worker-shim.js"


def offline_enabled(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on for this build."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin is not None and getattr(plugin, "config", None) and plugin.config.enabled)


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


def _add_theme(config: MkDocsConfig) -> None:
    """Put the plugin's templates on the theme's search path, behind the site's `custom_dir`.

    A site's own `main.html` replaces the plugin's; unless it extends
    [BASE_TEMPLATE][explainer.mkdocs_plugin.BASE_TEMPLATE], article pages lose their citation
    metadata, which is worth a warning.
    """
    dirs = config.theme.dirs
    if str(THEME_DIR) in dirs:
        return
    custom = config.theme.custom_dir
    dirs.insert(dirs.index(custom) + 1 if custom in dirs else 0, str(THEME_DIR))
    main = Path(custom or "", "main.html")
    if custom and main.is_file() and BASE_TEMPLATE not in main.read_text(encoding="utf-8"):
        log.warning(
            f"{main} does not extend {BASE_TEMPLATE!r}: article pages will lack their citation "
            f'metadata; write {{% extends "{BASE_TEMPLATE}" %}} instead of "base.html"'
        )


def _add_assets(config: MkDocsConfig) -> None:
    """Load the plugin's stylesheets and scripts before the site's own (once each).

    MkDocs copies them into the site from the theme folder (`_add_theme`); a file of the same
    path in `docs/` or in the site's `custom_dir` replaces the plugin's.
    """
    css = [path for path in STYLESHEETS if path not in config.extra_css]
    config.extra_css[:0] = css
    listed = {str(script) for script in config.extra_javascript}
    config.extra_javascript[:0] = [path for path in SCRIPTS if path not in listed]


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    """Feed the pages made by [build_pages][explainer.pages.build_pages] to MkDocs."""

    result: BuildResult | None = None
    edition: Edition | None = None
    """The site's edition, as `mkdocs.yml` sets it (read before other plugins change it)."""
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

    @event_priority(100)  # before Material's offline plugin turns directory URLs off
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Pin the build date to the edition date, and bring in what the pages need.

        Two builds of the same sources then give identical files. The edition is read here,
        first, so citations give the published addresses in an offline build too. The plugin
        adds its Markdown extensions, its stylesheets and scripts (before the site's own, so a
        site's styles come last and win) and its templates (behind the site's `custom_dir`).

        Args:
            config: The MkDocs configuration.

        Returns:
            The configuration.
        """
        date = self.config.edition_date
        if offline_enabled(config):
            # Material's offline plugin would load the shim from unpkg.com; vendor it instead.
            if not Path(self.config.iframe_worker).is_file():
                raise PluginError(
                    f"explainer: {self.config.iframe_worker} is missing: run `npm ci` (`make` does it)"
                )
            config.extra["polyfills"] = [IFRAME_WORKER_URI]
        stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(stamp.timestamp())))
        if self.config.enabled:
            self.edition = self._edition(config)
            _add_theme(config)
            _add_assets(config)
            for name in MARKDOWN_EXTENSIONS:
                if name not in config.markdown_extensions:
                    config.markdown_extensions.append(name)
        return config

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Generate the pages and add them as virtual files; list the articles in the nav.

        MkDocs builds the navigation from `config.nav` right after this event, so the article
        entries set here get MkDocs' own sidebar, previous/next links and breadcrumbs.

        Args:
            files: The files MkDocs found in `docs/` and the theme.
            config: The MkDocs configuration.

        Returns:
            The files, with the generated pages added.
        """
        if not self.config.enabled:
            return files
        self.result = self._build()
        if config.nav and len(self.result.articles) <= self.config.nav_limit:
            config.nav = _with_articles(config.nav, self.result)
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
            shim = self.config.iframe_worker
            files.append(File.generated(config, IFRAME_WORKER_URI, abs_src_path=shim))
        self.page_urls = tuple(file.url for file in files.documentation_pages())
        return files

    def _edition(self, config: MkDocsConfig) -> Edition:
        """The edition that citations of the pages name."""
        date = self.config.edition_date
        return Edition(
            site_name=config.site_name,
            site_url=(config.site_url or "").rstrip("/") + "/" if config.site_url else "",
            editor=config.site_author or "",
            publisher=self.config.publisher,
            version=self.config.edition,
            date=PartialDate(date.year, date.month, date.day),
            directory_urls=config.use_directory_urls,
        )

    def _build(self) -> BuildResult:
        """Run the generator on the sources."""
        try:
            return build_pages(
                Path(self.config.sources_dir),
                Path(self.config.data_dir),
                self.config.glossary_links,  # type: ignore[arg-type]  # checked by c.Choice
                self.edition,
                cache_dir=Path(self.config.cache_dir) if self.config.cache_dir else None,
            )
        except (SourcesError, CslError) as error:
            raise PluginError(f"explainer: {error}") from None

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
        return fill_eval(
            fill_home(markdown, self.result, page.file.src_uri), Path(self.config.data_dir)
        )

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
        server.watch(self.config.sources_dir)
        if Path(self.config.data_dir).is_dir():
            server.watch(self.config.data_dir)
        return server
