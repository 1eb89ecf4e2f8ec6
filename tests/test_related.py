"""Related articles and timeline dates (explainer/related.py): only real dates, only close articles."""

from __future__ import annotations

import pytest

from explainer.model import Article, Paragraph, Section
from explainer.parse import parse_article
from explainer.related import MIN_SIMILARITY, find_dates, related_articles


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # Full dates are always dates.
        ("On 24 February 2022 Russia invaded.", ["2022-02-24"]),
        ("In March 2022 the talks failed.", ["2022-03"]),
        ("Friday, November 23, 1787.", ["1787-11-23"]),
        ("It was released 2019-09-25.", ["2019-09-25"]),
        # Bare years after a preposition of time.
        ("The war began in 1914.", ["1914"]),
        ("Since 2014, Russia has occupied Crimea.", ["2014"]),
        ("Emissions must halve by 2030.", ["2030"]),
        ("From 1914 to 1918 Europe was at war.", ["1914", "1918"]),
        ("Between 1990 and 2000 prices fell.", ["1990", "2000"]),
        ("In the year 1848 revolutions spread.", ["1848"]),
        ("By early 2030 the grid is clean.", ["2030"]),
        ("until 1989, after 1945, before 1600, during 1917", ["1989", "1945", "1600", "1917"]),
        # Quantities are not dates.
        ("The ship was 1600 tons gross.", []),
        ("In 1600 tons of coal were shipped.", []),
        ("About 1,600 people came.", []),
        ("The 2000 delegates met.", []),
        ("It rose to 2000 dollars.", []),
        ("A 1600-ton ship sailed.", []),
        ("It cost $2014 and 2000 percent more.", []),
        ("In 2000 people voted by 1800 votes.", []),
        ("He won by 1800 votes in 1800.", ["1800"]),
        ("Page 1914 of the report.", []),
        ("In 1914.5 units", []),
    ],
)
def test_timeline_dates_are_only_dates(text: str, dates: list[str]) -> None:
    assert [date.iso() for date, _ in find_dates(text)] == dates


def test_dates_give_their_offsets_in_text_order() -> None:
    text = "Since 2014, and on 1 May 2022, more came."
    assert [(d.iso(), text[i : i + 4]) for d, i in find_dates(text)] == [
        ("2014", "2014"),
        ("2022-05-01", "1 Ma"),
    ]


def make(slug: str, text: str) -> Article:
    paragraph = Paragraph(1, text, 3, 3, 0)
    return Article(
        slug, f"{slug}.txt", slug.title(), sections=(Section(None, 3, "", 2, (paragraph,)),)
    )


def test_related_articles_only_above_the_minimum_similarity() -> None:
    buses = make(
        "buses", "Cities should fund buses; buses carry commuters and cut traffic in cities."
    )
    trams = make("trams", "Cities should fund trams; trams carry commuters and cut traffic too.")
    poems = make("poems", "Sonnets rhyme; poets count syllables and cities sometimes appear.")
    scores = related_articles([buses, trams, poems], {}, threshold=0.0)
    low = {r.slug: r.score for r in scores["poems"]}
    assert low and max(low.values()) < MIN_SIMILARITY  # shares a word, but little
    related = related_articles([buses, trams, poems], {})
    assert [r.slug for r in related["buses"]] == ["trams"]
    assert related["buses"][0].score >= MIN_SIMILARITY
    assert related["poems"] == ()


def test_only_stop_words_give_no_related_articles() -> None:
    assert related_articles([make("a", "The."), make("b", "And the.")], {}) == {"a": (), "b": ()}


def test_top_k_in_blocks_ranks_as_a_full_sort_would() -> None:
    """Similarities are computed a block of rows at a time and only the best candidates
    sorted (never an N×N matrix): the ranking, ties by title included, is that of sorting
    every pair."""
    import random

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    from explainer import related as related_stage

    rng = random.Random(7)
    words = ["bus", "rail", "tax", "school", "river", "bridge", "court", "farm"]
    texts = [" ".join(rng.choice(words) for _ in range(12)) for _ in range(300)]
    texts += texts[:20]  # exact duplicates: ties
    articles = [parse_article(f"Title {i:03d}\n\n{t}.", source="x.txt", slug=f"a{i}") for i, t in enumerate(texts)]
    old_chunk = related_stage._CHUNK
    related_stage._CHUNK = 7  # many blocks
    try:
        got = related_stage.related_articles(articles, {}, limit=3, threshold=0.1)
    finally:
        related_stage._CHUNK = old_chunk
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [" ".join(p.text for p in a.paragraphs) for a in articles]
    )
    scores = cosine_similarity(vectors)
    for i, article in enumerate(articles):
        expected = sorted(
            (j for j in range(len(articles)) if j != i and scores[i, j] >= 0.1),
            key=lambda j: (-round(float(scores[i, j]), 6), articles[j].title.lower()),
        )[:3]
        assert [r.slug for r in got[article.slug]] == [articles[j].slug for j in expected]
