"""The parser scored per field on the wild corpus (tests/corpus/wild): real texts as users paste them.

Each text has a hand-written gold file (schema in tests/corpus/wild/README.md). The test
prints a table of the share of texts (or notes, or apparatus lines) that the parser gets
exactly right per field, and fails when any field is below the gate.

Run `pytest tests/test_wild_corpus.py -s` to see the table and the misses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from explainer.model import Article
from explainer.pages import load_article
from explainer.parse import humanize_slug

WILD = Path(__file__).parent / "corpus" / "wild"
GATE = 0.95
"""Share of texts each field must get right: the target of issue 14, not yet met (see below)."""

FLOOR = {
    "title": 48 / 48,
    "subtitle": 47 / 48,
    "authors": 47 / 48,
    "date": 47 / 48,
    "publication": 46 / 48,
    "salutation": 47 / 48,
    "signature": 47 / 48,
    "paragraphs": 36 / 48,
    "headings": 43 / 48,
    "lists": 46 / 48,
    "notes": 46 / 48,
    "apparatus": 39 / 59,
}
"""What the parser scores today, per field: a regression below it fails. Raise these as the
parser improves; the 95 % gate (GATE) is the target and is tested as a strict xfail."""


def _norm(text: str) -> str:
    """Case, accents, quotes and punctuation do not count."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"[\w]+", text))


def _sources() -> list[Path]:
    return sorted(
        p
        for p in WILD.iterdir()
        if p.suffix in {".txt", ".md"} and p.name != "README.md" and not p.name.startswith("SOURCES")
    )


def _gold(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.with_suffix(".gold.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


_ROLE_CLASS = {"licence": "furniture", "notes-heading": "notes-heading"}


def _role_class(role: str) -> str:
    return _ROLE_CLASS.get(role, role)


def _apparatus_hits(article: Article, gold: dict[str, Any], source: str) -> tuple[int, int, list[str]]:
    """How many gold apparatus lines the parser gave the same role.

    Roles are given per block: a gold line is right when the block covering the line where
    its text stands has the gold role (or, for furniture, when the line was removed).
    """
    hits = 0
    misses: list[str] = []
    lines = [_norm(line) for line in source.splitlines()]
    items = gold.get("apparatus") or []
    for item in items:
        wanted = _norm(str(item["text"]))[:40]
        at = {n + 1 for n, line in enumerate(lines) if wanted and line and (line.startswith(wanted) or wanted.startswith(line))}
        roles = [r for r in article.layout if any(r.line <= n <= r.end_line for n in at)]
        removed = [r for r in article.removed if r.line in at]
        got = {_role_class(r.role) for r in roles}
        if removed and _role_class(item["role"]) == "furniture":
            got.add("furniture")
        if _role_class(str(item["role"])) in got:
            hits += 1
        else:
            misses.append(f"{item['text']!r}: {item['role']} → {sorted(got) or 'body'}")
    return hits, len(items), misses


FIELDS: dict[str, Callable[[Article], object]] = {
    "title": lambda a: _norm(a.title),
    "subtitle": lambda a: _norm(a.dek),
    "authors": lambda a: sorted(_norm(n) for n in a.authors),
    "date": lambda a: a.date.iso() if a.date else "",
    "publication": lambda a: _norm(a.publication),
    "salutation": lambda a: _norm(a.salutation),
    "signature": lambda a: _norm(a.signature),
    "paragraphs": lambda a: len(a.paragraphs),
    "headings": lambda a: [_norm(s.heading) for s in a.sections if s.heading],
    "lists": lambda a: _list_sizes(a),
    "notes": lambda a: [(n.label, _kind(n.reference.kind)) for n in a.notes],
}


def _gold_value(field: str, gold: dict[str, Any]) -> object:
    value = gold.get(field)
    if field in {"title", "subtitle", "publication", "salutation", "signature"}:
        return _norm(str(value or ""))
    if field == "authors":
        return sorted(_norm(str(n)) for n in value or [])
    if field == "date":
        return str(value or "")
    if field == "headings":
        return [_norm(str(h)) for h in value or []]
    if field == "lists":
        return list(value or [])
    if field == "notes":
        return [(str(n["label"]), str(n["kind"])) for n in value or []]
    return value


def _kind(kind: str) -> str:
    return "explanatory" if kind == "comment" else kind


def _list_sizes(article: Article) -> list[int]:
    sizes: dict[int, int] = {}
    for paragraph in article.paragraphs:
        if paragraph.kind == "list":
            sizes[paragraph.list_start] = sizes.get(paragraph.list_start, 0) + 1
    return [sizes[k] for k in sorted(sizes)]


def score() -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per field `(right, total)`, and a line per miss."""
    totals = {name: [0, 0] for name in [*FIELDS, "apparatus"]}
    misses: list[str] = []
    for path in _sources():
        gold = _gold(path)
        article = load_article(path)
        for name, get in FIELDS.items():
            got, want = get(article), _gold_value(name, gold)
            if name == "title" and want == "" and article.title == humanize_slug(article.slug):
                got = ""  # no title in the text: the page is named after the file, as it should be
            totals[name][1] += 1
            if got == want:
                totals[name][0] += 1
            else:
                misses.append(f"{path.name} {name}: got {got!r}, want {want!r}")
        hits, count, missed = _apparatus_hits(article, gold, path.read_text(encoding="utf-8"))
        totals["apparatus"][0] += hits
        totals["apparatus"][1] += count
        misses += [f"{path.name} apparatus {m}" for m in missed]
    return {k: (v[0], v[1]) for k, v in totals.items()}, misses


def test_corpus_is_large_and_varied() -> None:
    """At least 40 texts, each with a gold file and a recorded source."""
    sources = _sources()
    assert len(sources) >= 40
    recorded = " ".join(p.read_text(encoding="utf-8") for p in WILD.glob("SOURCES*.md"))
    for path in sources:
        assert path.with_suffix(".gold.yml").exists(), path
        assert path.name in recorded, f"{path.name} has no row in SOURCES*.md"


def _table() -> tuple[dict[str, float], list[str]]:
    table, misses = score()
    print("\nfield         right / total   share   floor")
    shares = {}
    for name, (right, total) in table.items():
        shares[name] = right / total if total else 1.0
        print(f"{name:<13} {right:>5} / {total:<5}   {shares[name]:6.1%}  {FLOOR[name]:6.1%}")
    return shares, misses


def test_parser_keeps_its_scores(capsys: pytest.CaptureFixture[str]) -> None:
    """No field falls below what the parser scored when the floor was last raised."""
    with capsys.disabled():
        shares, misses = _table()
    low = {name: share for name, share in shares.items() if share < FLOOR[name] - 1e-9}
    assert not low, f"below the floor: {low}\n" + "\n".join(misses)


@pytest.mark.xfail(strict=True, reason="issue 14's 95 % per-field gate is not met yet")
def test_parser_meets_the_gate() -> None:
    """Every field right on at least 95 % of the corpus (notes and apparatus: of all items)."""
    shares, misses = _table()
    low = {name: share for name, share in shares.items() if share < GATE}
    assert not low, f"below {GATE:.0%}: {low}\n" + "\n".join(misses)
