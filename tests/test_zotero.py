"""Zotero's own Embedded Metadata translator, run on the built article pages.

`tests/zotero/` holds Zotero's translation framework as zotero/translation-server runs it,
with the translators that server tries on any address of this site (Embedded Metadata among
them), copied unchanged at pinned commits (`tests/zotero/README.md`, `MANIFEST.tsv`);
`make test` installs the npm packages it runs on. The project is built once with one more
article that names no author, and every article page is saved as the server saves the page
at its permalink. The saved item is then compared, field by field, with what the page is: a
web page by the text's author (no one, for a text without one), titled as the text, on the
website that `og:site_name` names, with the page's description as its abstract, the edition's
date, the permalink and the site's language.

Without Node.js 20.19+ or the harness's npm packages the tests that run it are skipped with a
message saying what to install; when the `CI` environment variable is set a missing harness is
a failure, since `make test` (which `.ci/run` runs) installs it. The check that the vendored
files are the pinned ones needs neither and always runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser_helpers import build_site, copy_project
from explainer.model import Article
from explainer.pages import load_article

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "tests" / "zotero"
SCRIPT = HARNESS / "translate-pages.js"
NODE_MODULES = HARNESS / "node_modules"
NODE_MIN = (20, 19)  # the jsdom that translation-server pins needs ^20.19 || ^22.13 || >=24
INSTALL = "run `make tests/zotero/node_modules/.package-lock.json` (npm ci in tests/zotero)"

MKDOCS = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def _setting(pattern: str) -> str:
    match = re.search(pattern, MKDOCS, re.MULTILINE)
    assert match, f"mkdocs.yml has no {pattern}"
    return match.group(1)


SITE_URL = _setting(r"^site_url:\s*(\S+)\s*$")
SITE_NAME = _setting(r"^site_name:\s*(.+?)\s*$")
EDITION_DATE = _setting(r"^\s+edition_date:\s*\"?(\d{4}-\d{2}-\d{2})\"?\s*$")
SITE_LANGUAGE = _setting(r"^\s+language:\s*(\S+)\s*$")

AUTHORLESS_SLUG = "harbour-tide-survey"
AUTHORLESS_SOURCE = "\n\n".join(
    [
        "Harbours & Tides: A “Short” Survey",
        "Tide tables for small harbours are often copied from the nearest large port, and the"
        " copy can be wrong by an hour or more.",
        "A survey of twelve harbours along one coast compared the printed times with readings"
        " taken over a month. Most of the errors came from shallow entrances, where the water"
        " arrives late and leaves early.",
        "Harbour masters can correct their tables with a month of readings and a simple"
        " offset, and they should publish the offset with the table.",
    ]
)
AUTHORLESS_SIDECAR = (
    "# Invented for tests/test_zotero.py: a dated text that names no author.\n"
    "date: 2019-05\n"
    'provenance: "Written for the explainer tests."\n'
    'licence: "Written for the explainer tests."\n'
)

SLUGS = sorted([path.stem for path in (ROOT / "sources").glob("*.txt")] + [AUTHORLESS_SLUG])

# Fields of a saved `webpage` item that these pages give Zotero (and `shortTitle`, which Zotero
# adds when a colon or an inner question mark shortens the title: `short_title`); `key` and
# `version` are the API's bookkeeping.
FIELDS = {
    "itemType",
    "title",
    "creators",
    "tags",
    "websiteTitle",
    "abstractNote",
    "date",
    "url",
    "language",
    "accessDate",
}


# Harness ---------------------------------------------------------------------------------


def _harness_problem() -> str | None:
    """What is missing for the harness to run, or None."""
    node = shutil.which("node")
    if node is None:
        return f"no `node` on PATH: install Node.js {NODE_MIN[0]}.{NODE_MIN[1]}+ (package nodejs)"
    version = subprocess.run(
        [node, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    found = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    if found < NODE_MIN:
        return f"Node.js {version} is too old: install Node.js {NODE_MIN[0]}.{NODE_MIN[1]}+"
    if not (NODE_MODULES / ".package-lock.json").is_file():
        return f"the harness's npm packages are not installed: {INSTALL}"
    return None


@pytest.fixture(scope="module")
def node() -> str:
    """The `node` that runs the harness: without it (or its packages) the tests that need it
    are skipped, saying what to install, or fail when `CI` is set."""
    problem = _harness_problem()
    if problem and os.environ.get("CI"):
        pytest.fail(f"CI is set but the Zotero harness cannot run: {problem}")
    if problem:
        pytest.skip(f"Zotero translator test skipped: {problem}")
    path = shutil.which("node")
    assert path is not None
    return path


def manifest() -> list[tuple[str, str, str, str, str]]:
    """Rows of tests/zotero/MANIFEST.tsv: path, repository, commit, upstream path, sha256."""
    rows = []
    for line in (HARNESS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            path, repository, commit, upstream, digest = line.split("\t")
            rows.append((path, repository, commit, upstream, digest))
    return rows


def test_the_vendored_zotero_files_are_the_pinned_ones() -> None:
    """Every file of Zotero's under tests/zotero/ is the one its manifest pins, and the
    manifest lists every file there (so nothing was edited, added or left out)."""
    rows = manifest()
    changed = [
        path
        for path, _, _, _, digest in rows
        if hashlib.sha256((HARNESS / path).read_bytes()).hexdigest() != digest
    ]
    assert changed == []
    listed = {path for path, *_ in rows}
    vendored = {
        p.relative_to(HARNESS).as_posix()
        for p in (HARNESS / "translation-server").rglob("*")
        if p.is_file()
    }
    assert vendored <= listed
    assert "translation-server/modules/translators/Embedded Metadata.js" in listed


# Build and translation -------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """One article page and what the harness saved of it."""

    slug: str
    page: BeautifulSoup
    article: Article
    translators: list[str]
    translator: str | None
    errors: list[str]
    items: list[dict[str, object]]

    @property
    def item(self) -> dict[str, object]:
        assert len(self.items) == 1, self.items
        return self.items[0]

    def meta(self, attribute: str, name: str) -> str:
        tag = self.page.find("meta", attrs={attribute: name})
        assert tag is not None, f"{self.slug}: no <meta {attribute}={name!r}>"
        return str(tag["content"])


def permalink(slug: str) -> str:
    return f"{SITE_URL}articles/{slug}/"


def short_title(title: str) -> str | None:
    """The short title Zotero's framework adds to an item (translate.js, `itemDone`): the
    title before its first colon, and of that, up to a question mark that does not end it;
    None when neither shortens it."""
    short = title.split(":", 1)[0]
    mark = short.find("?")
    if 0 <= mark < len(short) - 1:
        short = short[: mark + 1]
    return short if short != title else None


@pytest.fixture(scope="module")
def saved(node: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Saved]:
    """The project with the authorless article, built once; every article page saved once."""
    project = copy_project(tmp_path_factory.mktemp("zotero") / "project")
    sources = project / "sources"
    (sources / f"{AUTHORLESS_SLUG}.txt").write_text(AUTHORLESS_SOURCE, encoding="utf-8")
    (sources / f"{AUTHORLESS_SLUG}.yml").write_text(AUTHORLESS_SIDECAR, encoding="utf-8")
    site = build_site(project, project / "site")
    pages = {slug: site / "articles" / slug / "index.html" for slug in SLUGS}
    args = [str(x) for slug in SLUGS for x in (permalink(slug), pages[slug])]
    result = subprocess.run(
        [node, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={k: v for k, v in os.environ.items() if k != "DEBUG_LEVEL"},
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    return {
        slug: Saved(
            slug=slug,
            page=BeautifulSoup(pages[slug].read_text(encoding="utf-8"), "html.parser"),
            article=load_article(sources / f"{slug}.txt"),
            **answers[permalink(slug)],
        )
        for slug in SLUGS
    }


# Which translator --------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_embedded_metadata_saves_the_page(saved: dict[str, Saved], slug: str) -> None:
    """Of the translators the server tries on this address, only Embedded Metadata detects
    the page, and it saves exactly one item without error."""
    s = saved[slug]
    assert s.translators == ["Embedded Metadata"]
    assert s.translator == "Embedded Metadata"
    assert s.errors == []
    assert len(s.items) == 1


@pytest.mark.parametrize("slug", SLUGS)
def test_the_item_has_the_fields_the_page_gives(saved: dict[str, Saved], slug: str) -> None:
    s = saved[slug]
    short = {"shortTitle"} if short_title(s.article.title) else set()
    assert set(s.item) - {"key", "version"} == FIELDS | short


# Field by field ----------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_item_type_is_webpage(saved: dict[str, Saved], slug: str) -> None:
    assert saved[slug].item["itemType"] == "webpage"


@pytest.mark.parametrize("slug", SLUGS)
def test_title_is_the_texts(saved: dict[str, Saved], slug: str) -> None:
    s = saved[slug]
    assert s.item["title"] == s.article.title
    assert s.item.get("shortTitle") == short_title(s.article.title)
    if slug == AUTHORLESS_SLUG:
        assert s.item["title"] == "Harbours & Tides: A “Short” Survey"
        assert s.item["shortTitle"] == "Harbours & Tides"


def _authors(slug: str) -> tuple[str, ...]:
    """The authors of a source of the project (the added article has none)."""
    if slug == AUTHORLESS_SLUG:
        return ()
    return load_article(ROOT / "sources" / f"{slug}.txt").authors




def _creators_params() -> list[object]:
    return [pytest.param(slug) for slug in SLUGS]


@pytest.mark.parametrize("slug", _creators_params())
def test_creators_are_the_texts_authors(saved: dict[str, Saved], slug: str) -> None:
    """Each author of the text is a person author, given names first (the sources' names are
    all `Given Family`); a text without an author gives no creator at all, and the site's
    team is never made into a person."""
    s = saved[slug]
    expected = []
    for name in s.article.authors:
        given, family = name.rsplit(" ", 1)
        expected.append({"firstName": given, "lastName": family, "creatorType": "author"})
    assert s.item["creators"] == expected


@pytest.mark.parametrize("slug", SLUGS)
def test_website_title_is_the_site_name(saved: dict[str, Saved], slug: str) -> None:
    """The website is the site, named as `og:site_name` names it, not a citation string;
    no website type ("[Text]") and no journal or publication title."""
    s = saved[slug]
    assert s.meta("property", "og:site_name") == SITE_NAME
    assert s.item["websiteTitle"] == SITE_NAME
    assert "websiteType" not in s.item
    assert "publicationTitle" not in s.item


@pytest.mark.parametrize("slug", SLUGS)
def test_abstract_is_the_description_cut_at_a_whole_word(
    saved: dict[str, Saved], slug: str
) -> None:
    s = saved[slug]
    description = s.meta("name", "description")
    abstract = s.item["abstractNote"]
    assert isinstance(abstract, str)
    assert abstract == " ".join(description.split())
    assert abstract == s.meta("property", "og:description")
    nested = s.article.title.replace("“", "‘").replace("”", "’")  # quotes inside quotes turn single
    assert abstract.startswith(f"The full text of “{nested}”")
    if abstract.endswith("…"):
        # The word before the ellipsis is whole: in the text it came from, no letter follows it.
        last = abstract.removesuffix("…").split()[-1]
        source = " ".join([s.article.title, s.article.dek or s.article.paragraphs[0].text])
        assert re.search(rf"(?<!\w){re.escape(last)}(?!\w)", source), last
    else:
        assert abstract.endswith(".")


@pytest.mark.parametrize("slug", SLUGS)
def test_date_is_the_editions(saved: dict[str, Saved], slug: str) -> None:
    """The page's date is the date of the edition it belongs to (the text's own date is the
    original's, which the page describes elsewhere)."""
    date = saved[slug].item["date"]
    assert isinstance(date, str)
    assert date.replace("/", "-") == EDITION_DATE


@pytest.mark.parametrize("slug", SLUGS)
def test_url_is_the_permalink(saved: dict[str, Saved], slug: str) -> None:
    s = saved[slug]
    assert s.item["url"] == permalink(slug)
    canonical = s.page.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == permalink(slug)


@pytest.mark.parametrize("slug", SLUGS)
def test_language_is_the_sites(saved: dict[str, Saved], slug: str) -> None:
    s = saved[slug]
    html = s.page.find("html")
    assert html is not None and html.get("lang") == SITE_LANGUAGE
    assert s.item["language"] == SITE_LANGUAGE


@pytest.mark.parametrize("slug", SLUGS)
def test_no_tags_and_an_access_date(saved: dict[str, Saved], slug: str) -> None:
    """No tags (the page has no `keywords`); the access date is the moment of saving."""
    item = saved[slug].item
    assert item["tags"] == []
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", str(item["accessDate"]))
