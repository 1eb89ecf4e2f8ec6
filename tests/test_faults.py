"""Fault isolation: one article can never stop the site (issue 14, section 1).

Each stage is patched to raise on one article (the "victim"); the build still returns the
other article's page, the victim without that part (or left out, for parsing and rendering),
and a `stage-failed` error naming the victim's file and the stage. `--strict` fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from explainer import cli, guard, mkdocs_plugin, pages, render
from explainer.argument import summarize_paragraphs
from explainer.cite import Edition, Sources
from explainer.guard import STAGE_FAILED, guarded
from explainer.mkdocs_plugin import ExplainerPlugin
from explainer.model import Article, Diagnostic

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

VICTIM = "victim"
OTHER = "other"
TEXTS = {
    VICTIM: (
        "Fund the Buses\n\n"
        "The city should fund buses now, because traffic costs everyone time.[1]\n\n"
        "1. Raise the budget for buses.\n\n"
        "Go\n\n"
        "Critics say buses are slow. But dedicated lanes make them fast.\n\n"
        "Notes\n\n"
        "[1] Ann Lee, “Traffic in the city,” The Daily Record, December 4, 2019.\n"
    ),
    OTHER: (
        "Trains for the Suburbs\n\n"
        "The region must build suburban trains, because buses cannot carry everyone.\n\n"
        "Since 2014 ridership has grown. In 1600 tons of freight we see the same trend.\n"
    ),
}


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for slug, text in TEXTS.items():
        (folder / f"{slug}.txt").write_text(text, encoding="utf-8")
    return folder


def fake_cite(
    articles: Sequence[Article],
    edition: Edition,
    cache_dir: Path | None = None,
    names: frozenset[str] = frozenset(),
) -> pages.Citations:
    """Citations without Node: a marker box per article."""
    boxes = {a.slug: f"CITE-BOX-{a.slug}" for a in articles}
    return pages.Citations(
        boxes, {a.slug: {} for a in articles}, "# Bibliography\n", {}, {}, Sources()
    )


@pytest.fixture
def no_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "cite_articles", fake_cite)
    monkeypatch.delenv(guard.DEBUG_ENV, raising=False)


def failing_for_victim(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
    """Patch `owner.name` to raise for the victim article (its first or a keyword argument)."""
    original: Callable[..., Any] = getattr(owner, name)

    def patched(*args: Any, **kwargs: Any) -> Any:
        if any(VICTIM in repr(a) for a in (*args[:1], *kwargs.values())):
            raise IndexError("list index out of range")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, patched)


def failures(result: pages.BuildResult) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code == STAGE_FAILED]


def page_of(result: pages.BuildResult, slug: str) -> str | None:
    return result.pages.get(render.article_uri(slug))


# (what to patch, stages named in the messages (" + "), is the victim still published, what its
# page lacks)
STAGES: dict[str, tuple[tuple[object, str], str, bool, str]] = {
    "decode": ((pages, "read_source"), "reading and parsing failed", False, ""),
    "parse": ((pages, "parse_article"), "reading and parsing failed", False, ""),
    "glossary and entities": (
        (pages, "link_phrases"),
        "glossary links failed + entity links failed",
        True,
        "",
    ),
    "timeline": ((pages, "dated_mentions"), "timeline dates failed", True, ""),
    "argument summary": (
        (pages, "summarize_article"),
        "argument summary failed",
        True,
        "Argument summary",
    ),
    "note check": ((pages.cite, "note_diagnostics"), "note check failed", True, ""),
    "rendering": ((pages.render, "article_page"), "page rendering failed", False, ""),
}


@pytest.mark.usefixtures("no_node")
@pytest.mark.parametrize(("target", "stage", "published", "lacks"), STAGES.values(), ids=STAGES)
def test_a_failing_stage_loses_only_that_part_of_one_article(
    monkeypatch: pytest.MonkeyPatch,
    sources: Path,
    target: tuple[object, str],
    stage: str,
    published: bool,
    lacks: str,
) -> None:
    before = pages.build_pages(sources, DATA)
    assert failures(before) == []
    failing_for_victim(monkeypatch, *target)
    result = pages.build_pages(sources, DATA)
    found = {(d.file, d.message.split(" (")[0]) for d in failures(result)}
    assert found == {(str(sources / "victim.txt"), s) for s in stage.split(" + ")}
    assert all(str(d).startswith(f"{sources / 'victim.txt'}:0: error: ") for d in failures(result))
    assert page_of(result, OTHER) is not None
    assert "CITE-BOX-other" in (page_of(result, OTHER) or "")
    victim = page_of(result, VICTIM)
    assert (victim is not None) == published
    assert [a.slug for a in result.articles] == [
        a.slug for a in before.articles if published or a.slug != VICTIM
    ]
    if victim is not None and lacks:
        assert lacks in (page_of(before, VICTIM) or "")
        assert lacks not in victim
    if not published:
        assert VICTIM not in result.pages[pages.INDEX_URI]
        assert "victim/" not in (page_of(result, OTHER) or "")


@pytest.mark.usefixtures("no_node")
def test_failed_related_articles_and_citations_leave_the_pages_without_them(
    monkeypatch: pytest.MonkeyPatch, sources: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> Any:
        raise ValueError("bad input")

    monkeypatch.setattr(pages, "related_articles", broken)
    monkeypatch.setattr(pages, "cite_articles", broken)
    result = pages.build_pages(sources, DATA)
    assert sorted(d.message for d in failures(result)) == [
        "citations failed (ValueError: bad input); pages built without citations",
        "related articles failed (ValueError: bad input); pages built without related articles",
    ]
    assert {d.file for d in failures(result)} == {str(sources)}
    assert page_of(result, VICTIM) and page_of(result, OTHER)
    assert "CITE-BOX" not in (page_of(result, OTHER) or "")


def test_a_citation_failure_loses_only_that_articles_cite_box(
    monkeypatch: pytest.MonkeyPatch, sources: Path, tmp_path: Path
) -> None:
    """The real citation stage (Node), with one article's items failing."""
    monkeypatch.delenv(guard.DEBUG_ENV, raising=False)
    failing_for_victim(monkeypatch, pages.cite, "original_item")
    result = pages.build_pages(sources, DATA, cache_dir=tmp_path / "cache")
    assert [(d.file, d.message.split(" (")[0]) for d in failures(result)] == [
        (str(sources / "victim.txt"), "citation failed")
    ]
    assert "Cite this page" in (page_of(result, OTHER) or "")
    assert "Cite this page" not in (page_of(result, VICTIM) or "x")


def test_debug_lets_the_exception_through(monkeypatch: pytest.MonkeyPatch, sources: Path) -> None:
    monkeypatch.setattr(pages, "cite_articles", fake_cite)
    monkeypatch.setenv(guard.DEBUG_ENV, "1")
    failing_for_victim(monkeypatch, pages, "summarize_article")
    with pytest.raises(IndexError):
        pages.build_pages(sources, DATA)


def test_guarded_returns_the_result_or_the_default_with_a_diagnostic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(guard.DEBUG_ENV, raising=False)
    assert guarded("sum", "x.txt", 0, sum, [1, 2]) == (3, ())
    value, (diagnostic,) = guarded("argument summary", "sources/x.txt", None, [].pop)
    assert value is None
    assert str(diagnostic) == (
        "sources/x.txt:0: error: argument summary failed (IndexError: pop from empty list); "
        "page built without it [stage-failed]"
    )


# The command line -------------------------------------------------------------------------


@pytest.mark.usefixtures("no_node")
def test_check_reports_the_failure_per_file_and_goes_on(
    monkeypatch: pytest.MonkeyPatch, sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failing_for_victim(monkeypatch, pages, "summarize_article")
    status = cli.main(["check", "--sources", str(sources), "--data", str(DATA)])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"{sources / 'victim.txt'}:0: error: argument summary failed (IndexError" in out
    assert "2 articles" in out
    assert "Traceback" not in out + err


def test_summarize_reports_the_failure_per_file_and_goes_on(
    monkeypatch: pytest.MonkeyPatch, sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(guard.DEBUG_ENV, raising=False)
    import explainer.argument as argument

    failing_for_victim(monkeypatch, argument, "summarize_article")
    status = cli.main(["summarize", str(sources / "victim.txt"), str(sources / "other.txt")])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"{sources / 'victim.txt'}:0: error: argument summary failed" in err
    assert "# Trains for the Suburbs" in out
    assert "Traceback" not in err


def test_the_numbered_list_article_summarizes_and_checks(
    sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The crash of issue 14 (`thesis_score` IndexError), through the command line."""
    assert cli.main(["summarize", str(sources / "victim.txt")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# Fund the Buses\nThesis")
    assert err == ""


# The MkDocs plugin ------------------------------------------------------------------------


def plugin_with(
    diagnostics: tuple[Diagnostic, ...], monkeypatch: pytest.MonkeyPatch
) -> tuple[ExplainerPlugin, MkDocsConfig]:
    """The plugin, with a generator that finds only `diagnostics` (the build runs in `on_files`)."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "docs_dir": str(ROOT / "docs")})
    errors, _ = config.validate()
    assert not errors
    plugin = ExplainerPlugin()
    plugin.load_config({"sources_dir": str(ROOT / "sources")})
    result = pages.BuildResult(pages={}, articles=(), diagnostics=diagnostics)
    monkeypatch.setattr(mkdocs_plugin, "build_pages", lambda *args, **kwargs: result)
    return plugin, config


def test_plugin_logs_failures_as_warnings_and_info_as_info(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = Diagnostic("sources/x.txt", 0, STAGE_FAILED, "argument summary failed (E)", "error")
    info = Diagnostic("sources/x.txt", 3, "double-spacing", "double spacing undone", "info")
    plugin, config = plugin_with((failure, info), monkeypatch)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins"):
        plugin.on_files(Files([]), config=config)
    levels = {r.getMessage().split(": ", 1)[-1]: r.levelno for r in caplog.records}
    by_text = {text: level for text, level in levels.items() if "sources/x.txt" in text}
    assert sorted(by_text.values()) == [logging.INFO, logging.WARNING]
    assert by_text[next(t for t in by_text if "stage-failed" in t)] == logging.WARNING


# Argument summary: the root cause -----------------------------------------------------------


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["The city should fund buses.", "1. Raise the budget for buses.", "It must act."],
        ["Go", "We must fund buses now."],
        ["1.", "2.", "We should act."],
        ["Go", "No"],
    ],
    ids=["numbered item", "one-word line", "bare numbers", "only short lines"],
)
def test_short_sentences_do_not_break_the_thesis_score(paragraphs: list[str]) -> None:
    summary = summarize_paragraphs(paragraphs, title="Buses")
    for unit in summary.units:
        assert unit.text == paragraphs[unit.paragraph - 1][unit.start : unit.end]


# Sources: .txt and .md --------------------------------------------------------------------


def test_load_articles_reads_markdown_sources_and_reports_clashes_and_orphans(
    tmp_path: Path,
) -> None:
    (tmp_path / "post.md").write_text(
        "# A Markdown Post\n\nBuses should be **free**, because fares keep riders away.\n",
        encoding="utf-8",
    )
    (tmp_path / "post.yml").write_text("authors: [Ann Lee]\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text(TEXTS[OTHER], encoding="utf-8")
    (tmp_path / "plain.md").write_text("# Same Slug\n\nText of the post.\n", encoding="utf-8")
    (tmp_path / "lonely.yml").write_text("authors: [Nobody]\n", encoding="utf-8")
    articles, diagnostics = pages.load_articles(tmp_path)
    assert sorted(a.source for a in articles) == [
        str(tmp_path / "plain.md"),
        str(tmp_path / "post.md"),
    ]
    assert next(a for a in articles if a.slug == "post").authors == ("Ann Lee",)
    codes = sorted(
        (Path(d.file).name, d.code, d.severity) for d in diagnostics if d.severity != "info"
    )
    assert ("plain.txt", "slug-clash", "error") in codes
    assert ("lonely.yml", "sidecar-orphan", "warning") in codes
    assert not any(name == "post.yml" for name, _, _ in codes)


def test_a_stage_that_runs_away_is_stopped_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """(Issue 15.) A stage past its time limit is stopped like one that raised: the build
    goes on, the file is named."""
    import time as time_module

    monkeypatch.setattr(guard, "STAGE_SECONDS", 0.2)

    def forever() -> int:
        while True:
            time_module.sleep(0.01)

    result, diagnostics = guard.guarded("argument summary", "sources/x.txt", 7, forever)
    assert result == 7
    assert [(d.file, d.code) for d in diagnostics] == [("sources/x.txt", "stage-failed")]
    assert "StageTimeout" in diagnostics[0].message
