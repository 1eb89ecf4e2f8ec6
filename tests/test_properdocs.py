"""The site builds the same with ProperDocs as with MkDocs (issue 18).

ProperDocs (https://properdocs.org) is a fork of MkDocs 1.6 that keeps its plugins: while it
runs, every `mkdocs.*` import is served by the matching `properdocs.*` module, and it loads the
plugins registered under `mkdocs.plugins`, ours included, and reads `mkdocs.yml` when named
with `-f`. This module builds the real project with the pinned ProperDocs and with MkDocs, both
strict, and compares the two sites file by file. Only the generator's own name and version in
`<meta name="generator">` may differ (and a gzip header, which is not the sitemap in it); any
other difference is reported with a diff.

ProperDocs is pinned in the `properdocs` extra of pyproject.toml, which `make` installs into
`.venv` beside MkDocs (the two share no module: MkDocs' build is the same with or without it).
Without it, or with another version, the tests are skipped with a message saying what to
install; when the `CI` environment variable is set (`.ci/run` sets it), they fail instead.
"""

from __future__ import annotations

import difflib
import gzip
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest

from test_site import BROKEN_MARKER_LINE, BROKEN_NAME, BROKEN_SOURCE, ROOT, SLUGS, copy_project

BIN = Path(sys.executable).parent
MKDOCS = BIN / "mkdocs"
PROPERDOCS = BIN / "properdocs"
ENV = {
    **{name: value for name, value in os.environ.items() if name != "EXPLAINER_OFFLINE"},
    "NO_MKDOCS_2_WARNING": "1",
}

GENERATOR = re.compile(rb'(<meta name="generator" content=")(mkdocs-(?:ProperDocs )?[0-9][0-9.]*)')
"""The generator's own part of Material's `<meta name="generator">` (MkDocs writes
`mkdocs-1.6.1`, ProperDocs `mkdocs-ProperDocs 1.6.7`); the theme's version after it stays."""


def pinned_version() -> str:
    """The ProperDocs version that pyproject.toml's `properdocs` extra pins with `==`."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirement: str
    for requirement in project["optional-dependencies"]["properdocs"]:
        name, _, version = requirement.partition("==")
        if name.strip().lower() == "properdocs" and version:
            return version.strip()
    raise AssertionError("pyproject.toml: the properdocs extra has no `properdocs==…` pin")


def properdocs_problem() -> str | None:
    """Why the pinned ProperDocs cannot run here, or `None` when it can."""
    pin = pinned_version()
    install = "`make test` installs it into .venv (pip install -e '.[test,properdocs]')"
    try:
        installed = metadata.version("properdocs")
    except metadata.PackageNotFoundError:
        return f"ProperDocs {pin} is not installed in {sys.prefix}: {install}"
    if installed != pin:
        return f"ProperDocs {installed} is installed but pyproject.toml pins {pin}: {install}"
    if not PROPERDOCS.is_file():
        return f"ProperDocs is installed but {PROPERDOCS} is missing: {install}"
    return None


@pytest.fixture(scope="module", autouse=True)
def properdocs_available() -> None:
    """Skip without the pinned ProperDocs; fail instead under CI."""
    problem = properdocs_problem()
    if problem and os.environ.get("CI"):
        pytest.fail(f"CI is set but the ProperDocs build cannot run: {problem}")
    if problem:
        pytest.skip(f"ProperDocs build skipped: {problem}")


@dataclass(frozen=True)
class Build:
    site: Path
    result: subprocess.CompletedProcess[str]


def build_all(builds: dict[str, tuple[Path, Path, Path]]) -> dict[str, Build]:
    """Run `<generator> build --strict` for each (executable, project, site), side by side."""
    running = {
        name: (
            site,
            subprocess.Popen(
                [str(program), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
                cwd=project,
                env=ENV,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for name, (program, project, site) in builds.items()
    }
    done: dict[str, Build] = {}
    for name, (site, process) in running.items():
        stdout, stderr = process.communicate(timeout=600)
        args = process.args
        result = subprocess.CompletedProcess(args, process.returncode, stdout, stderr)
        done[name] = Build(site, result)
    return done


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    """The real project built by MkDocs and by ProperDocs (each from its own copy, so neither
    reuses the other's citation cache), and a copy with a broken note marker by ProperDocs."""
    root = tmp_path_factory.mktemp("properdocs")
    mkdocs = copy_project(root / "mkdocs")
    properdocs = copy_project(root / "properdocs")
    broken = copy_project(root / "broken")
    (broken / "sources" / BROKEN_NAME).write_text(BROKEN_SOURCE, encoding="utf-8")
    return build_all(
        {
            "mkdocs": (MKDOCS, mkdocs, mkdocs / "site"),
            "properdocs": (PROPERDOCS, properdocs, properdocs / "site"),
            "broken": (PROPERDOCS, broken, broken / "site"),
        }
    )


def files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def normalised(name: str, data: bytes) -> bytes:
    """A built file with only the generator's own traces taken out."""
    if name.endswith(".gz"):
        return gzip.decompress(data)  # the header holds a time and a name, not the sitemap
    if name.endswith(".html"):
        return GENERATOR.sub(rb"\1GENERATOR", data, count=1)
    return data


def difference(name: str, ours: bytes, theirs: bytes) -> str:
    """What differs in one file: the first lines of a unified diff, or the sizes if binary."""
    try:
        a, b = ours.decode("utf-8"), theirs.decode("utf-8")
    except UnicodeDecodeError:
        return f"{name}: differs ({len(ours)} bytes with MkDocs, {len(theirs)} with ProperDocs)"
    diff = difflib.unified_diff(
        a.splitlines(), b.splitlines(), f"mkdocs/{name}", f"properdocs/{name}", lineterm="", n=1
    )
    lines = list(diff)
    more = f"\n… {len(lines) - 30} more diff lines" if len(lines) > 30 else ""
    return "\n".join(lines[:30]) + more


def test_properdocs_builds_the_site_strictly(builds: dict[str, Build]) -> None:
    for name in ("mkdocs", "properdocs"):
        result = builds[name].result
        assert result.returncode == 0, f"{name} build failed:\n{result.stderr}"
        assert "WARNING" not in result.stderr, result.stderr
    site = builds["properdocs"].site
    for slug in SLUGS:  # the plugin ran: its generated pages are there
        assert (site / "articles" / slug / "index.html").is_file(), slug
    assert (site / "search" / "search_index.js").is_file()  # its on_post_build ran too


def test_every_page_names_its_generator(builds: dict[str, Build]) -> None:
    """The normalisation below hides exactly one thing per page, and it is really there:
    ProperDocs built one site and MkDocs the other."""
    expected = {"mkdocs": rb"mkdocs-[0-9]", "properdocs": rb"mkdocs-ProperDocs [0-9]"}
    for name, pattern in expected.items():
        pages = {n: p for n, p in files(builds[name].site).items() if n.endswith(".html")}
        assert len(pages) > len(SLUGS)
        for page, path in pages.items():
            found = GENERATOR.findall(path.read_bytes())
            assert len(found) == 1, f"{name}/{page}: {len(found)} generator tags"
            assert re.fullmatch(pattern + rb"[0-9.]*", found[0][1]), (name, page, found[0][1])


def test_properdocs_site_matches_the_mkdocs_site(builds: dict[str, Build]) -> None:
    """Page by page, every built file is the same, but for the generator's name and version."""
    ours, theirs = files(builds["mkdocs"].site), files(builds["properdocs"].site)
    problems = [f"only built by MkDocs: {name}" for name in sorted(ours.keys() - theirs.keys())]
    problems += [
        f"only built by ProperDocs: {name}" for name in sorted(theirs.keys() - ours.keys())
    ]
    for name in sorted(ours.keys() & theirs.keys()):
        a, b = ours[name].read_bytes(), theirs[name].read_bytes()
        if a != b and normalised(name, a) != normalised(name, b):
            problems.append(difference(name, normalised(name, a), normalised(name, b)))
    assert not problems, f"{len(problems)} difference(s):\n\n" + "\n\n".join(problems)


def test_plugin_warnings_fail_a_strict_properdocs_build(builds: dict[str, Build]) -> None:
    """Our diagnostics reach ProperDocs' warning counter, as they do MkDocs'."""
    result = builds["broken"].result
    assert result.returncode != 0
    assert f"{BROKEN_NAME}:{BROKEN_MARKER_LINE}:" in result.stderr, result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
