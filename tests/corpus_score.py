"""Scoring the parser per field against a corpus of real texts with hand-written gold
files (schema: tests/corpus/wild/README.md). Used by test_wild_corpus.py (the corpus the
rules are developed on) and test_heldout_corpus.py (texts nobody tuned them on).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from explainer.model import Article
from explainer.pages import load_article
from explainer.parse import humanize_slug


def _norm(text: str) -> str:
    """Case, accents, quotes and punctuation do not count."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"[\w]+", text))


def sources(folder: Path) -> list[Path]:
    """The texts of a corpus folder (each with a `.gold.yml`)."""
    return sorted(
        p
        for p in folder.iterdir()
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
    raw_lines = source.splitlines()
    lines = [_norm(line) for line in raw_lines]
    items = gold.get("apparatus") or []
    for item in items:
        wanted = _norm(str(item["text"]))[:40]
        if wanted:
            at = {n + 1 for n, line in enumerate(lines) if line and (wanted in line or wanted.startswith(line))}
        else:  # a line of punctuation only (`###`, `*  *  *`)
            at = {n + 1 for n, line in enumerate(raw_lines) if line.strip() and line.strip() == str(item["text"]).strip()}
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
    # A label printed on several notes is told apart as `*(2)`: the gold records the printed label.
    "notes": lambda a: [(re.sub(r"\(\d+\)$", "", n.label), _kind(n.reference.kind)) for n in a.notes],
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
        return [(re.sub(r"\(\d+\)$", "", str(n["label"])), str(n["kind"])) for n in value or []]
    return value


def _kind(kind: str) -> str:
    return "explanatory" if kind == "comment" else kind


def _list_sizes(article: Article) -> list[int]:
    sizes: dict[int, int] = {}
    for paragraph in article.paragraphs:
        if paragraph.kind == "list":
            sizes[paragraph.list_start] = sizes.get(paragraph.list_start, 0) + 1
    return [sizes[k] for k in sorted(sizes)]


def score(folder: Path) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per field `(right, total)`, and a line per miss."""
    totals = {name: [0, 0] for name in [*FIELDS, "apparatus"]}
    misses: list[str] = []
    for path in sources(folder):
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




def table(folder: Path, floor: dict[str, float] | None = None) -> tuple[dict[str, float], list[str]]:
    """Print the per-field table of a corpus; return the shares and the misses."""
    scores, misses = score(folder)
    print(f"\n{folder.name}: field  right / total   share" + ("   floor" if floor else ""))
    shares = {}
    for name, (right, total) in scores.items():
        shares[name] = right / total if total else 1.0
        line = f"{name:<13} {right:>5} / {total:<5}   {shares[name]:6.1%}"
        print(line + (f"  {floor[name]:6.1%}" if floor else ""))
    return shares, misses
