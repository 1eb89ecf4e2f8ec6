"""Hardening of citing against hostile data (security review, issue 15).

- Item 5: the citation cache (`citations.sqlite3`) lives in the project, so its rows are
  signed with this user's key and what comes out of it passes an HTML allow-list; an edited,
  forged or moved row is formatted again, never shown. cite.js puts citation HTML into the
  page through the same allow-list, never with `innerHTML`.
- Item 10: the key that signs the caches is refused when it lies in the project or in the
  cache folder it protects, is not this user's, or other users may change or read it; then
  no cache is read (nothing is unpickled) and a warning says why.
- Item 8: every download and metadata format escapes its own syntax: a line break, brace,
  `@misc{`, `ER  -`, `</script>` or `<!--` in a title or publisher reads back as one record
  with the value on one line.
"""

from __future__ import annotations

import html
import json
import logging
import os
import pickle
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import bibtexparser
import bibtexparser.middlewares as bib_mw
import extruct
import markdown
import pytest
import rispy
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from explainer import cite, csl, render_cite
from explainer.cite import Edition
from explainer.model import Article, PartialDate, Sidecar
from explainer.pages import build_pages
from explainer.stage_cache import StageCache

ROOT = Path(__file__).resolve().parents[1]
CITE_JS = ROOT / "scripts" / "explainer" / "theme" / "assets" / "javascripts" / "cite.js"
SETTINGS = settings(deadline=None, max_examples=150, derandomize=True, database=None)
EDITION = Edition(site_name="Test Explainer", site_url="https://example.org/site/")
KEY_FILE = "cache-signing-key"


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This user's cache folder (and so the signing key) is a folder of the test's own."""
    folder = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def warnings_seen(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Warnings of the cache logger (which sits under mkdocs', whatever mkdocs set up)."""
    logger = logging.getLogger("mkdocs.plugins.explainer.cache")
    logger.addHandler(caplog.handler)
    caplog.handler.setLevel(logging.WARNING)
    try:
        yield caplog
    finally:
        logger.removeHandler(caplog.handler)


# --- Item 5: the citation cache ----------------------------------------------------------------

ITEM: cite.CslItem = {
    "id": "lee-2019",
    "type": "article-newspaper",
    "title": "Rents rise again",
    "author": [{"family": "Lee", "given": "Ann"}],
    "container-title": "The Daily Record",
    "issued": {"date-parts": [[2019, 9, 25]]},
}
OTHER: cite.CslItem = {**ITEM, "id": "patel-2020", "title": "Fares frozen", "author": []}
INJECTED = (
    '<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>'
)


def jobs() -> list[csl.Job]:
    return [
        csl.Job(
            "apa",
            (ITEM, OTHER),
            citations=(csl.CitationRequest("lee-2019"), csl.CitationRequest("patel-2020", "4")),
            solo=True,
        )
    ]


class NodeRuns:
    """Counts the results citeproc-js had to format (the cache's misses)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.jobs = 0
        real = csl._run_uncached

        def counting(batch: list[csl.Job], processes: int | None = None) -> list[csl.Formatted]:
            self.jobs += len(batch)
            return real(batch, processes)

        monkeypatch.setattr(csl, "_run_uncached", counting)


def value_tables(db: sqlite3.Connection) -> list[str]:
    """The tables of the cache file that hold results (whatever the version calls them)."""
    names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return [
        name
        for name in names
        if "value" in [column[1] for column in db.execute(f"PRAGMA table_info({name})")]
    ]


def edit_rows(folder: Path, change: str) -> int:
    """Edit every cached result in place, as someone with the project's files could."""
    with sqlite3.connect(folder / csl.ResultCache.FILE) as db:
        edited = 0
        for table in value_tables(db):
            for key, value in db.execute(f"SELECT key, value FROM {table}").fetchall():
                data = json.loads(value)
                data["bibliography"] = {k: change + v for k, v in data["bibliography"].items()}
                data["citations"] = [change + c for c in data["citations"]]
                db.execute(f"UPDATE {table} SET value = ? WHERE key = ?", (json.dumps(data), key))
                edited += 1
    return edited


def no_injection(results: list[csl.Formatted]) -> None:
    for result in results:
        for text in (*result.bibliography.values(), *result.citations):
            assert "<img" not in text and "<script" not in text and "<a " not in text


def test_an_edited_cache_row_is_formatted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows edited in the project's cache file (keeping their signature) are not used: the
    results are formatted again, exactly as without the cache."""
    runs = NodeRuns(monkeypatch)
    first = csl.run_jobs(jobs(), cache_dir=tmp_path)
    assert csl.run_jobs(jobs(), cache_dir=tmp_path) == first
    used_cache = runs.jobs
    assert edit_rows(tmp_path, INJECTED) >= 2
    again = csl.run_jobs(jobs(), cache_dir=tmp_path)
    assert again == first
    no_injection(again)
    assert runs.jobs > used_cache  # formatted again, not taken from the file


def test_rows_swapped_between_keys_are_not_used(tmp_path: Path) -> None:
    """A signature covers the row's key: a genuine row moved to another key does not count."""
    first = csl.run_jobs(jobs(), cache_dir=tmp_path)
    with sqlite3.connect(tmp_path / csl.ResultCache.FILE) as db:
        (table,) = value_tables(db)
        rows = db.execute(f"SELECT key FROM {table} ORDER BY key").fetchall()
        assert len(rows) == 2
        (a,), (b,) = rows
        db.execute(f"UPDATE {table} SET key = 'swap' WHERE key = ?", (a,))
        db.execute(f"UPDATE {table} SET key = ? WHERE key = ?", (a, b))
        db.execute(f"UPDATE {table} SET key = ? WHERE key = 'swap'", (b,))
    assert csl.run_jobs(jobs(), cache_dir=tmp_path) == first


def test_a_signed_row_with_foreign_html_is_not_used(tmp_path: Path) -> None:
    """Even a correctly signed row is formatted again when its HTML is not citeproc-js' own
    (the allow-list is checked on the way out of the cache)."""
    first = csl.run_jobs(jobs(), cache_dir=tmp_path)
    keys = [key for job in jobs() for key, _ in csl._pieces(job)]
    cache = csl.ResultCache.open(tmp_path)
    assert cache is not None
    for key in keys:
        planted = cache.get_many([key])[key]
        cache.put_many(
            {
                key: csl.Formatted(
                    {k: INJECTED + v for k, v in planted.bibliography.items()},
                    planted.citations,
                )
            }
        )
    cache.close()
    again = csl.run_jobs(jobs(), cache_dir=tmp_path)
    assert again == first
    no_injection(again)


def test_an_unsigned_or_foreign_cache_file_is_not_used(tmp_path: Path) -> None:
    """A cache file made elsewhere (other key, no signature, an older unsigned table) gives
    nothing; the results are what citeproc-js makes."""
    first = csl.run_jobs(jobs())
    keys = [key for job in jobs() for key, _ in csl._pieces(job)]
    planted = json.dumps({"bibliography": {"lee-2019": INJECTED}, "citations": [INJECTED]})
    with sqlite3.connect(tmp_path / csl.ResultCache.FILE) as db:
        db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute(
            "CREATE TABLE signed_results (key TEXT PRIMARY KEY, value TEXT NOT NULL, mac TEXT NOT NULL)"
        )
        for key in keys:
            db.execute("INSERT INTO results VALUES (?, ?)", (key, planted))
            db.execute("INSERT INTO signed_results VALUES (?, ?, ?)", (key, planted, "0" * 64))
    again = csl.run_jobs(jobs(), cache_dir=tmp_path)
    assert again == first
    no_injection(again)


def article_sources(folder: Path) -> Path:
    sources = folder / "sources"
    sources.mkdir()
    (sources / "rents.txt").write_text(
        "Rents Rise Again\n\nLandlords raised rents in every district this year.\n\n"
        "Rents rose by a tenth in the city centre.[1]\n\nNotes\n\n"
        "[1] Ann Lee, “Rents rise again in the city,” The Daily Record, September 25, 2019: "
        "https://example.org/rents\n",
        encoding="utf-8",
    )
    return sources


def test_a_build_never_shows_an_edited_cache_row(tmp_path: Path) -> None:
    """Through the whole build: after the cache file is edited, the cite box, the footnotes,
    the bibliography and the downloads equal those of a build without any cache."""
    sources = article_sources(tmp_path)
    cache_dir = tmp_path / ".cache" / "explainer"
    clean = build_pages(sources, None, edition=EDITION)
    build_pages(sources, None, edition=EDITION, cache_dir=cache_dir)
    assert edit_rows(cache_dir, INJECTED) > 0
    rebuilt = build_pages(sources, None, edition=EDITION, cache_dir=cache_dir)
    assert rebuilt.pages == clean.pages
    assert rebuilt.files == clean.files
    assert not any("onerror" in page or "alert(" in page for page in rebuilt.pages.values())


# The HTML allow-list ---------------------------------------------------------------------------

CITEPROC_OUTPUT = [
    '<div class="csl-entry">Lee, A. (2019). <i>Rents &#38; more</i>. The Record.</div>',
    '<span style="font-variant:small-caps;">Lee</span>, “T<sup>2</sup>,” <b>x</b> &#60;y&#62;',
    '<span style="font-style:normal;">it</span> <a href="https://doi.org/10.1/x">10.1/x</a>',
    'Lee, “Quotes "as typed",” n.d., para. 8888.',
]


@pytest.mark.parametrize("fragment", CITEPROC_OUTPUT)
def test_citeproc_html_passes_unchanged(fragment: str) -> None:
    """What citeproc-js writes is kept as it is (the pages do not change)."""
    assert csl.sanitize_html(fragment) == fragment
    assert csl.is_safe_html(fragment)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<script>alert(1)</script>", "&#60;script&#62;alert(1)&#60;/script&#62;"),
        ('<img src=x onerror="alert(1)">', '&#60;img src=x onerror="alert(1)"&#62;'),
        (
            '<a href="javascript:alert(1)">x</a>',
            '&#60;a href="javascript:alert(1)"&#62;x&#60;/a&#62;',
        ),
        (
            '<a href="jav&#x61;script:x">x</a>',
            '&#60;a href="jav&#38;#x61;script:x"&#62;x&#60;/a&#62;',
        ),
        (
            '<a href="javascript:x" href="https://ok.org/">x</a>',
            '&#60;a href="javascript:x" href="https://ok.org/"&#62;x&#60;/a&#62;',
        ),
        ('<span style="color:red">r</span>', '&#60;span style="color:red"&#62;r&#60;/span&#62;'),
        ('<i onclick="x()">i</i>', '&#60;i onclick="x()"&#62;i&#60;/i&#62;'),
        ("<I>caps</I>", "&#60;I&#62;caps&#60;/I&#62;"),
        ("</div></div><b>open", "&#60;/div&#62;&#60;/div&#62;<b>open</b>"),
        ("<i><b>crossed</i></b>", "<i><b>crossed&#60;/i&#62;</b></i>"),
        ("a < b && c > d", "a &#60; b &#38;&#38; c &#62; d"),
        ("<!-- comment --><![CDATA[x]]>", "&#60;!-- comment --&#62;&#60;![CDATA[x]]&#62;"),
        ("<svg/onload=alert(1)>", "&#60;svg/onload=alert(1)&#62;"),
        ('<div class="evil">x</div>', '&#60;div class="evil"&#62;x&#60;/div&#62;'),
    ],
)
def test_foreign_html_becomes_text(fragment: str, expected: str) -> None:
    """Tags citeproc-js does not write, bad addresses and stray end tags are escaped."""
    assert csl.sanitize_html(fragment) == expected
    assert not csl.is_safe_html(fragment)


ALLOWED = {
    "i": set(),
    "b": set(),
    "em": set(),
    "strong": set(),
    "sup": set(),
    "sub": set(),
    "span": {"style"},
    "div": {"class"},
    "a": {"href"},
}


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "<i>",
                    "</i>",
                    "<b>",
                    "</b>",
                    "<script>",
                    "</script>",
                    '<span style="font-variant:small-caps;">',
                    '<span style="x">',
                    "</span>",
                    '<div class="csl-entry">',
                    "</div>",
                    '<a href="https://e.org/">',
                    '<a href="javascript:x">',
                    "</a>",
                    "<img src=x onerror=alert(1)>",
                    "&#38;",
                    "&",
                    "<",
                    ">",
                    '"',
                    "<!--",
                ]
            ),
            st.text(max_size=8),
        ),
        max_size=25,
    )
)
def test_sanitized_html_holds_only_allowed_markup(parts: list[str]) -> None:
    """Whatever goes in, what comes out parses (as a browser would) into allowed elements
    and attributes only, and sanitizing again changes nothing."""
    out = csl.sanitize_html("".join(parts))
    assert csl.sanitize_html(out) == out
    soup = BeautifulSoup(f"<body>{out}</body>", "html5lib")
    assert soup.body is not None
    for element in soup.body.find_all(True):
        assert element.name in ALLOWED
        assert set(element.attrs) <= ALLOWED[element.name]
        if element.name == "a":
            assert re.match(r"https?://", str(element["href"]))
    assert not any(
        isinstance(node, str) and type(node).__name__ == "Comment" for node in soup.descendants
    )


# cite.js --------------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


def hostile_page() -> str:
    """A page with the cite box whose data (for the styles cite.js fills in) holds HTML that
    is not citeproc-js' (as if the data had been tampered with after the build)."""
    safe = cite.StyledCitation("Lee, A. <i>Rents</i>.", "(Lee)", "(Lee, {n})", "(Lee, {n}–{m})")
    hostile = cite.StyledCitation(
        "<img src=x onerror=\"document.title='pwned'\">Lee <i>ok</i> "
        '<a href="javascript:alert(1)">link</a><script>window.pwned = 1</script>',
        '<span style="color:red" onmouseover="alert(1)">(Lee)</span>',
        "(Lee, {n})",
        "(Lee, {n}–{m})",
    )
    styles = {
        style.key: {"page": safe if i == 0 else hostile, "original": safe if i == 0 else hostile}
        for i, style in enumerate(csl.STYLES)
    }
    box = render_cite.cite_box(
        render_cite.PageCitations(styles, {"URL": "https://e.org/p/"}, {}, {}, ""),
        "how.md",
        "bib.md",
    )
    body = markdown.markdown(box, extensions=["attr_list", "md_in_html"])
    script = CITE_JS.read_text(encoding="utf-8")
    return f"<!doctype html><html><body><main>{body}</main><script>{script}</script></body></html>"


def test_cite_js_never_inserts_foreign_html() -> None:
    """cite.js builds the other styles' panels and the clipboard HTML from allowed markup
    only: no image, script, handler or javascript: link reaches the page."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip(f"needs Debian's Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.set_content(hostile_page())
            found = page.evaluate(
                """() => ({
                    panels: document.querySelectorAll('.ex-cite .ex-cite-item').length,
                    bad: document.querySelectorAll(
                        '.ex-cite img, .ex-cite script, .ex-cite [onerror], .ex-cite [onmouseover],'
                        + ' .ex-cite a[href^="javascript"], .ex-cite span[style*="color"]'
                    ).length,
                    italic: document.querySelectorAll('#cite-mla-page i').length,
                    text: document.getElementById('cite-mla-page').textContent,
                })"""
            )
            assert found["panels"] == 2 * len(csl.STYLES)
            assert found["bad"] == 0
            assert found["italic"] == 1
            assert "Lee ok link" in found["text"] and "window.pwned = 1" in found["text"]
            clip = page.evaluate(
                """() => window.explainerCite.safeHtml(
                    '<img src=x onerror=alert(1)><i>ok</i><a href="javascript:x">l</a>')"""
            )
            assert clip == "<i>ok</i>l"
        finally:
            browser.close()


# --- Item 10: the signing key ------------------------------------------------------------------


class _Planted:
    """Unpickling this creates a file: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.marker,))


def plant(cache_folder: Path, key: bytes, marker: Path) -> None:
    """A stages.pickle that runs code when unpickled, correctly signed with `key`."""
    import hashlib
    import hmac

    payload = pickle.dumps({"planted": _Planted(marker)})
    cache_folder.mkdir(parents=True, exist_ok=True)
    signature = hmac.new(key, payload, hashlib.sha256).digest()
    (cache_folder / StageCache.FILE).write_bytes(StageCache.MAGIC + signature + payload)


def write_key(path: Path, mode: int = 0o600, key: bytes = b"k" * 32) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(key)
    path.chmod(mode)
    return key


def assert_refused(
    cache_folder: Path, marker: Path, seen: pytest.LogCaptureFixture, reason: str
) -> None:
    cache = StageCache(cache_folder)
    assert not marker.exists(), "a pickle signed with a refused key was loaded"
    assert cache.previous == {} and cache.path is None
    assert csl.ResultCache.open(cache_folder) is None
    assert any(reason in record.getMessage() for record in seen.records), seen.text


@pytest.mark.parametrize("marker_file", ["mkdocs.yml", None])
def test_a_key_shipped_inside_the_project_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings_seen: pytest.LogCaptureFixture,
    marker_file: str | None,
) -> None:
    """XDG_CACHE_HOME pointing into the project (with or without a project file) makes the
    project's own key sign its own stages.pickle: refused, nothing is unpickled."""
    project = tmp_path / "project"
    project.mkdir()
    if marker_file:
        (project / marker_file).write_text("site_name: x\n", encoding="utf-8")
    xdg = project / "tools" / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    key = write_key(xdg / "explainer" / KEY_FILE)
    cache_folder = project / ".cache" / "explainer"
    marker = tmp_path / "ran"
    plant(cache_folder, key, marker)
    assert_refused(cache_folder, marker, warnings_seen, "inside the project")


def test_a_key_inside_the_cache_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings_seen: pytest.LogCaptureFixture
) -> None:
    """A key kept in the very folder it protects is refused."""
    cache_folder = tmp_path / "c" / "explainer"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    key = write_key(cache_folder / KEY_FILE)
    marker = tmp_path / "ran"
    plant(cache_folder, key, marker)
    assert_refused(cache_folder, marker, warnings_seen, "inside the cache folder it protects")


@pytest.mark.parametrize(
    ("mode", "reason"), [(0o666, "mode 0666"), (0o620, "mode 0620"), (0o640, "mode 0640")]
)
def test_a_key_others_may_change_or_read_is_refused(
    tmp_path: Path,
    user_cache: Path,
    warnings_seen: pytest.LogCaptureFixture,
    mode: int,
    reason: str,
) -> None:
    """A key file other users can write (or read: then they can sign) is not trusted."""
    key = write_key(user_cache / "explainer" / KEY_FILE, mode)
    cache_folder = tmp_path / "project" / ".cache" / "explainer"
    marker = tmp_path / "ran"
    plant(cache_folder, key, marker)
    assert_refused(cache_folder, marker, warnings_seen, reason)


def test_a_key_of_another_user_is_refused(
    tmp_path: Path,
    user_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings_seen: pytest.LogCaptureFixture,
) -> None:
    """A key file this user does not own is not trusted."""
    key = write_key(user_cache / "explainer" / KEY_FILE)
    owner = (user_cache / "explainer" / KEY_FILE).stat().st_uid
    cache_folder = tmp_path / "project" / ".cache" / "explainer"
    marker = tmp_path / "ran"
    plant(cache_folder, key, marker)
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)
    assert_refused(cache_folder, marker, warnings_seen, "not owned by you")


def test_a_symlinked_key_is_refused(
    tmp_path: Path, user_cache: Path, warnings_seen: pytest.LogCaptureFixture
) -> None:
    """The key file is read without following a symbolic link (to a key kept elsewhere)."""
    elsewhere = tmp_path / "project" / "key"
    key = write_key(elsewhere)
    link = user_cache / "explainer" / KEY_FILE
    link.parent.mkdir(parents=True)
    link.symlink_to(elsewhere)
    cache_folder = tmp_path / "project" / ".cache" / "explainer"
    marker = tmp_path / "ran"
    plant(cache_folder, key, marker)
    assert_refused(cache_folder, marker, warnings_seen, "symbolic link")


def test_a_new_key_is_private(tmp_path: Path, user_cache: Path) -> None:
    """A key made on first use is readable by this user only, in a folder only they can
    open, whatever the umask."""
    cache_folder = tmp_path / "project" / ".cache" / "explainer"
    old = os.umask(0)
    try:
        key = StageCache(cache_folder).key
    finally:
        os.umask(old)
    assert key is not None and len(key) == 32
    path = user_cache / "explainer" / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert StageCache(cache_folder).key == key


def test_an_own_group_writable_key_folder_is_closed(tmp_path: Path, user_cache: Path) -> None:
    """This user's key folder made group-writable (a umask of 002) is closed and the key
    (private itself) still used."""
    path = user_cache / "explainer" / KEY_FILE
    key = write_key(path)
    path.parent.chmod(0o775)
    assert StageCache(tmp_path / "project" / ".cache" / "explainer").key == key
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o755


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative XDG_CACHE_HOME would put the key wherever the build runs: ignored (the
    XDG specification says so), the key goes to ~/.cache."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    assert StageCache(tmp_path / "project" / ".cache" / "explainer").key is not None
    assert (tmp_path / "home" / ".cache" / "explainer" / KEY_FILE).is_file()
    assert not (work / "relative").exists()


def test_a_good_key_still_signs_the_caches(tmp_path: Path, user_cache: Path) -> None:
    """With a private key outside the project, both caches are used."""
    cache_folder = tmp_path / "project" / ".cache" / "explainer"
    stages = StageCache(cache_folder)
    assert stages.get_or_make("k", lambda: 41) == 41
    stages.save()
    assert StageCache(cache_folder).previous == {"k": 41}
    assert csl.ResultCache.open(cache_folder) is not None


# --- Item 8: the downloads and the page metadata ----------------------------------------------

HOSTILE_TITLE = (
    "Rents\nER  - \nTY  - JOUR\r\nUR  - https://evil.example/\r\tT} title = {x}, "
    "@misc{evil, url = {https://evil.example/}} {unclosed \\par 50% #1 $5 & co_op "
    '</script><!- "q" it\'s\x00 end'
)
HOSTILE_PUBLISHER = "The Record\rER  -\n@article{x,\n} </script>"
HOSTILE_URL = 'https://example.org/a b"}{\n@misc{x,'
HOSTILE_NAME = "Lee}\n@misc{"


def flat(text: str) -> str:
    """What a single-line value is expected to read back as: line breaks, tabs and runs of
    spaces as one space, other control characters (NUL…) gone."""
    text = re.sub(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]", "", text)
    return re.sub(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029 ]+", " ", text).strip()


SAFE_URL = "https://example.org/a%20b%22%7D%7B%20@misc%7Bx,"
"""HOSTILE_URL as one line, percent-encoding what no address may hold raw."""


def hostile_item() -> cite.CslItem:
    """An item straight from hostile data, not cleaned by the item builders."""
    return {
        "id": "rents--original",
        "type": "article-newspaper",
        "title": HOSTILE_TITLE,
        "author": [{"family": HOSTILE_NAME, "given": "Ann\tB"}, {"literal": "Office\nof {Parks"}],
        "container-title": HOSTILE_PUBLISHER,
        "publisher": HOSTILE_PUBLISHER,
        "issued": {"date-parts": [[2019, 9, 25]]},
        "URL": HOSTILE_URL,
    }


def hostile_book() -> cite.CslItem:
    return {**hostile_item(), "id": "rents-book", "type": "book"}


def test_one_line_values() -> None:
    """Line breaks, tabs and runs of spaces become one space; NUL and controls go."""
    assert cite.one_line("a\r\nb\tc\x00d\u2028e\x85f\x1eg  h\xa0i ") == "a b cd e f g h\xa0i"
    assert cite.one_line(HOSTILE_TITLE) == flat(HOSTILE_TITLE)
    assert cite.safe_url(HOSTILE_URL) == SAFE_URL


def test_ris_keeps_hostile_values_in_one_record() -> None:
    """A line break in a title or publisher cannot end the record or forge another."""
    text = cite.ris([hostile_item(), hostile_book()])
    records = rispy.loads(text)
    assert len(records) == 2
    assert sum(line.startswith("ER  -") for line in text.splitlines()) == 2
    assert sum(line.startswith("TY  -") for line in text.splitlines()) == 2
    news, book = records
    assert news["title"] == flat(HOSTILE_TITLE)
    assert news["secondary_title"] == flat(HOSTILE_PUBLISHER)
    assert book["publisher"] == flat(HOSTILE_PUBLISHER)
    assert news["authors"] == [flat(HOSTILE_NAME) + ", Ann B", "Office of {Parks"]
    assert news["urls"] == [SAFE_URL]
    assert news["id"] == "rents--original"
    assert "\r" not in text


def bibtex_decoder() -> LatexNodes2Text:
    """pylatexenc's decoder, knowing LaTeX's `\\textbraceleft` and `\\textbraceright` too."""
    db = get_default_latex_context_db().filter_context(keep_categories=None)
    db.add_context_category(
        "text-braces",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", simplify_repl="{"),
            MacroTextSpec("textbraceright", simplify_repl="}"),
        ],
    )
    return LatexNodes2Text(latex_context=db)


def bibtex_balanced(text: str) -> bool:
    """Whether every field's braces balance as BibTeX counts them: every brace, escaped or
    not, and the field's outer braces close only at its end."""
    for line in text.splitlines():
        field = re.match(r"\t[a-z]+ = (\{.*\}),?$", line)
        if not field:
            continue
        depth = 0
        value = field.group(1)
        for index, char in enumerate(value):
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth == 0 and index != len(value) - 1:
                return False
        if depth != 0:
            return False
    return True


def test_bibtex_keeps_hostile_values_in_one_record() -> None:
    """Braces stay balanced as BibTeX counts them, no `@` starts a line, and the values
    decode back to the originals on one line."""
    text = cite.bibtex([hostile_item(), hostile_book()])
    assert bibtex_balanced(text), text
    assert [line for line in text.splitlines() if line.startswith("@")] == [
        "@article{rents--original,",
        "@book{rents-book,",
    ]
    library = bibtexparser.parse_string(
        text, append_middleware=[bib_mw.LatexDecodingMiddleware(decoder=bibtex_decoder())]
    )
    assert not library.failed_blocks
    article, book = library.entries
    assert article["title"] == flat(HOSTILE_TITLE)
    assert article["journaltitle"] == flat(HOSTILE_PUBLISHER)
    assert book["publisher"] == flat(HOSTILE_PUBLISHER)
    assert article["author"] == flat(HOSTILE_NAME) + ", Ann B and Office of {Parks"
    # Addresses are verbatim in BibTeX (a LaTeX decoder would take `%` for a comment).
    raw = bibtexparser.parse_string(text).entries[0]
    assert raw["url"] == SAFE_URL


@SETTINGS
@given(st.text(max_size=60), st.text(max_size=30))
def test_any_title_and_publisher_make_one_record(title: str, publisher: str) -> None:
    """Whatever a title and publisher hold: one RIS record and one BibTeX entry, balanced."""
    item: cite.CslItem = {"id": "x", "type": "book", "title": title, "publisher": publisher}
    records = rispy.loads(cite.ris([item]))
    assert len(records) == 1
    if flat(title):
        assert records[0]["title"] == flat(title)
    text = cite.bibtex([item])
    assert bibtex_balanced(text)
    library = bibtexparser.parse_string(text)
    assert len(library.entries) == 1 and not library.failed_blocks


def test_csl_json_values_are_one_line() -> None:
    """CSL-JSON reads back as the same items, each value on one line."""
    (item,) = json.loads(cite.csl_json([hostile_item()]))
    assert item["title"] == flat(HOSTILE_TITLE)
    assert item["container-title"] == flat(HOSTILE_PUBLISHER)
    assert item["author"][0]["family"] == flat(HOSTILE_NAME)
    assert item["URL"] == SAFE_URL


def test_coins_span_reads_back_exactly() -> None:
    """The bibliography's COinS span: one span, and its query gives the values back."""
    source = cite.Source("rents", hostile_item(), (cite.CitedIn("rents", HOSTILE_TITLE, "1"),))
    entries = {style.key: {"rents": "Lee. Rents."} for style in csl.STYLES}
    page = render_cite.bibliography_page(
        [source], entries, {"rents": cite.coins(hostile_item())}, {"rents": "a.md"}, {}
    )
    soup = BeautifulSoup(markdown.markdown(page, extensions=["attr_list"]), "html.parser")
    (span,) = soup.select("span.Z3988")
    query = parse_qs(str(span["title"]), strict_parsing=True)
    assert query["rft.atitle"] == [flat(HOSTILE_TITLE)]
    assert query["rft.jtitle"] == [flat(HOSTILE_PUBLISHER)]
    assert query["rft_id"] == [SAFE_URL]
    assert not soup.find("script")
    assert len(soup.select(".ex-bib-entry")) == 1


def test_json_ld_and_meta_cannot_break_out() -> None:
    """`</script>` and `<!--` in a title stay inside the JSON-LD; the harvester reads one
    object with the values on one line, and the meta tags hold them whole."""
    article = Article(
        slug="rents",
        source="rents.txt",
        title=HOSTILE_TITLE,
        authors=("Ann Lee",),
        date=PartialDate(2019, 12, 4),
        sidecar=Sidecar(publisher=HOSTILE_PUBLISHER, url=HOSTILE_URL),
    )
    page = cite.page_item(article, EDITION, "articles/rents.md")
    original = cite.original_item(article)
    head = render_cite.head_html(
        cite.head_meta(page, [hostile_item()], "A\n</script><!--"),
        cite.json_ld(page, original, [hostile_item()], "A\n</script><!--"),
    )
    document = f"<html><head>{head}</head><body><p id=after>after</p></body></html>"
    soup = BeautifulSoup(document, "html5lib")
    assert len(soup.find_all("script")) == 1
    assert soup.find(id="after") is not None
    (data,) = extruct.extract(document, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert data["headline"] == flat(HOSTILE_TITLE)
    assert data["description"] == "A </script><!--"
    assert data["isBasedOn"]["publisher"]["name"] == flat(HOSTILE_PUBLISHER)
    assert data["isBasedOn"]["url"] == SAFE_URL
    (titles,) = [m["content"] for m in soup.find_all("meta", attrs={"name": "DC.title"})]
    assert titles == flat(HOSTILE_TITLE)


def test_the_item_builders_make_single_line_items() -> None:
    """The CSL items built from a sidecar hold no line break or control character."""
    article = Article(
        slug="rents",
        source="rents.txt",
        title=HOSTILE_TITLE,
        authors=("Ann\nLee",),
        sidecar=Sidecar(publisher=HOSTILE_PUBLISHER, url=HOSTILE_URL),
    )
    for item in (cite.original_item(article), cite.page_item(article, EDITION, "a.md")):
        text = json.dumps(item, ensure_ascii=False)
        assert not re.search(r"\\[nrt]|\\u00", text), text


def result_with_values(sources: Path, title: str, publisher: str) -> Any:
    """`build_pages` with a sidecar whose values skipped the reader's checks (and a date: with
    the publisher, a reader could find the original, so the downloads hold it too)."""
    from dataclasses import replace as dc_replace

    from explainer import pages as pages_stage

    real = pages_stage.load_article

    def with_values(path: Path, slug: str | None = None) -> Any:
        article = real(path, slug)
        sidecar = dc_replace(article.sidecar, publisher=publisher)
        return dc_replace(article, title=title, date=PartialDate(2019, 9, 25), sidecar=sidecar)

    pages_stage.load_article = with_values  # type: ignore[assignment]
    try:
        return build_pages(sources, None, edition=EDITION)
    finally:
        pages_stage.load_article = real  # type: ignore[assignment]


def test_a_hostile_sidecar_forges_no_download_record(tmp_path: Path) -> None:
    """The reported attack, through the whole build: a sidecar title and publisher with
    line breaks and RIS tags still give exactly the page and the original in each download."""
    sources = article_sources(tmp_path)
    (sources / "rents.yml").write_text(
        "title: " + json.dumps(HOSTILE_TITLE.replace("\x00", "")) + "\n"
        "publisher: " + json.dumps(HOSTILE_PUBLISHER) + "\n",
        encoding="utf-8",
    )
    result = build_pages(sources, None, edition=EDITION)
    # The sidecar is refused where it is read (a line break in a one-line field), naming
    # the file and line; nothing of the article is published, so no record can be forged.
    refused = [(Path(d.file).name, d.line, d.code) for d in result.diagnostics if d.code == "sidecar-type"]
    assert refused == [("rents.yml", 1, "sidecar-type"), ("rents.yml", 2, "sidecar-type")]
    assert "cite/rents.ris" not in result.files
    # The writers themselves stay safe with such values (a sidecar read by an older
    # version, or an item built elsewhere): the same values through the whole build.
    (sources / "rents.yml").unlink()
    item_title, item_publisher = HOSTILE_TITLE.replace("\x00", ""), HOSTILE_PUBLISHER
    article = result_with_values(sources, item_title, item_publisher)
    ris_text = article.files["cite/rents.ris"]
    records = rispy.loads(ris_text)
    assert len(records) == 2
    assert all("evil.example" not in " ".join(r.get("urls", [])) for r in records)
    bib = article.files["cite/rents.bib"]
    assert bibtex_balanced(bib)
    assert len(bibtexparser.parse_string(bib).entries) == 2
    assert sum(line.startswith("@") for line in bib.splitlines()) == 2
    assert len(json.loads(article.files["cite/rents.json"])) == 2
    head = article.heads["articles/rents.md"]
    assert len(BeautifulSoup(f"<head>{head}</head>", "html5lib").find_all("script")) == 1
    assert all(
        "\n" not in html.unescape(v) for r in records for v in r.values() if isinstance(v, str)
    )


def test_a_citeproc_run_that_takes_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Node runs under a time limit (a minute plus half a second per job): past it, the run is
    stopped and reported as a citation failure, which the build survives."""
    from explainer import csl as csl_stage

    monkeypatch.setattr(csl_stage, "NODE_SECONDS_BASE", 0.0)
    monkeypatch.setattr(csl_stage, "NODE_SECONDS_PER_JOB", 0.0)
    job = csl_stage.Job(style="apa", items=({"id": "x", "type": "webpage", "title": "A page"},), bibliography=True, citations=())
    with pytest.raises(csl_stage.CslError, match="was stopped"):
        csl_stage._run_batch([job])


def test_a_name_with_only_a_given_part_does_not_break_the_metadata() -> None:
    """A CSL name with a given name and no family name (`{"given": "Plato"}`, as an imported
    item may carry) is written as it is, in COinS and the head metadata."""
    from explainer import cite

    item: cite.CslItem = {"id": "x", "type": "book", "title": "Laws", "author": [{"given": "Plato"}]}
    assert "Plato" in cite.coins(item)
    assert any(tag[-1] == "Plato" for tag in cite.head_meta(item, [], "A page."))
