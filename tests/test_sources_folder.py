"""What `sources/` may hold (issue 15, findings 9, 11 and 12): regular files only, no
reserved page names, and names in any script give distinct pages."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from explainer.glossary import parse_glossary
from explainer.pages import load_articles

ARTICLE = "A Title\n\nThe council met on Tuesday and voted to keep the old bus routes.\n"


def codes(diagnostics: object) -> list[tuple[str, str]]:
    return [(Path(d.file).name, d.code) for d in diagnostics]  # type: ignore[attr-defined]


def test_a_symbolic_link_to_a_secret_is_not_published(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret\n\nPASSWORD=hunter2 is the password.\n", encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (sources / "leak.txt").symlink_to(secret)
    (sources / "good.yml").symlink_to(secret)
    articles, diagnostics = load_articles(sources)
    assert [a.slug for a in articles] == ["good"]
    assert ("leak.txt", "source-refused") in codes(diagnostics)
    assert ("good.yml", "source-refused") in codes(diagnostics)
    assert all("hunter2" not in p.text for a in articles for p in a.paragraphs)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_does_not_hang_the_build(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "good.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(sources / "x.txt")
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(load_articles(sources)), daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert result, "load_articles blocked on a named pipe"
    articles, diagnostics = result[0]  # type: ignore[misc]
    assert [a.slug for a in articles] == ["good"]
    assert ("x.txt", "source-refused") in codes(diagnostics)


def test_index_is_a_reserved_page_name(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "index.txt").write_text(ARTICLE, encoding="utf-8")
    (sources / "good.txt").write_text(ARTICLE, encoding="utf-8")
    articles, diagnostics = load_articles(sources)
    assert [a.slug for a in articles] == ["good"]
    assert ("index.txt", "slug-reserved") in codes(diagnostics)


def test_names_in_other_scripts_give_distinct_pages(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("война.txt", "ελληνικά.txt", "مقالة.txt"):
        (sources / name).write_text(ARTICLE, encoding="utf-8")
    articles, diagnostics = load_articles(sources)
    assert sorted(a.slug for a in articles) == sorted(["война", "ελληνικά", "مقالة"])
    assert not [d for d in diagnostics if d.code == "slug-clash"]


def test_glossary_terms_in_other_scripts_are_distinct() -> None:
    text = "terms:\n  - term: война\n    definition: War.\n  - term: мир\n    definition: Peace.\n"
    terms, diagnostics = parse_glossary(text, "glossary.yml")
    assert [t.term for t in terms] == ["война", "мир"]
    assert not diagnostics
