"""The per-article stage cache (explainer/stage_cache.py) as `build_pages` uses it.

A rebuild must give exactly the pages a build without any cache gives, while parsing,
summarising and linking again only what changed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import pickle
import shutil
from pathlib import Path

import pytest

from explainer.cite import Edition
from explainer.pages import build_pages
from explainer.stage_cache import StageCache

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def signing_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """This user's cache signing key lives in a folder of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Six microtexts as sources, with the project's glossary and entities."""
    sources = tmp_path / "sources"
    sources.mkdir()
    lines = (CORPORA / "microtexts-part1.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[:6]):
        record = json.loads(line)
        title = " ".join(record["text"].split()[:6])
        (sources / f"text-{number}.txt").write_text(f"{title}\n\n{record['text']}\n", "utf-8")
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path


def build(project: Path, cache: bool = True) -> dict[str, str]:
    result = build_pages(
        project / "sources",
        project / "data",
        edition=Edition(site_name="Test"),
        cache_dir=project / ".cache" if cache else None,
    )
    return {**result.pages, **result.files}


def made(project: Path) -> int:
    """How many stage results a fresh cache object would have to compute for the project."""
    stats: dict[str, int] = {}
    original = StageCache.save

    def spy(self: StageCache) -> None:
        stats["made"] = self.made
        original(self)

    StageCache.save = spy  # type: ignore[method-assign]
    try:
        build(project)
    finally:
        StageCache.save = original  # type: ignore[method-assign]
    return stats["made"]


def test_rebuild_redoes_only_the_edited_article(project: Path) -> None:
    """Cold: every article is parsed, linked (terms, entities) and summarised: 4 results each,
    plus the related-articles ranking of the site. After editing one article only its 4 and
    the ranking are made again, and the pages equal a cacheless build.
    """
    assert made(project) == 6 * 4 + 1
    assert made(project) == 0
    source = project / "sources" / "text-2.txt"
    source.write_text(source.read_text("utf-8") + "\nA new closing sentence.\n", "utf-8")
    assert made(project) == 4 + 1
    assert build(project) == build(project, cache=False)
    assert "A new closing sentence." in build(project)["articles/text-2.md"]


def test_a_changed_glossary_relinks_every_article(project: Path) -> None:
    """Term links depend on the glossary file: editing it redoes the term stage only (the
    ranking stays: the terms found did not change)."""
    glossary = project / "data" / "glossary.yml"
    made(project)
    glossary.write_text(glossary.read_text("utf-8") + "\n", "utf-8")
    assert made(project) == 6
    assert build(project) == build(project, cache=False)


def test_a_sidecar_change_counts_as_an_edit(project: Path) -> None:
    """The article's key covers its sidecar: a new title reaches the page."""
    made(project)
    (project / "sources" / "text-0.yml").write_text("title: A title from the sidecar\n", "utf-8")
    assert made(project) == 4 + 1
    assert "A title from the sidecar" in build(project)["articles/text-0.md"]


def test_an_unreadable_cache_is_no_cache(project: Path) -> None:
    """A damaged cache file is ignored and replaced."""
    cache = project / ".cache" / StageCache.FILE
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\x80\x05 not a pickle")
    assert build(project) == build(project, cache=False)
    assert made(project) == 0


class _Planted:
    """Unpickling this creates a file: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.marker,))


def test_a_cache_not_signed_by_this_user_is_never_unpickled(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stages.pickle that came with a copied project (signed with another key, or not at
    all) is ignored without being unpickled: nothing in it runs."""
    marker = tmp_path_factory.mktemp("planted") / "ran"
    payload = pickle.dumps({"key": _Planted(marker)})
    cache = project / ".cache" / StageCache.FILE
    cache.parent.mkdir(parents=True)
    other_key = hmac.new(b"someone else's key, 32 bytes long", payload, hashlib.sha256)
    for forged in (payload, StageCache.MAGIC + other_key.digest() + payload):
        cache.write_bytes(forged)
        assert made(project) == 6 * 4 + 1
        assert not marker.exists()
    # The build replaced it with one of its own, which the next build uses.
    assert made(project) == 0
    # Another user (another signing key) does not trust it either.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("other-user")))
    assert made(project) == 6 * 4 + 1
