"""The options of the `explainer` MkDocs plugin, declared with MkDocs' own option types.

MkDocs validates them when it reads `mkdocs.yml`, before any build: folders are resolved
against the folder of `mkdocs.yml` (MkDocs' `Dir` and `File`), the edition
date is a real, full date ([EditionDate][explainer.plugin_config.EditionDate], after
Material's blog `PostDate`), and a wrong value is a configuration error naming the option.
"""

from __future__ import annotations

import datetime as dt
import re

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class EditionDate(c.OptionallyRequired[dt.date]):
    """A full calendar date, written `2026-11-23` (YAML reads it as a date) or `"2026-11-23"`.

    Like Material's blog `PostDate`, it accepts what YAML gives and normalizes it, here to a
    `datetime.date`; a partial date (`"2026"`), a date with a time or an impossible date
    is refused.
    """

    def run_validation(self, value: object) -> dt.date:
        """The date the value names.

        Args:
            value: The value from `mkdocs.yml`.

        Returns:
            The date.

        Raises:
            ValidationError: The value is not a full date.
        """
        if isinstance(value, dt.datetime):
            raise ValidationError(f"must be a full date YYYY-MM-DD without a time, not {value}")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and _FULL_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:  # 2026-02-30
                pass
        raise ValidationError(f"must be a full date YYYY-MM-DD, not {value!r}")


class CacheDir(c.Dir):
    """A folder resolved like MkDocs' `Dir`, or `""` for none."""

    def run_validation(self, value: object) -> str:
        """The folder's absolute path, or `""`.

        Args:
            value: The value from `mkdocs.yml`.

        Returns:
            The absolute path, or `""` (no cache).
        """
        return "" if value == "" else super().run_validation(value)


class ExplainerConfig(Config):
    """Options of the `explainer` plugin. Paths are relative to `mkdocs.yml`."""

    enabled = c.Type(bool, default=True)
    """Turn the generator off without removing the plugin."""

    sources_dir = c.Dir(exists=True, default="sources")
    """Folder of `<slug>.txt` / `<slug>.md` articles and `<slug>.yml` sidecars."""
    data_dir = c.Dir(exists=False, default="data")
    """Folder of team-written data (`glossary.yml`, `entities.yml`, `eval.json`); optional."""
    cache_dir = CacheDir(exists=False, default=".cache/explainer")
    """Where formatted citations and parsed articles are kept between builds (`""` = none)."""

    glossary_links = c.Choice(("section", "article", "all"), default="section")
    """Which uses of a glossary term become links: first per section, first per article, all."""
    nav_limit = c.Type(int, default=20)
    """List the articles in the sidebar under the `articles/index.md` entry when there are at most
    this many; beyond that the sidebar shows only the index pages, so pages stay small."""

    edition = c.Type(str, default="")
    """Version of this edition (`1.0`), named in every citation of a page."""
    edition_date = EditionDate(default="2026-01-01")
    """Date of this edition of the site; also the build date MkDocs writes into the sitemap."""
    publisher = c.Type(str, default="")
    """Who publishes the site (a school, a department), if not the site itself."""

    iframe_worker = c.File(exists=False, default="node_modules/iframe-worker/shim/index.js")
    """The iframe-worker shim (npm package `iframe-worker`) that Material's search needs from
    `file://`; copied into the site when Material's offline plugin is on."""
