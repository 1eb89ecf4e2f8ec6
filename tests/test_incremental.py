"""Incremental rebuilds under `explainer serve` (explainer/incremental.py and the plugin).

Unit tests of the page folder and the search entries, then the real thing: `explainer
serve` on a small project, an edit of one source, and what the server shows afterwards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from explainer.incremental import PageFolder, SearchEntries

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
EXPLAINER = Path(sys.executable).with_name("explainer")


def test_page_folder_rewrites_only_changed_files() -> None:
    """Unchanged files keep their date (MkDocs skips them); a new layout rewrites all."""
    folder = PageFolder()
    try:
        paths, everything = folder.write({"a.md": "A", "b.md": "B"}, layout=1)
        assert everything
        dates = {uri: path.stat().st_mtime_ns for uri, path in paths.items()}
        time.sleep(0.01)
        paths, everything = folder.write({"a.md": "A", "b.md": "B2"}, layout=1)
        assert not everything
        assert paths["a.md"].stat().st_mtime_ns == dates["a.md"]
        assert paths["b.md"].stat().st_mtime_ns > dates["b.md"]
        assert paths["b.md"].read_text() == "B2"
        paths, everything = folder.write({"a.md": "A"}, layout=2)
        assert everything and not (folder.root / "b.md").exists()
    finally:
        folder.remove()
    assert not folder.root.exists()


def test_search_entries_keep_every_page() -> None:
    """Entries of pages not rendered again stay; a page's new entries replace its old ones."""
    entries = SearchEntries()
    index: list[dict[str, str]] = [{"location": "", "text": "home"}]
    entries.take_latest("", index)
    index += [{"location": "a/", "text": "a"}, {"location": "a/#p-1", "text": "a1"}]
    entries.take_latest("a/", index)
    entries.take_latest("b/", index + [{"location": "b/", "text": "b"}])
    # A dirty rebuild renders only a/: Material's index then holds a/ alone.
    entries.take_latest("a/", [{"location": "a/", "text": "a, edited"}])
    written = json.dumps({"config": {"lang": ["en"]}, "docs": []})
    merged = json.loads(entries.index_json(written, ["", "a/", "b/"]))
    assert merged["config"] == {"lang": ["en"]}
    assert [d["text"] for d in merged["docs"]] == ["home", "a, edited", "b"]
    # A page that is gone is dropped.
    merged = json.loads(entries.index_json(written, ["", "a/"]))
    assert [d["text"] for d in merged["docs"]] == ["home", "a, edited"]


# The real server ------------------------------------------------------------------------


def make_project(folder: Path, count: int = 4) -> None:
    """The project's settings and hand-written pages (no API reference) with `count` texts."""
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("reference"))
    shutil.copytree(ROOT / "data", folder / "data")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - Generator API: reference/api.md\n", "")
    config = config[: config.index("  - mkdocstrings:")] + config[config.index("markdown_ext") :]
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    sources = folder / "sources"
    sources.mkdir()
    lines = (CORPORA / "microtexts-part1.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[:count]):
        text = json.loads(line)["text"]
        title = f"Microtext number {number}"
        (sources / f"text-{number}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, list[str]]]:
    """A small project under `explainer serve`: its folder, base URL and the server's output."""
    make_project(tmp_path)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [str(EXPLAINER), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    ready = threading.Event()

    def drain() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            output.append(line)
            if "Serving on" in line:
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        assert ready.wait(300), "".join(output)
        yield tmp_path, f"http://127.0.0.1:{port}/explainer/", output
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        if server.stdout is not None:
            server.stdout.close()


def fetch(url: str) -> str:
    """A page from the server, without the live-reload script it adds (it names the build)."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  # local server
        page = str(response.read().decode("utf-8"))
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", page)


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    """The page once it contains `text` (the server rebuilds after a change)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
        except urllib.error.HTTPError:  # not built yet
            page = ""
        if text in page:
            return page
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed {text!r}")


def search_docs(base: str) -> list[dict[str, str]]:
    return list(json.loads(fetch(base + "search/search_index.json"))["docs"])


def pages_in(docs: list[dict[str, str]]) -> set[str]:
    return {d["location"].split("#")[0] for d in docs}


def test_an_edit_shows_up_and_nothing_else_is_lost(
    served: tuple[Path, str, list[str]],
) -> None:
    """After editing one article's text under `explainer serve`: the article shows the new
    text, the search index still covers every page (and finds the new word on that page
    only), and the other articles are byte for byte the same."""
    folder, base, output = served
    before = search_docs(base)
    other = fetch(base + "articles/text-1/")
    source = folder / "sources" / "text-2.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text + "\nA closing line about quokkas.\n", encoding="utf-8")

    wait_for(base + "articles/text-2/", "quokkas")
    after = search_docs(base)
    assert pages_in(after) == pages_in(before)
    unchanged = [d for d in before if not d["location"].startswith("articles/text-2/")]
    assert [d for d in after if not d["location"].startswith("articles/text-2/")] == unchanged
    hits = [d["location"] for d in after if "quokkas" in d.get("text", "")]
    assert hits and {h.split("#")[0] for h in hits} == {"articles/text-2/"}
    assert fetch(base + "articles/text-1/") == other
    assert not any("Traceback" in line for line in output), "".join(output)


def test_a_new_title_reaches_the_lists(served: tuple[Path, str, list[str]]) -> None:
    """A retitled article: its page, the home page, the article list and the sidebar of
    other pages (a small site lists its articles there) show the new title."""
    folder, base, _ = served
    source = folder / "sources" / "text-2.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[0] = "Microtext renamed by an edit"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    wait_for(base + "articles/text-2/", "<h1")
    for url in ("articles/text-2/", "", "articles/", "articles/text-1/"):
        assert "Microtext renamed by an edit" in wait_for(base + url, "renamed by an edit"), url
    assert "Microtext number 2" not in fetch(base)


def test_a_new_article_reaches_every_page(served: tuple[Path, str, list[str]]) -> None:
    """A new source changes the site's layout: it gets its page and the sidebar, which lists
    the articles of a small site, shows it on every page."""
    folder, base, _ = served
    lines = (CORPORA / "microtexts-part1.jsonl").read_text(encoding="utf-8").splitlines()
    text = json.loads(lines[10])["text"]
    (folder / "sources" / "text-new.txt").write_text(f"A brand new text\n\n{text}\n", "utf-8")
    wait_for(base + "articles/text-new/", "A brand new text")
    assert "A brand new text" in wait_for(base + "glossary/", "A brand new text")
    assert "articles/text-new/" in pages_in(search_docs(base))
