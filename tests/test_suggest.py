"""Glossary and entity suggestions: properties on real essays, behaviour on small hand-made texts."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from explainer.model import Article
from explainer.notes import MARKER_RE
from explainer.parse import parse_article
from explainer.suggest import STOP_WORDS, Candidate, suggest_entities, suggest_terms

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def load(name: str) -> list[dict[str, Any]]:
    """Records of a JSONL corpus file."""
    with (CORPORA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


GOLDMAN = load("endnotes-goldman.jsonl")
GOLDMAN_IDS = [record["id"] for record in GOLDMAN]


@cache
def goldman(essay_id: str) -> Article:
    """A Goldman essay, parsed with its id as source and slug."""
    record = next(r for r in GOLDMAN if r["id"] == essay_id)
    return parse_article(record["text"], source=essay_id, slug=essay_id)


@cache
def goldman_terms(essay_id: str) -> tuple[Candidate, ...]:
    """The default term suggestions for one essay."""
    return tuple(suggest_terms([goldman(essay_id)]))


def article(body: str, slug: str = "t") -> Article:
    """A small article: a title line, then the given body."""
    return parse_article(f"Title\n\n{body}", source=f"{slug}.txt", slug=slug)


def variants(word: str) -> set[str]:
    """A word with its simple plural or singular (`policy`/`policies`, `box`/`boxes`)."""
    forms = {word, word + "s", word + "es"}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("s"):
        forms.add(word[:-1])
    return forms


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive match of a phrase, each word allowing a simple plural."""
    words = [
        "(?:" + "|".join(re.escape(v) for v in sorted(variants(w), key=len, reverse=True)) + ")"
        for w in phrase.lower().split()
    ]
    before = r"(?<!\w)(?<!\w-)(?<!\w['’])"  # not inside a word, a hyphenated word or `o’clock`
    after = r"(?!\w|-\w|['’]\w)"  # `drama--the` ends the word, `drama-like` and `drama’s` do not
    return re.compile(before + r"\s+".join(words) + after, re.I)


def occurrences(source: Article, phrase: str) -> dict[tuple[str, int], int]:
    """How often the phrase occurs in each paragraph (endnote markers removed)."""
    pattern = phrase_pattern(phrase)
    found: dict[tuple[str, int], int] = {}
    for paragraph in source.paragraphs:
        hits = len(pattern.findall(MARKER_RE.sub("", paragraph.text)))
        if hits:
            found[(source.slug, paragraph.number)] = hits
    return found


def phrases(candidates: list[Candidate]) -> list[str]:
    """The phrases of a candidate list, lower case."""
    return [c.phrase.lower() for c in candidates]


# --- Goldman essays: properties, not fixed lists ---------------------------------------------


def test_corpus_has_eight_essays() -> None:
    assert len(GOLDMAN) == 8


@pytest.mark.parametrize("essay_id", GOLDMAN_IDS)
def test_goldman_candidates_are_well_formed(essay_id: str) -> None:
    candidates = goldman_terms(essay_id)
    assert len(candidates) >= 5
    for candidate in candidates:
        words = candidate.phrase.lower().split()
        assert candidate.phrase.lower() not in STOP_WORDS
        assert words[0] not in STOP_WORDS and words[-1] not in STOP_WORDS, candidate
        assert all(w == "of" or w not in STOP_WORDS for w in words), candidate
        assert not any(re.fullmatch(r"[\d.,]+", w) for w in words), candidate
        assert len(candidate.phrase) >= 4 and all(len(w) >= 2 for w in words), candidate
        assert not re.search(r"[\[\]]", candidate.phrase), candidate
        if candidate.kind == "word":
            assert len(words) == 1 and len(words[0]) >= 5
        else:
            assert candidate.kind == "phrase" and 2 <= len(words) <= 4
            assert words.count("of") <= 1


@pytest.mark.parametrize("essay_id", GOLDMAN_IDS)
def test_goldman_candidates_occur_where_listed(essay_id: str) -> None:
    source = goldman(essay_id)
    numbers = {p.number for p in source.paragraphs}
    for candidate in goldman_terms(essay_id):
        assert list(candidate.paragraphs) == sorted(set(candidate.paragraphs))
        assert all(slug == essay_id and n in numbers for slug, n in candidate.paragraphs)
        found = occurrences(source, candidate.phrase)
        assert set(candidate.paragraphs) == set(found), candidate
        assert candidate.count == sum(found.values()), candidate


@pytest.mark.parametrize("essay_id", GOLDMAN_IDS)
def test_goldman_ranking_is_sorted_and_stable(essay_id: str) -> None:
    candidates = list(goldman_terms(essay_id))
    keys = [(-c.score, c.phrase.lower(), c.phrase) for c in candidates]
    assert keys == sorted(keys)
    assert suggest_terms([goldman(essay_id)], limit=3) == candidates[:3]


def plural(phrase: str) -> str:
    """The other number of a phrase's last word: `brothel` ↔ `brothels`, `policy` → `policies`."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("s") and not last.endswith("ss"):
        other = last[:-1]
    elif last.endswith(("ss", "x", "ch", "sh")):
        other = last + "es"
    elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        other = last[:-1] + "ies"
    else:
        other = last + "s"
    return f"{head} {other}".strip()


@pytest.mark.parametrize("essay_id", GOLDMAN_IDS)
def test_goldman_known_terms_are_excluded(essay_id: str) -> None:
    top = goldman_terms(essay_id)[0]
    pattern = phrase_pattern(top.phrase)
    for known in [top.phrase, top.phrase.upper(), plural(top.phrase)]:
        left = suggest_terms([goldman(essay_id)], known=[known], limit=200)
        assert not any(pattern.fullmatch(c.phrase) for c in left), known
        assert [c for c in left if c != top] == left


def test_several_articles_are_counted_together() -> None:
    first = article("Seaworthy hulls float. Seaworthy hulls last.", slug="a")
    second = article("Engineers build seaworthy hulls.", slug="b")
    found = {c.phrase: c for c in suggest_terms([first, second])}
    assert found["seaworthy hulls"].count == 3
    assert found["seaworthy hulls"].paragraphs == (("a", 1), ("b", 1))


# --- small texts: terms ----------------------------------------------------------------------

TERM_CASES = [
    pytest.param(
        "Tax credits were offered. A tax credit is only a promise. "
        "Poor families distrust tax credits.",
        "tax credits",
        3,
        ["tax credit"],
        id="plural-merged",
    ),
    pytest.param(
        "Every empire wants a sphere of influence. Rival spheres of influence collide. "
        "A sphere of influence is never quiet.",
        "sphere of influence",
        3,
        ["spheres of influence", "sphere of", "of influence"],
        id="inner-of",
    ),
    pytest.param(
        "Low-income households pay more. Landlords avoid low-income households.",
        "low-income households",
        2,
        ["income households", "low"],
        id="hyphenated-word",
    ),
    pytest.param(
        "Ships need seaworthy[3] hulls, and seaworthy[iv] hulls last.[^2]",
        "seaworthy hulls",
        2,
        ["iv hulls", "seaworthy iv"],
        id="markers-stripped",
    ),
    pytest.param(
        "The balance of power held. Diplomats kept the balance of power for decades.",
        "balance of power",
        2,
        ["balance of", "of power", "power for decades"],
        id="stop-words-at-edges",
    ),
]


@pytest.mark.parametrize(("body", "expected", "count", "absent"), TERM_CASES)
def test_terms_on_small_texts(body: str, expected: str, count: int, absent: list[str]) -> None:
    candidates = suggest_terms([article(body)])
    found = {c.phrase: c for c in candidates}
    assert expected in found, phrases(candidates)
    assert found[expected].count == count
    assert found[expected].kind == "phrase"
    assert not set(absent) & set(phrases(candidates))


def test_names_are_not_terms() -> None:
    body = (
        "Critics of the Modern School wrote letters. Teachers of the Modern School left. "
        "The Modern School closed.\n\n"
        "Thaddeus Quimby replied. Later Quimby wrote again, and Quimby won."
    )
    candidates = suggest_terms([article(body)])
    assert "modern school" not in phrases(candidates)
    assert "quimby" not in phrases(candidates)
    assert "thaddeus quimby" not in phrases(candidates)


def test_lower_case_concepts_are_terms_even_next_to_names() -> None:
    body = "Hard power matters. The Senate respects hard power. Hard power wins."
    found = {c.phrase: c for c in suggest_terms([article(body)])}
    assert found["hard power"].count == 3


def test_rare_words_are_terms() -> None:
    body = "Towns need aquifers. Aquifers run dry. A shallow aquifer, indeed."
    found = {c.phrase: c for c in suggest_terms([article(body)])}
    assert found["aquifers"].kind == "word"
    assert found["aquifers"].count == 3


def test_notes_are_not_read() -> None:
    body = "Hard power matters in every seaworthy ship.[1]\n\n[1] Jane Roe, Quaint Antiquarian Tomes, quaint antiquarian tomes."
    source = article(body)
    assert source.notes
    candidates = suggest_terms([source])
    assert not any("antiquarian" in p or "tomes" in p for p in phrases(candidates))


def test_known_terms_and_their_parts_are_excluded() -> None:
    body = "Tax credits fail. A tax credit is a promise. Poor families distrust tax credits."
    source = article(body)
    assert "tax credits" in phrases(suggest_terms([source]))
    for known in ["Tax Credit", "tax credits", "refundable tax credit"]:
        left = phrases(suggest_terms([source], known=[known]))
        assert "tax credits" not in left and "tax credit" not in left, known


def test_empty_input_and_limit() -> None:
    assert suggest_terms([]) == []
    assert suggest_entities([]) == []
    assert suggest_terms([article("Seaworthy hulls float. Seaworthy hulls last.")], limit=0) == []


# --- small texts: entities -------------------------------------------------------------------

ENTITY_CASES = [
    pytest.param(
        "Yesterday President Jane Doe spoke to reporters. Dr. Ada Smith agreed.",
        {"Jane Doe": "person", "Ada Smith": "person"},
        id="honorific",
    ),
    pytest.param(
        "Officials at the Department of Energy announced cuts. "
        "Critics blamed the Department of Energy.",
        {"Department of Energy": "organisation"},
        id="department",
    ),
    pytest.param(
        "He chairs the Center for Law/Policy Studies in town.",
        {"Center for Law/Policy Studies": "organisation"},
        id="inner-for",
    ),
    pytest.param(
        "Diplomats at the OSCE met. Later the OSCE agreed.",
        {"OSCE": "organisation"},
        id="acronym",
    ),
    pytest.param(
        "Talks were held in Vienna last week. Nobody expected much.",
        {"Vienna": "place"},
        id="place-after-in",
    ),
    pytest.param(
        "Both Spain and Portugal signed the paper.",
        {"Spain": "name", "Portugal": "name"},
        id="and-splits-names",
    ),
]


@pytest.mark.parametrize(("body", "expected"), ENTITY_CASES)
def test_entities_on_small_texts(body: str, expected: dict[str, str]) -> None:
    found = {c.phrase: c.kind for c in suggest_entities([article(body)])}
    for phrase, kind in expected.items():
        assert found.get(phrase) == kind, found


def test_sentence_initial_common_words_are_not_entities() -> None:
    body = (
        "However, the talks failed. Negotiators left early. Yesterday nothing moved. "
        "Prices rose sharply."
    )
    assert suggest_entities([article(body)]) == []


def test_sentence_initial_name_counts_when_it_recurs() -> None:
    body = "Vienna hosted the talks. Delegates liked Vienna.\n\nVienna is pleasant."
    found = {c.phrase: c for c in suggest_entities([article(body)])}
    assert found["Vienna"].count == 3
    assert found["Vienna"].paragraphs == (("t", 1), ("t", 2))


def test_entities_titles_possessives_and_known() -> None:
    body = (
        "Yesterday President Jane Doe spoke. Critics answered Doe's speech. "
        "Officials at the OSCE met in Vienna."
    )
    source = article(body)
    found = {c.phrase: c for c in suggest_entities([source])}
    assert found["Doe"].kind == "person"
    assert "President" not in found and "Doe's" not in found
    left = {c.phrase for c in suggest_entities([source], known=["jane doe", "OSCE"])}
    assert left == {"Vienna"}


def test_entity_ranking_is_by_count_then_name() -> None:
    body = "Talks in Vienna and in Oslo. Delegates from Oslo, from Oslo again, and from Rome."
    candidates = suggest_entities([article(body)])
    assert [c.phrase for c in candidates] == ["Oslo", "Rome", "Vienna"]
    assert [c.count for c in candidates] == [3, 1, 1]
    assert all(c.kind == "place" for c in candidates)
