"""The plugin from the installed wheel on a site of its own (issue 18: "a plugin any Material
site can add").

`examples/minimal/` is a stock Material site: no `custom_dir`, no `markdown_extensions`, no
`extra_css`, and three lines for the plugin. These tests build a wheel of the project, install
it alone into a fresh virtual environment and build the example with that environment's
MkDocs, so they see only what the wheel ships (templates, stylesheets, scripts) and what the
plugin registers itself.

The fresh environment finds the dependencies (MkDocs, Material…) in this project's `.venv`
through a `.pth` file: `python -m venv --system-site-packages` would expose the base
interpreter's packages, not the `.venv`'s. The `.venv`'s own `.pth` files are not read, so its
editable install of `explainer` stays out of the way (a test checks that the wheel's copy is
the one imported). citeproc-js is found in the project's `node_modules` (`NODE_PATH`), so
nothing is downloaded.

Without a wheel (no network for the build backend, no `python -m venv`) the tests skip, and
fail under `CI=true`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "minimal"
THEME = ROOT / "scripts" / "explainer" / "theme"
ASSETS = (
    "assets/stylesheets/explainer.css",
    "assets/stylesheets/glossary.css",
    "assets/stylesheets/cite.css",
    "assets/stylesheets/notes.css",
    "assets/javascripts/glossary.js",
    "assets/javascripts/notes.js",
    "assets/javascripts/cite.js",
)


def _unavailable(message: str) -> None:
    """Skip, or fail under CI, where the example must be built."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(message)
    pytest.skip(message)


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, timeout=600, **kwargs)  # type: ignore[call-overload,no-any-return]


@dataclass(frozen=True)
class Installed:
    """A virtual environment holding the project's wheel and nothing else."""

    python: Path
    site_packages: Path
    user_cache: Path
    """The user's cache folder (the caches' signing key), outside every site."""

    def build(self, site: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
        """Build the site in folder `site` (its `mkdocs.yml`) into `site/site`."""
        args = [str(self.python), "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml")]
        args += ["-d", str(site / "site")] + (["--strict"] if strict else [])
        env = {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "NODE_PATH": str(ROOT / "node_modules"),
            "XDG_CACHE_HOME": str(self.user_cache),
        }
        env.pop("PYTHONPATH", None)
        return _run(args, cwd=site, env=env)


def _wheel(work: Path) -> Path:
    """A wheel built from a copy of the project's package (the checkout gets no `build/`)."""
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(ROOT / "scripts", source / "scripts", ignore=ignore)
    dist = work / "dist"
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)])
    wheels = sorted(dist.glob("explainer-*.whl"))
    if done.returncode != 0 or len(wheels) != 1:
        _unavailable(f"the wheel could not be built: {(done.stderr or done.stdout).strip()[-800:]}")
    return wheels[0]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    work = tmp_path_factory.mktemp("example-wheel")
    wheel = _wheel(work)
    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    if made.returncode != 0:
        _unavailable(f"python -m venv failed: {made.stderr.strip()[-800:]}")
    python = venv / "bin" / "python"
    found = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    site_packages = Path(found.stdout.strip())
    (site_packages / "explainer-test-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps"]
    done = _run([*pip, "--no-index", str(wheel)])
    assert done.returncode == 0, done.stderr
    yield Installed(python, site_packages, work / "user-cache")


@pytest.fixture(scope="module")
def example(installed: Installed, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once with the installed wheel."""
    site = tmp_path_factory.mktemp("example") / "minimal"
    shutil.copytree(EXAMPLE, site)
    done = installed.build(site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return site / "site"


def test_the_example_is_three_lines_of_plugin() -> None:
    config = (EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    for missing in ("custom_dir", "markdown_extensions", "extra_css", "extra_javascript"):
        assert missing not in config
    assert "  - explainer:\n" in config
    assert sorted(p.name for p in (EXAMPLE / "sources").iterdir()) == ["one-article.txt"]


def test_the_wheel_is_what_runs(installed: Installed) -> None:
    done = _run([str(installed.python), "-c", "import explainer; print(explainer.__file__)"])
    assert Path(done.stdout.strip()).is_relative_to(installed.site_packages), done.stdout
    theme = installed.site_packages / "explainer" / "theme"
    shipped = sorted(p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file())
    assert shipped == sorted([*ASSETS, "main.html", "explainer/base.html"])


def test_the_article_page_is_built(example: Path) -> None:
    page = (example / "articles" / "one-article" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "Harbourton Needs a Night Bus" in page
    assert 'id="p-1"' in page and 'id="p-4"' in page
    # The home page lists it (the plugin fills the marker of docs/index.md).
    home = (example / "index.html").read_text(encoding="utf-8")
    assert 'href="articles/one-article/"' in home


def test_the_cite_box_and_its_metadata(example: Path) -> None:
    page = (example / "articles" / "one-article" / "index.html").read_text(encoding="utf-8")
    assert 'id="cite"' in page and "data-ex-cite" in page
    assert "Minimal explainer" in page and "Version 1" in page
    # The <head> blocks of the package's explainer/base.html: the citation metadata.
    head = page.split("</head>", 1)[0]
    assert '<meta name="DC.title" content="Harbourton Needs a Night Bus">' in head
    assert '<meta name="citation_author" content="Marta Quell">' in head
    assert (example / "cite" / "one-article.bib").is_file()


def test_the_footnote_keeps_its_label(example: Path) -> None:
    page = (example / "articles" / "one-article" / "index.html").read_text(encoding="utf-8")
    assert '<sup id="fnref:i"><a aria-label="Note i" class="footnote-ref" href="#fn:i">i</a></sup>' in page
    assert 'id="fn:i"' in page and "Late Shifts and Empty Stops" in page


def test_a_site_without_a_glossary(example: Path) -> None:
    page = (example / "articles" / "one-article" / "index.html").read_text(encoding="utf-8")
    assert "ex-term" not in page
    glossary = (example / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "No terms yet" in glossary


@pytest.mark.parametrize("asset", ASSETS)
def test_the_assets_are_copied_and_loaded(example: Path, asset: str) -> None:
    assert (example / asset).read_bytes() == (THEME / asset).read_bytes()
    page = (example / "articles" / "one-article" / "index.html").read_text(encoding="utf-8")
    if asset.endswith(".css"):
        assert f'<link rel="stylesheet" href="../../{asset}">' in page
    else:
        assert f'<script src="../../{asset}"></script>' in page


def test_the_sites_own_overrides_win(installed: Installed, tmp_path: Path) -> None:
    """A site's `custom_dir` replaces the plugin's files, and its `main.html` can keep the
    plugin's blocks by extending `explainer/base.html`."""
    site = tmp_path / "minimal"
    shutil.copytree(EXAMPLE, site)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
        encoding="utf-8",
    )
    overrides = site / "overrides"
    (overrides / "assets" / "stylesheets").mkdir(parents=True)
    (overrides / "assets" / "stylesheets" / "cite.css").write_text("/* the site's own */\n", encoding="utf-8")
    (overrides / "main.html").write_text(
        '{% extends "explainer/base.html" %}\n'
        "{% block announce %}The site's own announcement{% endblock %}\n",
        encoding="utf-8",
    )
    done = installed.build(site)
    assert done.returncode == 0, done.stdout + done.stderr
    built = site / "site"
    assert (built / "assets" / "stylesheets" / "cite.css").read_text(encoding="utf-8") == "/* the site's own */\n"
    assert (built / "assets" / "stylesheets" / "notes.css").read_bytes() == (THEME / "assets" / "stylesheets" / "notes.css").read_bytes()
    page = (built / "articles" / "one-article" / "index.html").read_text(encoding="utf-8")
    assert "The site's own announcement" in page
    assert '<meta name="DC.title"' in page


def test_a_main_html_that_drops_the_plugins_blocks_is_reported(installed: Installed, tmp_path: Path) -> None:
    site = tmp_path / "minimal"
    shutil.copytree(EXAMPLE, site)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
        encoding="utf-8",
    )
    (site / "overrides").mkdir()
    (site / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    done = installed.build(site, strict=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "does not extend 'explainer/base.html'" in done.stderr
