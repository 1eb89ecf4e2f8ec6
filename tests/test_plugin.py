"""The plugin's options and what it registers (issue 18: "a plugin any Material site can add").

Each test reads a real `MkDocsConfig` with `load_dict` + `validate()`, as MkDocs does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config.defaults import MkDocsConfig

from explainer.mkdocs_plugin import MARKDOWN_EXTENSIONS, SCRIPTS, STYLESHEETS, THEME_DIR


def load(folder: Path, options: dict[str, Any] | None = None, **site: Any) -> MkDocsConfig:
    """The validated configuration of a site in `folder` (docs/ and sources/ are created)."""
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    config = MkDocsConfig(config_file_path=str(folder / "mkdocs.yml"))
    config.load_dict(
        {
            "site_name": "Test",
            "theme": {"name": "material"},
            "plugins": [{"explainer": options or {}}],
            **site,  # may replace the plugins
        }
    )
    errors, _ = config.validate()
    if errors:
        raise ValueError("; ".join(f"{key}: {error}" for key, error in errors))
    return config


def options(config: MkDocsConfig) -> Any:
    return config.plugins["explainer"].config


@pytest.fixture(autouse=True)
def build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """`on_config` sets SOURCE_DATE_EPOCH; keep it to the test."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")


# Options ----------------------------------------------------------------------------------


def test_defaults_are_resolved_against_mkdocs_yml(tmp_path: Path) -> None:
    found = options(load(tmp_path))
    assert found.enabled is True
    assert found.sources_dir == str(tmp_path / "sources")
    assert found.data_dir == str(tmp_path / "data")
    assert found.cache_dir == str(tmp_path / ".cache" / "explainer")
    assert found.edition_date == dt.date(2026, 1, 1)
    assert (found.glossary_links, found.nav_limit, found.edition, found.publisher) == ("section", 20, "", "")
    assert found.iframe_worker == str(tmp_path / "node_modules" / "iframe-worker" / "shim" / "index.js")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-23", dt.date(2026, 11, 23)),  # quoted in mkdocs.yml
        (dt.date(2026, 11, 23), dt.date(2026, 11, 23)),  # unquoted: YAML reads a date
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_edition_date_accepts_a_full_date(tmp_path: Path, value: object, expected: dt.date) -> None:
    assert options(load(tmp_path, {"edition_date": value})).edition_date == expected


@pytest.mark.parametrize(
    "value",
    ["2026", "2026-11", "2026-02-30", "23/11/2026", "20261123", "2026-W47-1", 2026, dt.datetime(2026, 11, 23, 12, 0)],
)
def test_edition_date_refuses_anything_else(tmp_path: Path, value: object) -> None:
    with pytest.raises(ValueError, match="option 'edition_date': must be a full date YYYY-MM-DD"):
        load(tmp_path, {"edition_date": value})


def test_a_missing_sources_folder_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="option 'sources_dir': The path .*no-such-folder' isn't an existing directory"):
        load(tmp_path, {"sources_dir": "no-such-folder"})


def test_an_empty_cache_dir_turns_the_cache_off(tmp_path: Path) -> None:
    assert options(load(tmp_path, {"cache_dir": ""})).cache_dir == ""


def test_glossary_links_is_a_choice(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="glossary_links"):
        load(tmp_path, {"glossary_links": "every"})


# What the plugin registers ---------------------------------------------------------------


def configured(folder: Path, **site: Any) -> MkDocsConfig:
    config = load(folder, **site)
    return config.plugins.on_config(config)


def test_a_stock_site_gets_extensions_assets_and_templates(tmp_path: Path) -> None:
    config = configured(tmp_path)
    assert [name for name in config.markdown_extensions if name in MARKDOWN_EXTENSIONS] == list(MARKDOWN_EXTENSIONS)
    assert config.extra_css == list(STYLESHEETS)
    assert config.extra_javascript == list(SCRIPTS)
    assert config.theme.dirs[0] == str(THEME_DIR)
    assert (THEME_DIR / "main.html").is_file() and (THEME_DIR / "explainer" / "base.html").is_file()
    assert all((THEME_DIR / path).is_file() for path in (*STYLESHEETS, *SCRIPTS))


def test_the_sites_own_settings_come_after_and_are_kept(tmp_path: Path) -> None:
    (tmp_path / "overrides").mkdir()
    config = configured(
        tmp_path,
        theme={"name": "material", "custom_dir": "overrides"},
        markdown_extensions=[{"footnotes": {"BACKLINK_TEXT": "^"}}, "explainer.markdown_ext"],
        extra_css=["extra.css", "assets/stylesheets/cite.css"],
        extra_javascript=["extra.js"],
    )
    assert config.markdown_extensions.count("footnotes") == 1
    assert config.markdown_extensions.count("explainer.markdown_ext") == 1
    assert config.mdx_configs["footnotes"] == {"BACKLINK_TEXT": "^"}
    # The plugin's styles first, so the site's own win; none twice.
    assert config.extra_css == [
        "assets/stylesheets/explainer.css",
        "assets/stylesheets/glossary.css",
        "assets/stylesheets/notes.css",
        "extra.css",
        "assets/stylesheets/cite.css",
    ]
    assert [str(s) for s in config.extra_javascript] == [*SCRIPTS, "extra.js"]
    # The site's templates first, then the plugin's, then Material's.
    assert config.theme.dirs[:2] == [str(tmp_path / "overrides"), str(THEME_DIR)]


def test_on_config_twice_adds_nothing_twice(tmp_path: Path) -> None:
    config = configured(tmp_path)
    again = config.plugins.on_config(config)
    assert again.theme.dirs.count(str(THEME_DIR)) == 1
    assert again.extra_css == list(STYLESHEETS)
    assert [n for n in again.markdown_extensions if n == "explainer.markdown_ext"] == ["explainer.markdown_ext"]


def test_a_disabled_plugin_adds_nothing(tmp_path: Path) -> None:
    config = load(tmp_path, {"enabled": False})
    config = config.plugins.on_config(config)
    assert str(THEME_DIR) not in config.theme.dirs
    assert config.extra_css == [] and "explainer.markdown_ext" not in config.markdown_extensions


def test_citations_keep_the_published_addresses_in_an_offline_build(tmp_path: Path) -> None:
    """Material's offline plugin turns directory URLs off; the edition is read before."""
    shim = tmp_path / "shim.js"
    shim.write_text("// shim\n", encoding="utf-8")
    config = load(
        tmp_path,
        site_url="https://example.org/site/",
        plugins=[{"offline": {"enabled": True}}, {"explainer": {"iframe_worker": "shim.js"}}],
    )
    config = config.plugins.on_config(config)
    assert config.use_directory_urls is False
    edition = config.plugins["explainer"].edition
    assert edition.directory_urls is True and edition.site_url == "https://example.org/site/"
    assert config.extra["polyfills"] == ["assets/javascripts/iframe-worker-shim.js"]
