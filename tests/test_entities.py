"""Entities, related articles, the timeline and the cross-link pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer import render
from explainer.entities import entity_matcher, parse_entities
from explainer.model import PartialDate
from explainer.pages import build_pages
from explainer.parse import parse_article
from explainer.related import dated_mentions, related_articles

ROOT = Path(__file__).resolve().parents[1]

ENTITIES = """people:
  - name: Vladimir Putin
    aliases: [Putin, President Putin]
    description: President of Russia.
organisations:
  - name: North Atlantic Treaty Organization
    aliases: [NATO]
    description: An alliance.
places:
  - name: Baltic states
    description: Estonia, Latvia and Lithuania.
"""


def test_entities_parse_by_kind() -> None:
    entities, diagnostics = parse_entities(ENTITIES, "e.yml")
    assert diagnostics == []
    assert [(e.name, e.kind, e.group, e.anchor) for e in entities] == [
        ("Vladimir Putin", "person", "people", "entity-vladimir-putin"),
        (
            "North Atlantic Treaty Organization",
            "organisation",
            "organisations",
            "entity-north-atlantic-treaty-organization",
        ),
        ("Baltic states", "place", "places", "entity-baltic-states"),
    ]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("people: [\n", 2, "not valid YAML"),
        ("- a\n", 1, "must map people/organisations/places"),
        ("pets:\n  - name: Rex\n", 1, "unknown section 'pets'"),
        ("people: Rex\n", 1, "'people' must be a list"),
        ("people:\n  - name: Rex\n    aliases: 4\n", 3, "`aliases` must be a list"),
        ("people:\n  - name: Rex\n    age: 4\n", 3, "unknown key 'age'"),
        ("people:\n  - aliases: [R]\n", 2, "`name` must be a non-empty string"),
        ("people:\n  - name: Rex\nplaces:\n  - name: Rex\n", 4, "listed twice"),
    ],
)
def test_entity_errors_name_entry_and_line(text: str, line: int, fragment: str) -> None:
    _, diagnostics = parse_entities(text, "data/entities.yml")
    assert diagnostics and diagnostics[0].severity == "error"
    assert (diagnostics[0].file, diagnostics[0].line) == ("data/entities.yml", line)
    assert fragment in diagnostics[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "President Putin spoke; later Putin left.",
            [("vladimir-putin", "President Putin"), ("vladimir-putin", "Putin")],
        ),
        ("NATO members and the nato acronym", [("north-atlantic-treaty-organization", "NATO")]),
        ("the Baltic states and baltic states", [("baltic-states", "Baltic states")]),
        ("Putinism is a word", []),
    ],
)
def test_entity_matching_is_case_sensitive_for_names(
    text: str, expected: list[tuple[str, str]]
) -> None:
    entities, _ = parse_entities(ENTITIES, "e.yml")
    assert [(m.slug, m.text) for m in entity_matcher(entities).find(text)] == expected


def article(slug: str, body: str, title: str = "A Title") -> object:
    return parse_article(f"{title}\n\n{body}\n", source=f"{slug}.txt", slug=slug)


def test_related_articles_rank_by_similarity_and_show_shared_names() -> None:
    a = article(
        "a", "Nuclear deterrence keeps the peace between rival powers. Deterrence needs missiles."
    )
    b = article("b", "Deterrence with nuclear missiles keeps rival powers at peace, some say.")
    c = article("c", "Recycling household rubbish saves resources and money in every city.")
    features = {"a": {"deterrence", "NATO"}, "b": {"deterrence"}, "c": {"recycling"}}
    related = related_articles([a, b, c], features)  # type: ignore[list-item]
    assert [r.slug for r in related["a"]] == ["b"]
    assert related["a"][0].shared == ("deterrence",)
    assert 0 < related["a"][0].score <= 1
    assert related["c"] == ()  # nothing in common: no related article
    assert related_articles([a], {}) == {"a": ()}  # type: ignore[list-item]


def test_dated_mentions_find_dates_and_years_but_not_amounts() -> None:
    art = parse_article(
        "T\n\nIn June 2019 the aid was frozen; on September 25, 2019 it was released.\n\n"
        "Signed in 1994, the memorandum failed. It cost $2014 and 2000 percent more, and 1,500 "
        "troops. The 1995 delegates met.\n",
        source="t.txt",
        slug="t",
    )
    found = [(m.date, m.paragraph) for m in dated_mentions(art)]  # type: ignore[arg-type]
    assert found == [
        (PartialDate(2019, 6), 1),
        (PartialDate(2019, 9, 25), 1),
        (PartialDate(1994), 2),
    ]
    assert dated_mentions(art)[2].context == "Signed in 1994, the memorandum failed."  # type: ignore[arg-type]


def test_cross_link_pages_for_the_real_sources() -> None:
    """Glossary, entity and compare pages list real uses that point at real paragraphs."""
    result = build_pages(ROOT / "sources", ROOT / "data")
    assert not [
        d for d in result.diagnostics if "entities.yml" in d.file or "glossary.yml" in d.file
    ]
    assert result.unmentioned_entities() == ()
    paragraphs = {(a.slug, p.number): p.text for a in result.articles for p in a.paragraphs}
    names = {e.slug: (e.name, *e.aliases) for e in result.entities}
    for slug, uses in result.entity_uses.items():
        for use in uses:
            text = paragraphs[(use.article, use.paragraph)]
            assert any(name in text for name in names[slug]), (slug, use)
    compare = result.pages[render.COMPARE_URI]
    assert "## Pairs of related articles" in compare and "## Timeline" in compare
    for a in result.articles:
        assert f"articles/{a.slug}.md" in compare
        page = result.pages[render.article_uri(a.slug)]
        assert "## Related articles" in page
    people = result.pages["people.md"]
    assert "{ #entity-vladimir-putin }" in people
