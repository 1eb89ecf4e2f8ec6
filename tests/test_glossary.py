"""Glossary stage: schema validation, matching rules, first-use links, glossary page."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer import render
from explainer.glossary import Term, parse_glossary, term_matcher
from explainer.matching import inflections, link_phrases
from explainer.parse import parse_article

ROOT = Path(__file__).resolve().parents[1]


def term(name: str, **extra: object) -> Term:
    return Term(term=name, definition=f"Definition of {name}.", line=1, **extra)  # type: ignore[arg-type]


TERMS = (
    term("hard power", see_also=("soft power",)),
    term("soft power"),
    term("power"),
    term("sphere of influence"),
    term("counter-value weapon", forms=("counter-value weapons", "countervalue weapon")),
    term("NATO", aliases=("the Alliance",)),
    term("ally"),
    term("Javelin anti-tank missile", aliases=("Javelin",)),
)
MATCHER = term_matcher(TERMS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It needs hard power.", [("hard-power", "hard power")]),
        ("Hard power matters.", [("hard-power", "Hard power")]),  # sentence start, any case
        ("HARD POWER", [("hard-power", "HARD POWER")]),
        ("two spheres of influence", [("sphere-of-influence", "spheres of influence")]),
        ("a sphere of influence", [("sphere-of-influence", "sphere of influence")]),
        ("our allies and one ally", [("ally", "allies"), ("ally", "ally")]),
        ("counter-value weapons", [("counter-value-weapon", "counter-value weapons")]),
        ("a countervalue weapon", [("counter-value-weapon", "countervalue weapon")]),
        ("NATO’s members", [("nato", "NATO")]),
        ("nato is lower case", []),  # acronyms match only as written
        ("the Alliance met", [("nato", "the Alliance")]),
        ("Javelins were sent", [("javelin-anti-tank-missile", "Javelins")]),
        (
            "Javelin anti-tank missiles",
            [("javelin-anti-tank-missile", "Javelin anti-tank missiles")],
        ),
        ("hard\u00a0power with a no-break space", [("hard-power", "hard\u00a0power")]),
        # longest match first; the shorter term inside a longer one is not matched again
        (
            "soft power and hard power and power",
            [("soft-power", "soft power"), ("hard-power", "hard power"), ("power", "power")],
        ),
        # never inside other words
        ("superpowers and powerful empowerment", []),
        ("a hard-powered state", []),
    ],
)
def test_matcher(text: str, expected: list[tuple[str, str]]) -> None:
    """Inflections, case rules, longest match, word boundaries."""
    assert [(m.slug, m.text) for m in MATCHER.find(text)] == expected


@pytest.mark.parametrize(
    ("surface", "plurals"),
    [
        ("ally", ("allies",)),
        ("day", ("days",)),
        ("tax", ("taxes",)),
        ("crisis", ()),
        ("press", ("presses",)),
        ("NATO", ()),
        ("balance of power", ("balances of power",)),
        ("arms race", ("arms races",)),
    ],
)
def test_inflections(surface: str, plurals: tuple[str, ...]) -> None:
    assert inflections(surface) == (surface, *plurals)


ARTICLE = """Title

Hard power is one thing. Hard power again, and NATO.[i]

Second paragraph: hard power once more.

A Section Heading About Hard Power

Under a heading, hard power is linked again; NATO too.

[i] A note about hard power and NATO.
"""


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("section", {1: ["hard-power", "nato"], 3: ["hard-power", "nato"]}),
        ("article", {1: ["hard-power", "nato"]}),
        (
            "all",
            {1: ["hard-power", "hard-power", "nato"], 2: ["hard-power"], 3: ["hard-power", "nato"]},
        ),
    ],
)
def test_first_use_rule(rule: str, expected: dict[int, list[str]]) -> None:
    """Only the first use per section (or article) becomes a link; uses are all recorded."""
    article = parse_article(ARTICLE, source="a.txt", slug="a")
    links, uses = link_phrases(article, MATCHER, rule)  # type: ignore[arg-type]
    assert {n: [m.slug for m in ms] for n, ms in links.items()} == expected
    assert [u.paragraph for u in uses["hard-power"]] == [1, 2, 3]


def test_links_never_in_headings_notes_or_markers() -> None:
    """Headings, notes and footnote labels stay untouched; the term link is a real link."""
    article = parse_article(ARTICLE, source="a.txt", slug="a")
    links, _ = link_phrases(article, MATCHER, "section")
    used = {m.slug for ms in links.values() for m in ms}
    cross = render.Crosslinks(links, tuple(t for t in TERMS if t.slug in used))
    page = render.article_page(article, cross)
    body = page.split("---\n", 2)[2]
    html = markdown.markdown(
        body, extensions=["attr_list", "footnotes", "md_in_html", "admonition", "toc"]
    )
    soup = BeautifulSoup(html, "html.parser")
    assert all(not h.find("a", class_="ex-term") for h in soup.find_all(["h1", "h2", "h3"]))
    footnotes = soup.find("div", class_="footnote")
    assert footnotes is not None and not footnotes.find("a", class_="ex-term")
    terms = soup.select("p.ex-para a.ex-term")
    assert [(a["data-term"], a.get_text()) for a in terms] == [
        ("hard-power", "Hard power"),
        ("nato", "NATO"),
        ("hard-power", "hard power"),
        ("nato", "NATO"),
    ]
    assert all(a["href"] == "../glossary.md#term-" + a["data-term"] for a in terms)
    assert soup.select_one("sup a.footnote-ref") is not None  # the marker survived next to a term
    defs = soup.select("div.ex-defs div.ex-def")
    assert sorted(d["id"] for d in defs) == ["def-hard-power", "def-nato"]
    see_also = soup.select_one("#def-hard-power a.ex-term")
    assert see_also is not None and see_also["data-term"] == "soft-power"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("terms: [}", 1, "not valid YAML"),
        ("other: 1\n", 1, "`terms:` list"),
        ("terms:\n  - term: x\n", 2, "entry 'x': `definition` must be a non-empty string"),
        ("terms:\n  - term: x\n    definition: d\n    aliases: 3\n", 4, "`aliases` must be a list"),
        (
            "terms:\n  - term: x\n    definition: d\n    category: gadget\n",
            4,
            "`category` must be one of",
        ),
        ("terms:\n  - term: x\n    definition: d\n    colour: red\n", 4, "unknown key 'colour'"),
        (
            "terms:\n  - term: x\n    definition: d\n    see_also: [y]\n",
            2,
            "see_also 'y' is not an entry",
        ),
        (
            "terms:\n  - term: x\n    definition: d\n  - term: X\n    definition: e\n",
            4,
            "defined twice",
        ),
        ("terms:\n  - just a string\n", 2, "an entry must be a mapping"),
    ],
)
def test_schema_errors_name_entry_and_line(text: str, line: int, fragment: str) -> None:
    """A bad entry is an error naming the entry and its line."""
    _, diagnostics = parse_glossary(text, "data/glossary.yml")
    errors = [d for d in diagnostics if d.severity == "error"]
    assert errors, diagnostics
    assert errors[0].file == "data/glossary.yml"
    assert errors[0].line == line
    assert fragment in errors[0].message


def test_team_glossary_is_valid_and_every_entry_is_used() -> None:
    """The shipped glossary validates, and each entry occurs in some article in sources/."""
    from explainer.pages import build_pages

    result = build_pages(ROOT / "sources", ROOT / "data")
    assert not [d for d in result.diagnostics if d.file.endswith("glossary.yml")]
    assert 25 <= len(result.terms) <= 40
    assert result.unused_terms() == ()
